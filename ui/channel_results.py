"""The lead channels section: the editor, what each channel brings and costs, and where the next $1,000 goes."""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from simulator import Metric, Scenario
from simulator.analysis.channels import NEXT_SPEND
from ui.budget_panel import budget_panel
from ui.cache import next_spend_of
from ui.channel_editor import channel_editor

#: A channel's figures in the table: key of ChannelRow.figures -> (header, money?).
TABLE = {
    "visits": ("Visits", False),
    "leads": ("Leads", False),
    "qualified": ("Qualified", False),
    "deals": ("Won deals", False),
    "revenue": ("Revenue ($)", True),
    "cost_per_lead": ("Cost per lead ($)", True),
    "cac": ("CAC ($)", True),
}


def channels_inputs(count: int) -> None:
    """The editor, in an expander that says how many channels there are."""
    title = f"Lead channels ({count})" if count else "Lead channels: all traffic is one channel"
    with st.expander(title, icon=":material/hub:", expanded=False):
        st.caption(
            "One row per source of visits or leads. Organic: a 90% range of what it brings a month. Paid: a spend "
            "a month at a 90% range of cost per visit or lead, with the most it can bring a month (doubling the "
            "spend does not double the leads). Win rate, deal size and sales cycle are shared. With no rows, the "
            "sidebar's traffic inputs are the one channel. Add a row with + below the table."
        )
        channel_editor()


def channel_section(scenario: Scenario, summary) -> None:
    """What each channel brings over the target's window, which ones carry the target, and the next $1,000."""
    if not summary.channels:
        return
    target = scenario.target
    first, last = target.start_month, target.deadline_month
    months = f"month {last}" if first == last else f"months {first}–{last}"
    st.markdown(f"**Lead channels, {months} in all**: P50 (P10–P90) of each figure, per channel")
    # One column per channel, one row per figure: a handful of channels fits a projector's width this way.
    columns = {"": ["Spend ($)", *(header for header, _ in TABLE.values()), "ROI"]}
    for row in summary.channels:
        figures = [_spread(row.figures[key], money) for key, (_, money) in TABLE.items()]
        columns[row.name] = [
            _one(row.spend, True, False),
            *figures,
            _spread(row.figures["roi"], False, percent=True),
        ]
    st.dataframe(pd.DataFrame(columns), hide_index=True, width="stretch", height="content")
    st.caption(
        "A channel's deals and revenue are those of its own opportunities (the open pipeline's belong to none); "
        "its cost per lead, CAC and ROI ((revenue x gross margin - spend) / spend) count its own spend only, not "
        "the reps' cost."
    )
    chart, dollar = st.columns([1, 1])
    money = target.metric in (Metric.REVENUE, Metric.GROSS_PROFIT)
    chart.plotly_chart(_carried_chart(summary.channels, money), width="stretch", config={"displayModeBar": False})
    with dollar:
        next_dollar(scenario)
    budget_panel(scenario)


def next_dollar(scenario: Scenario) -> None:
    """Where $1,000 more a month would go: a button, as it runs one simulation per paid channel."""
    st.markdown(f"**Where the next ${NEXT_SPEND:,.0f} a month goes**")
    if not st.toggle("Work it out", key="next_dollar", help="One more simulation per paid channel."):
        st.caption("Each paid channel with its spend raised in every month, on the same trials.")
        return
    with st.spinner("Simulating each paid channel with more spend…"):
        answers = next_spend_of(scenario)
    if not answers:
        st.caption("No paid channel: an organic channel's spend is a fixed cost that buys no volume here.")
        return
    table = pd.DataFrame(
        {
            "Channel": answer.name,
            "Won deals": _change(answer.deals, "{:+,.2f}"),
            "Gross profit ($)": _change(answer.gross_profit, "{:+,.0f}"),
            "Odds (points)": _change(tuple(x * 100 for x in answer.odds), "{:+,.1f}"),
        }
        for answer in answers
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(
        f"Over the target's window, with ${NEXT_SPEND:,.0f} more spend in every month; ± is the standard error of "
        "the paired trials. Gross profit counts the extra spend."
    )


def _carried_chart(rows, money: bool) -> go.Figure:
    """Mean won deals (or revenue) of each channel's opportunities: which channels carry the target."""
    values = [row.mean_revenue if money else row.mean_deals for row in rows]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=[html.escape(row.name) for row in rows],  # user text: plotly renders a little HTML
            orientation="h",
            text=[f"${v:,.0f}" if money else f"{v:,.1f}" for v in values],
            textposition="auto",
        )
    )
    figure.update_layout(
        title="Who carries the target: mean " + ("revenue ($)" if money else "won deals") + " per channel",
        height=60 + 45 * len(rows),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        yaxis={"autorange": "reversed"},
    )
    return figure


def _spread(values: tuple[float, ...], money: bool, *, percent: bool = False) -> str:
    """``"1,274 (980–1,638)"``; a figure without a value (no lead to divide by) is a dash."""
    low, mid, high = values
    if any(math.isnan(v) for v in values):
        return "–"
    shown = [_one(v, money, percent) for v in (mid, low, high)]
    return f"{shown[0]} ({shown[1]}–{shown[2]})"


def _one(value: float, money: bool, percent: bool) -> str:
    if math.isinf(value):  # a trial without a lead or a deal to divide by
        return "–"
    if percent:
        return f"{value:.0%}"
    if money and abs(value) >= 10_000:  # thousands, so that a row of money fits a projector
        return f"{value / 1000:,.0f}k"
    return f"{value:,.0f}" if money or abs(value) >= 100 else f"{value:,.1f}".removesuffix(".0")


def _change(pair: tuple[float, float], form: str) -> str:
    """``"+2.10 ± 0.02"``: the standard error with the change's own decimals."""
    change, se = pair
    return f"{form.format(change)} ± {form.replace('+', '').format(se)}"
