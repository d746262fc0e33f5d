"""A paid channel's saturation ceiling fitted from months at different spends, and whether the months show one.

The engine's paid channel brings, on average, ``b x tanh(s / (b x c))`` visits or leads a month at a spend ``s``
(:func:`~simulator.model.channels.saturating_response`): ``c`` the cost per unit at low spend, ``b`` the ceiling.
With ``k_m ~ Poisson(mu_m)`` for the count of month m, both are fitted by maximum likelihood, each month's
log-likelihood times its recency weight ``w_m``.

* **One number to search.** Written with the *bend* ``x = s_max / (b x c)`` (how far along the curve the highest
  spend is) and the rate per dollar ``r = 1 / c``, the mean is ``mu_m = r x g_m(x)`` with
  ``g_m(x) = s_m x tanh(x s_m / s_max) / (x s_m / s_max)``. For a given bend the best rate is
  ``sum w k / sum w g``, so the likelihood is searched over the bend alone: on a grid from a straight line
  (``x = 0``, no ceiling) to a flat one (even the lowest spend past the ceiling's knee), then twice on a grid
  20 times finer between the best point's neighbours.
* **Is there a ceiling?** A likelihood-ratio test of the curve against the straight line (``b -> infinity``):
  ``2 (l_curve - l_line) / phi`` against the chi-square(1) 95th percentile, 3.84. ``phi`` is the over-dispersion,
  the Pearson statistic of the curve's fit over ``sum w - 2`` (at least 1; as for the straight line's
  Gamma-Poisson range), so that costs moving more than Poisson luck do not pass for a ceiling. The dispersion
  is the curve's, not the straight line's: a real bend left in the straight line's residuals would inflate it
  and hide itself. The straight line sits on the boundary of what ``b`` can be, so under it the statistic is
  0 half the time (Self and Liang, 1987) and the test's level is about 2.5%, not 5%: it is conservative.
* **90% ranges.** The months' 90% likelihood region, the ``(b, c)`` whose log-likelihood is within
  ``2.706 / 2 x phi`` of the best; its extent in ``c`` is the profile-likelihood range of ``c`` (``b`` refitted
  for each ``c``), and likewise for ``b``. On each bend of the grid, the rates at the region's edge solve
  ``K (ln t - t + 1) = -D`` for ``t = r / r_best(x)`` (``K = sum w k``, ``D`` the height of the bend's best
  above the cut), which the Lambert W function gives in closed form. A range of ``c`` with ``b`` held at its
  best value would be too narrow: the two trade off (a higher ceiling fits the same months with a higher
  cost), and in simulated histories at three spend levels such a range covered the true cost in about 75% of
  them, not 90%. As for the straight line's range, this is how well the months pin ``c`` down: the engine adds
  each month's luck.
* **Is the ceiling pinned down?** Only when the 90% ranges of ``b`` and of ``c`` each span at most a factor
  :data:`PINNED` (high / low). A significant curve is not enough: months whose spends vary a little fit a flat
  line (every month at the ceiling) about as well as a gentle bend, and a ceiling picked on that ridge would
  be a guess. In simulated histories of a straight line at spends within +/-8% of one level, the test was
  significant in about 2% of them, with a range of ``c`` spanning a factor of 20 in the middle one (2.4 at
  the least); with a real ceiling at three spend levels both ranges spanned 1.1 to 1.3.

Limits: the tanh shape is assumed, not tested against other curves; a month's count depends on that month's
spend only (no carry-over from earlier months' ads); a cost that changed over time in step with the spend
(a price rise in the months of a campaign) reads as saturation; and the scenario takes the ceiling as one
number, so spending past the highest spend seen is still an extrapolation, more uncertain than the cost's
range says.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special, stats

from simulator.model.distributions import Range

#: The likelihood-ratio statistic (over the dispersion) above which a ceiling is significant: chi-square(1), 95%.
SIGNIFICANT = float(stats.chi2.ppf(0.95, 1))
#: The 90% ranges of a ceiling and its cost each span at most this factor (high / low), or it is not pinned down.
PINNED = 2.0
#: The 90% region's cut in log-likelihood, before the dispersion: half the chi-square(1) 90th percentile.
_CUT = float(stats.chi2.ppf(0.90, 1)) / 2
#: Bends searched: a geometric grid from nearly straight to past the knee at the lowest spend (about 3% apart),
#: then twice a grid 20 times finer between the best point's neighbours.
_GRID_POINTS, _STRAIGHTEST, _FLATTEST = 400, 1e-3, 20.0
_ZOOMS, _ZOOM_POINTS = 2, 41


@dataclass(frozen=True)
class Saturation:
    """What a paid channel's months say about its ceiling.

    Attributes
    ----------
    most : float
        The fitted ceiling ``b`` (visits or leads a month); ``inf`` when a straight line fits best.
    most_range : Range
        Its 90% range (profile likelihood); the high end is ``inf`` when a straight line is inside it.
    cost : float
        The fitted cost per unit at low spend ``c``.
    cost_per : Range
        The 90% range of the cost per unit at low spend ``c`` with the ceiling (profile likelihood).
    statistic : float
        The likelihood-ratio statistic of the curve against a straight line, over the dispersion.
    dispersion : float
        The curve's over-dispersion ``phi`` (at least 1).
    spends : Range
        The lowest and highest monthly spend fitted on (not a 90% range).
    months : int
        The months fitted on.
    """

    most: float
    most_range: Range
    cost: float
    cost_per: Range
    statistic: float
    dispersion: float
    spends: Range
    months: int

    @property
    def significant(self) -> bool:
        """True when the curve fits better than a straight line beyond Poisson luck (the test, 5%)."""
        return self.statistic > SIGNIFICANT

    @property
    def fitted(self) -> bool:
        """True when the ceiling is significant and the months pin it down: the ranges of ``b`` and ``c`` each
        span at most a factor :data:`PINNED`."""
        return self.significant and all(end.high <= PINNED * end.low for end in (self.most_range, self.cost_per))


def fit_saturation(spend: np.ndarray, count: np.ndarray, weight: np.ndarray) -> Saturation | None:
    """Fit ``count ~ Poisson(b x tanh(spend / (b x c)))`` and test it against a straight line (see the module).

    Parameters
    ----------
    spend, count, weight : ndarray
        Each month's spend (above 0), visits or leads (0 or more, some above 0) and weight (above 0).

    Returns
    -------
    Saturation or None
        None when the weights add up to 2 months or fewer: the curve's 2 numbers leave nothing to test with.

    Examples
    --------
    >>> spend = np.repeat([10_000.0, 20_000.0, 40_000.0], 4)
    >>> count = np.round(300 * np.tanh(spend / (300 * 50.0)))  # a ceiling of 300 at $50 a lead
    >>> fitted = fit_saturation(spend, count, np.ones(12))
    >>> fitted.fitted, round(fitted.most), round(fitted.cost_per.low), round(fitted.cost_per.high)
    (True, 300, 46, 54)
    """
    if np.sum(weight) <= 2:
        return None
    months = _Months(spend, count, weight)
    top = spend.max()
    grid = np.concatenate([[0.0], np.geomspace(_STRAIGHTEST, _FLATTEST * top / spend.min(), _GRID_POINTS)])
    bend, best = _greatest(lambda bends: months.likelihood(bends)[0], grid)
    (rate,) = months.likelihood(np.array([bend]))[1]
    mean = rate * _shape(np.array([bend]), spend)[0]
    dispersion = max(1.0, float(np.sum(weight * (count - mean) ** 2 / mean) / (np.sum(weight) - 2)))
    cut = best - _CUT * dispersion
    straight = months.likelihood(np.zeros(1))[0][0]
    grid = np.sort(np.append(grid, bend))  # the region holds the best bend at least
    ends = [
        sign * _greatest(lambda bends, row=row, sign=sign: sign * months.edges(bends, cut)[row], grid)[1]
        for row, sign in enumerate((-1, 1, -1, 1))  # the least and greatest cost, then ceiling
    ]
    return Saturation(
        most=float(rate * top / bend) if bend > 0 else np.inf,
        most_range=Range(*ends[2:]),
        cost=float(1 / rate),
        cost_per=Range(*ends[:2]),
        statistic=float(2 * (best - straight) / dispersion),
        dispersion=dispersion,
        spends=Range(float(spend.min()), float(top)),
        months=len(spend),
    )


def _shape(bends: np.ndarray, spend: np.ndarray) -> np.ndarray:
    """``g_m(x)`` of the module for each bend (rows) and month (columns): the mean at a rate of 1 per dollar."""
    x = np.multiply.outer(bends, spend / spend.max())
    return spend * np.divide(np.tanh(x), x, out=np.ones_like(x), where=x != 0)


@dataclass(frozen=True)
class _Months:
    """A channel's months: spend, visits or leads, and weight, as arrays of the same length."""

    spend: np.ndarray
    count: np.ndarray
    weight: np.ndarray

    def likelihood(self, bends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The weighted log-likelihood at each bend with its best rate (constants left out), and those rates."""
        shape = _shape(bends, self.spend)
        units = np.sum(self.weight * self.count)
        rate = units / (shape @ self.weight)
        return np.sum(self.weight * self.count * np.log(rate[:, None] * shape), axis=1) - units, rate

    def edges(self, bends: np.ndarray, cut: float) -> np.ndarray:
        """Where the region above log-likelihood `cut` ends at each bend (see the module): rows of the least and
        greatest ``c``, then ``b``; NaN at a bend outside the region."""
        values, rate = self.likelihood(bends)
        room = np.where(values >= cut, values - cut, np.nan)
        edge = -np.exp(-1 - room / np.sum(self.weight * self.count))
        slowest, fastest = (rate * -special.lambertw(edge, branch).real for branch in (0, -1))
        with np.errstate(divide="ignore"):  # the straight line's ceiling is infinite
            per_bend = self.spend.max() / bends
        return np.stack([1 / fastest, 1 / slowest, slowest * per_bend, fastest * per_bend])


def _greatest(objective, grid: np.ndarray) -> tuple[float, float]:
    """Where on the sorted `grid` of bends `objective` (vectorised, NaN where undefined) is greatest, and the
    value there: the best point, then :data:`_ZOOMS` times the best of a finer grid between its neighbours."""
    for _ in range(_ZOOMS):
        at = int(np.nanargmax(objective(grid)))
        finer = np.linspace(grid[max(at - 1, 0)], grid[min(at + 1, len(grid) - 1)], _ZOOM_POINTS)
        grid = np.sort(np.append(finer, grid[at]))
    values = objective(grid)
    at = int(np.nanargmax(values))
    return float(grid[at]), float(values[at])
