"""Front-end pages of workshops: the trainer's attendance page with its check-in code, the
trainee's check-in and own record, sign-in sheets (and their signed scans) and the personal
calendar feed."""

import hashlib

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lms.formatting import localise_numbers
from lms.portal import portal_url
from lms.private_files import private_file_response, private_storage
from lms.uploads import SNIFF_BYTES, sniff
from workshops import checkin, selectors
from workshops.calendar import batch_calendar, calendar_build, calendar_last_modified
from workshops.errors import WorkshopError
from workshops.models import (
    Attendance,
    AttendanceChange,
    Batch,
    CalendarFeed,
    OfficeOrder,
    Session,
)
from workshops.permissions import (
    can_download_office_order,
    can_mark_session,
    is_organiser,
    participant_of,
)
from workshops.services import (
    Mark,
    attendance_check_in,
    attendance_check_in_verify,
    attendance_mark_all_present,
    attendance_record,
    calendar_feed_regenerate,
    calendar_feed_revoke,
    session_checkin_code,
    session_checkin_open,
)


def _session_for_marking(request, pk: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("batch__event"), pk=pk)
    if not can_mark_session(request.user, session):
        raise PermissionDenied(_("You are not a trainer of this session."))
    return session


@login_required
def my_sessions(request):
    """The sessions a trainer teaches, today's first; organisers see today's sessions."""
    participant = participant_of(request.user)
    today = timezone.localdate()
    if participant is not None:
        sessions = list(selectors.sessions_of_trainer(participant))
    elif is_organiser(request.user):
        sessions = list(
            Session.objects.filter(starts_at__date=today).select_related("batch__event")
        )
    else:
        sessions = []
    today_sessions = [s for s in sessions if timezone.localdate(s.starts_at) == today]
    upcoming = [s for s in sessions if timezone.localdate(s.starts_at) > today]
    past = [s for s in sessions if timezone.localdate(s.starts_at) < today][::-1]
    context = {"today": today_sessions, "upcoming": upcoming[:20], "past": past[:20]}
    return render(request, "workshops/my_sessions.html", context)


@login_required
def session_attendance(request, pk: int):
    """The trainer's phone page: mark each participant, or everybody present at once."""
    session = _session_for_marking(request, pk)
    if request.method == "POST":
        _save_marks(request, session)
        return redirect("workshops:session_attendance", pk=session.pk)
    roster = selectors.session_roster(session)
    context = {
        "session": session,
        "roster": roster,
        "statuses": Attendance.Status.choices,
        "counts": _counts(roster),
        "checkin_open": session_checkin_open(session, timezone.now()),
    }
    return render(request, "workshops/session_attendance.html", context)


def _save_marks(request, session: Session) -> None:
    if "all_present" in request.POST:
        count = attendance_mark_all_present(session=session, by=request.user)
        messages.success(
            request, _("%(count)s marked present.") % localise_numbers({"count": count})
        )
        return
    marks = [
        Mark(session, participant.pk, status)
        for participant, current in selectors.session_roster(session)
        if (status := request.POST.get(f"status-{participant.pk}"))
        and status != getattr(current, "status", None)
    ]
    try:
        recorded = attendance_record(
            marks=marks, by=request.user, source=AttendanceChange.Source.TRAINER
        )
    except WorkshopError as error:
        messages.error(request, _("Nothing was saved: %(error)s") % {"error": error})
        return
    changed = recorded.created + recorded.changed
    messages.success(
        request, _("Attendance saved (%(count)s changed).") % localise_numbers({"count": changed})
    )


def _counts(roster) -> list[tuple[str, int]]:
    """(label, number) for each status and for the participants not marked yet."""
    counts = {value: 0 for value in Attendance.Status.values}
    counts[""] = 0
    for _participant, attendance in roster:
        counts[attendance.status if attendance else ""] += 1
    labels = dict(Attendance.Status.choices) | {"": _("Not marked")}
    return [(labels[key], number) for key, number in counts.items()]


@login_required
def session_checkin_qr(request, pk: int):
    """The current check-in code as inline SVG, fetched again by the page every few seconds."""
    session = _session_for_marking(request, pk)
    now = timezone.now()
    try:
        code = session_checkin_code(session=session, at=now)
    except WorkshopError as error:
        return JsonResponse({"open": False, "message": str(error)})
    url = request.build_absolute_uri(
        reverse("workshops:check_in", kwargs={"pk": session.pk, "code": code})
    )
    svg = segno.make(url, error="m").svg_inline(scale=6, border=2, title=_("Check-in code"))
    return JsonResponse(
        {"open": True, "svg": svg, "url": url, "seconds_left": checkin.seconds_left(now)}
    )


@login_required
def check_in(request, pk: int, code: str):
    """Where a trainee's phone lands after scanning: confirm, then marked present."""
    session = get_object_or_404(Session.objects.select_related("batch__event"), pk=pk)
    attendance = None
    error = None
    try:
        if request.method == "POST":
            attendance = attendance_check_in(session=session, user=request.user, code=code)
        else:  # say at once when the scan cannot work, before the trainee taps the button
            attendance_check_in_verify(session=session, user=request.user, code=code)
    except WorkshopError as exc:
        error = str(exc)
    status = 400 if error else 200
    context = {"session": session, "code": code, "attendance": attendance, "error": error}
    return render(request, "workshops/check_in.html", context, status=status)


@login_required
def my_attendance(request):
    """A trainee's own attendance and completion, batch by batch; nobody else's."""
    participant = participant_of(request.user)
    records = selectors.my_attendance(participant) if participant else []
    waiting = selectors.waitlisted_nominations(participant) if participant else []
    return render(
        request,
        "workshops/my_attendance.html",
        {"participant": participant, "records": records, "waiting": waiting},
    )


@login_required
def sign_in_sheet(request, pk: int):
    """The printable sign-in sheet of a session (PDF)."""
    session = _session_for_marking(request, pk)
    roster = selectors.session_roster(session)
    context = {
        "session": session,
        "batch": session.batch,
        "event": session.batch.event,
        "participants": [participant for participant, _attendance in roster],
        "trainers": list(session.trainers.select_related("trainer")),
    }
    from lms.pdf import render_pdf  # the PDF module (lms.pdf) loads its fonts on first use

    pdf = render_pdf("workshops/sign_in_sheet.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"sign-in-sheet-batch{session.batch.number}-session{session.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def sign_in_scan(request, pk: int):
    """The signed scan of a session's sign-in sheet: organisers and the session's trainers.

    Its type is read from its first bytes (the upload was checked the same way)."""
    session = _session_for_marking(request, pk)
    name = session.sign_in_sheet.name
    if not name:
        raise Http404(_("No signed sheet has been uploaded for this session."))
    kind = _stored_kind(name)
    suffix, content_type = (
        (kind.suffix, kind.content_type) if kind else ("", "application/octet-stream")
    )
    return private_file_response(
        name,
        filename=f"sign-in-sheet-batch{session.batch.number}-session{session.pk}-signed{suffix}",
        content_type=content_type,
    )


@login_required
def office_order_pdf(request, pk: int, lang: str):
    """A version of an office order, signed, in English or Bangla: organisers, and the
    trainers of its batch (workshops.permissions.can_download_office_order); anyone else
    gets 404, as for an order that does not exist."""
    order = OfficeOrder.objects.filter(pk=pk).select_related("batch").first()
    if (
        order is None
        or lang not in ("en", "bn")
        or not can_download_office_order(request.user, order)
    ):
        raise Http404(_("No such office order."))
    name = order.pdf_bn.name if lang == "bn" else order.pdf.name
    number = order.memo_number.replace("/", "-")
    return private_file_response(
        name,
        filename=f"office-order-{number}-v{order.version}-{lang}.pdf",
        content_type="application/pdf",
        as_attachment=False,
    )


def _stored_kind(name: str):
    storage = private_storage()
    if not storage.exists(name):
        return None  # private_file_response answers 404 and logs it
    with storage.open(name, "rb") as handle:
        return sniff(handle.read(SNIFF_BYTES))


@login_required
def calendar_settings(request):
    """Show, renew or switch off the user's personal calendar address."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_feed_revoke(user=request.user)
            messages.success(request, _("Your calendar address no longer works."))
        else:
            calendar_feed_regenerate(user=request.user)
            messages.success(request, _("Your calendar has a new address; the old one stopped."))
        return redirect("workshops:calendar_settings")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    # The portal's public address, not this request's host: the feed is subscribed to from
    # a calendar program, wherever it runs.
    feed_url = (
        portal_url(reverse("workshops:calendar_feed", kwargs={"token": feed.token})) if feed else ""
    )
    return render(request, "workshops/calendar_settings.html", {"feed_url": feed_url})


def calendar_feed(request, token: str):
    """The personal feed: sessions of confirmed batches and sessions taught, in the reader's
    language. 404 if revoked. Calendar programs poll it: it answers 304 when unchanged.

    Only its ETag says whether it changed: a session leaving the feed (the reader's
    nomination cancelled, a trainer taken off) changes the body but no date a
    Last-Modified could be taken from, so a client that sends only If-Modified-Since always
    gets the feed."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None:
        raise Http404
    participant = participant_of(feed.user)
    sessions = list(selectors.calendar_sessions(participant)) if participant else []
    language = participant.preferred_language if participant else feed.user.preferred_language
    with translation.override(language):
        body = calendar_build(sessions, name=_("GPMS Training"), language=language)
    return _calendar_response(request, body, last_modified=None, cache="private")


def batch_calendar_file(request, pk: int):
    """The public "Add to calendar" file of one batch of a live event, in the page's
    language, without the trainers' names. A cancelled batch answers with METHOD:CANCEL and
    every session STATUS:CANCELLED under the same UIDs, so that a calendar that imported it
    withdraws the sessions (a 410 would leave them standing in subscribed calendars)."""
    batch = get_object_or_404(Batch.objects.select_related("event"), pk=pk, event__live=True)
    calendar = batch_calendar(batch, language=get_language(), with_trainers=False)
    sessions = list(batch.sessions.select_related("batch__event"))
    response = _calendar_response(
        request, calendar.body, last_modified=calendar_last_modified(sessions), cache="public"
    )
    response["Content-Disposition"] = f'attachment; filename="batch-{batch.pk}.ics"'
    return response


def _calendar_response(request, body: bytes, *, last_modified, cache: str) -> HttpResponse:
    """`body` as text/calendar with its ETag and Last-Modified; 304 when the client has it."""
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    stamp = int(last_modified.timestamp()) if last_modified else None
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    response["Cache-Control"] = f"{cache}, max-age=900"
    return get_conditional_response(request, etag=etag, last_modified=stamp, response=response)
