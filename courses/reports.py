"""Reports on courses data: learning gain per batch and per trainer, and the ToT cascade.

Learning gain follows courses' own rule (`courses.scoring.learning_gain`, as in
`courses.selectors.batch_learning_gain`): on the live course linked to the batch's event that
has both tests, the participant's first submitted pre-test against their best post-test,
in percentage points. Every batch in scope is answered from the same few queries.

The cascade: each certified trainer (a trainer certification from a ToT course) -> the
batches in which they trained at least one session -> the officers reached there (distinct
confirmed participants, the trainer excluded).
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from django.db.models import Count, Min, Q
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, QuizAttempt, TrainerCertification
from courses.scoring import average, learning_gain
from lms.reports import Chart, records_frame, register
from workshops.models import Batch, Nomination, TrainerAssignment
from workshops.reports import CONFIRMED, batch_scope, organisation_scope

GAIN_LABELS = {
    "event": _("Event"),
    "batch": _("Batch"),
    "start_date": _("Start date"),
    "course": _("Course"),
    "trainers": _("Trainers"),
    "trainer": _("Trainer"),
    "batches": _("Batches"),
    "confirmed": _("Confirmed"),
    "measured": _("Took both tests"),
    "average_pre": _("Average pre-test (%)"),
    "average_post": _("Average post-test (%)"),
    "average_gain": _("Average gain (points)"),
}


def _batches(filters: dict) -> pd.DataFrame:
    return records_frame(
        Batch.objects.filter(batch_scope(**filters))
        .order_by("start_date", "event__title", "number")
        .values_list("pk", "event_id", "event__title", "number", "start_date"),
        ["batch_id", "event_id", "event", "batch", "start_date"],
    )


def _courses(event_ids: list[int]) -> dict[int, tuple[str, int, int]]:
    """event id -> (course title, pre-test id, post-test id): the first live course with
    both tests that prepares for the event (as `courses.selectors.course_for_event`)."""
    found: dict[int, tuple[str, int, int]] = {}
    for event_id, title, pre, post in (
        CoursePage.objects.live()
        .filter(event_id__in=event_ids, pre_test__isnull=False, post_test__isnull=False)
        .order_by("path")
        .values_list("event_id", "title", "pre_test_id", "post_test_id")
    ):
        found.setdefault(event_id, (title, pre, post))
    return found


def _scores(members: pd.DataFrame, courses: dict) -> pd.DataFrame:
    """Per (participant, course post-test): the first submitted pre-test % and the best
    post-test %, from one query over the courses' tests."""
    pre_of = {post: pre for _title, pre, post in courses.values()}
    attempts = records_frame(
        QuizAttempt.objects.filter(
            participant__in=members.participant_id.unique().tolist(),
            quiz__in=[*pre_of, *pre_of.values()],
            submitted_at__isnull=False,
        )
        .order_by("number")
        .values_list("participant", "quiz", "score_percent"),
        ["participant_id", "quiz_id", "score"],
    )
    # Floats for pandas' fast group maxima; back to exact Decimals (one decimal) below.
    attempts["score"] = attempts.score.astype(float)
    first_pre = (
        attempts[attempts.quiz_id.isin(pre_of.values())]
        .groupby(["participant_id", "quiz_id"], sort=False)
        .score.first()
    )
    best_post = (
        attempts[attempts.quiz_id.isin(pre_of) & attempts.score.notna()]
        .groupby(["participant_id", "quiz_id"], sort=False)
        .score.max()
    )
    return first_pre, best_post


def _members(batch_ids: list[int], organisation) -> pd.DataFrame:
    return records_frame(
        Nomination.objects.filter(
            organisation_scope(organisation), batch__in=batch_ids, status=CONFIRMED
        )
        .order_by()
        .values_list("batch", "participant"),
        ["batch_id", "participant_id"],
    )


def _gain_rows(organisation=None, **filters) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Batches in scope, and one row per confirmed participant with pre, post and gain."""
    batches = _batches(filters)
    courses = _courses(batches.event_id.unique().tolist())
    members = _members(batches.batch_id.tolist(), organisation)
    members = members.merge(batches[["batch_id", "event_id"]], on="batch_id")
    pre, post = [None] * len(members), [None] * len(members)
    if courses and not members.empty:
        first_pre, best_post = _scores(members, courses)
        first_pre, best_post = _decimals(first_pre), _decimals(best_post)
        tests = [courses.get(event, (None, None, None)) for event in members.event_id]
        pairs = zip(members.participant_id, tests, strict=True)
        for index, (participant, (_title, pre_test, post_test)) in enumerate(pairs):
            pre[index] = first_pre.get((participant, pre_test))
            post[index] = best_post.get((participant, post_test))
    members["pre"], members["post"] = pre, post
    members["gain"] = [learning_gain(a, b) for a, b in zip(pre, post, strict=True)]
    return batches, members, courses


def _decimals(scores: pd.Series) -> dict:
    return {key: Decimal(str(value)) for key, value in scores.items() if pd.notna(value)}


def _summary(rows: pd.DataFrame) -> dict:
    measured = [g for g in rows.gain if g is not None]
    return {
        "confirmed": len(rows),
        "measured": len(measured),
        "average_pre": _number(average(rows.pre)),
        "average_post": _number(average(rows.post)),
        "average_gain": _number(average(measured)),
    }


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _trainers_of(batch_ids: list[int]) -> pd.DataFrame:
    return records_frame(
        TrainerAssignment.objects.filter(session__batch__in=batch_ids)
        .values_list("session__batch", "trainer", "trainer__name")
        .order_by("trainer__name")
        .distinct(),
        ["batch_id", "trainer_id", "trainer"],
    )


def learning_gain_by_batch(**filters) -> pd.DataFrame:
    """Per batch: its course, trainers, confirmed participants, how many took both tests,
    average pre-test, post-test and gain."""
    batches, members, courses = _gain_rows(**filters)
    trainers = _trainers_of(batches.batch_id.tolist())
    names = trainers.groupby("batch_id").trainer.agg(", ".join).to_dict()
    groups = dict(tuple(members.groupby("batch_id")))
    empty = members.iloc[0:0]
    rows = []
    for batch in batches.itertuples():
        course = courses.get(batch.event_id)
        rows.append(
            {
                "event": batch.event,
                "batch": batch.batch,
                "start_date": batch.start_date,
                "course": course[0] if course else None,
                "trainers": names.get(batch.batch_id, ""),
                **_summary(groups.get(batch.batch_id, empty)),
            }
        )
    return pd.DataFrame(rows, columns=list(GAIN_LABELS)[:5] + list(GAIN_LABELS)[7:])


def learning_gain_by_trainer(**filters) -> pd.DataFrame:
    """Per trainer: the batches they trained in and the learning gain of those batches'
    participants taken together (a participant counts once per batch)."""
    batches, members, _courses_found = _gain_rows(**filters)
    trainers = _trainers_of(batches.batch_id.tolist())
    groups = dict(tuple(members.groupby("batch_id")))
    empty = members.iloc[0:0]
    rows = []
    for (_trainer_id, name), taught in trainers.groupby(["trainer_id", "trainer"], sort=False):
        reached = pd.concat([groups.get(b, empty) for b in taught.batch_id.unique()])
        rows.append({"trainer": name, "batches": taught.batch_id.nunique(), **_summary(reached)})
    columns = ["trainer", "batches", *list(GAIN_LABELS)[7:]]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("trainer", kind="stable").reset_index(drop=True)


# --- cascade ----------------------------------------------------------------------------------


def cascade(*, organisation=None, **filters) -> pd.DataFrame:
    """One row per certified trainer and batch they trained in: officers reached there.

    A certified trainer who has not trained yet has one row with no batch, so that the
    cascade shows who is still to teach."""
    certified = records_frame(
        TrainerCertification.objects.values("participant", "participant__name")
        .annotate(since=Min("valid_from"))
        .order_by("participant__name")
        .values_list("participant", "participant__name", "since"),
        ["trainer_id", "trainer", "certified_since"],
    )
    taught = records_frame(
        TrainerAssignment.objects.filter(
            batch_scope(prefix="session__batch__", **filters),
            trainer__in=certified.trainer_id.tolist(),
        )
        .values("trainer", "session__batch")
        .annotate(sessions=Count("session", distinct=True))
        .values_list(
            "trainer",
            "session__batch",
            "session__batch__event__title",
            "session__batch__number",
            "session__batch__start_date",
            "sessions",
        ),
        ["trainer_id", "batch_id", "event", "batch", "start_date", "sessions"],
    )
    reached = _officers(taught, organisation)
    frame = certified.merge(taught, on="trainer_id", how="left")
    frame["officers_reached"] = [
        len(reached.get(batch, set()) - {trainer}) if pd.notna(batch) else 0
        for trainer, batch in zip(frame.trainer_id, frame.batch_id, strict=True)
    ]
    frame["batch_label"] = [
        f"{event}, #{int(number)}" if pd.notna(number) else str(_("not yet teaching"))
        for event, number in zip(frame.event, frame.batch, strict=True)
    ]
    frame = frame.sort_values(["trainer", "start_date"], na_position="last", kind="stable")
    frame["batch"] = frame.batch.astype("Int64").astype(object).where(frame.batch.notna(), None)
    frame["sessions"] = frame.sessions.fillna(0).astype(int)
    return frame[
        ["trainer", "certified_since", "batch_label", "start_date", "sessions", "officers_reached"]
    ].reset_index(drop=True)


def _officers(taught: pd.DataFrame, organisation) -> dict[int, set[int]]:
    reached: dict[int, set[int]] = {}
    for batch, participant in (
        Nomination.objects.filter(
            Q(batch__in=taught.batch_id.unique().tolist()),
            organisation_scope(organisation),
            status=CONFIRMED,
        )
        .order_by()
        .values_list("batch", "participant")
    ):
        reached.setdefault(batch, set()).add(participant)
    return reached


register(
    "learning-gain",
    title=_("Learning gain per batch"),
    description=_(
        "Pre-test against post-test of the course linked to each batch's event: the first "
        "pre-test and the best post-test of each confirmed participant."
    ),
    func=learning_gain_by_batch,
    labels=GAIN_LABELS,
    chart=Chart(
        kind="bar",
        title=_("Average learning gain per batch (percentage points)"),
        label=lambda f: f.event + " #" + f.batch.astype(str),
        value="average_gain",
        x_title=_("Average gain (points)"),
        y_title=_("Batch"),
    ),
)
register(
    "learning-gain-by-trainer",
    title=_("Learning gain per trainer"),
    description=_("Learning gain of the participants of the batches each trainer taught."),
    func=learning_gain_by_trainer,
    labels=GAIN_LABELS,
    chart=Chart(
        kind="bar",
        title=_("Average learning gain per trainer (percentage points)"),
        label="trainer",
        value="average_gain",
        x_title=_("Average gain (points)"),
        y_title=_("Trainer"),
    ),
)
register(
    "cascade",
    title=_("Training of trainers: the cascade"),
    description=_(
        "Each certified trainer, the batches they trained in and the officers they reached."
    ),
    func=cascade,
    labels={
        "trainer": _("Trainer"),
        "certified_since": _("Certified since"),
        "batch_label": _("Batch"),
        "start_date": _("Start date"),
        "sessions": _("Sessions trained"),
        "officers_reached": _("Officers reached"),
    },
    chart=Chart(
        kind="tree",
        title=_("Certified trainers → batches → officers reached"),
        path=("trainer", "batch_label"),
        value="officers_reached",
        max_points=80,
        root=_("Certified trainers"),
    ),
)
