"""The SMART target: what is measured, over which months, in which direction, and the verdicts' thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from simulator.i18n import N_, _, currency_symbol, number_text, percent_text
from simulator.model.checks import InputError, as_enum, check_field


class Metric(StrEnum):
    """What a target measures over its window: a count or an amount totalled, or a ratio of totals.

    CAC is costs / won deals; the rates are won deals / opportunities closed (won or lost),
    leads / visits and qualified / leads, each over the months of the window. The subscription metrics
    (:data:`SUBSCRIPTION_METRICS`, for a scenario in subscription mode) are defined in
    :mod:`simulator.analysis.subscription_figures`.
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
    MRR = "mrr"
    ARR = "arr"
    CUSTOMERS = "customers"
    CHURN_RATE = "churn_rate"
    NRR = "nrr"
    GRR = "grr"
    LTV = "ltv"
    LTV_CAC = "ltv_cac"
    CAC_PAYBACK = "cac_payback"

    @property
    def label(self) -> str:
        """Human name with its unit, for tables and charts, in the run's language and currency."""
        return _(METRIC_LABELS[self]).format(currency=currency_symbol())

    @property
    def is_money(self) -> bool:
        """Whether the metric is an amount of money (revenue, gross profit, CAC) rather than a count."""
        return self in (Metric.REVENUE, Metric.GROSS_PROFIT, Metric.CAC, Metric.MRR, Metric.ARR, Metric.LTV)

    @property
    def is_rate(self) -> bool:
        """Whether the metric is a conversion rate: a fraction in the model, a percentage on screen."""
        return self in (Metric.WIN_RATE, Metric.VISIT_TO_LEAD, Metric.LEAD_TO_QUALIFIED)

    @property
    def is_ratio(self) -> bool:
        """Whether the metric does not add up over months: a ratio of two totals (a rate, CAC), a level (MRR,
        customers) or a subscription ratio (churn, retention, LTV, payback)."""
        return self.is_rate or self is Metric.CAC or self.is_subscription

    @property
    def is_share(self) -> bool:
        """Whether the metric is a fraction shown in percent: a conversion rate, churn or a revenue retention
        (which may pass 100%)."""
        return self.is_rate or self in (Metric.CHURN_RATE, Metric.NRR, Metric.GRR)

    @property
    def is_subscription(self) -> bool:
        """Whether the metric needs a scenario in subscription mode."""
        return self in SUBSCRIPTION_METRICS


#: Each metric's label in English, marked for translation; ``{currency}`` is the run's currency symbol.
METRIC_LABELS = {
    Metric.TRAFFIC: N_("Visits"),
    Metric.LEADS: N_("Leads"),
    Metric.QUALIFIED: N_("Qualified opportunities"),
    Metric.DEALS: N_("Won deals"),
    Metric.REVENUE: N_("Revenue ({currency})"),
    Metric.GROSS_PROFIT: N_("Gross profit ({currency})"),
    Metric.CAC: N_("Customer acquisition cost ({currency} per deal)"),
    Metric.WIN_RATE: N_("Win rate"),
    Metric.VISIT_TO_LEAD: N_("Visit → lead rate"),
    Metric.LEAD_TO_QUALIFIED: N_("Lead → qualified rate"),
    Metric.MRR: N_("Monthly recurring revenue, MRR ({currency})"),
    Metric.ARR: N_("Annual recurring revenue, ARR ({currency})"),
    Metric.CUSTOMERS: N_("Customers"),
    Metric.CHURN_RATE: N_("Monthly churn rate"),
    Metric.NRR: N_("Net revenue retention, NRR"),
    Metric.GRR: N_("Gross revenue retention, GRR"),
    Metric.LTV: N_("Customer lifetime value, LTV ({currency})"),
    # TRANSLATORS: the ratio of a customer's lifetime value to its acquisition cost, "x" as in "3x".
    Metric.LTV_CAC: N_("LTV : CAC (x)"),
    Metric.CAC_PAYBACK: N_("CAC payback (months)"),
}
#: The subscription metrics that are levels at a month's end, not totals over months.
LEVELS = (Metric.MRR, Metric.ARR, Metric.CUSTOMERS)
#: The metrics of a scenario in subscription mode.
SUBSCRIPTION_METRICS = (
    Metric.MRR,
    Metric.ARR,
    Metric.CUSTOMERS,
    Metric.CHURN_RATE,
    Metric.NRR,
    Metric.GRR,
    Metric.LTV,
    Metric.LTV_CAC,
    Metric.CAC_PAYBACK,
)


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
        """``"at least"`` or ``"at most"``, for sentences, in the run's language."""
        # TRANSLATORS: a target's direction, before its number: "Won deals at least 50 by month 3".
        return _("at least") if self is Direction.AT_LEAST else _("at most")


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
                _("ordered as 0 <= stretch <= challenging <= achievable <= 1"),
            )


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
    channels : tuple of str
        The lead channels the target counts, by name (a scenario's channels); empty counts the whole funnel.
        Not for a win rate target: opportunities closed are not counted per channel.

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
    channels: tuple[str, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "metric", as_enum(Metric, self.metric, "target.metric"))
        object.__setattr__(self, "direction", as_enum(Direction, self.direction, "target.direction"))
        object.__setattr__(self, "window", as_enum(Window, self.window, "target.window"))
        check_field("target.deadline_month", self.deadline_month)
        check_field("target.start_month", self.start_month)
        if self.start_month > self.deadline_month:
            raise InputError(
                "target.start_month",
                self.start_month,
                _("a month from 1 to the deadline month ({deadline}): the window's first month").format(
                    deadline=number_text(self.deadline_month)
                ),
            )
        if self.window is Window.BY_DEADLINE and self.start_month != 1:
            raise InputError(
                "target.start_month",
                self.start_month,
                _(
                    "1 for a running total by the deadline (a later first month needs a window of months, "
                    "an average or any one month)"
                ),
            )
        by_change = self.change_pct is not None or self.baseline is not None
        if (self.value is None) == (not by_change):
            raise InputError(
                "target.value",
                self.value,
                _("given either as a value, or as a % change against a baseline, not both"),
            )
        if self.value is not None:
            check_field("target.value", self.value)
        else:
            check_field("target.change_pct", self.change_pct)
            check_field("target.baseline", self.baseline)
        if not isinstance(self.channels, tuple) or not all(isinstance(name, str) for name in self.channels):
            raise InputError("target.channels", self.channels, _("a tuple of channel names"))
        if self.channels and (self.metric is Metric.WIN_RATE or self.metric.is_subscription):
            raise InputError(
                "target.channels",
                "|".join(self.channels),
                # TRANSLATORS: {metric} is a metric's label in lower case ("win rate").
                _(
                    "none for a {metric} target (closed opportunities and customers are not counted per channel): "
                    "count the whole funnel"
                ).format(metric=self.metric.label.lower()),
            )
        for name in ("value", "baseline"):
            number = getattr(self, name)
            if self.metric.is_rate and number is not None and number > 1:
                # TRANSLATORS: {metric} is a metric's label in lower case ("win rate").
                allowed = _("a rate between 0% and 100% (0 to 1) for a {metric} target").format(
                    metric=self.metric.label.lower()
                )
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
        if self.window in (Window.AVERAGE, Window.ANY_MONTH) or self.metric.is_subscription:
            return 1  # a month's figure, or a level or ratio of the customer base
        return self.deadline_month - self.start_month + 1

    @property
    def period(self) -> str:
        """The window in words: ``"by month 3"``, ``"in month 12"``, ``"in Q3 (months 7-9)"``, ..."""
        first, last = number_text(self.start_month), number_text(self.deadline_month)
        if self.window is Window.BY_DEADLINE:
            return _("by month {month}").format(month=last)
        if self.start_month == self.deadline_month:
            months = _("month {month}").format(month=last)
        elif self.deadline_month - self.start_month == 2 and self.start_month % 3 == 1:
            # TRANSLATORS: a quarter of the simulated months: "Q3 (months 7-9)".
            months = _("Q{quarter} (months {first}-{last})").format(
                quarter=number_text(self.deadline_month // 3), first=first, last=last
            )
        else:
            months = _("months {first}-{last}").format(first=first, last=last)
        if self.window is Window.MONTHS and self.metric in LEVELS:
            # TRANSLATORS: {months} is "month 12", "months 7-9" or "Q3 (months 7-9)".
            return _("at the end of {months}").format(months=months)
        return {
            # TRANSLATORS: {months} is "month 12", "months 7-9" or "Q3 (months 7-9)".
            Window.MONTHS: _("in {months}"),
            # TRANSLATORS: {months} is "month 12", "months 7-9" or "Q3 (months 7-9)".
            Window.AVERAGE: _("per month on average over {months}"),
            # TRANSLATORS: {months} is "month 12", "months 7-9" or "Q3 (months 7-9)".
            Window.ANY_MONTH: _("in at least one month of {months}"),
        }[self.window].format(months=months)

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
        value = self._number(self.threshold)
        if self.value is None:
            change = self.change_pct / 100
            # TRANSLATORS: a target given as a change: "55,000 (+10% vs 50,000)".
            value = _("{value} ({change} vs {baseline})").format(
                value=value,
                change=percent_text(change, _decimals(self.change_pct), signed=True),
                baseline=self._number(self.baseline),
            )
        words = {"metric": self.metric.label, "direction": self.direction.words, "value": value}
        if self.channels:
            # TRANSLATORS: e.g. "Leads from Website, Social at least 300 by month 3"; {direction} is "at least" or
            # "at most", {period} e.g. "by month 3" or "in Q3 (months 7-9)".
            text = _("{metric} from {channels} {direction} {value} {period}")
            return text.format(**words, channels=", ".join(self.channels), period=self.period)
        # TRANSLATORS: e.g. "Won deals at least 50 by month 3"; {direction} is "at least" or "at most", {period}
        # e.g. "by month 3" or "in Q3 (months 7-9)".
        return _("{metric} {direction} {value} {period}").format(**words, period=self.period)

    def _number(self, number: float) -> str:
        """A threshold or baseline in the locale's digits, to ten significant figures; a share in percent."""
        if self.metric.is_share:
            number *= 100
        text = f"{number:.10g}"
        if "e" in text:  # beyond ten significant digits: Python's exponent form, as the English always had
            return f"{text}%" if self.metric.is_share else text
        digits = len(text.partition(".")[2])
        return percent_text(number / 100, digits) if self.metric.is_share else number_text(number, digits)


def _decimals(number: float) -> int:
    """Decimals of `number` in its shortest form (``12.5``: 1), at most six significant figures as ``:g``."""
    text = f"{number:g}"
    return 0 if "e" in text else len(text.partition(".")[2])
