"""Sessions of a batch, their trainers and attendance, calendar feeds and reminders."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.history import StatusChange
from lms.private_files import RandomName, private_storage
from lms.translation import bilingual
from lms.uploads import SNIFF_BYTES, UploadRefused, check_size, sniff
from workshops.models.batches import Batch
from workshops.models.participants import Participant


def validate_sign_in_sheet(file) -> None:
    """A scanned sign-in sheet is a PDF, PNG or JPEG by its content (the first bytes; the
    name says nothing) and at most settings.UPLOAD_MAX_BYTES.

    A file already stored passed these checks when it was uploaded and is not read again.
    """
    if getattr(file, "_committed", False):
        return
    try:
        check_size(file.size, limit=settings.UPLOAD_MAX_BYTES)
    except UploadRefused as refused:
        raise ValidationError(refused.message, code="too_large") from refused
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    if sniff(head) is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, PNG or JPEG file: its content was checked, not its "
                "name. Upload the scan as PDF, PNG or JPEG."
            ),
            params={"name": getattr(file, "name", "")},
            code="not_a_scan",
        )


class Session(models.Model):
    """A slot of a batch: start and end (aware datetimes, shown in Asia/Dhaka), topic, room."""

    batch = models.ForeignKey(
        Batch, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("batch")
    )
    starts_at = models.DateTimeField(verbose_name=_("starts at"))
    ends_at = models.DateTimeField(verbose_name=_("ends at"))
    topic = models.CharField(max_length=255, blank=True, verbose_name=_("topic"))
    topic_bn = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("topic in Bangla"),
        help_text=_("Shown to Bangla readers (pages, calendars, e-mails); empty: the topic."),
    )
    room = models.CharField(max_length=100, blank=True, verbose_name=_("room"))
    # Calendar: the event's SEQUENCE, raised whenever its time, topic, room or batch change.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Self check-in: the key of the session's minute codes (made on first use).
    checkin_secret = models.CharField(max_length=64, blank=True, editable=False)
    # Private storage, random name (lms.private_files): served only to organisers and the
    # session's trainers by workshops:session_sign_in_scan.
    sign_in_sheet = models.FileField(
        upload_to=RandomName("sign-in-sheets"),
        storage=private_storage,
        blank=True,
        validators=[validate_sign_in_sheet],
        verbose_name=_("scanned sign-in sheet"),
        help_text=_(
            "The signed sheet, scanned as PDF, PNG or JPEG. Only organisers and the "
            "session's trainers can open it."
        ),
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

    @property
    def local_topic(self) -> str:
        """The topic in the reader's language: the Bangla one for a Bangla reader when it is
        filled in, else the topic."""
        return bilingual(self.topic, self.topic_bn)


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
    session with marks cannot move to another batch (`workshops.services.session_update`),
    and on PostgreSQL a foreign key on (session, batch) refuses any write, `update()`
    included, that files a mark under a batch other than its session's. Marks are written
    by `workshops.services.attendance_record`.
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


class AttendanceChange(StatusChange):
    """One change of an attendance record: from, to, who, when and how (never edited)."""

    subject_field = "attendance"

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

    class Meta(StatusChange.Meta):
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")


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
