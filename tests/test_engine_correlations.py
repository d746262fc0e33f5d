"""Correlated inputs in the engine: the trials' drawn inputs move together as asked, each keeps its own range,
a run without correlations is bit for bit the run without the copula step, and the odds stay monotone.

Tolerances come from standard errors (see ``tests/test_correlations.py``): Spearman's ``r`` of ``n`` trials on
Fisher's scale has standard error ``sqrt((1 + rho**2 / 2) / (n - 3))`` (Bonett and Wright 2000); a share of
trials below a fixed value is binomial.
"""

import itertools
import math
from dataclasses import fields, replace

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy import stats

from simulator import InputError, Scenario, Target, simulate
from simulator.model.correlations import CORRELATED_INPUTS, Correlations
from simulator.model.distributions import Range
from tests.conftest import Z_TOLERANCE, proportion_se
from tests.test_properties import raised, raises, running_totals, scenarios

NAMES = tuple(CORRELATED_INPUTS)
SEEDS = (11, 12, 13)
TRIALS = 40_000

#: Broader ads bring more visits that convert worse; leads that qualify easily also win; a third pair shares an
#: input with both, so the copula's factor is a real Cholesky factor, not two separate 2 x 2 blocks.
ASKED = Correlations.from_text(
    "traffic_mean~visit_to_lead=-0.5;lead_to_qualified~win_rate=0.6;visit_to_lead~lead_to_qualified=0.3"
)
#: One month is enough: the inputs are drawn once per trial, whatever the horizon.
BASE = Scenario(horizon_months=1, target=Target(value=1, deadline_month=1), trials=TRIALS)
RANGES = {"traffic_mean": BASE.traffic, **{name: getattr(BASE, name) for name in NAMES[1:]}}


def asked(correlations: Correlations, first: str, second: str) -> float:
    values = {frozenset(pair[:2]): pair.rank_correlation for pair in correlations.pairs}
    return values.get(frozenset((first, second)), 0.0)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_drawn_inputs_have_the_rank_correlations_asked(seed):
    drawn = simulate(replace(BASE, correlations=ASKED, seed=seed)).drawn
    for first, second in itertools.combinations(NAMES, 2):
        rho = asked(ASKED, first, second)
        r = stats.spearmanr(drawn[first], drawn[second]).statistic
        se = math.sqrt((1 + rho**2 / 2) / (TRIALS - 3))
        assert abs(math.atanh(r) - math.atanh(rho)) <= Z_TOLERANCE * se, (first, second, r, rho)


@pytest.mark.parametrize("seed", SEEDS)
def test_each_drawn_input_keeps_its_5th_and_95th_percentiles(seed):
    drawn = simulate(replace(BASE, correlations=ASKED, seed=seed)).drawn
    tolerance = Z_TOLERANCE * proportion_se(0.05, TRIALS)
    for name in NAMES:
        assert abs(np.mean(drawn[name] < RANGES[name].low) - 0.05) <= tolerance, name
        assert abs(np.mean(drawn[name] > RANGES[name].high) - 0.05) <= tolerance, name


def test_a_correlated_run_moves_only_the_scores_of_the_inputs_it_names():
    independent = simulate(replace(BASE, trials=3000))
    correlated = simulate(
        replace(BASE, trials=3000, correlations=Correlations.from_text("win_rate~lead_to_qualified=0.7"))
    )
    # Traffic and visit-to-lead are in no pair: every trial draws them as before.
    for name in ("traffic_mean", "visit_to_lead"):
        assert np.array_equal(correlated.drawn[name], independent.drawn[name])
    # Cholesky's factor: the first input of the set keeps its score, the second moves.
    assert np.array_equal(correlated.drawn["lead_to_qualified"], independent.drawn["lead_to_qualified"])
    assert not np.array_equal(correlated.drawn["win_rate"], independent.drawn["win_rate"])


def arrays(result) -> dict[str, np.ndarray]:
    """Every array of a result, the drawn inputs included."""
    out = {f"drawn.{name}": values for name, values in result.drawn.items()}
    for field in fields(result):
        value = getattr(result, field.name)
        if isinstance(value, np.ndarray):
            out[field.name] = value
    return out


@pytest.mark.parametrize(
    "correlations",
    [
        Correlations(),
        Correlations.from_text(""),
        Correlations.from_text("traffic_mean~win_rate=0;visit_to_lead~win_rate=0"),
    ],
    ids=["default", "empty text", "zero pairs"],
)
def test_without_correlations_the_result_is_identical_to_the_engine_without_the_copula(correlations, monkeypatch):
    scenario = replace(Scenario(sales_cycle_months=1.5, sales_cycle_spread=0.3), trials=5000, seed=4)
    given_set = simulate(replace(scenario, correlations=correlations))
    monkeypatch.setattr(Correlations, "correlate", lambda self, scores: scores)  # the engine before the copula
    before = simulate(scenario)
    expected, actual = arrays(before), arrays(given_set)
    assert expected.keys() == actual.keys()
    assert len(expected) > 6
    for name, values in expected.items():
        assert np.array_equal(actual[name], values), name


@st.composite
def correlation_sets(draw):
    """Any set of the allowed pairs that can all hold at once (values on a grid of 0.1, as the app offers)."""
    pairs = [
        (first, second, draw(st.sampled_from([round(x / 10, 1) for x in range(-9, 10)])))
        for first, second in itertools.combinations(NAMES, 2)
        if draw(st.booleans())
    ]
    try:
        return Correlations(pairs=pairs)
    except InputError:
        assume(False)


@given(scenario=scenarios(), correlations=correlation_sets(), lever_and_amount=raises)
def test_raising_any_lever_of_a_correlated_scenario_never_lowers_any_trials_deals_or_revenue(
    scenario, correlations, lever_and_amount
):
    scenario = replace(scenario, correlations=correlations)
    base_deals, base_revenue = running_totals(simulate(scenario))
    more_deals, more_revenue = running_totals(simulate(raised(scenario, *lever_and_amount)))
    assert (more_deals >= base_deals).all()
    assert (more_revenue >= base_revenue * (1 - 1e-12)).all()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", SEEDS)
def test_raising_a_correlated_inputs_range_raises_it_in_every_trial_and_never_lowers_deals(name, seed):
    scenario = replace(
        Scenario(horizon_months=6, target=Target(value=1, deadline_month=6)),
        correlations=ASKED,
        trials=2000,
        seed=seed,
    )
    field = "traffic" if name == "traffic_mean" else name
    lever, amount = (field, 1.5) if field == "traffic" else (field, 0.8)
    before, after = simulate(scenario), simulate(raised(scenario, lever, amount))
    assert (after.drawn[name] > before.drawn[name]).all()
    # The other inputs are drawn exactly as before: their scores, correlated or not, do not depend on ranges.
    for other in NAMES:
        if other != name:
            assert np.array_equal(after.drawn[other], before.drawn[other])
    base_deals, base_revenue = running_totals(before)
    more_deals, more_revenue = running_totals(after)
    assert (more_deals >= base_deals).all()
    assert (more_revenue >= base_revenue * (1 - 1e-12)).all()
    assert more_deals[:, -1].sum() > base_deals[:, -1].sum()


def test_a_known_input_in_a_pair_stays_known():
    known = replace(BASE, trials=2000, visit_to_lead=Range.known(0.03), correlations=ASKED)
    assert np.all(simulate(known).drawn["visit_to_lead"] == 0.03)
