"""The batch planner, on its own: sizes, mixing, dates, determinism and impossible input."""

import datetime as dt
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshops.planning import Nominee, PlanningError, batch_dates, plan_batches

JAN_12, JAN_19 = dt.date(2015, 1, 12), dt.date(2015, 1, 19)
ORGS = ["Cabinet Division", "Finance Division", "Ministry of Land", "Ministry of Food", "ICT"]
RANKS = ["Deputy Secretary", "Senior Assistant Secretary", "Assistant Secretary"]


@pytest.fixture(autouse=True)
def _isolated():
    """Pure functions: no database, so the shared cache-clearing fixture is not needed."""
    yield


def nominees(count, orgs=ORGS, ranks=RANKS, seed=1):
    rng = random.Random(seed)
    return [
        Nominee(id=i, organisation=rng.choice(orgs), rank=rng.choice(ranks), name=f"N{i:03}")
        for i in range(count)
    ]


def test_179_officers_in_8_batches_of_25_over_8_days():
    plan = plan_batches(
        nominees=nominees(179), batches=8, capacity=25, start_date=JAN_12, end_date=JAN_19
    )
    assert [b.size for b in plan] == [23, 23, 23, 22, 22, 22, 22, 22]
    assert [(b.start_date.day, b.end_date.day) for b in plan] == [(d, d) for d in range(12, 20)]
    placed = [n.id for b in plan for n in b.nominees]
    assert sorted(placed) == list(range(179))


def test_each_organisation_and_rank_is_spread_evenly_across_batches():
    people = nominees(179)
    plan = plan_batches(nominees=people, batches=8, capacity=25, start_date=JAN_12, end_date=JAN_19)
    for org in ORGS:
        counts = [b.organisation_counts()[org] for b in plan]
        assert max(counts) - min(counts) <= 1, (org, counts)
    for rank in RANKS:
        counts = [b.rank_counts()[rank] for b in plan]
        assert max(counts) - min(counts) <= 2, (rank, counts)


def test_a_small_ministry_is_not_put_together_in_one_batch():
    people = [Nominee(id=i, organisation="Big", rank="DS") for i in range(36)]
    people += [Nominee(id=100 + i, organisation="Small", rank="AS") for i in range(4)]
    plan = plan_batches(nominees=people, batches=4, capacity=10, start_date=JAN_12, end_date=JAN_19)
    assert [b.organisation_counts()["Small"] for b in plan] == [1, 1, 1, 1]


def test_the_plan_does_not_depend_on_the_order_of_the_nominees():
    people = nominees(60)
    shuffled = list(people)
    random.Random(7).shuffle(shuffled)
    args = {"batches": 3, "capacity": 20, "start_date": JAN_12, "end_date": JAN_19}
    first = plan_batches(nominees=people, **args)
    second = plan_batches(nominees=shuffled, **args)
    assert [[n.id for n in b.nominees] for b in first] == [
        [n.id for n in b.nominees] for b in second
    ]


def test_dates_are_divided_into_runs_or_batches_run_in_parallel():
    assert batch_dates(dt.date(2015, 1, 1), dt.date(2015, 1, 10), 5)[1] == (
        dt.date(2015, 1, 3),
        dt.date(2015, 1, 4),
    )
    parallel = batch_dates(dt.date(2014, 11, 15), dt.date(2014, 11, 15), 3)
    assert parallel == [(dt.date(2014, 11, 15), dt.date(2014, 11, 15))] * 3


@pytest.mark.parametrize(
    ("count", "batches", "capacity", "start", "end", "message"),
    [
        (201, 8, 25, JAN_12, JAN_19, "201 nominees do not fit into 8 batches of 25 seats (200"),
        (10, 0, 25, JAN_12, JAN_19, "at least one batch"),
        (10, 2, 0, JAN_12, JAN_19, "at least one seat"),
        (10, 2, 25, JAN_19, JAN_12, "ends before it starts"),
        (0, 2, 25, JAN_12, JAN_19, "no nominees"),
        (3, 8, 25, JAN_12, JAN_19, "8 batches for 3 nominees"),
    ],
)
def test_impossible_plans_are_refused_with_a_clear_reason(
    count, batches, capacity, start, end, message
):
    with pytest.raises(PlanningError, match=message.replace("(", r"\(")):
        plan_batches(
            nominees=nominees(count),
            batches=batches,
            capacity=capacity,
            start_date=start,
            end_date=end,
        )


def test_a_nominee_listed_twice_is_refused():
    twice = [Nominee(id=1), Nominee(id=1)]
    with pytest.raises(PlanningError, match="twice"):
        plan_batches(nominees=twice, batches=1, capacity=5, start_date=JAN_12, end_date=JAN_12)


@given(
    count=st.integers(min_value=1, max_value=120),
    batches=st.integers(min_value=1, max_value=10),
    spare=st.integers(min_value=0, max_value=10),
    seed=st.integers(min_value=0, max_value=1000),
)
def test_every_feasible_plan_places_everyone_once_within_capacity(count, batches, spare, seed):
    if batches > count:
        return
    capacity = -(-count // batches) + spare
    plan = plan_batches(
        nominees=nominees(count, seed=seed),
        batches=batches,
        capacity=capacity,
        start_date=JAN_12,
        end_date=JAN_19,
    )
    sizes = [b.size for b in plan]
    assert max(sizes) <= capacity and max(sizes) - min(sizes) <= 1
    assert Counter(n.id for b in plan for n in b.nominees) == Counter(range(count))
    assert all(JAN_12 <= b.start_date <= b.end_date <= JAN_19 for b in plan)
