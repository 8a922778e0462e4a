"""My learning, My teaching and the roster are kept in the shared cache, and show a change
as soon as the service that made it has committed."""

import pytest
from django.urls import reverse

from courses import services
from tests import factories
from tests.courses.conftest import assign, confirm, make_batch, make_participant
from workshops.services import attendance_mark, nomination_cancel

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a commit runs (the test's transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def taught(event, trainer, django_capture_on_commit_callbacks):
    """A batch of two trained by `trainer`; Ayesha took the event course's tests: the
    pre-test all wrong (0 %), the post-test all right (100 %)."""
    pre, post = factories.quiz("pre"), factories.quiz("post")
    factories.course(modules={"M": ["L"]}, pre_test=pre, post_test=post, event=event)
    batch = make_batch(event)
    assign(batch, services.participant_for_user(user=trainer))
    ayesha, babul = make_participant(name="Ayesha Siddika"), make_participant(name="Babul Mia")
    confirm(batch, ayesha)
    confirm(batch, babul)
    with django_capture_on_commit_callbacks(execute=True):
        _answer(pre, ayesha, right=False)
        _answer(post, ayesha, right=True)
    return batch, pre, post, ayesha, babul


def _answer(quiz, participant, *, right: bool):
    """Take the quiz through the services: every answer right, or every answer wrong."""
    attempt = services.quiz_attempt_start(quiz=quiz, participant=participant)
    answers = {}
    for question in quiz.questions.all():
        answers[question.pk] = [c.id for c in question.choices if c.value["correct"] == right]
    services.quiz_attempt_submit(attempt=attempt, answers=answers)


def test_my_teaching_shows_new_test_scores_once_submitted(client, trainer, taught, committed):
    _batch, pre, post, _ayesha, babul = taught
    client.force_login(trainer)
    before = client.get(reverse("courses:my_teaching")).content.decode()
    assert "+100.0" in before  # Ayesha alone is measured: 0 % -> 100 %
    with committed():
        _answer(pre, babul, right=True)  # 100 %
        _answer(post, babul, right=False)  # 0 %
    after = client.get(reverse("courses:my_teaching")).content.decode()
    assert "+100.0" not in after
    assert '<td class="num">50.0</td><td class="num">50.0</td><td class="num">0.0</td>' in after


def test_the_roster_follows_marks_and_cancelled_nominations(client, organiser, taught, committed):
    batch, _pre, _post, ayesha, babul = taught
    client.force_login(organiser)
    url = reverse("courses:batch_roster", args=[batch.pk])
    assert "Babul Mia" in client.get(url).content.decode()
    with committed():
        attendance_mark(
            session=batch.sessions.order_by("starts_at").first(),
            participant=ayesha,
            status="present",
            by=organiser,
        )
        nomination_cancel(nomination=babul.nominations.get(batch=batch), by=organiser)
    page = client.get(url).content.decode()
    assert "Babul Mia" not in page
    assert "1/4" in page  # Ayesha attended one of the four sessions


def test_my_learning_lists_a_course_once_enrolled(client, trainee, committed):
    course = factories.course(title="Writing targets", modules={"Targets": ["Levels"]})
    participant = services.participant_for_user(user=trainee)
    client.force_login(trainee)
    page = client.get(reverse("courses:my_learning")).content.decode()
    assert "No course in progress." in page
    with committed():
        services.course_enrol(course=course, participant=participant)
    page = client.get(reverse("courses:my_learning")).content.decode()
    assert "No course in progress." not in page
    assert "0 of 1 steps done" in page
    with committed():
        lesson = course.lessons().get()
        services.lesson_complete(enrolment=participant.enrolments.get(), lesson=lesson)
    page = client.get(reverse("courses:my_learning")).content.decode()
    assert "Completed courses" in page and "Writing targets" in page
