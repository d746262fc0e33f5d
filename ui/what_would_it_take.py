"""The "What would it take?" section of the simulator page: goal seek, hiring, reverse funnel and tornado."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from simulator import InputError, Scenario
from simulator.analysis.capacity import capacity_report
from simulator.analysis.goal_seek import seeks
from simulator.analysis.levers import describe_value, heading
from simulator.analysis.sensitivity import most_important
from simulator.i18n import _, number_text, percent_text
from ui import chart_style, charts
from ui.cache import what_would_it_take_of
from ui.text import plain
from ui.widget_layout import decimals_of


@st.fragment
def what_would_it_take_section(scenario: Scenario, summary) -> None:
    """Goal seek, tornado, capacity and hiring, reverse funnel: on request, as they take a second or two."""
    st.subheader(_("What would it take?"))
    controls, results = st.columns([1, 3])
    st.session_state.setdefault("confidence", 80)
    confidence = controls.slider(
        _("Confidence to reach (%)"),
        min_value=50,
        max_value=99,
        step=1,
        key="confidence",
        help=_("The odds the answers aim for: 80% means the target is hit in 80% of trials."),
    )
    controls.markdown(plain(capacity_report(summary.backlog_median).sentence))
    if not seeks(scenario.target):
        results.info(
            _(
                "What-would-it-take works on at-least targets (deals, revenue, ...) and on a ceiling on churn, "
                "whose odds rise with every lever. For a ceiling such as CAC, use the sliders and the SMART check."
            )
        )
        return
    wanted = (scenario, confidence)
    if controls.button(
        _("Work it out"),
        key="work_it_out",
        type="primary",
        icon=":material/calculate:",
        help=_("Tries every lever at the current inputs; about a second or two."),
    ):
        st.session_state["worked_out_for"] = wanted
    if st.session_state.get("worked_out_for") != wanted:
        results.info(
            # TRANSLATORS: **Work it out** is the button's label above: keep it the same as its translation
            _(
                "Press **Work it out** to find, lever by lever, what reaches {confidence} — and which lever "
                "matters most."
            ).format(confidence=percent_text(confidence / 100))
        )
        return
    with results:
        # A spinner, not a progress bar: nothing that draws may go into the cached call (CacheReplayClosureError).
        try:
            with st.spinner(_("Trying every lever…")):
                answer = what_would_it_take_of(scenario, confidence / 100)
        except InputError as error:  # a lever pushed far (ten times the traffic) can be more work than a run may
            st.error(
                _(
                    "**Work it out** tries each lever well beyond today's value, and here one of those tries "
                    "would be more work than this server allows: {reason}."
                ).format(reason=plain(str(error)))
            )
            return
        requirements_table(answer, confidence)
        if answer.hiring is not None:
            st.markdown(_("**Hiring**: {sentence}").format(sentence=plain(answer.hiring.sentence)))
        reverse_funnel_table(answer, scenario, confidence)
    st.markdown(f"**{plain(most_important(answer.swings))}**")
    chart_style.show(charts.tornado_chart(answer.swings, summary.answer.probability))


def requirements_table(answer, confidence: int) -> None:
    rows = []
    for requirement in answer.requirements:
        needed = (
            describe_value(requirement.lever, requirement.needed)
            if requirement.needed is not None
            else _("not reachable")
        )
        rows.append(
            {
                _("Lever (everything else unchanged)"): heading(requirement.lever),
                # TRANSLATORS: a column: the lever's value today
                _("Now"): describe_value(requirement.lever, requirement.current),
                # TRANSLATORS: a column: the lever's value needed to hit the target with {confidence} odds ("80%")
                _("Needed for {confidence}").format(confidence=percent_text(confidence / 100)): needed,
                # TRANSLATORS: a column: the odds of hitting the target at the needed value
                _("Chance there"): percent_text(requirement.odds_at_needed)
                if requirement.needed is not None
                else "",
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
    # TRANSLATORS: a column: what each stage needs by the plain calculator's averages, e.g. "..., by month 3"
    calculator = _("Calculator (averages), {period}").format(period=period)
    # TRANSLATORS: a column: the simulated median each stage needs for the target's odds to reach {confidence}
    simulated = _("Median needed for {confidence}").format(confidence=percent_text(confidence / 100))
    rows = [
        {
            _("Stage"): _(step.stage),
            calculator: number_text(step.average),
            simulated: _("traffic alone can't") if step.at_confidence is None else number_text(step.at_confidence),
        }
        for step in answer.reverse
    ]
    st.markdown(_("**Reverse funnel**: what the target needs at each stage"))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if scenario.sales_cycle_months:
        st.caption(
            # TRANSLATORS: {months} is a number of months, e.g. "the 2.5-month sales cycle"
            _(
                "The calculator ignores the {months}-month sales cycle and luck; the simulated column includes "
                "both."
            ).format(months=number_text(scenario.sales_cycle_months, _digits(scenario.sales_cycle_months)))
        )


def _digits(value: float) -> int:
    """Decimals to write `value` as ``:g`` does (six significant digits at most)."""
    return decimals_of(float(f"{value:.6g}"))
