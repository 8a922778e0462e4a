"""The completion rule as a pure function: counting, joining late, excused, requirements."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshops.completion import SessionFact, completion_evaluate, sessions_needed

# The project conftest clears the (database) cache around every test.
pytestmark = pytest.mark.django_db

DHAKA = ZoneInfo("Asia/Dhaka")


def sessions(n: int) -> list[SessionFact]:
    start = dt.datetime(2015, 1, 12, 9, 30, tzinfo=DHAKA)
    return [SessionFact(id=i + 1, starts_at=start + dt.timedelta(hours=5 * i)) for i in range(n)]


def evaluate(n=8, marks=None, joined_at=None, percent=80, requirements=None):
    return completion_evaluate(
        sessions=sessions(n),
        attendance=marks or {},
        joined_at=joined_at,
        min_percent=percent,
        requirement_results=requirements,
    )


def test_attending_5_of_8_is_not_enough_at_80_percent_and_says_why():
    outcome = evaluate(marks={i: "present" for i in range(1, 6)})
    assert not outcome.eligible
    assert (outcome.attended, outcome.counted_sessions, outcome.needed) == (5, 8, 7)
    assert outcome.reasons == ["attended 5 of 8 sessions, needs 7"]


def test_the_number_needed_is_rounded_up():
    assert sessions_needed(8, 80) == 7  # 6.4
    assert sessions_needed(10, 80) == 8
    assert sessions_needed(3, 100) == 3
    assert sessions_needed(5, 0) == 0


def test_late_counts_as_attended():
    marks = {i: "late" for i in range(1, 8)}
    assert evaluate(marks=marks).eligible


def test_excused_is_not_attended_but_is_listed_in_the_reasons():
    marks = {i: "present" for i in range(1, 7)} | {7: "excused", 8: "excused"}
    outcome = evaluate(marks=marks)
    assert not outcome.eligible
    assert outcome.excused == 2
    assert outcome.reasons == [
        "attended 6 of 8 sessions, needs 7",
        "excused from 2 sessions (not counted as attended)",
    ]


def test_sessions_before_the_participant_joined_do_not_count_against_them():
    all_sessions = sessions(8)
    joined = all_sessions[2].starts_at  # missed sessions 1 and 2, attended 3..7 (5 of 6)
    marks = {i: "present" for i in range(3, 8)}
    outcome = evaluate(marks=marks, joined_at=joined)
    assert outcome.counted_sessions == 6
    assert outcome.needed == 5
    assert outcome.eligible


def test_a_session_attended_before_joining_counts_whatever_the_join_time():
    # Confirmed on the day after the first session began, checked in there and marked late:
    # that session counts and is attended (1 of 3), the two after it still to come.
    all_sessions = sessions(3)
    joined = all_sessions[0].starts_at + dt.timedelta(minutes=20)
    outcome = evaluate(n=3, marks={1: "late"}, joined_at=joined, percent=100)
    assert (outcome.attended, outcome.counted_sessions, outcome.needed) == (1, 3, 3)
    assert outcome.reasons == ["attended 1 of 3 sessions, needs 3"]
    # Present counts the same; excused or absent before joining does not count at all.
    assert evaluate(n=3, marks={1: "present"}, joined_at=joined).counted_sessions == 3
    assert evaluate(n=3, marks={1: "excused"}, joined_at=joined).counted_sessions == 2
    assert evaluate(n=3, marks={1: "absent"}, joined_at=joined).counted_sessions == 2


def test_joining_after_the_last_session_leaves_nothing_to_count():
    joined = sessions(8)[-1].starts_at + dt.timedelta(days=1)
    outcome = evaluate(joined_at=joined)
    assert not outcome.eligible
    assert outcome.reasons == ["no sessions count for this participant"]


def test_a_failed_requirement_makes_a_full_attender_ineligible():
    marks = {i: "present" for i in range(1, 9)}
    outcome = evaluate(marks=marks, requirements=[(True, ""), (False, "post-test not passed")])
    assert not outcome.eligible
    assert outcome.reasons == ["post-test not passed"]


def test_zero_percent_rule_completes_without_attendance():
    assert evaluate(percent=0).eligible


@pytest.mark.parametrize("n", [1, 2])
def test_singular_wording_for_one_session(n):
    outcome = evaluate(n=1, marks={})
    assert outcome.reasons == ["attended 0 of 1 session, needs 1"]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(
    marks=st.dictionaries(
        st.integers(1, 10), st.sampled_from(["present", "late", "excused", "absent"])
    ),
    percent=st.integers(0, 100),
)
def test_eligible_exactly_when_attended_reaches_needed(marks, percent):
    outcome = evaluate(n=10, marks=marks, percent=percent)
    assert outcome.eligible == (outcome.attended >= outcome.needed)
    assert outcome.attended == sum(1 for s in marks.values() if s in ("present", "late"))
