"""iCalendar: personal feeds and the .ics attached to e-mails.

Each session is one calendar event with a stable UID (`session-<id>@<domain>`), so a
calendar that already holds it updates it in place; SEQUENCE is the session's `sequence`,
raised whenever its time, topic, room or batch change. Sessions of a cancelled batch are
sent with STATUS:CANCELLED.
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from lms.portal import portal_host
from workshops.models import Batch, Session

PRODID = "-//GPMS Training//Workshops//EN"


def session_uid(session: Session) -> str:
    return f"session-{session.pk}@{uid_domain()}"


def uid_domain() -> str:
    return portal_host() or "gpms-training"


def calendar_build(
    sessions: Iterable[Session], *, name: str = "", method: str = "PUBLISH"
) -> bytes:
    """An iCalendar document with one VEVENT per session."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for session in sessions:
        cal.add_component(session_event(session))
    return cal.to_ical()


def session_event(session: Session) -> Event:
    batch = session.batch
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(session.starts_at))
    event.add("dtend", timezone.localtime(session.ends_at))
    event.add("summary", _summary(session))
    event.add("location", ", ".join(x for x in [session.room, batch.venue] if x))
    event.add("description", _description(session))
    event.add("last-modified", session.updated_at)
    cancelled = batch.status == Batch.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _summary(session: Session) -> str:
    title = session.batch.event.title
    if session.topic:
        return f"{session.topic} – {title}"
    return title


def _description(session: Session) -> str:
    lines = [str(session.batch)]
    trainers = [a.trainer.name for a in session.trainers.all()]
    if trainers:
        lines.append(_("Trainers: %(names)s") % {"names": ", ".join(trainers)})
    return "\n".join(lines)


def batch_calendar(batch: Batch) -> bytes:
    """The .ics of all sessions of a batch (attached to confirmation and change e-mails)."""
    sessions = (
        Session.objects.filter(batch=batch)
        .select_related("batch__event")
        .prefetch_related("trainers__trainer")
        .order_by("starts_at")
    )
    method = "CANCEL" if batch.status == Batch.Status.CANCELLED else "PUBLISH"
    return calendar_build(sessions, name=str(batch), method=method)
