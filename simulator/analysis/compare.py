"""Scenarios side by side on common random numbers, against one target, and the inputs that set them apart."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

from simulator.analysis.summaries import Summary, odds_difference, summarize
from simulator.engine.funnel import simulate
from simulator.files.scenario_columns import field_values
from simulator.i18n import N_, _, listed, money_text, number_text, percent_text, significant_decimals
from simulator.model.channels import Channel, ChannelKind, ChannelUnit, SpendChange
from simulator.model.correlations import Correlations
from simulator.model.fields import CHANNEL_FIELD, FIELDS, FieldSpec, Kind
from simulator.model.scenario import Scenario
from simulator.model.stages import RATE

MAX_COMPARED = 4
#: Numbers this close are the same input (a percentage typed on a page and read from a file may differ in the
#: last bit); the table shows ten significant digits.
SAME_INPUT_RELATIVE = 1e-9
#: Significant digits an input is written with: enough that a rate typed in percent is not a change.


@dataclass(frozen=True)
class Comparison:
    """Two to four scenarios on the first one's target, trials and seed.

    Attributes
    ----------
    scenarios : list of Scenario
        As simulated: each with the first scenario's target, trials and seed.
    summaries : list of Summary
    differences : list of tuple of float
        For each scenario after the first: the change in odds against the first and
        its standard error from the paired trials.
    """

    scenarios: list[Scenario]
    summaries: list[Summary]
    differences: list[tuple[float, float]]

    def sentences(self) -> list[str]:
        """ "B raises the odds by 14 +/- 1 points" for each scenario after the first."""
        first = self.scenarios[0].name
        lines = []
        for scenario, (change, se) in zip(self.scenarios[1:], self.differences, strict=True):
            numbers = {
                "name": scenario.name,
                "first": first,
                "change": number_text(abs(change) * 100, 1),
                "error": number_text(se * 100, 1),
            }
            if change > 0:
                # TRANSLATORS: {name} and {first} are scenarios; the change is in percentage points of the odds
                sentence = _("{name} raises the odds by {change} ± {error} points against {first}.")
            elif change < 0:
                sentence = _("{name} lowers the odds by {change} ± {error} points against {first}.")
            else:
                sentence = _("{name} does not change the odds against {first}.")
            lines.append(sentence.format(**numbers))
        return lines

    def inputs_that_differ(self) -> list[InputDifference]:
        """The inputs that differ between the scenarios as simulated (so never the target, trials or seed)."""
        return differing_inputs(self.scenarios)


def compare(scenarios: list[Scenario]) -> Comparison:
    """Simulate 2-4 scenarios on common random numbers and pair their odds with the first's.

    Every scenario takes the first one's target, trials and seed (its horizon is extended
    to the deadline if shorter), so the same trial meets the same luck in each and the
    difference in odds has a small, honest standard error.

    Examples
    --------
    >>> from simulator import Range
    >>> a = Scenario(name="A", trials=4000)
    >>> b = replace(a, name="B", win_rate=Range(0.25, 0.35))
    >>> compare([a, b]).sentences()[0].startswith("B raises the odds by")
    True
    """
    if not 2 <= len(scenarios) <= MAX_COMPARED:
        raise ValueError(f"compare 2 to {MAX_COMPARED} scenarios, not {len(scenarios)}")
    first = scenarios[0]
    simulated = [first] + [aligned(s, first) for s in scenarios[1:]]
    summaries = [summarize(simulate(s)) for s in simulated]
    differences = [odds_difference(summary, summaries[0]) for summary in summaries[1:]]
    return Comparison(simulated, summaries, differences)


def aligned(scenario: Scenario, reference: Scenario) -> Scenario:
    """`scenario` on `reference`'s target, trials and seed, its horizon stretched to the deadline if shorter; a
    target on channels counts those the scenario has.

    Two aligned scenarios pair trial by trial (common random numbers), so the difference in their odds has a
    small, honest standard error: the compare page and the simulator page's pinned baseline both use it.

    Examples
    --------
    >>> from simulator import Target
    >>> a = Scenario(horizon_months=12, target=Target(value=50, deadline_month=9), trials=500, seed=7)
    >>> b = aligned(Scenario(horizon_months=6), a)
    >>> b.target == a.target, b.trials, b.seed, b.horizon_months
    (True, 500, 7, 9)
    """
    # A target on channels counts those of them the scenario has (none: its whole funnel).
    names = {channel.name for channel in scenario.channels}
    counted = tuple(name for name in reference.target.channels if name in names)
    return replace(
        scenario,
        target=replace(reference.target, channels=counted),
        trials=reference.trials,
        seed=reference.seed,
        horizon_months=max(scenario.horizon_months, reference.target.deadline_month),
    )


@dataclass(frozen=True)
class InputDifference:
    """An input whose value is not the same in every compared scenario.

    Attributes
    ----------
    field : str
        The scenario's field; a 90% range is one field (``"win_rate"``), not two ends; a channel is
        ``"channels.<name>"``.
    label : str
        Its name on screen, with its unit when the values do not carry it (``"Traffic (visits per month)"``).
    values : tuple of str
        Its value in each scenario, in order, with its unit (``"20%–30%"``, ``"$2,000–$8,000"``, ``"no cap"``).
    """

    field: str
    label: str
    values: tuple[str, ...]


def differing_inputs(scenarios: Sequence[Scenario]) -> list[InputDifference]:
    """The inputs that differ between `scenarios` (names aside), in the order of the scenario file's columns.

    Channels are matched by name: each one that differs is an input of its own, described in words in each
    scenario, ``"none"`` where a scenario lacks it.

    Examples
    --------
    >>> from simulator import Range
    >>> a = Scenario(name="A")
    >>> b = replace(a, name="B", win_rate=Range(0.25, 0.35), reps=2)
    >>> [(d.label, d.values) for d in differing_inputs([a, b])]
    [('Win rate', ('20%–30%', '25%–35%')), ('Reps', ('1', '2'))]
    >>> differing_inputs([a, replace(a, name="A (edited)")])
    []
    """
    values = [field_values(scenario) for scenario in scenarios]
    found = []
    for field, specs in input_fields():
        if field == "channels":
            found += _differing_channels(scenarios)
            continue
        each = [tuple(v[spec.name] for spec in specs) for v in values]
        if any(not _same(other, each[0]) for other in each[1:]):
            words = tuple(value_words(specs, v) for v in each)
            found.append(InputDifference(field, input_label(field, specs[0]), words))
    return found


def _differing_channels(scenarios: Sequence[Scenario]) -> list[InputDifference]:
    """One difference per channel, by name, whose words are not the same in every scenario."""
    described = [{channel.name: channel_words(channel) for channel in scenario.channels} for scenario in scenarios]
    found = []
    for name in dict.fromkeys(name for each in described for name in each):
        # TRANSLATORS: a channel the scenario does not have
        words = tuple(each.get(name, _("none")) for each in described)
        if len(set(words)) > 1:
            label = _("Channel: {name}").format(name=name)
            found.append(InputDifference(f"channels.{name}", label, words))
    return found


def channel_words(channel: Channel) -> str:
    """A channel in words a manager reads; ten significant digits, so a rate typed in percent is not a change.

    Examples
    --------
    >>> from simulator import Range
    >>> from simulator.model.channels import SpendChange
    >>> channel_words(Channel(name="Events", kind="paid", unit="leads", cost_per=Range(80.0, 120.0),
    ...                       spend_changes=(SpendChange(9, 9, 50_000.0),), lead_to_qualified=Range(0.4, 0.6)))
    'paid leads at $80–$120 per lead; spend $0 a month, month 9: $50,000; lead → qualified 40%–60%'
    """
    visits = channel.unit is ChannelUnit.VISITS
    if channel.kind is ChannelKind.ORGANIC:
        volume = _channel_value("volume", channel.volume)
        what = [_("organic visits: {volume} a month") if visits else _("organic leads: {volume} a month")]
        what[0] = what[0].format(volume=volume)
        if channel.growth:
            what.append(_("growing {growth} a month").format(growth=_channel_value("growth", channel.growth)))
    else:
        cost = _channel_value("cost_per", channel.cost_per)
        what = [_("paid visits at {cost} per visit") if visits else _("paid leads at {cost} per lead")]
        what[0] = what[0].format(cost=cost)
        if channel.most_per_month is not None:
            most = _channel_value("most_per_month", channel.most_per_month)
            what.append(_("at most {volume} a month").format(volume=most))
    parts = [listed(what)]
    if channel.spend or channel.spend_changes:
        spend = _("spend {amount} a month").format(amount=_channel_value("spend", channel.spend))
        changes = [
            _("{months}: {amount}").format(months=_months(c), amount=_channel_value("spend", c.spend))
            for c in channel.spend_changes
        ]
        parts.append(listed([spend, *changes]))
    rates = [
        # TRANSLATORS: a channel's conversion rate and its range, e.g. "lead → qualified 40%–60%"
        _("{rate} {value}").format(rate=_(CHANNEL_RATE_WORDS[name]), value=_channel_value(name, rate))
        for name in ("visit_to_lead", "lead_to_qualified")
        if (rate := getattr(channel, name)) is not None
    ]
    # TRANSLATORS: what separates the parts of a channel's description ("paid leads at ...; spend ...")
    return _("; ").join([*parts, listed(rates)])


#: A channel's own rates in short, as its description writes them.
CHANNEL_RATE_WORDS = {"visit_to_lead": N_("visit → lead"), "lead_to_qualified": N_("lead → qualified")}


def _channel_value(name: str, value) -> str:
    """One field of a channel in words, with its unit: its spec is :data:`CHANNEL_FIELD`'s."""
    if f"channel.{name}" in CHANNEL_FIELD:
        return _one(CHANNEL_FIELD[f"channel.{name}"], value)
    specs = (CHANNEL_FIELD[f"channel.{name}.low"], CHANNEL_FIELD[f"channel.{name}.high"])
    return value_words(specs, (value.low, value.high))


def _months(change: SpendChange) -> str:
    if change.first == change.last:
        return _("month {month}").format(month=number_text(change.first))
    return _("months {first}–{last}").format(first=number_text(change.first), last=number_text(change.last))


def input_fields() -> list[tuple[str, tuple[FieldSpec, ...]]]:
    """Every input but the name, a range's two ends together, in file order."""
    grouped: dict[str, tuple[FieldSpec, ...]] = {}
    for spec in FIELDS:
        if spec.name != "name":
            field = spec.range_name or spec.name
            grouped[field] = (*grouped.get(field, ()), spec)
    return list(grouped.items())


def _same(a: tuple, b: tuple) -> bool:
    return all(
        math.isclose(x, y, rel_tol=SAME_INPUT_RELATIVE, abs_tol=1e-12)
        if isinstance(x, float) and isinstance(y, float)
        else x == y
        for x, y in zip(a, b, strict=True)
    )


def input_label(field: str, spec: FieldSpec) -> str:
    """``"Win rate"``, ``"Traffic (visits per month)"``, ``"Cost per rep (per month)"``: a unit the values lack."""
    if field in RATE:
        return RATE[field].label
    if field in INPUT_LABELS:
        return _(INPUT_LABELS[field])
    label = field.replace(".", " ").replace("_", " ").capitalize()
    unit = spec.unit.removeprefix("money").strip()
    for words in ("per rep", "per deal"):  # already said by the label
        if label.endswith(words):
            unit = unit.removeprefix(words).strip()
    if spec.kind in (Kind.NUMBER, Kind.INTEGER) and unit and unit.rstrip("s") not in label.lower():
        label += f" ({unit})"
    return label


#: The inputs' names on screen, with the unit their values lack (a field not here is named after itself).
INPUT_LABELS = {
    "horizon_months": N_("Horizon months"),
    "traffic": N_("Traffic (visits per month)"),
    "traffic_growth": N_("Traffic growth"),
    "deal_size": N_("Deal size (per deal)"),
    "correlations": N_("Inputs that move together"),
    "channels": N_("Channels"),
    "sales_cycle_months": N_("Sales cycle months"),
    "sales_cycle_spread": N_("Sales cycle spread"),
    "open_pipeline": N_("Open pipeline (opportunities)"),
    "reps": N_("Reps"),
    "new_reps": N_("New reps"),
    "ramp_productivity": N_("Ramp productivity"),
    "ramp_months": N_("Ramp months"),
    "capacity_per_rep": N_("Capacity per rep (opportunities per rep per month)"),
    "marketing_spend": N_("Marketing spend (per month)"),
    "cost_per_rep": N_("Cost per rep (per month)"),
    "gross_margin": N_("Gross margin"),
    "revenue_mode": N_("Revenue mode"),
    "starting_customers": N_("Starting customers"),
    "starting_mrr": N_("Starting mrr (per month)"),
    "churn": N_("Churn"),
    "expansion": N_("Expansion"),
    "target.metric": N_("Target metric"),
    "target.direction": N_("Target direction"),
    "target.value": N_("Target value"),
    "target.change_pct": N_("Target change pct (percent)"),
    "target.baseline": N_("Target baseline"),
    "target.deadline_month": N_("Target deadline month"),
    "target.window": N_("Target window"),
    "target.start_month": N_("Target start month"),
    "target.channels": N_("Target channels"),
    "trials": N_("Trials"),
    "seed": N_("Seed"),
}


def value_words(specs: tuple[FieldSpec, ...], values: tuple) -> str:
    """One field's value in words: both ends of a range (one when they agree), with its unit."""
    texts = [_one(spec, value) for spec, value in zip(specs, values, strict=True)]
    return texts[0] if len(set(texts)) == 1 else "–".join(texts)


def _one(spec: FieldSpec, value: object) -> str:
    if value is None:
        # TRANSLATORS: the capacity per rep when reps have no capacity limit
        return _("no cap") if spec.name == "capacity_per_rep" else _("none")
    if isinstance(value, Enum):
        return getattr(value, "label", str(value.value).replace("_", " "))
    if isinstance(value, Correlations):
        # TRANSLATORS: inputs that move together: none, each is drawn on its own
        return _("; ").join(value.labels()) or _("independent")
    if spec.kind is Kind.RATE:
        return percent_text(value, significant_decimals(value * 100))
    if spec.unit.startswith("money"):
        return general_money(value)
    return general_number(value) if isinstance(value, (int, float)) else str(value)


def general_number(value: float) -> str:
    """`value` with up to ten significant digits, in the run's language (``"1,234.5"``, ``"0.25"``).

    Examples
    --------
    >>> general_number(1234.5), general_number(30.0), general_number(0.125)
    ('1,234.5', '30', '0.125')
    """
    return number_text(value, significant_decimals(value))


def general_money(value: float) -> str:
    """An amount with up to ten significant digits in the run's currency (``"$80"``, ``"$12.5"``).

    Examples
    --------
    >>> general_money(2000.0), general_money(12.5)
    ('$2,000', '$12.5')
    """
    return money_text(value, significant_decimals(value))
