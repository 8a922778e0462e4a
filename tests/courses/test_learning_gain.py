"""Learning gain per participant, batch and trainer."""

import datetime as dt
from decimal import Decimal

import pytest

from courses.selectors import batch_learning_gain, trainer_learning_gain
from tests import factories
from tests.courses.conftest import assign, confirm, make_batch, make_participant

pytestmark = pytest.mark.django_db


def _score(quiz, participant, percent):
    """An attempt answered through the quiz services so that it scores `percent`."""
    factories.QuizAttemptFactory(
        quiz=quiz,
        participant=participant,
        percent=percent,
        at=dt.datetime(2015, 1, 12, tzinfo=dt.UTC),
    )


@pytest.fixture
def scored_batch(event):
    ten = factories.single_choice_questions(10)
    pre, post = factories.quiz("pre", ten), factories.quiz("post", ten)
    factories.course(modules={"M": ["L"]}, pre_test=pre, post_test=post, event=event)
    batch = make_batch(event)
    people = [make_participant(name=n) for n in ("Ayesha", "Babul", "Chandan")]
    for person in people:
        confirm(batch, person)
    _score(pre, people[0], 40)
    _score(post, people[0], 50)
    _score(post, people[0], 90)  # the best post-test counts
    _score(pre, people[1], 60)
    _score(post, people[1], 70)
    _score(pre, people[2], 30)  # no post-test yet
    return batch, people


def test_gain_is_best_post_test_minus_first_pre_test_per_participant(scored_batch):
    batch, people = scored_batch
    rows = {row.participant.name: row for row in batch_learning_gain(batch).rows}
    assert rows["Ayesha"].gain == Decimal("50.0")
    assert rows["Babul"].gain == Decimal("10.0")
    assert rows["Chandan"].gain is None


def test_batch_averages_count_only_measured_participants(scored_batch):
    batch, _people = scored_batch
    summary = batch_learning_gain(batch)
    assert summary.average_gain == Decimal("30.0")
    assert summary.average_pre == Decimal("43.3")
    assert summary.average_post == Decimal("80.0")
    assert summary.measured == 2


def test_trainer_gain_covers_the_batches_they_taught(scored_batch, event):
    batch, _people = scored_batch
    trainer = make_participant(name="Trainer")
    assign(batch, trainer)
    make_batch(event, number=2, start=dt.date(2015, 1, 14))  # not theirs
    result = trainer_learning_gain(trainer)
    assert [b for b, _ in result] == [batch]
    assert result[0][1].average_gain == Decimal("30.0")


def test_batch_gain_runs_in_constant_queries(scored_batch, django_assert_num_queries):
    batch, _people = scored_batch
    with django_assert_num_queries(3):
        batch_learning_gain(batch)
