"""The tornado: how far the odds move with each lever across its range, on the probability, not the mean."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from simulator.analysis.levers import (
    COUNT_LEVERS,
    RATE_LEVERS,
    WORKERS,
    Lever,
    describe_value,
    heading,
    is_spend_lever,
    lever_value,
    levers_of,
    moved,
    odds,
)
from simulator.i18n import _, percent_text
from simulator.model.distributions import Range
from simulator.model.fields import FIELD
from simulator.model.scenario import Scenario

#: Known values move this much either way in the sensitivity chart...
KNOWN_SWING = 0.10
#: ...but net expansion, often 0, a point a month either way.
EXPANSION_SWING = 0.01


@dataclass(frozen=True)
class Swing:
    """The odds with one lever at the low and at the high end of its range (or +/-10% for a known value)."""

    lever: Lever
    low_label: str
    high_label: str
    odds_low: float
    odds_high: float

    @property
    def effect(self) -> float:
        """Width of the bar: how far the odds move across the lever's range."""
        return abs(self.odds_high - self.odds_low)


def swing_ends(scenario: Scenario, lever: Lever) -> tuple[Scenario, Scenario]:
    """The scenario with `lever` at its low and at its high end.

    Uncertain traffic and rates collapse to the ends of their 90% range (what if the
    truth were there); deal size, whose range is the spread of single deals, and known
    values move +/-10%.
    """
    if is_spend_lever(lever):
        return moved(scenario, lever, math.log1p(-KNOWN_SWING)), moved(scenario, lever, math.log1p(KNOWN_SWING))
    value = getattr(scenario, lever.value)
    if isinstance(value, Range) and not value.is_known and lever is not Lever.DEAL_SIZE:
        return (
            replace(scenario, **{lever.value: Range.known(value.low)}),
            replace(scenario, **{lever.value: Range.known(value.high)}),
        )
    if lever in COUNT_LEVERS:
        change = max(1, round(getattr(scenario, lever.value) * KNOWN_SWING))
        return moved(scenario, lever, -change), moved(scenario, lever, change)
    if lever in RATE_LEVERS or lever is Lever.CHURN:
        highest = FIELD[f"{lever.value}.high"].high  # 100% for a rate, 99% for churn
        return (
            replace(scenario, **{lever.value: Range.known(value.low * (1 - KNOWN_SWING))}),
            replace(scenario, **{lever.value: Range.known(min(highest, value.high * (1 + KNOWN_SWING)))}),
        )
    if lever is Lever.EXPANSION:  # a known rate that may be 0: a point of expansion either way
        return moved(scenario, lever, -EXPANSION_SWING), moved(scenario, lever, EXPANSION_SWING)
    step = math.log1p(KNOWN_SWING)
    return moved(scenario, lever, math.log1p(-KNOWN_SWING)), moved(scenario, lever, step)


def sensitivity(scenario: Scenario) -> list[Swing]:
    """How far the odds move with each lever across its range: the tornado, largest effect first.

    Examples
    --------
    >>> s = Scenario(trials=2000)
    >>> bars = sensitivity(s)
    >>> bars[0].effect >= bars[-1].effect
    True
    """
    levers = levers_of(scenario)
    ends = [swing_ends(scenario, lever) for lever in levers]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        odds_at = list(pool.map(odds, [end for pair in ends for end in pair]))
    swings = [
        Swing(
            lever,
            describe_value(lever, lever_value(low, lever)),
            describe_value(lever, lever_value(high, lever)),
            odds_at[2 * i],
            odds_at[2 * i + 1],
        )
        for i, (lever, (low, high)) in enumerate(zip(levers, ends, strict=True))
    ]
    return sorted(swings, key=lambda s: s.effect, reverse=True)


def most_important(swings: list[Swing]) -> str:
    """The lever that matters most, in a sentence."""
    if not swings or swings[0].effect == 0:
        return _("No lever moves the odds within its range.")
    top = swings[0]
    return _("{lever} matters most: the odds go from {odds_low} at {low} to {odds_high} at {high}.").format(
        lever=heading(top.lever),
        odds_low=percent_text(top.odds_low),
        low=top.low_label,
        odds_high=percent_text(top.odds_high),
        high=top.high_label,
    )
