"""Reports on workshops data: participation and attendance.

Every figure is aggregated in the database (`.values().annotate()`), so a report issues a
fixed handful of queries whatever the number of participants, batches or attendance marks;
pandas then joins, orders and derives rates.

Who counts as a participant:
- "actual" (participation report) and every breakdown: distinct participants with a
  confirmed nomination. A confirmed seat is what the programme reports to the Cabinet
  Division and the funder (the CoP figures: 150, 60, 20 and 179), and the one figure every
  event has, including past events whose attendance was never taken.
- "attended": distinct participants marked present or late at one session at least, shown
  beside it where attendance has been recorded for the event (empty where it has not), so
  that no-shows are visible without changing the headline figure.
"""

from __future__ import annotations

import pandas as pd
from django.db.models import Count, Exists, F, Func, IntegerField, Min, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.reports import (
    Chart,
    ReportError,
    bar_chart,
    per_batch_chart,
    records_frame,
    register,
    set_filter_choices,
    sql_frame,
)
from lms.scoped_cache import PAGES
from lms.translation import default_language, in_default_language
from workshops import hooks as workshop_hooks
from workshops.caching import BATCHES
from workshops.completion import attendance_suffices
from workshops.models import (
    Attendance,
    Batch,
    EventPage,
    Nomination,
    Organisation,
    Participant,
    ProgrammePage,
    Session,
)

ATTENDED = [Attendance.Status.PRESENT, Attendance.Status.LATE]
CONFIRMED = Nomination.Status.CONFIRMED


# --- filters -------------------------------------------------------------------------------


def event_scope(
    *, programme: str | None = None, event: str | None = None, date_from=None, date_to=None
) -> Q:
    """A Q on EventPage for the programme (slug), the event (slug) and events overlapping the
    date range. Raises ReportError for a slug that names nothing.

    Only default-language pages: translations share the slugs, and batches, nominations and
    attendance hang off the originals, so a translation would be an empty repeat."""
    q = Q(locale__language_code=default_language())
    if programme:
        programmes = in_default_language(ProgrammePage.objects.filter(slug=programme))
        found = programmes.values_list("path", flat=True)[:1]
        if not found:
            raise ReportError(_("There is no programme “%(slug)s”.") % {"slug": programme})
        q &= Q(path__startswith=found[0])
    if event:
        if not EventPage.objects.filter(slug=event).exists():
            raise ReportError(_("There is no event “%(slug)s”.") % {"slug": event})
        q &= Q(slug=event)
    if date_from:
        q &= Q(end_date__gte=date_from)
    if date_to:
        q &= Q(start_date__lte=date_to)
    return q


def batch_scope(*, prefix: str = "", date_from=None, date_to=None, **event_filters) -> Q:
    """A Q on a model reaching Batch through `prefix` ("" for Batch itself, "batch__",
    "session__batch__"): the batch's event in scope and the batch overlapping the dates."""
    scope = event_scope(**event_filters)
    q = Q(**{f"{prefix}event__in": EventPage.objects.filter(scope).values("pk")})
    if date_from:
        q &= Q(**{f"{prefix}end_date__gte": date_from})
    if date_to:
        q &= Q(**{f"{prefix}start_date__lte": date_to})
    return q


def organisation_scope(organisation: int | None, *, prefix: str = "participant__") -> Q:
    """Participants of the organisation or of an organisation under it (a ministry's
    divisions). Raises ReportError for an unknown id."""
    if not organisation:
        return Q()
    if not Organisation.objects.filter(pk=organisation).exists():
        raise ReportError(_("There is no organisation with id %(id)s.") % {"id": organisation})
    return Q(**{f"{prefix}organisation_id": organisation}) | Q(
        **{f"{prefix}organisation__parent_id": organisation}
    )


def _confirmed(*, organisation=None, **filters):
    return Nomination.objects.filter(
        batch_scope(prefix="batch__", **filters),
        organisation_scope(organisation),
        status=CONFIRMED,
    )


def _rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """Percentage rounded to one decimal; empty where the denominator is 0."""
    rate = (numerator * 100 / denominator.where(denominator > 0)).round(1)
    return rate.astype(object).where(rate.notna(), None)


# --- participation --------------------------------------------------------------------------


def participation(*, organisation=None, **filters) -> pd.DataFrame:
    """One row per event: programme, title, dates, planned and actual (confirmed)
    participants, batches, attended participants (where attendance is recorded) and the
    actual figure as a share of the planned one."""
    who = organisation_scope(organisation)
    recorded = Exists(Attendance.objects.filter(batch__event=OuterRef("pk")))
    events = records_frame(
        EventPage.objects.filter(event_scope(**filters))
        .annotate(recorded=recorded)
        .order_by("start_date", "path")
        .values_list(
            "pk", "path", "title", "start_date", "end_date", "planned_participants", "recorded"
        ),
        ["event_id", "path", "event", "start_date", "end_date", "planned", "recorded"],
    )
    event_ids = events.event_id.tolist()
    batches = dict(
        Batch.objects.filter(event__in=event_ids)
        .exclude(status=Batch.Status.CANCELLED)
        .values("event")
        .annotate(n=Count("pk"))
        .values_list("event", "n")
    )
    confirmed = dict(
        Nomination.objects.filter(who, status=CONFIRMED, batch__event__in=event_ids)
        .values("batch__event")
        .annotate(n=Count("participant", distinct=True))
        .values_list("batch__event", "n")
    )
    # The heaviest query of the report: distinct attendees over every attendance mark.
    attended = dict(
        Attendance.objects.filter(who, status__in=ATTENDED, batch__event__in=event_ids)
        .values("batch__event")
        .annotate(n=Count("participant", distinct=True))
        .values_list("batch__event", "n")
    )
    programmes = dict(ProgrammePage.objects.values_list("path", "title"))
    return _participationrecords_frame(events, programmes, batches, confirmed, attended)


def _participationrecords_frame(events, programmes, batches, confirmed, attended) -> pd.DataFrame:
    columns = [
        "programme",
        "event",
        "start_date",
        "end_date",
        "planned",
        "actual",
        "batches",
        "attended",
        "of_planned",
    ]
    if events.empty:
        return pd.DataFrame(columns=columns)
    steplen = ProgrammePage.steplen
    events["programme"] = events.path.map(lambda path: programmes.get(path[:-steplen], ""))
    for column, figures in [("batches", batches), ("confirmed", confirmed), ("attended", attended)]:
        events[column] = events.event_id.map(figures).fillna(0).astype(int)
    recorded = events.recorded.astype(bool)
    events["actual"] = events.confirmed
    events["of_planned"] = _rate(events.actual, events.planned.astype(float))
    events["attended"] = events.attended.astype(object).where(recorded, None)
    # A whole number of people (the column is float only because some events plan none).
    events["planned"] = pd.Series(
        [None if pd.isna(v) else int(v) for v in events.planned], index=events.index, dtype=object
    )
    return events[columns].reset_index(drop=True)


PARTICIPATION_LABELS = {
    "programme": _("Programme"),
    "event": _("Event"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "planned": _("Planned participants"),
    "actual": _("Actual participants"),
    "batches": _("Batches"),
    "confirmed": _("Confirmed"),
    "attended": _("Attended"),
    "of_planned": _("Actual of planned (%)"),
    "participants": _("Participants"),
    "share": _("Share (%)"),
}


def _breakdown(nominations, key: str, label_key: str, order: list[str]) -> pd.DataFrame:
    frame = records_frame(
        nominations.values(key)
        .annotate(participants=Count("participant", distinct=True))
        .values_list(key, label_key, "participants")
        .order_by(*order),
        ["key", "label", "participants"],
    )
    total = frame.participants.sum()
    frame["share"] = _rate(frame.participants, pd.Series([total] * len(frame), dtype="float"))
    return frame


def participation_by_rank(**filters) -> pd.DataFrame:
    """Confirmed participants per rank, most senior first (officers without a rank last)."""
    frame = _breakdown(
        _confirmed(**filters),
        "participant__rank",
        "participant__rank__name",
        [F("participant__rank__order").asc(nulls_last=True), "participant__rank__name"],
    )
    frame["label"] = frame.label.fillna(str(_("No rank")))
    return frame.rename(columns={"label": "rank"})[["rank", "participants", "share"]]


def participation_by_organisation(**filters) -> pd.DataFrame:
    """Confirmed participants per organisation, largest first."""
    frame = _breakdown(
        _confirmed(**filters),
        "participant__organisation",
        "participant__organisation__name",
        ["participant__organisation__name"],
    )
    frame["label"] = frame.label.fillna(str(_("No organisation")))
    frame = frame.sort_values(["participants", "label"], ascending=[False, True], kind="stable")
    frame = frame.rename(columns={"label": "organisation"})
    return frame[["organisation", "participants", "share"]].reset_index(drop=True)


def participation_by_gender(**filters) -> pd.DataFrame:
    """Confirmed participants per gender as recorded (“Not stated” where blank)."""
    frame = _breakdown(
        _confirmed(**filters), "participant__gender", "participant__gender", ["participant__gender"]
    )
    names = dict(Participant.Gender.choices)
    frame["gender"] = frame.key.map(lambda value: str(names.get(value or "", value)))
    return frame[["gender", "participants", "share"]]


def participation_by_programme(**filters) -> pd.DataFrame:
    """Confirmed participants and batches per programme (an event's parent page)."""
    parent_path = Substr(
        "batch__event__path", 1, Length("batch__event__path") - ProgrammePage.steplen
    )
    frame = records_frame(
        _confirmed(**filters)
        .annotate(programme_path=parent_path)
        .values("programme_path")
        .annotate(
            participants=Count("participant", distinct=True),
            batches=Count("batch", distinct=True),
        )
        .values_list("programme_path", "participants", "batches"),
        ["path", "participants", "batches"],
    )
    programmes = dict(ProgrammePage.objects.values_list("path", "title"))
    frame.insert(0, "programme", frame.path.map(programmes))
    return frame.drop(columns=["path"]).sort_values("programme").reset_index(drop=True)


def participation_by_batch(*, organisation=None, **filters) -> pd.DataFrame:
    """Per batch: its event, number, dates, status, capacity, confirmed and wait-listed
    nominations, and the share of seats filled."""
    who = organisation_scope(organisation)
    frame = records_frame(
        Batch.objects.filter(batch_scope(**filters))
        .annotate(
            confirmed=Count("nominations", filter=who & Q(nominations__status=CONFIRMED)),
            waitlisted=Count(
                "nominations", filter=who & Q(nominations__status=Nomination.Status.WAITLISTED)
            ),
        )
        .order_by("start_date", "event__title", "number")
        .values_list(
            "event__title",
            "number",
            "start_date",
            "end_date",
            "status",
            "capacity",
            "confirmed",
            "waitlisted",
        ),
        [
            "event",
            "batch",
            "start_date",
            "end_date",
            "status",
            "capacity",
            "confirmed",
            "waitlisted",
        ],
    )
    statuses = dict(Batch.Status.choices)
    frame["status"] = frame.status.map(lambda value: str(statuses.get(value, value)))
    frame["seats_filled"] = _rate(frame.confirmed, frame.capacity)
    return frame


# --- attendance -----------------------------------------------------------------------------


def _status_counts(prefix: str = "") -> dict:
    return {
        status: Count("pk", filter=Q(**{f"{prefix}status": status}))
        for status in Attendance.Status.values
    }


def attendance_by_batch(*, organisation=None, **filters) -> pd.DataFrame:
    """Per batch: sessions held, attendance marks by status and the attendance rate
    (present + late over all marks recorded; excused absences count as absences)."""
    batches = Batch.objects.filter(batch_scope(**filters))
    marks = records_frame(
        Attendance.objects.filter(organisation_scope(organisation), batch__in=batches.values("pk"))
        .values("batch")
        .annotate(**_status_counts())
        .values_list("batch", *Attendance.Status.values),
        ["batch_id", *Attendance.Status.values],
    )
    frame = records_frame(
        batches.annotate(session_count=Count("sessions"))
        .order_by("start_date", "event__title", "number")
        .values_list("pk", "event__title", "number", "start_date", "end_date", "session_count"),
        ["batch_id", "event", "batch", "start_date", "end_date", "sessions"],
    )
    frame = frame.merge(marks, on="batch_id", how="left")
    return _with_rate(frame).drop(columns=["batch_id"])


def _with_rate(frame: pd.DataFrame) -> pd.DataFrame:
    statuses = Attendance.Status.values
    frame[statuses] = frame[statuses].fillna(0).astype(int)
    frame["marks"] = frame[statuses].sum(axis=1)
    frame["rate"] = _rate(frame.present + frame.late, frame.marks)
    return frame


def attendance_by_session(*, organisation=None, **filters) -> pd.DataFrame:
    """Per session in time order: its batch, start, topic, marks by status and the rate."""
    sessions = Session.objects.filter(batch_scope(prefix="batch__", **filters))
    marks = records_frame(
        Attendance.objects.filter(organisation_scope(organisation), session__in=sessions)
        .values("session")
        .annotate(**_status_counts())
        .values_list("session", *Attendance.Status.values),
        ["session_id", *Attendance.Status.values],
    )
    frame = records_frame(
        sessions.order_by("starts_at", "batch__number", "pk").values_list(
            "pk", "batch__event__title", "batch__number", "starts_at", "topic"
        ),
        ["session_id", "event", "batch", "starts_at", "topic"],
    )
    frame = frame.merge(marks, on="session_id", how="left")
    return _with_rate(frame).drop(columns=["session_id"])


ATTENDANCE_LABELS = {
    "event": _("Event"),
    "batch": _("Batch"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "starts_at": _("Session starts"),
    "topic": _("Topic"),
    "sessions": _("Sessions"),
    "present": _("Present"),
    "late": _("Late"),
    "excused": _("Excused"),
    "absent": _("Absent"),
    "marks": _("Marks recorded"),
    "rate": _("Attendance rate (%)"),
}


def _session_label(frame: pd.DataFrame) -> pd.Series:
    return (
        frame.batch.astype(str).radd("#")
        + " "
        + frame.starts_at.map(lambda value: timezone.localtime(value).strftime("%d %b %H:%M"))
    )


# --- completion -----------------------------------------------------------------------------


def completion(*, organisation=None, **filters) -> pd.DataFrame:
    """Per batch: confirmed participants, how many completed it and the completion rate.

    The rule is workshops' own (`workshops.completion`): attended (present or late) at least
    `sessions_needed` of the sessions that count for the participant (those starting after
    they joined), plus every registered requirement (post-test, course) where the event asks
    for one. Nominations without a late join are decided in one statement: those that
    attendance alone decides are counted per batch in the database, so a million attendance
    marks never leave it; those whose event asks for more come back one row each for the
    requirement hook, which answers for all their batches at once. Late joiners, a few,
    have only the sessions from their joining counted.
    """
    batches = records_frame(
        Batch.objects.filter(batch_scope(**filters))
        .order_by("start_date", "event__title", "number")
        .values_list("pk", "event__title", "number", "start_date", "end_date"),
        ["batch_id", "event", "batch", "start_date", "end_date"],
    )
    if batches.empty:
        return _completion_frame(batches, pd.DataFrame(columns=COUNTS))
    batch_ids = batches.batch_id.tolist()
    confirmed = Nomination.objects.filter(
        organisation_scope(organisation), batch__in=batch_ids, status=CONFIRMED
    ).order_by()
    on_time = _on_time_completion(confirmed.filter(joined_at=None), batch_ids)
    decided_here = on_time.participant_id.isna()
    one_by_one = pd.concat(
        [
            on_time.loc[~decided_here, ["batch_id", "participant_id", "completed"]].astype(
                {"participant_id": int}
            ),
            _late_completion(confirmed.exclude(joined_at=None)),
        ]
    )
    summary = (
        pd.concat([on_time.loc[decided_here, COUNTS], _with_requirements(one_by_one)])
        .groupby("batch_id", as_index=False)[["confirmed", "completed"]]
        .sum()
    )
    return _completion_frame(batches, summary)


COUNTS = ["batch_id", "confirmed", "completed"]


def _completion_frame(batches: pd.DataFrame, summary: pd.DataFrame) -> pd.DataFrame:
    frame = batches.merge(summary, on="batch_id", how="left")
    frame[["confirmed", "completed"]] = frame[["confirmed", "completed"]].fillna(0).astype(int)
    frame["not_completed"] = frame.confirmed - frame.completed
    frame["completion_rate"] = _rate(frame.completed, frame.confirmed)
    return frame.drop(columns=["batch_id"])


# Every session of the batch counts; attended marks are grouped per (batch, participant)
# once, read in order from the partial index attendance_attended_per_batch (COUNT(*) needs
# no other column), then joined to the nominations. Grouping by the participant only where
# the event asks for more keeps one row per batch for the rest, one per nomination for those.
# `attendance_suffices` in SQL: some sessions count, and attended >= ceil(counted * percent
# / 100), which for a whole number attended is attended * 100 >= counted * percent.
ON_TIME_COMPLETION_SQL = """
    SELECT nominee.batch_ref, CASE WHEN nominee.asks THEN nominee.person END, COUNT(*),
        SUM(CASE WHEN sessions.counted > 0
                  AND COALESCE(marks.attended, 0) * 100 >= sessions.counted * nominee.min_percent
            THEN 1 ELSE 0 END)
    FROM {nominee} nominee
    LEFT JOIN {sessions} sessions ON sessions.batch_ref = nominee.batch_ref
    LEFT JOIN {marks} marks
        ON marks.batch_ref = nominee.batch_ref AND marks.person = nominee.person
    GROUP BY nominee.batch_ref, CASE WHEN nominee.asks THEN nominee.person END
"""


def _on_time_completion(nominations, batch_ids: list[int]) -> pd.DataFrame:
    """Confirmed and completed (on attendance) per batch, with `participant_id` empty; per
    nomination, with it, where the event asks for a requirement as well."""
    return sql_frame(
        ON_TIME_COMPLETION_SQL,
        ["batch_id", "participant_id", "confirmed", "completed"],
        nominee=nominations.values(
            batch_ref=F("batch"),
            person=F("participant"),
            min_percent=F("batch__event__min_attendance_percent"),
            asks=F("batch__event__requires_post_test"),
        ),
        sessions=Session.objects.filter(batch__in=batch_ids)
        .values(batch_ref=F("batch"))
        .annotate(counted=Count("pk"))
        .order_by(),
        marks=Attendance.objects.filter(batch__in=batch_ids, status__in=ATTENDED)
        .values(batch_ref=F("batch"), person=F("participant"))
        .annotate(attended=Count("*"))  # "*": read from the index alone
        .order_by(),
    )


def _late_completion(nominations) -> pd.DataFrame:
    """Whether each late joiner completed on attendance: the sessions starting from the
    moment they joined count, and those before at which they were marked present or late.
    They are few, so each is counted by correlated subqueries on indexes: their batch's
    sessions from then on, their attended marks, and those of them before joining."""
    since_joining = {"batch": OuterRef("batch"), "starts_at__gte": OuterRef("joined_at")}
    attended_marks = Attendance.objects.filter(
        batch=OuterRef("batch"), participant=OuterRef("participant"), status__in=ATTENDED
    )
    counts = records_frame(
        nominations.annotate(
            since=_count(Session.objects.filter(**since_joining)),
            attended=_count(attended_marks),
            # attended before joining: counted too (workshops.completion.session_counts)
            before=_count(attended_marks.filter(session__starts_at__lt=OuterRef("joined_at"))),
        ).values_list(
            "batch",
            "participant",
            "batch__event__min_attendance_percent",
            "since",
            "attended",
            "before",
        ),
        ["batch_id", "participant_id", "min_percent", "since", "attended", "before"],
    )
    counts["completed"] = [
        attendance_suffices(
            attended=int(attended), counted=int(since) + int(before), min_percent=int(pct)
        )
        for attended, since, before, pct in zip(
            counts.attended, counts.since, counts.before, counts.min_percent, strict=True
        )
    ]
    return counts[["batch_id", "participant_id", "completed"]]


def _count(rows) -> Subquery:
    """How many `rows` (a queryset with OuterRefs) there are, as a scalar subquery."""
    count = Func(template="COUNT(*)", output_field=IntegerField())
    return Subquery(rows.order_by().annotate(n=count).values("n"))


def _with_requirements(people: pd.DataFrame) -> pd.DataFrame:
    """Confirmed and completed per batch from one row per nomination with `completed` on
    attendance: completed stays true only where every requirement of the event is passed."""
    if people.empty:
        return pd.DataFrame(columns=COUNTS)
    people = people.reset_index(drop=True).astype({"completed": bool})
    people["completed"] &= _requirements_passed(people)
    return (
        people.assign(confirmed=1)
        .groupby("batch_id", as_index=False)[["confirmed", "completed"]]
        .sum()
    )


def _requirements_passed(people: pd.DataFrame) -> pd.Series:
    """Whether each (batch, participant) passed every requirement its event asks for; the
    hook answers for all batches at once."""
    asking = Batch.objects.filter(
        pk__in=people.batch_id.unique().tolist(), event__requires_post_test=True
    ).select_related("event")
    members: dict[int, list[int]] = {}
    for batch, pid in zip(people.batch_id.tolist(), people.participant_id.tolist(), strict=True):
        members.setdefault(batch, []).append(pid)
    wanted = {batch: members[batch.pk] for batch in asking}
    if not wanted:
        return pd.Series(True, index=people.index)
    results = workshop_hooks.requirement_results_by_batch(wanted)
    return pd.Series(
        [
            all(ok for ok, _reason in results.get((batch, pid), []))
            for batch, pid in zip(
                people.batch_id.tolist(), people.participant_id.tolist(), strict=True
            )
        ],
        index=people.index,
    )


COMPLETION_LABELS = {
    **ATTENDANCE_LABELS,
    "confirmed": _("Confirmed"),
    "completed": _("Completed"),
    "not_completed": _("Not completed"),
    "completion_rate": _("Completion rate (%)"),
}


# --- registration ---------------------------------------------------------------------------


def _participants_by(title, column: str, column_title, top: int = 0) -> Chart:
    return bar_chart(
        title,
        label=column,
        value="participants",
        x_title=_("Participants"),
        y_title=column_title,
        top=top,
    )


def _programme_choices() -> list[tuple[str, str]]:
    # Operational data hangs off the default-language pages; translations would repeat them.
    programmes = in_default_language(ProgrammePage.objects.all())
    return list(programmes.order_by("path").values_list("slug", "title"))


def _event_choices() -> list[tuple[str, str]]:
    events = in_default_language(EventPage.objects.order_by("start_date", "path"))
    return [
        (slug, f"{title} ({start:%d %b %Y})")
        for slug, title, start in events.values_list("slug", "title", "start_date")
    ]


def _organisation_choices() -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in Organisation.objects.values_list("pk", "name")]


set_filter_choices("programme", _programme_choices)
set_filter_choices("event", _event_choices)
set_filter_choices("organisation", _organisation_choices)

# Kept on the admin pages until a workshops service changes a batch (members, sessions,
# marks) or a page is published; participants' own details (rank, gender) edited in the
# admin show after SCOPED_CACHE_SECONDS.
KEPT_UNTIL = (BATCHES, PAGES)
# The columns that hold percentages (30.0 for 30 %): real percentages in .xlsx.
PERCENTAGES = ("of_planned", "share", "seats_filled", "rate", "completion_rate")

register(
    "participation",
    scopes=KEPT_UNTIL,
    title=_("Participation: planned and actual per event"),
    description=_(
        "One row per event. Actual participants hold a confirmed nomination; attended are "
        "those present at one session at least, where attendance has been recorded."
    ),
    percentages=PERCENTAGES,
    func=participation,
    labels=PARTICIPATION_LABELS,
    chart=bar_chart(
        _("Actual participants per event"),
        label="event",
        value="actual",
        x_title=_("Participants"),
        y_title=_("Event"),
    ),
)
register(
    "participation-by-programme",
    scopes=KEPT_UNTIL,
    title=_("Participation by programme"),
    description=_("Distinct participants with a confirmed nomination, and batches."),
    percentages=PERCENTAGES,
    func=participation_by_programme,
    labels={**PARTICIPATION_LABELS, "programme": _("Programme")},
    chart=_participants_by(_("Participants per programme"), "programme", _("Programme")),
)
register(
    "participation-by-batch",
    scopes=KEPT_UNTIL,
    title=_("Participation by batch: seats filled"),
    description=_("Confirmed and wait-listed nominations against each batch's capacity."),
    percentages=PERCENTAGES,
    func=participation_by_batch,
    labels={
        **PARTICIPATION_LABELS,
        "batch": _("Batch"),
        "status": _("Status"),
        "capacity": _("Capacity"),
        "waitlisted": _("Wait-listed"),
        "seats_filled": _("Seats filled (%)"),
    },
)
register(
    "participation-by-rank",
    scopes=KEPT_UNTIL,
    title=_("Participation by rank"),
    description=_("Distinct participants with a confirmed nomination, by rank."),
    percentages=PERCENTAGES,
    func=participation_by_rank,
    labels={**PARTICIPATION_LABELS, "rank": _("Rank")},
    chart=_participants_by(_("Participants by rank"), "rank", _("Rank")),
)
register(
    "participation-by-organisation",
    scopes=KEPT_UNTIL,
    title=_("Participation by organisation"),
    description=_("Distinct participants with a confirmed nomination, by organisation."),
    percentages=PERCENTAGES,
    func=participation_by_organisation,
    labels={**PARTICIPATION_LABELS, "organisation": _("Organisation")},
    chart=_participants_by(
        _("Participants by organisation (largest first)"),
        "organisation",
        _("Organisation"),
        top=20,
    ),
)
register(
    "participation-by-gender",
    scopes=KEPT_UNTIL,
    title=_("Participation by gender"),
    description=_("Distinct participants with a confirmed nomination, by gender."),
    percentages=PERCENTAGES,
    func=participation_by_gender,
    labels={**PARTICIPATION_LABELS, "gender": _("Gender")},
    chart=_participants_by(_("Participants by gender"), "gender", _("Gender")),
)
register(
    "attendance",
    scopes=KEPT_UNTIL,
    title=_("Attendance rate per batch"),
    description=_(
        "Attendance marks per batch; the rate is present and late over all marks recorded."
    ),
    percentages=PERCENTAGES,
    func=attendance_by_batch,
    labels=ATTENDANCE_LABELS,
    chart=per_batch_chart(
        _("Attendance rate per batch (%)"), value="rate", x_title=_("Attendance rate (%)")
    ),
)
register(
    "attendance-by-session",
    scopes=KEPT_UNTIL,
    title=_("Attendance rate per session"),
    description=_("Each session in time order; filter by event to follow one batch."),
    percentages=PERCENTAGES,
    func=attendance_by_session,
    labels=ATTENDANCE_LABELS,
    chart=Chart(
        kind="line",
        title=_("Attendance rate per session (%)"),
        label=_session_label,
        value="rate",
        x_title=_("Session"),
        y_title=_("Attendance rate (%)"),
        max_points=60,
    ),
)
register(
    "completion",
    scopes=KEPT_UNTIL,
    title=_("Completion per batch"),
    description=_(
        "Confirmed participants who met the event's completion rule: the minimum share of "
        "sessions attended (present or late) and, where asked, a passed post-test or course."
    ),
    percentages=PERCENTAGES,
    func=completion,
    labels=COMPLETION_LABELS,
    chart=per_batch_chart(
        _("Completion rate per batch (%)"),
        value="completion_rate",
        x_title=_("Completion rate (%)"),
    ),
)


# --- nomination calls --------------------------------------------------------------------


def nomination_calls(
    *, programme=None, event=None, date_from=None, date_to=None, organisation=None
) -> pd.DataFrame:
    """Per call and organisation: quota, nominated (waiting, approved or wait-listed now),
    approved, declined, withdrawn, attended (approved and present or late at one session at
    least) and how the organisation answered: "silent" (nobody nominated), "after reminder",
    "short" (fewer than the quota) or "full". Four queries whatever the data."""
    from workshops.models import CallQuota

    scope = event_scope(programme=programme, event=event, date_from=date_from, date_to=date_to)
    events = EventPage.objects.filter(scope).values("pk")
    quotas = CallQuota.objects.filter(call__event__in=events)
    if organisation:
        quotas = quotas.filter(organisation__name=organisation)
    rows = list(
        quotas.values(
            "call_id",
            "call__event__title",
            "call__batch__number",
            "call__deadline",
            "organisation_id",
            "organisation__name",
            "seats",
            "reminded_at",
            "released_seats",
        ).order_by("call__deadline", "call_id", "organisation__name")
    )
    counts = _call_counts([row["call_id"] for row in rows])
    records = []
    for row in rows:
        found = counts.get((row["call_id"], row["organisation_id"]), {})
        records.append(
            {
                "call": _call_label(row),
                "deadline": timezone.localtime(row["call__deadline"]).date(),
                "organisation": row["organisation__name"],
                "quota": row["seats"],
                "nominated": found.get("nominated", 0),
                "approved": found.get("approved", 0),
                "declined": found.get("declined", 0),
                "withdrawn": found.get("withdrawn", 0),
                "attended": found.get("attended", 0),
                "released": row["released_seats"],
                "answer": str(_answer(row, found)),
            }
        )
    columns = [
        "call",
        "deadline",
        "organisation",
        "quota",
        "nominated",
        "approved",
        "declined",
        "withdrawn",
        "attended",
        "released",
        "answer",
    ]
    return pd.DataFrame.from_records(records, columns=columns)


def _call_label(row) -> str:
    if row["call__batch__number"]:
        return str(
            _("%(event)s, batch %(number)s")
            % {"event": row["call__event__title"], "number": row["call__batch__number"]}
        )
    return row["call__event__title"]


def _call_counts(call_ids) -> dict:
    attended = Attendance.objects.filter(
        session__batch=OuterRef("batch"), participant=OuterRef("participant"), status__in=ATTENDED
    )
    status = Nomination.Status
    rows = (
        Nomination.objects.filter(call_id__in=call_ids)
        .values("call_id", "nominated_by_id")
        .annotate(
            nominated=Count(
                "pk", filter=Q(status__in=[status.NOMINATED, CONFIRMED, status.WAITLISTED])
            ),
            approved=Count("pk", filter=Q(status=CONFIRMED)),
            declined=Count("pk", filter=Q(status=status.DECLINED)),
            withdrawn=Count("pk", filter=Q(status=status.WITHDRAWN)),
            attended=Count("pk", filter=Q(Exists(attended), status=CONFIRMED)),
            first=Min("created_at"),
        )
    )
    return {(row["call_id"], row["nominated_by_id"]): row for row in rows}


def _answer(row, found):
    if not found:
        return _("silent")
    if row["reminded_at"] and found["first"] and found["first"] > row["reminded_at"]:
        return _("after reminder")
    if found.get("nominated", 0) < row["seats"]:
        return _("short")
    return _("full")


register(
    "nomination-calls",
    title=_("Nomination calls: quota, nominated, approved, attended"),
    description=_(
        "One row per call and organisation. Silent: nobody nominated; after reminder: the "
        "first nomination came after the deadline reminder; short: fewer than the quota."
    ),
    func=nomination_calls,
    labels={
        "call": _("Call"),
        "deadline": _("Deadline"),
        "organisation": _("Organisation"),
        "quota": _("Quota"),
        "nominated": _("Nominated"),
        "approved": _("Approved"),
        "declined": _("Declined"),
        "withdrawn": _("Withdrawn"),
        "attended": _("Attended"),
        "released": _("Released seats"),
        "answer": _("Answer"),
    },
)
