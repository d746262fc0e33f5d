"""The goal breakdown's ARR plan, for a scenario in subscription mode: an ARR goal in, the new MRR each quarter
needs after expected churn and expansion out (:func:`simulator.analysis.arr_plan.arr_plan`, no simulation)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from simulator import InputError, Scenario
from simulator.analysis.arr_plan import arr_plan
from simulator.i18n import _, currency_symbol, money_text, ngettext, number_text
from ui.labels import on_screen
from ui.number_field import number_field

#: The goal offered at first: today's ARR plus this share.
DEFAULT_GROWTH = 0.2


def arr_plan_panel(scenario: Scenario) -> None:
    """ARR goal and plan length in, the quarters' new MRR and expected churn and expansion out."""
    st.subheader(_("ARR goal: the new MRR each quarter needs"))
    today = 12 * scenario.starting_mrr
    currency = currency_symbol()
    goal_column, months_column = st.columns([2, 1])
    goal = number_field(
        goal_column,
        _("ARR goal ({currency} a year)").format(currency=currency),
        min_value=0.0,
        value=float(round(today * (1 + DEFAULT_GROWTH), -3)),
        step=10_000.0,
        format="%.0f",
        key=f"bd_arr_goal_{scenario.name}",
        help=_("12 x MRR at the plan's end; today's is {amount} (12 x the starting MRR).").format(
            amount=money_text(today)
        ),
    )
    months = months_column.selectbox(
        _("Reached by the end of"), (3, 6, 9, 12, 18, 24), index=3, key="bd_arr_months", format_func=_quarters
    )
    try:
        plan = arr_plan(scenario, goal, months)
    except InputError as error:
        st.error(_("The ARR plan can't be made: {problem}.").format(problem=on_screen(error)))
        return
    st.dataframe(
        pd.DataFrame(
            {
                _("Quarter"): q.quarter,
                _("New MRR to add ({currency}/month)").format(currency=currency): number_text(q.new_mrr),
                _("About this many new customers"): number_text(q.new_customers, 1),
                _("MRR expected to churn ({currency}/month)").format(currency=currency): number_text(
                    q.churned_mrr
                ),
                _("Expansion expected ({currency}/month)").format(currency=currency): number_text(
                    q.expansion_mrr, signed=True
                ),
                _("MRR at the quarter's end ({currency}/month)").format(currency=currency): number_text(
                    q.mrr_at_end
                ),
            }
            for q in plan.quarters
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        _(
            "Expected values: the new MRR is spread evenly over the quarters and scaled so that the MRR expected "
            "at the end, after the churn and expansion expected on the way (averaged over their ranges), is the "
            "goal / 12. New customers are the new MRR at a deal's mean MRR (deal size / 12). For the odds of the "
            "goal, set an ARR target on the simulator page."
        )
    )


def _quarters(months: int) -> str:
    quarters = months // 3
    # TRANSLATORS: a choice of when an ARR goal is reached, e.g. "month 12 (4 quarters)"
    return ngettext("month {month} ({quarters} quarter)", "month {month} ({quarters} quarters)", quarters).format(
        month=number_text(months), quarters=number_text(quarters)
    )
