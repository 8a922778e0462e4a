"""Office orders: issue the signed PDF that lists a batch's (or an event's) nominees, and
issue it again when that list changes.

``office_order_issue`` takes the next memo number of the year (under a lock on the year's
counter row), renders the order in English and Bangla (``workshops.office_orders``), signs
both PDFs (``lms.signing.pdf_sign``, PAdES), keeps them in the private storage and records
who issued it. The nomination services call ``office_orders_refresh_on_commit`` with the
batches whose confirmed list they changed; after commit, when an order was issued before for
such a batch or its event, a task (``workshops.tasks.office_orders_refresh``) issues a new
version, but only if the list it prints really changed (its digest).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import signing
from lms.history import acting_user
from lms.models import SiteSettings, memo_number
from lms.portal import portal_url
from lms.private_files import private_storage
from workshops import office_orders
from workshops.errors import WorkshopError
from workshops.models import Batch, EventPage, MemoCounter, OfficeOrder, OfficeOrderEvent

log = logging.getLogger(__name__)


def office_order_issue(
    *,
    batch: Batch | None = None,
    event: EventPage | None = None,
    by=None,
    date: dt.date | None = None,
    action: str = OfficeOrderEvent.Action.ISSUED,
    reason: str = "",
) -> OfficeOrder:
    """Issue the office order of a batch or of an event (exactly one), as its next version.

    The order lists the confirmed nominees (by batch, for an event) and is dated ``date``
    (default today). Raises WorkshopError, writing nothing, when: both or neither subject is
    given; the event is a translation; the batch is cancelled; nobody is confirmed; the
    signatory is not set in the site settings; the memo number pattern is broken; the list
    is the same as the latest version's (its memo number is named); or the PDF could not be
    rendered or signed.
    """
    if (batch is None) == (event is None):
        raise WorkshopError(_("An office order is for a batch or for an event."))
    if event is not None:
        from workshops.services.batches import event_check_original  # it imports this module

        event_check_original(event)
    letterhead = _letterhead()
    date = date or timezone.localdate()
    stored: list[str] = []
    try:
        with transaction.atomic():
            counter = _lock_counter(date.year)
            order, listing = _prepare(batch=batch, event=event, date=date, letterhead=letterhead)
            order.memo_sequence = counter.last + 1
            order.memo_number = memo_number(
                letterhead.memo_pattern, year=date.year, sequence=order.memo_sequence
            )
            for lang, field in (("en", "pdf"), ("bn", "pdf_bn")):
                pdf = _render_and_sign(order, listing, letterhead, lang)
                name = private_storage().save(
                    getattr(order, field).field.generate_filename(order, "office-order.pdf"),
                    ContentFile(pdf),
                )
                stored.append(name)
                getattr(order, field).name = name
                setattr(order, "sha256" if lang == "en" else "sha256_bn", _sha256(pdf))
            order.issued_by = acting_user(by)
            order.save()
            counter.last = order.memo_sequence  # safe: the counter row is locked
            counter.save(update_fields=["last"])
            OfficeOrderEvent.objects.create(
                office_order=order, action=action, changed_by=acting_user(by), reason=reason[:255]
            )
    except Exception:
        for name in stored:
            private_storage().delete(name)
        raise
    return order


def office_order_refresh(
    *, batch: Batch | None = None, event: EventPage | None = None
) -> OfficeOrder | None:
    """Issue a new version when an order was issued before and its list changed since.

    Returns the new version, or None when there is no order yet, the list is unchanged, or
    it is now empty (an order never lists nobody; the last version stays). The reason names
    who was added and who removed.
    """
    latest = _latest(batch=batch, event=event)
    if latest is None:
        return None
    listing = office_orders.office_order_listing(batch=batch, event=event)
    ids = office_orders.listing_ids(listing)
    if office_orders.listing_digest(listing) == latest.nominees_digest or not ids:
        return None
    try:
        return office_order_issue(
            batch=batch,
            event=event,
            action=OfficeOrderEvent.Action.REISSUED,
            reason=_change_reason(latest.participant_ids, ids),
        )
    except WorkshopError as error:
        if error.code == "office_order_unchanged":
            return None  # another run issued it meanwhile
        raise


def office_orders_refresh_on_commit(batch_ids) -> None:
    """After the current transaction commits: when an office order exists for one of these
    batches or their events, queue the task that reissues what changed.

    Called by the services that change a batch's confirmed list (confirm, cancel, withdraw,
    promote, move) or what its order prints (dates, venue).
    """
    batch_ids = sorted({pk for pk in batch_ids if pk})
    if not batch_ids:
        return

    def after_commit():
        from workshops import tasks

        events = Batch.objects.filter(pk__in=batch_ids).values("event_id")
        if OfficeOrder.objects.filter(Q(batch_id__in=batch_ids) | Q(event_id__in=events)).exists():
            tasks.office_orders_refresh.enqueue(batch_ids=batch_ids)

    transaction.on_commit(after_commit)


# --- helpers -----------------------------------------------------------------------------


def _letterhead() -> office_orders.Letterhead:
    found = SiteSettings.objects.filter(site__is_default_site=True).first() or SiteSettings()
    if not (found.office_order_signatory_name and found.office_order_signatory_designation):
        raise WorkshopError("office_order_no_signatory")
    try:
        memo_number(found.office_order_memo_pattern, year=2000, sequence=1)
    except ValueError as error:
        raise WorkshopError(str(error)) from error
    return office_orders.Letterhead(
        heading=found.office_order_heading,
        heading_bn=found.office_order_heading_bn,
        signatory_name=found.office_order_signatory_name,
        signatory_name_bn=found.office_order_signatory_name_bn,
        signatory_designation=found.office_order_signatory_designation,
        signatory_designation_bn=found.office_order_signatory_designation_bn,
        copy_to=found.office_order_copy_to,
        copy_to_bn=found.office_order_copy_to_bn,
        memo_pattern=found.office_order_memo_pattern,
    )


def _lock_counter(year: int) -> MemoCounter:
    # The year's counter row guards memo numbers and versions: issues of that year queue on
    # it, so numbers have no gaps (a rollback gives the number back) and no duplicates.
    try:
        with transaction.atomic():
            MemoCounter.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # another issue created the row first
    return MemoCounter.objects.select_for_update().get(year=year)


def _latest(*, batch, event) -> OfficeOrder | None:
    subject = {"batch": batch} if batch is not None else {"event": event}
    return OfficeOrder.objects.filter(**subject).order_by("-version").first()


def _prepare(*, batch, event, date, letterhead) -> tuple[OfficeOrder, list]:
    """Inside the lock: the unsaved next version, with its list read now."""
    if batch is not None:
        batch = Batch.objects.select_related("event").get(pk=batch.pk)
        if batch.status == Batch.Status.CANCELLED:
            raise WorkshopError("batch_cancelled")
    listing = office_orders.office_order_listing(batch=batch, event=event)
    ids = office_orders.listing_ids(listing)
    if not ids:
        raise WorkshopError("office_order_empty", subject=str(batch or event))
    digest = office_orders.listing_digest(listing)
    latest = _latest(batch=batch, event=event)
    if latest is not None and latest.nominees_digest == digest:
        raise WorkshopError("office_order_unchanged", memo=latest.memo_number)
    subject, subject_bn = office_orders.subject_texts(
        batch=batch, event=batch.event if batch is not None else event
    )
    order = OfficeOrder(
        batch=batch,
        event=event,
        version=(latest.version + 1) if latest else 1,
        memo_year=date.year,
        date=date,
        subject=subject,
        subject_bn=subject_bn,
        signatory_name=letterhead.signatory_name,
        signatory_name_bn=letterhead.signatory_name_bn,
        signatory_designation=letterhead.signatory_designation,
        signatory_designation_bn=letterhead.signatory_designation_bn,
        nominee_count=len(ids),
        participant_ids=ids,
        nominees_digest=digest,
    )
    return order, listing


def _render_and_sign(order: OfficeOrder, listing, letterhead, lang: str) -> bytes:
    event = order.batch.event if order.batch_id else order.event
    context = office_orders.pdf_context(
        order=order, listing=listing, letterhead=letterhead, event=event, lang=lang
    )
    try:
        pdf = office_orders.office_order_pdf(context)
        return signing.pdf_sign(
            data=pdf, reason=f"Office order {order.memo_number} issued", location=portal_url()
        )
    except office_orders.RenderError as error:
        raise WorkshopError("office_order_render", error=error) from error
    except signing.SigningError as error:
        raise WorkshopError("office_order_sign", error=error.message) from error


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _change_reason(before: list[int], after: list[int]) -> str:
    from workshops.models import Participant

    added, removed = office_orders.listing_diff(before, after)
    names = dict(Participant.objects.filter(pk__in=added + removed).values_list("pk", "name"))
    parts = []
    if added:
        parts.append(_("added: %s") % ", ".join(names.get(pk, "?") for pk in added))
    if removed:
        parts.append(_("removed: %s") % ", ".join(names.get(pk, "?") for pk in removed))
    return ("; ".join(parts) or _("dates or venue changed"))[:255]
