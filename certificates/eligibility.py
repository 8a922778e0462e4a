"""Who may receive a certificate: the one place where certificates read other apps' rules.

- Completion certificates follow the event's completion rule, owned by workshops:
  `workshops.selectors.batch_completion(batch)` / `event_completion(event)`.
- Attendance certificates use a simpler rule kept here: a confirmed nomination and at least
  one session of the batch attended (present or late). Seminars and one-day workshops give
  attendance certificates; the completion rule (e.g. 80 % of sessions) is for trainings.
- Trainer certificates go to those holding a valid trainer certification of a course:
  `courses.selectors.trainer_certifications(course=...)`, owned by courses.

The other apps' selectors are imported when called, so that this module (and the rest of
certificates) loads before those selectors exist; tests replace them with fakes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module

from django.utils.translation import gettext as _

from certificates.models import Kind
from workshops.models import Attendance, Batch, EventPage, Nomination, Participant


@dataclass(frozen=True)
class Eligibility:
    """Whether one participant may receive a certificate, and why not."""

    participant: Participant
    eligible: bool
    batch: Batch | None = None
    reasons: list[str] = field(default_factory=list)


class EligibilityUnavailable(LookupError):
    """The rule this kind needs is not installed (its app has not shipped its selector)."""


def _selector(module: str, name: str):
    try:
        return getattr(import_module(module), name)
    except (ImportError, AttributeError) as error:
        raise EligibilityUnavailable(f"{module}.{name}") from error


# --- attendance: a pure rule and its data ------------------------------------------------

ATTENDED = {Attendance.Status.PRESENT, Attendance.Status.LATE}


def attendance_rule(*, nomination_status: str, attended: int, held: int) -> list[str]:
    """Reasons why a nomination earns no attendance certificate; empty when it does."""
    if nomination_status != Nomination.Status.CONFIRMED:
        label = Nomination.Status(nomination_status).label
        return [_("nomination is %(status)s, not confirmed") % {"status": str(label).lower()}]
    if held == 0:
        return [_("no attendance has been taken in this batch yet")]
    if attended == 0:
        return [_("attended none of the %(held)d sessions") % {"held": held}]
    return []


def _attendance(batches: Iterable[Batch]) -> list[Eligibility]:
    batches = list(batches)
    nominations = (
        Nomination.objects.filter(batch__in=batches)
        .exclude(status__in=[Nomination.Status.CANCELLED, Nomination.Status.WITHDRAWN])
        .select_related("participant__organisation", "batch", "batch__event")
        .order_by("batch__number", "participant__name")
    )
    attended: dict[tuple[int, int], int] = {}
    held: dict[int, set[int]] = {}
    rows = Attendance.objects.filter(batch__in=batches).values_list(
        "batch_id", "session_id", "participant_id", "status"
    )
    for batch_id, session_id, participant_id, status in rows:
        held.setdefault(batch_id, set()).add(session_id)
        if status in ATTENDED:
            key = (batch_id, participant_id)
            attended[key] = attended.get(key, 0) + 1
    results = []
    for nomination in nominations:
        reasons = attendance_rule(
            nomination_status=nomination.status,
            attended=attended.get((nomination.batch_id, nomination.participant_id), 0),
            held=len(held.get(nomination.batch_id, ())),
        )
        results.append(Eligibility(nomination.participant, not reasons, nomination.batch, reasons))
    return results


# --- completion: the workshops rule ------------------------------------------------------


def _from_completion(results, batch_of) -> list[Eligibility]:
    # workshops' CompletionResult may carry its batch; otherwise it is looked up.
    return [
        Eligibility(
            r.participant,
            r.eligible,
            getattr(r, "batch", None) or batch_of(r.participant),
            [str(reason) for reason in r.reasons],
        )
        for r in results
    ]


def _completion_batch(batch: Batch) -> list[Eligibility]:
    batch_completion = _selector("workshops.selectors", "batch_completion")
    return _from_completion(batch_completion(batch), lambda participant: batch)


def _completion_event(event: EventPage) -> list[Eligibility]:
    event_completion = _selector("workshops.selectors", "event_completion")
    results = event_completion(event)
    if all(getattr(r, "batch", None) for r in results):
        return _from_completion(results, lambda participant: None)
    batches = _confirmed_batches(event, [r.participant.pk for r in results])
    return _from_completion(results, lambda participant: batches.get(participant.pk))


def _confirmed_batches(event: EventPage, participant_ids: list[int]) -> dict[int, Batch]:
    """The batch each participant is confirmed in (the latest one if several)."""
    nominations = (
        Nomination.objects.filter(
            batch__event=event,
            participant_id__in=participant_ids,
            status=Nomination.Status.CONFIRMED,
        )
        .select_related("batch")
        .order_by("batch__start_date")
    )
    return {n.participant_id: n.batch for n in nominations}


# --- trainer: the courses certification --------------------------------------------------


def _trainer(course) -> list[Eligibility]:
    trainer_certifications = _selector("courses.selectors", "trainer_certifications")
    return [
        Eligibility(certification.participant, True)
        for certification in trainer_certifications(course=course)
    ]


def eligibility(*, kind: str, event=None, batch=None, course=None) -> list[Eligibility]:
    """Everyone who might receive a `kind` certificate for the subject, eligible or not.

    Exactly one of event, batch or course is given. Raises EligibilityUnavailable when the
    rule's selector is not installed, and ValueError for a kind the subject cannot have.
    """
    if kind == Kind.TRAINER:
        if course is None:
            raise ValueError(_("Trainer certificates are issued for a ToT course."))
        return _trainer(course)
    if course is not None:
        raise ValueError(_("Courses give trainer certificates only."))
    if kind == Kind.ATTENDANCE:
        return _attendance([batch] if batch else event.batches.all())
    if kind == Kind.COMPLETION:
        return _completion_batch(batch) if batch else _completion_event(event)
    raise ValueError(kind)
