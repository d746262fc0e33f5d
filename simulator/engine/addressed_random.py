"""Random numbers with an address: the k-th number of trial i of a stream, computed, not drawn in order.

Won deals need numbers that do not depend on how many deals other trials have,
so they cannot come from one sequential generator. Each number is a hash of its
address instead: the SplitMix64 output function (Steele, Lea and Flood, "Fast
splittable pseudorandom number generators", OOPSLA 2014; the generator that
seeds xoshiro) applied to ``key + (trial * 2**32 + k) * golden gamma``, where each
stream's 64-bit key comes from the scenario's seed. SplitMix64 over consecutive
counters passes BigCrush; the keys are random 64-bit numbers, so two streams'
counters overlap with a probability of about 2**-24 per run even at 10**12 numbers.

Uniforms keep 53 bits; normal scores are the inverse normal CDF of a uniform by
Acklam's rational approximation, within 1.2e-9 of scipy's ``ndtri`` (relative
to max(1, |z|); tests/test_addressed_random.py): a deal size off by about a
billionth of itself, for a tenth of the time an exact inverse takes.
"""

from __future__ import annotations

import hashlib
import math

import numba
import numpy as np

_GOLDEN_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_TRIAL_STRIDE = np.uint64(1 << 32)
# Acklam's coefficients: central region, then the tails (below _TAIL and above 1 - _TAIL).
_A = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02, 1.383577518672690e02,
      -3.066479806614716e01, 2.506628277459239e00)  # fmt: skip
_B = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02, 6.680131188771972e01,
      -1.328068155288572e01)  # fmt: skip
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00, -2.549732539343734e00,
      4.374664141464968e00, 2.938163982698783e00)  # fmt: skip
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
_TAIL = 0.02425


def named_streams(
    chunk_rng: np.random.Generator, name: str, names: tuple[str, ...]
) -> dict[str, np.random.Generator]:
    """Streams of a named part of the model (a channel, the customer base) in one chunk, one per entry of `names`.

    Keyed by a 128-bit hash of `name` under the chunk's seed: independent of the chunk's numbered streams
    (whose keys are small numbers) and of every other name.
    """
    seed = chunk_rng.bit_generator.seed_seq
    key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=16).digest(), "little")
    own = np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, key), pool_size=seed.pool_size)
    return dict(zip(names, (np.random.default_rng(s) for s in own.spawn(len(names))), strict=True))


def stream_keys(rng: np.random.Generator, count: int) -> np.ndarray:
    """`count` independent 64-bit stream keys from `rng` (one per kind of number)."""
    return rng.integers(0, 2**64, size=count, dtype=np.uint64, endpoint=False)


@numba.njit(nogil=True, cache=True)
def uniform(key: np.uint64, trial: np.int64, k: np.int64) -> float:
    """The uniform in [0, 1) at address (`trial`, `k`) of the stream with `key`."""
    z = key + (np.uint64(trial) * _TRIAL_STRIDE + np.uint64(k)) * _GOLDEN_GAMMA
    z = (z ^ (z >> np.uint64(30))) * _MIX_1
    z = (z ^ (z >> np.uint64(27))) * _MIX_2
    z = z ^ (z >> np.uint64(31))
    return float(z >> np.uint64(11)) * 2.0**-53


@numba.njit(nogil=True, cache=True)
def normal(key: np.uint64, trial: np.int64, k: np.int64) -> float:
    """The standard-normal score at address (`trial`, `k`): the inverse normal CDF of a uniform in (0, 1)."""
    return inverse_normal_cdf(uniform(key, trial, k) + 2.0**-54)


@numba.njit(nogil=True, cache=True)
def inverse_normal_cdf(p: float) -> float:
    """``Phi^-1(p)`` for ``0 < p < 1``, within 1.2e-9 (Acklam's approximation)."""
    # Work on the lower half, where 1 - p is exact.
    lower = min(p, 1.0 - p)
    if lower < _TAIL:
        q = math.sqrt(-2.0 * math.log(lower))
        x = (((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]) / (
            (((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1.0
        )
    else:
        q = lower - 0.5
        r = q * q
        x = (
            (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5])
            * q
            / (((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1.0)
        )
    return x if p <= 0.5 else -x
