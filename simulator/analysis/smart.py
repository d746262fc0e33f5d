"""The SMART checklist of a target, filled in from what the simulation knows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from simulator.analysis.targets import TargetResult, Verdict
from simulator.model.scenario import Scenario
from simulator.model.target import Direction, Metric


class Status(StrEnum):
    """How a SMART criterion stands."""

    MET = "met"
    CAUTION = "caution"
    NOT_MET = "not met"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Check:
    """One line of the checklist: the criterion, its status and a plain explanation."""

    criterion: str
    status: Status
    detail: str


def annualised(value: float, months: int) -> float:
    """A target over `months` months scaled to a year: quarterly x 4, monthly x 12."""
    return value * 12 / months


def smart_checklist(scenario: Scenario, answer: TargetResult, annual_goal: float | None = None) -> list[Check]:
    """Specific, Measurable, Achievable, Relevant, Time-bound: each with its status.

    Parameters
    ----------
    scenario : Scenario
        The inputs (for the horizon).
    answer : TargetResult
        The evaluated target.
    annual_goal : float, optional
        The annual goal this target should add up to; without it Relevant is unknown.

    Examples
    --------
    >>> from simulator import Scenario, Target, evaluate, simulate
    >>> scenario = Scenario(target=Target(value=30, deadline_month=3), trials=2000)
    >>> checks = smart_checklist(scenario, evaluate(simulate(scenario)), annual_goal=100)
    >>> [c.status.value for c in checks][3], checks[3].detail
    ('met', '30 over 3 months is 120 a year, at least the annual goal of 100.')
    """
    target = answer.target
    words = target.direction.words
    achievable = {
        Verdict.ACHIEVABLE: Status.MET,
        Verdict.CHALLENGING: Status.CAUTION,
        Verdict.STRETCH: Status.NOT_MET,
        Verdict.UNREALISTIC: Status.NOT_MET,
    }[answer.verdict]
    return [
        Check("Specific", Status.MET, f"One metric: {target.metric.label}."),
        Check("Measurable", Status.MET, f"A number: {words} {answer.threshold:,.10g}."),
        Check("Achievable", achievable, f"{answer.verdict.value}: hit in {answer.probability:.0%} of trials."),
        _relevant(answer, annual_goal),
        Check(
            "Time-bound",
            Status.MET,
            f"{target.period[:1].upper()}{target.period[1:]} of the {scenario.horizon_months}-month horizon.",
        ),
    ]


def _relevant(answer: TargetResult, annual_goal: float | None) -> Check:
    target = answer.target
    if annual_goal is None:
        return Check("Relevant", Status.UNKNOWN, "Give the annual goal to check that this target adds up to it.")
    if target.metric.is_ratio:
        # A ratio does not add up over periods: compare it with the annual goal directly, as its direction says.
        ceiling = target.direction is Direction.AT_MOST
        ok = answer.threshold <= annual_goal if ceiling else answer.threshold >= annual_goal
        side = "within" if ok else ("above" if ceiling else "below")
        name = "CAC" if target.metric is Metric.CAC else target.metric.label
        return Check(
            "Relevant",
            Status.MET if ok else Status.NOT_MET,
            f"{name} target {answer.threshold:,.10g} is {side} the annual goal of {annual_goal:,.10g}.",
        )
    # A total over n months, or a month's figure (an average or any one month: n = 1), scaled to a year.
    months = target.months_counted
    over = "a month" if months == 1 else f"over {months} months"
    yearly = annualised(answer.threshold, months)
    if yearly >= annual_goal:
        return Check(
            "Relevant",
            Status.MET,
            f"{answer.threshold:,.10g} {over} is {yearly:,.10g} a "
            f"year, at least the annual goal of {annual_goal:,.10g}.",
        )
    needed = annual_goal * months / 12
    return Check(
        "Relevant",
        Status.NOT_MET,
        f"{answer.threshold:,.10g} {over} is only "
        f"{yearly:,.10g} a year; the annual goal of {annual_goal:,.10g} needs {needed:,.10g}.",
    )
