"""Programmes and events (Wagtail pages) and the reference data they use.

Batches, sessions, participants, nominations and attendance are plain models linked to an
event page with on_delete=PROTECT.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from lms.blocks import BodyBlock
from lms.formatting import localise_numbers
from lms.translation import bilingual


class LocalName:
    """For a model with `name` and `name_bn`: `local_name` is the name in the script of the
    active language (Bangla where known)."""

    @property
    def local_name(self) -> str:
        return bilingual(self.name, self.name_bn)


class Rank(LocalName, models.Model):
    """A civil-service rank; `order` is seniority (1 = most senior)."""

    class Band(models.TextChoices):
        SENIOR = "senior", _("Senior")
        MID = "mid", _("Mid-level")

    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    name_bn = models.CharField(max_length=100, blank=True, verbose_name=_("name in Bangla"))
    order = models.PositiveSmallIntegerField(verbose_name=_("seniority"))
    audience_band = models.CharField(
        max_length=10, choices=Band.choices, verbose_name=_("audience band")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")

    def __str__(self) -> str:
        return self.name


class Organisation(LocalName, models.Model):
    """A ministry, division, commission or office, optionally under a parent ministry."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DIVISION = "division", _("Division")
        COMMISSION = "commission", _("Commission")
        OFFICE = "office", _("Office")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    name_bn = models.CharField(max_length=200, blank=True, verbose_name=_("name in Bangla"))
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.OFFICE, verbose_name=_("kind")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent ministry"),
    )
    country = models.CharField(max_length=100, default="Bangladesh", verbose_name=_("country"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class ProgrammePage(Page):
    """A programme such as CoP Phase I: a period of work that holds events."""

    summary = models.TextField(blank=True, verbose_name=_("summary"))
    start_date = models.DateField(verbose_name=_("start date"))
    end_date = models.DateField(null=True, blank=True, verbose_name=_("end date"))
    funder = models.CharField(max_length=200, blank=True, verbose_name=_("funder and partners"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("funder"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["workshops.EventPage"]

    class Meta:
        verbose_name = _("programme page")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="programme_end_after_start",
            )
        ]

    @property
    def events(self):
        """Its live events by date, with their audience ranks (two queries in all)."""
        return (
            EventPage.objects.child_of(self)
            .live()
            .defer_streamfields()
            .order_by("start_date", "path")
            .prefetch_related("audience")
        )


class AgendaItemBlock(blocks.StructBlock):
    day = blocks.IntegerBlock(min_value=1, default=1, label=_("Day"))
    start = blocks.TimeBlock(required=False, label=_("Start"))
    end = blocks.TimeBlock(required=False, label=_("End"))
    title = blocks.CharBlock(label=_("Topic"))
    speaker = blocks.CharBlock(required=False, label=_("Speaker or trainer"))

    class Meta:
        icon = "time"
        label = _("Agenda item")
        template = "blocks/agenda_item_block.html"


class EventPage(Page):
    """A workshop, seminar, training, training of trainers or study within a programme.

    Holds the public description, agenda and documents, and the rules that batches follow:
    the planned number of participants, the completion rule and the certificate kind.
    """

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        SEMINAR = "seminar", _("Seminar")
        TRAINING = "training", _("Training")
        TOT = "tot", _("Training of trainers")
        STUDY = "study", _("Study")

    class CertificateKind(models.TextChoices):
        NONE = "", _("No certificate")
        ATTENDANCE = "attendance", _("Attendance")
        COMPLETION = "completion", _("Completion")
        TRAINER = "trainer", _("Trainer")

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    start_date = models.DateField(verbose_name=_("start date"))
    end_date = models.DateField(verbose_name=_("end date"))
    venue = models.CharField(max_length=255, blank=True, verbose_name=_("venue"))
    audience = ParentalManyToManyField(Rank, blank=True, verbose_name=_("audience (ranks)"))
    audience_description = models.CharField(
        max_length=255, blank=True, verbose_name=_("audience description")
    )
    planned_participants = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("planned participants")
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        verbose_name=_("minimum attendance %"),
        help_text=_("Share of sessions a participant must attend to complete the event."),
    )
    requires_post_test = models.BooleanField(
        default=False, verbose_name=_("requires a passed post-test or course")
    )
    certificate_kind = models.CharField(
        max_length=20,
        choices=CertificateKind.choices,
        blank=True,
        default=CertificateKind.ATTENDANCE,
        verbose_name=_("certificate"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    agenda = StreamField([("item", AgendaItemBlock())], blank=True, verbose_name=_("agenda"))

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("venue"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("audience_description"),
                FieldPanel("planned_participants"),
            ],
            heading=_("Audience"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("min_attendance_percent"),
                FieldPanel("requires_post_test"),
                FieldPanel("certificate_kind"),
            ],
            heading=_("Completion and certificate"),
        ),
        FieldPanel("body"),
        FieldPanel("agenda"),
        InlinePanel("documents", label=_("Documents")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("venue"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("start_date"),
    ]
    parent_page_types = ["workshops.ProgrammePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event page")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="event_end_after_start"
            )
        ]

    def get_context(self, request, *args, **kwargs):
        from workshops.selectors import event_batches

        context = super().get_context(request, *args, **kwargs)
        context["batches"] = event_batches(self)
        return context

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def agenda_days(self) -> list[tuple[int, list]]:
        """The agenda grouped by day, in order: [(1, [item, ...]), (2, [...])]."""
        days: dict[int, list] = {}
        for block in self.agenda:
            days.setdefault(block.value["day"] or 1, []).append(block.value)
        for items in days.values():
            items.sort(key=lambda item: (item["start"] is None, item["start"] or 0))
        return sorted(days.items())

    @property
    def document_list(self) -> list["EventDocument"]:
        """Its documents in order, each with its file (one query)."""
        return list(self.documents.select_related("document").order_by("sort_order"))


class EventDocument(Orderable):
    """A document attached to an event: concept note, slides, report."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )
    title = models.CharField(max_length=255, blank=True, verbose_name=_("title"))

    panels = [FieldPanel("document"), FieldPanel("title")]

    def __str__(self) -> str:
        return self.title or self.document.title


class Participant(LocalName, models.Model):
    """A government officer who takes part in events. One person is one participant.

    Identity is the e-mail (case-insensitive), else the employee ID, else the mobile;
    mobiles are stored normalised as +8801XXXXXXXXX. `preferred_language` is the language of
    the e-mails they get: set by an organiser or an import, and by the person's own choice of
    language when they sign in.
    """

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNDISCLOSED = "", _("Not stated")

    name = models.CharField(max_length=200, verbose_name=_("name"))
    name_bn = models.CharField(max_length=200, blank=True, verbose_name=_("name in Bangla"))
    gender = models.CharField(
        max_length=10, choices=Gender.choices, blank=True, verbose_name=_("gender")
    )
    rank = models.ForeignKey(
        Rank, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("rank")
    )
    designation = models.CharField(max_length=200, blank=True, verbose_name=_("designation"))
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(blank=True, verbose_name=_("e-mail"))
    mobile = models.CharField(max_length=20, blank=True, verbose_name=_("mobile"))
    employee_id = models.CharField(max_length=50, blank=True, verbose_name=_("employee ID"))
    preferred_language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        verbose_name=_("preferred language"),
        help_text=_("The language of the e-mails this person gets."),
    )
    user = models.OneToOneField(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant",
        verbose_name=_("user account"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=~Q(email=""),
                name="participant_email_ci_unique",
                violation_error_message=_("A participant with this e-mail already exists."),
            ),
            models.UniqueConstraint(
                "employee_id",
                condition=~Q(employee_id=""),
                name="participant_employee_id_unique",
                violation_error_message=_("A participant with this employee ID already exists."),
            ),
            models.UniqueConstraint(
                "mobile",
                condition=~Q(mobile=""),
                name="participant_mobile_unique",
                violation_error_message=_("A participant with this mobile already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Batch(models.Model):
    """One run of an event (Batch 3 of 8): dates, venue, capacity and status."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open for nominations")
        CLOSED = "closed", _("Nominations closed")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        EventPage, on_delete=models.PROTECT, related_name="batches", verbose_name=_("event")
    )
    number = models.PositiveSmallIntegerField(verbose_name=_("batch number"))
    start_date = models.DateField(verbose_name=_("start date"))
    end_date = models.DateField(verbose_name=_("end date"))
    venue = models.CharField(max_length=255, blank=True, verbose_name=_("venue"))
    capacity = models.PositiveIntegerField(verbose_name=_("capacity"))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PLANNED, verbose_name=_("status")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="batch_number_unique"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="batch_end_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="batch_capacity_positive"),
        ]

    def __str__(self) -> str:
        return _("%(event)s, batch %(number)s") % localise_numbers(
            {"event": self.event.title, "number": self.number}
        )


class Nomination(models.Model):
    """A participant nominated to a batch. Status changes are kept in NominationChange.

    Wait-listed nominations are promoted in the order of `waitlist_position`.
    """

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Wait-listed")
        CANCELLED = "cancelled", _("Cancelled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    batch = models.ForeignKey(
        Batch, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("batch")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("participant"),
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NOMINATED, verbose_name=_("status")
    )
    waitlist_position = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("wait-list position")
    )
    nominated_by = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("nominating organisation"),
    )
    joined_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name=_("joined at"),
        help_text=_("When the participant joined the batch; earlier sessions do not count."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["batch", "participant__name"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "participant"], name="nomination_once_per_batch"
            ),
            models.UniqueConstraint(
                fields=["batch", "waitlist_position"],
                condition=Q(waitlist_position__isnull=False),
                name="nomination_waitlist_position_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.batch}"


class NominationChange(models.Model):
    """One status change of a nomination: who, when, why (the history is never edited)."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="changes", verbose_name=_("nomination")
    )
    from_status = models.CharField(
        max_length=20, blank=True, choices=Nomination.Status.choices, verbose_name=_("from")
    )
    to_status = models.CharField(
        max_length=20, choices=Nomination.Status.choices, verbose_name=_("to")
    )
    reason = models.CharField(max_length=255, blank=True, verbose_name=_("reason"))
    changed_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("changed at"))

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("nomination change")
        verbose_name_plural = _("nomination changes")

    def __str__(self) -> str:
        return f"{self.nomination}: {self.from_status or '-'} → {self.to_status}"


SIGN_IN_SHEET_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
SIGN_IN_SHEET_MAX_BYTES = 10 * 1024 * 1024


def validate_sign_in_sheet(file) -> None:
    """A scanned sign-in sheet is a PDF or an image of at most 10 MB."""
    FileExtensionValidator(SIGN_IN_SHEET_EXTENSIONS)(file)
    if file.size > SIGN_IN_SHEET_MAX_BYTES:
        raise ValidationError(_("The scanned sheet is larger than 10 MB."), code="too_large")


class Session(models.Model):
    """A slot of a batch: start and end (aware datetimes, shown in Asia/Dhaka), topic, room."""

    batch = models.ForeignKey(
        Batch, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("batch")
    )
    starts_at = models.DateTimeField(verbose_name=_("starts at"))
    ends_at = models.DateTimeField(verbose_name=_("ends at"))
    topic = models.CharField(max_length=255, blank=True, verbose_name=_("topic"))
    room = models.CharField(max_length=100, blank=True, verbose_name=_("room"))
    # Calendar: the event's SEQUENCE, raised whenever its time, topic, room or batch change.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Self check-in: the key of the session's minute codes (made on first use).
    checkin_secret = models.CharField(max_length=64, blank=True, editable=False)
    sign_in_sheet = models.FileField(
        upload_to="sign-in-sheets/%Y/",
        blank=True,
        validators=[validate_sign_in_sheet],
        verbose_name=_("scanned sign-in sheet"),
        help_text=_("The signed sheet, scanned: PDF, JPEG or PNG, at most 10 MB."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["batch", "starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            # What an attendance mark's (session, batch) refers to on PostgreSQL: the foreign
            # key attendance_batch_is_sessions (migration 0007, unknown to the ORM) needs it.
            models.UniqueConstraint(fields=["id", "batch"], name="session_in_one_batch"),
        ]

    def __str__(self) -> str:
        # Shown in Dhaka time; the topic, when there is one, follows the time.
        starts = timezone.localtime(self.starts_at) if self.starts_at else None
        when = f"{starts:%Y-%m-%d %H:%M}" if starts else ""
        return " – ".join(x for x in [str(self.batch), when, self.topic] if x)

    def save(self, *args, **kwargs):
        # Also outside forms: on SQLite nothing else stops a session leaving its marks.
        self._keep_marks_in_batch()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self._keep_marks_in_batch()

    def _keep_marks_in_batch(self) -> None:
        """A session with attendance marks stays in the batch they were taken for."""
        if self.pk is None or self.batch_id is None:
            return
        before = Session.objects.filter(pk=self.pk).values_list("batch_id", flat=True).first()
        if before not in (None, self.batch_id) and self.attendance.exists():
            raise ValidationError(
                {
                    "batch": _(
                        "Attendance has been taken at this session, so it stays with its "
                        "batch. Add a session to the other batch instead."
                    )
                }
            )


class TrainerAssignment(models.Model):
    """A trainer on a session: lead, co-trainer or resource person (external ones marked)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead trainer")
        CO_TRAINER = "co", _("Co-trainer")
        RESOURCE_PERSON = "resource", _("Resource person")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="trainers", verbose_name=_("session")
    )
    trainer = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="trainer_assignments",
        verbose_name=_("trainer"),
    )
    role = models.CharField(
        max_length=20, choices=Role.choices, default=Role.LEAD, verbose_name=_("role")
    )
    is_external = models.BooleanField(default=False, verbose_name=_("external resource person"))

    class Meta:
        verbose_name = _("trainer assignment")
        verbose_name_plural = _("trainer assignments")
        constraints = [
            models.UniqueConstraint(fields=["session", "trainer"], name="trainer_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.trainer} ({self.get_role_display()}) – {self.session}"


class AttendanceQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Give each new mark its session's batch, as `Attendance.save` does."""
        objs = list(objs)
        unknown = {
            mark.session_id
            for mark in objs
            if mark.batch_id is None and not Attendance.session.is_cached(mark)
        }
        batch_of = dict(
            Session.objects.filter(pk__in=unknown).values_list("pk", "batch_id") if unknown else []
        )
        for mark in objs:
            if mark.batch_id is None:
                mark.batch_id = batch_of.get(mark.session_id) or mark.session.batch_id
        return super().bulk_create(objs, *args, **kwargs)


class Attendance(models.Model):
    """Whether a participant attended a session; every change is kept in AttendanceChange.

    `batch` repeats the session's batch so that reports count a million marks per batch and
    participant from one index, without joining sessions. It is set from the session when a
    mark is created (`save`, `bulk_create`; data migrations and fixtures must give it); a
    session with marks cannot move to another batch (`Session.clean` and `Session.save`),
    and on PostgreSQL a foreign key on (session, batch) refuses any write, `update()`
    included, that files a mark under a batch other than its session's.
    """

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("session")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="attendance",
        verbose_name=_("participant"),
    )
    batch = models.ForeignKey(
        Batch,
        on_delete=models.PROTECT,
        related_name="attendance_marks",
        editable=False,
        verbose_name=_("batch"),
    )
    status = models.CharField(max_length=10, choices=Status.choices, verbose_name=_("status"))
    marked_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(auto_now=True, verbose_name=_("marked at"))

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="attendance_once_per_session"
            )
        ]
        indexes = [
            # Sessions attended per batch and participant (completion), from the index alone.
            models.Index(
                fields=["batch", "participant"],
                condition=Q(status__in=["present", "late"]),
                name="attendance_attended_per_batch",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.session}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if self.batch_id is None:
            self.batch_id = self.session.batch_id
        super().save(*args, **kwargs)


# --- Sessions, attendance, calendar and reminders (workshops II) -------------------------


class AttendanceChange(models.Model):
    """One change of an attendance record: from, to, who, when and how (never edited)."""

    class Source(models.TextChoices):
        REGISTER = "register", _("Batch register")
        TRAINER = "trainer", _("Trainer's session page")
        CHECKIN = "checkin", _("Self check-in")
        IMPORT = "import", _("Import or demo data")

    attendance = models.ForeignKey(
        Attendance, on_delete=models.CASCADE, related_name="changes", verbose_name=_("attendance")
    )
    from_status = models.CharField(
        max_length=10, blank=True, choices=Attendance.Status.choices, verbose_name=_("from")
    )
    to_status = models.CharField(
        max_length=10, choices=Attendance.Status.choices, verbose_name=_("to")
    )
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.REGISTER, verbose_name=_("via")
    )
    changed_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("changed at"))

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")

    def __str__(self) -> str:
        return f"{self.attendance}: {self.from_status or '-'} → {self.to_status}"


class CalendarFeed(models.Model):
    """A user's personal iCalendar feed: whoever knows the token reads it; revocable."""

    user = models.OneToOneField(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(max_length=64, unique=True, verbose_name=_("token"))
    created_at = models.DateTimeField(auto_now=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)


class Reminder(models.Model):
    """A reminder sent to a participant or trainer the day before a batch starts.

    The unique constraint makes `send_reminders` safe to run twice: a second run cannot
    record (and so cannot send) the same reminder again.
    """

    batch = models.ForeignKey(
        Batch, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("batch")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )
    day = models.DateField(verbose_name=_("day reminded of"))
    sent_at = models.DateTimeField(auto_now_add=True, verbose_name=_("sent at"))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "participant", "day"], name="reminder_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.batch} ({self.day})"
