"""A fit in words: each fitted input named with its unit, its 90% range as shown, and the months it came from."""

from __future__ import annotations

from simulator.history.fit import RATES, Fit
from simulator.model.stages import RATES as STAGE_RATES

#: How each fitted input is named, with its unit (rates are shown in %).
FITTED_LABELS = {
    "traffic": "Visits per month",
    **{rate.name: rate.label for rate in STAGE_RATES},
    "deal_size": "Deal size ($ per deal)",
}
#: The columns of :func:`fitted_rows`.
COLUMNS = ("Input", "Low (5%)", "High (95%)", "Months used")


def shown(name: str, value: float) -> str:
    """A fitted value of input `name` as the report shows it: a rate in %, a deal size in $, visits in full.

    >>> shown("win_rate", 0.23456), shown("deal_size", 5210.4), shown("traffic", 4929.86)
    ('23.46%', '$5,210', '4,930')
    """
    if name in RATES:
        return f"{value:.2%}"
    return f"${value:,.0f}" if name == "deal_size" else f"{value:,.0f}"


def fitted_rows(fitted: Fit) -> list[dict[str, str]]:
    """One row per fitted range, then the traffic growth, each with the :data:`COLUMNS` as keys.

    Examples
    --------
    >>> from simulator.model.distributions import Range
    >>> for row in fitted_rows(Fit({"win_rate": Range(0.2, 0.3)}, 0.0196, {"win_rate": 24, "traffic": 24})):
    ...     print(row)
    {'Input': 'Win rate', 'Low (5%)': '20.00%', 'High (95%)': '30.00%', 'Months used': '24'}
    {'Input': 'Traffic growth per month', 'Low (5%)': '+2.0%', 'High (95%)': '', 'Months used': '24'}
    """
    rows = [
        _row(fitted, name, FITTED_LABELS[name], shown(name, fitted_range.low), shown(name, fitted_range.high))
        for name, fitted_range in fitted.ranges.items()
    ]
    return [*rows, _row(fitted, "traffic", "Traffic growth per month", f"{fitted.traffic_growth:+.1%}", "")]


def _row(fitted: Fit, name: str, label: str, low: str, high: str) -> dict[str, str]:
    return dict(zip(COLUMNS, (label, low, high, str(fitted.months_used.get(name, ""))), strict=True))
