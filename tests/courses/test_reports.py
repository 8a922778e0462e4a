"""Courses reports: learning gain per batch and trainer, and the ToT cascade."""

import datetime as dt

import pytest

from courses.models import QuizAttempt
from courses.selectors import batch_learning_gain, course_for_event
from lms.reports import get_report
from tests import factories
from tests.workshops import report_data

pytestmark = pytest.mark.django_db


MOMENT = dt.datetime(2015, 1, 12, tzinfo=dt.UTC)


def _score(quiz, participant, percent):
    """An attempt answered through the quiz services so that it scores `percent`."""
    factories.QuizAttemptFactory(quiz=quiz, participant=participant, percent=percent, at=MOMENT)


def _certified(world, participant):
    """A trainer certified from 11 January 2015 by a ToT course and its batch."""
    tot = factories.event_page(
        world.programme1,
        title="Training of trainers",
        slug="tot",
        kind="tot",
        start_date=dt.date(2015, 1, 5),
        end_date=dt.date(2015, 1, 6),
    )
    course = factories.course(title="ToT course", kind="tot", modules={"M": ["L"]}, event=tot)
    return factories.trainer_certify(
        course=course, participant=participant, on=dt.date(2015, 1, 11)
    )


@pytest.fixture
def world(home):
    world = report_data.build()
    ten = factories.single_choice_questions(10)
    pre, post = factories.quiz("pre", ten), factories.quiz("post", ten)
    factories.course(
        title="APA pre-work",
        modules={"M": ["L"]},
        pre_test=pre,
        post_test=post,
        event=world.training,
    )
    people = world.people
    _score(pre, people["Amina"], 40)
    _score(post, people["Amina"], 50)
    _score(post, people["Amina"], 90)  # the best post-test counts
    _score(pre, people["Babul"], 60)
    _score(post, people["Babul"], 70)
    _score(pre, people["Chandra"], 30)  # no post-test yet
    _score(pre, people["Esha"], 20)
    _score(post, people["Esha"], 80)
    world.trainer = report_data.add_trainer(world)
    return world


def test_learning_gain_per_batch(world):
    frame = get_report("learning-gain").run(event="apa-training")
    columns = [
        "batch",
        "course",
        "trainers",
        "confirmed",
        "measured",
        "average_pre",
        "average_post",
        "average_gain",
    ]
    assert frame[columns].to_dict("records") == [
        {
            "batch": 1,
            "course": "APA pre-work",
            "trainers": "Trainer Tania",
            "confirmed": 3,
            "measured": 2,
            "average_pre": 43.3,
            "average_post": 80.0,
            "average_gain": 30.0,
        },
        {
            "batch": 2,
            "course": "APA pre-work",
            "trainers": "",
            "confirmed": 1,
            "measured": 1,
            "average_pre": 20.0,
            "average_post": 80.0,
            "average_gain": 60.0,
        },
    ]
    # The same figures as the courses selector for one batch.
    summary = batch_learning_gain(world.batch1)
    assert float(summary.average_gain) == frame.average_gain[0]


def test_batches_without_a_course_have_no_gain(world):
    frame = get_report("learning-gain").run(event="secretaries")
    assert frame.course.tolist() == [None] and frame.average_gain.tolist() == [None]


def test_learning_gain_per_trainer(world):
    frame = get_report("learning-gain-by-trainer").run()
    assert frame[["trainer", "batches", "measured", "average_gain"]].to_dict("records") == [
        {"trainer": "Trainer Tania", "batches": 1, "measured": 2, "average_gain": 30.0}
    ]


def test_cascade_from_certified_trainers_to_officers(world):
    certification = _certified(world, world.trainer)
    waiting = factories.ParticipantFactory(name="Rafi", email="rafi@example.org")
    factories.trainer_certify(
        course=certification.course, participant=waiting, on=dt.date(2015, 1, 11)
    )
    frame = get_report("cascade").run()
    assert frame[["trainer", "batch_label", "sessions", "officers_reached"]].to_dict("records") == [
        {
            "trainer": "Rafi",
            "batch_label": "not yet teaching",
            "sessions": 0,
            "officers_reached": 0,
        },
        {
            "trainer": "Trainer Tania",
            "batch_label": "APA training, #1",
            "sessions": 2,
            "officers_reached": 3,
        },
    ]
    assert frame.certified_since.tolist() == [dt.date(2015, 1, 11)] * 2


def test_cascade_page_draws_a_tree(client, organiser, world):
    from django.urls import reverse

    _certified(world, world.trainer)
    client.force_login(organiser)
    html = client.get(reverse("lms_reports:report", args=["cascade"])).content.decode()
    assert "Certified trainers → Trainer Tania → APA training, #1: 3" in html


@pytest.mark.parametrize("seed", [1, 2])
def test_learning_gain_report_agrees_with_the_selector_on_varied_attempts(world, seed):
    """Report sums (grouped in SQL) against `batch_learning_gain` (one batch in Python), with
    several attempts per test, attempts still open, and people with one test or none."""
    import random

    rng = random.Random(seed)
    course = course_for_event(world.training.pk)
    QuizAttempt.objects.all().delete()
    for nomination in world.batch1.nominations.filter(status="confirmed"):
        person = nomination.participant
        # A pre-test is taken once, post-tests until one passes; only the last attempt may
        # still be open (one open attempt at a time).
        for quiz, most in ((course.pre_test, 1), (course.post_test, 3)):
            attempts = rng.randint(0, most)
            for number in range(1, attempts + 1):
                if number == attempts and rng.random() < 0.3:
                    factories.QuizAttemptFactory(
                        quiz=quiz, participant=person, at=MOMENT, submitted=False
                    )
                    break
                attempt = factories.QuizAttemptFactory(
                    quiz=quiz, participant=person, at=MOMENT, percent=10 * rng.randrange(0, 11)
                )
                if attempt.passed:
                    break

    frame = get_report("learning-gain").run(event="apa-training")
    summary = batch_learning_gain(world.batch1)

    def number(value):
        return None if value is None else float(value)

    assert (
        frame.measured[0],
        frame.average_pre[0],
        frame.average_post[0],
        frame.average_gain[0],
    ) == (
        summary.measured,
        number(summary.average_pre),
        number(summary.average_post),
        number(summary.average_gain),
    )
