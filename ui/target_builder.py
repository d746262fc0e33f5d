"""The target builder: metric, direction, value (a number or a % change against a baseline), deadline and annual
goal, above the simulator page's results."""

from __future__ import annotations

import math

import streamlit as st

from simulator import Direction, Metric
from ui.inputs import BY_CHANGE, BY_NUMBER

DIRECTION_LABELS = {direction: direction.words.capitalize() for direction in Direction}

#: Session-state key of today's median of every figure by the deadline, set by the simulator page.
MEDIANS = "medians_by_deadline"


def two_significant_digits(value: float) -> float:
    """`value` rounded to two significant digits, as a manager would write a target.

    >>> two_significant_digits(50.6), two_significant_digits(253_501), two_significant_digits(0.0)
    (51.0, 250000.0, 0.0)
    """
    if value <= 0:
        return 0.0
    step = 10.0 ** (math.floor(math.log10(value)) - 1)
    return float(round(value / step) * step)


def _metric_changed() -> None:
    """A new metric gets a target in its own units: today's median + 10% (- 10% for a ceiling such as CAC).

    The annual goal counted the old metric, so it is cleared.
    """
    state = st.session_state
    metric = Metric(state["target_metric"])
    direction = Direction.AT_MOST if metric is Metric.CAC else Direction.AT_LEAST
    median = state.get(MEDIANS, {}).get(metric.value)
    if median is None or not math.isfinite(median):
        median = 0.0
    value = two_significant_digits(median * (0.9 if direction is Direction.AT_MOST else 1.1))
    state["target_direction"] = direction
    state["target_mode"] = BY_NUMBER
    state["target_value"] = value
    state["target_baseline"] = two_significant_digits(median)
    state["target_change_pct"] = -10.0 if direction is Direction.AT_MOST else 10.0
    if state.get("annual_goal"):
        state["annual_goal"] = 0.0
        st.toast("The annual goal was cleared: it counted another metric.", icon=":material/info:")


def target_builder() -> None:
    """Metric, direction, value (number or % change vs a baseline), deadline, optional annual goal."""
    state = st.session_state
    columns = st.columns([2.2, 1.2, 1.6, 2.4, 1.4, 1.6])
    columns[0].selectbox(
        "Target metric",
        list(Metric),
        key="target_metric",
        format_func=lambda m: m.label,
        on_change=_metric_changed,
        help="What the target counts, totalled from month 1 to the deadline. A new metric starts from today's "
        "median + 10% (CAC: - 10%).",
    )
    columns[1].radio(
        "Direction",
        list(Direction),
        key="target_direction",
        format_func=DIRECTION_LABELS.get,
        help="At least for deals or revenue; at most for a cost such as CAC.",
    )
    columns[2].radio(
        "Target given as",
        (BY_NUMBER, BY_CHANGE),
        key="target_mode",
        help="A number, or a % change against a baseline such as last quarter's result.",
    )
    if state["target_mode"] == BY_NUMBER:
        columns[3].number_input(
            "Target value",
            min_value=0.0,
            step=1.0,
            key="target_value",
            format="%.0f",
            help="Total from month 1 to the deadline (CAC: costs / deals).",
        )
    else:
        change, baseline = columns[3].columns(2)
        change.number_input(
            "Change (%)",
            min_value=-100.0,
            step=5.0,
            key="target_change_pct",
            format="%.0f",
            help="25 means +25% against the baseline.",
        )
        baseline.number_input(
            "Baseline",
            min_value=0.0,
            step=1.0,
            key="target_baseline",
            format="%.0f",
            help="What the change is measured against, e.g. last quarter's result.",
        )
    horizon = int(state["horizon_months"])
    if state["target_deadline_month"] > horizon:
        st.toast(
            f"The deadline moved from month {state['target_deadline_month']} to month {horizon}: the horizon is "
            f"now {horizon} months.",
            icon=":material/event:",
        )
        state["target_deadline_month"] = horizon
    columns[4].number_input(
        "Deadline (month)",
        min_value=1,
        max_value=horizon,
        step=1,
        key="target_deadline_month",
        help="Month of the horizon by which the target must be hit (3 = end of the quarter).",
    )
    columns[5].number_input(
        "Annual goal (0 = none)",
        min_value=0.0,
        step=1.0,
        key="annual_goal",
        format="%.0f",
        help="The yearly goal this target should add up to: quarterly x 4, monthly x 12.",
    )
