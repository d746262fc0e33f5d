"""Break an annual goal down: quarters, months, reps, and the weekly activities each rep needs.

Quarterly and monthly targets are the annual goal split by seasonality weights (flat weights give
annual / 4 and annual / 12); per-rep targets divide by the team (new hires included). Weekly
activities run the funnel backwards from a rep's monthly deals: qualified = deals / win rate,
leads = qualified / lead-to-qualified rate, then each activity is a number per lead or per
qualified opportunity from an editable table. The odds of each period target come from the
simulation, on that period's own months: each period is a target on a window of months
(:func:`period_target`), judged as the simulator page judges it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from simulator.analysis.targets import odds_of
from simulator.engine.funnel import simulate
from simulator.files.cells import safe_text
from simulator.i18n import N_, _
from simulator.model.checks import InputError
from simulator.model.distributions import amount_mean
from simulator.model.scenario import Scenario
from simulator.model.target import Metric, Target, Window

MONTHS_PER_YEAR = 12
WEEKS_PER_MONTH = 52 / 12
#: The months' short names: English in the plan's CSV, marked to be translated where a page shows them.
MONTH_NAMES = (
    # TRANSLATORS: a month's short name (three letters where the language has them)
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    # TRANSLATORS: the month's short name (as "Jan", "Feb")
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)
#: Metrics an annual goal can be broken down on: totals that add up over periods.
BREAKDOWN_METRICS = (Metric.DEALS, Metric.REVENUE, Metric.QUALIFIED, Metric.LEADS)


@dataclass(frozen=True)
class Activity:
    """A sales activity and how many of it one unit of a funnel stage takes.

    Attributes
    ----------
    name : str
        ``"New contacts"``, ``"Calls"``, ...
    stage : str
        ``"lead"`` or ``"qualified"``: the stage it is counted per.
    per_stage : float
        How many of the activity one lead (or one qualified opportunity) takes.
    """

    name: str
    stage: str
    per_stage: float

    def __post_init__(self):
        if self.stage not in ("lead", "qualified"):
            raise InputError(f"activity {self.name!r} stage", self.stage, _("'lead' or 'qualified'"))
        if not (
            isinstance(self.per_stage, (int, float)) and math.isfinite(self.per_stage) and self.per_stage >= 0
        ):
            raise InputError(f"activity {self.name!r} per stage", self.per_stage, _("a number, 0 or more"))


#: Typical outbound B2B ratios (documented in README): 10 contacts and 4 calls make one lead; one
#: qualified opportunity takes 1.5 meetings or demos, and 6 in 10 reach a proposal. The names are English in the
#: plan's CSV, marked to be translated where a page shows them.
DEFAULT_ACTIVITIES = (
    # TRANSLATORS: a sales activity, counted per rep per week
    Activity(N_("New contacts"), "lead", 10.0),
    # TRANSLATORS: a sales activity (phone calls), counted per rep per week
    Activity(N_("Calls"), "lead", 4.0),
    # TRANSLATORS: a sales activity, counted per rep per week
    Activity(N_("Meetings / demos"), "qualified", 1.5),
    # TRANSLATORS: a sales activity (proposals sent), counted per rep per week
    Activity(N_("Proposals"), "qualified", 0.6),
)


@dataclass(frozen=True)
class PeriodTarget:
    """One period's share of the annual goal, and its odds.

    Attributes
    ----------
    period : str
        ``"Q1"`` or ``"Jan"``.
    first_month, last_month : int
        The period's months, 1-based.
    target : float
        The period's share of the annual goal.
    per_rep : float
        That share per rep.
    probability, standard_error : float
        Share of trials whose total over the period reaches the target, and its standard error.
    """

    period: str
    first_month: int
    last_month: int
    target: float
    per_rep: float
    probability: float
    standard_error: float


@dataclass(frozen=True)
class Plan:
    """An annual goal broken down.

    Attributes
    ----------
    metric : Metric
    annual_goal : float
    reps : int
        Reps the goal is shared among.
    quarters, months : list of PeriodTarget
    adds_up : bool
        Whether quarters and months each add up to the annual goal (the "Relevant" test).
    weekly_activities : dict of str to float
        Per rep per week, in an average month: the funnel stages and every activity.
    """

    metric: Metric
    annual_goal: float
    reps: int
    quarters: list[PeriodTarget]
    months: list[PeriodTarget]
    adds_up: bool
    weekly_activities: dict[str, float]


def monthly_shares(weights: Sequence[float] | None) -> np.ndarray:
    """Twelve monthly shares of the year, from seasonality weights (None: flat, 1/12 each).

    Examples
    --------
    >>> monthly_shares([2] + [1] * 11)[:2].round(4).tolist()
    [0.1538, 0.0769]
    """
    if weights is None:
        return np.full(MONTHS_PER_YEAR, 1 / MONTHS_PER_YEAR)
    values = np.asarray(weights, dtype=np.float64)
    if values.shape != (MONTHS_PER_YEAR,):
        raise InputError("seasonality", list(weights), _("twelve weights, one per month"))
    if not np.all(np.isfinite(values)) or (values < 0).any() or values.sum() <= 0:
        bad = next((i for i, v in enumerate(values) if not (math.isfinite(v) and v >= 0)), None)
        where = f"seasonality[{MONTH_NAMES[bad]}]" if bad is not None else "seasonality"
        raise InputError(where, list(weights), _("weights of 0 or more, not all zero"))
    return values / values.sum()


def period_target(metric: Metric, goal: float, first: int, last: int) -> Target:
    """The target of one period of the plan: `metric` totalled over months `first`..`last` at least `goal`.

    Examples
    --------
    >>> period_target(Metric.DEALS, 45, 7, 9).describe()
    'Won deals at least 45 in Q3 (months 7-9)'
    """
    return Target(metric=metric, window=Window.MONTHS, start_month=first, deadline_month=last, value=goal)


def weekly_activities(
    monthly_target: float, metric: Metric, scenario: Scenario, activities: Sequence[Activity] = DEFAULT_ACTIVITIES
) -> dict[str, float]:
    """What one rep does in an average week to deliver `monthly_target` (already per rep).

    Examples
    --------
    >>> from simulator import Range
    >>> s = Scenario(win_rate=Range.known(0.25), lead_to_qualified=Range.known(0.5))
    >>> weekly = weekly_activities(4.0, Metric.DEALS, s)  # 4 deals a month -> 16 qualified -> 32 leads
    >>> round(weekly["Leads"] * WEEKS_PER_MONTH), round(weekly["Calls"] * WEEKS_PER_MONTH)
    (32, 128)
    """
    win, qualify = scenario.win_rate.mid, scenario.lead_to_qualified.mid
    if metric is Metric.REVENUE:
        deals = monthly_target / amount_mean(scenario.deal_size)
    elif metric is Metric.DEALS:
        deals = monthly_target
    else:
        deals = None
    qualified = monthly_target if metric is Metric.QUALIFIED else (deals / win if deals is not None else None)
    leads = monthly_target if metric is Metric.LEADS else qualified / qualify
    stages = {Metric.LEADS: leads, Metric.QUALIFIED: qualified, Metric.DEALS: deals}
    per_month = {stage.label: count for stage, count in stages.items() if count is not None}
    for activity in activities:
        base = leads if activity.stage == "lead" else qualified
        if base is not None:
            per_month[activity.name] = base * activity.per_stage
    return {name: value / WEEKS_PER_MONTH for name, value in per_month.items()}


def break_down(
    annual_goal: float,
    metric: Metric,
    scenario: Scenario,
    *,
    seasonality: Sequence[float] | None = None,
    activities: Sequence[Activity] = DEFAULT_ACTIVITIES,
) -> Plan:
    """Quarterly, monthly and per-rep targets, weekly activities, and the odds of each period.

    Parameters
    ----------
    annual_goal : float
        The year's goal, in `metric`'s unit.
    metric : Metric
        One of :data:`BREAKDOWN_METRICS`.
    scenario : Scenario
        The funnel: rates for the activities, and the simulation of the year for the odds
        (its horizon is set to 12 months; its trials and seed are kept).
    seasonality : sequence of 12 floats, optional
        Relative weight of each month; flat when omitted.
    activities : sequence of Activity
        The activity-to-stage table.

    Examples
    --------
    >>> plan = break_down(120, Metric.DEALS, Scenario(trials=1000, reps=2))
    >>> [q.target for q in plan.quarters], plan.months[0].target, plan.months[0].per_rep, plan.adds_up
    ([30.0, 30.0, 30.0, 30.0], 10.0, 5.0, True)
    """
    if metric not in BREAKDOWN_METRICS:
        choices = ", ".join(m.value for m in BREAKDOWN_METRICS)
        raise InputError(
            "metric", metric.value, _("one that adds up over periods: {choices}").format(choices=choices)
        )
    if not (math.isfinite(annual_goal) and annual_goal >= 0):
        raise InputError("annual_goal", annual_goal, _("a number, 0 or more"))
    shares = monthly_shares(seasonality)
    reps = max(scenario.reps + scenario.new_reps, 1)
    result = simulate(
        scenario.with_horizon(MONTHS_PER_YEAR, target=period_target(metric, annual_goal, 1, MONTHS_PER_YEAR))
    )

    def period(name: str, first: int, last: int) -> PeriodTarget:
        target = float(annual_goal * shares[first - 1 : last].sum())
        p, se = odds_of(result, period_target(metric, target, first, last))
        return PeriodTarget(name, first, last, target, target / reps, p, se)

    months = [period(MONTH_NAMES[m - 1], m, m) for m in range(1, MONTHS_PER_YEAR + 1)]
    quarters = [period(f"Q{q}", 3 * q - 2, 3 * q) for q in range(1, 5)]
    adds_up = all(
        math.isclose(sum(p.target for p in periods), annual_goal, rel_tol=1e-9, abs_tol=1e-9)
        for periods in (months, quarters)
    )
    average_month = annual_goal / MONTHS_PER_YEAR / reps
    return Plan(
        metric,
        float(annual_goal),
        reps,
        quarters,
        months,
        adds_up,
        weekly_activities(average_month, metric, scenario, activities),
    )


def plan_csv(plan: Plan) -> str:
    """The plan as CSV: one row per quarter and month, then the weekly activities per rep."""
    lines = ["period,first_month,last_month,target,target_per_rep,hit_probability,hit_probability_standard_error"]
    for row in plan.quarters + plan.months:
        lines.append(
            f"{row.period},{row.first_month},{row.last_month},{row.target!r},{row.per_rep!r},"
            f"{row.probability!r},{row.standard_error!r}"
        )
    lines.append("")
    lines.append("weekly_activity_per_rep,per_week")
    for name, value in plan.weekly_activities.items():
        lines.append(f"{_quoted(safe_text(name))},{value!r}")
    return "\r\n".join(lines) + "\r\n"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
