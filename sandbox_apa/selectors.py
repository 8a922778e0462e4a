"""Who may see which practice APA, and the read models of an APA (checks, score, board)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from sandbox_apa import scoring, validation
from sandbox_apa.models import (
    Activity,
    Indicator,
    PeerReviewRound,
    PracticeAPA,
    QuarterlyAchievement,
    StrategicObjective,
)
from workshops.permissions import in_visible_batches, is_organiser, trainer_batch_ids


def agreements_visible_to(user) -> QuerySet[PracticeAPA]:
    """A trainee sees their own APAs; a trainer those of their batches; organisers all."""
    if not user.is_authenticated:
        return PracticeAPA.objects.none()
    if is_organiser(user):
        return PracticeAPA.objects.all()
    from django.db.models import Q

    return PracticeAPA.objects.filter(
        Q(trainee=user) | Q(batch_id__in=trainer_batch_ids(user))
    ).distinct()


def peer_review_rounds_visible_to(user) -> QuerySet[PeerReviewRound]:
    """Organisers see every peer review round; a trainer those of the batches they train."""
    return in_visible_batches(PeerReviewRound.objects.all(), user)


def can_review(user, agreement: PracticeAPA) -> bool:
    """Trainers of the APA's batch and organisers review; nobody reviews their own APA."""
    if agreement.trainee_id == user.pk:
        return False
    if is_organiser(user):
        return True
    return agreement.batch_id is not None and agreement.batch_id in trainer_batch_ids(user)


def agreement_tree(
    agreement: PracticeAPA, *, achievements: bool = True
) -> list[StrategicObjective]:
    """Objectives -> activities -> indicators (with achievements, unless the editor of a draft
    that has none asks) in four queries, or three."""
    indicators = Indicator.objects.order_by("order", "pk")
    if achievements:
        indicators = indicators.prefetch_related(
            Prefetch("achievements", queryset=QuarterlyAchievement.objects.order_by("quarter"))
        )
    activities = Activity.objects.order_by("order", "pk").prefetch_related(
        Prefetch("indicators", queryset=indicators)
    )
    return list(
        agreement.objectives.order_by("is_mandatory", "order", "pk").prefetch_related(
            Prefetch("activities", queryset=activities)
        )
    )


def _indicators(objectives: Iterable[StrategicObjective]):
    for objective in objectives:
        for activity in objective.activities.all():
            for indicator in activity.indicators.all():
                yield objective, activity, indicator


def rules_for(framework) -> validation.RuleSet:
    return validation.RuleSet(
        mandatory_weight=framework.mandatory_weight,
        mandatory_area_weights=tuple(
            Decimal(str(w)) for w in framework.mandatory_area_weights or ()
        ),
        fair_is_last_year=framework.fair_is_last_year,
        level_percentages=framework.levels,
    )


def _safe_value(indicator: Indicator, raw: str):
    try:
        return indicator.value(raw)
    except (ValueError, ArithmeticError):
        return raw  # the form refuses such input; a stray value is reported by the checks


def agreement_messages(
    agreement: PracticeAPA, objectives: list[StrategicObjective] | None = None
) -> list[validation.Message]:
    """Every validation message of the APA (see sandbox_apa.validation)."""
    objectives = objectives if objectives is not None else agreement_tree(agreement)
    drafts = []
    for objective in objectives:
        indicators = [
            validation.IndicatorDraft(
                key=indicator.pk,
                name=indicator.name,
                weight=indicator.weight,
                direction=indicator.direction,
                unit=indicator.unit,
                targets=[_safe_value(indicator, raw) for raw in _target_texts(indicator)],
                last_year_actual=_safe_value(indicator, indicator.actual_last_year),
            )
            for activity in objective.activities.all()
            for indicator in activity.indicators.all()
        ]
        drafts.append(
            validation.ObjectiveDraft(
                key=objective.pk,
                title=objective.title,
                weight=objective.weight,
                order=objective.order,
                is_mandatory=objective.is_mandatory,
                prescribed_weight=objective.prescribed_weight,
                indicators=indicators,
            )
        )
    return validation.agreement_check(drafts, rules_for(agreement.scenario.framework))


def _target_texts(indicator: Indicator) -> list[str]:
    from sandbox_apa.models import TARGET_FIELDS

    return [getattr(indicator, name) for name in TARGET_FIELDS]


def indicator_annual(indicator: Indicator):
    """The year's achievement of an indicator from its (prefetched) quarterly values."""
    by_quarter = {a.quarter: a.value for a in indicator.achievements.all()}
    quarters = [_safe_value(indicator, by_quarter.get(q, "")) for q in (1, 2, 3, 4)]
    try:
        return scoring.annual_achievement(quarters, indicator.calculation_method)
    except (ValueError, ArithmeticError):
        return None


def agreement_result(
    agreement: PracticeAPA, objectives: list[StrategicObjective] | None = None
) -> scoring.AgreementResult:
    """The scored APA: marks per indicator and objective, total, grade, improvements."""
    objectives = objectives if objectives is not None else agreement_tree(agreement)
    framework = agreement.scenario.framework
    levels = framework.levels
    items = []
    for objective, _activity, indicator in _indicators(objectives):
        targets = dict(zip(levels, indicator.targets_safe(), strict=False))
        items.append(
            scoring.IndicatorInput(
                key=indicator.pk,
                objective_key=objective.pk,
                weight=indicator.weight or Decimal(0),
                direction=indicator.direction,
                targets=targets,
                achievement=indicator_annual(indicator),
            )
        )
    return scoring.agreement_evaluate(
        items,
        objective_weights={o.pk: o.weight or 0 for o in objectives},
        method=framework.scoring_method,
        bands=framework.bands,
    )


def batch_scoreboard(batch) -> list[dict]:
    """Each practice APA of a batch with its status, validity and score.

    A fixed number of queries whatever the number of APAs: the trees of all APAs are loaded
    with one prefetch chain.
    """
    indicators = Indicator.objects.order_by("order", "pk").prefetch_related(
        Prefetch("achievements", queryset=QuarterlyAchievement.objects.order_by("quarter"))
    )
    activities = Activity.objects.order_by("order", "pk").prefetch_related(
        Prefetch("indicators", queryset=indicators)
    )
    objectives = StrategicObjective.objects.order_by("is_mandatory", "order", "pk")
    agreements = (
        PracticeAPA.objects.filter(batch=batch)
        .select_related("trainee", "participant", "scenario__framework")
        .prefetch_related(
            Prefetch("objectives", queryset=objectives),
            Prefetch("objectives__activities", queryset=activities),
        )
        .order_by("participant__name", "trainee__email")
    )
    rows = []
    for agreement in agreements:
        tree = list(agreement.objectives.all())
        messages = agreement_messages(agreement, tree)
        result = agreement_result(agreement, tree) if agreement.takes_achievements else None
        rows.append(
            {
                "agreement": agreement,
                "errors": sum(1 for m in messages if m.severity == validation.ERROR),
                "warnings": sum(1 for m in messages if m.severity == validation.WARNING),
                "result": result,
            }
        )
    return rows


def section3_rows(objectives: list[StrategicObjective]) -> list[dict]:
    """The rows of section 3 as a table: one per indicator, with the objective and activity
    cells spanning their indicators (rowspan given on their first row only).
    """
    rows = []
    for objective in objectives:
        activities = list(objective.activities.all()) or [None]
        spans = [max(len(a.indicators.all()) if a else 1, 1) for a in activities]
        first_of_objective = True
        for activity, span in zip(activities, spans, strict=True):
            indicators = list(activity.indicators.all()) if activity else []
            for position, indicator in enumerate(indicators or [None]):
                rows.append(
                    {
                        "objective": objective,
                        "objective_span": sum(spans) if first_of_objective else 0,
                        "activity": activity,
                        "activity_span": span if position == 0 else 0,
                        "indicator": indicator,
                    }
                )
                first_of_objective = False
    return rows
