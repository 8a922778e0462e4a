"""The exercise through the services: create, submit, review, achievements, score."""

import datetime as dt
from decimal import Decimal

import pytest

from sandbox_apa import selectors
from sandbox_apa.models import Indicator, PracticeAPA, QuarterlyAchievement, ReviewComment
from sandbox_apa.services import (
    SandboxError,
    agreement_achievements_save,
    agreement_close_year,
    agreement_create,
    agreement_record_achievement,
    agreement_review,
    agreement_score,
    agreement_submit,
    indicator_save,
    objective_save,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_new_apa_arrives_with_the_mandatory_objectives_of_the_scenario(trainee):
    fid = factories.sandbox_apa(trainee=trainee)
    mandatory = fid.objectives.filter(is_mandatory=True)
    assert sum(o.weight for o in mandatory) == 25
    assert all(o.prescribed_weight == o.weight for o in mandatory)
    district = factories.sandbox_apa(trainee=trainee, slug="sonapur-dc-2021-22")
    weights = sorted(o.weight for o in district.objectives.filter(is_mandatory=True))
    assert weights == [3, 3, 4, 10, 10]
    # One empty own objective to start writing, listed before the mandatory block.
    first = selectors.agreement_tree(district)[0]
    assert (first.is_mandatory, first.title) == (False, "")


def test_the_trainees_participant_is_linked(trainee):
    participant = factories.sandbox_participant(trainee)
    assert factories.sandbox_apa(trainee=trainee).participant == participant


def test_submit_is_refused_with_the_errors_until_the_apa_is_valid(trainee):
    agreement = factories.sandbox_apa(trainee=trainee)
    with pytest.raises(SandboxError) as refused:
        agreement_submit(agreement=agreement, by=trainee)
    assert {m.code for m in refused.value.messages} >= {"total_weight", "objective_title"}
    factories.sandbox_fill_valid(agreement)
    agreement_submit(agreement=agreement, by=trainee)
    agreement.refresh_from_db()
    assert agreement.status == PracticeAPA.Status.SUBMITTED
    assert agreement.submitted_at is not None


def test_nobody_but_the_trainee_edits_and_not_after_submission(trainee):
    other = factories.UserFactory()
    agreement = factories.sandbox_apa(trainee=trainee, valid=True)
    objective = agreement.objectives.filter(is_mandatory=False).first()
    with pytest.raises(SandboxError, match="Only the trainee"):
        objective_save(objective=objective, by=other, weight=Decimal(50))
    agreement_submit(agreement=agreement, by=trainee)
    objective.agreement.refresh_from_db()
    with pytest.raises(SandboxError, match="can no longer be changed"):
        objective_save(objective=objective, by=trainee, weight=Decimal(50))


def test_a_mandatory_indicator_keeps_its_name_and_weight(trainee):
    agreement = factories.sandbox_apa(trainee=trainee)
    indicator = Indicator.objects.filter(activity__objective__is_mandatory=True).first()
    indicator_save(indicator=indicator, by=trainee, name="Mine", weight=Decimal(1), unit="x")
    indicator.refresh_from_db()
    assert indicator.name != "Mine" and indicator.weight != 1
    assert agreement.objectives.filter(is_mandatory=True, title="Mine").count() == 0


@pytest.fixture
def batch_setup(trainee):
    trainer = factories.UserFactory(group="Trainers")
    batch = factories.sandbox_batch(trainers=[trainer], trainees=[trainee])
    agreement = factories.sandbox_apa(trainee=trainee, batch=batch, valid=True)
    agreement_submit(agreement=agreement, by=trainee)
    return trainer, batch, agreement


def test_a_trainer_of_the_batch_returns_with_comments_and_the_trainee_edits_again(
    trainee, batch_setup
):
    trainer, _batch, agreement = batch_setup
    indicator = Indicator.objects.get(
        activity__objective__agreement=agreement, name__startswith="SME"
    )
    with pytest.raises(SandboxError, match="at least one comment"):
        agreement_review(agreement=agreement, by=trainer, accept=False, comments=[])
    agreement_review(
        agreement=agreement,
        by=trainer,
        accept=False,
        comments=[(indicator, "Add the Poor target."), (agreement, " ")],
    )
    agreement.refresh_from_db()
    assert agreement.status == PracticeAPA.Status.RETURNED
    [comment] = ReviewComment.objects.filter(agreement=agreement)
    assert (comment.indicator, comment.objective, comment.author) == (
        indicator,
        indicator.activity.objective,
        trainer,
    )
    indicator_save(indicator=indicator, by=trainee, target_poor="1.2")  # editable again
    agreement_submit(agreement=agreement, by=trainee)


def test_only_a_trainer_of_the_batch_or_an_organiser_reviews(trainee, batch_setup, organiser):
    _trainer, _batch, agreement = batch_setup
    stranger = factories.UserFactory(group="Trainers")
    factories.sandbox_batch(trainers=[stranger])
    with pytest.raises(SandboxError, match="trainer of the APA's batch"):
        agreement_review(agreement=agreement, by=stranger, accept=True)
    with pytest.raises(SandboxError):
        agreement_review(agreement=agreement, by=trainee, accept=True)
    agreement_review(agreement=agreement, by=organiser, accept=True)
    with pytest.raises(SandboxError, match="Only a submitted APA"):
        agreement_review(agreement=agreement, by=organiser, accept=True)


def test_achievements_quarter_by_quarter_give_the_score(trainee, batch_setup):
    trainer, _batch, agreement = batch_setup
    credit = Indicator.objects.get(
        activity__objective__agreement=agreement, name__startswith="Agri"
    )
    with pytest.raises(SandboxError, match="accepted"):
        agreement_record_achievement(indicator=credit, quarter=1, value="5", by=trainee)
    agreement_review(agreement=agreement, by=trainer, accept=True)
    for quarter, value in enumerate(["6", "7", "6.5", "7.5"], start=1):  # sum = 27 -> 85%
        agreement_record_achievement(indicator=credit, quarter=quarter, value=value, by=trainee)
    loans = Indicator.objects.get(
        activity__objective__agreement=agreement, name__startswith="Class"
    )
    loans.calculation_method = "cumulative"
    loans.save()
    for quarter, value in enumerate(["51000", "50700", "50400"], start=1):  # last: 84%
        agreement_record_achievement(indicator=loans, quarter=quarter, value=value, by=trainee)
    platform = Indicator.objects.get(
        activity__objective__agreement=agreement, name="Platform launched"
    )
    platform.calculation_method = "date"
    platform.save()
    agreement_record_achievement(indicator=platform, quarter=4, value="2020-06-11", by=trainee)

    result = agreement_score(agreement=agreement)
    assert result.indicators[credit.pk].raw == 85
    assert result.indicators[credit.pk].obtained == Decimal("21.25")  # weight 25
    assert result.indicators[loans.pk].obtained == Decimal("16.8")  # 20 x 84%
    assert result.indicators[platform.pk].obtained == Decimal("8.5")  # 10 x 85%
    assert result.total == Decimal("46.55")
    assert result.improvements[0].key == credit.pk  # 25 x (90 - 85)% = 1.25 marks

    with pytest.raises(SandboxError, match="no achievement"):
        agreement_close_year(agreement=agreement, by=trainee)
    for indicator in Indicator.objects.filter(activity__objective__agreement=agreement):
        if not indicator.achievements.exists():
            agreement_record_achievement(indicator=indicator, quarter=1, value="0", by=trainee)
    agreement_close_year(agreement=agreement, by=trainee)
    agreement.refresh_from_db()
    assert agreement.status == PracticeAPA.Status.EVALUATED


def test_a_scenario_not_offered_cannot_be_started(trainee):
    scenario = factories.sandbox_scenario()
    scenario.is_active = False
    scenario.save()
    with pytest.raises(SandboxError):
        agreement_create(scenario=scenario, trainee=trainee)


def test_date_targets_keep_their_dates(trainee):
    agreement = factories.sandbox_apa(trainee=trainee, valid=True)
    platform = Indicator.objects.get(
        activity__objective__agreement=agreement, name="Platform launched"
    )
    assert platform.targets[0] == dt.date(2020, 5, 31)


# --- achievements saved at once ---------------------------------------------------------------


@pytest.fixture
def accepted(trainee, batch_setup):
    trainer, _batch, agreement = batch_setup
    agreement_review(agreement=agreement, by=trainer, accept=True)
    return agreement


def _indicators(agreement) -> list[Indicator]:
    return list(Indicator.objects.filter(activity__objective__agreement=agreement).order_by("pk"))


def _stored(agreement) -> dict:
    return dict(
        QuarterlyAchievement.objects.filter(
            indicator__activity__objective__agreement=agreement
        ).values_list("indicator_id", "value")
    )


def test_a_save_of_the_page_records_every_cell_and_clears_emptied_ones(trainee, accepted):
    first, second, *_rest = _indicators(accepted)
    changed = agreement_achievements_save(
        agreement=accepted,
        by=trainee,
        values={(first.pk, 1): "6", (first.pk, 2): "7", (second.pk, 1): "1.2"},
    )
    assert changed == 3
    assert first.achievements.count() == 2 and second.achievements.get().value == "1.2"
    changed = agreement_achievements_save(
        agreement=accepted, by=trainee, values={(first.pk, 1): "6", (first.pk, 2): ""}
    )
    assert changed == 1  # the unchanged cell is not written again
    assert list(first.achievements.values_list("quarter", "value")) == [(1, "6")]
    assert second.achievements.get().value == "1.2"  # a cell not posted is left alone


def test_a_save_that_fails_halfway_leaves_the_achievements_as_they_were(
    trainee, accepted, monkeypatch
):
    """All cells in one transaction: an error after some rows were written undoes them."""
    first, second, *_rest = _indicators(accepted)
    agreement_achievements_save(agreement=accepted, by=trainee, values={(first.pk, 1): "6"})

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(QuarterlyAchievement.objects, "bulk_update", broken)
    with pytest.raises(RuntimeError):
        agreement_achievements_save(
            agreement=accepted,
            by=trainee,
            values={(first.pk, 1): "9", (second.pk, 1): "1.1", (second.pk, 2): "1.3"},
        )
    assert _stored(accepted) == {first.pk: "6"}


def test_a_cell_of_another_apa_refuses_the_whole_save(trainee, accepted):
    other = factories.sandbox_apa(trainee=trainee)
    first = _indicators(accepted)[0]
    foreign = _indicators(other)[0]
    with pytest.raises(SandboxError, match="another APA"):
        agreement_achievements_save(
            agreement=accepted, by=trainee, values={(first.pk, 1): "6", (foreign.pk, 1): "1"}
        )
    with pytest.raises(SandboxError, match="four quarters"):
        agreement_achievements_save(agreement=accepted, by=trainee, values={(first.pk, 5): "1"})
    assert _stored(accepted) == {} and _stored(other) == {}


def test_closing_the_year_saves_the_cells_posted_with_it(trainee, accepted):
    values = {(indicator.pk, 4): "5" for indicator in _indicators(accepted)}
    agreement_close_year(agreement=accepted, by=trainee, values=values)
    accepted.refresh_from_db()
    assert accepted.status == PracticeAPA.Status.EVALUATED
    assert set(_stored(accepted).values()) == {"5"}


def test_closing_too_early_says_what_is_missing_and_keeps_what_was_typed(trainee, accepted):
    """Never lose input: the cells posted with a refused close stay saved."""
    first, *rest = _indicators(accepted)
    values = {(indicator.pk, 1): "5" for indicator in rest}
    with pytest.raises(SandboxError, match="^1 indicator\\(s\\) have no achievement yet"):
        agreement_close_year(agreement=accepted, by=trainee, values=values)
    accepted.refresh_from_db()
    assert accepted.status == PracticeAPA.Status.ACCEPTED
    assert set(_stored(accepted)) == {indicator.pk for indicator in rest}
    agreement_close_year(agreement=accepted, by=trainee, values={(first.pk, 2): "3"})
    accepted.refresh_from_db()
    assert accepted.status == PracticeAPA.Status.EVALUATED
