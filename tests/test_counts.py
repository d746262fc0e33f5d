"""The count quantile approximations against scipy's exact distributions, and their monotonicity."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special, stats

from simulator.engine.counts import binomial_quantile, poisson_quantile

# Evenly spaced probabilities through the normal quantile: the approximation's
# exact CDF, with no Monte Carlo noise.
GRID = special.ndtri((np.arange(400_000) + 0.5) / 400_000)


def largest_cdf_error(counts: np.ndarray, exact_cdf) -> float:
    support = np.arange(counts.max() + 2)
    approx = np.searchsorted(np.sort(counts), support, side="right") / counts.size
    return float(np.abs(approx - exact_cdf(support)).max())


# The documented accuracy (module docstring of simulator.engine.counts).
@pytest.mark.parametrize(
    ("n", "p", "tolerance"),
    [
        (40, 0.25, 0.002),
        (150, 0.3, 0.002),
        (5000, 0.03, 0.002),
        (100_000, 1e-4, 0.002),
        (60, 0.5, 0.002),
        (400, 0.9, 0.002),
        (1000, 0.97, 0.002),
        (10_000, 1e-4, 0.01),
        (20, 0.1, 0.01),
        (16, 0.05, 0.01),
        (17, 0.9, 0.01),
        (10, 0.9, 3e-6),
        (3, 0.5, 3e-6),
        (1, 0.05, 3e-6),  # exact, up to the grid
    ],
)
def test_binomial_matches_exact_cdf(n, p, tolerance):
    counts = binomial_quantile(GRID, np.full(GRID.size, n), p)
    assert largest_cdf_error(counts, lambda k: stats.binom.cdf(k, n, p)) < tolerance


@pytest.mark.parametrize(("lam", "tolerance"), [(10, 0.002), (33.3, 0.002), (5000, 0.002), (1, 0.01), (3.5, 0.01)])
def test_poisson_matches_exact_cdf(lam, tolerance):
    counts = poisson_quantile(GRID, np.full(GRID.size, lam))
    assert largest_cdf_error(counts, lambda k: stats.poisson.cdf(k, lam)) < tolerance


@pytest.mark.parametrize(("n", "p", "expected"), [(50, 0.0, 0), (50, 1.0, 50), (0, 0.4, 0)])
def test_binomial_edges_are_exact(n, p, expected):
    assert (binomial_quantile(GRID[::1000], np.full(400, n), p) == expected).all()


def test_poisson_of_zero_is_zero():
    assert (poisson_quantile(GRID[::1000], np.zeros(400)) == 0).all()


scores = st.floats(-8, 8, allow_nan=False)
rates = st.floats(0, 1, allow_nan=False)
tries = st.integers(0, 2_000_000)


@given(z=scores, n=tries, extra=st.integers(0, 1000), p=rates, dp=st.floats(0, 1))
def test_binomial_is_monotone_and_bounded(z, n, extra, p, dp):
    higher_p = p + (1 - p) * dp
    base = binomial_quantile(np.array([z]), np.array([n]), np.array([p]))[0]
    assert 0 <= base <= n
    assert binomial_quantile(np.array([z]), np.array([n + extra]), np.array([p]))[0] >= base
    assert binomial_quantile(np.array([z]), np.array([n]), np.array([higher_p]))[0] >= base
    assert binomial_quantile(np.array([z + abs(dp)]), np.array([n]), np.array([p]))[0] >= base


@given(z=scores, lam=st.floats(0, 1e7), factor=st.floats(1, 2))
def test_poisson_is_monotone(z, lam, factor):
    base = poisson_quantile(np.array([z]), np.array([lam]))[0]
    assert base >= 0
    assert poisson_quantile(np.array([z]), np.array([lam * factor]))[0] >= base


def test_exact_floor_margin_covers_the_switch():
    """Where the exact floor can bind is found with EXACT_FLOOR_MARGIN: check it is wide enough."""
    from simulator.engine.counts import (
        EXACT_BELOW,
        EXACT_FLOOR_MARGIN,
        _approximate_binomial_quantile,
        _exact_binomial_quantile,
    )

    z = GRID[::20]
    for p in np.concatenate([np.geomspace(1e-7, 0.5, 200), 1 - np.geomspace(1e-7, 0.5, 200)]):
        p_all = np.full(z.size, p)
        n_all = np.full(z.size, float(EXACT_BELOW))
        gap = _exact_binomial_quantile(z, n_all, p_all) - _approximate_binomial_quantile(z, n_all, p_all)
        assert gap.max() < EXACT_FLOOR_MARGIN
