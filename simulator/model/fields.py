"""One table of the scenario's input fields: bounds, unit, file column, widget step and link clamping.

Every reader of an input takes its facts from :data:`FIELDS`, so a value is written once: the model's
validation (:class:`~simulator.model.scenario.Scenario`), the scenario CSV's columns, the shareable
links' clamping, the app's widgets and the column reference in ``docs/scenario_csv.md``.

A 90% range is two fields, its ends (``"win_rate.low"``, ``"win_rate.high"``); the target's fields are
``"target.value"`` and so on. Rates are fractions (0.03 is 3%) everywhere but on screen, where the app
shows them in percent.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from babel.numbers import format_percent

from simulator.i18n import N_, _, isolated, number_text
from simulator.i18n.numbers import locale
from simulator.settings import CEILING_MAX_TRIALS, max_trials

#: Months a scenario can simulate.
MAX_HORIZON_MONTHS = 24
#: The largest whole number a browser (and so a widget or a link) holds exactly: 2**53 - 1. It is also the
#: ceiling of every count and amount, so that sums and products of them stay finite (1e308 is no deal size).
MAX_WHOLE = 2**53 - 1


class Kind(StrEnum):
    """How a field's value is written in a file and read back."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    RATE = "rate"
    CHOICE = "choice"


@dataclass(frozen=True, kw_only=True)
class FieldSpec:
    """Everything known about one input field.

    Attributes
    ----------
    name : str
        Dotted field of the scenario: ``"reps"``, ``"win_rate.low"``, ``"target.value"``.
    column : str
        Its column in the scenario CSV, which is also its parameter in a shareable link.
    kind : Kind
        Text, whole number, number, rate (a fraction; ``3%`` accepted) or one of a list of choices.
    unit : str
        The unit in plain words, in English (``"visits per month"``; one that starts with ``"money"`` is an
        amount); :attr:`allowed` writes it in the run's language.
    description : str
        What the field is, for the column reference.
    low, high : float
        Inclusive bounds the model allows (rates: fractions).
    note : str
        Added to the generated "allowed" sentence (``"empty for no cap"``), in English like `unit`.
    required : bool
        The CSV column must be present and filled in.
    blank_means_none : bool
        An empty cell means "not given" (no cap, no target value).
    step : float
        The widget's step, in the field's units (rates: fractions).
    link_high : callable or None
        A lower ceiling for values read from a link, read when a link is read (None: ``high``): the trials a
        link may ask for are the server's maximum (:func:`simulator.settings.max_trials`), so that a link can't
        start a run the server refuses.
    """

    name: str
    column: str
    kind: Kind
    unit: str
    description: str
    low: float = -math.inf
    high: float = math.inf
    note: str = ""
    required: bool = False
    blank_means_none: bool = False
    step: float = 1.0
    link_high: Callable[[], float] | None = None

    @property
    def range_name(self) -> str | None:
        """The 90% range this field is an end of (``"win_rate"``), or None."""
        head, _dot, end = self.name.rpartition(".")
        return head if end in ("low", "high") else None

    @property
    def widget_key(self) -> str:
        """Key of the app's widget for the field: a range's two ends share one slider."""
        if self.name == "name":
            return "picker"  # the scenario picker names the scenario on the page
        return self.range_name or self.name.replace(".", "_")

    @property
    def link_bounds(self) -> tuple[float, float]:
        """What a value read from a link is clamped to."""
        return self.low, self.high if self.link_high is None else min(self.high, self.link_high())

    @property
    def allowed(self) -> str:
        """What is allowed, in plain words, for error messages and the column reference.

        Examples
        --------
        >>> FIELD["horizon_months"].allowed
        'a whole number of months between 1 and 24'
        >>> FIELD["win_rate.low"].allowed
        'a rate between 0% and 100% (0 to 1)'
        """
        return self._allowed(fractions=True)

    @property
    def allowed_on_screen(self) -> str:
        """What is allowed, for a page that shows rates in percent only.

        Examples
        --------
        >>> FIELD["win_rate.low"].allowed_on_screen
        'a rate between 0% and 100%'
        """
        return self._allowed(fractions=False)

    def _allowed(self, *, fractions: bool) -> str:
        if self.kind is Kind.TEXT:
            words = _("text")
        elif self.kind is Kind.CHOICE:
            words = _("one of the listed choices")
        elif self.kind is Kind.RATE:
            if fractions and (self.low, self.high) == (0, 1):
                # TRANSLATORS: {unit} is a rate's unit ("a rate", "a growth per month"); {low} and {high} are
                # percentages; "0 to 1" is the same range written as fractions.
                words = _("{unit} between {low} and {high} (0 to 1)")
            else:
                # TRANSLATORS: {unit} is a rate's unit ("a rate", "a growth per month"); {low} and {high} are
                # percentages.
                words = _("{unit} between {low} and {high}")
            words = words.format(unit=_(self.unit), low=_percent(self.low), high=_percent(self.high))
        else:
            words = self._what()
            if self.high == MAX_WHOLE:
                # TRANSLATORS: {what} is e.g. "a whole number of months"; the sentence says what is allowed.
                words = _("{what}, {low} or more (up to {most})").format(
                    what=words, low=_number(self.low), most=number_text(MAX_WHOLE)
                )
            elif math.isinf(self.high):
                # TRANSLATORS: {what} is e.g. "a whole number of months"; the sentence says what is allowed.
                words = _("{what}, {low} or more").format(what=words, low=_number(self.low))
            else:
                # TRANSLATORS: {what} is e.g. "a whole number of months"; the sentence says what is allowed.
                words = _("{what} between {low} and {high}").format(
                    what=words, low=_number(self.low), high=_number(self.high)
                )
        # TRANSLATORS: what is allowed, then a note on it in brackets ("empty for no cap").
        return _("{allowed} ({note})").format(allowed=words, note=_(self.note)) if self.note else words

    def _what(self) -> str:
        """The kind of number the field holds, with its unit: ``"a whole number of months"``, ``"an amount"``."""
        if not self.unit:
            return _("a whole number") if self.kind is Kind.INTEGER else _("a number")
        if self.unit.startswith("money"):
            # TRANSLATORS: {unit} is an amount's unit: "money per deal", "money per month", ...
            return _("an amount of {unit}").format(unit=_(self.unit))
        if self.kind is Kind.INTEGER:
            # TRANSLATORS: {unit} is what is counted: "months", "reps", "opportunities", "trials", ...
            return _("a whole number of {unit}").format(unit=_(self.unit))
        # TRANSLATORS: {unit} is the number's unit: "months", "visits per month", "percent", ...
        return _("a number of {unit}").format(unit=_(self.unit))


def _number(value: float) -> str:
    """A bound as the locale writes it: ``"1,000,000"``, ``"0.5"``."""
    return number_text(value, _decimals(value))


def _decimals(value: float) -> int:
    """Decimals a bound is written with: as many as its shortest form has (``0.5``: 1)."""
    return 0 if float(value).is_integer() else len(f"{value:g}".partition(".")[2])


def _percent(value: float) -> str:
    """A rate's bound in percent, with the decimals it needs and no grouping: ``"-99%"``, ``"1000%"``."""
    shown = format_percent(value, locale=locale(), group_separator=False, decimal_quantization=False)
    return isolated(shown.replace("\u200e", "").replace("\u200f", ""))


def _range(name: str, column: str, kind: Kind, unit: str, what: str, **common) -> tuple[FieldSpec, FieldSpec]:
    """The two ends of a 90% range: columns ``<column>_low<suffix>`` and ``<column>_high<suffix>``."""
    stem, _mark, suffix = column.partition("{end}")
    return (
        FieldSpec(
            name=f"{name}.low", column=f"{stem}low{suffix}", kind=kind, unit=unit, description=what, **common
        ),
        FieldSpec(
            name=f"{name}.high",
            column=f"{stem}high{suffix}",
            kind=kind,
            unit=unit,
            description="... high end",
            **common,
        ),
    )


_RATE = {"low": 0.0, "high": 1.0, "required": True, "step": 0.001}

#: Every input field, in the order of the scenario CSV's columns.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(name="name", column="name", kind=Kind.TEXT, unit="text", required=True,
              description="Name of the scenario, unique in the file"),
    FieldSpec(name="horizon_months", column="horizon_months", kind=Kind.INTEGER, unit=N_("months"),
              low=1, high=MAX_HORIZON_MONTHS, description="Months simulated"),
    *_range("traffic", "traffic_{end}_visits_per_month", Kind.NUMBER, N_("visits per month"),
            "Low end of the 90% range of mean monthly visits (month 1)", low=0, high=MAX_WHOLE,
            required=True, step=10),
    FieldSpec(name="traffic_growth", column="traffic_growth_rate_per_month", kind=Kind.RATE,
              unit=N_("a growth per month"), low=-0.99, high=10, step=0.005,
              description="Growth of mean traffic per month (`2%`); may be negative"),
    *_range("visit_to_lead", "visit_to_lead_rate_{end}", Kind.RATE, N_("a rate"),
            "Visit -> lead conversion, low end of the 90% range", **_RATE),
    *_range("lead_to_qualified", "lead_to_qualified_rate_{end}", Kind.RATE, N_("a rate"),
            "Lead -> qualified opportunity, low end", **_RATE),
    *_range("win_rate", "win_rate_{end}", Kind.RATE, N_("a rate"),
            "Qualified opportunity -> won deal (close rate), low end", **_RATE),
    *_range("deal_size", "deal_size_{end}_usd", Kind.NUMBER, N_("money per deal"),
            "90% range of **one** deal's value, low end: each deal has its own size", low=0, high=MAX_WHOLE,
            required=True, step=100),
    FieldSpec(name="correlations", column="correlations", kind=Kind.TEXT, unit="text",
              note=N_("pairs input~input=number, each number from -1 to 1, separated by ';'; empty for "
                     "independent inputs"),
              description="Inputs that move together: rank correlations between `traffic_mean`, `visit_to_lead`, "
              "`lead_to_qualified` and `win_rate`, e.g. `traffic_mean~visit_to_lead=-0.5` (more visits from "
              "broader ads convert worse); each input keeps its own 90% range"),
    FieldSpec(name="channels", column="channels", kind=Kind.TEXT, unit="text",
              note=N_("channels separated by '|', each `name: key=value ...` (docs/scenario_csv.md, Channels); "
                     "empty for one channel made of the traffic columns"),
              description="Where visits and leads come from, each channel with its own volume or spend, cost and "
              "rates, e.g. `Website: visits=3000-5000 visit_to_lead=2%-3% lead_to_qualified=25%-35% | Paid "
              "search: spend=15000 cost_per_lead=60-90 most=400 lead_to_qualified=30%-40%`. With channels the "
              "traffic, conversion to qualified and marketing spend columns are not used"),
    FieldSpec(name="sales_cycle_months", column="sales_cycle_months", kind=Kind.NUMBER, unit=N_("months"),
              low=0, high=MAX_HORIZON_MONTHS, step=0.5,
              description="Mean months from being worked to closing; `0` closes in the same month; a fixed `1.5` "
              "closes half after 1 month, half after 2"),
    FieldSpec(name="sales_cycle_spread", column="sales_cycle_spread_rate", kind=Kind.RATE,
              unit=N_("a share of the mean cycle"), low=0, high=3, step=0.05,
              description="How much cycles vary: the standard deviation of one opportunity's cycle as a share of "
              "the mean (`30%`); `0` (or empty) means every cycle is the mean"),
    FieldSpec(name="open_pipeline", column="open_pipeline_opportunities", kind=Kind.INTEGER,
              unit=N_("opportunities"), low=0, high=MAX_WHOLE, step=5,
              description="Qualified opportunities open at the start, already worked and part way through their "
              "cycle: they close along the time a cycle has left (evenly over a fixed cycle) at the win rate, "
              "with or without reps"),
    FieldSpec(name="reps", column="reps", kind=Kind.INTEGER, unit=N_("reps"), low=0, high=MAX_WHOLE,
              description="Sales reps at full productivity. They limit deals only when a capacity per rep is "
              "set; with no reps and no new hires nothing is worked"),
    FieldSpec(name="new_reps", column="new_reps", kind=Kind.INTEGER, unit=N_("new reps"), low=0, high=MAX_WHOLE,
              description="Reps hired at the start of month 1: they cost a full rep from month 1 and ramp up"),
    FieldSpec(name="ramp_productivity", column="new_rep_ramp_productivity_rate", kind=Kind.RATE,
              unit=N_("a share of a rep's capacity"), low=0, high=1, step=0.1,
              description="Share of a rep's capacity a new hire has while ramping up"),
    FieldSpec(name="ramp_months", column="new_rep_ramp_months", kind=Kind.INTEGER, unit=N_("months"),
              low=0, high=MAX_HORIZON_MONTHS,
              description="Months a new hire takes to reach full productivity"),
    FieldSpec(name="capacity_per_rep", column="capacity_opportunities_per_rep_per_month", kind=Kind.NUMBER,
              unit=N_("opportunities per rep per month"), low=0, high=MAX_WHOLE, blank_means_none=True,
              note=N_("empty for no cap"),
              description="Opportunities one rep can work in a month; empty = no cap. Work beyond capacity "
              "waits for the next month"),
    FieldSpec(name="marketing_spend", column="marketing_spend_usd_per_month", kind=Kind.NUMBER,
              unit=N_("money per month"), low=0, high=MAX_WHOLE, step=1000, description="Marketing spend"),
    FieldSpec(name="cost_per_rep", column="cost_per_rep_usd_per_month", kind=Kind.NUMBER,
              unit=N_("money per rep per month"), low=0, high=MAX_WHOLE, step=500,
              description="Fully loaded cost of one rep, new hires included"),
    FieldSpec(name="gross_margin", column="gross_margin_rate", kind=Kind.RATE, unit=N_("a share of revenue"),
              low=-1, high=1, step=0.01, description="Gross margin on revenue"),
    FieldSpec(name="revenue_mode", column="revenue_mode", kind=Kind.CHOICE, unit="choice",
              description="`one_off` (the default): revenue is the won deals' sizes, once; `subscription`: each "
              "won deal becomes a customer paying its deal size / 12 a month (the deal size is the annual "
              "contract value) until it churns"),
    FieldSpec(name="starting_customers", column="starting_customers", kind=Kind.INTEGER, unit=N_("customers"),
              low=0, high=MAX_WHOLE, step=10,
              description="Subscription: paying customers at the start, before month 1"),
    FieldSpec(name="starting_mrr", column="starting_mrr_usd_per_month", kind=Kind.NUMBER,
              unit=N_("money per month"), low=0, high=MAX_WHOLE, step=1000,
              description="Subscription: the starting customers' monthly recurring revenue (MRR) in all; 0 "
              "without starting customers"),
    *_range("churn", "churn_rate_{end}_per_month", Kind.RATE, N_("a rate per month"),
            "Subscription: monthly logo churn, the share of the customers at a month's start who leave in it; "
            "low end of its 90% range", low=0.0, high=0.99, step=0.001),
    *_range("expansion", "expansion_rate_{end}_per_month", Kind.RATE, N_("a rate per month"),
            "Subscription: monthly net expansion of the retained customers' MRR (upsell minus downgrades; "
            "negative for net contraction); low end of its 90% range", low=-0.2, high=0.2, step=0.001),
    FieldSpec(name="target.metric", column="target_metric", kind=Kind.CHOICE, unit="choice", required=True,
              description="What the target counts; `win_rate` is won deals / opportunities closed (won or lost), "
              "`visit_to_lead` leads / visits, `lead_to_qualified` qualified / leads, `cac` costs / won deals, "
              "each over the window's months; a trial with nothing to divide by never hits"),
    FieldSpec(name="target.direction", column="target_direction", kind=Kind.CHOICE, unit="choice",
              description="A floor or a ceiling"),
    FieldSpec(name="target.value", column="target_value", kind=Kind.NUMBER, unit="", low=0,
              high=MAX_WHOLE, blank_means_none=True,
              description="The number to hit over the window (a rate as a fraction: `0.3` for 30%); or leave it "
              "empty and give a change against a baseline"),
    FieldSpec(name="target.change_pct", column="target_change_pct", kind=Kind.NUMBER, unit=N_("percent"),
              low=-100, high=MAX_WHOLE, blank_means_none=True, step=5, note=N_("e.g. 25 for +25%"),
              description="... or a change against `target_baseline`: `25` means +25%"),
    FieldSpec(name="target.baseline", column="target_baseline", kind=Kind.NUMBER, unit="", low=0,
              high=MAX_WHOLE, blank_means_none=True,
              description="What the change is measured against, e.g. last quarter's deals"),
    FieldSpec(name="target.deadline_month", column="target_deadline_month", kind=Kind.INTEGER, unit=N_("months"),
              low=1, high=MAX_HORIZON_MONTHS, required=True,
              description="Month (1 = first simulated month) by which the target must be hit: the window's last "
              "month; inside the horizon"),
    FieldSpec(name="target.window", column="target_window", kind=Kind.CHOICE, unit="choice",
              description="Which months count: `by_deadline` the running total from month 1; `months` the total "
              "of `target_start_month` to the deadline (one month when they are equal: a run rate); `average` "
              "their monthly average; `any_month` reached in at least one of them"),
    FieldSpec(name="target.start_month", column="target_start_month", kind=Kind.INTEGER, unit=N_("months"),
              low=1, high=MAX_HORIZON_MONTHS,
              description="First month of the window, up to the deadline month; `1` for `by_deadline`"),
    FieldSpec(name="target.channels", column="target_channels", kind=Kind.TEXT, unit="text",
              note=N_("channel names separated by '|'; empty counts the whole funnel"),
              description="The lead channels the target counts, e.g. `Website | Social` for leads from the "
              "website and social; not for a `win_rate` target"),
    FieldSpec(name="trials", column="trials", kind=Kind.INTEGER, unit=N_("trials"), low=1, high=CEILING_MAX_TRIALS,
              link_high=max_trials,
              description="Monte Carlo trials; a run of more than the server's maximum (`FUNNEL_MAX_TRIALS`, "
              "by default 1,000,000) is refused, and a link asks for that many at most"),
    FieldSpec(name="seed", column="seed", kind=Kind.INTEGER, unit="", low=0, high=MAX_WHOLE,
              description="Random seed: the same seed reproduces the same trials"),
)  # fmt: skip

#: The spec of each field, by dotted name.
FIELD: dict[str, FieldSpec] = {spec.name: spec for spec in FIELDS}

#: The bounds and units of one channel's fields (:class:`simulator.model.channels.Channel`). They have no
#: columns of their own: a scenario's channels are written in its one ``channels`` column.
CHANNEL_FIELDS: tuple[FieldSpec, ...] = (
    *_range("channel.volume", "", Kind.NUMBER, N_("visits or leads per month"),
            "Organic: 90% range of the mean visits or leads per month (month 1)", low=0, high=MAX_WHOLE, step=10),
    *_range("channel.cost_per", "", Kind.NUMBER, N_("money per visit or lead"),
            "Paid: 90% range of the cost per visit or lead at low spend", low=0, high=MAX_WHOLE, step=1),
    *_range("channel.visit_to_lead", "", Kind.RATE, N_("a rate"), "The channel's visit -> lead rate", **_RATE),
    *_range("channel.lead_to_qualified", "", Kind.RATE, N_("a rate"), "The channel's lead -> qualified rate",
            **_RATE),
    FieldSpec(name="channel.growth", column="", kind=Kind.RATE, unit=N_("a growth per month"), low=-0.99, high=10,
              step=0.005, description="Organic: growth of the mean volume per month"),
    FieldSpec(name="channel.spend", column="", kind=Kind.NUMBER, unit=N_("money per month"), low=0, high=MAX_WHOLE,
              step=1000, description="Paid: media spend per month; organic: its fixed cost per month"),
    FieldSpec(name="channel.most_per_month", column="", kind=Kind.NUMBER, unit=N_("visits or leads per month"),
              low=0, high=MAX_WHOLE, blank_means_none=True, step=10, note=N_("above 0; empty for no saturation"),
              description="Paid: the most visits or leads a month at any spend (saturation)"),
)  # fmt: skip
#: The spec of each channel field, by dotted name (``"channel.cost_per.low"``).
CHANNEL_FIELD: dict[str, FieldSpec] = {spec.name: spec for spec in CHANNEL_FIELDS}
