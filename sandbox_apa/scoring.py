"""Scoring of an Annual Performance Agreement: a pure module, no ORM, Decimal arithmetic.

An indicator's achievement becomes a raw score (%) against its targets at five levels
(Excellent 100, Very Good 90, Good 80, Fair 70, Poor 60); the obtained mark is
weight x raw / 100; the APA's total is the sum of the marks, out of 100. Results are exact
Decimals: round them only for display (`display`).

Used by the editor, the scored APA page, the PDF and Excel exports and the scoreboard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

LEVELS: tuple[int, ...] = (100, 90, 80, 70, 60)
DIRECTIONS = ("higher", "lower", "date")
METHODS = ("interpolate", "step")
CALCULATION_METHODS = ("sum", "average", "date", "cumulative")
HUNDRED = Decimal(100)
ZERO = Decimal(0)

Value = int | float | Decimal | str | dt.date

_DIRECTION_WORDS = {
    "higher": "higher-is-better",
    "lower": "lower-is-better",
    "date": "date (earlier is better)",
}


def to_decimal(value: Value) -> Decimal:
    """A number, numeric string or date as a Decimal; dates become day numbers (ordinals)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Decimal(value.toordinal())
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, float | int | str):
        try:
            number = Decimal(str(value).strip())
        except ArithmeticError:
            raise ValueError(f"{value!r} is not a number") from None
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a finite number")
        return number
    raise ValueError(f"{value!r} is not a number or a date")


def _goodness(value: Value, direction: str) -> Decimal:
    """The value on a scale where larger is always better."""
    number = to_decimal(value)
    if direction == "date" and not isinstance(value, dt.date):
        raise ValueError(f"{value!r} is not a date, but the indicator is a date indicator")
    return number if direction == "higher" else -number


def filled_targets(
    targets: Mapping[int | Decimal, Value | None], direction: str
) -> list[tuple[Decimal, Decimal]]:
    """The filled targets as (level, goodness), best level first, checked for order.

    Raises ValueError if the direction is unknown, no target is filled, or the targets are not
    strictly better at each higher level (decreasing for higher-is-better, increasing for
    lower-is-better and dates).
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"Unknown direction {direction!r}: use one of {', '.join(DIRECTIONS)}.")
    levels = sorted(
        ((Decimal(level), value) for level, value in targets.items() if value not in (None, "")),
        key=lambda pair: pair[0],
        reverse=True,
    )
    if not levels:
        raise ValueError("No target is filled: fill at least the Excellent (100%) target.")
    filled = [(level, _goodness(value, direction)) for level, value in levels]
    for (upper, upper_value), (lower, lower_value) in zip(filled, filled[1:], strict=False):
        if lower_value >= upper_value:
            raise ValueError(
                f"Targets in the wrong order for a {_DIRECTION_WORDS[direction]} indicator: "
                f"the {lower:g}% target ({_show(targets, lower)}) must be "
                f"{_worse_word(direction)} than the {upper:g}% target "
                f"({_show(targets, upper)})."
            )
    return filled


def _show(targets: Mapping, level: Decimal) -> str:
    for key, value in targets.items():
        if Decimal(key) == level:
            return str(value)
    return "?"


def _worse_word(direction: str) -> str:
    return {"higher": "lower", "lower": "higher", "date": "later"}[direction]


def indicator_score(
    *,
    achievement: Value,
    targets: Mapping[int | Decimal, Value | None],
    direction: str,
    method: str = "interpolate",
) -> Decimal:
    """The raw score (0..100) of one achievement against the targets.

    At or beyond the best filled target: that target's level (100 when Excellent is filled).
    Worse than the lowest filled target: 0. Between two filled targets: linear interpolation
    between their levels (`method="interpolate"`) or the lower level (`method="step"`).
    Dates are compared as day numbers, earlier is better. Raises ValueError for an unknown
    direction or method, no filled target, or targets in the wrong order.
    """
    if method not in METHODS:
        raise ValueError(f"Unknown scoring method {method!r}: use interpolate or step.")
    filled = filled_targets(targets, direction)
    achieved = _goodness(achievement, direction)
    best_level, best_value = filled[0]
    if achieved >= best_value:
        return best_level
    for (upper, upper_value), (lower, lower_value) in zip(filled, filled[1:], strict=False):
        if achieved >= lower_value:
            if method == "step" or achieved == lower_value:
                return lower
            share = (achieved - lower_value) / (upper_value - lower_value)
            return lower + (upper - lower) * share
    return ZERO


def annual_achievement(quarters: Sequence[Value | None], calculation: str) -> Value | None:
    """The year's achievement from the quarterly values by the calculation method.

    sum: the total of the reported quarters; average: their mean; cumulative: the last
    reported quarter's running total; date: the date reached (the latest report wins, as a
    later report corrects an earlier one), also for dates under another method.
    None when no quarter is reported.
    """
    if calculation not in CALCULATION_METHODS:
        raise ValueError(f"Unknown calculation method {calculation!r}.")
    reported = [value for value in quarters if value not in (None, "")]
    if not reported:
        return None
    # A date is never summed or averaged: a date indicator reports the date reached.
    if calculation in ("cumulative", "date") or any(isinstance(v, dt.date) for v in reported):
        return reported[-1]
    numbers = [to_decimal(value) for value in reported]
    total = sum(numbers, ZERO)
    return total if calculation == "sum" else total / len(numbers)


def obtained_mark(*, weight: Value, raw: Decimal) -> Decimal:
    """Obtained mark = weight x raw score / 100."""
    return to_decimal(weight) * raw / HUNDRED


def grade(total: Decimal, bands: Iterable[tuple[Value, str]]) -> str:
    """The grade of a total from bands [(minimum total, label), ...]; "" without bands."""
    for minimum, label in sorted(bands, key=lambda band: to_decimal(band[0]), reverse=True):
        if total >= to_decimal(minimum):
            return label
    return ""


def display(value: Decimal | None, places: int = 2) -> str:
    """A Decimal rounded half-up for display only ("85.00"); "" for None."""
    if value is None:
        return ""
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


# --- a whole agreement --------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorInput:
    """One indicator's facts for scoring; `key` identifies it to the caller (e.g. its pk)."""

    key: object
    objective_key: object
    weight: Decimal
    direction: str
    targets: Mapping[int | Decimal, Value | None]
    achievement: Value | None


@dataclass(frozen=True)
class IndicatorResult:
    key: object
    objective_key: object
    weight: Decimal
    raw: Decimal | None  # None: no achievement reported or targets unusable
    obtained: Decimal
    lost: Decimal
    next_level: Decimal | None  # the next filled level above the raw score
    next_target: Value | None
    gain_to_next_level: Decimal
    error: str = ""


@dataclass(frozen=True)
class ObjectiveResult:
    key: object
    weight: Decimal
    obtained: Decimal


@dataclass(frozen=True)
class AgreementResult:
    indicators: dict[object, IndicatorResult]
    objectives: dict[object, ObjectiveResult]
    total: Decimal
    grade: str
    # Indicators ordered by the marks that reaching their next target level would add.
    improvements: list[IndicatorResult] = field(default_factory=list)

    @property
    def lost_most(self) -> list[IndicatorResult]:
        """Indicators ordered by the marks they lost (weight - obtained), largest first."""
        return sorted(
            (r for r in self.indicators.values() if r.lost > 0), key=lambda r: r.lost, reverse=True
        )


def score_indicator(item: IndicatorInput, *, method: str = "interpolate") -> IndicatorResult:
    """Score one indicator; an unusable one (no achievement, bad targets) obtains 0."""
    weight = to_decimal(item.weight)
    raw, error = None, ""
    if item.achievement not in (None, ""):
        try:
            raw = indicator_score(
                achievement=item.achievement,
                targets=item.targets,
                direction=item.direction,
                method=method,
            )
        except ValueError as exc:
            error = str(exc)
    obtained = obtained_mark(weight=weight, raw=raw) if raw is not None else ZERO
    # Advice is about achievements reported: an unreported indicator has no "next" level.
    next_level, next_target = _next_level(item, raw) if raw is not None else (None, None)
    gain = ZERO
    if next_level is not None:
        gain = obtained_mark(weight=weight, raw=next_level) - obtained
    return IndicatorResult(
        key=item.key,
        objective_key=item.objective_key,
        weight=weight,
        raw=raw,
        obtained=obtained,
        lost=weight - obtained,
        next_level=next_level,
        next_target=next_target,
        gain_to_next_level=gain,
        error=error,
    )


def _next_level(item: IndicatorInput, raw: Decimal) -> tuple[Decimal | None, Value | None]:
    candidates = sorted(
        (Decimal(level), value)
        for level, value in item.targets.items()
        if value not in (None, "") and Decimal(level) > raw
    )
    return candidates[0] if candidates else (None, None)


def agreement_evaluate(
    indicators: Iterable[IndicatorInput],
    *,
    objective_weights: Mapping[object, Value],
    method: str = "interpolate",
    bands: Iterable[tuple[Value, str]] = (),
) -> AgreementResult:
    """Score every indicator, sum the marks per objective and for the APA, grade the total."""
    results = {item.key: score_indicator(item, method=method) for item in indicators}
    objectives = {}
    for key, weight in objective_weights.items():
        obtained = sum((r.obtained for r in results.values() if r.objective_key == key), ZERO)
        objectives[key] = ObjectiveResult(key=key, weight=to_decimal(weight), obtained=obtained)
    total = sum((r.obtained for r in results.values()), ZERO)
    improvements = sorted(
        (r for r in results.values() if r.gain_to_next_level > 0),
        key=lambda r: r.gain_to_next_level,
        reverse=True,
    )
    return AgreementResult(
        indicators=results,
        objectives=objectives,
        total=total,
        grade=grade(total, bands),
        improvements=improvements,
    )
