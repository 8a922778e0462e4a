"""Everything workshops adds to the Wagtail admin, registered here: one "Workshops" menu
(participants, nominations, nomination calls, the approval queue, focal points, batches,
the import of nomination lists, the batch planner, sessions, registers and completion,
organisations, ranks), the batch actions, the office order pages of batches and events
(an "Office order" button on event pages) and the
organisers' panel on the admin home. The views live in ``workshops.admin``. Shown to
organisers (model permissions of the Organisers group).
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from lms.admin_originals import OriginalPagesFormMixin
from lms.translation import default_language
from workshops.admin import calls as admin_calls
from workshops.admin import dashboard as admin_dashboard
from workshops.admin import office_orders as admin_office_orders
from workshops.admin import sessions as admin_sessions
from workshops.admin import views as admin_views
from workshops.models import Batch, EventPage, Nomination, Organisation, Participant, Rank


def _permission_menu_item(codename: str):
    """A menu item class shown only to users holding workshops.<codename>."""

    def is_shown(self, request):
        return request.user.has_perm(f"workshops.{codename}")

    return type(f"{codename.title()}MenuItem", (MenuItem,), {"is_shown": is_shown})


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "site"
    index_view_class = admin_views.OrganisationIndexView
    list_display = ["name", "name_bn", "kind", "parent", "country"]
    list_filter = ["kind", "country"]
    list_export = ["name", "name_bn", "kind", "parent.name", "country"]
    export_headings = {"parent.name": _("Parent ministry")}
    search_fields = ["name", "name_bn"]
    form_fields = ["name", "name_bn", "kind", "parent", "country"]
    copy_view_enabled = False
    export_filename = "organisations"


class RankViewSet(ModelViewSet):
    model = Rank
    icon = "list-ol"
    index_view_class = admin_views.SafeIndexView
    list_display = ["name", "name_bn", "order", "audience_band"]
    list_filter = ["audience_band"]
    list_export = ["name", "name_bn", "order", "audience_band"]
    search_fields = ["name", "name_bn"]
    form_fields = ["name", "name_bn", "order", "audience_band"]
    copy_view_enabled = False
    export_filename = "ranks"


class ParticipantViewSet(ModelViewSet):
    model = Participant
    icon = "user"
    index_view_class = admin_views.ParticipantIndexView
    list_display = ["name", "name_bn", "organisation", "rank", "email", "mobile"]
    list_filter = ["gender", "rank", "organisation", "preferred_language"]
    list_export = [
        "name",
        "name_bn",
        "gender",
        "rank.name",
        "designation",
        "organisation.name",
        "email",
        "mobile",
        "employee_id",
        "preferred_language",
    ]
    export_headings = {"rank.name": _("Rank"), "organisation.name": _("Organisation")}
    search_fields = ["name", "name_bn", "email", "mobile", "employee_id", "designation"]
    form_fields = [
        "name",
        "name_bn",
        "gender",
        "rank",
        "designation",
        "organisation",
        "email",
        "mobile",
        "employee_id",
        "preferred_language",
        "user",
    ]
    copy_view_enabled = False
    export_filename = "participants"

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type("ParticipantForm", (admin_views.ParticipantFormMixin, form_class), {})


def _seats(batch) -> str:
    return f"{batch.confirmed_count} / {batch.capacity}"


class BatchViewSet(ModelViewSet):
    model = Batch
    icon = "group"
    index_view_class = admin_views.BatchIndexView
    add_view_class = admin_views.BatchCreateView
    edit_view_class = admin_views.BatchEditView
    inspect_view_enabled = True
    inspect_view_class = admin_views.BatchInspectView
    inspect_view_fields = [
        "event",
        "number",
        "start_date",
        "end_date",
        "venue",
        "capacity",
        "status",
    ]
    list_display = [
        "__str__",
        "start_date",
        "end_date",
        "venue",
        Column("seats", label=_("Confirmed / capacity"), accessor=_seats),
        Column("waitlisted_count", label=_("Wait-list")),
        "status",
    ]
    list_filter = ["status", "event"]
    list_export = [
        "event.title",
        "number",
        "start_date",
        "end_date",
        "venue",
        "capacity",
        "confirmed_count",
        "waitlisted_count",
        "status",
    ]
    export_headings = {
        "event.title": _("Event"),
        "confirmed_count": _("Confirmed"),
        "waitlisted_count": _("Wait-listed"),
    }
    search_fields = ["event__title", "venue"]
    form_fields = ["event", "number", "start_date", "end_date", "venue", "capacity", "status"]
    copy_view_enabled = False
    export_filename = "batches"

    def get_form_class(self, for_update=False):
        # The event is chosen among originals (newest first), never a translation.
        form_class = super().get_form_class(for_update)
        return type(
            "BatchForm",
            (OriginalPagesFormMixin, form_class),
            {"original_page_ordering": {"event": "-start_date"}},
        )


class NominationViewSet(ModelViewSet):
    model = Nomination
    icon = "tick-inverse"
    index_view_class = admin_views.NominationIndexView
    add_view_class = admin_views.NominationCreateView
    edit_view_class = admin_views.NominationEditView
    inspect_view_enabled = True
    inspect_view_class = admin_views.NominationInspectView
    inspect_view_fields = [
        "participant",
        "batch",
        "status",
        "waitlist_position",
        "nominated_by",
        "call",
        "decline_reason",
        "substitute_for",
        "joined_at",
    ]
    list_display = [
        "participant",
        "batch",
        "status",
        "waitlist_position",
        "nominated_by",
        "updated_at",
    ]
    filterset_class = admin_views.NominationFilterSet
    list_export = [
        "participant.name",
        "participant.email",
        "participant.mobile",
        "participant.organisation.name",
        "batch.event.title",
        "batch.number",
        "status",
        "waitlist_position",
        "updated_at",
    ]
    export_headings = {
        "participant.name": _("Participant"),
        "participant.email": _("E-mail"),
        "participant.mobile": _("Mobile"),
        "participant.organisation.name": _("Organisation"),
        "batch.event.title": _("Event"),
        "batch.number": _("Batch"),
    }
    search_fields = ["participant__name", "participant__email", "participant__mobile"]
    form_fields = ["batch", "participant", "nominated_by"]
    copy_view_enabled = False
    export_filename = "nominations"


class ImportViewSet(ViewSet):
    """Upload a nomination list, see the preview, confirm; download error rows."""

    name = "workshops_import"
    icon = "upload"
    menu_label = _("Import nominations")
    menu_item_class = _permission_menu_item("add_participant")

    def get_urlpatterns(self):
        return [
            path("", admin_views.import_upload, name="upload"),
            path("preview/", admin_views.import_preview, name="preview"),
            path("discard/", admin_views.import_discard, name="discard"),
            path("errors.xlsx", admin_views.import_errors, name="errors"),
            path("template.xlsx", admin_views.import_template, name="template"),
        ]


class PlannerViewSet(ViewSet):
    """Split an event's nominees into batches: preview, then apply."""

    name = "workshops_planner"
    icon = "table"
    menu_label = _("Plan batches")
    menu_item_class = _permission_menu_item("change_batch")

    def get_urlpatterns(self):
        return [path("", admin_views.plan_batches_view, name="plan")]


workshops_menu_items: list = [
    ParticipantViewSet("workshops_participant", url_prefix="workshops/participants"),
    NominationViewSet("workshops_nomination", url_prefix="workshops/nominations"),
    admin_calls.NominationCallViewSet("workshops_call", url_prefix="workshops/calls"),
    admin_calls.ApprovalQueueViewSet("workshops_approvals", url_prefix="workshops/approvals"),
    admin_calls.FocalPointViewSet("workshops_focalpoint", url_prefix="workshops/focal-points"),
    BatchViewSet("workshops_batch", url_prefix="workshops/batches"),
    ImportViewSet("workshops_import", url_prefix="workshops/import"),
    PlannerViewSet("workshops_planner", url_prefix="workshops/plan"),
    admin_sessions.SessionViewSet("sessions"),
    admin_sessions.RegistersViewSet(),
    OrganisationViewSet("workshops_organisation", url_prefix="workshops/organisations"),
    RankViewSet("workshops_rank", url_prefix="workshops/ranks"),
]


class WorkshopsGroup(ViewSetGroup):
    menu_label = _("Workshops")
    menu_icon = "group"
    menu_order = 200
    items = workshops_menu_items


@hooks.register("register_admin_viewset")
def register_workshops_viewsets():
    return WorkshopsGroup()


@hooks.register("register_admin_urls")
def register_batch_actions():
    return [
        path(
            "workshops/batches/<int:pk>/confirm-all/",
            admin_views.batch_confirm_all,
            name="workshops_batch_confirm_all",
        ),
        path("workshops/batches/<int:pk>/act/", admin_views.batch_act, name="workshops_batch_act"),
        path(
            "workshops/batches/<int:pk>/message/",
            admin_views.batch_message,
            name="workshops_batch_message",
        ),
        path(
            "workshops/batches/<int:pk>/office-order/",
            admin_office_orders.batch_office_order,
            name="workshops_batch_office_order",
        ),
        path(
            "workshops/events/<int:pk>/office-order/",
            admin_office_orders.event_office_order,
            name="workshops_event_office_order",
        ),
    ]


def _office_order_button(page, user, priority: int):
    """ "Office order" on an event page (its original: batches hang off that one)."""
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, EventPage):
        return
    if page.locale.language_code != default_language():
        return
    if not user.has_perm("workshops.add_officeorder"):
        return
    yield Button(
        _("Office order"),
        reverse("workshops_event_office_order", args=[page.pk]),
        icon_name="doc-full",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def event_office_order_header_button(page, user, view_name, next_url=None):
    yield from _office_order_button(page, user, priority=80)


@hooks.register("register_page_listing_more_buttons")
def event_office_order_listing_button(page, user, next_url=None):
    yield from _office_order_button(page, user, priority=80)


# The organisers' panel on the admin home (figures of this month).
hooks.register("construct_homepage_panels", admin_dashboard.add_dashboard_panel)
