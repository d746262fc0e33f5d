"""The sales cycle's closing months: the engine's closed forms against numerical integration of scipy's gamma."""

import numpy as np
import pytest
from scipy import integrate, stats

from simulator.model.sales_cycle import close_lag_cdf, open_close_cdf


@pytest.mark.parametrize(("mean", "spread"), [(0.4, 0.3), (1.5, 0.5), (3.0, 0.2), (6.0, 1.0), (2.0, 2.0)])
def test_a_new_opportunitys_closing_lag(mean, spread):
    cycle = stats.gamma(1 / spread**2, scale=mean * spread**2)
    cdf = close_lag_cdf(mean, spread)
    for lag, value in enumerate(cdf[:-1]):
        # P(floor(U + T) <= lag) with U uniform on [0, 1): the cycle started on a random day of the month.
        exact = integrate.quad(lambda u, lag=lag: cycle.cdf(lag + 1 - u), 0, 1, epsabs=1e-12)[0]
        assert value == pytest.approx(exact, abs=1e-9)
    assert cdf[-1] == 1.0


@pytest.mark.parametrize(("mean", "spread"), [(1.5, 0.5), (3.0, 0.2), (6.0, 1.0)])
def test_an_open_opportunitys_closing_month(mean, spread):
    cycle = stats.gamma(1 / spread**2, scale=mean * spread**2)
    cdf = open_close_cdf(mean, spread)
    for month, value in enumerate(cdf[:-1], start=1):
        # The time left of a cycle in progress has density P(T > t) / E[T] (renewal theory).
        exact = integrate.quad(cycle.sf, 0, month, epsabs=1e-12)[0] / mean
        assert value == pytest.approx(exact, abs=1e-9)


@pytest.mark.parametrize(
    ("mean", "lag_cdf", "open_cdf"),
    [
        (0.0, [1.0], [1.0]),
        (2.0, [0.0, 0.0, 1.0], [0.5, 1.0]),
        (1.5, [0.0, 0.5, 1.0], [2 / 3, 1.0]),
        (2.5, [0.0, 0.0, 0.5, 1.0], [0.4, 0.8, 1.0]),
    ],
)
def test_a_fixed_cycle_by_hand(mean, lag_cdf, open_cdf):
    assert close_lag_cdf(mean, 0.0) == pytest.approx(np.array(lag_cdf))
    assert open_close_cdf(mean, 0.0) == pytest.approx(np.array(open_cdf))


@pytest.mark.parametrize("spread", [0.0, 0.3, 1.0])
def test_a_shorter_mean_cycle_never_closes_later(spread):
    longer, shorter = close_lag_cdf(3.0, spread), close_lag_cdf(2.7, spread)
    size = max(longer.size, shorter.size)
    pad = lambda cdf: np.concatenate([cdf, np.ones(size - cdf.size)])  # noqa: E731
    assert (pad(shorter) >= pad(longer) - 1e-12).all()
