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
from simulator.i18n import N_, _, currency_affixes, currency_symbol, money_text, number_text, percent_text
from ui.cache import best_split_of
from ui.channel_editor import BASE, channel_rows
from ui.chart_style import separators
from ui.labels import on_screen
from ui.number_field import number_field
from ui.text import plain

#: Points drawn along a response curve.
CURVE_POINTS = 60
#: Each figure a split can be best for, as an "expected ..." phrase (translated where shown).
EXPECTED = {
    "visits": N_("expected visits"),
    "leads": N_("expected leads"),
    # TRANSLATORS: expected qualified opportunities
    "qualified": N_("expected qualified"),
    "deals": N_("expected deals"),
    "revenue": N_("expected revenue"),
    GROSS_PROFIT: N_("expected gross profit"),
}
#: The editor's columns (the widget's state keeps its edits by these names; their labels are translated).
CHANNEL, SHARE, SMALLEST, LARGEST = "Channel", "Your split (%)", "Smallest ($/month)", "Largest ($/month)"


@st.fragment
def budget_panel(scenario: Scenario) -> None:
    """Budget and limits, then the proposed split on demand (it runs two simulations)."""
    paid = scenario.paid_channels()
    st.markdown(_("**The best split of the budget for the coming months**"))
    if not paid:
        st.caption(
            _("No paid channel: an organic channel's spend buys no volume here, so there is nothing to split.")
        )
        return
    today = sum(channel.spend for channel in paid)
    currency = currency_symbol()
    amount, aim = st.columns([1, 2])
    budget = number_field(
        amount,
        _("Monthly budget of the paid channels ({currency})").format(currency=currency),
        min_value=0.0,
        value=float(today),
        step=1000.0,
        format="%.0f",
        key=f"split_budget_{today:.0f}",  # a new paid total (an edited spend) starts the box afresh
        help=_("Split across the paid channels, every month; campaign months keep their own spend."),
    )
    target_figure = COUNTED.get(scenario.target.metric, GROSS_PROFIT)
    objective = aim.radio(
        _("Best for"),
        list(dict.fromkeys((ODDS, target_figure, GROSS_PROFIT))),
        format_func=lambda o: _("the target's odds") if o == ODDS else _(EXPECTED[o]),
        key="split_objective",
        horizontal=True,
        help=_(
            "The odds take a search over about twenty simulations (several seconds); an expected figure, one "
            "calculation and two simulations."
        ),
    )
    table = st.data_editor(
        pd.DataFrame(
            {
                CHANNEL: [c.name for c in paid],
                SHARE: [round(100 * c.spend / today, 1) if today else 100 / len(paid) for c in paid],
                SMALLEST: 0.0,
                LARGEST: math.nan,
            }
        ),
        key=f"split_limits_{'|'.join(c.name for c in paid)}",
        hide_index=True,
        disabled=[CHANNEL],
        width="stretch",
        column_config={
            CHANNEL: st.column_config.TextColumn(_("Channel")),
            SHARE: st.column_config.NumberColumn(
                _("Your split (%)"),
                min_value=0,
                max_value=100,
                format="%.1f",
                help=_("Your own split of the budget; 100% in all"),
            ),
            SMALLEST: st.column_config.NumberColumn(
                _("Smallest ({currency}/month)").format(currency=currency), min_value=0, format="%,.0f"
            ),
            LARGEST: st.column_config.NumberColumn(
                _("Largest ({currency}/month)").format(currency=currency),
                min_value=0,
                format="%,.0f",
                help=_("Empty for no limit"),
            ),
        },
    )
    if st.button(_("Use your split"), key="use_own_split", icon=":material/tune:"):
        shares = {row[CHANNEL]: float(row[SHARE] or 0.0) / 100 for _index, row in table.iterrows()}
        try:
            _use(split_by_shares(scenario, budget, shares))
        except InputError as error:
            st.error(_("This split can't be used: {problem}.").format(problem=on_screen(error)))
    limits = tuple(
        (row[CHANNEL], float(row[SMALLEST] or 0.0), _optional(row[LARGEST])) for _index, row in table.iterrows()
    )
    if not st.toggle(
        _("Find the best split"), key="find_split", help=_("Two more simulations, on the same trials.")
    ):
        return
    try:
        with st.spinner(_("Splitting the budget and simulating the splits…")):
            split = best_split_of(scenario, budget, limits, objective)
    except InputError as error:
        st.error(_("This split can't be worked out: {problem}.").format(problem=on_screen(error)))
        return
    _show(split, paid)


def _use(scenario: Scenario) -> None:
    """Put a scenario's channels in the editor and run the page on them."""
    st.session_state[BASE] = channel_rows(scenario.channels)
    st.session_state.pop("channels", None)  # the editor's edits were to the rows this split replaces
    st.rerun()


def _show(split, paid) -> None:
    currency = currency_symbol()
    expected = _(EXPECTED[split.figure])
    table = pd.DataFrame(
        {
            _("Channel"): name,
            _("Today ({currency}/month)").format(currency=currency): number_text(split.today[name]),
            **(
                {
                    # TRANSLATORS: a column header; {expected} e.g. "expected revenue", {currency} e.g. "$"
                    _("Best for {expected} ({currency}/month)").format(
                        expected=expected, currency=currency
                    ): number_text(split.expected_split[name])
                }
                if split.proposed != split.expected_split
                else {}
            ),
            _("Proposed ({currency}/month)").format(currency=currency): number_text(split.proposed[name]),
        }
        for name in split.today
    )
    st.dataframe(table, hide_index=True, width="stretch")
    unspent = split.budget - sum(split.proposed.values())
    odds, odds_se = split.odds_change
    profit, profit_se = split.gross_profit_change
    st.markdown(
        plain(
            # TRANSLATORS: {expected} e.g. "expected revenue" (its first letter capitalised); {change} is in
            # percentage points of the odds, e.g. "+3.2 ± 0.4"
            _(
                "{expected} from the paid channels over the target's window: {today} today, {proposed} with the "
                "proposed split. Odds of the target: {odds} today, {change} points with it; gross profit {profit}."
            ).format(
                expected=expected[:1].upper() + expected[1:],
                today=number_text(split.expected_today),
                proposed=number_text(split.expected_proposed),
                odds=percent_text(split.odds_today[0]),
                change=_plus_minus(odds * 100, odds_se * 100, number_text, 1),
                profit=_plus_minus(profit, profit_se, money_text),
            )
        )
    )
    if split.odds_over_expected_split is not None:
        gain, gain_se = split.odds_over_expected_split
        if split.proposed != split.expected_split:
            # TRANSLATORS: {change} is in percentage points, e.g. "+1.5 ± 0.3"; {expected} e.g. "expected revenue"
            searched = _(
                "The search on the odds changes them by {change} points against the split for {expected} it "
                "started from."
            ).format(change=_plus_minus(gain * 100, gain_se * 100, number_text, 1), expected=expected)
        else:
            searched = _(
                "No split near the one for {expected} had better odds in the search: that split is the one "
                "proposed."
            ).format(expected=expected)
        st.markdown(plain(searched))
    if unspent > 0.5:
        st.caption(
            plain(
                _("{amount} a month is left unspent: no channel earns its next dollar back.").format(
                    amount=money_text(unspent)
                )
            )
        )
    st.caption(
        _(
            "An expected figure leaves out the reps' capacity limit and how uncertain each channel's cost is; for "
            "the odds, a search on trials of its own refines that split. The odds and gross profit shown are "
            "simulated on the scenario's trials, ± their standard errors."
        )
    )
    st.plotly_chart(_curves(split, paid), width="stretch", config={"displayModeBar": False})
    if st.button(_("Use this split"), key="use_split", icon=":material/check:"):
        _use(split.scenario)


def _plus_minus(change: float, se: float, shown, *digits: int) -> str:
    """``"+3.2 ± 0.4"``: a signed change and its standard error, each written by `shown`."""
    return f"{shown(change, *digits, signed=True)} ± {shown(se, *digits)}"


def _curves(split, paid) -> go.Figure:
    """Each paid channel's expected volume a month against its spend, today's and the proposed point on it."""
    figure = go.Figure()
    top = 2 * max([*split.today.values(), *split.proposed.values(), 1.0])
    spends = np.linspace(0.0, top, CURVE_POINTS)
    before, after = currency_affixes()
    spend_template = f"{before}%{{x:,.0f}}{after}"
    for index, channel in enumerate(paid):
        colour = f"hsl({index * 360 // len(paid)}, 60%, 45%)"
        # A name is user text: escaped for plotly's bit of HTML, and kept out of the hover template's %{...}.
        name = html.escape(channel.name)
        figure.add_scatter(x=spends, y=response_curve(channel, spends), name=name, line={"color": colour})
        points = (
            # TRANSLATORS: {channel} is a channel's name; {spend} an amount of money, {leads} a number of leads
            ("today", "circle-open", _("{channel}, today: {spend} a month → {leads} leads")),
            ("proposed", "circle", _("{channel}, proposed: {spend} a month → {leads} leads")),
        )
        for when, marker, hover in points:
            spend = getattr(split, when)[channel.name]
            figure.add_scatter(
                x=[spend],
                y=response_curve(channel, np.array([spend])),
                mode="markers",
                marker={"symbol": marker, "size": 12, "color": colour},
                name=f"{name}: {when}",  # not shown: no legend, and the hover text has its own words
                showlegend=False,
                customdata=[name],
                hovertemplate=hover.format(channel="%{customdata}", spend=spend_template, leads="%{y:,.0f}")
                + "<extra></extra>",
            )
    figure.update_layout(
        title=_("Response curves: expected leads a month (open circle: today, filled: proposed)"),
        xaxis_title=_("Spend a month ({currency})").format(currency=currency_symbol()),
        yaxis_title=_("Leads a month"),
        separators=separators(),
        height=380,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return figure


def _optional(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
