"""The sandbox's demo data: APAs in every state, and the same result when loaded twice."""

import io

import pytest

from sandbox_apa import demo, selectors
from sandbox_apa.models import PracticeAPA
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_covers_the_states(organiser):
    trainee = factories.UserFactory(username="trainee@example.org", email="trainee@example.org")
    trainer = factories.UserFactory(
        username="trainer@example.org", email="trainer@example.org", group="Trainers"
    )
    others = [factories.UserFactory(group="Trainees") for _ in range(3)]
    batch = factories.sandbox_batch(trainees=others)
    factories.sandbox_scenario()
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    statuses = sorted(PracticeAPA.objects.values_list("status", flat=True))
    assert statuses == ["draft", "draft", "evaluated", "returned", "submitted"]
    evaluated = PracticeAPA.objects.get(status="evaluated")
    assert evaluated.trainee == trainee and evaluated.batch == batch
    assert selectors.can_review(trainer, evaluated)  # made the batch's trainer
    result = selectors.agreement_result(evaluated)
    assert 0 < result.total < 100 and not any(r.error for r in result.indicators.values())
