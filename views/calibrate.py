"""Calibrate page: fit the funnel from past monthly counts (and each lead channel, from a history by channel),
judge the target against the record, re-forecast from actuals to date, and backtest how honest past forecasts
were.

Widgets in, the history functions of simulator/history.py, tables and charts out.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from simulator.history import (
    RATES,
    REQUIRED,
    HistoryError,
    backtest,
    fit,
    fit_channels,
    fit_subscription,
    fitted_channel_rows,
    fitted_rows,
    judge_target,
    subscription_rows,
)
from simulator.history.table import MAX_ROWS
from simulator.i18n import N_, _, ngettext, number_text, percent_text
from simulator.model.checks import InputError
from simulator.model.stages import RATES as STAGE_RATES
from simulator.model.subscription import RevenueMode
from ui.cache import history_of
from ui.channel_editor import BASE, channel_rows
from ui.chart_style import separators, show
from ui.file_questions import TABLE_FILES
from ui.library import library_with_current, open_calibrated, shown_name
from ui.number_field import number_field
from ui.reforecast_panel import reforecast_section
from ui.text import plain

SAMPLE_DATA = Path(__file__).parent.parent / "sample_data"
#: The sample histories the page can open on, by the words of its choice.
SAMPLE_HISTORIES = {
    N_("By month (24 months)"): SAMPLE_DATA / "history.csv",
    N_("By month and channel (18 months, 4 channels)"): SAMPLE_DATA / "channel_history.csv",
    N_("Subscriptions (24 months, customers and MRR)"): SAMPLE_DATA / "subscription_history.csv",
}
#: The funnel's rates by scenario field, in funnel order (their labels translated where shown).
RATE_OF = {rate.name: rate for rate in STAGE_RATES}
#: The ways to weigh past months, as the radio button shows them (in English: its value).
ALL_ALIKE, LAST_N, RECENT_MORE = N_("All months alike"), N_("Last N months"), N_("Recent months count more")


def load_history():
    """The uploaded file (or the sample), read with the user's column mapping; None when it can't be read."""
    upload = st.file_uploader(
        _(
            "History: one row per month, or per month and channel with a channel column (a CRM or spreadsheet "
            "export: CSV separated by commas, semicolons or tabs, or an Excel .xlsx workbook; up to {rows} rows)"
        ).format(rows=number_text(MAX_ROWS)),
        type=TABLE_FILES,
        key="history_file",
    )
    if upload is not None:
        data = upload.getvalue()
        st.caption(_("Using the uploaded file."))
    else:
        sample = st.radio(
            _("Sample history"), list(SAMPLE_HISTORIES), key="history_sample", horizontal=True, format_func=_
        )
        data = SAMPLE_HISTORIES[sample].read_bytes()
        shown = _(sample)
        # TRANSLATORS: {sample} is a sample history ("by month (24 months)"), its first letter lowercased.
        st.caption(_("Using the sample history {sample}.").format(sample=f"{shown[:1].lower()}{shown[1:]}"))
    # A mapping names the columns of the file it was made for: another file (or the sample) is read without it.
    file = hashlib.sha256(data).hexdigest()
    mapped = st.session_state.get("history_mapping", {})
    mapping = mapped.get("columns", {}) if mapped.get("file") == file else {}
    try:
        return history_of(data, tuple(sorted(mapping.items())))
    except HistoryError as error:
        st.error(plain(str(error)))
        columns = list(error.header)  # the reader's own reading of the header: never parsed twice
        if columns:
            st.markdown(_("**Match the columns** (headers in any language):"))
            picks = st.columns(len(REQUIRED))
            for column, figure in zip(picks, REQUIRED, strict=True):
                column.selectbox(figure, ["", *columns], key=f"map_{figure}")
            if st.button(_("Use these columns"), key="apply_mapping"):
                chosen = {f: st.session_state[f"map_{f}"] for f in REQUIRED}
                st.session_state["history_mapping"] = {"file": file, "columns": chosen}
                st.rerun()
        return None


def quality_report(history) -> None:
    st.caption(plain(history.detected()))
    if history.problems:
        count = len(history.problems)
        st.warning(
            ngettext(
                "{count} problem(s) found. Each is left out only where it matters, as said:",
                "{count} problem(s) found. Each is left out only where it matters, as said:",
                count,
            ).format(count=number_text(count))
        )
        # TRANSLATORS: column headers of the table of problems found in a file: its row, its column, the problem.
        row, column, problem = _("Row"), _("Column"), _("Problem")
        st.dataframe(
            pd.DataFrame(
                [{row: str(p.row or ""), column: p.column or "", problem: p.message} for p in history.problems]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        months = len(history.data)
        if history.by_channel is None:
            found = ngettext(
                "No problems found in {months} months.", "No problems found in {months} months.", months
            )
        else:
            found = ngettext(
                "No problems found in {months} months ({rows} rows by channel).",
                "No problems found in {months} months ({rows} rows by channel).",
                months,
            )
        rows = 0 if history.by_channel is None else len(history.by_channel)
        st.success(found.format(months=number_text(months), rows=number_text(rows)))
    with st.expander(_("The data used") if history.by_channel is None else _("The data used: the months' totals")):
        shown = history.data.assign(month=history.data["month"].astype(str)).drop(columns="row")
        st.dataframe(shown, hide_index=True, width="stretch")
    if history.by_channel is not None:
        with st.expander(_("The data used: each channel's rows")):
            rows = history.by_channel
            st.dataframe(rows.assign(month=rows["month"].astype(str)).drop(columns="row"), hide_index=True)


def rate_chart(history, name: str, fitted_range) -> go.Figure:
    numerator, denominator = RATES[name]
    rows = history.usable(numerator, denominator)
    months = rows["month"].astype(str)
    rates = 100 * rows[numerator] / rows[denominator]
    band = [fitted_range.low * 100, fitted_range.high * 100]
    return go.Figure(
        [go.Scatter(x=months, y=rates, mode="lines+markers", name=_("Each month"), line={"color": "#1f4e99"})],
        {
            "title": {"text": _("{rate} (%)").format(rate=RATE_OF[name].label), "font": {"size": 18}},
            "height": 300,
            "font": {"size": 14},
            "separators": separators(),
            "plot_bgcolor": "white",
            "showlegend": False,
            "margin": {"l": 50, "r": 20, "t": 50, "b": 40},
            "yaxis": {"gridcolor": "#e5e7eb"},
            "shapes": [
                {
                    "type": "rect",
                    "xref": "paper",
                    "x0": 0,
                    "x1": 1,
                    "y0": band[0],
                    "y1": band[1],
                    "fillcolor": "rgba(46, 139, 87, 0.25)",
                    "line": {"width": 0},
                }
            ],
            "annotations": [
                {
                    "xref": "paper",
                    "x": 1,
                    "y": band[1],
                    # TRANSLATORS: the band of the fitted range on a rate's chart, "fitted 12.5–18.0%".
                    "text": _("fitted {low}–{high}").format(
                        low=number_text(band[0], 1), high=percent_text(fitted_range.high, 1)
                    ),
                    "showarrow": False,
                    "xanchor": "right",
                    "yanchor": "bottom",
                }
            ],
        },
    )


def fit_section(history):
    st.subheader(_("Fitted ranges"))
    recency = st.radio(
        _("Weight of past months"),
        (ALL_ALIKE, LAST_N, RECENT_MORE),
        key="recency",
        horizontal=True,
        format_func=_,
    )
    last = half = None
    if recency == LAST_N:
        # TRANSLATORS: the number of last months used ("Last N months"): keep it as short as "N".
        last = number_field(st, _("N"), min_value=2, max_value=60, value=12, key="last_months")
    elif recency == RECENT_MORE:
        half = number_field(st, _("Half-life (months)"), min_value=1.0, max_value=60.0, value=6.0, key="half_life")
    fitted = fit(history, last_months=last, half_life=half)
    st.dataframe(pd.DataFrame(fitted_rows(fitted)), hide_index=True, width="stretch")
    for note in fitted.notes:
        st.info(plain(note))
    charts = st.columns(len(RATE_OF))
    for column, name in zip(charts, RATE_OF, strict=True):
        if name in fitted.ranges:
            show(rate_chart(history, name, fitted.ranges[name]), column)
    subscription = subscription_section(history, last, half)
    if history.by_channel is None:
        return fitted, None, subscription
    # Each channel's volume or cost and its rates; the shared ranges above come from the months' totals.
    st.subheader(_("Fitted channels"))
    channels = fit_channels(history, last_months=last, half_life=half)
    if channels.channels:
        st.dataframe(pd.DataFrame(fitted_channel_rows(channels)), hide_index=True, width="stretch")
    for note in channels.notes:
        st.info(plain(note))
    return fitted, channels, subscription


def subscription_section(history, last, half):
    """The customer base fitted from a history with customers (churn, expansion, starting base); None without."""
    subscription = fit_subscription(history, last_months=last, half_life=half)
    if subscription is None:
        return None
    st.subheader(_("Fitted customer base"))
    st.caption(_("The history has customers: applying it sets the scenario to subscription mode with this base."))
    st.dataframe(pd.DataFrame(subscription_rows(subscription)), hide_index=True, width="stretch")
    for note in subscription.notes:
        st.info(plain(note))
    return subscription


def main() -> None:
    st.set_page_config(page_title=_("Calibrate from history"), page_icon=":material/target:", layout="wide")
    st.title(_("Calibrate from history"))
    st.caption(
        _(
            "Fit the ranges from what the team actually did, judge the target against that record, "
            "re-forecast from the results so far, and measure how honest past forecasts were."
        )
    )
    history = load_history()
    if history is None:
        return
    quality_report(history)
    fitted, channels, subscription = fit_section(history)

    choices = library_with_current()
    base_name = st.selectbox(
        _("Scenario to calibrate (its target, team and costs are kept)"),
        list(choices),
        key="calibrate_base",
        format_func=shown_name,
    )
    calibrated = fitted.calibrated(choices[base_name])
    if subscription is not None:
        calibrated = subscription.apply(calibrated)
    if st.button(_("Apply to scenario"), key="apply_fit", type="primary", icon=":material/check:"):
        applied = calibrated if channels is None else channels.apply(calibrated)
        open_calibrated(applied)
        # The simulator page's channel editor starts from these rows, its edits to the old ones dropped.
        st.session_state[BASE] = channel_rows(applied.channels)
        st.session_state.pop("channels", None)
        fitted_channels = len(channels.channels) if channels else 0
        if fitted_channels:
            applied_text = ngettext(
                "Applied: the Simulator page now opens on {name}, with its {channels} fitted channels, which is "
                "also in its scenario picker.",
                "Applied: the Simulator page now opens on {name}, with its {channels} fitted channels, which is "
                "also in its scenario picker.",
                fitted_channels,
            )
        else:
            applied_text = _(
                "Applied: the Simulator page now opens on {name}, which is also in its scenario picker."
            )
        st.success(plain(applied_text.format(name=repr(applied.name), channels=number_text(fitted_channels))))
        for change in channels.changes(calibrated) if channels is not None else ():
            st.info(plain(change))

    target = calibrated.target
    st.subheader(_("The target against the record"))
    try:
        judgement = judge_target(history, target, recurring=calibrated.revenue_mode is RevenueMode.SUBSCRIPTION)
    except HistoryError as error:
        st.info(plain(str(error)))
    else:
        if judgement is None:
            st.info(
                _("The history has no {metric} to compare the target with.").format(
                    metric=target.metric.label.lower()
                )
            )
        else:
            st.markdown(f"**{plain(target.describe())}.** {plain(judgement.sentence)}")
            if judgement.growth_vs_last_year is not None:
                st.caption(
                    _("Against the same period a year earlier: {growth}.").format(
                        growth=percent_text(judgement.growth_vs_last_year, signed=True)
                    )
                )

    reforecast_section(calibrated, base_name)

    st.subheader(_("Backtest: how honest were past forecasts?"))
    if st.button(_("Run the backtest"), key="run_backtest"):
        with st.spinner(_("Refitting and forecasting each past month…")):
            try:
                result = backtest(history, calibrated)
            except (HistoryError, InputError) as error:
                st.info(plain(str(error)))
                return
        if result.note:
            st.caption(plain(result.note))
        coverage, brier = st.columns(2)
        coverage.metric(
            _("Actuals inside P10–P90"),
            percent_text(result.coverage),
            help=_("{share} when calibrated.").format(share=percent_text(0.8)),
        )
        brier.metric(
            _("Brier score of the odds"),
            number_text(result.brier, 3),
            help=_("{perfect} is perfect; {coin_toss} is a coin toss.").format(
                perfect=number_text(0), coin_toss=number_text(0.25, 2)
            ),
        )
        show(calibration_chart(result.calibration))


def calibration_chart(calibration: pd.DataFrame) -> go.Figure:
    return go.Figure(
        [
            go.Scatter(
                x=[0, 100],
                y=[0, 100],
                mode="lines",
                # TRANSLATORS: the legend of the diagonal of a calibration chart: a perfectly calibrated forecast.
                name=_("Perfect"),
                line={"dash": "dash", "color": "#9ca3af"},
            ),
            go.Scatter(
                x=100 * calibration["forecast"],
                y=100 * calibration["observed"],
                mode="markers+text",
                text=[
                    ngettext("{count} months", "{count} months", int(count)).format(count=number_text(count))
                    for count in calibration["periods"]
                ],
                textposition="top center",
                marker={"size": 14, "color": "#1f4e99"},
                name=_("Forecast odds"),
            ),
        ],
        {
            "title": {
                "text": _("Calibration: forecast odds against how often the target was hit"),
                "font": {"size": 18},
            },
            "height": 420,
            "font": {"size": 15},
            "separators": separators(),
            "plot_bgcolor": "white",
            "xaxis": {"title": {"text": _("Forecast chance (%)")}, "range": [-5, 105]},
            "yaxis": {"title": {"text": _("Hit in reality (%)")}, "range": [-5, 105], "gridcolor": "#e5e7eb"},
        },
    )


main()
