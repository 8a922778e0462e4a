"""A Bangla course is the same course: enrolment, lesson progress and quizzes are kept
against its English original, whatever the language the trainee reads in."""

import re

import pytest
from django.urls import reverse

from courses.models import Enrolment, LessonProgress, QuizAttempt
from courses.services import participant_for_user
from tests import factories

pytestmark = pytest.mark.django_db

MODULES = {"GPMS": ["What an APA is", "Three formats"], "Targets": ["The target scale"]}
QUESTIONS = [
    ("Which value does the Fair target stand for?", [("70%", True, ""), ("60%", False, "")]),
]


def _done(html: str) -> list[str]:
    """The titles of the lessons ticked as done in a course outline."""
    return re.findall(r'<li class="is-done"><a href="[^"]*">([^<]*)</a>', html)


def _aria_progress(html: str) -> str:
    return re.search(r'aria-valuenow="(\d+)"', html).group(1)


@pytest.fixture
def world(trainee):
    """An English course with a pre-test, a post-test and a quiz in its last lesson, and its
    Bangla translation; the trainee logged in."""
    pre = factories.quiz("pre", QUESTIONS, title="Pre-test")
    post = factories.quiz("post", QUESTIONS, title="Post-test")
    module_quiz = factories.quiz("module", QUESTIONS, title="Module quiz")
    english = factories.course(
        modules=MODULES, pre_test=pre, post_test=post, lesson_quiz=module_quiz
    )
    bangla = factories.bangla(english)
    return english, bangla, module_quiz


def _correct(quiz) -> dict[str, list[str]]:
    return {
        f"q{q.pk}": [c.id for c in q.choices if c.value["correct"]] for q in quiz.questions.all()
    }


def test_enrolling_on_the_bangla_page_enrols_in_the_english_course(client, trainee, world):
    english, bangla, _quiz = world
    client.force_login(trainee)
    response = client.post(reverse("courses:enrol", args=[bangla.pk]))
    enrolment = Enrolment.objects.get(participant__user=trainee)
    assert enrolment.course.pk == english.pk
    # On to the pre-test, still through the Bangla course.
    assert response.url == reverse("courses:quiz", args=[bangla.pk, english.pre_test_id])
    assert client.get(response.url).status_code == 200


def test_progress_on_a_bangla_lesson_shows_on_the_english_course_and_back(client, trainee, world):
    english, bangla, _quiz = world
    client.force_login(trainee)
    client.post(reverse("courses:enrol", args=[bangla.pk]))
    en_lessons, bn_lessons = list(english.lessons()), list(bangla.lessons())
    assert bn_lessons[0].url.startswith("/bn/")

    response = client.post(reverse("courses:lesson_done", args=[bn_lessons[0].pk]))
    assert response.url == bn_lessons[1].url  # the reader goes on in Bangla
    done = LessonProgress.objects.get()
    assert done.lesson.pk == en_lessons[0].pk  # recorded against the English lesson
    assert _done(client.get(english.url).content.decode()) == [en_lessons[0].title]

    client.post(reverse("courses:lesson_done", args=[en_lessons[1].pk]))
    html = client.get(bangla.url).content.decode()
    assert _done(html) == [bn_lessons[0].title, bn_lessons[1].title]
    assert _aria_progress(html) == _aria_progress(client.get(english.url).content.decode())
    assert "badge--done" in client.get(bn_lessons[1].url).content.decode()
    # "Continue where you left off" from the Bangla course opens the Bangla lesson.
    continued = client.get(reverse("courses:continue", args=[bangla.pk]))
    assert continued.url == bn_lessons[2].url


def test_the_quiz_of_a_bangla_lesson_completes_the_english_lesson(client, trainee, world):
    english, bangla, quiz = world
    client.force_login(trainee)
    client.post(reverse("courses:enrol", args=[bangla.pk]))
    lesson = list(bangla.lessons())[-1]
    quiz_url = reverse("courses:quiz", args=[bangla.pk, quiz.pk])
    assert quiz_url in client.get(lesson.url).content.decode()
    started = client.post(quiz_url)
    attempt = QuizAttempt.objects.get(quiz=quiz)
    assert started.url == reverse("courses:attempt", args=[attempt.pk])
    client.post(started.url, _correct(quiz))
    progress = LessonProgress.objects.get()
    assert progress.lesson.pk == english.lessons().last().pk
    assert progress.via == LessonProgress.Via.QUIZ
    assert _done(client.get(bangla.url).content.decode()) == [lesson.title]
    assert "badge--done" in client.get(lesson.url).content.decode()


def test_bangla_course_and_lesson_pages_keep_their_queries(
    client, trainee, django_assert_max_num_queries
):
    """The Bangla pages cost a fixed number of queries more than the English ones, whatever
    the number of lessons and lessons done."""
    participant = participant_for_user(user=trainee)
    client.force_login(trainee)

    def counts(title, modules):
        english = factories.course(title=title, modules=modules)
        bangla = factories.bangla(english)
        client.post(reverse("courses:enrol", args=[bangla.pk]))
        for lesson in english.lessons():
            client.post(reverse("courses:lesson_done", args=[lesson.pk]))
        assert Enrolment.objects.get(course=english, participant=participant).completed_at
        found = []
        for url in (english.url, bangla.url, bangla.lessons().last().url):
            with django_assert_max_num_queries(80) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries.captured_queries))
        return found

    small = counts("Small", {"M": ["L1", "L2"]})
    large = counts("Large", {f"M{m}": [f"L{m}.{n}" for n in range(4)] for m in range(3)})
    assert large == small
    english_page, bangla_page, _lesson = small
    assert bangla_page <= english_page + 1
