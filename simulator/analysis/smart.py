"""The SMART checklist of a target, filled in from what the simulation knows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from simulator.analysis.compare import general_number
from simulator.analysis.targets import TargetResult, Verdict
from simulator.i18n import N_, _, ngettext, number_text, percent_text, pgettext
from simulator.model.scenario import Scenario
from simulator.model.target import Direction, Metric


class Status(StrEnum):
    """How a SMART criterion stands."""

    MET = "met"
    CAUTION = "caution"
    NOT_MET = "not met"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """The status in the run's language."""
        return _(STATUS_LABELS[self])


STATUS_LABELS = {
    # TRANSLATORS: the status of a SMART criterion
    Status.MET: N_("met"),
    # TRANSLATORS: the status of a SMART criterion (met, but only just)
    Status.CAUTION: N_("caution"),
    # TRANSLATORS: the status of a SMART criterion
    Status.NOT_MET: N_("not met"),
    # TRANSLATORS: the status of a SMART criterion (not enough known to say)
    Status.UNKNOWN: N_("unknown"),
}


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
    period = target.period
    return [
        Check(
            # TRANSLATORS: the S of SMART (a target that is Specific)
            pgettext("SMART criterion", "Specific"),
            Status.MET,
            _("One metric: {metric}.").format(metric=target.metric.label),
        ),
        Check(
            # TRANSLATORS: the M of SMART
            pgettext("SMART criterion", "Measurable"),
            Status.MET,
            # TRANSLATORS: {direction} is "at least" or "at most"
            _("A number: {direction} {value}.").format(direction=words, value=general_number(answer.threshold)),
        ),
        Check(
            # TRANSLATORS: the A of SMART
            pgettext("SMART criterion", "Achievable"),
            achievable,
            _("{verdict}: hit in {odds} of trials.").format(
                verdict=answer.verdict.label, odds=percent_text(answer.probability)
            ),
        ),
        _relevant(answer, annual_goal),
        Check(
            # TRANSLATORS: the T of SMART
            pgettext("SMART criterion", "Time-bound"),
            Status.MET,
            # TRANSLATORS: {period} is e.g. "By month 3" or "In Q3 (months 7-9)"
            _("{period} of the {months}-month horizon.").format(
                period=period[:1].upper() + period[1:], months=number_text(scenario.horizon_months)
            ),
        ),
    ]


def _relevant(answer: TargetResult, annual_goal: float | None) -> Check:
    target = answer.target
    # TRANSLATORS: the R of SMART
    relevant = pgettext("SMART criterion", "Relevant")
    if annual_goal is None:
        return Check(relevant, Status.UNKNOWN, _("Give the annual goal to check that this target adds up to it."))
    value, goal = general_number(answer.threshold), general_number(annual_goal)
    if target.metric.is_ratio:
        # A ratio does not add up over periods: compare it with the annual goal directly, as its direction says.
        ceiling = target.direction is Direction.AT_MOST
        ok = answer.threshold <= annual_goal if ceiling else answer.threshold >= annual_goal
        name = "CAC" if target.metric is Metric.CAC else target.metric.label
        if ok:
            sentence = _("{metric} target {value} is within the annual goal of {goal}.")
        elif ceiling:
            sentence = _("{metric} target {value} is above the annual goal of {goal}.")
        else:
            sentence = _("{metric} target {value} is below the annual goal of {goal}.")
        return Check(
            relevant, Status.MET if ok else Status.NOT_MET, sentence.format(metric=name, value=value, goal=goal)
        )
    # A total over n months, or a month's figure (an average or any one month: n = 1), scaled to a year.
    months = target.months_counted
    yearly = annualised(answer.threshold, months)
    numbers = {"value": value, "months": number_text(months), "yearly": general_number(yearly), "goal": goal}
    if yearly >= annual_goal:
        # A month's figure and a total over months are different sentences, not plural forms of one.
        sentence = (
            _("{value} a month is {yearly} a year, at least the annual goal of {goal}.")
            if months == 1
            else ngettext(
                "{value} over {months} month is {yearly} a year, at least the annual goal of {goal}.",
                "{value} over {months} months is {yearly} a year, at least the annual goal of {goal}.",
                months,
            )
        )
        return Check(relevant, Status.MET, sentence.format(**numbers))
    sentence = (
        _("{value} a month is only {yearly} a year; the annual goal of {goal} needs {needed}.")
        if months == 1
        else ngettext(
            "{value} over {months} month is only {yearly} a year; the annual goal of {goal} needs {needed}.",
            "{value} over {months} months is only {yearly} a year; the annual goal of {goal} needs {needed}.",
            months,
        )
    )
    return Check(
        relevant, Status.NOT_MET, sentence.format(needed=general_number(annual_goal * months / 12), **numbers)
    )
