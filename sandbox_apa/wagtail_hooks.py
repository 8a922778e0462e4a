"""The APA sandbox in the Wagtail admin: frameworks and scenarios (written by trainers),
practice APAs, review comments and peer review rounds (operational data)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from lms.admin_listing import ListingIndexView
from lms.admin_scope import ProtectedDeleteView, ScopedReadPolicy, ScopedViewSetMixin
from lms.permissions import is_trainer
from sandbox_apa import selectors
from sandbox_apa.models import Framework, PeerReviewRound, PracticeAPA, Scenario


class FrameworkViewSet(ModelViewSet):
    name = "apa_frameworks"
    model = Framework
    icon = "cogs"
    menu_label = _("Frameworks")
    delete_view_class = ProtectedDeleteView
    list_display = ["name", "code", "scoring_method", "mandatory_weight"]
    search_fields = ["name", "code"]


class ScenarioViewSet(ModelViewSet):
    name = "apa_scenarios"
    model = Scenario
    icon = "doc-full"
    menu_label = _("Scenarios")
    delete_view_class = ProtectedDeleteView
    list_display = ["title", "office", "fiscal_year", "framework", "is_active"]
    list_filter = ["framework", "is_active", "is_fictitious"]
    search_fields = ["title", "office"]


class PracticeAPAIndexView(ListingIndexView):
    def get_base_queryset(self):
        # the row's name (scenario, participant or trainee) and batch (event) in one query
        return (
            super()
            .get_base_queryset()
            .select_related("scenario", "participant", "trainee", "batch__event")
        )


class PracticeAPAViewSet(ScopedViewSetMixin, ModelViewSet):
    """Trainers see their batches' APAs here, as on the front end; organisers all."""

    visible_to = staticmethod(selectors.agreements_visible_to)
    name = "practice_apas"
    index_view_class = PracticeAPAIndexView
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
    copy_view_enabled = False  # started by its trainee (services.agreement_create)


class PeerReviewRoundViewSet(ScopedViewSetMixin, ModelViewSet):
    visible_to = staticmethod(selectors.peer_review_rounds_visible_to)
    name = "apa_peer_review_rounds"
    model = PeerReviewRound
    icon = "group"
    menu_label = _("Peer review rounds")
    list_display = ["batch", "opened_at", "is_open"]
    list_filter = ["is_open"]
    panels = [FieldPanel("is_open")]
    copy_view_enabled = False  # opened by a trainer of the batch (services.peer_round_open)


# Trainers read practice APAs and peer review rounds here without the model permission:
# the viewsets' selectors show them their batches' rows. Nobody adds one here: a trainee
# starts an APA and a trainer opens a round on the front end, through the services.
for _model in (PracticeAPA, PeerReviewRound):
    register_permission_policy(
        _model, ScopedReadPolicy(_model, readers=is_trainer, refused=("add",))
    )


class SandboxViewSetGroup(ViewSetGroup):
    menu_label = _("APA sandbox")
    menu_icon = "table"
    items = (ScenarioViewSet, FrameworkViewSet, PracticeAPAViewSet, PeerReviewRoundViewSet)


@hooks.register("register_admin_viewset")
def register_viewset():
    return SandboxViewSetGroup()
