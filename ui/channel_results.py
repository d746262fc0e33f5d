"""The lead channels section: the editor, what each channel brings and costs, and where the next $1,000 goes."""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from simulator import Metric, Scenario
from simulator.analysis.channels import NEXT_SPEND
from simulator.i18n import N_, _, currency_symbol, money_text, number_text, percent_text
from ui.budget_panel import budget_panel
from ui.cache import next_spend_of
from ui.channel_editor import channel_editor
from ui.chart_style import separators

#: A channel's figures in the table: key of ChannelRow.figures -> (header, money?); a header is translated where
#: shown, with the session's currency for ``{currency}``.
TABLE = {
    "visits": (N_("Visits"), False),
    "leads": (N_("Leads"), False),
    # TRANSLATORS: a row of a table of lead channels: qualified opportunities
    "qualified": (N_("Qualified"), False),
    "deals": (N_("Won deals"), False),
    "revenue": (N_("Revenue ({currency})"), True),
    "cost_per_lead": (N_("Cost per lead ({currency})"), True),
    "cac": (N_("CAC ({currency})"), True),
}


def channels_inputs(count: int) -> None:
    """The editor, in an expander that says how many channels there are."""
    if count:
        title = _("Lead channels ({count})").format(count=number_text(count))
    else:
        title = _("Lead channels: all traffic is one channel")
    with st.expander(title, icon=":material/hub:", expanded=False):
        st.caption(
            _(
                "One row per source of visits or leads. Organic: a 90% range of what it brings a month. Paid: a "
                "spend a month at a 90% range of cost per visit or lead, with the most it can bring a month "
                "(doubling the spend does not double the leads). Win rate, deal size and sales cycle are shared. "
                "With no rows, the sidebar's traffic inputs are the one channel. Add a row with + below the table."
            )
        )
        channel_editor()


def channel_section(scenario: Scenario, summary) -> None:
    """What each channel brings over the target's window, which ones carry the target, and the next $1,000."""
    if not summary.channels:
        return
    target = scenario.target
    first, last = target.start_month, target.deadline_month
    if first == last:
        heading = _("**Lead channels, month {month} in all**: P50 (P10–P90) of each figure, per channel").format(
            month=number_text(last)
        )
    else:
        heading = _(
            "**Lead channels, months {first}–{last} in all**: P50 (P10–P90) of each figure, per channel"
        ).format(first=number_text(first), last=number_text(last))
    st.markdown(heading)
    # One column per channel, one row per figure: a handful of channels fits a projector's width this way.
    currency = currency_symbol()
    headers = [_(header).format(currency=currency) for header, _money in TABLE.values()]
    columns = {"": [_("Spend ({currency})").format(currency=currency), *headers, _("ROI")]}
    for row in summary.channels:
        figures = [_spread(row.figures[key], money) for key, (_header, money) in TABLE.items()]
        columns[row.name] = [
            _one(row.spend, True, False),
            *figures,
            _spread(row.figures["roi"], False, percent=True),
        ]
    st.dataframe(pd.DataFrame(columns), hide_index=True, width="stretch", height="content")
    st.caption(
        _(
            "A channel's deals and revenue are those of its own opportunities (the open pipeline's belong to "
            "none); its cost per lead, CAC and ROI ((revenue x gross margin - spend) / spend) count its own spend "
            "only, not the reps' cost."
        )
    )
    chart, dollar = st.columns([1, 1])
    money = target.metric in (Metric.REVENUE, Metric.GROSS_PROFIT)
    chart.plotly_chart(_carried_chart(summary.channels, money), width="stretch", config={"displayModeBar": False})
    with dollar:
        next_dollar(scenario)
    budget_panel(scenario)


def next_dollar(scenario: Scenario) -> None:
    """Where $1,000 more a month would go: a button, as it runs one simulation per paid channel."""
    # TRANSLATORS: {amount} is an amount of money, e.g. "$1,000"
    st.markdown(_("**Where the next {amount} a month goes**").format(amount=money_text(NEXT_SPEND)))
    if not st.toggle(_("Work it out"), key="next_dollar", help=_("One more simulation per paid channel.")):
        st.caption(_("Each paid channel with its spend raised in every month, on the same trials."))
        return
    with st.spinner(_("Simulating each paid channel with more spend…")):
        answers = next_spend_of(scenario)
    if not answers:
        st.caption(_("No paid channel: an organic channel's spend is a fixed cost that buys no volume here."))
        return
    table = pd.DataFrame(
        {
            _("Channel"): answer.name,
            _("Won deals"): _change(answer.deals, 2),
            _("Gross profit ({currency})").format(currency=currency_symbol()): _change(answer.gross_profit, 0),
            # TRANSLATORS: a column header: the change in the odds of the target, in percentage points
            _("Odds (points)"): _change(tuple(x * 100 for x in answer.odds), 1),
        }
        for answer in answers
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(
        _(
            "Over the target's window, with {amount} more spend in every month; ± is the standard error of the "
            "paired trials. Gross profit counts the extra spend."
        ).format(amount=money_text(NEXT_SPEND))
    )


def _carried_chart(rows, money: bool) -> go.Figure:
    """Mean won deals (or revenue) of each channel's opportunities: which channels carry the target."""
    values = [row.mean_revenue if money else row.mean_deals for row in rows]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=[html.escape(row.name) for row in rows],  # user text: plotly renders a little HTML
            orientation="h",
            text=[money_text(v) if money else number_text(v, 1) for v in values],
            textposition="auto",
        )
    )
    if money:
        title = _("Who carries the target: mean revenue ({currency}) per channel").format(
            currency=currency_symbol()
        )
    else:
        title = _("Who carries the target: mean won deals per channel")
    figure.update_layout(
        title=title,
        separators=separators(),
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
        return percent_text(value)
    if money and abs(value) >= 10_000:  # thousands, so that a row of money fits a projector
        # TRANSLATORS: an amount in thousands in a narrow table, e.g. "125k" for 125,000
        return _("{thousands}k").format(thousands=number_text(value / 1000))
    if money or abs(value) >= 100:
        return number_text(value)
    return number_text(value, 0 if f"{value:.1f}".endswith(".0") else 1)  # 12 rather than 12.0


def _change(pair: tuple[float, float], digits: int) -> str:
    """``"+2.10 ± 0.02"``: the standard error with the change's own `digits` decimals."""
    change, se = pair
    return f"{number_text(change, digits, signed=True)} ± {number_text(se, digits)}"
