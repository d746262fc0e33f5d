"""Fitting the funnel's 90% ranges from a history: Beta posteriors for rates, a trend for traffic."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import stats

from simulator.history.reader import COLUMN_OF_STAGE, History
from simulator.i18n import N_, _, number_text, percent_text
from simulator.model.checks import InputError, check_number
from simulator.model.distributions import Z95, Range
from simulator.model.fields import FIELD, Kind
from simulator.model.scenario import Scenario
from simulator.model.stages import RATES as STAGE_RATES


@dataclass(frozen=True)
class Fit:
    """90% ranges fitted from history, and what each came from.

    Attributes
    ----------
    ranges : dict of str to Range
        ``traffic``, ``visit_to_lead``, ``lead_to_qualified``, ``win_rate``, and ``deal_size`` when revenue
        was given.
    traffic_growth : float
        Monthly growth of traffic from a log-linear trend.
    months_used : dict of str to int
        How many months each figure was fitted on.
    notes : tuple of str
        What could not be fitted, and what :meth:`apply` changes for the model to accept it, in plain words.
    """

    ranges: dict[str, Range]
    traffic_growth: float
    months_used: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def apply(self, scenario: Scenario) -> Scenario:
        """`scenario` with these ranges and growth, to :data:`APPLIED_DIGITS` significant digits.

        A fitted range is uncertain in its second digit already; rounded, a calibrated scenario is one the
        app's widgets show exactly, so what is on screen is what runs. Values the model does not accept are
        brought inside its bounds, as :attr:`notes` says.

        Examples
        --------
        >>> fitted = Fit({"win_rate": Range(0.2345678, 0.3456789)}, 0.01234567)
        >>> applied = fitted.apply(Scenario())
        >>> applied.win_rate, applied.traffic_growth
        (Range(low=0.2346, high=0.3457), 0.01235)
        >>> Fit({"win_rate": Range(0.99991, 0.999996)}, 999.0).apply(Scenario()).win_rate
        Range(low=0.9999, high=0.9999)
        """
        ranges, growth, _notes = accepted(self.ranges, self.traffic_growth)
        return replace(scenario, traffic_growth=growth, **ranges)

    def calibrated(self, scenario: Scenario) -> Scenario:
        """:meth:`apply` to `scenario`, named as calibrated from it (its target, team and costs are kept).

        Examples
        --------
        >>> Fit({"win_rate": Range(0.2, 0.3)}, 0.01).calibrated(Scenario(name="Plan A")).name
        'Plan A (calibrated)'
        """
        return replace(self.apply(scenario), name=_("{name} (calibrated)").format(name=scenario.name))


#: Significant digits a fitted range keeps in a scenario.
APPLIED_DIGITS = 4


def significant(value: float, digits: int) -> float:
    """`value` rounded to `digits` significant digits (0 stays 0).

    >>> significant(17345.678, 4), significant(-0.012345, 3), significant(0.0, 4)
    (17350.0, -0.0123, 0.0)
    """
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


#: The highest end of an uncertain rate's range that keeps its digits: 100% is a known rate, not a range.
HIGHEST_RATE = 1 - 10.0**-APPLIED_DIGITS
#: How each fitted range is named in a note (English, marked; each rate by its own label).
_LABELS = {rate.name: rate.english_label for rate in STAGE_RATES} | {
    "traffic": N_("Visits per month"),
    "deal_size": N_("Deal size"),
    "churn": N_("Monthly churn"),
    "expansion": N_("Monthly net expansion"),
}


def accepted(ranges: dict[str, Range], growth: float) -> tuple[dict[str, Range], float, list[str]]:
    """Fitted ranges and growth rounded to :data:`APPLIED_DIGITS`, inside what the model accepts, with notes.

    Each end stays within its field's bounds (:data:`simulator.model.fields.FIELDS`), an uncertain rate's
    range below 100% (a history that converted every lead rounds to it), and traffic growth within the
    model's bounds (a traffic that jumped x10,000 between two months fits a growth no plan has).

    Examples
    --------
    >>> accepted({"visit_to_lead": Range(0.99993, 0.999995)}, 15.0)[1:]
    (10, ['Traffic growth per month fitted +1,500%; the model takes -99% to +1,000%, so +1,000% is used.', 'Visit → lead rate fitted 99.99% to 100.00%; the model takes a range below 100% when its ends differ, so 99.99% to 99.99% is used.'])
    """  # noqa: E501
    spec = FIELD["traffic_growth"]
    within = min(max(significant(growth, APPLIED_DIGITS), spec.low), spec.high)
    notes = []
    if within != significant(growth, APPLIED_DIGITS):
        notes.append(
            _(
                "Traffic growth per month fitted {fitted}; the model takes {low} to {high}, so {used} is used."
            ).format(
                fitted=percent_text(growth, signed=True),
                low=percent_text(spec.low, signed=True),
                high=percent_text(spec.high, signed=True),
                used=percent_text(within, signed=True),
            )
        )
    applied = {}
    for name, fitted in ranges.items():
        low_spec, high_spec = FIELD[f"{name}.low"], FIELD[f"{name}.high"]
        low = min(max(significant(fitted.low, APPLIED_DIGITS), low_spec.low), low_spec.high)
        high = min(max(significant(fitted.high, APPLIED_DIGITS), high_spec.low), high_spec.high)
        allowed = high_spec.allowed
        if low_spec.kind is Kind.RATE and low != high and high >= 1:
            high, allowed = HIGHEST_RATE, _("a range below 100% when its ends differ")
            low = min(low, high)
        applied[name] = Range(low, high)
        if (low, high) != (significant(fitted.low, APPLIED_DIGITS), significant(fitted.high, APPLIED_DIGITS)):
            shown = (lambda v: percent_text(v, 2)) if low_spec.kind is Kind.RATE else number_text
            notes.append(
                _(
                    "{input} fitted {low} to {high}; the model takes {allowed}, so {used_low} to {used_high} is "
                    "used."
                ).format(
                    input=_(_LABELS[name]),
                    low=shown(fitted.low),
                    high=shown(fitted.high),
                    allowed=allowed,
                    used_low=shown(low),
                    used_high=shown(high),
                )
            )
    return applied, within, notes


#: Each rate's (numerator, denominator) history columns.
RATES = {rate.name: (COLUMN_OF_STAGE[rate.result], COLUMN_OF_STAGE[rate.source]) for rate in STAGE_RATES}


def weights(count: int, last_months: int | None = None, half_life: float | None = None) -> np.ndarray:
    """Recency weights for `count` months, oldest first: all 1, the last N only, or halving every `half_life`.

    Examples
    --------
    >>> weights(4, half_life=1).tolist()
    [0.125, 0.25, 0.5, 1.0]
    """
    return weights_by_age(np.arange(count)[::-1].astype(float), last_months, half_life)


def weights_by_age(age: np.ndarray, last_months: int | None = None, half_life: float | None = None) -> np.ndarray:
    """Recency weights of months `age` months before the latest (0 for the latest), as :func:`weights`.

    >>> weights_by_age(np.array([3.0, 1.0, 0.0]), last_months=2).tolist()
    [0.0, 1.0, 1.0]
    """
    if last_months is not None:
        return (age < last_months).astype(float)
    if half_life is not None:
        return 0.5 ** (age / half_life)
    return np.ones(len(age))


def check_recency(last_months: int | None, half_life: float | None) -> None:
    """Refuse a `last_months` below 1 or not whole, and a `half_life` not above 0, naming the field."""
    if last_months is not None:
        check_number(
            "last_months", last_months, low=1, integer=True, allowed=_("a whole number of months, at least 1")
        )
    if half_life is not None:
        check_number("half_life", half_life, low=0, allowed=_("a number of months above 0"))
        if half_life == 0:  # check_number's bounds are inclusive
            raise InputError("half_life", half_life, _("a number of months above 0"))


def rate_range(k: float, n: float) -> Range:
    """The 90% range of a rate seen `k` times in `n`: the Beta(k + 1, n - k + 1) posterior's 5th to 95th
    percentile (uniform prior).

    >>> fitted = rate_range(10, 100)
    >>> round(fitted.low, 4), round(fitted.high, 4)
    (0.0623, 0.1622)
    """
    low, high = stats.beta.ppf([0.05, 0.95], k + 1, n - k + 1)
    return Range(float(low), float(high))


def trend(months: pd.Series, values: np.ndarray, w: np.ndarray) -> tuple[Range, float]:
    """A log-linear trend of positive monthly `values`: the 90% range of next month's level and the growth.

    The range is the level the trend gives the month after the last one, times ``exp(+/- Z95 x spread)``, the
    spread being the weighted month-to-month variability of the logs around the trend.

    Parameters
    ----------
    months : Series of Period
        The month of each value (at least two different months with a weight above 0).
    values : ndarray
        Above 0.
    w : ndarray
        Each month's weight (:func:`weights`).

    Examples
    --------
    >>> months = pd.Series(pd.period_range("2025-01", periods=3, freq="M"))
    >>> level, growth = trend(months, np.array([100.0, 110.0, 121.0]), np.ones(3))
    >>> round(level.low, 6), round(level.high, 6), round(growth, 6)
    (133.1, 133.1, 0.1)
    """
    t = (months - months.min()).apply(lambda offset: offset.n).to_numpy(float)
    slope, intercept = np.polyfit(t, np.log(values), 1, w=np.sqrt(w))
    residual = np.log(values) - (intercept + slope * t)
    spread = float(np.sqrt(np.average(residual**2, weights=w)))
    level = float(np.exp(intercept + slope * (t.max() + 1)))
    return Range(level * math.exp(-Z95 * spread), level * math.exp(Z95 * spread)), float(math.expm1(slope))


def fit(history: History, *, last_months: int | None = None, half_life: float | None = None) -> Fit:
    """Fit the funnel's 90% ranges from history.

    Each rate is a Beta posterior (uniform prior) from its weighted counts, k of n; its 90% range is the
    posterior's 5th to 95th percentile. Traffic is a log-linear trend; its range is next month's level
    +/- the month-to-month variability around the trend. Deal size comes from revenue / won deals: the
    spread of single deals is estimated from how much monthly averages vary (they vary less, by sqrt(deals)).

    Parameters
    ----------
    history : History
        As :func:`~simulator.history.read_history` gives it.
    last_months : int, optional
        Fit on the last `last_months` months only (at least 1).
    half_life : float, optional
        Weigh each month by half of the next one's every `half_life` months (above 0); ignored when
        `last_months` is given.

    Raises
    ------
    InputError
        When `last_months` or `half_life` is outside what is allowed.

    Examples
    --------
    >>> from simulator.history.reader import read_history
    >>> text = "month,visits,leads,qualified,won\\n2025-01,4000,120,45,11\\n2025-02,4100,118,44,10"
    >>> fitted = fit(read_history(text), last_months=2)
    >>> win_rate = fitted.ranges["win_rate"]
    >>> round(win_rate.low, 3), round(win_rate.high, 3), fitted.months_used["win_rate"]
    (0.172, 0.318, 2)
    >>> fit(read_history(text), half_life=0)
    Traceback (most recent call last):
    ...
    simulator.model.checks.InputError: half_life = 0 is not allowed: it must be a number of months above 0
    """
    check_recency(last_months, half_life)
    data = history.data
    ranges, used = {}, {}
    for name, (numerator, denominator) in RATES.items():
        rows = history.usable(numerator, denominator)
        if rows.empty:
            continue
        w = weights(len(rows), last_months, half_life)
        k, n = float(np.sum(w * rows[numerator])), float(np.sum(w * rows[denominator]))
        ranges[name], used[name] = rate_range(k, n), int(np.count_nonzero(w))
    visits = data.dropna(subset=["visits"])
    visits = visits[visits["visits"] > 0]
    growth, notes = 0.0, []
    w = weights(len(visits), last_months, half_life)
    if len(visits) >= 2 and visits["month"][w > 0].nunique() < 2:
        notes.append(_("Every month with visits is the same month: traffic and its growth are not fitted."))
    elif len(visits) >= 2:
        ranges["traffic"], growth = trend(visits["month"], visits["visits"].to_numpy(float), w)
        used["traffic"] = int(np.count_nonzero(w))
    if "revenue" in data:
        deals = data.dropna(subset=["revenue", "won"])
        deals = deals[deals["won"] > 0]
        if len(deals) >= 2 and deals["revenue"].sum() <= 0:
            notes.append(_("Revenue is zero in every month with won deals: the deal size is not fitted."))
        elif len(deals) >= 2:
            average = deals["revenue"] / deals["won"]
            mean = float(np.average(average, weights=deals["won"]))
            per_deal_var = float(np.sum(deals["won"] * (average - mean) ** 2) / (len(deals) - 1))
            sigma = math.sqrt(math.log1p(per_deal_var / mean**2)) if per_deal_var > 0 else 0.0
            mu = math.log(mean) - sigma**2 / 2
            ranges["deal_size"] = Range(math.exp(mu - Z95 * sigma), math.exp(mu + Z95 * sigma))
            used["deal_size"] = len(deals)
    return Fit(ranges, growth, used, (*notes, *accepted(ranges, growth)[2]))
