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

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from django.db.models import Count, FloatField, Max, Min, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, QuizAttempt, TrainerCertification
from lms.reports import Chart, records_frame, register
from lms.translation import in_default_language
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
        in_default_language(CoursePage.objects.live())
        .filter(event_id__in=event_ids, pre_test__isnull=False, post_test__isnull=False)
        .order_by("path")
        .values_list("event_id", "title", "pre_test_id", "post_test_id")
    ):
        found.setdefault(event_id, (title, pre, post))
    return found


def _scores(participants, courses: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """First submitted pre-test % and best post-test % per (participant, quiz) of the
    courses' tests; `participants` is a queryset of participant ids (a subquery)."""
    pre_tests = [pre for _title, pre, _post in courses.values()]
    post_tests = [post for _title, _pre, post in courses.values()]
    submitted = QuizAttempt.objects.filter(
        participant__in=participants, submitted_at__isnull=False
    ).annotate(score=Cast("score_percent", FloatField()))
    pre = records_frame(
        submitted.filter(quiz__in=pre_tests)
        .order_by("number")
        .values_list("participant", "quiz", "score"),
        ["participant_id", "pre_test", "pre"],
    ).drop_duplicates(["participant_id", "pre_test"], keep="first")
    post = records_frame(
        submitted.filter(quiz__in=post_tests, score__isnull=False)
        .values("participant", "quiz")
        .annotate(best=Max("score"))
        .order_by()
        .values_list("participant", "quiz", "best"),
        ["participant_id", "post_test", "post"],
    )
    return pre, post


def _members(batch_ids, organisation):
    return Nomination.objects.filter(
        organisation_scope(organisation), batch__in=batch_ids, status=CONFIRMED
    ).order_by()


def _gain_rows(organisation=None, **filters) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Batches in scope, and one row per confirmed participant with pre, post and gain
    (percentage points, as `courses.scoring.learning_gain`)."""
    batches = _batches(filters)
    courses = _courses(batches.event_id.unique().tolist())
    nominations = _members(batches.batch_id.tolist(), organisation)
    members = records_frame(
        nominations.values_list("batch", "participant"), ["batch_id", "participant_id"]
    ).merge(batches[["batch_id", "event_id"]], on="batch_id")
    tests = {event: (pre, post) for event, (_title, pre, post) in courses.items()}
    members["pre_test"] = members.event_id.map(lambda e: tests.get(e, (None, None))[0])
    members["post_test"] = members.event_id.map(lambda e: tests.get(e, (None, None))[1])
    if courses and not members.empty:
        pre, post = _scores(nominations.values("participant"), courses)
        members = members.merge(pre, on=["participant_id", "pre_test"], how="left")
        members = members.merge(post, on=["participant_id", "post_test"], how="left")
    else:
        members["pre"], members["post"] = float("nan"), float("nan")
    members["gain"] = members.post - members.pre
    return batches, members, courses


def _average(total: float, count: int) -> float | None:
    """Mean of one-decimal percentages, rounded half up to one decimal (as
    `courses.scoring.average`); exact, since the sum of one-decimal values is."""
    if not count:
        return None
    mean = Decimal(str(round(total, 1))) / count
    return float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


SUMS = ["confirmed", "measured", "pre_sum", "pre_n", "post_sum", "post_n", "gain_sum"]


def _batch_sums(members: pd.DataFrame) -> pd.DataFrame:
    """Per batch: confirmed, measured, and the sums and counts the averages need."""
    sums = members.assign(
        confirmed=1,
        measured=members.gain.notna().astype(int),
        pre_sum=members.pre.fillna(0),
        pre_n=members.pre.notna().astype(int),
        post_sum=members.post.fillna(0),
        post_n=members.post.notna().astype(int),
        gain_sum=members.gain.fillna(0),
    )
    return sums.groupby("batch_id")[SUMS].sum()


def _averages(sums: pd.DataFrame) -> pd.DataFrame:
    """Rows of sums -> confirmed, measured and the three averages."""
    frame = sums[["confirmed", "measured"]].astype(int).copy()
    pairs = [("pre_sum", "pre_n"), ("post_sum", "post_n"), ("gain_sum", "measured")]
    for name, (total, count) in zip(
        ("average_pre", "average_post", "average_gain"), pairs, strict=True
    ):
        frame[name] = [_average(t, int(n)) for t, n in zip(sums[total], sums[count], strict=True)]
    return frame


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
    names = trainers.groupby("batch_id").trainer.agg(", ".join)
    averages = _averages(_batch_sums(members).reindex(batches.batch_id, fill_value=0))
    frame = batches.assign(
        course=batches.event_id.map(lambda e: courses[e][0] if e in courses else None),
        trainers=batches.batch_id.map(names).fillna(""),
    )
    frame = pd.concat([frame.reset_index(drop=True), averages.reset_index(drop=True)], axis=1)
    return frame[list(GAIN_LABELS)[:5] + list(GAIN_LABELS)[7:]]


def learning_gain_by_trainer(**filters) -> pd.DataFrame:
    """Per trainer: the batches they trained in and the learning gain of those batches'
    participants taken together (a participant counts once per batch)."""
    batches, members, _courses_found = _gain_rows(**filters)
    trainers = _trainers_of(batches.batch_id.tolist())
    sums = _batch_sums(members)
    taught = trainers.merge(sums, left_on="batch_id", right_index=True, how="left").fillna(
        {column: 0 for column in SUMS}
    )
    per_trainer = taught.groupby(["trainer_id", "trainer"], sort=False).agg(
        batches=("batch_id", "nunique"), **{column: (column, "sum") for column in SUMS}
    )
    frame = pd.concat(
        [
            per_trainer.reset_index()[["trainer", "batches"]],
            _averages(per_trainer).reset_index(drop=True),
        ],
        axis=1,
    )
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
