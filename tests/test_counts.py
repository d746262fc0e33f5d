"""The count quantiles against scipy's exact quantiles and CDFs, the certification bound, monotonicity."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special, stats

from simulator.engine import counts
from simulator.engine.counts import binomial_quantile, poisson_quantile

ODD_P = [0.0, 1e-9, 1e-6, 1e-3, 0.02, 0.1, 0.3, 0.5, 0.7, 0.98, 1 - 1e-6, 1 - 1e-9, 1.0]


def scores(rng, size: int) -> np.ndarray:
    """Normal scores, a quarter of them spread evenly over [-8, 8] to reach the tails."""
    z = rng.standard_normal(size)
    z[: size // 4] = rng.uniform(-8, 8, size // 4)
    return z


def binomial_tails(k, n, p):
    """Exact ``P(X <= k)`` and ``P(X > k)`` as counts.py defines them (``stats.binom.cdf`` and ``sf``)."""
    k, n, p = np.broadcast_arrays(np.asarray(k, float), np.asarray(n, float), np.asarray(p, float))
    inside = (k >= 0) & (k < n)
    cdf, sf = np.where(k >= n, 1.0, 0.0), np.where(k >= n, 0.0, 1.0)
    cdf[inside] = special.betaincc(k[inside] + 1, n[inside] - k[inside], p[inside])
    sf[inside] = special.betainc(k[inside] + 1, n[inside] - k[inside], p[inside])
    return cdf, sf


def reaches(z, tails):
    """``P(X <= k) >= Phi(z)``, read in the smaller tail (near 1 the CDF rounds to 1e-16)."""
    cdf, sf = tails
    return np.where(z > 0, sf <= special.ndtr(-z), cdf >= special.ndtr(z))


def assert_smallest_reaching(k, z, tails):
    """``k`` is the smallest count with ``P(X <= k) >= Phi(z)``, for every element."""
    assert reaches(z, tails(k)).all()
    assert ((k == 0) | ~reaches(z, tails(k - 1))).all()


def assert_equals_ppf(got, expected, z, cdf):
    """Equal to scipy's ppf for every element, bar float ties and scipy's own far-tail misses.

    scipy compares ``cdf(k) >= Phi(z)`` in float64, where near 1 both round to steps of 1e-16; where
    ``Phi(z)`` is within 4 ulp of ``cdf(k - 1)`` or ``cdf(k)`` that comparison is a tie (mostly for
    ``z`` beyond 6.5) and the definition, checked separately in the smaller tail, decides.
    """
    u = special.ndtr(z.astype(np.float64))
    k = got.astype(float)
    tie = np.zeros(z.shape, dtype=bool)
    for j in (k - 1, k):
        near = cdf(j)
        tie |= np.abs(near - u) <= 4 * np.finfo(float).eps * np.maximum(near, u)
    # Boost's binomial quantile search is itself off in a few far-tail cases (e.g. n = 136,
    # p = 1e-9, z = 7.5 gives 2 where cdf(1) = 1 - 9e-15 already reaches Phi(z)): those only.
    differ = (got != expected) & ~tie
    wrong_in_scipy = (cdf(expected - 1) >= u) & (expected > 0)
    assert (differ <= wrong_in_scipy).all()  # every element, not a tolerance


@pytest.mark.parametrize("seed", [1, 2])
def test_binomial_equals_scipy_ppf(seed):
    """Random tries, probabilities and scores per element, float32 and float64 scores."""
    rng = np.random.default_rng(seed)
    size = 250_000
    n = np.floor(10 ** rng.uniform(0, 7, size))
    n[:1000] = 0
    p = np.where(rng.random(size) < 0.2, rng.choice(ODD_P, size), 10 ** rng.uniform(-4, 0, size))
    z = scores(rng, size)
    for dtype in (np.float64, np.float32):
        zt = z.astype(dtype)
        expected = stats.binom.ppf(special.ndtr(zt.astype(np.float64)), n, p)
        got = binomial_quantile(zt, n.astype(np.int64), p)
        assert got.dtype == np.int64
        assert_equals_ppf(got, expected, zt, lambda k: stats.binom.cdf(k, n, p))
        z64 = zt.astype(np.float64)
        assert_smallest_reaching(got.astype(float), z64, lambda k: binomial_tails(k, n, p))


@pytest.mark.parametrize("n", [1, 2, 5, 16, 17, 50, 300, 5_000, 100_000, 10**7, 10**9])
@pytest.mark.parametrize("p", ODD_P)
def test_binomial_equals_scipy_ppf_on_a_grid(n, p):
    z = scores(np.random.default_rng(n), 20_000)
    got = binomial_quantile(z, np.full(z.size, n), p)
    assert_equals_ppf(got, stats.binom.ppf(special.ndtr(z), n, p), z, lambda k: stats.binom.cdf(k, n, p))
    assert_smallest_reaching(got.astype(float), z, lambda k: binomial_tails(k, n, p))


@pytest.mark.parametrize("n", [10**12, 10**15, 2**53 - 1])
@pytest.mark.parametrize("p", [1e-9, 1e-3, 0.3, 0.5, 0.9, 1 - 1e-9])
def test_binomial_is_the_smallest_count_reaching_phi_at_huge_n(n, p):
    """scipy's binom.ppf fails here (boost gives up near p = 1), so check the definition."""
    z = scores(np.random.default_rng(7), 600)
    k = binomial_quantile(z, np.full(z.size, n), p).astype(float)
    assert_smallest_reaching(k, z, lambda j: binomial_tails(j, n, p))


@pytest.mark.parametrize("seed", [3, 4])
def test_poisson_equals_scipy_ppf(seed):
    rng = np.random.default_rng(seed)
    size = 400_000
    lam = 10 ** rng.uniform(-3, 5, size)
    lam[:1000] = 0.0
    z = scores(rng, size)
    for dtype in (np.float64, np.float32):
        zt = z.astype(dtype)
        z64 = zt.astype(np.float64)
        got = poisson_quantile(zt, lam)
        assert_equals_ppf(got, stats.poisson.ppf(special.ndtr(z64), lam), zt, lambda k: special.pdtr(k, lam))
        tails = lambda k: (special.pdtr(k, lam), special.pdtrc(k, lam))  # noqa: E731
        assert_smallest_reaching(got.astype(float), z64, tails)


@pytest.mark.parametrize("lam", [3e5, 1e6, 1e8, 1e10, 1e12])
def test_poisson_is_the_smallest_count_reaching_phi_at_huge_means(lam):
    """scipy's poisson.ppf is wrong at 1e12 (it trusts pdtrik to within one), so check the definition."""
    z = np.random.default_rng(11).uniform(-4, 4, 100_000)
    k = poisson_quantile(z, np.full(z.size, lam)).astype(float)
    assert_smallest_reaching(k, z, lambda j: (special.pdtr(j, lam), special.pdtrc(j, lam)))


# Exact step scores from mpmath (50 digits: ndtri of the regularized upper incomplete gamma), where
# scipy's pdtr is wrong: P(X <= k) = Phi(score).
MPMATH_STEPS = [
    (1e6, 1_004_600, 4.5971458502636718),
    (1e8, 100_050_000, 4.9996500770621969),
    (1e8, 99_950_000, -5.000350077104483),
    (1e12, 1_000_005_000_000, 4.9999965000077083),
    (1e12, 999_995_000_000, -5.0000035000077084),
]


@pytest.mark.parametrize(("lam", "k", "score"), MPMATH_STEPS)
def test_poisson_far_tails_of_huge_means_step_where_mpmath_says(lam, k, score):
    assert abs(counts._poisson_score(float(k), lam) - score) < 1e-10
    around = np.array([score - 1e-8, score + 1e-8])
    assert poisson_quantile(around, np.full(2, lam)).tolist() == [k, k + 1]


# The step scores are compiled scalar functions; these apply them to arrays.
poisson_score = np.vectorize(counts._poisson_score, otypes=[float])
binomial_steps = np.vectorize(counts._binomial_steps, otypes=[float, float])


# The certification bound, measured again on a grid shifted by half a step from the one the module
# docstring reports: the step score's error never exceeds error_bound, i.e. delta / SAFETY.
def step_grid(mean: float, sd: float, top: float) -> np.ndarray:
    k = np.unique(np.floor(mean + sd * np.linspace(-6.5, 6.5, 301)))
    return k[(k >= 0) & (k < top)]


def exact_step_scores(cdf, sf):
    return np.where(cdf < 0.5, special.ndtri(cdf), -special.ndtri(sf))


def test_poisson_step_score_error_is_within_the_bound():
    for lam in 10 ** ((np.arange(61) + 0.5) / 4):
        k = step_grid(lam, np.sqrt(lam), np.inf)
        exact = exact_step_scores(special.pdtr(k, lam), special.pdtrc(k, lam))
        # Beyond 4 sd of a large mean scipy is wrong and the approximation is the definition.
        checked = np.abs(exact) <= (4.0 if lam > counts.RELIABLE_GAMMA else 6.0)
        error = np.abs(poisson_score(k[checked], lam) - exact[checked]).max()
        assert error <= counts.error_bound(lam, counts.POISSON_ROUNDING_SCALE), lam


@pytest.mark.parametrize("p", [1e-9, 1e-5, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-5, 1 - 1e-9])
def test_binomial_step_score_error_is_within_the_bound(p):
    for v in 10 ** ((np.arange(0, 61, 3 if p in (0.5, 0.9) else 6) + 0.5) / 4):
        n = np.round(v / (p * (1 - p)))
        if not 1 <= n < 2**53:
            continue
        variance = n * p * (1 - p)
        k = step_grid(n * p, np.sqrt(variance), n)
        exact = exact_step_scores(special.betaincc(k + 1, n - k, p), special.betainc(k + 1, n - k, p))
        checked = np.abs(exact) <= 6.0
        # Step k is the upper score of the pair at k (k > 0) and the lower one of the pair at k + 1 (k + 1 < n).
        above = binomial_steps(np.maximum(k, 1), n, p)[1]
        below = binomial_steps(np.minimum(k + 1, n - 1), n, p)[0]
        error = max(
            np.abs(above - exact)[checked & (k > 0)].max(initial=0),
            np.abs(below - exact)[checked & (k + 1 < n)].max(initial=0),
        )
        assert error <= counts.error_bound(variance, counts.BINOMIAL_ROUNDING_SCALE), (n, p)


SMALL_P = [1e-9, 1e-4, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.7, 0.9, 0.99, 1 - 1e-9]


@pytest.mark.parametrize("p", SMALL_P)
def test_binomial_summed_from_zero_at_every_small_n(p):
    """Every n up to past where n min(p, 1 - p) passes SMALL_MEAN (the summed pmf), scores dense in [-5.5, 5.5]."""
    top = min(int(counts.SMALL_MEAN / min(p, 1 - p)) + 3, 1_000)
    z, n = np.broadcast_arrays(np.linspace(-5.5, 5.5, 1_001), np.arange(top)[:, None])
    got = binomial_quantile(z, n, p)
    assert_equals_ppf(got, stats.binom.ppf(special.ndtr(z), n, p), z, lambda k: stats.binom.cdf(k, n, p))
    assert_smallest_reaching(got.astype(float), z, lambda k: binomial_tails(k, n, p))


def test_poisson_summed_from_zero_at_small_means():
    z, lam = np.broadcast_arrays(
        np.linspace(-5.5, 5.5, 2_001), np.linspace(0.0, counts.SMALL_MEAN + 2, 211)[:, None]
    )
    got = poisson_quantile(z, lam)
    assert_equals_ppf(got, stats.poisson.ppf(special.ndtr(z), lam), z, lambda k: special.pdtr(k, lam))
    assert_smallest_reaching(got.astype(float), z, lambda k: (special.pdtr(k, lam), special.pdtrc(k, lam)))


def at_the_steps(cdf, sf):
    """Scores on and within 1e-6 of the exact steps with these CDF and survival values: guesses not certified."""
    step = exact_step_scores(cdf, sf)
    step = step[np.abs(step) < counts.Z_CERTIFIED]
    return np.concatenate([step + offset for offset in (-1e-6, -1e-7, -3e-8, 0.0, 3e-8, 1e-7, 1e-6)])


@pytest.mark.parametrize(("n", "p"), [(90, 0.5), (150, 0.3), (1_000, 0.05), (5_000, 0.97), (100_000, 0.2)])
def test_binomial_summed_tails_at_the_steps(n, p):
    """Near the steps the guess is not certified and the tail is summed from far below the mean.

    Only the definition is checked: on a step scipy's ppf decides ties of some ulps its own way.
    """
    ks = np.arange(n + 1, dtype=float)
    z = at_the_steps(*binomial_tails(ks, n, p))
    got = binomial_quantile(z, np.full(z.size, n), p)
    assert_smallest_reaching(got.astype(float), z, lambda k: binomial_tails(k, n, p))


@pytest.mark.parametrize("lam", [41.0, 150.0, 5_000.0, 99_000.0])
def test_poisson_summed_tails_at_the_steps(lam):
    ks = np.arange(lam + 8 * np.sqrt(lam))
    z = at_the_steps(special.pdtr(ks, lam), special.pdtrc(ks, lam))
    got = poisson_quantile(z, np.full(z.size, lam))
    assert_smallest_reaching(got.astype(float), z, lambda k: (special.pdtr(k, lam), special.pdtrc(k, lam)))


@pytest.mark.parametrize(
    ("n", "p", "expected"), [(50, 0.0, 0), (50, 1.0, 50), (0, 0.4, 0), (0, 1.0, 0), (2**53 - 1, 1.0, 2**53 - 1)]
)
def test_binomial_edges(n, p, expected):
    z = np.linspace(-9, 9, 401)
    assert (binomial_quantile(z, np.full(z.size, n), p) == expected).all()


def test_poisson_of_zero_is_zero():
    assert (poisson_quantile(np.linspace(-9, 9, 401), np.zeros(401)) == 0).all()


def test_shapes_broadcast_as_the_engine_uses_them():
    """Scores (months, trials) in float32, counts per element, one probability per trial."""
    rng = np.random.default_rng(5)
    z = rng.standard_normal((12, 1000), dtype=np.float32)
    visits = poisson_quantile(z, np.full(1000, 300.0))
    leads = binomial_quantile(z, visits, rng.uniform(0.01, 0.5, 1000))
    assert visits.shape == leads.shape == (12, 1000)
    assert visits.dtype == leads.dtype == np.int64
    assert binomial_quantile(np.zeros(3), 10, 0.5).shape == (3,)
    assert poisson_quantile(np.zeros((2, 3)), 4.0).shape == (2, 3)


finite_scores = st.floats(-8, 8, allow_nan=False)
rates = st.floats(0, 1, allow_nan=False)
tries = st.integers(0, 2**53 - 1)


@given(z=finite_scores, n=tries, extra=st.integers(0, 10**6), p=rates, dp=st.floats(0, 1))
def test_binomial_is_monotone_and_bounded(z, n, extra, p, dp):
    higher_p = p + (1 - p) * dp
    n = min(n, 2**53 - 1 - extra)
    base = binomial_quantile(np.array([z]), np.array([n]), np.array([p]))[0]
    assert 0 <= base <= n
    assert binomial_quantile(np.array([z]), np.array([n + extra]), np.array([p]))[0] >= base
    assert binomial_quantile(np.array([z]), np.array([n]), np.array([higher_p]))[0] >= base
    assert binomial_quantile(np.array([z + abs(dp)]), np.array([n]), np.array([p]))[0] >= base


@given(z=finite_scores, dz=st.floats(0, 1), lam=st.floats(0, 1e12), factor=st.floats(1, 2))
def test_poisson_is_monotone(z, dz, lam, factor):
    base = poisson_quantile(np.array([z]), np.array([lam]))[0]
    assert base >= 0
    assert poisson_quantile(np.array([z]), np.array([lam * factor]))[0] >= base
    assert poisson_quantile(np.array([z + dz]), np.array([lam]))[0] >= base
