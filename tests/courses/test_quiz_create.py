"""Making a quiz: only one that can be taken and scored is made (the demo, the tests and the
admin's question form follow one rule)."""

import pytest
from django.core.exceptions import ValidationError

from courses.models import Question, Quiz
from courses.scoring import question_refusal
from courses.services import CourseError, quiz_create, quiz_translate

pytestmark = pytest.mark.django_db

TARGETS = (
    "Which level of a target is Excellent?",
    [("100%", True, "Right."), ("90%", False, "That is Very Good.")],
)
UNITS = (
    "Which units appear in APAs?",
    [("crore Tk", True, ""), ("%", True, ""), ("colour", False, "Not a unit.")],
)


def test_a_quiz_keeps_its_questions_in_order_with_choice_ids():
    quiz = quiz_create(title="Targets", kind="module", questions=[TARGETS, UNITS], pass_percent=50)
    questions = list(quiz.questions.order_by("sort_order"))
    assert [q.text for q in questions] == [TARGETS[0], UNITS[0]]
    assert [q.kind for q in questions] == ["single", "multiple"]
    ids = [c.id for q in questions for c in q.choices]
    assert len(set(ids)) == 5 and all(ids)
    assert [c.value["correct"] for c in questions[1].choices] == [True, True, False]


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (("Only one choice?", [("Yes", True, "")]), "at least two choices"),
        (("Nothing right?", [("A", False, ""), ("B", False, "")]), "at least one choice"),
        (("Blank choice?", [("A", True, ""), (" ", False, "")]), "Every choice needs its text"),
        (("  ", [("A", True, ""), ("B", False, "")]), "Every question needs its text"),
    ],
)
def test_a_question_that_cannot_be_answered_right_is_refused(question, message):
    with pytest.raises(CourseError, match=message):
        quiz_create(title="Broken", kind="post", questions=[TARGETS, question])
    assert not Quiz.objects.exists() and not Question.objects.exists()


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        ({"questions": []}, "at least one question"),
        ({"pass_percent": 101}, "from 0 to 100"),
        ({"pass_percent": -1}, "from 0 to 100"),
        ({"max_attempts": 0}, "at least one attempt"),
    ],
)
def test_a_quiz_without_questions_or_with_an_impossible_mark_is_refused(wrong, message):
    fields = {"title": "Broken", "kind": "post", "questions": [TARGETS], **wrong}
    with pytest.raises(CourseError, match=message):
        quiz_create(**fields)
    assert not Quiz.objects.exists()


def test_the_admin_question_form_applies_the_same_rule():
    """``Question.clean`` (the snippet's inline form) answers with the rule's own message."""
    quiz = quiz_create(title="Checked", kind="module", questions=[TARGETS])
    choices = [
        ("choice", {"text": "A", "correct": True}),
        ("choice", {"text": "B", "correct": True}),
    ]
    question = Question(quiz=quiz, text="Q?", kind="single", choices=choices)
    with pytest.raises(ValidationError, match="exactly one correct choice"):
        question.clean()
    assert question_refusal(kind="single", choices=[("A", True), ("B", True)]) == (
        "question_single_correct"
    )
    assert question_refusal(kind="multiple", choices=[("A", True), ("B", True)]) is None


def test_translating_fills_only_the_blank_bangla_and_keeps_choice_ids():
    quiz = quiz_create(title="Targets", kind="module", questions=[TARGETS])
    question = quiz.questions.get()
    ids = [c.id for c in question.choices]
    filled = quiz_translate(
        quiz=quiz,
        title_bn="লক্ষ্যমাত্রা",
        questions={TARGETS[0]: ("কোন মাত্রা অসাধারণ?", {"100%": ("১০০%", "সঠিক।")})},
    )
    assert filled == 4
    question.refresh_from_db()
    assert question.text_bn == "কোন মাত্রা অসাধারণ?"
    assert [c.id for c in question.choices] == ids
    assert question.choices[0].value["text_bn"] == "১০০%"
    assert not question.choices[1].value.get("text_bn")
    again = quiz_translate(quiz=quiz, title_bn="অন্য", questions={TARGETS[0]: ("অন্য", {})})
    quiz.refresh_from_db()
    assert again == 0 and quiz.title_bn == "লক্ষ্যমাত্রা"


def test_translating_a_question_the_quiz_does_not_have_is_refused():
    quiz = quiz_create(title="Targets", kind="module", questions=[TARGETS])
    with pytest.raises(CourseError, match="has no question"):
        quiz_translate(quiz=quiz, questions={"Another question?": ("অন্য", {})})
