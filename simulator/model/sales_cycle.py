"""The sales cycle: in which month an opportunity closes, won or lost.

Each opportunity's cycle, the time from being worked to closing, is its own
draw ``T`` from a gamma distribution with the scenario's mean cycle and a
standard deviation of ``spread`` times it (``spread = 0``: every cycle is the
mean). Work starts at a uniformly random moment ``U`` of the month, so an
opportunity worked in month ``m`` closes in month ``m + floor(U + T)``. A fixed
cycle of ``k + f`` months thus closes a share ``1 - f`` after ``k`` months and
``f`` after ``k + 1``.

An opportunity already open at the start is somewhere in its cycle: the time it
has left is the renewal-theory residual of ``T`` (density ``P(T > t) / mean``),
so the open pipeline closes evenly over a fixed cycle and along the same
distribution otherwise.

Both month distributions are closed forms of the gamma CDF ``F`` and its
integral ``I(x) = x F_a(x) - mean F_{a+1}(x)`` (shape ``a``): no simulation.
Scaling the mean scales every cycle, so for a fixed draw a shorter mean cycle
never closes an opportunity later.
"""

from __future__ import annotations

import numpy as np
from scipy import special

#: Months beyond which a cycle's closing month is not tabulated: the tables stop once
#: they reach 1 (to within rounding) or after this many months, whichever comes first.
MAX_CYCLE_MONTHS = 600


def close_lag_cdf(mean: float, spread: float) -> np.ndarray:
    """``P(lag <= j)`` for ``j = 0, 1, ...``: months from the month worked to the month closed.

    Parameters
    ----------
    mean : float
        Mean cycle in months, >= 0.
    spread : float
        Standard deviation of the cycle as a fraction of the mean, >= 0.

    Returns
    -------
    ndarray of float64
        Non-decreasing, its last value 1 (forced, past what the table holds).

    Examples
    --------
    >>> close_lag_cdf(1.5, 0.0).tolist()
    [0.0, 0.5, 1.0]
    >>> close_lag_cdf(0.0, 0.3).tolist()
    [1.0]
    """
    months = np.arange(1, _table_length(mean, spread) + 1, dtype=np.float64)
    integral = _cycle_integral(np.concatenate([[0.0], months]), mean, spread)
    return _finished(np.diff(integral))  # P(U + T < j + 1) = I(j + 1) - I(j)


def open_close_cdf(mean: float, spread: float) -> np.ndarray:
    """``P(close month <= j)`` for ``j = 1, 2, ...`` of an opportunity open at the start.

    Parameters
    ----------
    mean : float
        Mean cycle in months, >= 0; 0 closes the open pipeline in month 1.
    spread : float
        Standard deviation of the cycle as a fraction of the mean, >= 0.

    Returns
    -------
    ndarray of float64
        Element ``j - 1`` is ``P(close month <= j)``; non-decreasing, its last value 1.

    Examples
    --------
    >>> open_close_cdf(2.5, 0.0).tolist()
    [0.4, 0.8, 1.0]
    """
    if mean == 0:
        return np.ones(1)
    months = np.arange(1, _table_length(mean, spread) + 1, dtype=np.float64)
    # Residual time left R has P(R < j) = (j - I(j)) / mean.
    return _finished((months - _cycle_integral(months, mean, spread)) / mean)


def _cycle_integral(x: np.ndarray, mean: float, spread: float) -> np.ndarray:
    """``I(x)``, the integral of the cycle's CDF from 0 to `x`, i.e. ``E[max(x - T, 0)]``."""
    if spread == 0 or mean == 0:
        return np.maximum(x - mean, 0.0)
    shape = 1 / spread**2
    scale = mean * spread**2
    return x * special.gammainc(shape, x / scale) - mean * special.gammainc(shape + 1, x / scale)


def _table_length(mean: float, spread: float) -> int:
    """Months to tabulate: past the cycle's 1 - 1e-15 quantile, at most MAX_CYCLE_MONTHS."""
    if spread == 0 or mean == 0:
        return int(np.floor(mean)) + 2
    shape = 1 / spread**2
    far = special.gammaincinv(shape, 1 - 1e-15) * mean * spread**2
    return int(min(np.ceil(far) + 2, MAX_CYCLE_MONTHS))


def _finished(cdf: np.ndarray) -> np.ndarray:
    """A tabulated CDF clipped to [0, 1], made non-decreasing against rounding, ending at exactly 1."""
    cdf = np.maximum.accumulate(np.clip(cdf, 0.0, 1.0))
    cdf[-1] = 1.0
    last = int(np.searchsorted(cdf, 1.0)) + 1  # drop the trailing ones after the first
    return cdf[:last]
