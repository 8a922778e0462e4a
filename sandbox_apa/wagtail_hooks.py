"""The APA sandbox in the Wagtail admin: frameworks and scenarios (written by trainers),
practice APAs, review comments and peer review rounds (operational data)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from lms.admin_listing import ListingIndexView
from sandbox_apa.models import Framework, PeerReviewRound, PracticeAPA, Scenario


class FrameworkViewSet(ModelViewSet):
    name = "apa_frameworks"
    model = Framework
    icon = "cogs"
    menu_label = _("Frameworks")
    list_display = ["name", "code", "scoring_method", "mandatory_weight"]
    search_fields = ["name", "code"]


class ScenarioViewSet(ModelViewSet):
    name = "apa_scenarios"
    model = Scenario
    icon = "doc-full"
    menu_label = _("Scenarios")
    list_display = ["title", "office", "fiscal_year", "framework", "is_active"]
    list_filter = ["framework", "is_active", "is_fictitious"]
    search_fields = ["title", "office"]


class PracticeAPAViewSet(ModelViewSet):
    index_view_class = ListingIndexView
    name = "practice_apas"
    model = PracticeAPA
    icon = "form"
    menu_label = _("Practice APAs")
    list_display = ["__str__", "scenario", "batch", "status", "updated_at"]
    list_filter = ["status", "scenario"]
    search_fields = ["trainee__email", "participant__name"]
    list_export = ["trainee", "participant", "scenario", "batch", "status", "submitted_at"]
    # Status changes go through the services (submit, review); here only the batch is moved.
    panels = [FieldPanel("batch")]
    inspect_view_enabled = True


class PeerReviewRoundViewSet(ModelViewSet):
    name = "apa_peer_review_rounds"
    model = PeerReviewRound
    icon = "group"
    menu_label = _("Peer review rounds")
    list_display = ["batch", "opened_at", "is_open"]
    list_filter = ["is_open"]
    panels = [FieldPanel("is_open")]


class SandboxViewSetGroup(ViewSetGroup):
    menu_label = _("APA sandbox")
    menu_icon = "table"
    items = (ScenarioViewSet, FrameworkViewSet, PracticeAPAViewSet, PeerReviewRoundViewSet)


@hooks.register("register_admin_viewset")
def register_viewset():
    return SandboxViewSetGroup()
