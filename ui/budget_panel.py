"""The best split of the marketing budget: the budget and each paid channel's limits in, today's split and the
proposed one side by side, each channel's response curve with both points, and the gain in odds."""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from simulator import InputError, Scenario
from simulator.analysis.budget import COUNTED, GROSS_PROFIT, ODDS, response_curve, split_by_shares
from ui.cache import best_split_of
from ui.channel_editor import BASE, channel_rows
from ui.labels import on_screen
from ui.text import plain

#: Points drawn along a response curve.
CURVE_POINTS = 60


@st.fragment
def budget_panel(scenario: Scenario) -> None:
    """Budget and limits, then the proposed split on demand (it runs two simulations)."""
    paid = scenario.paid_channels()
    st.markdown("**The best split of the budget for the coming months**")
    if not paid:
        st.caption(
            "No paid channel: an organic channel's spend buys no volume here, so there is nothing to split."
        )
        return
    today = sum(channel.spend for channel in paid)
    amount, aim = st.columns([1, 2])
    budget = amount.number_input(
        "Monthly budget of the paid channels ($)",
        min_value=0.0,
        value=float(today),
        step=1000.0,
        format="%.0f",
        key=f"split_budget_{today:.0f}",  # a new paid total (an edited spend) starts the box afresh
        help="Split across the paid channels, every month; campaign months keep their own spend.",
    )
    target_figure = COUNTED.get(scenario.target.metric, GROSS_PROFIT)
    objective = aim.radio(
        "Best for",
        list(dict.fromkeys((ODDS, target_figure, GROSS_PROFIT))),
        format_func=lambda o: "the target's odds" if o == ODDS else f"expected {o}",
        key="split_objective",
        horizontal=True,
        help="The odds take a search over about twenty simulations (several seconds); an expected figure, one "
        "calculation and two simulations.",
    )
    table = st.data_editor(
        pd.DataFrame(
            {
                "Channel": [c.name for c in paid],
                "Your split (%)": [round(100 * c.spend / today, 1) if today else 100 / len(paid) for c in paid],
                "Smallest ($/month)": 0.0,
                "Largest ($/month)": math.nan,
            }
        ),
        key=f"split_limits_{'|'.join(c.name for c in paid)}",
        hide_index=True,
        disabled=["Channel"],
        width="stretch",
        column_config={
            "Your split (%)": st.column_config.NumberColumn(
                min_value=0, max_value=100, format="%.1f", help="Your own split of the budget; 100% in all"
            ),
            "Smallest ($/month)": st.column_config.NumberColumn(min_value=0, format="%,.0f"),
            "Largest ($/month)": st.column_config.NumberColumn(
                min_value=0, format="%,.0f", help="Empty for no limit"
            ),
        },
    )
    if st.button("Use your split", key="use_own_split", icon=":material/tune:"):
        shares = {row["Channel"]: float(row["Your split (%)"] or 0.0) / 100 for _, row in table.iterrows()}
        try:
            _use(split_by_shares(scenario, budget, shares))
        except InputError as error:
            st.error(f"This split can't be used: {on_screen(error)}.")
    limits = tuple(
        (row["Channel"], float(row["Smallest ($/month)"] or 0.0), _optional(row["Largest ($/month)"]))
        for _, row in table.iterrows()
    )
    if not st.toggle("Find the best split", key="find_split", help="Two more simulations, on the same trials."):
        return
    try:
        with st.spinner("Splitting the budget and simulating the splits…"):
            split = best_split_of(scenario, budget, limits, objective)
    except InputError as error:
        st.error(f"This split can't be worked out: {on_screen(error)}.")
        return
    _show(split, paid)


def _use(scenario: Scenario) -> None:
    """Put a scenario's channels in the editor and run the page on them."""
    st.session_state[BASE] = channel_rows(scenario.channels)
    st.session_state.pop("channels", None)  # the editor's edits were to the rows this split replaces
    st.rerun()


def _show(split, paid) -> None:
    table = pd.DataFrame(
        {
            "Channel": name,
            "Today ($/month)": f"{split.today[name]:,.0f}",
            **(
                {f"Best for expected {split.figure} ($/month)": f"{split.expected_split[name]:,.0f}"}
                if split.proposed != split.expected_split
                else {}
            ),
            "Proposed ($/month)": f"{split.proposed[name]:,.0f}",
        }
        for name in split.today
    )
    st.dataframe(table, hide_index=True, width="stretch")
    unspent = split.budget - sum(split.proposed.values())
    odds, odds_se = split.odds_change
    profit, profit_se = split.gross_profit_change
    st.markdown(
        plain(
            f"Expected {split.figure} from the paid channels over the target's window: "
            f"{split.expected_today:,.0f} today, "
            f"{split.expected_proposed:,.0f} with the proposed split. Odds of the target: "
            f"{split.odds_today[0]:.0%} today, {odds * 100:+.1f} ± {odds_se * 100:.1f} points with it; "
            f"gross profit {'+' if profit >= 0 else '-'}${abs(profit):,.0f} ± ${profit_se:,.0f}."
        )
    )
    if split.odds_over_expected_split is not None:
        gain, gain_se = split.odds_over_expected_split
        st.markdown(
            plain(
                f"The search on the odds changes them by {gain * 100:+.1f} ± {gain_se * 100:.1f} points against "
                f"the split for expected {split.figure} it started from."
                if split.proposed != split.expected_split
                else f"No split near the one for expected {split.figure} had better odds in the search: that "
                "split is the one proposed."
            )
        )
    if unspent > 0.5:
        st.caption(plain(f"${unspent:,.0f} a month is left unspent: no channel earns its next dollar back."))
    st.caption(
        "An expected figure leaves out the reps' capacity limit and how uncertain each channel's cost is; for the "
        "odds, a search on trials of its own refines that split. The odds and gross profit shown are simulated "
        "on the scenario's trials, ± their standard errors."
    )
    st.plotly_chart(_curves(split, paid), width="stretch", config={"displayModeBar": False})
    if st.button("Use this split", key="use_split", icon=":material/check:"):
        _use(split.scenario)


def _curves(split, paid) -> go.Figure:
    """Each paid channel's expected volume a month against its spend, today's and the proposed point on it."""
    figure = go.Figure()
    top = 2 * max([*split.today.values(), *split.proposed.values(), 1.0])
    spends = np.linspace(0.0, top, CURVE_POINTS)
    for index, channel in enumerate(paid):
        colour = f"hsl({index * 360 // len(paid)}, 60%, 45%)"
        # A name is user text: escaped for plotly's bit of HTML, and kept out of the hover template's %{...}.
        name = html.escape(channel.name)
        figure.add_scatter(x=spends, y=response_curve(channel, spends), name=name, line={"color": colour})
        for when, marker in (("today", "circle-open"), ("proposed", "circle")):
            spend = getattr(split, when)[channel.name]
            figure.add_scatter(
                x=[spend],
                y=response_curve(channel, np.array([spend])),
                mode="markers",
                marker={"symbol": marker, "size": 12, "color": colour},
                name=f"{name}: {when}",
                showlegend=False,
                customdata=[name],
                hovertemplate=f"%{{customdata}}, {when}: $%{{x:,.0f}} a month → %{{y:,.0f}} leads<extra></extra>",
            )
    figure.update_layout(
        title="Response curves: expected leads a month (open circle: today, filled: proposed)",
        xaxis_title="Spend a month ($)",
        yaxis_title="Leads a month",
        height=380,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return figure


def _optional(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
