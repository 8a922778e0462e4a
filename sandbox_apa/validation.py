"""Checks of a practice APA's section 3: a pure module, no ORM.

`agreement_check(draft)` returns messages, each naming the objective or indicator (and field)
it concerns with a severity: an error blocks submission, a warning does not. The editor shows
them live at their row; `agreement_submit` refuses while any error remains.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from sandbox_apa.scoring import HUNDRED, ZERO, Value, filled_targets, to_decimal

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class RuleSet:
    """What a framework demands of an APA."""

    mandatory_weight: Decimal = ZERO  # 25 (2015-16 to 2020-21), 30 (2021-22 on), 0 (2014-15)
    mandatory_area_weights: Sequence[Decimal] = ()  # 2021-22: 10, 4, 3, 10, 3
    fair_is_last_year: bool = False  # 2021-22: the 70% target is last year's actual
    level_percentages: Sequence[int] = (100, 90, 80, 70, 60)


@dataclass(frozen=True)
class IndicatorDraft:
    key: object
    name: str
    weight: Decimal | None
    direction: str
    targets: Sequence[Value | None]  # in level order: Excellent, Very Good, Good, Fair, Poor
    unit: str = ""
    last_year_actual: Value | None = None


@dataclass(frozen=True)
class ObjectiveDraft:
    key: object
    title: str
    weight: Decimal | None
    order: int
    is_mandatory: bool = False
    prescribed_weight: Decimal | None = None
    indicators: Sequence[IndicatorDraft] = field(default_factory=tuple)


@dataclass(frozen=True)
class Message:
    severity: str  # "error" | "warning"
    code: str
    text: str
    objective: object = None  # key of the objective concerned, if any
    indicator: object = None  # key of the indicator concerned, if any
    field: str = ""  # the field (column) concerned, if any

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "text": self.text,
            "objective": self.objective,
            "indicator": self.indicator,
            "field": self.field,
        }


def agreement_check(objectives: Sequence[ObjectiveDraft], rules: RuleSet) -> list[Message]:
    """Every check of the APA, in table order: totals first, then objective by objective."""
    messages = _check_total(objectives)
    messages += _check_mandatory(objectives, rules)
    messages += _check_importance_order(objectives)
    messages += _check_duplicates(objectives)
    for objective in objectives:
        messages += _check_objective(objective)
        for indicator in objective.indicators:
            messages += _check_indicator(objective, indicator, rules)
    return messages


def has_errors(messages: Sequence[Message]) -> bool:
    return any(message.severity == ERROR for message in messages)


def _weight(value: Decimal | None) -> Decimal:
    return to_decimal(value) if value is not None else ZERO


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _check_total(objectives: Sequence[ObjectiveDraft]) -> list[Message]:
    if not objectives:
        return [Message(ERROR, "no_objectives", _("The APA has no strategic objective yet."))]
    total = sum((_weight(o.weight) for o in objectives), ZERO)
    if total != HUNDRED:
        text = _("The weights of all objectives add up to %(total)s; they must total 100.") % {
            "total": _fmt(total)
        }
        return [Message(ERROR, "total_weight", text, field="weight")]
    return []


def _check_mandatory(objectives: Sequence[ObjectiveDraft], rules: RuleSet) -> list[Message]:
    messages = []
    mandatory = [o for o in objectives if o.is_mandatory]
    for objective in mandatory:
        prescribed = objective.prescribed_weight
        if prescribed is not None and _weight(objective.weight) != to_decimal(prescribed):
            text = _("The mandatory objective “%(title)s” must keep its weight of %(weight)s.") % {
                "title": objective.title,
                "weight": _fmt(to_decimal(prescribed)),
            }
            messages.append(Message(ERROR, "mandatory_weight", text, objective.key, field="weight"))
    if rules.mandatory_weight:
        block = sum((_weight(o.weight) for o in mandatory), ZERO)
        if block != rules.mandatory_weight:
            text = _(
                "The mandatory objectives weigh %(block)s in all; this framework sets them at "
                "%(required)s (own objectives %(own)s)."
            ) % {
                "block": _fmt(block),
                "required": _fmt(rules.mandatory_weight),
                "own": _fmt(HUNDRED - rules.mandatory_weight),
            }
            messages.append(Message(ERROR, "mandatory_block", text, field="weight"))
    if rules.mandatory_area_weights:
        areas = sorted((_weight(o.weight) for o in mandatory), reverse=True)
        expected = sorted((to_decimal(w) for w in rules.mandatory_area_weights), reverse=True)
        if areas != expected:
            text = _("The governance areas must weigh %(weights)s.") % {
                "weights": " + ".join(_fmt(to_decimal(w)) for w in rules.mandatory_area_weights)
            }
            messages.append(Message(ERROR, "mandatory_areas", text, field="weight"))
    return messages


def _check_importance_order(objectives: Sequence[ObjectiveDraft]) -> list[Message]:
    own = sorted((o for o in objectives if not o.is_mandatory), key=lambda o: o.order)
    messages = []
    for before, after in zip(own, own[1:], strict=False):
        if _weight(after.weight) > _weight(before.weight):
            text = _(
                "Objectives are listed in order of importance: “%(after)s” weighs more than "
                "“%(before)s” above it. Move it up or lower its weight."
            ) % {"after": after.title, "before": before.title}
            messages.append(Message(WARNING, "importance_order", text, after.key, field="weight"))
    return messages


def _check_duplicates(objectives: Sequence[ObjectiveDraft]) -> list[Message]:
    """The trainee's own indicators must differ from each other and from the mandatory ones
    (the mandatory block is the Cabinet Division's, so it is not itself checked)."""
    names = Counter(
        " ".join(i.name.lower().split()) for o in objectives for i in o.indicators if i.name.strip()
    )
    messages = []
    for objective in objectives:
        if objective.is_mandatory:
            continue
        for indicator in objective.indicators:
            if names[" ".join(indicator.name.lower().split())] > 1:
                text = _("The indicator “%(name)s” appears more than once.") % {
                    "name": indicator.name
                }
                messages.append(
                    Message(
                        ERROR, "duplicate_indicator", text, objective.key, indicator.key, "name"
                    )
                )
    return messages


def _check_objective(objective: ObjectiveDraft) -> list[Message]:
    key = objective.key
    if not objective.title.strip():
        return [Message(ERROR, "objective_title", _("Name the objective."), key, field="title")]
    messages = []
    if objective.weight is None or _weight(objective.weight) <= 0:
        text = _("Give the objective “%(title)s” a weight.") % {"title": objective.title}
        messages.append(Message(ERROR, "objective_weight", text, key, field="weight"))
    if not objective.indicators:
        text = _("The objective “%(title)s” has no indicator.") % {"title": objective.title}
        messages.append(Message(ERROR, "no_indicators", text, key))
        return messages
    total = sum((_weight(i.weight) for i in objective.indicators), ZERO)
    if total != _weight(objective.weight):
        text = _(
            "The indicator weights of “%(title)s” add up to %(total)s, not the objective's "
            "weight of %(weight)s."
        ) % {
            "title": objective.title,
            "total": _fmt(total),
            "weight": _fmt(_weight(objective.weight)),
        }
        messages.append(Message(ERROR, "indicator_weights", text, key, field="weight"))
    return messages


def _check_indicator(
    objective: ObjectiveDraft, indicator: IndicatorDraft, rules: RuleSet
) -> list[Message]:
    okey, ikey = objective.key, indicator.key
    if not indicator.name.strip():
        return [Message(ERROR, "empty_indicator", _("Name the indicator."), okey, ikey, "name")]
    messages = []
    if indicator.weight is None or _weight(indicator.weight) <= 0:
        text = _("Give the indicator “%(name)s” a weight.") % {"name": indicator.name}
        messages.append(Message(ERROR, "indicator_weight", text, okey, ikey, "weight"))
    if indicator.direction != "date" and not indicator.unit.strip():
        text = _("Give the unit of “%(name)s” (number, %%, crore Tk…).") % {"name": indicator.name}
        messages.append(Message(ERROR, "unit", text, okey, ikey, "unit"))
    targets = dict(zip(rules.level_percentages, indicator.targets, strict=False))
    try:
        filled_targets(targets, indicator.direction)
    except ValueError as exc:
        messages.append(Message(ERROR, "targets", str(exc), okey, ikey, "targets"))
        return messages
    if rules.fair_is_last_year:
        messages += _check_fair_target(okey, indicator, rules)
    return messages


def _check_fair_target(okey, indicator: IndicatorDraft, rules: RuleSet) -> list[Message]:
    fair = indicator.targets[3] if len(indicator.targets) > 3 else None
    last = indicator.last_year_actual
    if last in (None, ""):
        return []
    if fair in (None, "") or to_decimal(fair) != to_decimal(last):
        text = _(
            "Under this framework the %(level)s%% target of “%(name)s” is last year's actual "
            "achievement (%(last)s)."
        ) % {"level": rules.level_percentages[3], "name": indicator.name, "last": last}
        return [Message(WARNING, "fair_is_last_year", text, okey, indicator.key, "target_fair")]
    return []


def messages_by_row(messages: Sequence[Message]) -> Mapping[str, list[Message]]:
    """Messages grouped by row id ("apa", "objective-<key>", "indicator-<key>")."""
    rows: dict[str, list[Message]] = {}
    for message in messages:
        if message.indicator is not None:
            row = f"indicator-{message.indicator}"
        elif message.objective is not None:
            row = f"objective-{message.objective}"
        else:
            row = "apa"
        rows.setdefault(row, []).append(message)
    return rows
