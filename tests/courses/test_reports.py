"""Courses reports: learning gain per batch and trainer, and the ToT cascade."""

import datetime as dt
from decimal import Decimal

import pytest

from courses.models import QuizAttempt, TrainerCertification
from courses.selectors import batch_learning_gain, course_for_event
from lms.reports import get_report
from tests import factories
from tests.workshops import report_data
from workshops.models import Participant

pytestmark = pytest.mark.django_db


def _score(quiz, participant, percent, number=1):
    moment = dt.datetime(2015, 1, 12, tzinfo=dt.UTC)
    QuizAttempt.objects.create(
        quiz=quiz,
        participant=participant,
        number=number,
        seed=1,
        started_at=moment,
        submitted_at=moment,
        score_percent=Decimal(percent),
        passed=percent >= 60,
    )


@pytest.fixture
def world(home):
    world = report_data.build()
    pre, post = factories.quiz("pre"), factories.quiz("post")
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
    _score(post, people["Amina"], 90, number=2)  # the best post-test counts
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
    tot = factories.course(title="ToT course", kind="tot", modules={"M": ["L"]})
    TrainerCertification.objects.create(
        participant=world.trainer,
        course=tot,
        valid_from=dt.date(2015, 1, 11),
        valid_until=dt.date(2018, 1, 10),
    )
    waiting = Participant.objects.create(name="Rafi", email="rafi@example.org")
    TrainerCertification.objects.create(
        participant=waiting,
        course=tot,
        valid_from=dt.date(2015, 1, 11),
        valid_until=dt.date(2018, 1, 10),
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

    tot = factories.course(title="ToT course", kind="tot", modules={"M": ["L"]})
    TrainerCertification.objects.create(
        participant=world.trainer,
        course=tot,
        valid_from=dt.date(2015, 1, 11),
        valid_until=dt.date(2018, 1, 10),
    )
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
    moment = dt.datetime(2015, 1, 12, tzinfo=dt.UTC)
    for nomination in world.batch1.nominations.filter(status="confirmed"):
        for quiz in (course.pre_test, course.post_test):
            attempts = rng.randint(0, 3)
            for number in range(1, attempts + 1):
                # Only the last attempt may still be open (one open attempt at a time).
                submitted = number < attempts or rng.random() < 0.7
                QuizAttempt.objects.create(
                    quiz=quiz,
                    participant=nomination.participant,
                    number=number,
                    seed=1,
                    started_at=moment,
                    submitted_at=moment if submitted else None,
                    score_percent=Decimal(rng.randrange(0, 1001)) / 10 if submitted else None,
                    passed=False,
                )

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
