"""The scoring engine against the worked examples of apa-rules.md and its properties."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sandbox_apa.scoring import (
    IndicatorInput,
    agreement_evaluate,
    annual_achievement,
    display,
    grade,
    indicator_score,
    obtained_mark,
)

AGRI_CREDIT = {100: 30, 90: 28, 80: 26, 70: 24, 60: 22}
CLASSIFIED_LOANS = {100: 50_000, 90: 50_250, 80: 50_500, 70: 50_750, 60: 50_850}
PLATFORM = {
    100: dt.date(2020, 5, 31),
    90: dt.date(2020, 6, 7),
    80: dt.date(2020, 6, 15),
    70: dt.date(2020, 6, 21),
    60: dt.date(2020, 6, 25),
}


@pytest.fixture(autouse=True)
def _isolated():
    """Pure functions: no database, so the shared cache-clearing fixture is not needed."""
    yield


RFD_BANDS = [(96, "Excellent"), (86, "Very Good"), (76, "Good"), (66, "Fair"), (0, "Poor")]


# --- worked examples (FY2019-20 Financial Institutions Division) ----------------------------


def test_agricultural_credit_27_scores_85_percent_and_mark_1_70():
    raw = indicator_score(achievement=27, targets=AGRI_CREDIT, direction="higher")
    assert raw == Decimal(85)
    assert display(obtained_mark(weight=2, raw=raw)) == "1.70"


def test_agricultural_credit_21_is_below_the_lowest_target_and_scores_0():
    assert indicator_score(achievement=21, targets=AGRI_CREDIT, direction="higher") == 0


def test_classified_loans_50400_lower_is_better_scores_84_percent_and_mark_0_84():
    raw = indicator_score(achievement=50_400, targets=CLASSIFIED_LOANS, direction="lower")
    assert raw == Decimal(84)
    assert display(obtained_mark(weight=1, raw=raw)) == "0.84"


def test_platform_launched_on_11_june_scores_85_percent_as_day_numbers():
    # 11 June lies 4 of the 8 days between 7 June (90%) and 15 June (80%).
    raw = indicator_score(achievement=dt.date(2020, 6, 11), targets=PLATFORM, direction="date")
    assert raw == Decimal(85)
    assert display(obtained_mark(weight=2, raw=raw)) == "1.70"


@pytest.mark.parametrize(
    ("achieved", "expected"),
    [
        (dt.date(2020, 5, 20), 100),  # earlier than Excellent
        (dt.date(2020, 5, 31), 100),
        (dt.date(2020, 6, 25), 60),
        (dt.date(2020, 6, 26), 0),  # later than the Poor target
    ],
)
def test_platform_date_bounds(achieved, expected):
    assert indicator_score(achievement=achieved, targets=PLATFORM, direction="date") == expected


def test_beyond_excellent_scores_100_in_both_directions():
    assert indicator_score(achievement=35, targets=AGRI_CREDIT, direction="higher") == 100
    assert indicator_score(achievement=40_000, targets=CLASSIFIED_LOANS, direction="lower") == 100


def test_step_method_takes_the_lower_level():
    raw = indicator_score(achievement=27, targets=AGRI_CREDIT, direction="higher", method="step")
    assert raw == 80
    assert indicator_score(achievement=28, targets=AGRI_CREDIT, direction="higher", method="step")


def test_only_some_levels_filled_interpolates_between_the_filled_ones():
    targets = {100: 30, 90: 28, 80: 26, 70: None, 60: None}
    assert indicator_score(achievement=25.9, targets=targets, direction="higher") == 0
    assert indicator_score(achievement=29, targets=targets, direction="higher") == 95
    gap = {100: 30, 90: None, 80: 26, 70: None, 60: None}
    assert indicator_score(achievement=28, targets=gap, direction="higher") == 90


def test_decimal_achievements_stay_exact():
    raw = indicator_score(achievement=Decimal("27.5"), targets=AGRI_CREDIT, direction="higher")
    assert raw == Decimal("87.5")


@pytest.mark.parametrize(
    ("targets", "direction", "message"),
    [
        ({100: 26, 90: 28}, "higher", r"the 90% target \(28\) must be lower than the 100% target"),
        ({100: 50_250, 90: 50_000}, "lower", "must be higher than the 100% target"),
        ({100: 30, 90: 30}, "higher", "wrong order"),
        ({100: dt.date(2020, 6, 7), 90: dt.date(2020, 5, 31)}, "date", "must be later"),
        ({100: None, 90: None, 80: None, 70: None, 60: None}, "higher", "No target is filled"),
        ({100: 30}, "sideways", "Unknown direction"),
    ],
)
def test_bad_targets_raise_a_clear_value_error(targets, direction, message):
    with pytest.raises(ValueError, match=message):
        indicator_score(achievement=27, targets=targets, direction=direction)


def test_a_number_for_a_date_indicator_is_refused():
    with pytest.raises(ValueError, match="not a date"):
        indicator_score(achievement=5, targets=PLATFORM, direction="date")


# --- quarters, totals, grades ---------------------------------------------------------------


def test_quarters_combine_by_calculation_method():
    quarters = [Decimal(5), Decimal(7), None, Decimal(12)]
    assert annual_achievement(quarters, "sum") == 24
    assert annual_achievement(quarters, "average") == 8
    assert annual_achievement([3, 9, 15, 27], "cumulative") == 27
    dates = [None, dt.date(2020, 6, 11), None, None]
    assert annual_achievement(dates, "date") == dt.date(2020, 6, 11)
    assert annual_achievement([None, None, None, None], "sum") is None
    # Dates are never added up, whatever the method says.
    assert annual_achievement([dt.date(2020, 6, 1), dt.date(2020, 6, 11)], "sum") == dt.date(
        2020, 6, 11
    )


def test_grade_bands_and_no_bands():
    assert grade(Decimal("96"), RFD_BANDS) == "Excellent"
    assert grade(Decimal("95.99"), RFD_BANDS) == "Very Good"
    assert grade(Decimal("12"), RFD_BANDS) == "Poor"
    assert grade(Decimal("99"), []) == ""


def test_agreement_totals_and_what_would_have_raised_it_most():
    items = [
        IndicatorInput("credit", "finance", Decimal(2), "higher", AGRI_CREDIT, 27),
        IndicatorInput("loans", "finance", Decimal(1), "lower", CLASSIFIED_LOANS, 50_400),
        IndicatorInput("platform", "digital", Decimal(2), "date", PLATFORM, dt.date(2020, 6, 26)),
    ]
    result = agreement_evaluate(
        items, objective_weights={"finance": 3, "digital": 2}, bands=RFD_BANDS
    )
    assert result.indicators["credit"].obtained == Decimal("1.7")
    assert result.objectives["finance"].obtained == Decimal("2.54")
    assert result.objectives["digital"].obtained == 0
    assert result.total == Decimal("2.54")
    assert result.grade == "Poor"
    # Reaching 25 June (60%) adds 1.20 marks: more than lifting credit to 28 (+0.10).
    assert [r.key for r in result.improvements] == ["platform", "credit", "loans"]
    assert result.improvements[0].gain_to_next_level == Decimal("1.2")
    assert result.improvements[0].next_target == dt.date(2020, 6, 25)
    assert result.lost_most[0].key == "platform"


def test_indicator_without_achievement_or_with_bad_targets_obtains_zero():
    items = [
        IndicatorInput("a", "o", Decimal(2), "higher", AGRI_CREDIT, None),
        IndicatorInput("b", "o", Decimal(2), "higher", {100: 1, 90: 5}, 3),
    ]
    result = agreement_evaluate(items, objective_weights={"o": 4})
    assert result.total == 0
    assert result.indicators["a"].raw is None
    assert "wrong order" in result.indicators["b"].error


# --- properties ---------------------------------------------------------------------------

values = st.decimals(min_value=-(10**6), max_value=10**6, allow_nan=False, places=2)


@st.composite
def target_sets(draw):
    """Five strictly better-at-each-level values (higher is better), some levels emptied."""
    base = draw(values)
    steps = draw(
        st.lists(st.decimals(min_value="0.01", max_value=1000, places=2), min_size=4, max_size=4)
    )
    numbers = [base]
    for step in steps:
        numbers.append(numbers[-1] - step)
    keep = draw(st.lists(st.booleans(), min_size=5, max_size=5))
    assume(any(keep))
    levels = zip((100, 90, 80, 70, 60), numbers, keep, strict=True)
    return {level: (n if k else None) for level, n, k in levels}


@given(target_sets(), values, values, st.sampled_from(["interpolate", "step"]))
def test_score_never_decreases_as_the_achievement_improves(targets, a, b, method):
    low, high = sorted([a, b])
    score = lambda x: indicator_score(  # noqa: E731
        achievement=x, targets=targets, direction="higher", method=method
    )
    assert score(low) <= score(high)
    # Mirrored for lower-is-better: the smaller value is the better one.
    mirrored = {k: (-v if v is not None else None) for k, v in targets.items()}
    lower = lambda x: indicator_score(  # noqa: E731
        achievement=x, targets=mirrored, direction="lower", method=method
    )
    assert lower(-low) <= lower(-high)


@given(target_sets(), values, st.sampled_from(["interpolate", "step"]))
def test_score_stays_between_0_and_100(targets, achievement, method):
    raw = indicator_score(
        achievement=achievement, targets=targets, direction="higher", method=method
    )
    assert 0 <= raw <= 100


@given(target_sets(), st.sampled_from(["interpolate", "step"]))
def test_score_equals_the_level_exactly_at_each_target(targets, method):
    for level, value in targets.items():
        if value is not None:
            assert indicator_score(
                achievement=value, targets=targets, direction="higher", method=method
            ) == Decimal(level)


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2020, 12, 31)))
def test_dates_earlier_never_score_less(day):
    earlier = day - dt.timedelta(days=1)
    score = lambda d: indicator_score(achievement=d, targets=PLATFORM, direction="date")  # noqa: E731
    assert score(earlier) >= score(day)
    for level, target in PLATFORM.items():
        assert score(target) == level
