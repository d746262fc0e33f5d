"""The goal breakdown's ARR plan, for a scenario in subscription mode: an ARR goal in, the new MRR each quarter
needs after expected churn and expansion out (:func:`simulator.analysis.arr_plan.arr_plan`, no simulation)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from simulator import InputError, Scenario
from simulator.analysis.arr_plan import arr_plan
from ui.labels import on_screen

#: The goal offered at first: today's ARR plus this share.
DEFAULT_GROWTH = 0.2


def arr_plan_panel(scenario: Scenario) -> None:
    """ARR goal and plan length in, the quarters' new MRR and expected churn and expansion out."""
    st.subheader("ARR goal: the new MRR each quarter needs")
    today = 12 * scenario.starting_mrr
    goal_column, months_column = st.columns([2, 1])
    goal = goal_column.number_input(
        "ARR goal ($ a year)",
        min_value=0.0,
        value=float(round(today * (1 + DEFAULT_GROWTH), -3)),
        step=10_000.0,
        format="%.0f",
        key=f"bd_arr_goal_{scenario.name}",
        help=f"12 x MRR at the plan's end; today's is ${today:,.0f} (12 x the starting MRR).",
    )
    months = months_column.selectbox(
        "Reached by the end of", (3, 6, 9, 12, 18, 24), index=3, key="bd_arr_months", format_func=_quarters
    )
    try:
        plan = arr_plan(scenario, goal, months)
    except InputError as error:
        st.error(f"The ARR plan can't be made: {on_screen(error)}.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Quarter": q.quarter,
                "New MRR to add ($/month)": f"{q.new_mrr:,.0f}",
                "About this many new customers": f"{q.new_customers:,.1f}",
                "MRR expected to churn ($/month)": f"{q.churned_mrr:,.0f}",
                "Expansion expected ($/month)": f"{q.expansion_mrr:+,.0f}",
                "MRR at the quarter's end ($/month)": f"{q.mrr_at_end:,.0f}",
            }
            for q in plan.quarters
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "Expected values: the new MRR is spread evenly over the quarters and scaled so that the MRR expected at "
        "the end, after the churn and expansion expected on the way (averaged over their ranges), is the goal / "
        "12. New customers are the new MRR at a deal's mean MRR (deal size / 12). For the odds of the goal, set "
        "an ARR target on the simulator page."
    )


def _quarters(months: int) -> str:
    return f"month {months} ({months // 3} quarter{'s' if months > 3 else ''})"
