"""Admin for courses: quizzes as snippets; enrolments, attempts, evaluations and trainer
certifications as operational data (search, filters, export)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses import selectors
from courses.models import Enrolment, FeedbackResponse, Quiz, QuizAttempt, TrainerCertification
from lms.admin_listing import ListingIndexView
from lms.admin_originals import OriginalPagesFilterSet, OriginalPagesFormMixin
from lms.admin_records import RecordViewSetMixin, records_register
from lms.admin_scope import ScopedReadPolicy, ScopedViewSetMixin
from lms.permissions import is_trainer


class OriginalsIndexView(ListingIndexView):
    base_filterset_class = OriginalPagesFilterSet  # course and event filters: originals only


class OriginalsViewSet(ModelViewSet):
    """A listing and form whose course or event choices list originals only."""

    index_view_class = OriginalsIndexView

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type(f"{self.model.__name__}Form", (OriginalPagesFormMixin, form_class), {})


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "list-ul"
    menu_label = _("Quizzes")
    list_display = ["title", "kind", "pass_percent", "max_attempts"]
    list_filter = ["kind"]
    search_fields = ["title"]


class EnrolmentViewSet(OriginalsViewSet):
    model = Enrolment
    icon = "user"
    menu_label = _("Enrolments")
    list_display = ["participant", "course", "batch", "enrolled_at", "completed_at"]
    list_filter = ["course", "completed_at"]
    search_fields = ["participant__name", "participant__email"]
    list_export = ["participant", "course", "batch", "enrolled_at", "completed_at"]
    form_fields = ["course", "participant", "batch"]
    inspect_view_enabled = True


class QuizAttemptViewSet(RecordViewSetMixin, ModelViewSet):
    """Attempts as the trainee submitted them and the server scored them: read, never
    edited here."""

    index_view_class = ListingIndexView
    model = QuizAttempt
    icon = "tasks"
    menu_label = _("Quiz attempts")
    list_display = ["participant", "quiz", "number", "submitted_at", "score_percent", "passed"]
    list_filter = ["quiz", "passed"]
    search_fields = ["participant__name"]
    list_export = [
        "participant",
        "quiz",
        "number",
        "started_at",
        "submitted_at",
        "score_percent",
        "passed",
    ]
    form_fields = ["quiz"]  # required by ModelViewSet; RecordPolicy refuses the form


class FeedbackResponseViewSet(RecordViewSetMixin, OriginalsViewSet):
    """Evaluations as the trainees gave them: read and exported, never edited here."""

    model = FeedbackResponse
    icon = "comment"
    menu_label = _("Evaluations")
    list_display = ["batch", "submitted_on", "what_worked", "to_improve"]
    list_filter = ["batch__event"]
    list_export = ["batch", "submitted_on", "what_worked", "to_improve"]
    form_fields = ["batch"]  # required by ModelViewSet; RecordPolicy refuses the form


class TrainerCertificationViewSet(ScopedViewSetMixin, OriginalsViewSet):
    """A trainer sees their own certification here; organisers every one."""

    visible_to = staticmethod(selectors.trainer_certifications_visible_to)
    model = TrainerCertification
    icon = "tick-inverse"
    menu_label = _("Trainer certifications")
    list_display = ["participant", "course", "valid_from", "valid_until", "is_current"]
    list_filter = ["course", "is_current"]
    search_fields = ["participant__name", "participant__email"]
    list_export = ["participant", "course", "valid_from", "valid_until", "is_current"]
    form_fields = ["participant", "course", "valid_from", "valid_until"]
    inspect_view_enabled = True


records_register(QuizAttempt, FeedbackResponse)

# A trainer reads their own certification here without the model permission.
register_permission_policy(
    TrainerCertification, ScopedReadPolicy(TrainerCertification, readers=is_trainer)
)


class CoursesGroup(ViewSetGroup):
    menu_label = _("Learning")
    menu_icon = "folder-open-inverse"
    menu_order = 310
    items = [
        EnrolmentViewSet("enrolments"),
        QuizAttemptViewSet("quiz_attempts"),
        FeedbackResponseViewSet("evaluations"),
        TrainerCertificationViewSet("trainer_certifications"),
    ]


register_snippet(QuizViewSet)


@hooks.register("register_admin_viewset")
def register_courses_viewsets():
    return CoursesGroup()
