"""The history of a record: abstract models and one helper that writes status changes.

Nominations, attendance marks and certificates keep what happened to them as rows of their
own history table (who, when, why; rows are only ever added). All share ``HistoryEntry``;
a change of status (nominations, marks) is a ``StatusChange`` (from, to) naming the record it
follows in ``subject_field``, written in bulk with ``history_record``; a certificate's
history records actions (issued, revoked, e-mailed) on the same base.

Why typed tables rather than one audit trail (Wagtail's log entries): reports and pages
query these rows by record and by status (a nomination's history, attendance changes of a
batch), bulk imports write thousands at once, and a foreign key keeps each row tied to a
record that exists. Wagtail's ModelLogEntry stores the object id as text and its data as
JSON, which serves page and snippet edits, not these reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryEntry(models.Model):
    """Something that happened to a record: who, when and why. Never edited."""

    reason = models.CharField(max_length=255, blank=True, verbose_name=_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("changed at"))

    class Meta:
        abstract = True
        ordering = ["changed_at", "pk"]


class StatusChange(HistoryEntry):
    """One change of a record's status: from, to, who, when and why. Never edited.

    Subclasses add the foreign key to their record (named by ``subject_field``) and may
    redeclare ``from_status``/``to_status`` with their record's choices.
    """

    subject_field = ""

    from_status = models.CharField(max_length=20, blank=True, verbose_name=_("from"))
    to_status = models.CharField(max_length=20, verbose_name=_("to"))

    class Meta(HistoryEntry.Meta):
        abstract = True

    def __str__(self) -> str:
        subject = getattr(self, self.subject_field)
        return f"{subject}: {self.from_status or '-'} → {self.to_status}"


def acting_user(by):
    """The user to record as having made a change: None for anonymous or no one."""
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def history_record[C: StatusChange](
    model: type[C],
    changes: Iterable[tuple[Any, str, str]],
    *,
    by=None,
    reason: str = "",
    **fields,
) -> list[C]:
    """Add one history row per (record, from_status, to_status), in bulk; returns them.

    `fields` are further columns of that history model (e.g. ``source`` of an attendance
    change); the reason is cut to the column's 255 characters.
    """
    user = acting_user(by)
    rows = [
        model(
            **{model.subject_field: subject},
            from_status=from_status or "",
            to_status=to_status,
            reason=str(reason)[:255],
            changed_by=user,
            **fields,
        )
        for subject, from_status, to_status in changes
    ]
    return model.objects.bulk_create(rows, batch_size=1000)
