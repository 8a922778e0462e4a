"""Office orders: the signed PDF that names a batch's (or an event's) nominees, every version.

An office order is issued by an organiser and issued again, as a new version with a new memo
number, whenever the list it prints changes (``workshops.services.office_orders``). Versions
are never changed or deleted: each keeps its PDFs (English and Bangla, signed, in the private
storage), their SHA-256 and a digest of the list it printed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.history import HistoryEntry
from lms.private_files import RandomName, private_storage
from workshops.models.batches import Batch
from workshops.models.pages import EventPage


class MemoCounter(models.Model):
    """The last memo sequence number given in a year; its row is locked while one is taken."""

    year = models.PositiveSmallIntegerField(unique=True, verbose_name=_("year"))
    last = models.PositiveIntegerField(default=0, verbose_name=_("last number"))

    class Meta:
        verbose_name = _("memo counter")
        verbose_name_plural = _("memo counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class OfficeOrder(models.Model):
    """One version of the office order of a batch or of an event (exactly one of the two).

    What it printed is frozen here: memo number, date, subject and signatory, and the list as
    ``nominees_digest`` (SHA-256 of the listed batches and people, so that an unchanged list
    makes no new version) and ``participant_ids``. The PDFs live in the private storage under
    random names and are served only by the view that checks who asks.
    """

    batch = models.ForeignKey(
        Batch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="office_orders",
        verbose_name=_("batch"),
    )
    event = models.ForeignKey(
        EventPage,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="office_orders",
        verbose_name=_("event"),
    )
    version = models.PositiveSmallIntegerField(verbose_name=_("version"))
    memo_number = models.CharField(max_length=100, unique=True, verbose_name=_("memo no."))
    memo_year = models.PositiveSmallIntegerField(verbose_name=_("memo year"))
    memo_sequence = models.PositiveIntegerField(verbose_name=_("number in the year"))
    date = models.DateField(verbose_name=_("date"))
    subject = models.CharField(max_length=500, verbose_name=_("subject"))
    subject_bn = models.CharField(max_length=500, verbose_name=_("subject in Bangla"))
    signatory_name = models.CharField(max_length=200, verbose_name=_("signatory"))
    signatory_name_bn = models.CharField(max_length=200, blank=True)
    signatory_designation = models.CharField(max_length=200, verbose_name=_("designation"))
    signatory_designation_bn = models.CharField(max_length=200, blank=True)
    nominee_count = models.PositiveIntegerField(verbose_name=_("nominees"))
    participant_ids = models.JSONField(default=list, editable=False)
    nominees_digest = models.CharField(max_length=64, verbose_name=_("digest of the list"))
    pdf = models.FileField(
        upload_to=RandomName("office-orders"),
        storage=private_storage,
        verbose_name=_("PDF (English)"),
    )
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256 (English)"))
    pdf_bn = models.FileField(
        upload_to=RandomName("office-orders"),
        storage=private_storage,
        verbose_name=_("PDF (Bangla)"),
    )
    sha256_bn = models.CharField(max_length=64, verbose_name=_("SHA-256 (Bangla)"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(auto_now_add=True, verbose_name=_("issued at"))

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("office order")
        verbose_name_plural = _("office orders")
        constraints = [
            models.CheckConstraint(
                condition=Q(batch__isnull=False, event__isnull=True)
                | Q(batch__isnull=True, event__isnull=False),
                name="office_order_one_subject",
            ),
            models.UniqueConstraint(
                fields=["batch", "version"],
                condition=Q(batch__isnull=False),
                name="office_order_batch_version_unique",
            ),
            models.UniqueConstraint(
                fields=["event", "version"],
                condition=Q(event__isnull=False),
                name="office_order_event_version_unique",
            ),
            models.UniqueConstraint(
                fields=["memo_year", "memo_sequence"], name="office_order_memo_sequence_unique"
            ),
            models.CheckConstraint(
                condition=~Q(sha256="") & ~Q(sha256_bn="") & ~Q(pdf="") & ~Q(pdf_bn=""),
                name="office_order_has_pdfs",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.memo_number} ({self.subject_of})"

    @property
    def subject_of(self):
        """The batch or the event the order is for."""
        return self.batch if self.batch_id else self.event


class OfficeOrderEvent(HistoryEntry):
    """Something that happened to an office order (issued by hand, or again because its list
    changed); who, when and why come from ``lms.history.HistoryEntry``. Never edited."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REISSUED = "reissued", _("Issued again: the list changed")

    office_order = models.ForeignKey(
        OfficeOrder,
        on_delete=models.PROTECT,
        related_name="history",
        verbose_name=_("office order"),
    )
    action = models.CharField(max_length=20, choices=Action.choices, verbose_name=_("what"))

    class Meta(HistoryEntry.Meta):
        verbose_name = _("office order history entry")
        verbose_name_plural = _("office order history")

    def __str__(self) -> str:
        return f"{self.office_order.memo_number}: {self.get_action_display()}"
