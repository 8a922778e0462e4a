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
from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.reports import Chart, ReportError, records_frame, register, set_filter_choices
from workshops import hooks as workshop_hooks
from workshops.completion import sessions_needed
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
    date range. Raises ReportError for a slug that names nothing."""
    q = Q()
    if programme:
        found = ProgrammePage.objects.filter(slug=programme).values_list("path", flat=True)[:1]
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
    recorded = Exists(Attendance.objects.filter(session__batch__event=OuterRef("pk")))
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
        Attendance.objects.filter(who, status__in=ATTENDED, session__batch__event__in=event_ids)
        .values("session__batch__event")
        .annotate(n=Count("participant", distinct=True))
        .values_list("session__batch__event", "n")
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
    events["planned"] = events.planned.astype(object).where(events.planned.notna(), None)
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
        Attendance.objects.filter(
            organisation_scope(organisation), session__batch__in=batches.values("pk")
        )
        .values("session__batch")
        .annotate(**_status_counts())
        .values_list("session__batch", *Attendance.Status.values),
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
    for one. Attendance is aggregated per batch and participant in the database; the
    requirement hook is asked once per batch of such events.
    """
    batches = records_frame(
        Batch.objects.filter(batch_scope(**filters))
        .order_by("start_date", "event__title", "number")
        .values_list(
            "pk",
            "event__title",
            "number",
            "start_date",
            "end_date",
            "event__min_attendance_percent",
            "event__requires_post_test",
        ),
        ["batch_id", "event", "batch", "start_date", "end_date", "min_percent", "post_test"],
    )
    nominations = _completion_nominations(batches, organisation)
    summary = (
        nominations.groupby("batch_id")
        .agg(confirmed=("participant_id", "size"), completed=("eligible", "sum"))
        .reset_index()
        if not nominations.empty
        else pd.DataFrame(columns=["batch_id", "confirmed", "completed"])
    )
    frame = batches.merge(summary, on="batch_id", how="left")
    frame[["confirmed", "completed"]] = frame[["confirmed", "completed"]].fillna(0).astype(int)
    frame["not_completed"] = frame.confirmed - frame.completed
    frame["completion_rate"] = _rate(frame.completed, frame.confirmed)
    return frame.drop(columns=["batch_id", "min_percent", "post_test"])


def _completion_nominations(batches: pd.DataFrame, organisation) -> pd.DataFrame:
    """One row per confirmed nomination of `batches` with `eligible` decided."""
    batch_ids = batches.batch_id.tolist()
    nominations = records_frame(
        Nomination.objects.filter(
            organisation_scope(organisation), batch__in=batch_ids, status=CONFIRMED
        )
        .order_by()
        .values_list("batch", "participant", "joined_at"),
        ["batch_id", "participant_id", "joined_at"],
    )
    if nominations.empty:
        return nominations.assign(eligible=pd.Series(dtype=bool))
    counts = _attended_and_counted(batch_ids, nominations)
    nominations = nominations.merge(counts, on=["batch_id", "participant_id"], how="left")
    nominations = nominations.merge(
        batches[["batch_id", "min_percent", "post_test"]], on="batch_id"
    )
    needed = [
        sessions_needed(int(counted), int(percent))
        for counted, percent in zip(nominations.counted, nominations.min_percent, strict=True)
    ]
    nominations["eligible"] = nominations.attended >= pd.Series(needed, index=nominations.index)
    passed = _requirements_passed(batches[batches.post_test.astype(bool)], nominations)
    if passed is not None:
        nominations["eligible"] &= passed
    return nominations


def _attended_and_counted(batch_ids: list[int], nominations: pd.DataFrame) -> pd.DataFrame:
    """Sessions that count and sessions attended per (batch, participant).

    Most nominations have no `joined_at`: every session of their batch counts, and their
    attended marks are grouped in one query. The few who joined late are counted exactly,
    session by session, in a second query limited to them.
    """
    sessions = dict(
        Session.objects.filter(batch__in=batch_ids)
        .values("batch")
        .annotate(n=Count("pk"))
        .values_list("batch", "n")
    )
    attended = records_frame(
        Attendance.objects.filter(session__batch__in=batch_ids, status__in=ATTENDED)
        .values("session__batch", "participant")
        .annotate(n=Count("pk"))
        .values_list("session__batch", "participant", "n"),
        ["batch_id", "participant_id", "attended"],
    )
    counts = nominations[["batch_id", "participant_id"]].merge(
        attended, on=["batch_id", "participant_id"], how="left"
    )
    counts["attended"] = counts.attended.fillna(0).astype(int)
    counts["counted"] = counts.batch_id.map(sessions).fillna(0).astype(int)
    late = nominations[nominations.joined_at.notna()]
    if not late.empty:
        exact = _late_joiners(late).set_index(["batch_id", "participant_id"])
        counts = counts.set_index(["batch_id", "participant_id"])
        counts.update(exact)
        counts = counts.reset_index().astype({"attended": int, "counted": int})
    return counts


def _late_joiners(late: pd.DataFrame) -> pd.DataFrame:
    """Exact counts for nominations with `joined_at`: only sessions from that moment on."""
    joined = {(row.batch_id, row.participant_id): row.joined_at for row in late.itertuples()}
    sessions = Session.objects.filter(batch__in=late.batch_id.unique().tolist()).values_list(
        "pk", "batch", "starts_at"
    )
    marks = {
        (session, participant): status
        for session, participant, status in Attendance.objects.filter(
            session__batch__in=late.batch_id.unique().tolist(),
            participant__in=late.participant_id.unique().tolist(),
        ).values_list("session", "participant", "status")
    }
    rows = {key: [0, 0] for key in joined}
    for session, batch, starts_at in sessions:
        for (batch_id, participant), joined_at in joined.items():
            if batch_id == batch and starts_at >= joined_at:
                rows[(batch_id, participant)][0] += 1
                rows[(batch_id, participant)][1] += marks.get((session, participant)) in ATTENDED
    return pd.DataFrame(
        [(b, p, counted, attended) for (b, p), (counted, attended) in rows.items()],
        columns=["batch_id", "participant_id", "counted", "attended"],
    )


def _requirements_passed(batches: pd.DataFrame, nominations: pd.DataFrame) -> pd.Series | None:
    """For events requiring a post-test: whether each nomination passed every requirement."""
    if batches.empty:
        return None
    passed = pd.Series(True, index=nominations.index)
    for batch in Batch.objects.filter(pk__in=batches.batch_id.tolist()).select_related("event"):
        rows = nominations.batch_id == batch.pk
        ids = nominations.loc[rows, "participant_id"].tolist()
        results = workshop_hooks.requirement_results(batch=batch, participant_ids=ids)
        passed[rows] = [all(ok for ok, _reason in results.get(pid, [])) for pid in ids]
    return passed


COMPLETION_LABELS = {
    **ATTENDANCE_LABELS,
    "confirmed": _("Confirmed"),
    "completed": _("Completed"),
    "not_completed": _("Not completed"),
    "completion_rate": _("Completion rate (%)"),
}


# --- registration ---------------------------------------------------------------------------


def _programme_choices() -> list[tuple[str, str]]:
    # Operational data hangs off the default-language pages; translations would repeat them.
    programmes = ProgrammePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    return list(programmes.order_by("path").values_list("slug", "title"))


def _event_choices() -> list[tuple[str, str]]:
    return [
        (slug, f"{title} ({start:%d %b %Y})")
        for slug, title, start in EventPage.objects.order_by("start_date", "path").values_list(
            "slug", "title", "start_date"
        )
    ]


def _organisation_choices() -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in Organisation.objects.values_list("pk", "name")]


set_filter_choices("programme", _programme_choices)
set_filter_choices("event", _event_choices)
set_filter_choices("organisation", _organisation_choices)

register(
    "participation",
    title=_("Participation: planned and actual per event"),
    description=_(
        "One row per event. Actual participants hold a confirmed nomination; attended are "
        "those present at one session at least, where attendance has been recorded."
    ),
    func=participation,
    labels=PARTICIPATION_LABELS,
    chart=Chart(
        kind="bar",
        title=_("Actual participants per event"),
        label="event",
        value="actual",
        x_title=_("Participants"),
        y_title=_("Event"),
    ),
)
register(
    "participation-by-programme",
    title=_("Participation by programme"),
    description=_("Distinct participants with a confirmed nomination, and batches."),
    func=participation_by_programme,
    labels={**PARTICIPATION_LABELS, "programme": _("Programme")},
    chart=Chart(
        kind="bar",
        title=_("Participants per programme"),
        label="programme",
        value="participants",
        x_title=_("Participants"),
        y_title=_("Programme"),
    ),
)
register(
    "participation-by-batch",
    title=_("Participation by batch: seats filled"),
    description=_("Confirmed and wait-listed nominations against each batch's capacity."),
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
    title=_("Participation by rank"),
    description=_("Distinct participants with a confirmed nomination, by rank."),
    func=participation_by_rank,
    labels={**PARTICIPATION_LABELS, "rank": _("Rank")},
    chart=Chart(
        kind="bar",
        title=_("Participants by rank"),
        label="rank",
        value="participants",
        x_title=_("Participants"),
        y_title=_("Rank"),
    ),
)
register(
    "participation-by-organisation",
    title=_("Participation by organisation"),
    description=_("Distinct participants with a confirmed nomination, by organisation."),
    func=participation_by_organisation,
    labels={**PARTICIPATION_LABELS, "organisation": _("Organisation")},
    chart=Chart(
        kind="bar",
        title=_("Participants by organisation (largest first)"),
        label="organisation",
        value="participants",
        x_title=_("Participants"),
        y_title=_("Organisation"),
        max_points=25,
    ),
)
register(
    "participation-by-gender",
    title=_("Participation by gender"),
    description=_("Distinct participants with a confirmed nomination, by gender."),
    func=participation_by_gender,
    labels={**PARTICIPATION_LABELS, "gender": _("Gender")},
    chart=Chart(
        kind="bar",
        title=_("Participants by gender"),
        label="gender",
        value="participants",
        x_title=_("Participants"),
        y_title=_("Gender"),
    ),
)
register(
    "attendance",
    title=_("Attendance rate per batch"),
    description=_(
        "Attendance marks per batch; the rate is present and late over all marks recorded."
    ),
    func=attendance_by_batch,
    labels=ATTENDANCE_LABELS,
    chart=Chart(
        kind="bar",
        title=_("Attendance rate per batch (%)"),
        label=lambda f: f.event + " #" + f.batch.astype(str),
        value="rate",
        x_title=_("Attendance rate (%)"),
        y_title=_("Batch"),
    ),
)
register(
    "attendance-by-session",
    title=_("Attendance rate per session"),
    description=_("Each session in time order; filter by event to follow one batch."),
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
    title=_("Completion per batch"),
    description=_(
        "Confirmed participants who met the event's completion rule: the minimum share of "
        "sessions attended (present or late) and, where asked, a passed post-test or course."
    ),
    func=completion,
    labels=COMPLETION_LABELS,
    chart=Chart(
        kind="bar",
        title=_("Completion rate per batch (%)"),
        label=lambda f: f.event + " #" + f.batch.astype(str),
        value="completion_rate",
        x_title=_("Completion rate (%)"),
        y_title=_("Batch"),
    ),
)
