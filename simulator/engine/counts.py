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

Evaluating scipy's exact CDF costs about a microsecond, so it is paid only
where nothing cheaper decides. Two compiled kernels (numba, cached on disk,
releasing the GIL) take each draw down the first path that applies:

1. mean (``lam``, or ``n min(p, 1 - p)``) up to ``SMALL_MEAN``: the pmf summed
   from 0 in float64 (for ``p > 1/2`` that of ``n - X``, at score ``-z``, so the
   first term never underflows), compared with ``Phi(z)`` in the smaller tail;
2. otherwise a closed-form guess ``g``: the arcsine transform plus a
   Cornish-Fisher skewness term,
   ``n sin^2(asin(sqrt(p)) + z / (2 sqrt(n))) - (1 - 2p)(z^2 + 2)/12``,
   continuity-corrected (Poisson: its ``n -> inf`` limit), certified by the
   Peizer-Pratt (1968) normal approximation of the CDF with its 0.02 correction
   term: it gives the scores ``b(g - 1)`` and ``b(g)`` at which the quantile
   steps from ``g - 1`` to ``g`` and from ``g`` to ``g + 1``; ``g`` is
   certified wherever ``b(g - 1) + delta < z < b(g) - delta``;
3. a guess not certified (within ``delta`` of a step, or wrong), up to a mean or
   ``n`` of ``SUMMED_MAX``: the pmf summed as in 1, from ``TAIL_SDS`` standard
   deviations below the mean (first term by ``lgamma``);
4. every other draw (``|z| > 5``, a sum within its margin of ``Phi(z)``, a
   larger mean or ``n``) is flagged, and a search on scipy's exact CDF from
   ``g`` gives its count.

A sum decides only where it clears ``Phi(z)`` by ``SUM_MARGIN`` relative (and
the upper tail ``1 - F`` also by ``SUM_MARGIN`` absolute, as ``F`` near 1 has
absolute rounding); that covers the sum's own rounding (below 1e-10), that of
``erfc`` against scipy's ``ndtr`` and of scipy's CDF (below 1e-12).

Measured (``python bench/counts.py``, 12 x 100,000 draws, median of 5, three
runs on 2 cores shared with other work, ratios within a run): Poisson means
100-5000 67-74 ms, 1.2-1.5x ``rng.poisson``; binomial, n 100-5000, p 0.02-0.5,
134-174 ms, 1.3x ``rng.binomial``; binomial, n 5-60, 115-209 ms, 0.8-0.9x.
About 4 draws in a million take scipy's search. A fresh process compiles both
kernels in 4-6 s on its first call; with the on-disk cache that call takes
0.4-0.5 s (importing the module with numpy, scipy and numba: 1.3-2 s).

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
of a decade.) The ``|z| <= 5`` limit keeps the rounding of ``Phi(z)`` near 1
(``1e-16``, i.e. ``4e-11`` in score at ``z = 5``) well inside the smallest
``delta``, ``DELTA_FLOOR``. Path 2 is used only where the mean exceeds
``SMALL_MEAN``, so ``v > 20`` there.

scipy's incomplete gamma function is wrong far in the tails of very large
means (for ``lam = 1e8``, ``P(X > lam + 5 sqrt(lam))`` comes out 1.9e-7 where it
is 2.9e-7). For ``lam > RELIABLE_GAMMA`` and ``|z| > 4`` the count is therefore
the quantile of the Peizer-Pratt CDF, whose score there is within ``1e-10`` of
the exact one (checked against mpmath, ``tests/test_counts.py``).
"""

from __future__ import annotations

import math

import numba
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
#: rounding ``ROUNDING_SCALE * 2.2e-16 * sqrt(v)``.
SMALL_VARIANCE = 30.0
SMALL_VARIANCE_ERROR = 0.02
ERROR_SCALE = 0.15
POISSON_ROUNDING_SCALE = 1.0
BINOMIAL_ROUNDING_SCALE = 8.0
#: Above this mean, scipy's ``pdtr`` is trusted only within 4 standard deviations.
RELIABLE_GAMMA = 3e5
#: Means (``lam``, or ``n min(p, 1 - p)``) up to which the pmf is summed from 0 instead.
SMALL_MEAN = 40.0
#: Relative margin by which a summed tail must clear ``Phi(z)``: covers the sum's rounding
#: (below 1e-10) and that of scipy's CDF and ``ndtr`` (below 1e-12).
SUM_MARGIN = 1e-8
#: Summed tails start this many standard deviations (plus 10 counts) below the mean, where
#: the mass left out is below 1e-21 (Chernoff), and are used up to this mean or number of tries,
#: where ``lgamma`` still gives the first term to 1e-10.
TAIL_SDS = 14.0
SUMMED_MAX = 1e5


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
    counts = np.empty(z.size, dtype=np.int64)
    unsure = np.zeros(z.size, dtype=np.bool_)
    if _binomial_kernel(z, n, p, counts, unsure):
        sel = np.flatnonzero(unsure)
        z, n, p = z[sel], n[sel], p[sel]

        def reached(k, m):
            # Beta functions of p, not of 1 - p, which would round.
            last = k >= n[m]
            tries = np.where(last, 1.0, n[m] - k)
            return last | _tail_reached(
                z[m],
                lambda i: special.betaincc(k[i] + 1, tries[i], p[m][i]),
                lambda i: special.betainc(k[i] + 1, tries[i], p[m][i]),
            )

        counts[sel] = _search(counts[sel].astype(np.float64), n, reached)
    return counts.reshape(shape)


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
    counts = np.empty(z.size, dtype=np.int64)
    unsure = np.zeros(z.size, dtype=np.bool_)
    if _poisson_kernel(z, lam, counts, unsure):
        sel = np.flatnonzero(unsure)
        z, lam = z[sel], lam[sel]

        def reached(k, m):
            zs, ls = z[m], lam[m]
            approximate = (ls > RELIABLE_GAMMA) & (np.abs(zs) > 4.0)
            exact = _tail_reached(zs, lambda i: special.pdtr(k[i], ls[i]), lambda i: special.pdtrc(k[i], ls[i]))
            return np.where(approximate, np.vectorize(_poisson_score)(k, ls) >= zs, exact)

        counts[sel] = _search(counts[sel].astype(np.float64), np.inf, reached)
    return counts.reshape(shape)


@numba.njit(nogil=True, cache=True)
def _poisson_kernel(z, lam, counts, unsure) -> int:
    """Each count in `counts`, or its guess flagged in `unsure` for the exact search; returns how many."""
    flagged = 0
    for i in range(z.size):
        zi, mean = z[i], lam[i]
        if not mean > 0.0:
            counts[i] = 0
            continue
        root = max(math.sqrt(mean) + zi / 2, 0.0)
        guess = max(math.ceil(root * root - (zi * zi + 2) / 12 - 0.5), 0.0)
        k = -1.0
        if not abs(zi) <= Z_CERTIFIED:
            pass
        elif mean <= SMALL_MEAN:
            k = _summed_quantile(zi, 0.0, math.exp(-mean), 1.0, 0.0, mean, math.inf)
        elif guess > 0.0 and _certified(zi, _poisson_steps(guess, mean), mean, POISSON_ROUNDING_SCALE):
            k = guess
        elif mean <= SUMMED_MAX:
            start = math.floor(max(mean - TAIL_SDS * math.sqrt(mean) - 10.0, 0.0))
            first = math.exp(start * math.log(mean) - mean - math.lgamma(start + 1.0))
            k = _summed_quantile(zi, start, first, 1.0, 0.0, mean, math.inf)
        if k < 0.0:
            counts[i] = guess
            unsure[i] = True
            flagged += 1
        else:
            counts[i] = k
    return flagged


@numba.njit(nogil=True, cache=True)
def _binomial_kernel(z, n, p, counts, unsure) -> int:
    """As :func:`_poisson_kernel`; the sums run on the smaller share, ``X`` or ``n - X``."""
    flagged = 0
    for i in range(z.size):
        zi, tries, share = z[i], n[i], p[i]
        # p == 0 gives nothing and p == 1 everything; neither has a variance to certify with.
        if not (tries > 0.0 and share > 0.0):
            counts[i] = 0
            continue
        if share >= 1.0:
            counts[i] = tries
            continue
        k = -1.0
        # n - X ~ Binomial(n, 1 - p) at score -z; 1 - p is exact for p >= 0.5.
        flip = share > 0.5
        small = 1.0 - share if flip else share
        mean = tries * small
        ratio = small / (share if flip else 1.0 - share)
        side = -zi if flip else zi
        if not abs(zi) <= Z_CERTIFIED:
            pass
        elif mean <= SMALL_MEAN:
            k = _summed_quantile(side, 0.0, math.exp(tries * math.log1p(-small)), tries, 1.0, ratio, tries)
            k = tries - k if flip and k >= 0.0 else k
        else:
            guess = _guess_binomial(zi, tries, share)
            variance = tries * share * (1.0 - share)
            if 0.0 < guess < tries and _certified(
                zi, _binomial_steps(guess, tries, share), variance, BINOMIAL_ROUNDING_SCALE
            ):
                k = guess
            elif tries <= SUMMED_MAX:
                start = math.floor(max(mean - TAIL_SDS * math.sqrt(mean) - 10.0, 0.0))
                log_first = (
                    math.lgamma(tries + 1.0) - math.lgamma(start + 1.0) - math.lgamma(tries - start + 1.0)
                    + start * math.log(small) + (tries - start) * math.log1p(-small)
                )  # fmt: skip
                k = _summed_quantile(side, start, math.exp(log_first), tries, 1.0, ratio, tries)
                k = tries - k if flip and k >= 0.0 else k
        if k < 0.0:
            counts[i] = _guess_binomial(zi, tries, share)
            unsure[i] = True
            flagged += 1
        else:
            counts[i] = k
    return flagged


@numba.njit(nogil=True, cache=True)
def _summed_quantile(z, start, term, tries, step, ratio, top) -> float:
    """The quantile at `z` by summing the pmf up from `start`, whose pmf is `term`; -1 when too close to call.

    The pmf steps by ``term(j + 1) = term(j) (tries - step j) ratio / (j + 1)``: Poisson ``(1, 0, lam)``,
    binomial ``(n, 1, p / (1 - p))``. Below `start` the mass must be negligible. Each comparison
    with ``Phi(z)`` is read in the smaller tail, as scipy's CDF is, and must clear it by ``SUM_MARGIN``;
    the upper tail ``1 - F`` also by an absolute ``SUM_MARGIN``, for the rounding of ``F`` near 1.
    """
    target = 0.5 * math.erfc(abs(z) / math.sqrt(2.0))
    upper = z > 0.0
    j, cdf = start, term
    while j < top:
        if upper:
            tail = 1.0 - cdf
            gap, margin = target - tail, SUM_MARGIN * (1.0 + max(tail, target))
        else:
            gap, margin = cdf - target, SUM_MARGIN * max(cdf, target)
        if gap > margin:
            # The count below `start` was not compared; its mass is negligible unless start is 0.
            return j if j == start == 0.0 or j > start else -1.0
        if gap >= -margin:
            return -1.0
        term *= (tries - step * j) * ratio / (j + 1.0)
        cdf += term
        j += 1.0
    return top


@numba.njit(nogil=True, cache=True)
def _certified(z, steps, variance, rounding_scale) -> bool:
    """Whether `z` lies between a guess's approximate step scores ``steps = (below, above)``, with the margin."""
    delta = max(SAFETY * error_bound(variance, rounding_scale), DELTA_FLOOR)
    return steps[0] + delta < z < steps[1] - delta


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


@numba.njit(nogil=True, cache=True)
def error_bound(variance: float, rounding_scale: float) -> float:
    """Bound on the error of the Peizer-Pratt step score at `variance` (module docstring)."""
    root = math.sqrt(variance)
    model = SMALL_VARIANCE_ERROR if variance < SMALL_VARIANCE else ERROR_SCALE / (variance * root)
    return model + rounding_scale * 2.220446049250313e-16 * root


def _search(start, top, reached) -> np.ndarray:
    """Smallest ``k`` in ``[0, top]`` with ``reached(k, m)`` (`m`: which elements), by galloping, then bisecting.

    Usually two evaluations: at the start and at one neighbour.
    """
    lo = np.full(start.shape, -np.inf)  # largest k known not reached (-1: none below 0)
    hi = np.full(start.shape, np.inf)  # smallest k known reached
    probe = np.minimum(start, top)
    step = np.ones(start.shape)
    todo = np.arange(start.size)
    while todo.size:
        at = probe[todo]
        hit = reached(at, todo)
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


@numba.njit(nogil=True, cache=True)
def _guess_binomial(z, n, p) -> float:
    """The closed-form guess (module docstring), a float count in ``[0, n]``.

    ``sin(asin(sqrt(p)) + w)`` is expanded by the angle-sum formula: an arcsine costs as much as the rest.
    """
    w = z / (2 * math.sqrt(max(n, 1.0)))
    cos_w, sin_w = math.cos(w), math.sin(w)
    root_p, root_q = math.sqrt(p), math.sqrt(1.0 - p)
    sine = root_p * cos_w + root_q * sin_w
    # The angle is kept within [0, pi/2], where the sine and cosine are not negative.
    if sine < 0.0:
        sine = 0.0
    elif root_q * cos_w - root_p * sin_w < 0.0:
        sine = 1.0
    continuous = n * sine * sine - (1 - 2 * p) * (z * z + 2) / 12 - 0.5
    return min(max(math.ceil(continuous), 0.0), n)


@numba.njit(nogil=True, cache=True)
def _log_step(k: float) -> float:
    """``ln((k + 0.5) / (k - 0.5))`` for ``k >= 1``: the log of the next step's ratio, from the one at `k`.

    From 64 on, ``2 atanh(1 / (2k))`` by its series to ``y**7`` (relative error below 1e-18), cheaper than a log.
    """
    if k < 64.0:
        return math.log1p(1.0 / (k - 0.5))
    y = 0.5 / k
    y2 = y * y
    return 2.0 * y * (1.0 + y2 * (1 / 3 + y2 * (1 / 5 + y2 / 7)))


@numba.njit(nogil=True, cache=True)
def _pratt_g(e: float, log: float) -> float:
    """Peizer-Pratt's ``g(x) = (1 - x^2 + 2 x ln x) / (1 - x)^2`` at ``x = 1 + e``, given ``log = ln x``.

    The closed form loses ``1e-16 / |e|`` to cancellation, so small ``|e|`` takes the series
    ``2 sum_m (-e)^m / ((m + 1)(m + 2))``.
    """
    if abs(e) < 1e-3:
        return e * (-1 / 3 + e * (1 / 6 + e * (-1 / 10 + e * (1 / 15 - e / 21))))
    return (2.0 * (e + 1.0) * log - e * (e + 2.0)) / (e * e)


@numba.njit(nogil=True, cache=True)
def _poisson_score(k: float, lam: float) -> float:
    """Peizer-Pratt normal score of ``P(X <= k)``, ``X ~ Poisson(lam)``."""
    e = (k + 0.5 - lam) / lam
    return _poisson_score_at(k, lam, e, math.log1p(e))


@numba.njit(nogil=True, cache=True)
def _poisson_steps(k: float, lam: float) -> tuple[float, float]:
    """The scores of ``P(X <= k - 1)`` and ``P(X <= k)``, for ``k >= 1``, with one log between them."""
    e = (k + 0.5 - lam) / lam
    log = math.log1p(e)
    return (
        _poisson_score_at(k - 1.0, lam, (k - 0.5 - lam) / lam, log - _log_step(k)),
        _poisson_score_at(k, lam, e, log),
    )


@numba.njit(nogil=True, cache=True)
def _poisson_score_at(k, lam, e, log) -> float:
    """The score of ``P(X <= k)`` given ``e = (k + 0.5) / lam - 1`` and its ``log1p``."""
    d = k + 2 / 3 - lam + 0.02 / (k + 1.0)
    return d * math.sqrt((1.0 + _pratt_g(e, log)) / lam)


@numba.njit(nogil=True, cache=True)
def _binomial_steps(k: float, n: float, p: float) -> tuple[float, float]:
    """Peizer-Pratt normal scores of ``P(X <= k - 1)`` and ``P(X <= k)``, ``X ~ Binomial(n, p)``, ``0 < k < n``.

    The logs at ``k - 1`` follow from those at `k` by :func:`_log_step`.
    """
    q = 1.0 - p
    mean, rest = n * p, n * q
    s, f = k + 0.5, n - k - 0.5
    e_s, e_f = (s - mean) / mean, (f - rest) / rest
    log_s, log_f = math.log1p(e_s), math.log1p(e_f)
    scale = 1.0 / ((n + 1 / 6) * p * q)
    return (
        _binomial_score_at(
            k - 1.0,
            n,
            p,
            (s - 1.0 - mean) / mean,
            log_s - _log_step(k),
            (f + 1.0 - rest) / rest,
            log_f + _log_step(n - k),
            scale,
        ),
        _binomial_score_at(k, n, p, e_s, log_s, e_f, log_f, scale),
    )


@numba.njit(nogil=True, cache=True)
def _binomial_score_at(k, n, p, e_s, log_s, e_f, log_f, scale) -> float:
    """The score of ``P(X <= k)`` given ``e_s = (k + 0.5) / (n p) - 1``, ``e_f = (n - k - 0.5) / (n q) - 1``,
    their ``log1p`` and ``scale = 1 / ((n + 1/6) p q)``."""
    q = 1.0 - p
    s, f = k + 0.5, n - k - 0.5
    # The mean is subtracted on the side of the smaller share, where n p or n q rounds least.
    centre = s + 1 / 6 - (n + 1 / 3) * p if p <= 0.5 else (n + 1 / 3) * q - f - 1 / 6
    d = centre + 0.02 * (q / (s + 0.5) - p / (f + 0.5) + (q - 0.5) / (n + 1))
    spread = 1 + q * _pratt_g(e_s, log_s) + p * _pratt_g(e_f, log_f)
    return d * math.sqrt(spread * scale)
