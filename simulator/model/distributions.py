"""90% ranges and the distributions fitted to them.

Every uncertain input is given as a 90% range, ``low`` to ``high``: the value is
below ``low`` in 5% of trials and above ``high`` in 5%. Rates follow a
logit-normal distribution and positive amounts a lognormal one, each fitted so
that its 5th and 95th percentiles are exactly ``low`` and ``high``. A range with
``low == high`` is a known value.

Draws are made by pushing standard-normal scores through the fitted quantile
function, so that a fixed score (common random numbers) gives a value that moves
smoothly with the range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

#: Standard-normal score of the 95th percentile: a 90% range spans +/- this many sigmas.
Z95 = float(special.ndtri(0.95))


@dataclass(frozen=True)
class Range:
    """A 90% range ``low`` to ``high``; ``low == high`` is a known value.

    Parameters
    ----------
    low, high : float
        The 5th and 95th percentiles. Validation against what the field allows
        (rates in 0-1, amounts >= 0) is done by the scenario that holds the range.

    Examples
    --------
    >>> Range(0.2, 0.3).mid
    0.25
    >>> Range.known(5000).is_known
    True
    """

    low: float
    high: float

    @classmethod
    def known(cls, value: float) -> Range:
        """A range that is one known value."""
        return cls(value, value)

    @property
    def is_known(self) -> bool:
        """True when ``low == high``: no uncertainty about the value."""
        return self.low == self.high

    @property
    def mid(self) -> float:
        """Arithmetic midpoint, for display and deterministic calculators."""
        return (self.low + self.high) / 2


def rate_quantile(rate: Range, z: np.ndarray) -> np.ndarray:
    """Logit-normal rate whose 5th/95th percentiles are ``rate.low``/``rate.high``.

    Parameters
    ----------
    rate : Range
        A 90% range inside [0, 1]; an uncertain range must lie strictly inside (0, 1).
    z : ndarray
        Standard-normal scores, one per draw.

    Returns
    -------
    ndarray
        Rates in (0, 1), the same shape as `z`; the constant ``rate.low`` when the
        range is known.

    Examples
    --------
    >>> rng = np.random.default_rng(42)
    >>> r = rate_quantile(Range(0.2, 0.3), rng.standard_normal(100_000))
    >>> bool(abs(np.quantile(r, 0.05) - 0.2) < 0.002)
    True
    """
    if rate.is_known:
        return np.full(np.shape(z), float(rate.low))
    lo, hi = special.logit(rate.low), special.logit(rate.high)
    return special.expit((lo + hi) / 2 + (hi - lo) / (2 * Z95) * z)


#: The lowest a rate that may be negative is drawn: a growth of -100% or less would end what it grows.
LOWEST_SIGNED_RATE = -0.99


def signed_rate_quantile(rate: Range, z: np.ndarray) -> np.ndarray:
    """Normal rate whose 5th/95th percentiles are ``rate.low``/``rate.high``, for a rate that may be negative
    (a net expansion); floored at :data:`LOWEST_SIGNED_RATE`, which a range inside the expansion field's bounds
    (-20% to 20% a month) reaches only beyond 8 standard deviations.

    Examples
    --------
    >>> signed_rate_quantile(Range(-0.01, 0.03), np.array([-Z95, 0.0, Z95])).round(6).tolist()
    [-0.01, 0.01, 0.03]
    """
    spread = (rate.high - rate.low) / (2 * Z95)
    return np.maximum(rate.mid + spread * np.asarray(z, dtype=np.float64), LOWEST_SIGNED_RATE)


def amount_quantile(amount: Range, z: np.ndarray) -> np.ndarray:
    """Lognormal amount whose 5th/95th percentiles are ``amount.low``/``amount.high``.

    Parameters
    ----------
    amount : Range
        A 90% range of a non-negative amount; an uncertain range must have ``low > 0``.
    z : ndarray
        Standard-normal scores, one per draw.

    Returns
    -------
    ndarray
        Amounts, the same shape as `z`; the constant ``amount.low`` when known.

    Examples
    --------
    >>> rng = np.random.default_rng(42)
    >>> x = amount_quantile(Range(1000, 4000), rng.standard_normal(100_000))
    >>> bool(abs(np.median(x) - 2000) < 20)
    True
    """
    if amount.is_known:
        return np.full(np.shape(z), float(amount.low))
    mu, sigma = lognormal_parameters(amount)
    return np.exp(mu + sigma * z)


def lognormal_parameters(amount: Range) -> tuple[float, float]:
    """``(mu, sigma)`` of the log of a lognormal fitted to an uncertain 90% range."""
    lo, hi = math.log(amount.low), math.log(amount.high)
    return (lo + hi) / 2, (hi - lo) / (2 * Z95)


def amount_mean(amount: Range) -> float:
    """Mean of the lognormal fitted to `amount` (the value itself when known)."""
    if amount.is_known:
        return float(amount.low)
    mu, sigma = lognormal_parameters(amount)
    return math.exp(mu + sigma**2 / 2)


def amount_cv2(amount: Range) -> float:
    """Squared coefficient of variation (variance / mean**2) of the fitted lognormal."""
    if amount.is_known:
        return 0.0
    _, sigma = lognormal_parameters(amount)
    return math.expm1(sigma**2)
