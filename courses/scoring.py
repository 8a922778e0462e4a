"""Pure computations of courses: quiz order and score, course progress, learning gain.

No ORM here: these functions take plain values, so they are tested without a database and
used alike by the quiz pages, the demo data and the reports.
"""

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class QuestionKey:
    """What scoring needs to know of a question: its id and the ids of its correct choices."""

    id: int
    choice_ids: tuple[str, ...]
    correct_ids: frozenset[str]


@dataclass(frozen=True)
class QuizResult:
    correct: int
    total: int
    percent: Decimal
    passed: bool
    right: dict[int, bool] = field(default_factory=dict)


def _percent(part: int | Decimal, whole: int | Decimal) -> Decimal:
    if not whole:
        return Decimal("0.0")
    value = Decimal(part) * 100 / Decimal(whole)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def question_refusal(*, kind: str, choices: Iterable[tuple[str, bool]]) -> str | None:
    """Why a question cannot be answered and scored, as a CourseError code, or None.

    `choices` are (text, correct) pairs. A question needs at least two choices, each with a
    text, and at least one correct choice; a single-choice question (`kind` "single") has
    exactly one. Scoring takes a question as right when the chosen set is its correct set,
    so a question without a correct choice could never be answered right.
    """
    choices = list(choices)
    if len(choices) < 2:
        return "question_few_choices"
    if any(not text.strip() for text, _correct in choices):
        return "question_blank_choice"
    correct = sum(1 for _text, ok in choices if ok)
    if not correct:
        return "question_no_correct"
    if kind == "single" and correct != 1:
        return "question_single_correct"
    return None


def quiz_order(
    questions: Iterable[QuestionKey], *, seed: int, shuffle: bool
) -> list[tuple[int, list[str]]]:
    """The order in which an attempt shows questions and choices.

    The same seed always gives the same order, so that a reload of an attempt is stable;
    another attempt (another seed) gets another order.
    """
    ordered = [(q.id, list(q.choice_ids)) for q in questions]
    if not shuffle:
        return ordered
    rng = random.Random(seed)
    rng.shuffle(ordered)
    for _question_id, choices in ordered:
        rng.shuffle(choices)
    return ordered


def quiz_score(
    questions: Iterable[QuestionKey],
    answers: Mapping[int, Iterable[str]],
    *,
    pass_percent: int,
) -> QuizResult:
    """Score answers (choice ids per question id) against the questions.

    A question counts as right only when the chosen set equals its correct set exactly: for a
    multiple-choice question every correct choice and no wrong one. Unanswered is wrong;
    choice ids that do not belong to the question are ignored.
    """
    right: dict[int, bool] = {}
    for question in questions:
        chosen = set(answers.get(question.id, ())) & set(question.choice_ids)
        right[question.id] = bool(chosen) and chosen == set(question.correct_ids)
    correct = sum(right.values())
    percent = _percent(correct, len(right))
    return QuizResult(
        correct=correct,
        total=len(right),
        percent=percent,
        passed=bool(right) and percent >= pass_percent,
        right=right,
    )


def attempt_refusal(
    *, pre_test: bool, max_attempts: int | None, attempts: int, passed: bool
) -> str | None:
    """Why another attempt at a quiz may not start, as a `CourseError` code; None if it may.

    `attempts` counts the participant's submitted attempts and `passed` says whether one of
    them passed. A pre-test is taken once, whatever its score (it measures what was known
    before the course); any other quiz until it is passed, within `max_attempts` (None:
    unlimited).
    """
    if passed and not pre_test:
        return "quiz_passed"
    if pre_test and attempts:
        return "pre_test_taken"
    if max_attempts is not None and attempts >= max_attempts:
        return "no_attempts_left"
    return None


@dataclass(frozen=True)
class CourseProgress:
    done: int
    total: int
    percent: int
    complete: bool
    missing: tuple[str, ...]


def course_progress(
    *,
    required_lessons: Iterable[int],
    lessons_done: Iterable[int],
    pre_test: bool,
    pre_test_taken: bool,
    post_test: bool,
    post_test_passed: bool,
) -> CourseProgress:
    """Progress through a course and whether it is complete.

    The steps are the required lessons, taking the pre-test (any score) and passing the
    post-test, where the course has them. `missing` names what is left, in plain words.
    """
    required = set(required_lessons)
    done_lessons = required & set(lessons_done)
    steps = len(required) + int(pre_test) + int(post_test)
    done = len(done_lessons) + int(pre_test and pre_test_taken)
    done += int(post_test and post_test_passed)
    missing = []
    if pre_test and not pre_test_taken:
        missing.append("pre-test")
    if len(done_lessons) < len(required):
        missing.append("lessons")
    if post_test and not post_test_passed:
        missing.append("post-test")
    percent = int(_percent(done, steps)) if steps else 100
    return CourseProgress(
        done=done, total=steps, percent=percent, complete=not missing, missing=tuple(missing)
    )


def learning_gain(pre_percent: Decimal | None, post_percent: Decimal | None) -> Decimal | None:
    """Post-test % minus pre-test %, in percentage points; None when either is missing."""
    if pre_percent is None or post_percent is None:
        return None
    return Decimal(post_percent) - Decimal(pre_percent)


def average(values: Iterable[Decimal | int | None]) -> Decimal | None:
    """The mean of the values that are not None, to one decimal; None if there are none."""
    present = [Decimal(v) for v in values if v is not None]
    if not present:
        return None
    return _percent(sum(present), len(present) * 100)


def attendance_percent(*, attended: int, counted: int) -> Decimal:
    """Share of counted sessions attended, in %."""
    return _percent(attended, counted)
