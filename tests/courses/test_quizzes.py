"""Quiz attempts: server-side scoring, attempts, pass mark, and answers kept out of pages."""

import pytest
from django.urls import reverse

from courses.models import LessonProgress, QuizAttempt
from courses.selectors import attempt_review, course_quiz, quiz_status
from courses.services import (
    CourseError,
    course_enrol,
    participant_for_user,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db

QUESTIONS = [
    (
        "What share of the weight do mandatory objectives carry from 2021-22?",
        [("30", True, "Yes: 10 + 4 + 3 + 10 + 3."), ("25", False, "That was 2015-16 to 2020-21.")],
    ),
    (
        "Which units are seen in real APAs?",
        [
            ("crore Tk", True, "Yes."),
            ("person-hours", True, "Yes."),
            ("grade points", False, "SECRET-FEEDBACK-WRONG-UNIT"),
        ],
    ),
]


def _correct(quiz) -> dict[int, list[str]]:
    return {q.pk: [c.id for c in q.choices if c.value["correct"]] for q in quiz.questions.all()}


def _wrong(quiz) -> dict[int, list[str]]:
    return {
        q.pk: [c.id for c in q.choices if not c.value["correct"]][:1] for q in quiz.questions.all()
    }


@pytest.fixture
def setup(trainee):
    post = factories.quiz("post", QUESTIONS, pass_percent=100, max_attempts=2)
    pre = factories.quiz("pre", QUESTIONS, title="Pre-test")
    course = factories.course(pre_test=pre, post_test=post)
    participant = participant_for_user(user=trainee)
    course_enrol(course=course, participant=participant)
    return course, pre, post, participant


def test_submitting_scores_on_the_server_and_records_the_attempt(setup):
    _course, _pre, post, participant = setup
    attempt = quiz_attempt_start(quiz=post, participant=participant)
    result = quiz_attempt_submit(attempt=attempt, answers=_correct(post))
    attempt.refresh_from_db()
    assert result.passed and attempt.passed
    assert (attempt.correct, attempt.total, attempt.score_percent) == (2, 2, 100)
    assert attempt.submitted_at is not None


def test_one_wrong_answer_misses_a_100_percent_pass_mark(setup):
    _course, _pre, post, participant = setup
    answers = _correct(post)
    first_question = post.questions.first()
    answers[first_question.pk] = [c.id for c in first_question.choices if not c.value["correct"]]
    result = quiz_attempt_submit(
        attempt=quiz_attempt_start(quiz=post, participant=participant), answers=answers
    )
    assert result.percent == 50 and not result.passed


def test_attempts_are_limited(setup):
    _course, _pre, post, participant = setup
    for _ in range(2):
        attempt = quiz_attempt_start(quiz=post, participant=participant)
        quiz_attempt_submit(attempt=attempt, answers=_wrong(post))
    with pytest.raises(CourseError, match="no attempts left"):
        quiz_attempt_start(quiz=post, participant=participant)


def test_a_passed_quiz_cannot_be_retaken_and_the_pre_test_is_taken_once(setup):
    _course, pre, post, participant = setup
    quiz_attempt_submit(
        attempt=quiz_attempt_start(quiz=post, participant=participant), answers=_correct(post)
    )
    with pytest.raises(CourseError, match="already passed"):
        quiz_attempt_start(quiz=post, participant=participant)
    quiz_attempt_submit(
        attempt=quiz_attempt_start(quiz=pre, participant=participant), answers=_wrong(pre)
    )
    with pytest.raises(CourseError, match="once"):
        quiz_attempt_start(quiz=pre, participant=participant)


def test_an_open_attempt_is_resumed_with_the_same_order(setup):
    _course, _pre, post, participant = setup
    first = quiz_attempt_start(quiz=post, participant=participant)
    again = quiz_attempt_start(quiz=post, participant=participant)
    assert first.pk == again.pk and first.seed == again.seed
    assert QuizAttempt.objects.filter(participant=participant).count() == 1


def test_an_attempt_cannot_be_submitted_twice(setup):
    _course, _pre, post, participant = setup
    attempt = quiz_attempt_start(quiz=post, participant=participant)
    quiz_attempt_submit(attempt=attempt, answers=_wrong(post))
    with pytest.raises(CourseError, match="already been submitted"):
        quiz_attempt_submit(attempt=attempt, answers=_correct(post))


def test_the_attempt_page_never_reveals_answers_or_feedback(client, trainee, setup):
    course, _pre, post, participant = setup
    client.force_login(trainee)
    response = client.post(reverse("courses:quiz", args=[course.pk, post.pk]))
    attempt = QuizAttempt.objects.get(participant=participant, quiz=post)
    assert response.url == reverse("courses:attempt", args=[attempt.pk])
    html = client.get(response.url).content.decode()
    assert "Which units are seen in real APAs?" in html
    assert "person-hours" in html
    assert "SECRET-FEEDBACK-WRONG-UNIT" not in html
    assert "Yes: 10 + 4" not in html
    assert "correct" not in html.lower().replace("select every correct answer", "")
    for question in post.questions.all():
        for choice in question.choices:
            assert f'value="{choice.id}"' in html  # choices are opaque ids only


def test_the_course_and_lesson_pages_never_reveal_answers(client, trainee, setup):
    quiz = factories.quiz("module", QUESTIONS, title="Module quiz")
    course = factories.course(title="With a lesson quiz", lesson_quiz=quiz)
    client.force_login(trainee)
    lesson = course.lessons().last()
    for url in (course.url, lesson.url):
        html = client.get(url).content.decode()
        assert "SECRET-FEEDBACK-WRONG-UNIT" not in html
        assert "crore Tk" not in html


def test_submitting_through_the_page_shows_feedback_for_picked_choices_only(client, trainee, setup):
    course, _pre, post, participant = setup
    client.force_login(trainee)
    client.post(reverse("courses:quiz", args=[course.pk, post.pk]))
    attempt = QuizAttempt.objects.get(participant=participant, quiz=post)
    data = {}
    for question in post.questions.all():
        wrong = [c.id for c in question.choices if not c.value["correct"]]
        data[f"q{question.pk}"] = wrong
    response = client.post(reverse("courses:attempt", args=[attempt.pk]), data, follow=True)
    html = response.content.decode()
    assert "0.0%" in html
    assert "SECRET-FEEDBACK-WRONG-UNIT" in html  # the trainee picked it
    assert "Yes: 10 + 4" not in html  # feedback of a choice not picked
    attempt.refresh_from_db()
    assert attempt.passed is False


def test_posted_scores_are_ignored_the_server_computes_them(client, trainee, setup):
    course, _pre, post, participant = setup
    client.force_login(trainee)
    client.post(reverse("courses:quiz", args=[course.pk, post.pk]))
    attempt = QuizAttempt.objects.get(participant=participant, quiz=post)
    client.post(reverse("courses:attempt", args=[attempt.pk]), {"score_percent": "100"})
    attempt.refresh_from_db()
    assert attempt.score_percent == 0 and not attempt.passed


def test_passing_a_lesson_quiz_marks_the_lesson_done(trainee):
    quiz = factories.quiz("module", QUESTIONS, title="Module quiz")
    course = factories.course(title="Quiz course", lesson_quiz=quiz)
    participant = participant_for_user(user=trainee)
    enrolment = course_enrol(course=course, participant=participant)
    quiz_attempt_submit(
        attempt=quiz_attempt_start(quiz=quiz, participant=participant), answers=_correct(quiz)
    )
    done = LessonProgress.objects.get(enrolment=enrolment)
    assert done.lesson.pk == course.lessons().last().pk
    assert done.via == LessonProgress.Via.QUIZ


def test_someone_elses_attempt_is_not_found(client, setup):
    _course, _pre, post, participant = setup
    attempt = quiz_attempt_start(quiz=post, participant=participant)
    client.force_login(factories.UserFactory())
    assert client.get(reverse("courses:attempt", args=[attempt.pk])).status_code == 404


def test_a_quiz_needs_enrolment_in_its_course(client, setup):
    course, _pre, post, _participant = setup
    client.force_login(factories.UserFactory())
    assert client.get(reverse("courses:quiz", args=[course.pk, post.pk])).status_code == 403
    other = factories.quiz("post", QUESTIONS, title="Unrelated")
    assert client.get(reverse("courses:quiz", args=[course.pk, other.pk])).status_code == 404


def test_a_question_needs_choices_and_the_right_number_of_correct_ones():
    from django.core.exceptions import ValidationError

    from courses.models import Question

    quiz = factories.quiz("module", QUESTIONS, title="Validated")

    def question(kind, *flags):
        choices = [("choice", {"text": f"c{i}", "correct": f}) for i, f in enumerate(flags)]
        return Question(quiz=quiz, text="Q?", kind=kind, choices=choices)

    question("single", True, False).clean()
    question("multiple", True, True, False).clean()
    for bad in (
        question("single", True),
        question("single", False, False),
        question("single", True, True),
    ):
        with pytest.raises(ValidationError):
            bad.clean()


def test_a_lesson_quiz_block_without_its_quiz_is_ignored():
    quiz = factories.quiz("module", QUESTIONS, title="Soon deleted")
    course = factories.course(title="Orphan quiz", lesson_quiz=quiz)
    lesson = course.lessons().last()
    assert lesson.quiz_ids() == [quiz.pk]
    quiz.delete()
    lesson = type(lesson).objects.get(pk=lesson.pk)
    assert lesson.quiz_ids() == []


def _offered_and_allowed(quiz, participant) -> tuple[bool, bool]:
    """Whether the quiz page offers Start, and whether starting then succeeds."""
    offered = quiz_status(quiz=quiz, participant=participant).can_start
    try:
        quiz_attempt_start(quiz=quiz, participant=participant)
    except CourseError:
        return offered, False
    return offered, True


def test_the_quiz_page_offers_a_start_exactly_when_an_attempt_may_start(setup):
    """The page and the service ask one rule: attempts left, passed, pre-test taken once."""
    _course, pre, post, participant = setup
    seen = []
    for answers in (_wrong(post), _wrong(post), None):
        offered, allowed = _offered_and_allowed(post, participant)
        seen.append((offered, allowed))
        if allowed and answers is not None:
            attempt = QuizAttempt.objects.get(participant=participant, quiz=post, passed=None)
            quiz_attempt_submit(attempt=attempt, answers=answers)
    assert seen == [(True, True), (True, True), (False, False)]
    status = quiz_status(quiz=post, participant=participant)
    assert (status.attempts_left, status.refusal) == (0, "no_attempts_left")

    assert _offered_and_allowed(pre, participant) == (True, True)
    status = quiz_status(quiz=pre, participant=participant)
    assert status.open_attempt is not None and status.can_start  # resuming is always offered
    quiz_attempt_submit(attempt=status.open_attempt, answers=_correct(pre))
    assert _offered_and_allowed(pre, participant) == (False, False)


def test_a_passed_quiz_is_no_longer_offered(setup):
    _course, _pre, post, participant = setup
    quiz_attempt_submit(
        attempt=quiz_attempt_start(quiz=post, participant=participant), answers=_correct(post)
    )
    status = quiz_status(quiz=post, participant=participant)
    assert status.passed and status.best.score_percent == 100
    assert status.attempts_left == 1 and status.refusal == "quiz_passed"
    assert not status.can_start


def test_the_result_says_right_or_wrong_by_the_rule_that_scored_it(setup):
    """A multiple-choice question with one of its two correct choices is wrong, as scored."""
    _course, _pre, post, participant = setup
    answers = _correct(post)
    units = post.questions.get(text__startswith="Which units")
    answers[units.pk] = answers[units.pk][:1]
    attempt = quiz_attempt_start(quiz=post, participant=participant)
    quiz_attempt_submit(attempt=attempt, answers=answers)
    attempt.refresh_from_db()
    review = {item.question.pk: item for item in attempt_review(attempt=attempt)}
    assert [item.right for item in review.values()].count(False) == 1
    assert not review[units.pk].right
    assert sum(item.right for item in review.values()) == attempt.correct
    assert [choice["text"] for choice in review[units.pk].picked] == ["crore Tk"]


MANY = [(f"Question {letter}?", [("yes", True, ""), ("no", False, "")]) for letter in "ABCDEFG"]


def _numbered(html: str, pattern: str) -> list[str]:
    import re

    return re.findall(pattern, html)


def test_the_results_list_the_questions_in_the_attempts_order_and_numbering(client, trainee):
    from courses.scoring import quiz_order
    from courses.selectors import question_keys

    quiz = factories.quiz("post", MANY, shuffle=True)
    course = factories.course(post_test=quiz)
    participant = participant_for_user(user=trainee)
    course_enrol(course=course, participant=participant)
    attempt = quiz_attempt_start(quiz=quiz, participant=participant)
    author_order = [key.id for key in question_keys(quiz)]
    seed = next(
        seed
        for seed in range(100)
        if [qid for qid, _ in quiz_order(question_keys(quiz), seed=seed, shuffle=True)]
        != author_order
    )
    QuizAttempt.objects.filter(pk=attempt.pk).update(seed=seed)
    client.force_login(trainee)
    url = reverse("courses:attempt", args=[attempt.pk])
    shown = _numbered(client.get(url).content.decode(), r"(\d+)\. (Question [A-G])\?")
    assert [text for _n, text in shown] != [text for text, _c in MANY]  # really shuffled
    quiz_attempt_submit(attempt=QuizAttempt.objects.get(pk=attempt.pk), answers={})
    result = _numbered(client.get(url).content.decode(), r"(\d+)\. (Question [A-G])\?")
    assert result == shown
    assert [n for n, _text in result] == [str(i) for i in range(1, len(MANY) + 1)]


def test_a_quiz_is_taken_only_through_the_course_that_uses_it(setup):
    course, pre, post, _participant = setup
    other = factories.quiz("post", QUESTIONS, title="Unrelated")
    assert course_quiz(course=course, quiz_id=post.pk) == post
    assert course_quiz(course=course, quiz_id=pre.pk) == pre
    assert course_quiz(course=course, quiz_id=other.pk) is None
