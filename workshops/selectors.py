"""Read-side queries of workshops: completion, registers, trainers' and trainees' sessions.

Each function answers from a fixed number of queries, whatever the size of the batch.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from workshops import hooks
from workshops.completion import ATTENDED, SessionFact, completion_evaluate, session_counts
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

    @property
    def attendance_met(self) -> bool:
        """Whether the attendance part of the rule is met (other requirements aside)."""
        return self.counted_sessions > 0 and self.attended >= self.needed


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


@dataclass(frozen=True)
class TimetableBatch:
    """One batch of an event's public timetable: its sessions by day (Dhaka dates)."""

    batch: Batch
    days: list[tuple[date, list[Session]]]


def event_timetable(event: EventPage, batches: list[Batch] | None = None) -> list[TimetableBatch]:
    """The public agenda of an event: the sessions of its batches (`batches`, as
    `event_batches` gives them, read when not given), by batch and day, in time order (one
    query, two without `batches`). Cancelled batches are left out."""
    if batches is None:
        batches = event_batches(event)
    batches = {b.pk: b for b in batches if b.status != Batch.Status.CANCELLED}
    by_batch: dict[int, dict[date, list[Session]]] = {pk: {} for pk in batches}
    for session in Session.objects.filter(batch__in=list(batches)).order_by("starts_at", "pk"):
        day = timezone.localdate(session.starts_at)
        by_batch[session.batch_id].setdefault(day, []).append(session)
    return [
        TimetableBatch(batch=batches[pk], days=list(days.items()))
        for pk, days in by_batch.items()
        if days
    ]


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
            mark = marks.get((nomination.participant_id, session.pk))
            counts = session_counts(
                starts_at=session.starts_at,
                joined_at=nomination.joined_at,
                status=mark.status if mark else None,
            )
            cells.append((session, mark, counts))
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
        cells = []
        for s in sessions:
            status = marks.get((pid, s.pk), "")
            cells.append(
                (s, status, session_counts(starts_at=s.starts_at, joined_at=joined, status=status))
            )
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


def waitlist_places(nominations: list[Nomination]) -> dict[int, int]:
    """For each wait-listed nomination among `nominations`, its place in line: 1 for the next
    to be promoted (one query). Positions keep gaps after promotions; places do not."""
    waiting = [
        n.pk
        for n in nominations
        if n.status == Nomination.Status.WAITLISTED and n.waitlist_position is not None
    ]
    if not waiting:
        return {}
    ahead = (
        Nomination.objects.filter(
            batch=OuterRef("batch"),
            status=Nomination.Status.WAITLISTED,
            waitlist_position__lte=OuterRef("waitlist_position"),
        )
        .order_by()
        .values("batch")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return dict(
        Nomination.objects.filter(pk__in=waiting)
        .annotate(place=Subquery(ahead))
        .values_list("pk", "place")
    )


def waitlisted_nominations(participant: Participant) -> list[Nomination]:
    """The participant's wait-listed nominations in batches not yet over, each with
    `waitlist_place` (2 queries)."""
    nominations = list(
        Nomination.objects.filter(
            participant=participant,
            status=Nomination.Status.WAITLISTED,
            batch__end_date__gte=timezone.localdate(),
        )
        .select_related("batch__event")
        .order_by("batch__start_date", "pk")
    )
    places = waitlist_places(nominations)
    for nomination in nominations:
        nomination.waitlist_place = places.get(nomination.pk)
    return nominations


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


# --- nomination calls ----------------------------------------------------------------------


def officer_find(*, text: str, organisation_ids: set[int]) -> Participant | None:
    """The officer of one of `organisation_ids` whom `text` identifies: an e-mail, else a
    mobile, else an employee ID, normalised as the import does (``workshops.identity``).
    Officers of other organisations are never found (a focal point sees only their own)."""
    from workshops.identity import (
        InvalidMobile,
        normalise_email,
        normalise_employee_id,
        normalise_mobile,
    )

    text = (text or "").strip()
    if not text or not organisation_ids:
        return None
    officers = Participant.objects.filter(organisation_id__in=organisation_ids)
    if "@" in text:
        return officers.filter(email__iexact=normalise_email(text)).first()
    try:
        mobile = normalise_mobile(text)
    except InvalidMobile:
        mobile = ""
    if mobile:
        found = officers.filter(mobile=mobile).first()
        if found is not None:
            return found
    return officers.filter(employee_id=normalise_employee_id(text)).first()


def focal_quota_organisations(organisation_ids: set[int]) -> set[int]:
    """The organisations whose quotas a focal point nominates under: their own and the
    parents of their own (a division's officers count against the ministry's quota)."""
    from workshops.models import Organisation

    parents = Organisation.objects.filter(pk__in=organisation_ids, parent__isnull=False)
    return set(organisation_ids) | set(parents.values_list("parent_id", flat=True))


def focal_calls(organisation_ids: set[int]):
    """The sent calls with a quota for one of the focal point's organisations, newest first."""
    from workshops.models import NominationCall

    quota_orgs = focal_quota_organisations(organisation_ids)
    return (
        NominationCall.objects.filter(sent_at__isnull=False, quotas__organisation_id__in=quota_orgs)
        .select_related("event", "batch__event")
        .distinct()
        .order_by("-deadline")
    )


@dataclass
class QuotaRow:
    organisation: object
    seats: int
    nominated: int
    approved: int
    released: int | None

    @property
    def left(self) -> int:
        return max(self.seats - self.nominated, 0)


def call_quota_rows(call, organisation_ids: set[int] | None = None) -> list[QuotaRow]:
    """Each quota of a call (those of `organisation_ids`' quotas only, when given) with its
    active nominations and those approved, in two queries."""
    from workshops.services.nominations import ACTIVE_STATUSES

    quotas = call.quotas.select_related("organisation")
    if organisation_ids is not None:
        quotas = quotas.filter(organisation_id__in=focal_quota_organisations(organisation_ids))
    counts = {
        row["nominated_by_id"]: row
        for row in Nomination.objects.filter(call=call)
        .values("nominated_by_id")
        .annotate(
            nominated=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
            approved=Count("pk", filter=Q(status=Nomination.Status.CONFIRMED)),
        )
    }
    return [
        QuotaRow(
            organisation=q.organisation,
            seats=q.seats,
            nominated=counts.get(q.organisation_id, {}).get("nominated", 0),
            approved=counts.get(q.organisation_id, {}).get("approved", 0),
            released=q.released_seats,
        )
        for q in quotas
    ]


def call_nominations(call, organisation_ids: set[int] | None = None) -> QuerySet[Nomination]:
    """A call's nominations (of officers of `organisation_ids` only, when given), queue order,
    with their history prefetched."""
    from workshops.models import NominationChange

    rows = Nomination.objects.filter(call=call)
    if organisation_ids is not None:
        rows = rows.filter(participant__organisation_id__in=organisation_ids)
    return (
        rows.select_related(
            "participant__organisation",
            "participant__rank",
            "batch__event",
            "substitute_for__participant",
        )
        .prefetch_related(
            Prefetch("changes", queryset=NominationChange.objects.select_related("changed_by"))
        )
        .order_by("batch__number", "queue_position", "pk")
    )
