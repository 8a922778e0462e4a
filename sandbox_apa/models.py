"""Practice Annual Performance Agreements.

Frameworks (the APA formats over the years) and scenarios (an office with its facts) are
written by trainers in the Wagtail admin. A trainee drafts a PracticeAPA for a scenario:
strategic objectives -> activities -> indicators with targets at five levels (section 3 of a
real APA); a trainer reviews it; the trainee then reports quarterly achievements and sees the
score. Peer review rounds let trainees of a batch review two colleagues' APAs anonymously.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from sandbox_apa import scoring
from sandbox_apa.blocks import ActualBlock, MandatoryObjectiveBlock
from sandbox_apa.choices import CalculationMethod, Direction

WEIGHT = {"max_digits": 5, "decimal_places": 2}
VALUE_LENGTH = 30


class Framework(models.Model):
    """An APA format with its rules: levels, scoring method, grade bands, mandatory block."""

    class ScoringMethod(models.TextChoices):
        INTERPOLATE = "interpolate", _("Interpolate between filled targets")
        STEP = "step", _("Take the lower level (step)")

    code = models.SlugField(max_length=30, unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=100, verbose_name=_("name"))
    description = models.TextField(blank=True, verbose_name=_("structure"))
    level_percentages = models.JSONField(
        default=list,
        verbose_name=_("level percentages"),
        help_text=_("Five numbers, Excellent to Poor, e.g. [100, 90, 80, 70, 60]."),
    )
    scoring_method = models.CharField(
        max_length=20,
        choices=ScoringMethod.choices,
        default=ScoringMethod.INTERPOLATE,
        verbose_name=_("scoring"),
    )
    grade_bands = models.JSONField(
        default=list,
        blank=True,
        verbose_name=_("grade bands"),
        help_text=_('Minimum total and label, e.g. [[96, "Excellent"], [86, "Very Good"]].'),
    )
    mandatory_weight = models.DecimalField(
        default=Decimal(0), verbose_name=_("weight of the mandatory objectives"), **WEIGHT
    )
    mandatory_area_weights = models.JSONField(
        default=list,
        blank=True,
        verbose_name=_("weights of the governance areas"),
        help_text=_("e.g. [10, 4, 3, 10, 3]; empty when the areas are free."),
    )
    uses_calculation_methods = models.BooleanField(
        default=False, verbose_name=_("calculation method per indicator")
    )
    fair_is_last_year = models.BooleanField(
        default=False, verbose_name=_("the 70% target is last year's actual")
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("level_percentages"),
                FieldPanel("scoring_method"),
                FieldPanel("grade_bands"),
            ],
            heading=_("Scoring"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("mandatory_weight"),
                FieldPanel("mandatory_area_weights"),
                FieldPanel("uses_calculation_methods"),
                FieldPanel("fair_is_last_year"),
            ],
            heading=_("Rules"),
        ),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("APA framework")
        verbose_name_plural = _("APA frameworks")
        constraints = [
            models.CheckConstraint(
                condition=Q(mandatory_weight__gte=0, mandatory_weight__lte=100),
                name="framework_mandatory_weight_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(self.level_percentages or scoring.LEVELS)

    @property
    def bands(self) -> list[tuple[Decimal, str]]:
        return [(Decimal(str(minimum)), label) for minimum, label in self.grade_bands or []]


class Scenario(index.Indexed, models.Model):
    """A training case: an office (real-based or fictitious), its facts, the previous years'
    actual achievements, the Cabinet Division's mandatory objectives and the instructions.
    """

    title = models.CharField(max_length=200, verbose_name=_("title"))
    slug = models.SlugField(max_length=80, unique=True, verbose_name=_("slug"))
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="scenarios", verbose_name=_("framework")
    )
    office = models.CharField(max_length=200, verbose_name=_("office"))
    is_fictitious = models.BooleanField(default=False, verbose_name=_("fictitious office"))
    fiscal_year = models.CharField(
        max_length=9, verbose_name=_("fiscal year"), help_text=_("e.g. 2019-20")
    )
    facts = models.TextField(blank=True, verbose_name=_("facts about the office"))
    instructions = models.TextField(blank=True, verbose_name=_("instructions to trainees"))
    previous_actuals = StreamField(
        [("actual", ActualBlock())], blank=True, verbose_name=_("previous years' actuals")
    )
    mandatory_objectives = StreamField(
        [("objective", MandatoryObjectiveBlock())],
        blank=True,
        verbose_name=_("mandatory objectives (pre-filled)"),
    )
    is_active = models.BooleanField(default=True, verbose_name=_("offered to trainees"))

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("fiscal_year"), FieldPanel("framework")]),
        FieldRowPanel([FieldPanel("office"), FieldPanel("is_fictitious")]),
        FieldPanel("facts"),
        FieldPanel("instructions"),
        FieldPanel("previous_actuals"),
        FieldPanel("mandatory_objectives"),
        FieldPanel("is_active"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("office")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("APA scenario")
        verbose_name_plural = _("APA scenarios")

    def __str__(self) -> str:
        return self.title


class PracticeAPA(models.Model):
    """A trainee's practice APA for a scenario, from draft to evaluation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")
        ACCEPTED = "accepted", _("Accepted")
        EVALUATED = "evaluated", _("Evaluated")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    scenario = models.ForeignKey(
        Scenario, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("scenario")
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="practice_apas",
        verbose_name=_("trainee"),
    )
    participant = models.ForeignKey(
        "workshops.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_apas",
        verbose_name=_("participant"),
    )
    batch = models.ForeignKey(
        "workshops.Batch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_apas",
        verbose_name=_("batch"),
    )
    vision = models.TextField(blank=True, verbose_name=_("vision"))
    mission = models.TextField(blank=True, verbose_name=_("mission"))
    functions = models.TextField(blank=True, verbose_name=_("functions"))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reviewed at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    evaluated_at = models.DateTimeField(null=True, blank=True, verbose_name=_("evaluated at"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("practice APA")
        verbose_name_plural = _("practice APAs")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft"]) | Q(submitted_at__isnull=False),
                name="practice_apa_submitted_has_time",
            )
        ]

    def __str__(self) -> str:
        name = self.participant.name if self.participant_id else self.trainee.get_full_name()
        return f"{self.scenario.office}: {name or self.trainee.email}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def takes_achievements(self) -> bool:
        return self.status in (self.Status.ACCEPTED, self.Status.EVALUATED)


class StrategicObjective(models.Model):
    """A strategic objective of an APA with its weight; mandatory ones come from the scenario."""

    agreement = models.ForeignKey(
        PracticeAPA, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("APA")
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))
    title = models.CharField(max_length=300, blank=True, verbose_name=_("objective"))
    weight = models.DecimalField(null=True, blank=True, verbose_name=_("weight"), **WEIGHT)
    is_mandatory = models.BooleanField(default=False, verbose_name=_("mandatory"))
    prescribed_weight = models.DecimalField(
        null=True, blank=True, verbose_name=_("prescribed weight"), **WEIGHT
    )
    governance_area = models.CharField(
        max_length=200, blank=True, verbose_name=_("governance area")
    )

    class Meta:
        ordering = ["agreement", "is_mandatory", "order", "pk"]
        verbose_name = _("strategic objective")
        verbose_name_plural = _("strategic objectives")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gte=0, weight__lte=100),
                name="objective_weight_range",
            )
        ]

    def __str__(self) -> str:
        return self.title or str(_("(untitled objective)"))


class Activity(models.Model):
    """An activity under a strategic objective."""

    objective = models.ForeignKey(
        StrategicObjective,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("objective"),
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))
    title = models.CharField(max_length=300, blank=True, verbose_name=_("activity"))

    class Meta:
        ordering = ["objective", "order", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title


TARGET_FIELDS = (
    "target_excellent",
    "target_very_good",
    "target_good",
    "target_fair",
    "target_poor",
)
VALUE_FIELDS = (
    "actual_year_before_last",
    "actual_last_year",
    *TARGET_FIELDS,
    "projection_next_year",
    "projection_year_after",
)


def _value_field(label):
    return models.CharField(max_length=VALUE_LENGTH, blank=True, verbose_name=label)


class Indicator(models.Model):
    """A performance indicator with its weight, previous actuals, targets and projections.

    Values are stored as text in a normal form (a plain decimal number, or an ISO date for
    date indicators) because one column holds numbers or dates by the indicator's direction;
    `value()` parses them for scoring.
    """

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("activity")
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))
    name = models.CharField(max_length=300, blank=True, verbose_name=_("indicator"))
    unit = models.CharField(max_length=50, blank=True, verbose_name=_("unit"))
    direction = models.CharField(
        max_length=10,
        choices=Direction.choices,
        default=Direction.HIGHER,
        verbose_name=_("direction"),
    )
    calculation_method = models.CharField(
        max_length=12,
        choices=CalculationMethod.choices,
        default=CalculationMethod.SUM,
        verbose_name=_("calculation method"),
    )
    weight = models.DecimalField(null=True, blank=True, verbose_name=_("weight"), **WEIGHT)
    actual_year_before_last = _value_field(_("actual, year before last"))
    actual_last_year = _value_field(_("actual, last year"))
    target_excellent = _value_field(_("Excellent (100%)"))
    target_very_good = _value_field(_("Very good (90%)"))
    target_good = _value_field(_("Good (80%)"))
    target_fair = _value_field(_("Fair (70%)"))
    target_poor = _value_field(_("Poor (60%)"))
    projection_next_year = _value_field(_("projection, next year"))
    projection_year_after = _value_field(_("projection, year after"))

    class Meta:
        ordering = ["activity", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gte=0, weight__lte=100),
                name="indicator_weight_range",
            ),
            models.CheckConstraint(
                condition=Q(direction__in=["higher", "lower", "date"]),
                name="indicator_direction_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(_("(unnamed indicator)"))

    def value(self, raw: str):
        """A stored value as a Decimal (or a date for date indicators); None when empty."""
        if not raw:
            return None
        if self.direction == Direction.DATE:
            return dt.date.fromisoformat(raw)
        return Decimal(raw)

    @property
    def targets(self) -> list:
        return [self.value(getattr(self, name)) for name in TARGET_FIELDS]

    def targets_safe(self) -> list:
        """The targets, with a value that does not parse left as its text (scored as bad)."""
        values = []
        for name in TARGET_FIELDS:
            try:
                values.append(self.value(getattr(self, name)))
            except (ValueError, ArithmeticError):
                values.append(getattr(self, name))
        return values


class QuarterlyAchievement(models.Model):
    """The achievement of an indicator reported for one quarter of the (simulated) year."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="achievements",
        verbose_name=_("indicator"),
    )
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)], verbose_name=_("quarter")
    )
    value = _value_field(_("achievement"))
    evidence = models.CharField(max_length=300, blank=True, verbose_name=_("evidence"))
    recorded_at = models.DateTimeField(auto_now=True, verbose_name=_("recorded at"))

    class Meta:
        ordering = ["indicator", "quarter"]
        verbose_name = _("quarterly achievement")
        verbose_name_plural = _("quarterly achievements")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "quarter"], name="achievement_once_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="achievement_quarter_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} Q{self.quarter}: {self.value}"


class ReviewComment(models.Model):
    """A trainer's comment on an APA, or on one of its objectives or indicators."""

    agreement = models.ForeignKey(
        PracticeAPA, on_delete=models.CASCADE, related_name="comments", verbose_name=_("APA")
    )
    objective = models.ForeignKey(
        StrategicObjective,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("objective"),
    )
    indicator = models.ForeignKey(
        Indicator,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("indicator"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(verbose_name=_("comment"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("written at"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return self.text[:60]


class PeerReviewRound(models.Model):
    """A round in which the trainees of a batch review two colleagues' submitted APAs."""

    batch = models.ForeignKey(
        "workshops.Batch",
        on_delete=models.CASCADE,
        related_name="peer_review_rounds",
        verbose_name=_("batch"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(auto_now_add=True, verbose_name=_("opened at"))
    is_open = models.BooleanField(default=True, verbose_name=_("open"))

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("peer review round")
        verbose_name_plural = _("peer review rounds")

    def __str__(self) -> str:
        return _("Peer review of %(batch)s") % {"batch": self.batch}


class PeerReview(models.Model):
    """One trainee's anonymous review of a colleague's APA, rated on a short rubric (1-5)."""

    RUBRIC = ("clarity", "measurability", "realism", "weights")

    round = models.ForeignKey(
        PeerReviewRound, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("round")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="peer_reviews_given",
        verbose_name=_("reviewer"),
    )
    agreement = models.ForeignKey(
        PracticeAPA,
        on_delete=models.CASCADE,
        related_name="peer_reviews",
        verbose_name=_("APA reviewed"),
    )
    clarity = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("clarity of objectives")
    )
    measurability = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("measurability of indicators")
    )
    realism = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("realism of targets")
    )
    weights = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("weights"))
    comments = models.TextField(blank=True, verbose_name=_("comments"))
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("peer review")
        verbose_name_plural = _("peer reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "reviewer", "agreement"], name="peer_review_once"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True)
                | Q(
                    clarity__range=(1, 5),
                    measurability__range=(1, 5),
                    realism__range=(1, 5),
                    weights__range=(1, 5),
                ),
                name="peer_review_rubric_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.agreement_id}"
