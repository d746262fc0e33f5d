"""The split for the target's odds against exact odds, on a case where the odds and the expected figure disagree.

Two paid channels bring leads at a linear response (no ceiling) over three months: A at a known cost per lead, B
at an uncertain one, drawn once per trial. Given B's cost C, the leads of the three months are
Poisson(3 (s_A / c_A + s_B / C)), so the exact odds of "at least T leads" are a one-dimensional integral over C's
lognormal, done by quadrature. B is set a little worse (or better) than A in expectation, so the expected-figure
split puts the whole budget in A (or B); its spread makes B the better bet for a target above the expected leads
and A for one below, and the exact odds say by how much at every split.
"""

import math
from dataclasses import replace

import numpy as np
import pytest
from scipy import integrate, stats

from simulator import Metric, Range, Scenario, Target
from simulator.analysis.budget import ODDS, SpendLimits, best_split
from simulator.model.channels import Channel
from simulator.model.distributions import Z95
from tests.conftest import Z_TOLERANCE

COST_A, SIGMA_B, BUDGET, MONTHS = 100.0, 0.42, 10_000.0, 3
#: A split is the exact optimum's when its exact odds are this close to the best on a fine grid (a point: the
#: search sees odds on its own few thousand trials).
ODDS_TOLERANCE = 0.01


def cost_range_b(efficiency: float) -> Range:
    """B's 90% cost range with E[1 / C] = efficiency / COST_A (1/C is lognormal(-mu, sigma))."""
    mu = math.log(COST_A / efficiency) + SIGMA_B**2 / 2
    return Range(math.exp(mu - Z95 * SIGMA_B), math.exp(mu + Z95 * SIGMA_B))


def scenario_for(efficiency: float, threshold: float) -> Scenario:
    channels = tuple(
        Channel(name=name, kind="paid", unit="leads", spend=BUDGET / 2, cost_per=cost)
        for name, cost in (("A", Range.known(COST_A)), ("B", cost_range_b(efficiency)))
    )
    target = Target(metric=Metric.LEADS, value=threshold, deadline_month=MONTHS)
    return Scenario(horizon_months=MONTHS, channels=channels, target=target, trials=20_000, seed=7)


def exact_odds(spend_b: float, efficiency: float, threshold: float) -> float:
    """P(leads >= threshold) at a split, by quadrature over B's lognormal cost (the module's formula)."""
    cost = cost_range_b(efficiency)
    mu = (math.log(cost.low) + math.log(cost.high)) / 2

    def odds_given(z: float) -> float:
        mean = MONTHS * ((BUDGET - spend_b) / COST_A + spend_b * math.exp(-(mu + SIGMA_B * z)))
        return stats.poisson.sf(threshold - 1, mean) * stats.norm.pdf(z)

    return integrate.quad(odds_given, -9, 9, limit=200)[0]


# (B's efficiency against A, the leads threshold): above the ~300 expected leads B's spread helps; below, it hurts.
CASES = [(0.97, 330.0), (1.03, 250.0)]


@pytest.mark.parametrize(("efficiency", "threshold"), CASES)
def test_the_odds_split_reaches_the_exact_best_odds_from_the_expected_split(efficiency, threshold):
    split = best_split(scenario_for(efficiency, threshold), objective=ODDS)
    grid = np.linspace(0, BUDGET, 81)
    best = max(exact_odds(s, efficiency, threshold) for s in grid)
    start_b = BUDGET if efficiency > 1 else 0.0  # the expected-figure split: all in the better channel on average
    assert split.expected_split["B"] == pytest.approx(start_b)
    assert exact_odds(start_b, efficiency, threshold) < best - 0.1  # the case is one where the search must move
    assert exact_odds(split.proposed["B"], efficiency, threshold) >= best - ODDS_TOLERANCE, split.proposed
    assert sum(split.proposed.values()) == pytest.approx(BUDGET)


@pytest.mark.parametrize(("efficiency", "threshold"), CASES)
def test_the_reported_odds_and_gains_are_the_exact_ones_within_their_errors(efficiency, threshold):
    split = best_split(scenario_for(efficiency, threshold), objective=ODDS)
    start_b = BUDGET if efficiency > 1 else 0.0
    today, proposed = (exact_odds(s, efficiency, threshold) for s in (BUDGET / 2, split.proposed["B"]))
    assert abs(split.odds_today[0] - today) <= Z_TOLERANCE * split.odds_today[1]
    change, error = split.odds_change
    assert abs(change - (proposed - today)) <= Z_TOLERANCE * error
    gain, gain_error = split.odds_over_expected_split
    assert abs(gain - (proposed - exact_odds(start_b, efficiency, threshold))) <= Z_TOLERANCE * gain_error
    assert split.figure == "leads"


def test_the_odds_split_keeps_within_each_channels_limits():
    scenario = scenario_for(0.97, 330.0)
    split = best_split(
        scenario, limits={"A": SpendLimits(low=4000.0), "B": SpendLimits(high=5000.0)}, objective=ODDS
    )
    assert split.proposed["A"] >= 4000.0 - 1e-6
    assert split.proposed["B"] <= 5000.0 + 1e-6
    assert sum(split.proposed.values()) == pytest.approx(BUDGET)
    # B's largest spend is where the exact odds are best inside the limits: the search ends there.
    assert exact_odds(5000.0, 0.97, 330.0) == max(exact_odds(s, 0.97, 330.0) for s in np.linspace(0, 5000, 41))
    assert split.proposed["B"] == pytest.approx(5000.0, abs=BUDGET / 64)


def test_the_other_objectives_report_no_search_gain():
    split = best_split(replace(scenario_for(0.97, 330.0), trials=500), objective="leads")
    assert split.odds_over_expected_split is None
    assert split.figure == split.objective == "leads"
