"""Scenarios side by side on common random numbers, against one target, and the inputs that set them apart."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

from simulator.analysis.summaries import Summary, odds_difference, summarize
from simulator.engine.funnel import simulate
from simulator.files.scenario_columns import field_values
from simulator.model.channels import Channel, ChannelKind, SpendChange
from simulator.model.correlations import Correlations
from simulator.model.fields import CHANNEL_FIELD, FIELDS, FieldSpec, Kind
from simulator.model.scenario import Scenario
from simulator.model.stages import RATE

MAX_COMPARED = 4
#: Numbers this close are the same input (a percentage typed on a page and read from a file may differ in the
#: last bit); the table shows ten significant digits.
SAME_INPUT_RELATIVE = 1e-9


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
            verb = "raises" if change > 0 else "lowers" if change < 0 else "does not change"
            amount = f" by {abs(change) * 100:.1f} ± {se * 100:.1f} points" if change else ""
            lines.append(f"{scenario.name} {verb} the odds{amount} against {first}.")
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
        words = tuple(each.get(name, "none") for each in described)
        if len(set(words)) > 1:
            found.append(InputDifference(f"channels.{name}", f"Channel: {name}", words))
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
    if channel.kind is ChannelKind.ORGANIC:
        what = f"organic {channel.unit.value}: {_channel_value('volume', channel.volume)} a month"
        if channel.growth:
            what += f", growing {_channel_value('growth', channel.growth)} a month"
    else:
        one = channel.unit.value.removesuffix("s")
        what = f"paid {channel.unit.value} at {_channel_value('cost_per', channel.cost_per)} per {one}"
        if channel.most_per_month is not None:
            what += f", at most {_channel_value('most_per_month', channel.most_per_month)} a month"
    parts = [what]
    if channel.spend or channel.spend_changes:
        changes = [f"{_months(c)}: {_channel_value('spend', c.spend)}" for c in channel.spend_changes]
        parts.append(", ".join([f"spend {_channel_value('spend', channel.spend)} a month", *changes]))
    rates = [
        f"{RATE[name].label.removesuffix(' rate').lower()} {_channel_value(name, rate)}"
        for name in ("visit_to_lead", "lead_to_qualified")
        if (rate := getattr(channel, name)) is not None
    ]
    return "; ".join([*parts, ", ".join(rates)])


def _channel_value(name: str, value) -> str:
    """One field of a channel in words, with its unit: its spec is :data:`CHANNEL_FIELD`'s."""
    if f"channel.{name}" in CHANNEL_FIELD:
        return _one(CHANNEL_FIELD[f"channel.{name}"], value)
    specs = (CHANNEL_FIELD[f"channel.{name}.low"], CHANNEL_FIELD[f"channel.{name}.high"])
    return value_words(specs, (value.low, value.high))


def _months(change: SpendChange) -> str:
    return f"month {change.first}" if change.first == change.last else f"months {change.first}–{change.last}"


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
    if field == "correlations":
        return "Inputs that move together"
    label = field.replace(".", " ").replace("_", " ").capitalize()
    unit = spec.unit.removeprefix("money").strip()
    for words in ("per rep", "per deal"):  # already said by the label
        if label.endswith(words):
            unit = unit.removeprefix(words).strip()
    if spec.kind in (Kind.NUMBER, Kind.INTEGER) and unit and unit.rstrip("s") not in label.lower():
        label += f" ({unit})"
    return label


def value_words(specs: tuple[FieldSpec, ...], values: tuple) -> str:
    """One field's value in words: both ends of a range (one when they agree), with its unit."""
    texts = [_one(spec, value) for spec, value in zip(specs, values, strict=True)]
    return texts[0] if len(set(texts)) == 1 else "–".join(texts)


def _one(spec: FieldSpec, value: object) -> str:
    if value is None:
        return "no cap" if spec.name == "capacity_per_rep" else "none"
    if isinstance(value, Enum):
        return getattr(value, "label", str(value.value).replace("_", " "))
    if isinstance(value, Correlations):
        return "; ".join(value.labels()) or "independent"
    if spec.kind is Kind.RATE:
        return f"{value * 100:,.10g}%"
    if spec.unit.startswith("money"):
        return f"${value:,.10g}"
    return f"{value:,.10g}" if isinstance(value, (int, float)) else str(value)
