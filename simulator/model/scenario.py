"""The inputs of one scenario: a frozen, validated parameter object.

Rates are fractions (0.03 is 3%), money is in the scenario's currency, counts are
per month. Every invalid value raises :class:`InputError`, which names the field,
the value and what is allowed, so the app, the CSV reader and the command line can
all show it in plain words. The bounds of each field come from the one table of
field specs, :data:`simulator.model.fields.FIELDS`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import get_type_hints

from simulator.model.correlations import Correlations
from simulator.model.distributions import Range
from simulator.model.fields import FIELD, Kind
from simulator.model.fields import MAX_HORIZON_MONTHS as MAX_HORIZON_MONTHS


class InputError(ValueError):
    """An input value that is not allowed.

    Attributes
    ----------
    field : str
        Dotted name of the field (``"win_rate.low"``).
    value : object
        The value given.
    allowed : str
        What is allowed, in plain words (``"between 0% and 100%"``).
    """

    def __init__(self, field_name: str, value: object, allowed: str):
        self.field = field_name
        self.value = value
        self.allowed = allowed
        super().__init__(f"{field_name} = {value!r} is not allowed: it must be {allowed}")


class Metric(StrEnum):
    """What a target measures over its window: a count or an amount totalled, or a ratio of totals.

    CAC is costs / won deals; the rates are won deals / opportunities closed (won or lost),
    leads / visits and qualified / leads, each over the months of the window.
    """

    TRAFFIC = "traffic"
    LEADS = "leads"
    QUALIFIED = "qualified"
    DEALS = "deals"
    REVENUE = "revenue"
    GROSS_PROFIT = "gross_profit"
    CAC = "cac"
    WIN_RATE = "win_rate"
    VISIT_TO_LEAD = "visit_to_lead"
    LEAD_TO_QUALIFIED = "lead_to_qualified"

    @property
    def label(self) -> str:
        """Human name with its unit, for tables and charts."""
        return METRIC_LABELS[self]

    @property
    def is_money(self) -> bool:
        """Whether the metric is an amount of money (revenue, gross profit, CAC) rather than a count."""
        return self in (Metric.REVENUE, Metric.GROSS_PROFIT, Metric.CAC)

    @property
    def is_rate(self) -> bool:
        """Whether the metric is a conversion rate: a fraction in the model, a percentage on screen."""
        return self in (Metric.WIN_RATE, Metric.VISIT_TO_LEAD, Metric.LEAD_TO_QUALIFIED)

    @property
    def is_ratio(self) -> bool:
        """Whether the metric is a ratio of two totals (a rate or CAC), which does not add up over months."""
        return self.is_rate or self is Metric.CAC


METRIC_LABELS = {
    Metric.TRAFFIC: "Visits",
    Metric.LEADS: "Leads",
    Metric.QUALIFIED: "Qualified opportunities",
    Metric.DEALS: "Won deals",
    Metric.REVENUE: "Revenue ($)",
    Metric.GROSS_PROFIT: "Gross profit ($)",
    Metric.CAC: "Customer acquisition cost ($ per deal)",
    Metric.WIN_RATE: "Win rate",
    Metric.VISIT_TO_LEAD: "Visit → lead rate",
    Metric.LEAD_TO_QUALIFIED: "Lead → qualified rate",
}


class Window(StrEnum):
    """Which months a target counts, and how.

    ``BY_DEADLINE`` is the running total from month 1 to the deadline (the default, and the only
    meaning targets had before windows). The others count months `start_month` to the deadline:
    ``MONTHS`` their total (one month when both are the same: a run rate), ``AVERAGE`` the monthly
    average, ``ANY_MONTH`` the best single month (the target is hit when at least one month hits it).
    A ratio (a rate, CAC) is the ratio of the window's totals for ``MONTHS`` and ``AVERAGE`` alike.
    """

    BY_DEADLINE = "by_deadline"
    MONTHS = "months"
    AVERAGE = "average"
    ANY_MONTH = "any_month"


class Direction(StrEnum):
    """Whether the target is a floor or a ceiling."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"

    @property
    def words(self) -> str:
        """``"at least"`` or ``"at most"``, for sentences."""
        return "at least" if self is Direction.AT_LEAST else "at most"


@dataclass(frozen=True)
class VerdictThresholds:
    """Lower bounds of the odds for each verdict (defaults from the product description).

    Odds >= ``achievable`` are Achievable, >= ``challenging`` Challenging,
    >= ``stretch`` Stretch, below that Unrealistic.
    """

    achievable: float = 0.80
    challenging: float = 0.50
    stretch: float = 0.10

    def __post_init__(self):
        if not 0 <= self.stretch <= self.challenging <= self.achievable <= 1:
            raise InputError(
                "verdict thresholds",
                (self.stretch, self.challenging, self.achievable),
                "ordered as 0 <= stretch <= challenging <= achievable <= 1",
            )


def check_number(
    name: str,
    value: object,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    allowed: str,
    integer: bool = False,
) -> None:
    """Raise :class:`InputError` unless `value` is a finite number in ``[low, high]``.

    Parameters
    ----------
    name : str
        Field name used in the message.
    value : object
        The value to check.
    low, high : float
        Inclusive bounds.
    allowed : str
        What is allowed, in plain words, for the message.
    integer : bool
        Also require a whole number.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(name, value, allowed)
    if not math.isfinite(value) or not low <= value <= high:
        raise InputError(name, value, allowed)
    if integer and value != int(value):
        raise InputError(name, value, allowed)


def check_field(name: str, value: object) -> None:
    """Raise :class:`InputError` unless `value` is allowed by the spec of field `name` (``"win_rate.low"``).

    Examples
    --------
    >>> check_field("reps", 99_999)
    >>> check_field("horizon_months", 25)
    Traceback (most recent call last):
    ...
    simulator.model.scenario.InputError: horizon_months = 25 is not allowed: it must be a whole number of months between 1 and 24
    """  # noqa: E501
    spec = FIELD[name]
    check_number(
        name, value, low=spec.low, high=spec.high, allowed=spec.allowed, integer=spec.kind is Kind.INTEGER
    )


def check_rate_range(name: str, rate: Range) -> None:
    """A 90% range of a rate: both ends allowed, low <= high, strictly inside 0-100% when uncertain."""
    check_field(f"{name}.low", rate.low)
    check_field(f"{name}.high", rate.high)
    check_ordered(name, rate)
    if not rate.is_known and (rate.low <= 0 or rate.high >= 1):
        raise InputError(
            name, (rate.low, rate.high), "strictly between 0% and 100% at both ends when low and high differ"
        )


def check_amount_range(name: str, amount: Range) -> None:
    """A 90% range of a non-negative amount; an uncertain one must start above zero."""
    check_field(f"{name}.low", amount.low)
    check_field(f"{name}.high", amount.high)
    check_ordered(name, amount)
    if not amount.is_known and amount.low <= 0:
        raise InputError(f"{name}.low", amount.low, "above 0 when low and high differ")


def check_ordered(name: str, rng: Range) -> None:
    """low must not exceed high."""
    if rng.low > rng.high:
        raise InputError(name, (rng.low, rng.high), "a range with low <= high")


@dataclass(frozen=True, kw_only=True)
class Target:
    """A SMART target: one metric, a direction, a number, and the months it counts.

    The number is either given as `value`, or as `change_pct` (percent change)
    against `baseline` (e.g. last quarter's deals): ``baseline * (1 + change_pct / 100)``.
    A run rate ("monthly revenue +10% within a year") is a one-month window, month 12 to
    month 12, with today's monthly revenue as the baseline.

    Parameters
    ----------
    metric : Metric
        What is measured over the window (a ratio such as CAC or a rate: the ratio of the window's totals).
    direction : Direction
        ``AT_LEAST`` (deals, revenue, ...) or ``AT_MOST`` (CAC, ...).
    deadline_month : int
        Last month the target counts, 1-based: the deadline.
    value : float, optional
        The target number (a rate as a fraction: 0.3 for 30%).
    change_pct : float, optional
        Percent change against `baseline`, e.g. 25 for +25%.
    baseline : float, optional
        The number the change is measured against.
    window : Window
        How the months count (see :class:`Window`); the running total by the deadline by default.
    start_month : int
        First month of the window, 1 to `deadline_month`; always 1 for the running total.

    Examples
    --------
    >>> Target(metric=Metric.DEALS, deadline_month=3, change_pct=25, baseline=40).threshold
    50.0
    >>> Target(window=Window.MONTHS, start_month=7, deadline_month=9, value=45).describe()
    'Won deals at least 45 in Q3 (months 7-9)'
    """

    metric: Metric = Metric.DEALS
    direction: Direction = Direction.AT_LEAST
    deadline_month: int = 3
    value: float | None = None
    change_pct: float | None = None
    baseline: float | None = None
    window: Window = Window.BY_DEADLINE
    start_month: int = 1

    def __post_init__(self):
        object.__setattr__(self, "metric", _as_enum(Metric, self.metric, "target.metric"))
        object.__setattr__(self, "direction", _as_enum(Direction, self.direction, "target.direction"))
        object.__setattr__(self, "window", _as_enum(Window, self.window, "target.window"))
        check_field("target.deadline_month", self.deadline_month)
        check_field("target.start_month", self.start_month)
        if self.start_month > self.deadline_month:
            raise InputError(
                "target.start_month",
                self.start_month,
                f"a month from 1 to the deadline month ({self.deadline_month}): the window's first month",
            )
        if self.window is Window.BY_DEADLINE and self.start_month != 1:
            raise InputError(
                "target.start_month",
                self.start_month,
                "1 for a running total by the deadline (a later first month needs a window of months, "
                "an average or any one month)",
            )
        by_change = self.change_pct is not None or self.baseline is not None
        if (self.value is None) == (not by_change):
            raise InputError(
                "target.value",
                self.value,
                "given either as a value, or as a % change against a baseline, not both",
            )
        if self.value is not None:
            check_field("target.value", self.value)
        else:
            check_field("target.change_pct", self.change_pct)
            check_field("target.baseline", self.baseline)
        for name in ("value", "baseline"):
            number = getattr(self, name)
            if self.metric.is_rate and number is not None and number > 1:
                allowed = f"a rate between 0% and 100% (0 to 1) for a {self.metric.label.lower()} target"
                raise InputError(f"target.{name}", number, allowed)

    @property
    def threshold(self) -> float:
        """The number to hit, whether given directly or as a change against the baseline."""
        if self.value is not None:
            return float(self.value)
        return float(self.baseline) * (1 + float(self.change_pct) / 100)

    @property
    def months_counted(self) -> int:
        """How many months' worth the threshold is: the window's length for a total, 1 for a month's figure.

        Examples
        --------
        >>> Target(window=Window.MONTHS, start_month=7, deadline_month=9, value=45).months_counted
        3
        >>> Target(window=Window.AVERAGE, deadline_month=12, value=15).months_counted
        1
        """
        if self.window in (Window.AVERAGE, Window.ANY_MONTH):
            return 1
        return self.deadline_month - self.start_month + 1

    @property
    def period(self) -> str:
        """The window in words: ``"by month 3"``, ``"in month 12"``, ``"in Q3 (months 7-9)"``, ..."""
        first, last = self.start_month, self.deadline_month
        if self.window is Window.BY_DEADLINE:
            return f"by month {last}"
        if first == last:
            months = f"month {last}"
        elif last - first == 2 and first % 3 == 1:
            months = f"Q{last // 3} (months {first}-{last})"
        else:
            months = f"months {first}-{last}"
        return {
            Window.MONTHS: f"in {months}",
            Window.AVERAGE: f"per month on average over {months}",
            Window.ANY_MONTH: f"in at least one month of {months}",
        }[self.window]

    def describe(self) -> str:
        """One plain sentence, e.g. ``"Won deals at least 50 by month 3"``.

        Examples
        --------
        >>> Target(metric=Metric.REVENUE, window=Window.MONTHS, start_month=12, deadline_month=12,
        ...        change_pct=10, baseline=50_000).describe()
        'Revenue ($) at least 55,000 (+10% vs 50,000) in month 12'
        >>> Target(metric=Metric.WIN_RATE, window=Window.ANY_MONTH, deadline_month=6, value=0.3).describe()
        'Win rate at least 30% in at least one month of months 1-6'
        """
        change = ""
        if self.value is None:
            change = f" ({self.change_pct:+g}% vs {self._number(self.baseline)})"
        value = f"{self._number(self.threshold)}{change}"
        return f"{self.metric.label} {self.direction.words} {value} {self.period}"

    def _number(self, number: float) -> str:
        return f"{number * 100:,.10g}%" if self.metric.is_rate else f"{number:,.10g}"


def _as_enum(enum_type, value, name):
    try:
        return enum_type(value)
    except ValueError:
        choices = ", ".join(m.value for m in enum_type)
        raise InputError(name, value, f"one of: {choices}") from None


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """Every input of one funnel scenario.

    What each field allows (bounds, units) is in :data:`simulator.model.fields.FIELDS`.

    Parameters
    ----------
    name : str
        Shown in pickers, tables and files.
    horizon_months : int
        Months simulated, 1-24.
    traffic : Range
        90% range of the mean number of visits per month (in month 1).
    traffic_growth : float
        Growth of mean traffic per month, as a fraction (0.02 is +2% a month; > -1).
    visit_to_lead, lead_to_qualified, win_rate : Range
        90% ranges of the stage conversion rates, as fractions.
    deal_size : Range
        90% range of a single won deal's value: every deal has its own size.
    correlations : Correlations
        Rank correlations between the drawn inputs (mean traffic and the three rates) that move together,
        e.g. more visits from broader ads converting worse; each input keeps its own 90% range. None by
        default: the inputs are independent.
    sales_cycle_months : float
        Mean months from being worked to closing (0 = same month). Each
        opportunity's cycle is its own draw (:mod:`simulator.model.sales_cycle`);
        a fixed fractional cycle closes that fraction of deals one month later:
        1.5 is half after 1, half after 2.
    sales_cycle_spread : float
        Standard deviation of one opportunity's cycle as a fraction of the mean
        (gamma distributed); 0 makes every cycle the mean.
    open_pipeline : int
        Qualified opportunities already open at the start, each part way through
        its cycle: they close along the time left of a cycle (evenly over a fixed
        cycle) at the same win rate. They are already worked, so they close even
        with no reps.
    reps : int
        Sales reps at full productivity. Reps only limit deals when a capacity per
        rep is set (otherwise they only add cost); with no reps at all
        (``reps + new_reps == 0``) no new opportunity is worked, so none closes.
    new_reps : int
        Reps hired at the start of month 1; they cost a full rep from month 1 and work
        at `ramp_productivity` of a rep's capacity for their first `ramp_months` months.
    ramp_productivity : float
        Share of a rep's capacity a new hire has while ramping up, 0-1.
    ramp_months : int
        Months a new hire takes to reach full productivity, 0-24.
    capacity_per_rep : float or None
        Opportunities one rep can work per month; None is no cap. Opportunities not
        worked wait for the next month.
    marketing_spend : float
        Marketing spend per month.
    cost_per_rep : float
        Fully loaded cost of one rep per month.
    gross_margin : float
        Gross margin as a fraction of revenue.
    target : Target
        The SMART target; its deadline must be inside the horizon.
    trials : int
        Monte Carlo trials, >= 1.
    seed : int
        Seed of the random numbers: the same seed reproduces the same trials.
    """

    name: str = "Scenario"
    horizon_months: int = 12
    traffic: Range = field(default_factory=lambda: Range(4000.0, 6000.0))
    traffic_growth: float = 0.0
    visit_to_lead: Range = field(default_factory=lambda: Range(0.025, 0.035))
    lead_to_qualified: Range = field(default_factory=lambda: Range(0.25, 0.35))
    win_rate: Range = field(default_factory=lambda: Range(0.20, 0.30))
    deal_size: Range = field(default_factory=lambda: Range(2000.0, 8000.0))
    correlations: Correlations = field(default_factory=Correlations)
    sales_cycle_months: float = 0.0
    sales_cycle_spread: float = 0.0
    open_pipeline: int = 0
    reps: int = 1
    new_reps: int = 0
    ramp_productivity: float = 0.5
    ramp_months: int = 3
    capacity_per_rep: float | None = None
    marketing_spend: float = 0.0
    cost_per_rep: float = 0.0
    gross_margin: float = 0.8
    target: Target = field(default_factory=lambda: Target(value=30))
    trials: int = 20_000
    seed: int = 0

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise InputError("name", self.name, FIELD["name"].allowed)
        for name in RANGE_FIELDS:
            if FIELD[f"{name}.low"].kind is Kind.RATE:
                check_rate_range(name, getattr(self, name))
            else:
                check_amount_range(name, getattr(self, name))
        for name in PLAIN_FIELDS:
            value = getattr(self, name)
            if value is not None or not FIELD[name].blank_means_none:
                check_field(name, value)
        if not isinstance(self.target, Target):
            raise InputError("target", self.target, "a Target")
        if not isinstance(self.correlations, Correlations):
            raise InputError(
                "correlations",
                self.correlations,
                "a Correlations, e.g. Correlations.from_text('traffic_mean~visit_to_lead=-0.5')",
            )
        if self.target.deadline_month > self.horizon_months:
            raise InputError(
                "target.deadline_month",
                self.target.deadline_month,
                f"inside the horizon: month 1 to {self.horizon_months}",
            )

    def capacity_by_month(self) -> list[float]:
        """Opportunities the team can work in each month, new hires ramping up.

        Without a capacity per rep there is no cap (infinite), unless there are no reps at all
        (``reps + new_reps == 0``): then nothing is worked, 0 in every month.

        Examples
        --------
        >>> Scenario(reps=2, new_reps=1, ramp_productivity=0.5, ramp_months=2, capacity_per_rep=10,
        ...          horizon_months=4).capacity_by_month()
        [25.0, 25.0, 30.0, 30.0]
        >>> Scenario(reps=0, horizon_months=3).capacity_by_month()
        [0.0, 0.0, 0.0]
        """
        if self.reps + self.new_reps == 0:
            return [0.0] * self.horizon_months
        if self.capacity_per_rep is None:
            return [math.inf] * self.horizon_months
        return [
            (self.reps + self.new_reps * (self.ramp_productivity if month <= self.ramp_months else 1.0))
            * self.capacity_per_rep
            for month in range(1, self.horizon_months + 1)
        ]

    @property
    def monthly_costs(self) -> float:
        """Marketing spend plus the cost of every rep, new hires included, per month."""
        return self.marketing_spend + (self.reps + self.new_reps) * self.cost_per_rep


_TYPES = get_type_hints(Scenario)
#: The scenario's 90% ranges, by field name (resolved types, not the text of the annotations).
RANGE_FIELDS = tuple(f.name for f in fields(Scenario) if _TYPES[f.name] is Range)
#: The scenario's single-valued fields checked against their spec (the target and correlations check their own).
PLAIN_FIELDS = tuple(f.name for f in fields(Scenario) if f.name in FIELD and FIELD[f.name].kind is not Kind.TEXT)
