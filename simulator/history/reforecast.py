"""Re-forecasting a target mid-period from the actuals to date."""

from __future__ import annotations

import math
from dataclasses import replace

from simulator.analysis.targets import evaluate
from simulator.engine.funnel import simulate
from simulator.model.distributions import Range
from simulator.model.scenario import Direction, Scenario


def reforecast(scenario: Scenario, actuals: float, months_done: int) -> tuple[float, float]:
    """Odds of the scenario's target given `actuals` in its first `months_done` months.

    Only the remaining months are simulated, and the actuals are added to every trial.
    With no months done this is the plain simulation.

    Returns
    -------
    (probability, standard_error)
    """
    target = scenario.target
    if not 0 <= months_done < target.deadline_month:
        raise ValueError(f"{months_done=} must be between 0 and the deadline month minus one")
    if months_done == 0 and actuals == 0:
        answer = evaluate(simulate(scenario))
        return answer.probability, answer.standard_error
    remaining = target.deadline_month - months_done
    rest = replace(
        scenario,
        horizon_months=remaining,
        target=replace(target, deadline_month=remaining),
        traffic=Range(
            scenario.traffic.low * (1 + scenario.traffic_growth) ** months_done,
            scenario.traffic.high * (1 + scenario.traffic_growth) ** months_done,
        ),
    )
    totals = simulate(rest).total(target.metric, remaining) + actuals
    hits = totals >= target.threshold if target.direction is Direction.AT_LEAST else totals <= target.threshold
    p = float(hits.mean())
    return p, math.sqrt(p * (1 - p) / hits.size)
