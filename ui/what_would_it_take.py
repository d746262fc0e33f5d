"""The "What would it take?" section of the simulator page: goal seek, hiring, reverse funnel and tornado."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from simulator import InputError, Scenario
from simulator.analysis.capacity import capacity_report
from simulator.analysis.goal_seek import seeks
from simulator.analysis.levers import describe_value, heading
from simulator.analysis.sensitivity import most_important
from ui import charts
from ui.cache import what_would_it_take_of
from ui.text import plain


@st.fragment
def what_would_it_take_section(scenario: Scenario, summary) -> None:
    """Goal seek, tornado, capacity and hiring, reverse funnel: on request, as they take a second or two."""
    st.subheader("What would it take?")
    controls, results = st.columns([1, 3])
    st.session_state.setdefault("confidence", 80)
    confidence = controls.slider(
        "Confidence to reach (%)",
        min_value=50,
        max_value=99,
        step=1,
        key="confidence",
        help="The odds the answers aim for: 80% means the target is hit in 80% of trials.",
    )
    controls.markdown(plain(capacity_report(summary.backlog_median).sentence))
    if not seeks(scenario.target):
        results.info(
            "What-would-it-take works on at-least targets (deals, revenue, ...) and on a ceiling on churn, whose "
            "odds rise with every lever. For a ceiling such as CAC, use the sliders and the SMART check."
        )
        return
    wanted = (scenario, confidence)
    if controls.button(
        "Work it out",
        key="work_it_out",
        type="primary",
        icon=":material/calculate:",
        help="Tries every lever at the current inputs; about a second or two.",
    ):
        st.session_state["worked_out_for"] = wanted
    if st.session_state.get("worked_out_for") != wanted:
        results.info(
            f"Press **Work it out** to find, lever by lever, what reaches {confidence}% — and which "
            "lever matters most."
        )
        return
    with results:
        # A spinner, not a progress bar: nothing that draws may go into the cached call (CacheReplayClosureError).
        try:
            with st.spinner("Trying every lever…"):
                answer = what_would_it_take_of(scenario, confidence / 100)
        except InputError as error:  # a lever pushed far (ten times the traffic) can be more work than a run may
            st.error(
                f"**Work it out** tries each lever well beyond today's value, and here one of those tries would "
                f"be more work than this server allows: {plain(str(error))}."
            )
            return
        requirements_table(answer, confidence)
        if answer.hiring is not None:
            st.markdown(f"**Hiring**: {plain(answer.hiring.sentence)}")
        reverse_funnel_table(answer, scenario, confidence)
    st.markdown(f"**{plain(most_important(answer.swings))}**")
    charts.show(charts.tornado_chart(answer.swings, summary.answer.probability))


def requirements_table(answer, confidence: int) -> None:
    rows = []
    for requirement in answer.requirements:
        needed = (
            describe_value(requirement.lever, requirement.needed)
            if requirement.needed is not None
            else "not reachable"
        )
        rows.append(
            {
                "Lever (everything else unchanged)": heading(requirement.lever),
                "Now": describe_value(requirement.lever, requirement.current),
                f"Needed for {confidence}%": needed,
                "Chance there": f"{requirement.odds_at_needed:.0%}" if requirement.needed is not None else "",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    # Four columns fit a projector; the levers that can't get there say how far they were tried.
    for requirement in answer.requirements:
        if requirement.needed is None:
            st.caption(plain(requirement.sentence[:1].upper() + requirement.sentence[1:]))


def reverse_funnel_table(answer, scenario: Scenario, confidence: int) -> None:
    if not answer.reverse:
        return
    period = scenario.target.period
    rows = [
        {
            "Stage": step.stage,
            f"Calculator (averages), {period}": f"{step.average:,.0f}",
            f"Median needed for {confidence}%": "traffic alone can't"
            if step.at_confidence is None
            else f"{step.at_confidence:,.0f}",
        }
        for step in answer.reverse
    ]
    st.markdown("**Reverse funnel**: what the target needs at each stage")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if scenario.sales_cycle_months:
        st.caption(
            f"The calculator ignores the {scenario.sales_cycle_months:g}-month sales cycle and luck; the "
            "simulated column includes both."
        )
