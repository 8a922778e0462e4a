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
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, QuizAttempt, TrainerCertification
from lms.reports import Chart, bar_chart, per_batch_chart, records_frame, register, sql_frame
from lms.scoped_cache import PAGES
from lms.translation import in_default_language
from workshops.caching import BATCHES
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
# Scores are percentages (a gain in points is not): real percentages in .xlsx.
GAIN_PERCENTAGES = ("average_pre", "average_post")


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


# Per batch, the sums the averages need. A member's pre-test is their first submitted
# attempt (no submitted attempt with a lower number), their post-test the best submitted one.
GAIN_SQL = """
    SELECT member.batch_ref,
        COUNT(*),
        SUM(CASE WHEN pre.score IS NOT NULL AND post.best IS NOT NULL THEN 1 ELSE 0 END),
        COALESCE(SUM(pre.score), 0), COUNT(pre.score),
        COALESCE(SUM(post.best), 0), COUNT(post.best),
        COALESCE(SUM(CASE WHEN pre.score IS NOT NULL THEN post.best - pre.score END), 0)
    FROM {member} member
    LEFT JOIN {pre} pre ON pre.person = member.person AND pre.quiz_ref = member.pre_test
    LEFT JOIN {post} post ON post.person = member.person AND post.quiz_ref = member.post_test
    GROUP BY member.batch_ref
"""


def _test_of_event(courses: dict, which: int) -> Case:
    """The pre-test (which=1) or post-test (2) id of each nomination's event, as SQL."""
    return Case(
        *(
            When(batch__event_id=event, then=Value(tests[which]))
            for event, tests in courses.items()
        ),
        default=Value(None),
        output_field=IntegerField(),
    )


def _members(batch_ids, organisation):
    return Nomination.objects.filter(
        organisation_scope(organisation), batch__in=batch_ids, status=CONFIRMED
    ).order_by()


def _batch_sums(organisation=None, **filters) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Batches in scope, per batch the sums the averages need (confirmed, measured, and the
    pre-test, post-test and gain sums and counts) computed in the database, and the courses
    found. Gain in percentage points, as `courses.scoring.learning_gain`."""
    batches = _batches(filters)
    courses = _courses(batches.event_id.unique().tolist())
    members = _members(batches.batch_id.tolist(), organisation)
    if not courses:  # nothing to measure: count the confirmed only
        confirmed = dict(members.values("batch").annotate(n=Count("pk")).values_list("batch", "n"))
        sums = pd.DataFrame(0.0, index=batches.batch_id, columns=SUMS)
        sums["confirmed"] = batches.batch_id.map(confirmed).fillna(0).to_numpy()
        return batches, sums, courses
    # The joins on (participant, test) pick the members' attempts; no filter needed here.
    submitted = QuizAttempt.objects.filter(submitted_at__isnull=False).order_by()
    pre_attempts = submitted.filter(quiz__in=[pre for _title, pre, _post in courses.values()])
    earlier = pre_attempts.filter(
        quiz=OuterRef("quiz"), participant=OuterRef("participant"), number__lt=OuterRef("number")
    )
    sums = sql_frame(
        GAIN_SQL,
        ["batch_id", *SUMS],
        member=members.values(
            batch_ref=F("batch"),
            person=F("participant"),
            pre_test=_test_of_event(courses, 1),
            post_test=_test_of_event(courses, 2),
        ),
        pre=pre_attempts.filter(~Exists(earlier)).values(
            person=F("participant"), quiz_ref=F("quiz"), score=F("score_percent")
        ),
        post=submitted.filter(
            quiz__in=[post for _title, _pre, post in courses.values()],
            score_percent__isnull=False,
        )
        .values(person=F("participant"), quiz_ref=F("quiz"))
        .annotate(best=Max("score_percent"))
        .order_by(),
    )
    sums = sums.set_index("batch_id").astype(float).reindex(batches.batch_id, fill_value=0)
    return batches, sums, courses


def _average(total: float, count: int) -> float | None:
    """Mean of one-decimal percentages, rounded half up to one decimal (as
    `courses.scoring.average`); exact, since the sum of one-decimal values is."""
    if not count:
        return None
    mean = Decimal(str(round(total, 1))) / count
    return float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


SUMS = ["confirmed", "measured", "pre_sum", "pre_n", "post_sum", "post_n", "gain_sum"]


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
    batches, sums, courses = _batch_sums(**filters)
    trainers = _trainers_of(batches.batch_id.tolist())
    names = trainers.groupby("batch_id").trainer.agg(", ".join)
    averages = _averages(sums)
    frame = batches.assign(
        course=batches.event_id.map(lambda e: courses[e][0] if e in courses else None),
        trainers=[names.get(batch, "") for batch in batches.batch_id],
    )
    frame = pd.concat([frame.reset_index(drop=True), averages.reset_index(drop=True)], axis=1)
    return frame[list(GAIN_LABELS)[:5] + list(GAIN_LABELS)[7:]]


def learning_gain_by_trainer(**filters) -> pd.DataFrame:
    """Per trainer: the batches they trained in and the learning gain of those batches'
    participants taken together (a participant counts once per batch)."""
    batches, sums, _courses_found = _batch_sums(**filters)
    trainers = _trainers_of(batches.batch_id.tolist())
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
    scopes=(BATCHES, PAGES),  # members and their attempts touch the batches
    title=_("Learning gain per batch"),
    description=_(
        "Pre-test against post-test of the course linked to each batch's event: the first "
        "pre-test and the best post-test of each confirmed participant."
    ),
    func=learning_gain_by_batch,
    labels=GAIN_LABELS,
    percentages=GAIN_PERCENTAGES,
    chart=per_batch_chart(
        _("Average learning gain per batch (percentage points)"),
        value="average_gain",
        x_title=_("Average gain (points)"),
    ),
)
register(
    "learning-gain-by-trainer",
    scopes=(BATCHES, PAGES),  # members and their attempts touch the batches
    title=_("Learning gain per trainer"),
    description=_("Learning gain of the participants of the batches each trainer taught."),
    func=learning_gain_by_trainer,
    labels=GAIN_LABELS,
    percentages=GAIN_PERCENTAGES,
    chart=bar_chart(
        _("Average learning gain per trainer (percentage points)"),
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
