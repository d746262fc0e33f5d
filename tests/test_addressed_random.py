"""Random numbers addressed by (trial, k): uniform, independent of their neighbours, fixed by the address."""

import numba
import numpy as np
import pytest
from scipy import special, stats

from simulator.engine.addressed_random import inverse_normal_cdf, normal, stream_keys, uniform
from tests.conftest import Z_TOLERANCE


@numba.njit
def uniforms(key, trials, per_trial):
    out = np.empty((trials, per_trial))
    for trial in range(trials):
        for k in range(per_trial):
            out[trial, k] = uniform(key, trial, k)
    return out


@numba.njit
def inverse_normal(levels):
    return np.array([inverse_normal_cdf(level) for level in levels])


@numba.njit
def normals(key, count):
    return np.array([normal(key, 3, k) for k in range(count)])


KEYS = stream_keys(np.random.default_rng(7), 2)


def test_the_same_address_gives_the_same_number_and_streams_differ():
    a, b = uniforms(KEYS[0], 50, 40), uniforms(KEYS[0], 50, 40)
    assert np.array_equal(a, b)
    assert np.array_equal(uniforms(KEYS[0], 10, 5), a[:10, :5])  # the address alone decides
    assert not np.array_equal(uniforms(KEYS[1], 50, 40), a)


@pytest.mark.parametrize("key", KEYS)
def test_uniforms_are_uniform_and_independent_of_their_neighbours(key):
    u = uniforms(key, 2000, 200)
    assert ((u >= 0) & (u < 1)).all()
    assert stats.kstest(u.ravel(), "uniform").pvalue > 1e-4
    n = u[:, 1:].size
    # Neighbouring k of one trial, and the same k of neighbouring trials: correlation 0 within 1/sqrt(n).
    assert abs(np.corrcoef(u[:, :-1].ravel(), u[:, 1:].ravel())[0, 1]) <= Z_TOLERANCE / np.sqrt(n)
    assert abs(np.corrcoef(u[:-1].ravel(), u[1:].ravel())[0, 1]) <= Z_TOLERANCE / np.sqrt(u[1:].size)


def test_the_inverse_normal_cdf_is_within_its_documented_accuracy():
    levels = np.concatenate(
        [
            np.random.default_rng(1).random(200_000),
            np.logspace(-300, -1, 3000),
            1 - np.logspace(-16, -1, 3000),
            [0.02425, 0.5, 1 - 0.02425],
        ]
    )
    exact = special.ndtri(levels)
    assert (np.abs(inverse_normal(levels) - exact) <= 1.2e-9 * np.maximum(1.0, np.abs(exact))).all()


def test_normal_scores_are_standard_normal():
    z = normals(KEYS[0], 400_000)
    assert stats.kstest(z, "norm").pvalue > 1e-4
