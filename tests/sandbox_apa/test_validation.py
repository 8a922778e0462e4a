"""Every validation rule of a practice APA, on plain data (no database)."""

import datetime as dt
from decimal import Decimal as D

import pytest

from sandbox_apa.validation import (
    ERROR,
    WARNING,
    IndicatorDraft,
    ObjectiveDraft,
    RuleSet,
    agreement_check,
    has_errors,
    messages_by_row,
)

FRAMEWORK_2015 = RuleSet(mandatory_weight=D(25))
FRAMEWORK_2021 = RuleSet(
    mandatory_weight=D(30),
    mandatory_area_weights=(D(10), D(4), D(3), D(10), D(3)),
    fair_is_last_year=True,
)


@pytest.fixture(autouse=True)
def _isolated():
    """Pure functions: no database, so the shared cache-clearing fixture is not needed."""
    yield


def indicator(key, weight, *, name=None, direction="higher", targets=(30, 28, 26, 24, 22), **kw):
    return IndicatorDraft(
        key=key,
        name=name if name is not None else f"Indicator {key}",
        weight=D(weight) if weight is not None else None,
        direction=direction,
        unit=kw.pop("unit", "number"),
        targets=list(targets),
        **kw,
    )


def objective(key, weight, indicators, *, order=1, mandatory=False, prescribed=None, title=None):
    return ObjectiveDraft(
        key=key,
        title=title if title is not None else f"Objective {key}",
        weight=D(weight) if weight is not None else None,
        order=order,
        is_mandatory=mandatory,
        prescribed_weight=D(prescribed) if prescribed is not None else None,
        indicators=indicators,
    )


def valid_2015():
    return [
        objective("o1", 45, [indicator("i1", 25), indicator("i2", 20)], order=1),
        objective("o2", 30, [indicator("i3", 30)], order=2),
        objective("m1", 25, [indicator("i4", 25)], mandatory=True, prescribed=25),
    ]


def codes(messages, severity=None):
    return [m.code for m in messages if severity is None or m.severity == severity]


def test_a_valid_apa_has_no_message():
    assert agreement_check(valid_2015(), FRAMEWORK_2015) == []


def test_weights_must_total_100():
    apa = valid_2015()
    apa[1] = objective("o2", 29, [indicator("i3", 29)], order=2)
    messages = agreement_check(apa, FRAMEWORK_2015)
    assert codes(messages) == ["total_weight"]
    assert "add up to 99" in messages[0].text
    assert has_errors(messages)


def test_indicator_weights_must_add_up_to_their_objective():
    apa = valid_2015()
    apa[0] = objective("o1", 45, [indicator("i1", 25), indicator("i2", 15)], order=1)
    [message] = agreement_check(apa, FRAMEWORK_2015)
    assert (message.code, message.severity, message.objective) == ("indicator_weights", ERROR, "o1")
    assert "add up to 40, not the objective's weight of 45" in message.text


def test_the_mandatory_objective_keeps_its_prescribed_weight():
    apa = valid_2015()
    apa[0] = objective("o1", 50, [indicator("i1", 30), indicator("i2", 20)], order=1)
    apa[2] = objective("m1", 20, [indicator("i4", 20)], mandatory=True, prescribed=25)
    messages = agreement_check(apa, FRAMEWORK_2015)
    assert set(codes(messages)) == {"mandatory_weight", "mandatory_block"}
    assert [m.objective for m in messages if m.code == "mandatory_weight"] == ["m1"]
    assert "own objectives 75" in next(m.text for m in messages if m.code == "mandatory_block")


def test_2021_governance_areas_weigh_10_4_3_10_3():
    own = objective("o1", 70, [indicator("i1", 70, targets=(30, 28, 26, 24, 22))])
    areas = [
        objective(f"m{n}", w, [indicator(f"x{n}", w, targets=(5, 4))], mandatory=True)
        for n, w in enumerate([10, 5, 2, 10, 3])
    ]
    messages = agreement_check([own, *areas], FRAMEWORK_2021)
    assert "mandatory_areas" in codes(messages, ERROR)
    good = [
        objective(f"m{n}", w, [indicator(f"x{n}", w, targets=(5, 4))], mandatory=True)
        for n, w in enumerate([10, 4, 3, 10, 3])
    ]
    assert "mandatory_areas" not in codes(agreement_check([own, *good], FRAMEWORK_2021))


@pytest.mark.parametrize(
    ("direction", "targets", "ok"),
    [
        ("higher", (30, 28, 26, 24, 22), True),
        ("higher", (30, 31, 26, None, None), False),
        ("lower", (50000, 50250, 50500, 50750, 50850), True),
        ("lower", (50850, 50750, 50500, 50250, 50000), False),
        ("date", (dt.date(2020, 5, 31), dt.date(2020, 6, 7), None, None, None), True),
        ("date", (dt.date(2020, 6, 7), dt.date(2020, 5, 31), None, None, None), False),
        ("higher", (None, None, None, None, None), False),
    ],
)
def test_targets_in_the_right_order_for_the_direction(direction, targets, ok):
    apa = valid_2015()
    apa[1] = objective(
        "o2", 30, [indicator("i3", 30, direction=direction, targets=targets)], order=2
    )
    messages = [m for m in agreement_check(apa, FRAMEWORK_2015) if m.code == "targets"]
    assert (messages == []) is ok
    if not ok:
        assert (messages[0].indicator, messages[0].field) == ("i3", "targets")


def test_2021_fair_target_should_be_last_years_actual_a_warning():
    own = objective(
        "o1",
        70,
        [
            indicator("i1", 35, targets=(30, 28, 26, 24, 22), last_year_actual=D(23)),
            indicator("i2", 35, targets=(30, 28, 26, 24, 22), last_year_actual=D(24)),
        ],
    )
    areas = [
        objective(f"m{n}", w, [indicator(f"x{n}", w, targets=(5, 4))], mandatory=True)
        for n, w in enumerate([10, 4, 3, 10, 3])
    ]
    messages = agreement_check([own, *areas], FRAMEWORK_2021)
    [warning] = messages
    assert (warning.severity, warning.code, warning.indicator) == (
        WARNING,
        "fair_is_last_year",
        "i1",
    )
    assert not has_errors(messages)
    # The same APA under the 2015-16 framework has no such rule.
    assert "fair_is_last_year" not in codes(agreement_check([own], FRAMEWORK_2015))


def test_empty_and_duplicate_indicators():
    apa = valid_2015()
    apa[0] = objective(
        "o1",
        45,
        [
            indicator("i1", 25, name="Loans disbursed"),
            indicator("i2", 20, name=" loans  DISBURSED"),
        ],
    )
    apa[1] = objective("o2", 30, [indicator("i3", 30, name="")], order=2)
    messages = agreement_check(apa, FRAMEWORK_2015)
    assert sorted((m.code, m.indicator) for m in messages) == [
        ("duplicate_indicator", "i1"),
        ("duplicate_indicator", "i2"),
        ("empty_indicator", "i3"),
    ]


def test_duplicates_within_the_mandatory_block_are_not_the_trainees_to_fix():
    apa = valid_2015()
    apa[2] = objective(
        "m1",
        25,
        [indicator("i4", 15, name="Action plan"), indicator("i5", 10, name="Action plan")],
        mandatory=True,
        prescribed=25,
    )
    assert agreement_check(apa, FRAMEWORK_2015) == []
    apa[1] = objective("o2", 30, [indicator("i3", 30, name="Action plan")], order=2)
    [message] = agreement_check(apa, FRAMEWORK_2015)
    assert (message.code, message.indicator) == ("duplicate_indicator", "i3")


def test_objective_without_indicators_title_or_weight():
    apa = valid_2015()
    apa.append(objective("o3", None, [], order=3, title=""))
    apa.append(objective("o4", None, [], order=4))
    found = {(m.code, m.objective) for m in agreement_check(apa, FRAMEWORK_2015)}
    assert ("objective_title", "o3") in found
    assert ("objective_weight", "o4") in found
    assert ("no_indicators", "o4") in found


def test_indicator_without_weight_or_unit():
    apa = valid_2015()
    apa[1] = objective("o2", 30, [indicator("i3", None, unit="")], order=2)
    found = {(m.code, m.indicator) for m in agreement_check(apa, FRAMEWORK_2015)}
    assert {("indicator_weight", "i3"), ("unit", "i3")} <= found


def test_more_important_objectives_weigh_more_a_warning():
    apa = valid_2015()
    apa[0] = objective("o1", 30, [indicator("i1", 30)], order=1)
    apa[1] = objective("o2", 45, [indicator("i2", 25), indicator("i3", 20)], order=2)
    [message] = agreement_check(apa, FRAMEWORK_2015)
    assert (message.severity, message.code, message.objective) == (
        WARNING,
        "importance_order",
        "o2",
    )


def test_no_objective_at_all_is_an_error():
    assert codes(agreement_check([], FRAMEWORK_2015)) == ["no_objectives", "mandatory_block"]


def test_messages_grouped_by_the_row_they_concern():
    apa = valid_2015()
    apa[0] = objective("o1", 45, [indicator("i1", 25), indicator("i2", 20, targets=(1, 2))])
    apa[1] = objective("o2", 29, [indicator("i3", 29)], order=2)
    rows = messages_by_row(agreement_check(apa, FRAMEWORK_2015))
    assert set(rows) == {"apa", "indicator-i2"}
