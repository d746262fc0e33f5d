"""Re-forecasting a target mid-period, by conditioning on what happened so far.

The simulation continues from the state at the end of the months done: the
actual counts replace the first months, and the backlog, the opportunities in
flight (worked, not yet closed), the open pipeline not yet closed and the new
hires' ramp all follow from them (:func:`simulator.engine.funnel.simulate` with
``actuals=``). Only what closes after the months done is drawn again.

The uncertain inputs are conditioned on the actuals too: each trial is weighted by
the likelihood of the actual counts given that trial's drawn inputs (importance
weighting from the prior). When the actuals are far from what the scenario
expects, few trials carry the weight: the effective number of trials says so.
"""

from __future__ import annotations

import itertools
import math
import numbers
from dataclasses import dataclass, replace

import numpy as np
from scipy import stats

from simulator.analysis.statistics import proportion_standard_error
from simulator.analysis.targets import evaluate, hits
from simulator.analysis.windows import target_values
from simulator.engine.funnel import simulate
from simulator.engine.result import SimulationResult
from simulator.history.reader import COLUMN_OF_STAGE, COUNTS
from simulator.history.words import figure_name
from simulator.i18n import _, number_text
from simulator.model.checks import InputError
from simulator.model.fields import MAX_HORIZON_MONTHS
from simulator.model.scenario import Scenario
from simulator.model.stages import RATES, STAGES

#: The money figures actuals may give, beside the stage counts (:data:`COUNTS`, top of the funnel first).
MONEY = ("revenue", "costs")
#: The stages the engine draws month by month, top down, by their history column, and the rate into each.
_CHAIN = COUNTS[:-1]
_RATE_INTO = {COLUMN_OF_STAGE[rate.result]: rate.name for rate in RATES if COLUMN_OF_STAGE[rate.result] in _CHAIN}
#: Below this many effective trials the odds rest on too few trials like the actuals.
FEW_EFFECTIVE_TRIALS = 200


@dataclass(frozen=True, kw_only=True)
class Actuals:
    """What happened in the first `months_done` months of the period.

    Each figure is optional (None: not known) and is either a total over the months
    done or a tuple with one value per month. A total is spread evenly over the
    months (the remainder in the latest months); that only matters for the sales
    cycle and capacity, which need to know when opportunities were qualified.

    Parameters
    ----------
    months_done : int
        Months of the period done, from month 1.
    visits, leads, qualified : int or tuple of int, optional
        New visits, leads and qualified opportunities.
    won : int or tuple of int, optional
        Won deals (from new opportunities and the open pipeline).
    revenue : float or tuple of float, optional
        Value of the won deals.
    costs : float or tuple of float, optional
        Marketing spend plus reps' cost; when not given, the scenario's costs.

    Examples
    --------
    >>> Actuals(months_done=2, qualified=(30, 35), won=17).per_month("won")
    (8, 9)
    """

    months_done: int
    visits: int | tuple[int, ...] | None = None
    leads: int | tuple[int, ...] | None = None
    qualified: int | tuple[int, ...] | None = None
    won: int | tuple[int, ...] | None = None
    revenue: float | tuple[float, ...] | None = None
    costs: float | tuple[float, ...] | None = None

    def __post_init__(self):
        done = self.months_done
        if isinstance(done, bool) or not isinstance(done, numbers.Integral) or not 0 <= done <= MAX_HORIZON_MONTHS:
            raise InputError(
                "months_done",
                done,
                _("a whole number of months between 0 and {most}").format(most=number_text(MAX_HORIZON_MONTHS)),
            )
        object.__setattr__(self, "months_done", int(done))
        for name in COUNTS + MONEY:
            object.__setattr__(self, name, _checked(name, getattr(self, name), done, whole=name in COUNTS))
        # Each given stage is at most the nearest given stage above it, month by month.
        given = [stage for stage in _CHAIN if getattr(self, stage) is not None]
        for upper, lower in itertools.pairwise(given):
            for month, (a, b) in enumerate(zip(self.per_month(upper), self.per_month(lower), strict=True), 1):
                if b > a:
                    allowed = _("at most the {figure} ({count} in month {month})").format(
                        figure=figure_name(upper), count=number_text(a), month=month
                    )
                    raise InputError(lower, getattr(self, lower), allowed)

    def per_month(self, name: str) -> tuple | None:
        """Figure `name` month by month (a total spread evenly), or None when not given."""
        value = getattr(self, name)
        if value is None or isinstance(value, tuple):
            return value
        done = self.months_done
        if name in MONEY:
            return (value / done,) * done
        base, extra = divmod(value, done)
        return tuple(base + (month >= done - extra) for month in range(done))

    def total(self, name: str) -> float | None:
        """Figure `name` over the months done, or None when not given."""
        value = getattr(self, name)
        return sum(value) if isinstance(value, tuple) else value


def _checked(name: str, value, done: int, *, whole: bool):
    """`value` as a number or a tuple of `done` numbers, each >= 0 (whole for counts)."""
    if value is None:
        return None
    allowed = (
        _("a whole number >= 0, or one per month done ({months})")
        if whole
        else _("a number >= 0, or one per month done ({months})")
    ).format(months=number_text(done))
    values = tuple(value) if isinstance(value, (list, tuple, np.ndarray)) else (value,)
    if isinstance(value, (list, tuple, np.ndarray)) and len(values) != done:
        raise InputError(name, value, allowed)
    for item in values:
        if isinstance(item, bool) or not isinstance(item, numbers.Real):
            raise InputError(name, value, allowed)
        if not math.isfinite(item) or item < 0 or (whole and item != int(item)):
            raise InputError(name, value, allowed)
    if done == 0 and any(values):
        raise InputError(name, value, _("0 when no month is done"))
    cast = int if whole else float
    converted = tuple(cast(item) for item in values)
    return converted if isinstance(value, (list, tuple, np.ndarray)) else converted[0]


@dataclass(frozen=True)
class Reforecast:
    """The odds of the target given the results so far.

    Attributes
    ----------
    probability : float
        Weighted share of trials that hit the target, 0-1.
    standard_error : float
        Its Monte Carlo standard error, ``sqrt(sum w^2 (h - p)^2) / sum w``.
    effective_trials : float
        Effective number of trials, ``(sum w)^2 / sum w^2``: the trials as like the
        actuals as the scenario allows. Equal to `trials` when nothing uncertain is
        learnt from the actuals.
    trials : int
        Trials simulated.
    """

    probability: float
    standard_error: float
    effective_trials: float
    trials: int

    @property
    def few_alike(self) -> bool:
        """True when few trials resemble the actuals: the scenario's ranges are far from what happened."""
        return self.effective_trials < min(FEW_EFFECTIVE_TRIALS, self.trials)


def reforecast(scenario: Scenario, actuals: Actuals, *, rng=None) -> Reforecast:
    """Odds of the scenario's target given what happened in its first months.

    Parameters
    ----------
    scenario : Scenario
        The inputs, with the target (its deadline after the months done).
    actuals : Actuals
        Counts (and money) of the months done.
    rng : int, numpy.random.Generator or None
        As for :func:`simulator.engine.funnel.simulate`; None uses ``scenario.seed``.

    Returns
    -------
    Reforecast

    Examples
    --------
    >>> from simulator.model.distributions import Range
    >>> from simulator.model.scenario import Target
    >>> scenario = Scenario(traffic=Range.known(0), open_pipeline=40, sales_cycle_months=2,
    ...                     target=Target(value=30, deadline_month=4), trials=1000)
    >>> reforecast(scenario, Actuals(months_done=2, won=20), rng=42).probability
    0.0
    """
    done = actuals.months_done
    if done >= scenario.target.deadline_month:
        raise InputError(
            "months_done",
            done,
            _("less than the target's deadline month ({month})").format(month=scenario.target.deadline_month),
        )
    won, qualified = actuals.total("won"), actuals.total("qualified")
    if won is not None and qualified is not None and won > qualified + scenario.open_pipeline:
        raise InputError(
            "won",
            actuals.won,
            _("at most the qualified opportunities plus the open pipeline ({qualified} + {open})").format(
                qualified=number_text(qualified), open=number_text(scenario.open_pipeline)
            ),
        )
    if done == 0:
        answer = evaluate(simulate(scenario, rng=rng))
        return Reforecast(answer.probability, answer.standard_error, float(scenario.trials), scenario.trials)
    result = simulate(scenario, rng=rng, actuals=actuals)
    log_weights = log_likelihood(result, actuals)
    top = log_weights.max()
    if not np.isfinite(top):
        raise InputError(
            "won", actuals.won, _("possible under the scenario: no trial closed that many opportunities by then")
        )
    weights = np.exp(log_weights - top)
    target = scenario.target
    hit = hits(target_values(result, target), target).astype(np.float64)
    total = weights.sum()
    probability = min(float(weights[hit == 1].sum() / total), 1.0)  # all hit: exactly 1
    effective = float(total**2 / (weights @ weights))
    if np.all(weights == 1.0):  # nothing uncertain was learnt: the plain binomial error
        error = proportion_standard_error(probability, hit.size)
    else:
        error = float(math.sqrt(weights**2 @ (hit - probability) ** 2) / total)
    return Reforecast(probability, error, effective, scenario.trials)


def log_likelihood(result: SimulationResult, actuals: Actuals) -> np.ndarray:
    """Log-likelihood of the actuals given each trial's drawn inputs (and its unobserved past), up to a constant.

    Visits ~ Poisson(mean traffic x growth); each given stage ~ Binomial(the given
    stage above, product of the rates between) or, with none given above, Poisson
    (thinning); won ~ Binomial(opportunities closed by the months done, win rate).
    The rates are the same every month, so totals carry all the information.
    """
    scenario, drawn, done = result.scenario, result.drawn, actuals.months_done
    growth = float(((1 + scenario.traffic_growth) ** np.arange(done)).sum())
    log_weights = np.zeros(result.trials)
    above, reach = None, np.ones(result.trials)
    for stage in _CHAIN:
        if stage in _RATE_INTO:
            reach = reach * drawn[_RATE_INTO[stage]]
        count = actuals.total(stage)
        if count is None:
            continue
        if above is None:
            log_weights += stats.poisson.logpmf(count, drawn["traffic_mean"] * growth * reach)
        else:
            log_weights += stats.binom.logpmf(count, actuals.total(above), reach)
        above, reach = stage, np.ones(result.trials)
    won = actuals.total("won")
    if won is not None:
        log_weights += stats.binom.logpmf(won, result.total("closed", done), drawn["win_rate"])
    return np.where(np.isnan(log_weights), -np.inf, log_weights)


def typical_actuals(scenario: Scenario, months_done: int, *, rng=None) -> Actuals:
    """The scenario's median results for its first `months_done` months (rounded down), as :class:`Actuals`.

    A sensible starting point for typing the real figures. Medians keep the funnel's
    order (leads never above visits, ...) because every trial does.
    """
    if months_done == 0:
        return Actuals(months_done=0)
    result = simulate(replace(scenario, trials=min(scenario.trials, 4000)), rng=rng)
    counts = {
        COLUMN_OF_STAGE[stage]: int(np.floor(np.median(result.total(stage, months_done)))) for stage in STAGES
    }
    money = {name: float(np.median(result.total(name, months_done))) for name in MONEY}
    return Actuals(months_done=months_done, **counts, **money)
