"""Who may receive a certificate: the eligibility rule of each certificate kind.

Each rule takes the subject (`event` or `batch`, or `course`) and returns everyone who might
receive that kind of certificate for it, eligible or not, with the reasons. The kinds name
their rule in `certificates.kinds`; other apps' rules are read through their selectors:

- attendance: a rule kept here (a confirmed nomination and at least one session of the batch
  attended, present or late). Seminars and one-day workshops give attendance certificates;
  the completion rule (e.g. 80 % of sessions) is for trainings.
- completion: the event's completion rule, owned by workshops
  (`workshops.selectors.batch_completion` / `event_completion`).
- trainer: those holding a valid trainer certification of the course, owned by courses
  (`courses.selectors.trainer_certifications`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from courses.models import CoursePage
from courses.selectors import trainer_certifications
from workshops.models import Attendance, Batch, EventPage, Nomination, Participant
from workshops.selectors import CompletionResult, batch_completion, event_completion


@dataclass(frozen=True)
class Eligibility:
    """Whether one participant may receive a certificate, and why not."""

    participant: Participant
    eligible: bool
    batch: Batch | None = None
    reasons: list[str] = field(default_factory=list)


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


def attendance_eligibility(
    *, event: EventPage | None = None, batch: Batch | None = None
) -> list[Eligibility]:
    """Every live nomination of the batch (or of each batch of the event) by the attendance
    rule (three queries)."""
    batches = [batch] if batch is not None else list(event.batches.all())
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
    return [_attendance_of(nomination, attended, held) for nomination in nominations]


def _attendance_of(nomination: Nomination, attended: dict, held: dict) -> Eligibility:
    reasons = attendance_rule(
        nomination_status=nomination.status,
        attended=attended.get((nomination.batch_id, nomination.participant_id), 0),
        held=len(held.get(nomination.batch_id, ())),
    )
    return Eligibility(nomination.participant, not reasons, nomination.batch, reasons)


# --- completion: the workshops rule ------------------------------------------------------


def _from_completion(results: Iterable[CompletionResult]) -> list[Eligibility]:
    return [
        Eligibility(r.participant, r.eligible, r.batch, [str(reason) for reason in r.reasons])
        for r in results
    ]


def completion_eligibility(
    *, event: EventPage | None = None, batch: Batch | None = None
) -> list[Eligibility]:
    """The confirmed participants of the batch (or of every batch of the event) by the
    event's completion rule, with the batch each completed or not."""
    return _from_completion(batch_completion(batch) if batch else event_completion(event))


# --- trainer: the courses certification --------------------------------------------------


def trainer_eligibility(*, course: CoursePage) -> list[Eligibility]:
    """Everyone holding a valid trainer certification of the course (all eligible)."""
    return [
        Eligibility(certification.participant, True)
        for certification in trainer_certifications(course=course)
    ]
