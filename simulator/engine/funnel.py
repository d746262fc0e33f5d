"""The Monte Carlo funnel: visits -> leads -> qualified -> worked -> won deals -> revenue.

Two kinds of uncertainty are kept apart. Per trial, each uncertain input (mean
traffic, the three conversion rates) is drawn once from its 90% range: *we don't
know the true value*. Then each month's counts are drawn as counts: *luck in this
month* (Poisson visits, binomial leads and qualified opportunities).

Common random numbers: every count is a monotone quantile function evaluated at
a fixed normal score (see :mod:`simulator.engine.counts`), each random quantity has its
own stream spawned from the seed, and month ``m``'s scores do not depend on the
horizon. So a slider moved a little changes few trials, by little, and raising an
input never lowers any trial's won deals or revenue.

Which worked opportunities are won, and how big each deal is, are properties of
the trial's stream of opportunities, not of the calendar: deals closed by month
``t`` are a function of the number of opportunities closed by then, drawn with
one score per trial. That is what keeps won deals monotone when capacity moves
work between months; each month's running total has the exact binomial
distribution, and a trial that is lucky at closing stays lucky.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from simulator.engine.counts import binomial_quantile, poisson_quantile
from simulator.model.distributions import amount_cv2, amount_mean, amount_quantile, rate_quantile
from simulator.model.scenario import Metric, Scenario

#: Revenue's normal score is capped here: above about 4.14 the lognormal
#: approximation of a sum of deals could fall when one more deal is added.
REVENUE_SCORE_CAP = 4.0

# One independent random stream each; the order is part of the seed's meaning.
TRIAL_STREAMS = ("traffic_mean", "visit_to_lead", "lead_to_qualified", "win_rate", "wins", "open_wins", "revenue")
MONTH_STREAMS = ("visits", "leads", "qualified")
DRAWN_INPUTS = ("traffic_mean", "visit_to_lead", "lead_to_qualified", "win_rate")
#: Every figure that can be totalled by a month: the target metrics, worked opportunities and costs.
FIGURES = ("traffic", "leads", "qualified", "worked", "deals", "revenue", "costs", "gross_profit", "cac")
_MONTHLY_FIGURES = ("visits", "leads", "qualified", "worked", "backlog", "deals", "revenue")
# Threads for large runs; below a chunk's worth of trials one thread is faster.
_WORKERS = min(4, os.cpu_count() or 1)
_TRIALS_PER_CHUNK = 10_000


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """Every stage and money figure of every trial and month.

    Monthly arrays have shape ``(trials, months)`` and hold the figure *of that
    month* (not cumulative); month ``m`` is column ``m - 1``.

    Attributes
    ----------
    scenario : Scenario
        The inputs that produced this result.
    visits, leads, qualified : ndarray of int64
        New visits, leads and qualified opportunities per month.
    worked : ndarray of int64
        Opportunities worked per month (qualified plus backlog, up to capacity).
    backlog : ndarray of int64
        Opportunities waiting at the end of the month for lack of capacity.
    deals : ndarray of int64
        Won deals closed in the month, open pipeline included.
    revenue : ndarray of float64
        Value of the deals closed in the month.
    costs : ndarray of float64
        Marketing spend plus reps' cost in the month (a read-only broadcast view).
    drawn : dict of str to ndarray
        Inputs drawn per trial, shape ``(trials,)``: ``traffic_mean`` (visits per
        month in month 1), ``visit_to_lead``, ``lead_to_qualified``, ``win_rate``.
    """

    scenario: Scenario
    visits: np.ndarray
    leads: np.ndarray
    qualified: np.ndarray
    worked: np.ndarray
    backlog: np.ndarray
    deals: np.ndarray
    revenue: np.ndarray
    costs: np.ndarray
    drawn: dict[str, np.ndarray]

    @property
    def trials(self) -> int:
        """Number of trials."""
        return self.visits.shape[0]

    @property
    def months(self) -> int:
        """Number of months simulated."""
        return self.visits.shape[1]

    def gross_profit(self) -> np.ndarray:
        """Monthly gross profit: revenue x gross margin - costs, shape ``(trials, months)``."""
        return self.revenue * self.scenario.gross_margin - self.costs

    def total(self, figure: Metric | str, month: int) -> np.ndarray:
        """Value of `figure` for each trial, totalled over months 1..`month`.

        CAC is total costs / total deals; a trial with no deal has an infinite CAC.

        Parameters
        ----------
        figure : Metric or str
            A target metric, or any name in :data:`FIGURES` (``"worked"``, ``"costs"``).
        month : int
            Last month included, 1-based.

        Returns
        -------
        ndarray of float64, shape ``(trials,)``
        """
        name = str(figure)
        if name == Metric.CAC:
            deals = self.deals[:, :month].sum(axis=1)
            costs = self.costs[:, :month].sum(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where(deals > 0, costs / np.maximum(deals, 1), np.inf)
        if name == Metric.GROSS_PROFIT:
            monthly = self.gross_profit()
        else:
            monthly = {
                Metric.TRAFFIC: self.visits,
                Metric.LEADS: self.leads,
                Metric.QUALIFIED: self.qualified,
                "worked": self.worked,
                Metric.DEALS: self.deals,
                Metric.REVENUE: self.revenue,
                "costs": self.costs,
            }[name]
        return monthly[:, :month].sum(axis=1, dtype=np.float64)


def simulate(scenario: Scenario, *, rng=None) -> SimulationResult:
    """Run ``scenario.trials`` Monte Carlo trials of the funnel.

    Parameters
    ----------
    scenario : Scenario
        The inputs.
    rng : int, numpy.random.Generator or None
        Source of the random numbers; None uses ``scenario.seed``, so a scenario
        alone reproduces its result.

    Returns
    -------
    SimulationResult

    Examples
    --------
    >>> from simulator.model.scenario import Scenario
    >>> result = simulate(Scenario(trials=1000, horizon_months=6), rng=42)
    >>> result.deals.shape
    (1000, 6)
    >>> bool((result.leads <= result.visits).all())
    True
    """
    rng = np.random.default_rng(scenario.seed if rng is None else rng)
    trials, months = scenario.trials, scenario.horizon_months
    names = TRIAL_STREAMS + MONTH_STREAMS
    streams = dict(zip(names, rng.spawn(len(names)), strict=True))
    scores = {name: streams[name].standard_normal(trials) for name in TRIAL_STREAMS}
    # Drawn month by month, so month m's scores do not depend on the horizon.
    scores |= {name: streams[name].standard_normal((months, trials), dtype=np.float32) for name in MONTH_STREAMS}

    drawn = {
        "traffic_mean": amount_quantile(scenario.traffic, scores["traffic_mean"]),
        "visit_to_lead": rate_quantile(scenario.visit_to_lead, scores["visit_to_lead"]),
        "lead_to_qualified": rate_quantile(scenario.lead_to_qualified, scores["lead_to_qualified"]),
        "win_rate": rate_quantile(scenario.win_rate, scores["win_rate"]),
    }

    # Trials are independent once their scores are drawn: work on chunks of them in
    # threads (numpy releases the GIL), writing into shared (months, trials) arrays.
    monthly = {
        name: np.empty((months, trials), dtype=np.float64 if name == "revenue" else np.int64)
        for name in _MONTHLY_FIGURES
    }
    chunks = min(_WORKERS, -(-trials // _TRIALS_PER_CHUNK))
    parts = [slice(p[0], p[-1] + 1) for p in np.array_split(np.arange(trials), chunks)]
    with ThreadPoolExecutor(max_workers=chunks) as pool:
        list(pool.map(lambda part: _run_funnel(scenario, scores, drawn, part, monthly), parts))

    costs = np.broadcast_to(np.full(months, float(scenario.monthly_costs)), (trials, months))
    return SimulationResult(
        scenario=scenario, costs=costs, drawn=drawn, **{name: values.T for name, values in monthly.items()}
    )


def _run_funnel(scenario: Scenario, scores: dict, drawn: dict, part: slice, monthly: dict) -> None:
    """The funnel for trials `part`: counts as ``(months, trials)``, written into `monthly`."""
    scores = {name: values[..., part] for name, values in scores.items()}
    drawn = {name: values[part] for name, values in drawn.items()}
    months = scenario.horizon_months

    growth = (1 + scenario.traffic_growth) ** np.arange(months)
    visits = poisson_quantile(scores["visits"], growth[:, None] * drawn["traffic_mean"])
    leads = binomial_quantile(scores["leads"], visits, drawn["visit_to_lead"])
    qualified = binomial_quantile(scores["qualified"], leads, drawn["lead_to_qualified"])
    worked, backlog = _work_within_capacity(qualified, scenario.capacity_by_month())

    closed = _closed_by_month(np.cumsum(worked, axis=0), scenario.sales_cycle_months)
    win_rate = drawn["win_rate"]
    cumulative_deals = binomial_quantile(scores["wins"], closed, win_rate)
    if scenario.open_pipeline:
        open_closed = _open_pipeline_closed_by_month(scenario.open_pipeline, scenario.sales_cycle_months, months)
        # Few distinct counts (one per month of the spread): draw each once, then index.
        counts, month_index = np.unique(open_closed, return_inverse=True)
        open_deals = binomial_quantile(scores["open_wins"], counts[:, None], win_rate)
        cumulative_deals += open_deals[month_index]
    cumulative_revenue = _revenue_of_deals(cumulative_deals, scenario, scores["revenue"])

    figures = {
        "visits": visits,
        "leads": leads,
        "qualified": qualified,
        "worked": worked,
        "backlog": backlog,
        "deals": _monthly(cumulative_deals),
        "revenue": _monthly(cumulative_revenue),
    }
    for name, values in figures.items():
        monthly[name][:, part] = values


def _work_within_capacity(qualified: np.ndarray, capacity: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """FIFO queue: month m works up to ``capacity[m]`` of its new plus waiting opportunities."""
    if all(np.isinf(capacity)):
        return qualified, np.zeros_like(qualified)
    worked = np.empty_like(qualified)
    backlog = np.empty_like(qualified)
    waiting = np.zeros(qualified.shape[1], dtype=qualified.dtype)
    for month in range(qualified.shape[0]):
        available = waiting + qualified[month]
        np.minimum(available, np.floor(capacity[month]), out=worked[month], casting="unsafe")
        waiting = available - worked[month]
        backlog[month] = waiting
    return worked, backlog


def _closed_by_month(cumulative_worked: np.ndarray, cycle: float) -> np.ndarray:
    """Opportunities closed by the end of each month, from those worked by then.

    A cycle of ``k + f`` months closes a share ``1 - f`` of each month's work ``k``
    months later and the rest ``k + 1`` months later: the closed count is
    ``floor((1 - f) A[t - k] + f A[t - k - 1])`` for cumulative work ``A``, which
    never falls when any month's cumulative work rises.
    """
    whole = int(np.floor(cycle))
    late_share = cycle - whole
    months = cumulative_worked.shape[0]
    padded = np.concatenate([np.zeros((whole + 1, cumulative_worked.shape[1]), dtype=np.int64), cumulative_worked])
    on_time = padded[1 : months + 1]  # A[t - k]
    late = padded[:months]  # A[t - k - 1]
    if late_share == 0:
        return on_time
    return late + np.floor((1 - late_share) * (on_time - late)).astype(np.int64)


def _open_pipeline_closed_by_month(open_pipeline: int, cycle: float, months: int) -> np.ndarray:
    """Open opportunities closed by each month: evenly over the first ``max(1, ceil(cycle))`` months."""
    spread = max(1, int(np.ceil(cycle)))
    month = np.arange(1, months + 1)
    return open_pipeline * np.minimum(month, spread) // spread


def _revenue_of_deals(deals: np.ndarray, scenario: Scenario, score: np.ndarray) -> np.ndarray:
    """Total value of `deals` won deals, each with its own size from the deal-size range.

    The sum of ``D`` independent lognormal deal sizes is approximated by a lognormal
    with the same mean and variance (Fenton-Wilkinson), evaluated at one score per
    trial; it is exact for one deal and for a known deal size.
    """
    mean = amount_mean(scenario.deal_size)
    cv2 = amount_cv2(scenario.deal_size)
    if cv2 == 0:
        return deals * mean
    # The log-variance depends only on the number of deals: tabulate it once.
    count = np.arange(max(int(deals.max()), 1) + 1, dtype=np.float64)
    log_var = np.log1p(cv2 / np.maximum(count, 1.0))
    log_sd, log_shift = np.sqrt(log_var), -log_var / 2
    score = np.minimum(score, REVENUE_SCORE_CAP)
    return deals * mean * np.exp(log_sd[deals] * score + log_shift[deals])


def _monthly(cumulative: np.ndarray) -> np.ndarray:
    """Month-by-month figures from running totals along axis 0."""
    return np.diff(cumulative, axis=0, prepend=np.zeros_like(cumulative[:1]))
