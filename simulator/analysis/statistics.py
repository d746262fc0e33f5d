"""The statistics every answer is built from: the standard error of a share of trials, percentiles, paired
differences and the best month of a window."""

from __future__ import annotations

import math

import numpy as np

#: The percentiles reported everywhere: P10, P50, P90.
PERCENTILES = (10, 50, 90)


def proportion_standard_error(p: float, n: int) -> float:
    """Monte Carlo standard error of a share `p` of `n` trials: ``sqrt(p (1 - p) / n)``.

    Parameters
    ----------
    p : float
        The share, 0-1 (the observed one, or the true one in a test).
    n : int
        Number of trials, at least 1.

    Examples
    --------
    >>> proportion_standard_error(0.5, 10_000)
    0.005
    """
    if n < 1:
        raise ValueError(f"{n=} must be at least 1")
    return math.sqrt(p * (1 - p) / n)


def percentiles(values: np.ndarray, levels: tuple[float, ...] = PERCENTILES) -> tuple[float, ...]:
    """The `levels` percentiles of `values` (P10, P50, P90 by default), each an actual trial's value.

    The inverted-CDF method never interpolates: a count's percentile is a whole number some trial reached.
    Trials without a value (NaN: a rate with nothing to divide) are left out; with none left, every
    percentile is NaN.

    Examples
    --------
    >>> percentiles(np.arange(1, 11))
    (1.0, 5.0, 9.0)
    >>> percentiles(np.array([np.nan, 0.2, 0.4]), (50,))
    (0.2,)
    """
    values = np.asarray(values)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return tuple(math.nan for _ in levels)
    return tuple(float(v) for v in np.percentile(values, levels, method="inverted_cdf"))


def paired_difference(after: np.ndarray, before: np.ndarray) -> tuple[float, float]:
    """Mean of the trial-by-trial differences `after` - `before` (the same trials, on common random numbers) and
    its standard error, far smaller than two independent runs' when the trials move together.

    Examples
    --------
    >>> paired_difference(np.array([2.0, 3.0, 5.0]), np.array([1.0, 2.0, 3.0]))
    (1.3333333333333333, 0.3333333333333333)
    """
    difference = np.asarray(after, dtype=np.float64) - np.asarray(before, dtype=np.float64)
    spread = difference.std(ddof=1) if difference.size > 1 else 0.0
    return float(difference.mean()), float(spread / math.sqrt(difference.size))


def median_standard_error(values: np.ndarray) -> float:
    """Monte Carlo standard error of the median of `values`, free of any assumed distribution.

    Of `n` trials, the number below the true median is Binomial(n, 1/2), with standard deviation ``sqrt(n) / 2``:
    the sample quantiles at ``1/2 -+ 1 / (2 sqrt(n))`` bracket the true median with about 68% probability, as a
    median -+ one standard error does, so the standard error is half their distance. Trials without a value
    (NaN) are left out; NaN with fewer than two values, or when the bracket is not finite.

    Examples
    --------
    >>> values = np.random.default_rng(42).standard_normal(10_000)
    >>> round(median_standard_error(values), 3)  # theory: sqrt(pi / 2) / sqrt(10,000) = 0.0125
    0.013
    """
    values = np.asarray(values, dtype=np.float64)
    values = values[~np.isnan(values)]
    if values.size < 2:
        return math.nan
    half_width = 50 / math.sqrt(values.size)  # in percentiles
    low, high = np.percentile(values, (50 - half_width, 50 + half_width), method="inverted_cdf")
    return float((high - low) / 2) if np.isfinite([low, high]).all() else math.nan


def best_month(values: np.ndarray, at_least: bool) -> np.ndarray:
    """The highest (`at_least`) or lowest month of each row of `values`, shape ``(trials, months)``, leaving out
    months without a value (NaN); NaN for a trial with none.

    Examples
    --------
    >>> best_month(np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, np.nan]]), at_least=False).tolist()
    [1.0, nan]
    """
    defined = ~np.isnan(values)
    if at_least:
        best = np.where(defined, values, -np.inf).max(axis=1)
    else:
        best = np.where(defined, values, np.inf).min(axis=1)
    return np.where(defined.any(axis=1), best, np.nan)
