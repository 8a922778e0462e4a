"""Quiz scoring, shuffled order, course progress and learning gain: pure functions."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courses.scoring import (
    QuestionKey,
    attempt_refusal,
    average,
    course_progress,
    learning_gain,
    quiz_order,
    quiz_score,
)


@pytest.fixture(autouse=True)
def _isolated():
    """Pure functions: no media folder or cache (and so no database) needed."""
    yield


SINGLE = QuestionKey(id=1, choice_ids=("a", "b", "c"), correct_ids=frozenset({"b"}))
MULTI = QuestionKey(id=2, choice_ids=("x", "y", "z"), correct_ids=frozenset({"x", "z"}))


def test_single_choice_is_right_only_with_the_correct_choice():
    assert quiz_score([SINGLE], {1: ["b"]}, pass_percent=50).right == {1: True}
    assert quiz_score([SINGLE], {1: ["a"]}, pass_percent=50).right == {1: False}
    assert quiz_score([SINGLE], {1: ["a", "b"]}, pass_percent=50).right == {1: False}


def test_multiple_choice_needs_every_correct_choice_and_no_wrong_one():
    assert quiz_score([MULTI], {2: ["x", "z"]}, pass_percent=50).correct == 1
    assert quiz_score([MULTI], {2: ["x"]}, pass_percent=50).correct == 0
    assert quiz_score([MULTI], {2: ["x", "y", "z"]}, pass_percent=50).correct == 0


def test_unanswered_and_foreign_choices_score_nothing():
    result = quiz_score([SINGLE, MULTI], {1: ["zzz"]}, pass_percent=50)
    assert (result.correct, result.total, result.percent) == (0, 2, Decimal("0.0"))
    assert not result.passed


def test_pass_mark_is_inclusive():
    assert quiz_score([SINGLE, MULTI], {1: ["b"]}, pass_percent=50).passed
    assert not quiz_score([SINGLE, MULTI], {1: ["b"]}, pass_percent=51).passed


def test_percent_is_rounded_to_one_decimal():
    three = [QuestionKey(id=i, choice_ids=("a",), correct_ids=frozenset("a")) for i in range(3)]
    assert quiz_score(three, {0: ["a"]}, pass_percent=0).percent == Decimal("33.3")
    assert quiz_score(three, {0: ["a"], 1: ["a"]}, pass_percent=0).percent == Decimal("66.7")


def test_an_empty_quiz_is_never_passed():
    assert not quiz_score([], {}, pass_percent=0).passed


QUESTIONS = [
    QuestionKey(id=i, choice_ids=tuple(f"{i}-{c}" for c in "abcd"), correct_ids=frozenset())
    for i in range(8)
]


@given(st.integers(min_value=1, max_value=2**31))
def test_the_order_is_stable_per_seed_and_a_permutation(seed):
    first = quiz_order(QUESTIONS, seed=seed, shuffle=True)
    assert first == quiz_order(QUESTIONS, seed=seed, shuffle=True)
    assert sorted(qid for qid, _ in first) == list(range(8))
    for qid, choices in first:
        assert sorted(choices) == [f"{qid}-{c}" for c in "abcd"]


def test_different_seeds_shuffle_differently_and_no_shuffle_keeps_the_order():
    orders = {tuple(q for q, _ in quiz_order(QUESTIONS, seed=s, shuffle=True)) for s in range(20)}
    assert len(orders) > 1
    assert [q for q, _ in quiz_order(QUESTIONS, seed=5, shuffle=False)] == list(range(8))


def test_course_progress_counts_lessons_and_tests():
    progress = course_progress(
        required_lessons=[1, 2, 3],
        lessons_done=[1, 2, 99],
        pre_test=True,
        pre_test_taken=True,
        post_test=True,
        post_test_passed=False,
    )
    assert (progress.done, progress.total, progress.percent) == (3, 5, 60)
    assert not progress.complete
    assert progress.missing == ("lessons", "post-test")


def test_course_is_complete_when_required_lessons_and_tests_are_done():
    progress = course_progress(
        required_lessons=[1],
        lessons_done=[1],
        pre_test=True,
        pre_test_taken=True,
        post_test=True,
        post_test_passed=True,
    )
    assert progress.complete and progress.percent == 100


def test_a_course_without_tests_needs_only_its_lessons():
    progress = course_progress(
        required_lessons=[1, 2],
        lessons_done=[1, 2],
        pre_test=False,
        pre_test_taken=False,
        post_test=False,
        post_test_passed=False,
    )
    assert progress.complete and progress.total == 2


def test_learning_gain_is_post_minus_pre_in_points():
    assert learning_gain(Decimal("40.0"), Decimal("85.0")) == Decimal("45.0")
    assert learning_gain(Decimal("70"), Decimal("60")) == Decimal("-10")
    assert learning_gain(None, Decimal("60")) is None
    assert learning_gain(Decimal("60"), None) is None


def test_average_skips_missing_values():
    assert average([Decimal("10"), None, Decimal("21")]) == Decimal("15.5")
    assert average([None]) is None


# --- who may start another attempt -----------------------------------------------------------


def test_a_pre_test_is_taken_once_whatever_its_score():
    assert attempt_refusal(pre_test=True, max_attempts=None, attempts=0, passed=False) is None
    for passed in (False, True):
        refusal = attempt_refusal(pre_test=True, max_attempts=None, attempts=1, passed=passed)
        assert refusal == "pre_test_taken"


def test_a_quiz_is_retaken_until_passed_within_its_attempts():
    assert attempt_refusal(pre_test=False, max_attempts=2, attempts=1, passed=False) is None
    assert attempt_refusal(pre_test=False, max_attempts=2, attempts=1, passed=True) == (
        "quiz_passed"
    )
    assert attempt_refusal(pre_test=False, max_attempts=2, attempts=2, passed=False) == (
        "no_attempts_left"
    )


@given(attempts=st.integers(0, 50), passed=st.booleans())
def test_unlimited_attempts_end_only_with_a_pass(attempts, passed):
    refusal = attempt_refusal(pre_test=False, max_attempts=None, attempts=attempts, passed=passed)
    assert refusal == ("quiz_passed" if passed else None)
