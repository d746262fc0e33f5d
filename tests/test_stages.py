"""The one table of the funnel's stages and rates agrees with the engine and is what every analysis shows."""

import itertools

import numpy as np
import pytest

from simulator import Metric, Range, Scenario, Target, simulate
from simulator.analysis.levers import FUNNEL_LEVERS, RATE_LEVERS, Lever, levers_of
from simulator.analysis.reverse_funnel import reverse_funnel
from simulator.analysis.statistics import proportion_standard_error
from simulator.analysis.summaries import summarize
from simulator.engine.funnel import DRAWN_INPUTS, MONTH_STREAMS
from simulator.model.stages import RATE_INTO, RATES, STAGES, stages_to
from tests.conftest import Z_TOLERANCE


def test_the_stages_are_the_engines_in_order():
    # The engine draws visits, then leads, then qualified opportunities each month, and deals from them.
    assert [stage.value for stage in STAGES[:3]] == ["traffic", *MONTH_STREAMS[1:]]
    assert STAGES[-1] is Metric.DEALS
    result = simulate(Scenario(trials=500, horizon_months=3, capacity_per_rep=None), rng=1)
    totals = [result.total(stage, 3) for stage in STAGES]
    for upper, lower in itertools.pairwise(totals):
        assert (lower <= upper).all()


def test_each_rate_converts_a_stage_into_the_next():
    assert [(rate.source, rate.result) for rate in RATES] == list(itertools.pairwise(STAGES))
    assert [rate.name for rate in RATES] == list(DRAWN_INPUTS[1:])  # the engine's order of drawn rates
    for rate in RATES:
        assert isinstance(getattr(Scenario(), rate.name), Range)
        assert RATE_INTO[rate.result] is rate


def test_a_rate_is_its_stages_ratio_in_the_engine():
    known = Scenario(
        trials=200,
        horizon_months=2,
        target=Target(value=1, deadline_month=2),
        traffic=Range.known(100_000.0),
        visit_to_lead=Range.known(0.1),
        lead_to_qualified=Range.known(0.5),
        win_rate=Range.known(0.2),
    )
    result = simulate(known, rng=3)
    for rate in RATES:
        # Given the stage above, the stage below is binomial: its pooled share has a known standard error.
        source = result.total(rate.source, 2).sum()
        share = result.total(rate.result, 2).sum() / source
        true = getattr(known, rate.name).mid
        assert share == pytest.approx(true, abs=Z_TOLERANCE * proportion_standard_error(true, int(source)))


def test_stages_to_a_metric():
    assert stages_to(Metric.TRAFFIC) == (Metric.TRAFFIC,)
    assert stages_to(Metric.QUALIFIED) == STAGES[:3]
    assert stages_to(Metric.REVENUE) == STAGES


def test_every_page_names_the_stages_from_the_table():
    scenario = Scenario(trials=500, target=Target(value=10, deadline_month=3))
    assert list(summarize(simulate(scenario)).funnel) == list(STAGES)
    assert [step.stage for step in reverse_funnel(scenario)] == [stage.label for stage in STAGES]
    assert [lever.label for lever in RATE_LEVERS] == ["visit → lead rate", "lead → qualified rate", "win rate"]


#: The one-off metrics that count a stage or money (the subscription metrics: tests/test_subscription_levers.py).
COUNTED_METRICS = [metric for metric in Metric if not metric.is_rate and not metric.is_subscription]


@pytest.mark.parametrize("metric", COUNTED_METRICS)
def test_a_stages_levers_are_those_above_it(metric):
    levers = levers_of(Scenario(capacity_per_rep=10.0, target=Target(metric=metric, value=1)))
    funnel = [lever for lever in levers if lever in FUNNEL_LEVERS]
    assert funnel == list(FUNNEL_LEVERS[: len(stages_to(metric))])
    assert (Lever.REPS in levers) == (metric not in STAGES[:-1])


def test_the_funnel_medians_are_in_stage_order():
    funnel = summarize(simulate(Scenario(trials=500), rng=2)).funnel
    medians = [p50 for _, p50, _ in funnel.values()]
    assert medians == sorted(medians, reverse=True)
    assert np.isfinite(medians).all()


@pytest.mark.parametrize("metric", [metric for metric in Metric if metric.is_rate])
def test_a_rate_target_has_its_own_rate_as_its_only_lever(metric):
    levers = levers_of(Scenario(capacity_per_rep=10.0, target=Target(metric=metric, value=0.5)))
    assert levers == [Lever(metric.value)]
