"""Read-side queries of workshops: completion, registers, trainers' and trainees' sessions.

Each function answers from a fixed number of queries, whatever the size of the batch.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from workshops import hooks
from workshops.completion import ATTENDED, SessionFact, completion_evaluate
from workshops.models import Attendance, Batch, EventPage, Nomination, Participant, Session


@dataclass(frozen=True)
class CompletionResult:
    """Whether one participant completed one batch, and why not."""

    participant: Participant
    batch: Batch
    eligible: bool
    attended: int
    counted_sessions: int
    needed: int
    excused: int = 0
    joined_at: object = None
    reasons: list[str] = field(default_factory=list)


def is_confirmed(batch_id: int, participant_id: int) -> bool:
    """Whether the participant holds a confirmed seat in the batch."""
    return Nomination.objects.filter(
        batch_id=batch_id, participant_id=participant_id, status=Nomination.Status.CONFIRMED
    ).exists()


def confirmed_nominations(batch: Batch) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(batch=batch, status=Nomination.Status.CONFIRMED)
        .select_related("participant__organisation", "participant__rank")
        .order_by("participant__name", "pk")
    )


def batch_completion(batch: Batch) -> list[CompletionResult]:
    """Completion of every confirmed participant of `batch`, in name order (4 queries, more
    only through registered requirement functions)."""
    return _completions({batch: list(confirmed_nominations(batch))})[batch.pk]


def event_completion(event: EventPage) -> list[CompletionResult]:
    """Completion of every confirmed nomination in every batch of `event` (a fixed number of
    queries however many batches)."""
    nominations = (
        Nomination.objects.filter(batch__event=event, status=Nomination.Status.CONFIRMED)
        .select_related("batch__event", "participant__organisation", "participant__rank")
        .order_by("batch__number", "participant__name", "pk")
    )
    by_batch: dict[Batch, list[Nomination]] = {}
    batches: dict[int, Batch] = {}
    for nomination in nominations:
        batch = batches.setdefault(nomination.batch_id, nomination.batch)
        by_batch.setdefault(batch, []).append(nomination)
    found = _completions(by_batch)
    return [result for batch in by_batch for result in found[batch.pk]]


def _completions(
    nominations_by_batch: dict[Batch, list[Nomination]],
    sessions: dict[int, list[SessionFact]] | None = None,
    marks: dict[tuple[int, int], dict[int, str]] | None = None,
) -> dict[int, list[CompletionResult]]:
    """Completion of the given nominations, by batch id, in their order: sessions and marks
    (unless given: {(batch id, participant id): {session id: status}}) and the requirements
    of every batch together, so that one batch or fifty cost the same few queries."""
    batch_ids = [batch.pk for batch in nominations_by_batch]
    if sessions is None:
        sessions = _session_facts(batch_ids)
    if marks is None:
        marks = defaultdict(dict)
        for batch_id, pid, sid, status in (
            Attendance.objects.filter(batch__in=batch_ids)
            .order_by()
            .values_list("batch_id", "participant_id", "session_id", "status")
        ):
            marks[(batch_id, pid)][sid] = status
    requiring = {
        batch: [n.participant_id for n in group]
        for batch, group in nominations_by_batch.items()
        if batch.event.requires_post_test
    }
    requirements = hooks.requirement_results_by_batch(requiring) if requiring else {}
    results: dict[int, list[CompletionResult]] = {}
    for batch, group in nominations_by_batch.items():
        event = batch.event
        results[batch.pk] = []
        for nomination in group:
            key = (batch.pk, nomination.participant_id)
            outcome = completion_evaluate(
                sessions=sessions.get(batch.pk, []),
                attendance=marks.get(key, {}),
                joined_at=nomination.joined_at,
                min_percent=event.min_attendance_percent,
                requirement_results=requirements.get(key, []),
            )
            results[batch.pk].append(
                CompletionResult(
                    participant=nomination.participant,
                    batch=batch,
                    eligible=outcome.eligible,
                    attended=outcome.attended,
                    counted_sessions=outcome.counted_sessions,
                    needed=outcome.needed,
                    excused=outcome.excused,
                    joined_at=nomination.joined_at,
                    reasons=outcome.reasons,
                )
            )
    return results


def _session_facts(batch_ids) -> dict[int, list[SessionFact]]:
    facts: dict[int, list[SessionFact]] = defaultdict(list)
    for pk, batch_id, starts_at in (
        Session.objects.filter(batch__in=batch_ids)
        .order_by("starts_at", "pk")
        .values_list("id", "batch_id", "starts_at")
    ):
        facts[batch_id].append(SessionFact(id=pk, starts_at=starts_at))
    return facts


def event_batches(event: EventPage) -> list[Batch]:
    """The batches of an event by number, each with `confirmed_count`, `waitlisted_count` and
    `has_sessions` (one query). Batches belong to the default-language page: a translation of
    the event lists its original's batches."""
    from lms.translation import default_language

    return list(
        Batch.objects.filter(
            event__translation_key=event.translation_key,
            event__locale__language_code=default_language(),
        )
        .annotate(
            confirmed_count=Count("nominations", filter=Q(nominations__status="confirmed")),
            waitlisted_count=Count("nominations", filter=Q(nominations__status="waitlisted")),
            has_sessions=Exists(Session.objects.filter(batch=OuterRef("pk"))),
        )
        .order_by("number")
    )


@dataclass
class RegisterRow:
    nomination: Nomination
    cells: list  # (session, attendance or None, counts: bool)


def batch_register(batch: Batch) -> tuple[list[Session], list[RegisterRow]]:
    """The participants x sessions grid of a batch (3 queries)."""
    sessions = list(Session.objects.filter(batch=batch).order_by("starts_at", "pk"))
    nominations = list(confirmed_nominations(batch))
    marks = {(a.participant_id, a.session_id): a for a in Attendance.objects.filter(batch=batch)}
    rows = []
    for nomination in nominations:
        cells = []
        for session in sessions:
            counts = nomination.joined_at is None or session.starts_at >= nomination.joined_at
            cells.append((session, marks.get((nomination.participant_id, session.pk)), counts))
        rows.append(RegisterRow(nomination=nomination, cells=cells))
    return sessions, rows


@dataclass
class RegisterDay:
    """The register of one day of a batch: its sessions and, per confirmed participant, the
    status of each (or "") and whether it counts for them, with how many of the batch's
    sessions they attended so far."""

    day: date
    days: list[tuple[date, int]]  # every day of the batch with its number of sessions
    sessions: list[Session]
    rows: list[tuple[Nomination, list[tuple[Session, str, bool]], int]]

    @property
    def session_count(self) -> int:
        """Sessions of the whole batch."""
        return sum(count for _day, count in self.days)


def batch_register_day(batch: Batch, day: date | None = None) -> RegisterDay | None:
    """The register of one day of `batch` (4 queries): `day` if the batch has sessions that
    day, else today's, else the first day's. None when the batch has no sessions.

    A day keeps the page small however long the batch: an organiser enters a day's sign-in
    sheets at a time, and a 230-person batch of 20 sessions is a 460-cell page, not 4,600.
    """
    by_day: dict[date, list[Session]] = defaultdict(list)
    for session in Session.objects.filter(batch=batch).order_by("starts_at", "pk"):
        by_day[timezone.localdate(session.starts_at)].append(session)
    if not by_day:
        return None
    if day not in by_day:
        today = timezone.localdate()
        day = today if today in by_day else min(by_day)
    sessions = by_day[day]
    nominations = list(confirmed_nominations(batch))
    marks = dict(
        ((pid, sid), status)
        for pid, sid, status in Attendance.objects.filter(session__in=sessions)
        .order_by()
        .values_list("participant_id", "session_id", "status")
    )
    attended = dict(
        Attendance.objects.filter(batch=batch, status__in=sorted(ATTENDED))
        .order_by()
        .values("participant_id")
        .annotate(n=Count("pk"))
        .values_list("participant_id", "n")
    )
    rows = []
    for nomination in nominations:
        pid, joined = nomination.participant_id, nomination.joined_at
        cells = [
            (s, marks.get((pid, s.pk), ""), joined is None or s.starts_at >= joined)
            for s in sessions
        ]
        rows.append((nomination, cells, attended.get(pid, 0)))
    days = [(d, len(day_sessions)) for d, day_sessions in sorted(by_day.items())]
    return RegisterDay(day=day, days=days, sessions=sessions, rows=rows)


def session_roster(session: Session) -> list[tuple[Participant, Attendance | None]]:
    """The confirmed participants of a session's batch with their mark for it (2 queries)."""
    nominations = confirmed_nominations(session.batch)
    marks = {a.participant_id: a for a in Attendance.objects.filter(session=session)}
    return [(n.participant, marks.get(n.participant_id)) for n in nominations]


def sessions_of_trainer(participant: Participant) -> QuerySet[Session]:
    return (
        Session.objects.filter(trainers__trainer=participant)
        .select_related("batch__event")
        .order_by("starts_at")
        .distinct()
    )


def sessions_of_trainee(participant: Participant) -> QuerySet[Session]:
    """Sessions of the batches the participant is confirmed in."""
    return (
        Session.objects.filter(
            batch__nominations__participant=participant,
            batch__nominations__status=Nomination.Status.CONFIRMED,
        )
        .select_related("batch__event")
        .order_by("starts_at")
    )


def calendar_sessions(participant: Participant) -> QuerySet[Session]:
    """Every session a participant attends or teaches, for their calendar feed."""
    return (
        Session.objects.filter(
            Q(
                batch__nominations__participant=participant,
                batch__nominations__status=Nomination.Status.CONFIRMED,
            )
            | Q(trainers__trainer=participant)
        )
        .select_related("batch__event")
        .prefetch_related(Prefetch("trainers", queryset=_trainers_qs()))
        .order_by("starts_at")
        .distinct()
    )


def _trainers_qs():
    from workshops.models import TrainerAssignment

    return TrainerAssignment.objects.select_related("trainer")


def trainer_candidates(
    *, on: date, search: str = "", certified_only: bool = False, limit: int = 500
) -> list[tuple[Participant, bool]]:
    """Possible trainers: certified ones (through the hook) first, then those who have
    taught before, then everybody else, each by name; with whether they are certified.

    `search` finds words in the name (English or Bangla), e-mail or organisation;
    `certified_only` keeps the trainers certified on `on`."""
    from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When

    from workshops.models import TrainerAssignment

    people = Participant.objects.all()
    for word in search.split():
        people = people.filter(
            Q(name__icontains=word)
            | Q(name_bn__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(organisation__name_bn__icontains=word)
        )
    certified = hooks.certified_trainer_ids(
        participant_ids=people.values_list("pk", flat=True), on=on
    )
    if certified_only:
        people = people.filter(pk__in=certified)
    people = (
        people.select_related("organisation")
        .annotate(
            is_certified=Case(
                When(pk__in=certified, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            has_taught=Exists(TrainerAssignment.objects.filter(trainer=OuterRef("pk"))),
        )
        .order_by("-is_certified", "-has_taught", "name", "pk")
    )
    return [(p, p.is_certified) for p in people[:limit]]


def my_attendance(participant: Participant) -> list[tuple[Batch, CompletionResult, list]]:
    """A trainee's own record: per confirmed batch, completion and the sessions with marks
    (a fixed number of queries however many batches)."""
    nominations = list(
        Nomination.objects.filter(participant=participant, status=Nomination.Status.CONFIRMED)
        .select_related("batch__event", "participant")
        .order_by("batch__start_date")
    )
    sessions: dict[int, list[Session]] = defaultdict(list)
    for session in Session.objects.filter(batch__in=[n.batch_id for n in nominations]).order_by(
        "starts_at", "pk"
    ):
        sessions[session.batch_id].append(session)
    facts = {
        batch_id: [SessionFact(id=s.pk, starts_at=s.starts_at) for s in batch_sessions]
        for batch_id, batch_sessions in sessions.items()
    }
    marks = {
        a.session_id: a
        for a in Attendance.objects.filter(
            participant=participant, batch__in=[n.batch_id for n in nominations]
        )
    }
    statuses: dict[tuple[int, int], dict[int, str]] = defaultdict(dict)
    for mark in marks.values():
        statuses[(mark.batch_id, participant.pk)][mark.session_id] = mark.status
    results = _completions({n.batch: [n] for n in nominations}, facts, statuses)
    return [
        (
            n.batch,
            results[n.batch_id][0],
            [(s, marks.get(s.pk)) for s in sessions[n.batch_id]],
        )
        for n in nominations
    ]
