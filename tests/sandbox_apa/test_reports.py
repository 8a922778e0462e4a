"""Sandbox report: practice-APA scores per batch, by the sandbox's scoring engine."""

from decimal import Decimal

import pytest

from lms.reports import get_report
from sandbox_apa.models import Indicator
from sandbox_apa.services import (
    agreement_record_achievement,
    agreement_review,
    agreement_score,
    agreement_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(home):
    trainer = factories.UserFactory(group="Trainers")
    trainees = [factories.UserFactory(group="Trainees") for _ in range(4)]
    batch = factories.sandbox_batch(trainers=[trainer], trainees=trainees)
    scored, accepted_empty, submitted, draft = (
        factories.sandbox_apa(trainee=t, batch=batch, valid=True) for t in trainees
    )
    for agreement in (scored, accepted_empty, submitted):
        agreement_submit(agreement=agreement, by=agreement.trainee)
    for agreement in (scored, accepted_empty):
        agreement_review(agreement=agreement, by=trainer, accept=True)
    credit = Indicator.objects.get(activity__objective__agreement=scored, name__startswith="Agri")
    for quarter, value in enumerate(["6", "7", "6.5", "7.5"], start=1):  # 27 -> 85 %
        agreement_record_achievement(
            indicator=credit, quarter=quarter, value=value, by=scored.trainee
        )
    batch.scored_total = agreement_score(agreement=scored).total
    return batch


def test_apa_scores_per_batch(batch):
    frame = get_report("apa-scores").run()
    row = frame.to_dict("records")[0]
    assert batch.scored_total == Decimal("21.25")  # 25 marks x 85 %
    assert (row["started"], row["submitted"], row["scored"]) == (4, 3, 2)
    # An accepted APA without achievements scores 0.
    assert (row["lowest_score"], row["highest_score"]) == (0.0, 21.25)
    assert row["average_score"] == pytest.approx(10.62, abs=0.01)


def test_apa_scores_page(client, organiser, batch):
    from django.urls import reverse

    client.force_login(organiser)
    response = client.get(reverse("lms_reports:report", args=["apa-scores"]))
    assert response.status_code == 200
    assert "21.2" in response.content.decode()
