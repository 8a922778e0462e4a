"""Batches of an event and the nominations that fill their seats, with their history."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lms.formatting import localise_numbers
from lms.history import StatusChange
from workshops.models.pages import EventPage
from workshops.models.participants import Participant
from workshops.models.reference import Organisation


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
        return self.name_of(event_title=self.event.title, number=self.number)

    @staticmethod
    def name_of(*, event_title: str, number: int) -> str:
        """A batch's name from its event's title and its number (for rows read as values)."""
        return _("%(event)s, batch %(number)s") % localise_numbers(
            {"event": event_title, "number": number}
        )


class Nomination(models.Model):
    """A participant nominated to a batch. Status changes are kept in NominationChange.

    Wait-listed nominations are promoted in the order of `waitlist_position`. A nomination
    sent by a focal point answers a ``call`` and waits "nominated" for the organisers'
    approval; declined, it says why (``decline_reason``). A substitute named by the same
    organisation points at the nomination it replaced (``substitute_for``).
    """

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Wait-listed")
        CANCELLED = "cancelled", _("Cancelled")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DECLINED = "declined", _("Declined")

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
    queue_position = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("place in the nomination queue"),
        help_text=_(
            "Seats are given in this order: the nomination list's order, then the time of "
            "nomination."
        ),
    )
    call = models.ForeignKey(
        "workshops.NominationCall",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
        editable=False,
        verbose_name=_("nomination call"),
    )
    decline_reason = models.CharField(
        max_length=255, blank=True, verbose_name=_("reason for declining")
    )
    substitute_for = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substitutes",
        editable=False,
        verbose_name=_("substitute for"),
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
            # The focal point sees why: a declined nomination always says why.
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="nomination_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.batch}"


class NominationChange(StatusChange):
    """One status change of a nomination: who, when, why (the history is never edited)."""

    subject_field = "nomination"

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="changes", verbose_name=_("nomination")
    )
    from_status = models.CharField(
        max_length=20, blank=True, choices=Nomination.Status.choices, verbose_name=_("from")
    )
    to_status = models.CharField(
        max_length=20, choices=Nomination.Status.choices, verbose_name=_("to")
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("nomination change")
        verbose_name_plural = _("nomination changes")


class BatchMessage(models.Model):
    """A message written to a batch's confirmed participants: who wrote it, when, the
    subject and text as written, and how many readers it was sent to (kept as sent)."""

    batch = models.ForeignKey(
        Batch, on_delete=models.CASCADE, related_name="messages", verbose_name=_("batch")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(auto_now_add=True, verbose_name=_("sent at"))
    subject = models.CharField(max_length=200, verbose_name=_("subject"))
    body = models.TextField(verbose_name=_("message"))
    readers = models.PositiveIntegerField(default=0, verbose_name=_("readers"))

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("message to a batch")
        verbose_name_plural = _("messages to a batch")
        constraints = [
            models.CheckConstraint(condition=~models.Q(subject=""), name="batch_message_subject"),
            models.CheckConstraint(condition=~models.Q(body=""), name="batch_message_body"),
        ]

    def __str__(self) -> str:
        return self.subject
