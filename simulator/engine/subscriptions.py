"""The customer base of subscription mode, month by month: churn, expansion and the new customers' MRR.

Per trial the monthly churn rate ``c`` is drawn once from its 90% range (logit-normal, like the conversion
rates) and the net expansion rate ``e`` once from its own (normal: it may be negative). Each month, with ``n``
customers paying ``R`` a month at its start:

* ``churned ~ Binomial(n, c)``, at the month's own score by the exact quantile function
  (:mod:`simulator.engine.counts`): given ``c`` each month has that exact law, so with no new deals the
  customers after ``m`` months are ``Binomial(n0, (1 - c)^m)``;
* the retained MRR ``R (1 - churned / n)`` grows by ``e``: a customer who leaves takes the base's average MRR;
* the month's won deals join, each paying its deal size / 12 (:mod:`simulator.model.subscription`).

So ``n' = n - churned + deals`` and ``R' = R (1 - churned / n)(1 + e) + revenue / 12``. Raising churn never raises
any trial's customers (the quantile rises with ``c``), and more won deals in any month never lower them (a
deal closing earlier, though, is exposed to churn for longer): at a fixed score
``Binomial(n + 1, c)`` is at most ``Binomial(n, c) + 1``, so the customers kept never fall as ``n`` grows. The
expected MRR is exact, each customer being as likely to leave as any other; what leaving with the average leaves
out is which customers leave, large or small, a spread that README measures against drawing each customer.

Common random numbers: the base's numbers come from streams of their own
(:func:`~simulator.engine.addressed_random.named_streams`, under a name no channel can have), so switching
subscription mode on changes no other figure's luck.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.engine.addressed_random import named_streams
from simulator.engine.counts import binomial_quantile
from simulator.model.distributions import rate_quantile, signed_rate_quantile
from simulator.model.scenario import Scenario
from simulator.model.subscription import MONTHS_PER_YEAR

#: The base's drawn inputs (one score per trial) and its monthly counts (one score per trial and month).
TRIAL_SCORES = ("churn", "expansion")
MONTH_SCORES = ("churned",)
#: The name its streams are keyed by: with a ':', which a channel's name can't have.
STREAM_NAME = "engine:subscription"


@dataclass(frozen=True, eq=False)
class CustomerBase:
    """The customers and their MRR in every trial and month, and the inputs drawn for them.

    Monthly arrays have shape ``(trials, months)`` and hold the figure at the month's end (customers, MRR) or
    in the month (churned).

    Attributes
    ----------
    customers : ndarray of int64
        Paying customers at the month's end.
    churned : ndarray of int64
        Customers who left in the month, of those at its start.
    mrr : ndarray of float64
        Monthly recurring revenue at the month's end.
    drawn : dict of str to ndarray
        ``churn`` and ``expansion``, the rates drawn per trial, shape ``(trials,)``.
    starting_customers, starting_mrr : float
        The base before month 1.
    """

    customers: np.ndarray
    churned: np.ndarray
    mrr: np.ndarray
    drawn: dict[str, np.ndarray]
    starting_customers: float
    starting_mrr: float

    @classmethod
    def allocate(cls, scenario: Scenario) -> CustomerBase:
        """Room for the base's figures, to be filled by the engine chunk by chunk."""
        shape = (scenario.trials, scenario.horizon_months)
        return cls(
            customers=np.empty(shape, dtype=np.int64),
            churned=np.empty(shape, dtype=np.int64),
            mrr=np.empty(shape),
            drawn={name: np.empty(scenario.trials) for name in TRIAL_SCORES},
            starting_customers=scenario.starting_customers,
            starting_mrr=scenario.starting_mrr,
        )

    def rows(self, part: slice) -> CustomerBase:
        """The same figures for the trials of `part` only (views: writing to them fills this one)."""
        return CustomerBase(
            self.customers[part],
            self.churned[part],
            self.mrr[part],
            {name: values[part] for name, values in self.drawn.items()},
            self.starting_customers,
            self.starting_mrr,
        )

    def opening_customers(self) -> np.ndarray:
        """Customers at each month's start: the starting base, then the month before's end."""
        return _opening(self.customers, self.starting_customers)

    def opening_mrr(self) -> np.ndarray:
        """MRR at each month's start."""
        return _opening(self.mrr, self.starting_mrr)

    def churned_mrr(self) -> np.ndarray:
        """MRR lost with the customers who left in each month (the base's average MRR each)."""
        opening = self.opening_customers()
        share = np.divide(self.churned, opening, out=np.zeros(self.churned.shape), where=opening > 0)
        return self.opening_mrr() * share

    def expansion_mrr(self) -> np.ndarray:
        """Net expansion of the retained MRR in each month (negative: contraction)."""
        return (self.opening_mrr() - self.churned_mrr()) * self.drawn["expansion"][:, None]


def _opening(closing: np.ndarray, start: float) -> np.ndarray:
    return np.concatenate([np.full((closing.shape[0], 1), start, dtype=closing.dtype), closing[:, :-1]], axis=1)


def subscription_scores(chunk_rng: np.random.Generator, trials: int, months: int) -> dict[str, np.ndarray]:
    """Standard-normal scores of the base in one chunk: one per trial for each drawn rate, one per month and trial
    for the churned counts, month by month so month ``m``'s scores do not depend on the horizon."""
    streams = named_streams(chunk_rng, STREAM_NAME, TRIAL_SCORES + MONTH_SCORES)
    scores = {name: streams[name].standard_normal(trials) for name in TRIAL_SCORES}
    return scores | {
        name: streams[name].standard_normal((months, trials), dtype=np.float32) for name in MONTH_SCORES
    }


def run_subscription(
    scenario: Scenario, deals: np.ndarray, revenue: np.ndarray, scores: dict[str, np.ndarray], out: CustomerBase
) -> None:
    """The base month by month, written into `out` (a chunk's rows).

    Parameters
    ----------
    scenario : Scenario
        In subscription mode.
    deals, revenue : ndarray
        Won deals and their value closed in each month, shape ``(months, trials)``.
    scores : dict of str to ndarray
        From :func:`subscription_scores`.
    out : CustomerBase
        The chunk's rows of the result.
    """
    churn = rate_quantile(scenario.churn, scores["churn"])
    expansion = signed_rate_quantile(scenario.expansion, scores["expansion"])
    out.drawn["churn"][:], out.drawn["expansion"][:] = churn, expansion
    customers = np.full(churn.size, scenario.starting_customers, dtype=np.int64)
    mrr = np.full(churn.size, float(scenario.starting_mrr))
    for month in range(deals.shape[0]):
        churned = binomial_quantile(scores["churned"][month], customers, churn)
        kept = np.divide(customers - churned, customers, out=np.zeros(churn.size), where=customers > 0)
        mrr = mrr * kept * (1 + expansion) + revenue[month] / MONTHS_PER_YEAR
        customers = customers - churned + deals[month]
        out.churned[:, month], out.customers[:, month], out.mrr[:, month] = churned, customers, mrr
