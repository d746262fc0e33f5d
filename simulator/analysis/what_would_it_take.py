"""What would it take: the value of each lever that reaches a chosen confidence, and which lever matters most.

Both rest on common random numbers: at a fixed seed, raising a lever never lowers any trial's deals or revenue,
so the odds of an at-least target on them move monotonically with each lever and bisection finds the crossing.
Only the months up to the deadline are simulated (later months never change earlier ones).

The levers are in :mod:`simulator.analysis.levers`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from simulator.analysis.capacity import HiringPlan, hiring_plan
from simulator.analysis.goal_seek import Requirement, goal_seek
from simulator.analysis.reverse_funnel import FunnelStep, reverse_funnel
from simulator.analysis.sensitivity import Swing, sensitivity
from simulator.model.scenario import Scenario


@dataclass(frozen=True)
class WhatItWouldTake:
    """Every answer to "what would it take?" for one scenario and confidence.

    Attributes
    ----------
    confidence : float
    requirements : list of Requirement
        Goal seek on each lever.
    swings : list of Swing
        The tornado, largest effect first.
    hiring : HiringPlan or None
        None without a capacity limit (hiring then changes nothing).
    reverse : list of FunnelStep
        The reverse funnel (empty for CAC targets).
    """

    confidence: float
    requirements: list[Requirement]
    swings: list[Swing]
    hiring: HiringPlan | None
    reverse: list[FunnelStep]


def what_would_it_take(
    scenario: Scenario, confidence: float = 0.8, *, progress: Callable[[float], None] | None = None
) -> WhatItWouldTake:
    """Goal seek, sensitivity, hiring plan and reverse funnel together, reporting progress as it goes."""
    report = progress or (lambda share: None)
    requirements = goal_seek(scenario, confidence, progress=lambda share: report(0.7 * share))
    swings = sensitivity(scenario)
    report(0.8)
    hiring = hiring_plan(scenario, confidence) if scenario.capacity_per_rep is not None else None
    report(0.9)
    reverse = reverse_funnel(scenario, confidence)
    report(1.0)
    return WhatItWouldTake(confidence, requirements, swings, hiring, reverse)
