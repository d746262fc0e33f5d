"""Odds, verdicts and forecast levels."""

from dataclasses import replace

import numpy as np
import pytest

from simulator import Direction, Metric, Range, Scenario, Target, Verdict, VerdictThresholds, evaluate, simulate
from simulator.analysis.statistics import percentiles, proportion_standard_error
from simulator.analysis.targets import hits, level_reached, verdict_for


@pytest.mark.parametrize(
    ("odds", "verdict"),
    [
        (1.0, Verdict.ACHIEVABLE),
        (0.8, Verdict.ACHIEVABLE),
        (0.7999, Verdict.CHALLENGING),
        (0.5, Verdict.CHALLENGING),
        (0.4999, Verdict.STRETCH),
        (0.1, Verdict.STRETCH),
        (0.0999, Verdict.UNREALISTIC),
        (0.0, Verdict.UNREALISTIC),
    ],
)
def test_default_verdicts(odds, verdict):
    assert verdict_for(odds) is verdict


def test_configurable_thresholds():
    strict = VerdictThresholds(achievable=0.95, challenging=0.7, stretch=0.3)
    assert verdict_for(0.9, strict) is Verdict.CHALLENGING
    assert verdict_for(0.2, strict) is Verdict.UNREALISTIC


@pytest.mark.parametrize(
    ("values", "share", "direction", "expected"),
    [
        (np.arange(1, 11), 0.9, Direction.AT_LEAST, 2),  # 9 of 10 trials reach at least 2
        (np.arange(1, 11), 0.5, Direction.AT_LEAST, 6),
        (np.arange(1, 11), 0.1, Direction.AT_LEAST, 10),
        (np.arange(1, 11), 0.9, Direction.AT_MOST, 9),  # 9 of 10 trials stay at most 9
        (np.arange(1, 11), 0.1, Direction.AT_MOST, 1),
        (np.array([5.0]), 0.9, Direction.AT_LEAST, 5),
    ],
)
def test_level_reached(values, share, direction, expected):
    level = level_reached(values, share, direction)
    assert level == expected
    reached = values >= level if direction is Direction.AT_LEAST else values <= level
    assert reached.mean() >= share


def known_scenario(**changes):
    base = Scenario(
        horizon_months=3,
        traffic=Range.known(1000.0),
        visit_to_lead=Range.known(0.1),
        lead_to_qualified=Range.known(0.5),
        win_rate=Range.known(0.2),
        deal_size=Range.known(1000.0),
        marketing_spend=3000.0,
        trials=5000,
        seed=1,
    )
    return replace(base, **changes)


def test_a_target_above_every_trial_is_unrealistic():
    result = simulate(known_scenario())
    most = result.total(Metric.DEALS, 3).max()
    answer = evaluate(result, Target(value=most + 1, deadline_month=3))
    assert answer.probability == 0
    assert answer.standard_error == 0
    assert answer.verdict is Verdict.UNREALISTIC


def test_a_target_of_zero_is_always_hit():
    answer = evaluate(simulate(known_scenario()), Target(value=0, deadline_month=3))
    assert answer.probability == 1
    assert answer.verdict is Verdict.ACHIEVABLE


def test_odds_and_levels_agree_with_the_trials():
    result = simulate(known_scenario())
    deals = result.total(Metric.DEALS, 2)
    answer = evaluate(result, Target(change_pct=10, baseline=18, deadline_month=2))
    assert answer.threshold == pytest.approx(19.8)
    assert answer.probability == pytest.approx(np.mean(deals >= 19.8))
    assert answer.standard_error == pytest.approx(np.sqrt(answer.probability * (1 - answer.probability) / 5000))
    assert answer.commit <= answer.most_likely <= answer.best_case
    assert np.mean(deals >= answer.commit) >= 0.9
    assert answer.percentiles["deals"][1] == np.percentile(deals, 50, method="inverted_cdf")


def test_cac_is_costs_over_deals_and_infinite_without_deals():
    result = simulate(known_scenario())
    cac = result.total(Metric.CAC, 3)
    deals = result.total(Metric.DEALS, 3)
    assert np.allclose(cac, 9000 / deals)
    none = simulate(known_scenario(win_rate=Range.known(0.0)))
    assert np.isinf(none.total(Metric.CAC, 3)).all()
    answer = evaluate(none, Target(metric=Metric.CAC, direction=Direction.AT_MOST, value=500, deadline_month=3))
    assert answer.probability == 0


def test_gross_profit_is_revenue_times_margin_minus_costs():
    result = simulate(known_scenario(gross_margin=0.6))
    expected = result.total(Metric.REVENUE, 3) * 0.6 - 9000
    assert np.allclose(result.total(Metric.GROSS_PROFIT, 3), expected)


# --- the single definitions: the hit rule, the standard error, percentiles ------------------------------


@pytest.mark.parametrize(
    ("direction", "expected"),
    [(Direction.AT_LEAST, [False, True, True]), (Direction.AT_MOST, [True, True, False])],
)
def test_a_value_at_the_threshold_hits_either_way(direction, expected):
    target = Target(value=50, direction=direction)
    assert hits(np.array([49.0, 50.0, 51.0]), target).tolist() == expected


def test_a_change_target_hits_at_its_computed_threshold():
    target = Target(change_pct=25, baseline=40)  # 50
    assert hits(np.array([49.999, 50.0]), target).tolist() == [False, True]


def test_no_deal_never_hits_a_cac_ceiling():
    ceiling = Target(metric=Metric.CAC, direction=Direction.AT_MOST, value=1e12)
    assert hits(np.array([np.inf, 10.0]), ceiling).tolist() == [False, True]


def test_the_odds_are_the_share_of_trials_that_hit():
    result = simulate(known_scenario())
    for direction in Direction:
        target = Target(value=20, direction=direction, deadline_month=3)
        expected = hits(result.total(Metric.DEALS, 3), target).mean()
        assert evaluate(result, target).probability == expected


@pytest.mark.parametrize(("p", "n", "se"), [(0.2, 100, 0.04), (0.5, 10_000, 0.005), (0.0, 7, 0.0), (1.0, 7, 0.0)])
def test_the_standard_error_of_a_share_by_hand(p, n, se):
    assert proportion_standard_error(p, n) == pytest.approx(se, abs=1e-15)


def test_a_standard_error_needs_a_trial():
    with pytest.raises(ValueError, match="n=0"):
        proportion_standard_error(0.5, 0)


def test_percentiles_are_actual_trials_values():
    values = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0])
    p10, p50, p90 = percentiles(values)
    assert (p10, p50, p90) == (1.0, 3.0, 6.0)  # sorted: 1 1 2 3 3 4 5 5 6 9
    assert {p10, p50, p90} <= set(values)
    assert percentiles(values, (0, 100)) == (1.0, 9.0)
