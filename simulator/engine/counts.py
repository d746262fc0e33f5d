"""Exact, fast quantile functions for Poisson and binomial counts.

The engine draws every count as ``quantile(z; parameters)`` at a fixed
standard-normal score ``z`` (common random numbers). The quantile returned is
exact: the smallest ``k`` with ``F(k) >= Phi(z)``, ``F`` the CDF computed by
scipy (``special.pdtr``; ``special.betaincc(k + 1, n - k, p)``, which is what
``stats.binom.cdf`` computes) and ``Phi = special.ndtr`` in float64 (float32
scores are widened first). For ``z > 0`` the test is read in the upper tail,
``P(X > k) <= Phi(-z)``, since near 1 both sides round to steps of 1e-16. A
tie ``F(k) == Phi(z)`` gives ``k``, as in the definition. Being exact at a fixed
``Phi(z)``, the result never decreases when ``z``, ``n``, ``p`` or ``lam`` grow.

Evaluating the exact CDF for every draw costs about a microsecond, so it is
paid only where it decides anything:

1. a closed-form guess ``g``: the arcsine transform plus a Cornish-Fisher
   skewness term, ``n sin^2(asin(sqrt(p)) + z / (2 sqrt(n))) - (1 - 2p)(z^2 + 2)/12``,
   continuity-corrected (Poisson: its ``n -> inf`` limit);
2. the Peizer-Pratt (1968) normal approximation of the CDF, with its 0.02
   correction term, gives the scores ``b(g - 1)`` and ``b(g)`` at which the
   quantile steps from ``g - 1`` to ``g`` and from ``g`` to ``g + 1``; ``g`` is
   certified wherever ``b(g - 1) + delta < z < b(g) - delta``;
3. every other draw (within ``delta`` of a step, a wrong guess, ``|z| > 5``, or
   a variance below ``MIN_VARIANCE``) gets the exact answer by a search on
   scipy's exact CDF from ``g``.

``delta`` is ``SAFETY`` times a bound on the error of the approximate step
score, set from measurements by variance ``v`` (``lam``, or ``n p (1 - p)``):
every step whose exact score (``ndtri`` of scipy's CDF, or minus that of its
survival function above the median) lies in ``[-6, 6]`` (at most 2,001 steps
spread evenly in score), for ``v`` at four points a decade from 1 to
``10**15.25``, binomial ``p`` at 19 values from ``1e-9`` to ``1 - 1e-9``.
The largest error measured: 1.7e-2 for ``v`` below 30 (it sits at the first
counts), then falling as ``v**-1.5`` (7.6e-5 at ``v = 100``, 5.6e-8 at
``1e4``, 5.5e-11 at ``1e6``), until float rounding of ``n p`` takes over
(2.5e-8 at ``v = 1e15``). The bound, ``error_bound``, is 0.02 below ``v = 30``,
``0.15 v**-1.5`` above, plus ``8 * 2.2e-16 * sqrt(v)`` (Poisson: 1x) for rounding.
(``tests/test_counts.py`` measures it again on a grid shifted by an eighth
of a decade.) The ``|z| <= 5`` limit keeps the rounding of ``Phi(z)`` near 1 (``1e-16``, i.e. ``4e-11`` in score
at ``z = 5``) well inside the smallest ``delta``, ``DELTA_FLOOR``.

scipy's incomplete gamma function is wrong far in the tails of very large
means (for ``lam = 1e8``, ``P(X > lam + 5 sqrt(lam))`` comes out 1.9e-7 where it
is 2.9e-7). For ``lam > RELIABLE_GAMMA`` and ``|z| > 4`` the count is therefore
the quantile of the Peizer-Pratt CDF, whose score there is within ``1e-10`` of
the exact one (checked against mpmath, ``tests/test_counts.py``).
"""

from __future__ import annotations

import numpy as np
from scipy import special

#: How many times the measured approximation error a certified draw stays away from a step.
SAFETY = 10.0
#: Draws with larger ``|z|`` always take the exact search (rounding of ``Phi(z)`` near 1).
Z_CERTIFIED = 5.0
#: The smallest margin used, in score; covers the float rounding of ``Phi(z)`` and the CDF.
DELTA_FLOOR = 1e-9
#: The measured error of the Peizer-Pratt step score is bounded (module docstring) by
#: ``SMALL_VARIANCE_ERROR`` below ``SMALL_VARIANCE``, ``ERROR_SCALE * v**-1.5`` above, plus float
#: rounding ``ROUNDING_SCALE * 2.2e-16 * sqrt(v)``; variances below ``MIN_VARIANCE`` are not certified.
MIN_VARIANCE = 1.0
SMALL_VARIANCE = 30.0
SMALL_VARIANCE_ERROR = 0.02
ERROR_SCALE = 0.15
POISSON_ROUNDING_SCALE = 1.0
BINOMIAL_ROUNDING_SCALE = 8.0
#: Above this mean, scipy's ``pdtr`` is trusted only within 4 standard deviations.
RELIABLE_GAMMA = 3e5


def binomial_quantile(z: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Exact ``Binomial(n, p)`` quantile at standard-normal score `z`.

    Parameters
    ----------
    z : ndarray of float32 or float64
        Standard-normal scores (the random part, fixed per trial and month).
    n : ndarray of int
        Numbers of tries, from 0 to ``2**53 - 1``.
    p : ndarray of float
        Success probabilities in [0, 1]; broadcast against `z` and `n`.

    Returns
    -------
    ndarray of int64
        The smallest ``k`` with ``P(X <= k) >= Phi(z)``, in ``[0, n]``.
        Non-decreasing in `z`, `n` and `p`.

    Examples
    --------
    >>> rng = np.random.default_rng(42)
    >>> k = binomial_quantile(rng.standard_normal(100_000), 40, 0.25)
    >>> bool(abs(k.mean() - 10) < 0.05)
    True
    """
    z, n, p = np.broadcast_arrays(np.asarray(z, dtype=np.float64), np.asarray(n, dtype=np.float64), p)
    shape = z.shape
    z, n, p = z.ravel(), n.ravel(), np.asarray(p, dtype=np.float64).ravel()
    counts = np.zeros(z.size)
    # p == 0 gives nothing and p == 1 everything; neither has a variance to certify with.
    inner = (p > 0.0) & (p < 1.0) & (n > 0)
    counts[(p >= 1.0) & (n > 0)] = n[(p >= 1.0) & (n > 0)]
    if not inner.all():
        z, n, p = z[inner], n[inner], p[inner]
    guess = _guess_binomial(z, n, p)

    def score(k, sel):
        return _binomial_score(k, n[sel], p[sel])

    def reached(k, sel):
        # Beta functions of p, not of 1 - p, which would round.
        last = k >= n[sel]
        tries = np.where(last, 1.0, n[sel] - k)
        return last | _tail_reached(
            z[sel],
            lambda m: special.betaincc(k[m] + 1, tries[m], p[sel][m]),
            lambda m: special.betainc(k[m] + 1, tries[m], p[sel][m]),
        )

    variance = n * p * (1.0 - p)
    counts[inner] = _certify(z, guess, n, variance, BINOMIAL_ROUNDING_SCALE, score, reached)
    return counts.astype(np.int64).reshape(shape)


def poisson_quantile(z: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Exact ``Poisson(lam)`` quantile at standard-normal score `z`.

    Parameters
    ----------
    z : ndarray of float32 or float64
        Standard-normal scores.
    lam : ndarray of float
        Means, >= 0; broadcast against `z`.

    Returns
    -------
    ndarray of int64
        The smallest ``k`` with ``P(X <= k) >= Phi(z)``, >= 0; non-decreasing in `z` and `lam`.
        For ``lam > RELIABLE_GAMMA`` and ``|z| > 4`` the Peizer-Pratt CDF stands in for
        scipy's (module docstring).

    Examples
    --------
    >>> rng = np.random.default_rng(42)
    >>> k = poisson_quantile(rng.standard_normal(100_000), 30.0)
    >>> bool(abs(k.var() - 30) < 0.6)
    True
    """
    z, lam = np.broadcast_arrays(np.asarray(z, dtype=np.float64), np.asarray(lam, dtype=np.float64))
    shape = z.shape
    z, lam = z.ravel(), lam.ravel()
    counts = np.zeros(z.size)
    inner = lam > 0.0
    if not inner.all():
        z, lam = z[inner], lam[inner]
    root = np.maximum(np.sqrt(lam) + z / 2, 0.0)
    guess = np.maximum(np.ceil(root * root - (z * z + 2) / 12 - 0.5), 0.0)

    def score(k, sel):
        return _poisson_score(k, lam[sel])

    def reached(k, sel):
        zs, ls = z[sel], lam[sel]
        approximate = (ls > RELIABLE_GAMMA) & (np.abs(zs) > 4.0)
        exact = _tail_reached(zs, lambda m: special.pdtr(k[m], ls[m]), lambda m: special.pdtrc(k[m], ls[m]))
        return np.where(approximate, _poisson_score(k, ls) >= zs, exact)

    counts[inner] = _certify(z, guess, np.inf, lam, POISSON_ROUNDING_SCALE, score, reached)
    return counts.astype(np.int64).reshape(shape)


def _tail_reached(z, cdf, sf) -> np.ndarray:
    """Whether ``P(X <= k) >= Phi(z)``, from the smaller tail: ``P(X > k) <= Phi(-z)`` for ``z > 0``.

    `cdf(mask)` and `sf(mask)` give ``P(X <= k)`` and ``P(X > k)`` for the elements in `mask`.

    Near 1 both sides round to steps of ``1e-16``, which at ``z = 8`` spans several counts.
    """
    upper = z > 0
    out = np.empty(z.shape, dtype=bool)
    out[upper] = sf(upper) <= special.ndtr(-z[upper])
    out[~upper] = cdf(~upper) >= special.ndtr(z[~upper])
    return out


def error_bound(variance: np.ndarray, rounding_scale: float) -> np.ndarray:
    """Bound on the error of the Peizer-Pratt step score at `variance` (module docstring)."""
    variance = np.asarray(variance, dtype=np.float64)
    root = np.sqrt(variance)
    model = np.where(variance < SMALL_VARIANCE, SMALL_VARIANCE_ERROR, ERROR_SCALE / (variance * root))
    root *= rounding_scale * np.finfo(np.float64).eps
    return model + root


def _certify(z, guess, top, variance, rounding_scale, score, reached) -> np.ndarray:
    """The guess where the approximate step scores certify it, else the exact search's answer.

    `score(k, sel)` is the approximate score at which the quantile passes ``k`` (for the
    elements `sel`), `reached(k, sel)` whether ``F(k) >= Phi(z)`` exactly; `top` the largest count.
    """
    k = np.minimum(guess, top)
    checked = (variance >= MIN_VARIANCE) & (np.abs(z) <= Z_CERTIFIED)
    # Usually every draw is checked; then no copies of the inputs are made.
    sel = slice(None) if checked.all() else np.flatnonzero(checked)
    ks, zs = k[sel], z[sel]
    tops = top if np.isscalar(top) else top[sel]
    # The step scores below and above the guess; none below 0, none above the top.
    below = score(np.maximum(ks - 1, 0.0), sel)
    below[ks <= 0] = -np.inf
    above = score(np.minimum(ks, np.maximum(tops - 1, 0.0)), sel)
    above[ks >= tops] = np.inf
    delta = np.maximum(SAFETY * error_bound(variance[sel], rounding_scale), DELTA_FLOOR)
    below += delta
    above -= delta
    certified = np.zeros(z.size, dtype=bool)
    certified[sel] = (zs > below) & (zs < above)
    unsure = np.flatnonzero(~certified)
    if unsure.size:
        k[unsure] = _search(k[unsure], top if np.isscalar(top) else top[unsure], unsure, reached)
    return k


def _search(start, top, sel, reached) -> np.ndarray:
    """Smallest ``k`` in ``[0, top]`` with ``reached(k)``, by galloping from `start`, then bisecting.

    Usually two evaluations: at the start and at one neighbour.
    """
    lo = np.full(start.shape, -np.inf)  # largest k known not reached (-1: none below 0)
    hi = np.full(start.shape, np.inf)  # smallest k known reached
    probe = np.minimum(start, top)
    step = np.ones(start.shape)
    todo = np.arange(start.size)
    while todo.size:
        at = probe[todo]
        hit = reached(at, sel[todo])
        hi[todo[hit]] = at[hit]
        lo[todo[~hit]] = at[~hit]
        low, high, gap = lo[todo], hi[todo], step[todo]
        nxt = np.where(np.isinf(high), low + gap, np.where(np.isinf(low), high - gap, 0.0))
        below_zero = np.isinf(low) & (nxt < 0)
        lo[todo[below_zero]] = low[below_zero] = -1.0
        both = np.isfinite(low) & np.isfinite(high)
        nxt[both] = low[both] + np.floor((high[both] - low[both]) / 2)
        step[todo] = gap * 2
        probe[todo] = np.minimum(nxt, top if np.isscalar(top) else top[todo])
        todo = todo[~(both & (high - low <= 1))]
    return hi


def _guess_binomial(z, n, p) -> np.ndarray:
    """The closed-form guess (module docstring), as float counts in ``[0, n]``."""
    angle = np.arcsin(np.sqrt(p)) + z / (2 * np.sqrt(np.maximum(n, 1.0)))
    np.clip(angle, 0.0, np.pi / 2, out=angle)
    np.sin(angle, out=angle)
    continuous = n * angle * angle - (1 - 2 * p) * (z * z + 2) / 12 - 0.5
    return np.clip(np.ceil(continuous, out=continuous), 0.0, n)


def _pratt_g(e: np.ndarray) -> np.ndarray:
    """Peizer-Pratt's ``g(x) = (1 - x^2 + 2 x ln x) / (1 - x)^2`` at ``x = 1 + e``.

    The closed form loses ``1e-16 / |e|`` to cancellation, so small ``|e|`` takes the series
    ``2 sum_m (-e)^m / ((m + 1)(m + 2))``.
    """
    # In place: these run on every draw, and allocating is a good part of their cost.
    out = np.log1p(e)
    work = e + 1.0
    out *= work
    out *= 2.0
    np.add(e, 2.0, out=work)
    work *= e
    out -= work
    np.multiply(e, e, out=work)
    with np.errstate(divide="ignore", invalid="ignore"):
        out /= work
    small = np.abs(e) < 1e-3
    es = e[small]
    out[small] = es * (-1 / 3 + es * (1 / 6 + es * (-1 / 10 + es * (1 / 15 - es / 21))))
    return out


def _poisson_score(k, lam) -> np.ndarray:
    """Peizer-Pratt normal score of ``P(X <= k)``, ``X ~ Poisson(lam)``."""
    d = k + 2 / 3
    d -= lam
    work = k + 1.0
    np.divide(0.02, work, out=work)
    d += work
    np.subtract(k + 0.5, lam, out=work)
    work /= lam
    spread = _pratt_g(work)
    spread += 1.0
    spread /= lam
    d *= np.sqrt(spread, out=spread)
    return d


def _binomial_score(k, n, p) -> np.ndarray:
    """Peizer-Pratt normal score of ``P(X <= k)``, ``X ~ Binomial(n, p)``, for ``0 <= k < n``."""
    q = 1.0 - p
    s = k + 0.5
    f = n - k - 0.5
    # The mean is subtracted on the side of the smaller share, where n p or n q rounds least.
    centre = np.where(p <= 0.5, s + 1 / 6 - (n + 1 / 3) * p, (n + 1 / 3) * q - f - 1 / 6)
    d = centre + 0.02 * (q / (s + 0.5) - p / (f + 0.5) + (q - 0.5) / (n + 1))
    spread = 1 + q * _pratt_g((s - n * p) / (n * p)) + p * _pratt_g((f - n * q) / (n * q))
    return d * np.sqrt(spread / ((n + 1 / 6) * p * q))
