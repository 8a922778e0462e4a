"""Enrolment, lesson progress, continue where I left off, course completion."""

import datetime as dt

import pytest
from django.urls import reverse

from courses.models import Enrolment, LessonProgress
from courses.selectors import enrolment_progress, post_test_requirement
from courses.services import (
    CourseError,
    course_enrol,
    course_enrol_batch,
    lesson_complete,
    participant_for_user,
    quiz_attempt_start,
    quiz_attempt_submit,
)
from tests import factories
from tests.courses.conftest import confirm, make_batch, make_participant
from workshops import hooks
from workshops.models import Nomination, Participant

pytestmark = pytest.mark.django_db

MODULES = {"GPMS": ["What an APA is", "Frameworks"], "Targets": ["The target scale"]}


def _pass(quiz, participant):
    answers = {q.pk: [c.id for c in q.choices if c.value["correct"]] for q in quiz.questions.all()}
    return quiz_attempt_submit(
        attempt=quiz_attempt_start(quiz=quiz, participant=participant), answers=answers
    )


def test_enrolling_creates_a_participant_from_the_account(trainee):
    participant = participant_for_user(user=trainee)
    assert participant.user == trainee and participant.email == trainee.email
    assert participant.name == trainee.get_full_name()
    assert participant_for_user(user=trainee) == participant


def test_an_existing_participant_with_the_same_email_is_linked_not_duplicated(trainee):
    existing = make_participant(email=trainee.email.upper())
    assert participant_for_user(user=trainee) == existing
    assert Participant.objects.count() == 1


def test_enrolling_twice_keeps_one_enrolment(trainee):
    course = factories.course(modules=MODULES)
    participant = participant_for_user(user=trainee)
    assert course_enrol(course=course, participant=participant) == course_enrol(
        course=course, participant=participant
    )


def test_a_batch_is_enrolled_with_its_confirmed_participants_only(event):
    course = factories.course(modules=MODULES, event=event)
    batch = make_batch(event)
    confirmed = [make_participant() for _ in range(3)]
    for participant in confirmed:
        confirm(batch, participant)
    factories.NominationFactory(
        batch=batch, participant=make_participant(), status=Nomination.Status.WAITLISTED
    )
    assert len(course_enrol_batch(course=course, batch=batch)) == 3
    assert course_enrol_batch(course=course, batch=batch) == []
    assert set(Enrolment.objects.values_list("participant_id", flat=True)) == {
        p.pk for p in confirmed
    }
    assert Enrolment.objects.filter(batch=batch).count() == 3


def test_the_course_completes_when_lessons_are_read_and_the_post_test_passed(trainee):
    pre, post = factories.quiz("pre"), factories.quiz("post")
    course = factories.course(modules=MODULES, pre_test=pre, post_test=post)
    participant = participant_for_user(user=trainee)
    enrolment = course_enrol(course=course, participant=participant)
    quiz_attempt_submit(attempt=quiz_attempt_start(quiz=pre, participant=participant), answers={})
    for lesson in course.lessons():
        lesson_complete(enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert enrolment_progress(enrolment).missing == ("post-test",)
    _pass(post, participant)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert enrolment_progress(enrolment).percent == 100


def test_optional_lessons_are_not_needed_for_completion(trainee):
    course = factories.course(modules=MODULES)
    optional = course.lessons().last()
    optional.required = False
    optional.save_revision().publish()
    enrolment = course_enrol(course=course, participant=participant_for_user(user=trainee))
    for lesson in course.lessons()[:2]:
        lesson_complete(enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_a_lesson_of_another_course_or_with_a_quiz_cannot_be_marked_read(trainee):
    quiz = factories.quiz("module")
    course = factories.course(modules=MODULES, lesson_quiz=quiz)
    other = factories.course(title="Other course", modules={"Other": ["Elsewhere"]})
    enrolment = course_enrol(course=course, participant=participant_for_user(user=trainee))
    with pytest.raises(CourseError, match="not part of your course"):
        lesson_complete(enrolment=enrolment, lesson=other.lessons().first())
    with pytest.raises(CourseError, match="quiz"):
        lesson_complete(enrolment=enrolment, lesson=course.lessons().last())


def test_continue_goes_to_the_first_lesson_not_done(client, trainee):
    course = factories.course(modules=MODULES)
    client.force_login(trainee)
    client.post(reverse("courses:enrol", args=[course.pk]))
    lessons = list(course.lessons())
    response = client.post(reverse("courses:lesson_done", args=[lessons[0].pk]))
    assert response.url == lessons[1].url
    assert client.get(reverse("courses:continue", args=[course.pk])).url == lessons[1].url
    assert LessonProgress.objects.count() == 1


def test_the_course_page_shows_progress_and_ticks(client, trainee):
    course = factories.course(modules=MODULES)
    client.force_login(trainee)
    client.post(reverse("courses:enrol", args=[course.pk]))
    client.post(reverse("courses:lesson_done", args=[course.lessons().first().pk]))
    html = client.get(course.url).content.decode()
    assert "1 of 3 steps done (33%)" in html
    assert html.count('class="is-done"') == 1
    assert "Continue where you left off" in html


def test_lessons_are_public_but_progress_needs_an_account(client):
    course = factories.course(modules=MODULES)
    lesson = course.lessons().first()
    assert client.get(lesson.url).status_code == 200
    response = client.post(reverse("courses:lesson_done", args=[lesson.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_my_learning_lists_courses_tests_and_batches_in_constant_queries(
    client, trainee, event, django_assert_max_num_queries
):
    participant = participant_for_user(user=trainee)
    client.force_login(trainee)

    def add_course(n):
        course = factories.course(
            title=f"Course {n}", modules={f"M{n}": [f"L{n}"]}, post_test=factories.quiz("post")
        )
        course_enrol(course=course, participant=participant)
        confirm(
            make_batch(event, number=n + 1, start=dt.date(2030, 1, 3 * n)),  # apart
            participant,
        )

    add_course(1)
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("courses:my_learning"))
    for n in range(2, 6):
        add_course(n)
    with django_assert_max_num_queries(len(few.captured_queries) + 4 * 8):
        response = client.get(reverse("courses:my_learning"))
    html = response.content.decode()
    assert "Course 5" in html and "Tests to take" in html and "Upcoming batches" in html


def test_post_test_requirement_is_registered_and_checks_the_linked_course(event):
    assert post_test_requirement in hooks.completion_requirements()
    post = factories.quiz("post")
    factories.course(modules=MODULES, post_test=post, event=event)
    batch = make_batch(event)
    passed, failed = make_participant(), make_participant()
    _pass(post, passed)
    result = post_test_requirement(participants_by_batch={batch: [passed.pk, failed.pk]})
    assert result[(batch.pk, passed.pk)] == (True, "")
    assert result[(batch.pk, failed.pk)][0] is False
    assert "post-test" in result[(batch.pk, failed.pk)][1]


def test_my_learning_offers_the_pre_work_of_an_upcoming_batch(
    client, trainee, event, django_capture_on_commit_callbacks
):
    course = factories.course(title="Pre-work", modules={"Before": ["Read this"]}, event=event)
    participant = participant_for_user(user=trainee)
    confirm(make_batch(event, start=dt.date(2031, 1, 5)), participant)
    client.force_login(trainee)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "Pre-work for your batches" in html
    assert reverse("courses:enrol", args=[course.pk]) in html
    with django_capture_on_commit_callbacks(execute=True):  # My learning follows the commit
        course_enrol(course=course, participant=participant)
    html = client.get(reverse("courses:my_learning")).content.decode()
    assert "Pre-work for your batches" not in html
