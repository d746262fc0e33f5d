"""Fast, monotone quantile functions for Poisson and binomial counts.

The engine draws every count as ``quantile(z; parameters)`` at a fixed
standard-normal score ``z`` (common random numbers). Exact quantile functions
(scipy's ``binom.ppf``) cost about a microsecond a draw, far too slow for
millions of trial-months, so this module uses a closed-form approximation:

* the variance-stabilising arcsine transform, ``X/n ~ sin^2(asin(sqrt(p)) + z / (2 sqrt(n)))``,
* plus the Cornish-Fisher skewness term it misses, ``-(1 - 2p)(z^2 + 2)/12``,
* plus a continuity correction and rounding to an integer in ``[0, n]``.

Below ``EXACT_BELOW`` tries the approximation is crude (a CDF error of up to 5%
for a single try), so those quantiles are computed exactly, and above it the
result is never less than the exact quantile at ``EXACT_BELOW`` tries, which
keeps it monotone across the switch.

The Poisson version is the limit ``n -> inf``, ``np = lam``.

Why this form: for a fixed ``z`` the result never decreases when ``n``, ``p``
or ``lam`` increase (each term is monotone; see the proofs in the function
docstrings), which is what makes a slider move the odds monotonically. Its
accuracy against the exact CDF is tested in ``tests/test_counts.py``: the
largest CDF error is below 0.002 for means of 10 or more and below 0.01 for
means down to 1 (binomial with ``n >= 20``: 0.01 for ``n`` from 16, and exact below).
"""

from __future__ import annotations

import numpy as np
from scipy import special

#: Binomial quantiles with at most this many tries are computed exactly.
EXACT_BELOW = 16
#: The exact quantile at EXACT_BELOW tries exceeds the approximation there by at most
#: 2 (checked over a dense grid in tests/test_counts.py); one more for safety.
EXACT_FLOOR_MARGIN = 3


def binomial_quantile(z: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Approximate ``Binomial(n, p)`` quantile at standard-normal score `z`.

    Parameters
    ----------
    z : ndarray
        Standard-normal scores (the random part, fixed per trial and month).
    n : ndarray of int
        Numbers of tries, >= 0.
    p : ndarray of float
        Success probabilities in [0, 1].

    Returns
    -------
    ndarray of int64
        Counts in ``[0, n]``. Non-decreasing in `z`, `n` and `p`: the angle
        ``asin(sqrt(p)) + z / (2 sqrt(n))`` grows with `p`, and
        ``d/dn [n sin^2(theta)] = sin(theta) (sin(theta) - cos(theta) (theta - theta0)) >= 0``
        on ``[0, pi/2]`` since ``tan(theta) >= theta``; the skewness term grows with `p`
        and does not depend on `n`; the exact floor is itself monotone.

    Examples
    --------
    >>> rng = np.random.default_rng(42)
    >>> k = binomial_quantile(rng.standard_normal(100_000), 40, 0.25)
    >>> bool(abs(k.mean() - 10) < 0.05)
    True
    """
    n = np.asarray(n, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    counts = _approximate_binomial_quantile(z, n, p)
    edge_p = (p <= 0.0) | (p >= 1.0)  # checked before broadcasting: p is usually one per trial
    z, n, p = np.broadcast_arrays(z, n, p)
    # Exact where tries are few; elsewhere never below the exact quantile at EXACT_BELOW
    # tries. That floor can only bind where the approximation at EXACT_BELOW tries is
    # within EXACT_FLOOR_MARGIN of the count, so only those elements pay for it.
    few = n <= EXACT_BELOW
    maybe_floored = ~few & (counts < EXACT_BELOW)
    if maybe_floored.any():
        at_switch = _approximate_binomial_quantile(z[maybe_floored], EXACT_BELOW, p[maybe_floored])
        maybe_floored[maybe_floored] = counts[maybe_floored] < at_switch + EXACT_FLOOR_MARGIN
    exact = few | maybe_floored
    if exact.any():
        exact_counts = _exact_binomial_quantile(z[exact], np.minimum(n[exact], EXACT_BELOW), p[exact])
        counts[exact] = np.where(few[exact], exact_counts, np.maximum(counts[exact], exact_counts))
    # The transform is not defined at the edges: p == 0 gives nothing, p == 1 everything.
    if edge_p.any():
        counts = np.where(p <= 0.0, 0.0, np.where(p >= 1.0, n, counts))
    return counts.astype(np.int64)


def _approximate_binomial_quantile(z: np.ndarray, n, p: np.ndarray) -> np.ndarray:
    """The closed-form approximation (module docstring), as float counts in ``[0, n]``."""
    angle = np.arcsin(np.sqrt(p)) + z / (2 * np.sqrt(np.maximum(n, 1.0)))
    np.clip(angle, 0.0, np.pi / 2, out=angle)
    np.sin(angle, out=angle)
    continuous = n * angle * angle - (1 - 2 * p) * (z * z + 2) / 12 - 0.5
    return np.clip(np.ceil(continuous, out=continuous), 0.0, n)


def _exact_binomial_quantile(z: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Exact ``Binomial(n, p)`` quantile at score `z`, for small `n`, by summing the pmf."""
    u = special.ndtr(z)
    q = np.clip(p, 0.0, 1.0)
    odds = q / np.maximum(1.0 - q, 1e-300)
    pmf = (1.0 - q) ** n
    cdf = pmf.copy()
    counts = np.zeros_like(cdf)
    below = np.empty(cdf.shape, dtype=bool)
    step = np.empty_like(cdf)
    for k in range(int(n.max()) if n.size else 0):
        counts += np.less(cdf, u, out=below)
        np.subtract(n, k, out=step)
        step *= odds
        step /= k + 1
        pmf *= step
        cdf += pmf
    return np.minimum(counts, n)  # rounding can leave the cdf a hair under u past n


def poisson_quantile(z: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Approximate ``Poisson(lam)`` quantile at standard-normal score `z`.

    The ``n -> inf`` limit of the binomial approximation:
    ``(max(sqrt(lam) + z/2, 0))^2 - (z^2 + 2)/12``, continuity-corrected.

    Parameters
    ----------
    z : ndarray
        Standard-normal scores.
    lam : ndarray of float
        Means, >= 0.

    Returns
    -------
    ndarray of int64
        Counts >= 0, non-decreasing in `z` and `lam`.

    Examples
    --------
    >>> rng = np.random.default_rng(42)
    >>> k = poisson_quantile(rng.standard_normal(100_000), 30.0)
    >>> bool(abs(k.var() - 30) < 0.6)
    True
    """
    lam = np.asarray(lam, dtype=np.float64)
    root = np.maximum(np.sqrt(lam) + z / 2, 0.0)
    counts = np.maximum(np.ceil(root * root - (z * z + 2) / 12 - 0.5), 0.0)
    return np.where(lam <= 0.0, 0.0, counts).astype(np.int64)
