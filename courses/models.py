"""E-learning: course, module and lesson pages; quizzes; enrolment, progress and attempts;
end-of-batch evaluation; trainer certifications earned through training-of-trainers courses.

Pages hold the editorial content; everything a participant does is a plain model.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.blocks import LessonBodyBlock, QuizChoiceBlock
from lms.translation import bilingual

# --- Quizzes -----------------------------------------------------------------------------


class Quiz(ClusterableModel):
    """A pre-test, post-test or module quiz: questions, a pass mark and limited attempts.

    Scores are computed on the server from the stored choices; pages never carry them.
    Quizzes are shared by a course and its translations, so the texts a trainee reads have a
    Bangla version next to the English one (`*_bn`, blank = the English one is shown).
    """

    class Kind(models.TextChoices):
        PRE_TEST = "pre", _("Pre-test")
        POST_TEST = "post", _("Post-test")
        MODULE = "module", _("Module quiz")

    title = models.CharField(max_length=255, verbose_name=_("title"))
    title_bn = models.CharField(max_length=255, blank=True, verbose_name=_("title in Bangla"))
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    instructions = models.TextField(blank=True, verbose_name=_("instructions"))
    instructions_bn = models.TextField(blank=True, verbose_name=_("instructions in Bangla"))
    pass_percent = models.PositiveSmallIntegerField(
        default=70,
        validators=[MaxValueValidator(100)],
        verbose_name=_("pass mark (%)"),
    )
    max_attempts = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        verbose_name=_("attempts allowed"),
        help_text=_("Leave empty for unlimited attempts."),
    )
    shuffle = models.BooleanField(
        default=True,
        verbose_name=_("shuffle questions and choices"),
        help_text=_("The order is fixed per attempt, so a reload does not reshuffle."),
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("title_bn")]),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("instructions"), FieldPanel("instructions_bn")]),
        FieldRowPanel(
            [FieldPanel("pass_percent"), FieldPanel("max_attempts"), FieldPanel("shuffle")]
        ),
        InlinePanel("questions", label=_("Questions"), min_num=1),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_percent__lte=100), name="quiz_pass_percent_max"
            ),
            models.CheckConstraint(
                condition=Q(max_attempts__isnull=True) | Q(max_attempts__gte=1),
                name="quiz_max_attempts_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    @property
    def local_title(self) -> str:
        """The title in the active language (Bangla where filled in)."""
        return bilingual(self.title, self.title_bn)

    @property
    def local_instructions(self) -> str:
        return bilingual(self.instructions, self.instructions_bn)


class Question(Orderable):
    """A question of a quiz with its choices. Single choice: exactly one correct choice."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single correct choice")
        MULTIPLE = "multiple", _("Several correct choices")

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(verbose_name=_("question"))
    text_bn = models.TextField(blank=True, verbose_name=_("question in Bangla"))
    kind = models.CharField(
        max_length=10, choices=Kind.choices, default=Kind.SINGLE, verbose_name=_("kind")
    )
    choices = StreamField(
        [("choice", QuizChoiceBlock())], verbose_name=_("choices"), use_json_field=True
    )

    panels = [
        FieldRowPanel([FieldPanel("text"), FieldPanel("text_bn")]),
        FieldPanel("kind"),
        FieldPanel("choices"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def local_text(self) -> str:
        """The question in the active language (Bangla where filled in)."""
        return bilingual(self.text, self.text_bn)

    def clean(self) -> None:
        """The rule quiz_create enforces (courses.scoring.question_refusal), for the admin."""
        from courses.errors import CourseError
        from courses.scoring import question_refusal

        choices = [(c.value.get("text") or "", bool(c.value.get("correct"))) for c in self.choices]
        refusal = question_refusal(kind=self.kind, choices=choices)
        if refusal is not None:
            raise ValidationError({"choices": CourseError(refusal).message})


# --- Pages -------------------------------------------------------------------------------


class CourseIndexPage(Page):
    """The course catalogue: lists the live courses below it."""

    # What readers call it (search results), where the admin says its verbose_name.
    reader_label = _("E-learning")

    intro = RichTextField(blank=True, verbose_name=_("introduction"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = (
            CoursePage.objects.live().child_of(self).prefetch_related("audience").order_by("path")
        )
        return context


class CoursePage(Page):
    """An e-learning course: modules of lessons, a pre-test and a post-test.

    A training-of-trainers course certifies its graduates as trainers when they also attend
    a batch of the ToT event it prepares for.
    """

    # What readers call it (search results), where the admin says its verbose_name.
    reader_label = _("Course")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular course")
        TOT = "tot", _("Training of trainers")

    kind = models.CharField(
        max_length=10, choices=Kind.choices, default=Kind.REGULAR, verbose_name=_("kind")
    )
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    intro = RichTextField(blank=True, verbose_name=_("introduction"))
    audience = ParentalManyToManyField(
        "workshops.Rank", blank=True, verbose_name=_("audience (ranks)")
    )
    estimated_hours = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0)],
        verbose_name=_("estimated hours"),
    )
    event = models.ForeignKey(
        "workshops.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
        verbose_name=_("prepares for event"),
        help_text=_("Pre-work for this event: to be done before its batch starts."),
    )
    pre_test = models.ForeignKey(
        Quiz,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Quiz.Kind.PRE_TEST},
        verbose_name=_("pre-test"),
    )
    post_test = models.ForeignKey(
        Quiz,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Quiz.Kind.POST_TEST},
        verbose_name=_("post-test"),
    )
    certification_years = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1)],
        verbose_name=_("trainer certification valid for (years)"),
        help_text=_("Training-of-trainers courses only."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("audience"),
                FieldPanel("estimated_hours"),
                FieldPanel("event"),
                FieldPanel("certification_years"),
            ],
            heading=_("Audience and purpose"),
        ),
        MultiFieldPanel([FieldPanel("pre_test"), FieldPanel("post_test")], heading=_("Tests")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("intro"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course page")

    @property
    def is_tot(self) -> bool:
        return self.kind == self.Kind.TOT

    def lessons(self):
        """The live lessons of the course, in reading order."""
        return LessonPage.objects.live().descendant_of(self).order_by("path")

    def serve(self, request, *args, **kwargs):
        from courses.views import course_page_serve

        return course_page_serve(self, request)


class ModulePage(Page):
    """A module of a course: a group of lessons."""

    # What readers call it (search results), where the admin says its verbose_name.
    reader_label = _("Module")

    intro = RichTextField(blank=True, verbose_name=_("introduction"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = LessonPage.objects.live().child_of(self).order_by("path")
        context["course"] = CoursePage.objects.ancestor_of(self).first()
        return context


class LessonPage(Page):
    """A lesson: text, images, video, documents, call-outs and quizzes.

    Done when the participant marks it read, or when they pass its quiz if it has one.
    """

    # What readers call it (search results), where the admin says its verbose_name.
    reader_label = _("Lesson")

    body = StreamField(LessonBodyBlock(), blank=True, verbose_name=_("body"))
    estimated_minutes = models.PositiveSmallIntegerField(
        default=15, verbose_name=_("estimated minutes")
    )
    required = models.BooleanField(
        default=True,
        verbose_name=_("required"),
        help_text=_("Required lessons must be done to complete the course."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("required")]),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson page")

    def quiz_ids(self) -> list[int]:
        """Ids of the quizzes placed in the lesson body."""
        return [
            block.value["quiz"].pk
            for block in self.body
            if block.block_type == "quiz" and block.value["quiz"] is not None
        ]

    def serve(self, request, *args, **kwargs):
        from courses.views import lesson_page_serve

        return lesson_page_serve(self, request)


# --- Enrolment, progress, attempts -------------------------------------------------------


class Enrolment(models.Model):
    """A participant taking a course, possibly enrolled with their batch."""

    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("course")
    )
    participant = models.ForeignKey(
        "workshops.Participant",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("participant"),
    )
    batch = models.ForeignKey(
        "workshops.Batch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
        verbose_name=_("enrolled with batch"),
    )
    enrolled_at = models.DateTimeField(auto_now_add=True, verbose_name=_("enrolled at"))
    last_lesson = models.ForeignKey(
        LessonPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last lesson opened"),
    )
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed at"))

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "participant"], name="enrolment_once_per_course"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.course}"


class LessonProgress(models.Model):
    """A lesson done by an enrolled participant: read, or its quiz passed."""

    class Via(models.TextChoices):
        READ = "read", _("Marked as read")
        QUIZ = "quiz", _("Quiz passed")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lessons_done")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    via = models.CharField(max_length=10, choices=Via.choices, verbose_name=_("done by"))
    completed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("done at"))

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="lesson_done_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.lesson}"


class QuizAttempt(models.Model):
    """One attempt of a participant at a quiz; `seed` fixes its shuffled order.

    Open until submitted; then it holds the answers (choice ids per question id) and the
    score computed on the server.
    """

    quiz = models.ForeignKey(
        Quiz, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("quiz")
    )
    participant = models.ForeignKey(
        "workshops.Participant",
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("participant"),
    )
    number = models.PositiveSmallIntegerField(verbose_name=_("attempt number"))
    seed = models.PositiveIntegerField()
    started_at = models.DateTimeField(verbose_name=_("started at"))
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    answers = models.JSONField(default=dict, blank=True)
    correct = models.PositiveSmallIntegerField(default=0, verbose_name=_("correct answers"))
    total = models.PositiveSmallIntegerField(default=0, verbose_name=_("questions"))
    score_percent = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, verbose_name=_("score (%)")
    )
    passed = models.BooleanField(null=True, verbose_name=_("passed"))

    class Meta:
        ordering = ["quiz", "participant", "number"]
        default_permissions = ("view",)  # written by the services only (lms.admin_records)
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "participant", "number"], name="attempt_number_unique"
            ),
            # At most one open attempt per participant and quiz.
            models.UniqueConstraint(
                fields=["quiz", "participant"],
                condition=Q(submitted_at__isnull=True),
                name="attempt_one_open",
            ),
            models.CheckConstraint(
                condition=Q(score_percent__isnull=True)
                | Q(score_percent__gte=0, score_percent__lte=100),
                name="attempt_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.quiz} #{self.number}"


# --- Evaluation --------------------------------------------------------------------------


class FeedbackResponse(models.Model):
    """An end-of-batch evaluation, kept apart from who gave it.

    It holds no participant and only the date, so that what trainers and reports see cannot
    be traced to a respondent; `FeedbackSubmission` records that someone answered.
    """

    batch = models.ForeignKey(
        "workshops.Batch",
        on_delete=models.PROTECT,
        related_name="feedback_responses",
        verbose_name=_("batch"),
    )
    submitted_on = models.DateField(verbose_name=_("submitted on"))
    what_worked = models.TextField(blank=True, verbose_name=_("what worked"))
    to_improve = models.TextField(blank=True, verbose_name=_("what to improve"))

    class Meta:
        default_permissions = ("view",)  # written by the services only (lms.admin_records)
        verbose_name = _("feedback response")
        verbose_name_plural = _("feedback responses")

    def __str__(self) -> str:
        return _("Feedback on %(batch)s") % {"batch": self.batch}


def _rating_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name=name)


class SessionRating(models.Model):
    """A 1-5 rating of one session within an anonymous feedback response."""

    response = models.ForeignKey(
        FeedbackResponse, on_delete=models.CASCADE, related_name="session_ratings"
    )
    session = models.ForeignKey(
        "workshops.Session", on_delete=models.PROTECT, related_name="ratings"
    )
    rating = models.PositiveSmallIntegerField(verbose_name=_("rating"))

    class Meta:
        constraints = [
            _rating_check("session_rating_range"),
            models.UniqueConstraint(fields=["response", "session"], name="session_rated_once"),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.rating}"


class TrainerRating(models.Model):
    """A 1-5 rating of one trainer within an anonymous feedback response."""

    response = models.ForeignKey(
        FeedbackResponse, on_delete=models.CASCADE, related_name="trainer_ratings"
    )
    trainer = models.ForeignKey(
        "workshops.Participant", on_delete=models.PROTECT, related_name="trainer_ratings"
    )
    rating = models.PositiveSmallIntegerField(verbose_name=_("rating"))

    class Meta:
        constraints = [
            _rating_check("trainer_rating_range"),
            models.UniqueConstraint(fields=["response", "trainer"], name="trainer_rated_once"),
        ]

    def __str__(self) -> str:
        return f"{self.trainer}: {self.rating}"


class FeedbackSubmission(models.Model):
    """That a participant has answered a batch's evaluation (not what they answered)."""

    batch = models.ForeignKey(
        "workshops.Batch", on_delete=models.PROTECT, related_name="feedback_submissions"
    )
    participant = models.ForeignKey(
        "workshops.Participant", on_delete=models.CASCADE, related_name="feedback_submissions"
    )
    submitted_on = models.DateField(verbose_name=_("submitted on"))

    class Meta:
        verbose_name = _("feedback submission")
        verbose_name_plural = _("feedback submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "participant"], name="feedback_once_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.batch}"


# --- Trainer certification ---------------------------------------------------------------


class TrainerCertification(models.Model):
    """A participant certified as trainer by a training-of-trainers course.

    Valid from `valid_from` to `valid_until` inclusive. One granted outside the platform (a
    ToT held before it) is recorded with the record it was copied from and who recorded it
    (`recorded_reason`, `recorded_by`); one the platform grants leaves them blank. Renewal
    makes a new current row and keeps the old one (no longer current) as history; one
    current row per participant and course.
    """

    participant = models.ForeignKey(
        "workshops.Participant",
        on_delete=models.PROTECT,
        related_name="trainer_certifications",
        verbose_name=_("participant"),
    )
    course = models.ForeignKey(
        CoursePage,
        on_delete=models.PROTECT,
        related_name="trainer_certifications",
        verbose_name=_("course"),
    )
    valid_from = models.DateField(verbose_name=_("valid from"))
    valid_until = models.DateField(verbose_name=_("valid until"))
    is_current = models.BooleanField(default=True, verbose_name=_("current"))
    renewal_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
        verbose_name=_("renewal of"),
    )
    recorded_reason = models.TextField(
        blank=True,
        verbose_name=_("recorded from"),
        help_text=_(
            "For a certification granted outside the platform: the record it was copied from."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["participant__name", "-valid_from"]
        verbose_name = _("trainer certification")
        verbose_name_plural = _("trainer certifications")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "course"],
                condition=Q(is_current=True),
                name="certification_one_current",
                violation_error_message=_("This participant already holds this certification."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="certification_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return _("%(participant)s, trainer (%(course)s) until %(until)s") % {
            "participant": self.participant,
            "course": self.course.title,
            "until": self.valid_until,
        }

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day <= self.valid_until
