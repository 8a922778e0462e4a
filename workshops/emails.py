"""E-mails of workshops, built from templates under templates/workshops/email/.

Each message has `<name>_subject.txt`, `<name>.txt` and `<name>.html`, rendered in the
recipient's preferred language (`Participant.preferred_language`): the words, the dates and
numbers (Bangla digits and month names), the recipient's name in that language's script and
the event's title from its translation where one is live. Confirmation and change e-mails
carry the batch's sessions as an .ics attachment.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from lms.portal import portal_url
from lms.translation import bilingual, pages_in_language
from workshops.calendar import CalendarFile, batch_calendar
from workshops.models import Batch, Nomination, Participant, Session, TrainerAssignment

ICS_NAME = "sessions.ics"


def _site_url() -> str:
    return portal_url()


def email_message(
    *,
    name: str,
    to: str,
    context: dict,
    language: str | None = None,
    ics: CalendarFile | None = None,
) -> EmailMultiAlternatives:
    """Render the three templates of `name` for one recipient, in `language` (a code of
    settings.LANGUAGES; None is the site's default); `ics` is attached with its own METHOD
    in the MIME type (RFC 6047 2.4: the part's method and the calendar's must match)."""
    context = {"site_url": _site_url(), "site_name": settings.WAGTAIL_SITE_NAME, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"workshops/email/{name}_subject.txt", context)
        text = render_to_string(f"workshops/email/{name}.txt", context)
        html = render_to_string(f"workshops/email/{name}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[to])
    message.attach_alternative(html, "text/html")
    if ics is not None:
        message.attach(ICS_NAME, ics.body, f"text/calendar; charset=utf-8; method={ics.method}")
    return message


def _sessions(batch: Batch):
    return list(Session.objects.filter(batch=batch).order_by("starts_at"))


def _person_context(participant: Participant, batch: Batch, events: dict) -> dict:
    """What every e-mail to `participant` about `batch` names: them, the batch, the event
    (in their language; `events` caches one lookup per language)."""
    language = participant.preferred_language
    if language not in events:
        events[language] = pages_in_language([batch.event], language)[0]
    return {
        "participant": participant,
        "recipient_name": bilingual(participant.name, participant.name_bn, language),
        "batch": batch,
        "event": events[language],
    }


def nomination_email(nomination: Nomination, *, from_status: str, to_status: str):
    """The message for a nomination that was confirmed, promoted, wait-listed or cancelled;
    None when the participant has no e-mail."""
    participant = nomination.participant
    if not participant.email:
        return None
    batch = nomination.batch
    if to_status == Nomination.Status.CONFIRMED:
        promoted = from_status == Nomination.Status.WAITLISTED
        name = "nomination_promoted" if promoted else "nomination_confirmed"
        ics = batch_calendar(batch, language=participant.preferred_language)
    elif to_status == Nomination.Status.WAITLISTED:
        name, ics = "nomination_waitlisted", None
    else:
        name, ics = "nomination_cancelled", None
    context = {
        **_person_context(participant, batch, {}),
        "nomination": nomination,
        "sessions": _sessions(batch),
    }
    return email_message(
        name=name,
        to=participant.email,
        context=context,
        language=participant.preferred_language,
        ics=ics,
    )


def batch_notice_emails(batch: Batch, *, kind: str) -> list[EmailMultiAlternatives]:
    """'changed' or 'cancelled' notices to every confirmed participant and trainer, each in
    their own language."""
    people = {
        n.participant.pk: n.participant
        for n in batch.nominations.filter(status=Nomination.Status.CONFIRMED).select_related(
            "participant"
        )
    }
    for assignment in TrainerAssignment.objects.filter(session__batch=batch).select_related(
        "trainer"
    ):
        people.setdefault(assignment.trainer.pk, assignment.trainer)
    sessions = _sessions(batch)
    events: dict = {}
    calendars: dict[str, CalendarFile] = {}  # one .ics per language, in the reader's words
    name = "batch_cancelled" if kind == "cancelled" else "batch_changed"
    for p in people.values():
        if p.email and p.preferred_language not in calendars:
            calendars[p.preferred_language] = batch_calendar(batch, language=p.preferred_language)
    return [
        email_message(
            name=name,
            to=p.email,
            context={**_person_context(p, batch, events), "sessions": sessions},
            language=p.preferred_language,
            ics=calendars[p.preferred_language],
        )
        for p in sorted(people.values(), key=lambda p: p.name)
        if p.email
    ]


def batch_message_emails(message) -> list[EmailMultiAlternatives]:
    """A message written to a batch (workshops.BatchMessage), one e-mail per confirmed
    participant with an address: the fixed parts in the reader's language, the subject and
    text as written."""
    from workshops.services.messages import batch_message_readers

    batch, events = message.batch, {}
    sender = message.sent_by.get_full_name() if message.sent_by else ""
    return [
        email_message(
            name="batch_message",
            to=n.participant.email,
            context={
                **_person_context(n.participant, batch, events),
                "message": message,
                "sender": sender or settings.WAGTAIL_SITE_NAME,
            },
            language=n.participant.preferred_language,
        )
        for n in batch_message_readers(batch)
    ]


def reminder_email(*, batch: Batch, participant: Participant, day):
    """The day-before reminder to a participant or trainer of `batch`, in their language;
    None when they have no e-mail."""
    if not participant.email:
        return None
    sessions = [s for s in _sessions(batch) if s.starts_at.astimezone(_tz()).date() == day]
    teaches = set(batch.sessions.filter(trainers__trainer=participant).values_list("pk", flat=True))
    context = {
        **_person_context(participant, batch, {}),
        "sessions": sessions,
        "day": day,
        "is_trainer": bool(teaches),
    }
    return email_message(
        name="reminder",
        to=participant.email,
        context=context,
        language=participant.preferred_language,
    )


def _tz():
    from django.utils import timezone

    return timezone.get_current_timezone()


def call_email(*, call, user, kind: str):
    """The call ("sent") or its deadline reminder ("reminder") to one focal point, in their
    language, with their organisations' quotas and a link to their page; None without an
    e-mail address."""
    from django.urls import reverse

    from workshops.permissions import focal_organisation_ids

    if not user.email:
        return None
    language = user.preferred_language or settings.LANGUAGE_CODE
    ids = focal_organisation_ids(user)
    with translation.override(language):
        event = pages_in_language([call.event], language)[0]
        link = portal_url(reverse("workshops:focal_call", args=[call.pk]))
        quotas = [q for q in call.quotas.select_related("organisation") if q.organisation_id in ids]
        ranks = [r.local_name for r in call.ranks.all()]
    context = {
        "recipient_name": user.get_full_name() or user.email,
        "call": call,
        "event": event,
        "quotas": quotas,
        "ranks": ranks,
        "link": link,
        "kind": kind,
    }
    return email_message(name="call_sent", to=user.email, context=context, language=language)


def nomination_declined_email(*, nomination, user):
    """Tell the focal point who nominated an officer that the training unit declined the
    nomination, naming the officer and the reason, in the focal point's language, with a
    link to the call's page; None without an e-mail address."""
    from django.urls import reverse

    if not user.email:
        return None
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        event = pages_in_language([nomination.batch.event], language)[0]
        link = portal_url(reverse("workshops:focal_call", args=[nomination.call_id]))
    context = {
        "recipient_name": user.get_full_name() or user.email,
        "officer": bilingual(nomination.participant.name, nomination.participant.name_bn, language),
        "event": event,
        "batch": nomination.batch,
        "reason": nomination.decline_reason,
        "link": link,
    }
    return email_message(
        name="nomination_declined", to=user.email, context=context, language=language
    )
