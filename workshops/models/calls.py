"""Nomination calls: ministries' focal points, the calls sent to them, their seat quotas,
the history of a call, and officers' requests to be nominated.

The training unit sends a call for an event (or one batch) to organisations, each with a
quota of seats, the ranks it may nominate and a deadline. Each organisation's focal point
nominates its officers on its own page; the nominations arrive as "nominated" and wait for
the organisers' approval. Quotas are counted under a row lock on the quota
(``workshops.services.nominations``), like a batch's seats.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from lms.history import HistoryEntry
from workshops.models.batches import Batch
from workshops.models.pages import EventPage
from workshops.models.participants import Participant
from workshops.models.reference import Organisation, Rank


class FocalPoint(models.Model):
    """A user who nominates officers for an organisation (set by organisers).

    With ``acts_for_sub_organisations`` a ministry's focal point also nominates for the
    divisions and offices under it (``Organisation.parent``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="focal_points",
        verbose_name=_("organisation"),
    )
    acts_for_sub_organisations = models.BooleanField(
        default=False,
        verbose_name=_("acts for its sub-organisations"),
        help_text=_("Also nominates for the divisions and offices under this organisation."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="focal_point_once_per_organisation",
                violation_error_message=_("This user is already a focal point of it."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.email} ({self.organisation})"


class NominationCall(ClusterableModel):
    """A call to organisations to nominate officers to an event (or one of its batches) by a
    deadline: their quotas (``CallQuota``), the ranks allowed (none: any), a note.

    ``sent_at`` is when the focal points were e-mailed; ``released_at`` when the unused
    quota seats were returned to the organisers after the deadline.
    """

    event = models.ForeignKey(
        EventPage,
        on_delete=models.PROTECT,
        related_name="nomination_calls",
        verbose_name=_("event"),
    )
    batch = models.ForeignKey(
        Batch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nomination_calls",
        verbose_name=_("batch"),
        help_text=_("Leave empty to call for the event: focal points choose the batch."),
    )
    deadline = models.DateTimeField(verbose_name=_("deadline"))
    ranks = models.ManyToManyField(
        Rank,
        blank=True,
        related_name="+",
        verbose_name=_("ranks allowed"),
        help_text=_("Leave empty to allow every rank."),
    )
    note = models.TextField(blank=True, verbose_name=_("note to the focal points"))
    remind_days_before = models.PositiveSmallIntegerField(
        default=3,
        verbose_name=_("remind days before the deadline"),
        help_text=_("Focal points who have nominated nobody are reminded this many days before."),
    )
    offer_released_to_waitlist = models.BooleanField(
        default=True,
        verbose_name=_("offer released seats to the wait-list"),
        help_text=_(
            "After the deadline, seats the organisations left unused go to the wait-list in "
            "its order."
        ),
    )
    sent_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("sent"))
    released_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("unused quota released")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deadline", "pk"]
        verbose_name = _("nomination call")
        verbose_name_plural = _("nomination calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(remind_days_before__lte=60), name="call_reminder_within_60_days"
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True) | Q(sent_at__isnull=False),
                name="call_released_only_after_sent",
            ),
        ]

    def __str__(self) -> str:
        if self.batch_id:
            return str(self.batch)
        return self.event.title


class CallQuota(models.Model):
    """How many officers one organisation may nominate to a call.

    ``released_seats`` is set when the deadline passed: the seats it left unused, returned
    to the organisers. ``reminded_at`` makes the deadline reminder go once.
    """

    call = ParentalKey(
        NominationCall, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("call")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    seats = models.PositiveIntegerField(verbose_name=_("seats"))
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    released_seats = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"],
                name="quota_once_per_organisation",
                violation_error_message=_("This organisation already has a quota in the call."),
            ),
            models.CheckConstraint(condition=Q(seats__gte=0), name="quota_seats_not_negative"),
            models.CheckConstraint(
                condition=Q(released_seats__isnull=True) | Q(released_seats__lte=F("seats")),
                name="quota_releases_at_most_its_seats",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.seats}"


class CallChange(HistoryEntry):
    """Something that happened to a call: created, changed, sent, reminded, quota released."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        SENT = "sent", _("Sent to the focal points")
        REMINDED = "reminded", _("Reminder sent")
        RELEASED = "released", _("Unused quota released")

    call = models.ForeignKey(
        NominationCall, on_delete=models.CASCADE, related_name="changes", verbose_name=_("call")
    )
    action = models.CharField(max_length=20, choices=Action.choices, verbose_name=_("action"))
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )

    class Meta(HistoryEntry.Meta):
        verbose_name = _("call change")
        verbose_name_plural = _("call changes")

    def __str__(self) -> str:
        return f"{self.call}: {self.action}"


class NominationRequest(models.Model):
    """An officer's request to be nominated to an event, waiting for their organisation's
    focal point (or, where there is none, the organisers) to endorse or refuse it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ENDORSED = "endorsed", _("Nominated")
        REFUSED = "refused", _("Not endorsed")

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="nomination_requests",
        verbose_name=_("participant"),
    )
    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("event")
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    note = models.CharField(max_length=255, blank=True, verbose_name=_("note"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("nomination request")
        verbose_name_plural = _("nomination requests")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "event"],
                condition=Q(status="pending"),
                name="nomination_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.event}"
