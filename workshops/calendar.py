"""iCalendar: personal feeds, the public .ics of a batch and the .ics attached to e-mails.

Each session is one calendar event with a stable UID (`session-<id>@<domain>`), so a
calendar that already holds it updates it in place, whichever of the three it came from;
SEQUENCE is the session's `sequence`, raised whenever its time, topic, room or batch change.
Sessions of a cancelled batch are sent with STATUS:CANCELLED (and METHOD:CANCEL).

What outside programs need (RFC 5545, 5546, 6047), checked with Mozilla's ical.js:

- every calendar carries the VTIMEZONE of the site's time zone (Asia/Dhaka), so that
  `DTSTART;TZID=Asia/Dhaka:...T093000` is read as 03:30 UTC, not as floating time; it is also
  the component that keeps a calendar without events valid;
- every event names its ORGANIZER, the training unit (`settings.TRAINING_UNIT_EMAIL`);
- DTSTAMP is the session's last change, so the same data gives the same bytes (feeds answer
  conditional requests by the body's ETag);
- the reader's language: summaries and descriptions in Bangla for a Bangla reader.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from lms.formatting import localise_numbers
from lms.portal import portal_host
from lms.translation import bilingual, pages_in_language
from workshops.models import Batch, Session

PRODID = "-//GPMS Training//Workshops//EN"


@dataclass(frozen=True)
class CalendarFile:
    """An iCalendar document and the METHOD it declares (the MIME part of an e-mail must
    say the same, RFC 6047 2.4)."""

    body: bytes
    method: str


def session_uid(session: Session) -> str:
    return f"session-{session.pk}@{uid_domain()}"


def uid_domain() -> str:
    return portal_host() or "gpms-training"


def calendar_build(
    sessions: Iterable[Session],
    *,
    name: str = "",
    method: str = "PUBLISH",
    language: str | None = None,
    with_trainers: bool = True,
) -> bytes:
    """An iCalendar document with the site's VTIMEZONE and one VEVENT per session, written
    for a reader of `language` (None: the active language). `with_trainers=False` leaves
    the trainers' names out (the public .ics of a batch)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    sessions = list(sessions)
    with translation.override(language):
        titles = _event_titles(sessions, language)
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", method)
        if name:
            cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", settings.TIME_ZONE)
        cal.add_component(Timezone.from_tzid(settings.TIME_ZONE))
        for session in sessions:
            event = session_event(
                session,
                title=titles[session.batch.event_id],
                language=language,
                with_trainers=with_trainers,
            )
            cal.add_component(event)
        return cal.to_ical()


def _event_titles(sessions: list[Session], language: str) -> dict[int, str]:
    """The title of each session's event in `language` (its live translation, else the
    original), by event id; one query."""
    events = list({s.batch.event_id: s.batch.event for s in sessions}.values())
    return {
        event.pk: local.title
        for event, local in zip(events, pages_in_language(events, language), strict=True)
    }


def _organizer() -> vCalAddress:
    organizer = vCalAddress(f"mailto:{settings.TRAINING_UNIT_EMAIL}")
    organizer.params["cn"] = vText(settings.TRAINING_UNIT_NAME)
    return organizer


def session_event(
    session: Session, *, title: str, language: str, with_trainers: bool = True
) -> Event:
    batch = session.batch
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    # The session's last change, not the time of this request: the same sessions give the
    # same bytes, which is what a feed's ETag is made of.
    event.add("dtstamp", session.updated_at)
    event.add("dtstart", timezone.localtime(session.starts_at))
    event.add("dtend", timezone.localtime(session.ends_at))
    event.add("organizer", _organizer())
    topic = bilingual(session.topic, session.topic_bn, language)
    event.add("summary", f"{topic} – {title}" if topic else title)
    event.add("location", ", ".join(x for x in [session.room, batch.venue] if x))
    event.add("description", _description(session, title, language, with_trainers))
    event.add("last-modified", session.updated_at)
    cancelled = batch.status == Batch.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _description(session: Session, title: str, language: str, with_trainers: bool) -> str:
    batch = session.batch
    lines = [
        _("%(event)s, batch %(number)s")
        % localise_numbers({"event": title, "number": batch.number})
    ]
    trainers = (
        [bilingual(a.trainer.name, a.trainer.name_bn, language) for a in session.trainers.all()]
        if with_trainers
        else []
    )
    if trainers:
        lines.append(_("Trainers: %(names)s") % {"names": ", ".join(trainers)})
    return "\n".join(lines)


def calendar_last_modified(sessions: Iterable[Session]) -> datetime | None:
    """The latest change among the sessions, their batches and their event pages (the
    Last-Modified of a feed); None for no sessions."""
    stamps = []
    for session in sessions:
        stamps += [session.updated_at, session.batch.updated_at]
        if session.batch.event.last_published_at:
            stamps.append(session.batch.event.last_published_at)
    return max(stamps, default=None)


def _batch_sessions(batch: Batch) -> list[Session]:
    return list(
        Session.objects.filter(batch=batch)
        .select_related("batch__event")
        .prefetch_related("trainers__trainer")
        .order_by("starts_at")
    )


def batch_calendar_method(batch: Batch) -> str:
    """CANCEL for a cancelled batch (its sessions are withdrawn), else PUBLISH."""
    return "CANCEL" if batch.status == Batch.Status.CANCELLED else "PUBLISH"


def batch_calendar(
    batch: Batch, *, language: str | None = None, with_trainers: bool = True
) -> CalendarFile:
    """The .ics of all sessions of a batch, for a reader of `language`: attached to
    confirmation, change and cancellation e-mails, and (without the trainers' names) the
    public "Add to calendar" file of the event page."""
    method = batch_calendar_method(batch)
    with translation.override(language or translation.get_language()):
        body = calendar_build(
            _batch_sessions(batch),
            name=_("%(event)s, batch %(number)s")
            % localise_numbers(
                {"event": _event_titles_of_batch(batch, language), "number": batch.number}
            ),
            method=method,
            language=language,
            with_trainers=with_trainers,
        )
    return CalendarFile(body=body, method=method)


def _event_titles_of_batch(batch: Batch, language: str | None) -> str:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return pages_in_language([batch.event], language)[0].title
