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
    Actuals,
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
from simulator.history.reader import COLUMN_OF_STAGE
from simulator.history.table import MAX_ROWS
from simulator.model.checks import InputError
from simulator.model.stages import RATES as STAGE_RATES
from simulator.model.stages import STAGES
from simulator.model.subscription import RevenueMode
from simulator.model.target import Metric
from ui.cache import history_of, reforecast_of, typical_actuals_of
from ui.channel_editor import BASE, channel_rows
from ui.charts import show
from ui.file_questions import TABLE_FILES
from ui.library import library_with_current, open_calibrated
from ui.text import plain

SAMPLE_DATA = Path(__file__).parent.parent / "sample_data"
#: The sample histories the page can open on, by the words of its choice.
SAMPLE_HISTORIES = {
    "By month (24 months)": SAMPLE_DATA / "history.csv",
    "By month and channel (18 months, 4 channels)": SAMPLE_DATA / "channel_history.csv",
    "Subscriptions (24 months, customers and MRR)": SAMPLE_DATA / "subscription_history.csv",
}
RATE_LABELS = {rate.name: rate.label for rate in STAGE_RATES}


def load_history():
    """The uploaded file (or the sample), read with the user's column mapping; None when it can't be read."""
    upload = st.file_uploader(
        "History: one row per month, or per month and channel with a channel column (a CRM or spreadsheet "
        f"export: CSV separated by commas, semicolons or tabs, or an Excel .xlsx workbook; up to {MAX_ROWS:,} "
        "rows)",
        type=TABLE_FILES,
        key="history_file",
    )
    if upload is not None:
        data = upload.getvalue()
        st.caption("Using the uploaded file.")
    else:
        sample = st.radio("Sample history", list(SAMPLE_HISTORIES), key="history_sample", horizontal=True)
        data = SAMPLE_HISTORIES[sample].read_bytes()
        st.caption(f"Using the sample history {sample[0].lower()}{sample[1:]}.")
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
            st.markdown("**Match the columns** (headers in any language):")
            picks = st.columns(len(REQUIRED))
            for column, figure in zip(picks, REQUIRED, strict=True):
                column.selectbox(figure, ["", *columns], key=f"map_{figure}")
            if st.button("Use these columns", key="apply_mapping"):
                chosen = {f: st.session_state[f"map_{f}"] for f in REQUIRED}
                st.session_state["history_mapping"] = {"file": file, "columns": chosen}
                st.rerun()
        return None


def quality_report(history) -> None:
    st.caption(plain(history.detected()))
    if history.problems:
        st.warning(f"{len(history.problems)} problem(s) found. Each is left out only where it matters, as said:")
        st.dataframe(
            pd.DataFrame(
                [
                    {"Row": str(p.row or ""), "Column": p.column or "", "Problem": p.message}
                    for p in history.problems
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        rows = "" if history.by_channel is None else f" ({len(history.by_channel)} rows by channel)"
        st.success(f"No problems found in {len(history.data)} months{rows}.")
    with st.expander("The data used" if history.by_channel is None else "The data used: the months' totals"):
        shown = history.data.assign(month=history.data["month"].astype(str)).drop(columns="row")
        st.dataframe(shown, hide_index=True, width="stretch")
    if history.by_channel is not None:
        with st.expander("The data used: each channel's rows"):
            rows = history.by_channel
            st.dataframe(rows.assign(month=rows["month"].astype(str)).drop(columns="row"), hide_index=True)


def rate_chart(history, name: str, fitted_range) -> go.Figure:
    numerator, denominator = RATES[name]
    rows = history.usable(numerator, denominator)
    months = rows["month"].astype(str)
    rates = 100 * rows[numerator] / rows[denominator]
    band = [fitted_range.low * 100, fitted_range.high * 100]
    return go.Figure(
        [go.Scatter(x=months, y=rates, mode="lines+markers", name="Each month", line={"color": "#1f4e99"})],
        {
            "title": {"text": f"{RATE_LABELS[name]} (%)", "font": {"size": 18}},
            "height": 300,
            "font": {"size": 14},
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
                    "text": f"fitted {band[0]:.1f}–{band[1]:.1f}%",
                    "showarrow": False,
                    "xanchor": "right",
                    "yanchor": "bottom",
                }
            ],
        },
    )


def fit_section(history):
    st.subheader("Fitted ranges")
    recency = st.radio(
        "Weight of past months",
        ("All months alike", "Last N months", "Recent months count more"),
        key="recency",
        horizontal=True,
    )
    last = half = None
    if recency == "Last N months":
        last = st.number_input("N", min_value=2, max_value=60, value=12, key="last_months")
    elif recency == "Recent months count more":
        half = st.number_input("Half-life (months)", min_value=1.0, max_value=60.0, value=6.0, key="half_life")
    fitted = fit(history, last_months=last, half_life=half)
    st.dataframe(pd.DataFrame(fitted_rows(fitted)), hide_index=True, width="stretch")
    for note in fitted.notes:
        st.info(plain(note))
    charts = st.columns(len(RATE_LABELS))
    for column, name in zip(charts, RATE_LABELS, strict=True):
        if name in fitted.ranges:
            show(rate_chart(history, name, fitted.ranges[name]), column)
    subscription = subscription_section(history, last, half)
    if history.by_channel is None:
        return fitted, None, subscription
    # Each channel's volume or cost and its rates; the shared ranges above come from the months' totals.
    st.subheader("Fitted channels")
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
    st.subheader("Fitted customer base")
    st.caption("The history has customers: applying it sets the scenario to subscription mode with this base.")
    st.dataframe(pd.DataFrame(subscription_rows(subscription)), hide_index=True, width="stretch")
    for note in subscription.notes:
        st.info(plain(note))
    return subscription


def main() -> None:
    st.set_page_config(page_title="Calibrate from history", page_icon=":material/target:", layout="wide")
    st.title("Calibrate from history")
    st.caption(
        "Fit the ranges from what the team actually did, judge the target against that record, "
        "re-forecast from the results so far, and measure how honest past forecasts were."
    )
    history = load_history()
    if history is None:
        return
    quality_report(history)
    fitted, channels, subscription = fit_section(history)

    choices = library_with_current()
    base_name = st.selectbox(
        "Scenario to calibrate (its target, team and costs are kept)", list(choices), key="calibrate_base"
    )
    calibrated = fitted.calibrated(choices[base_name])
    if subscription is not None:
        calibrated = subscription.apply(calibrated)
    if st.button("Apply to scenario", key="apply_fit", type="primary", icon=":material/check:"):
        applied = calibrated if channels is None else channels.apply(calibrated)
        open_calibrated(applied)
        # The simulator page's channel editor starts from these rows, its edits to the old ones dropped.
        st.session_state[BASE] = channel_rows(applied.channels)
        st.session_state.pop("channels", None)
        with_channels = (
            f", with its {len(channels.channels)} fitted channels" if channels and channels.channels else ""
        )
        st.success(
            plain(
                f"Applied: the Simulator page now opens on {applied.name!r}{with_channels}, which is also in its "
                "scenario picker."
            )
        )
        for change in channels.changes(calibrated) if channels is not None else ():
            st.info(plain(change))

    target = calibrated.target
    st.subheader("The target against the record")
    try:
        judgement = judge_target(history, target, recurring=calibrated.revenue_mode is RevenueMode.SUBSCRIPTION)
    except HistoryError as error:
        st.info(plain(str(error)))
    else:
        if judgement is None:
            st.info(f"The history has no {target.metric.label.lower()} to compare the target with.")
        else:
            st.markdown(f"**{plain(target.describe())}.** {plain(judgement.sentence)}")
            if judgement.growth_vs_last_year is not None:
                st.caption(f"Against the same period a year earlier: {judgement.growth_vs_last_year:+.0%}.")

    reforecast_section(calibrated, base_name)

    st.subheader("Backtest: how honest were past forecasts?")
    if st.button("Run the backtest", key="run_backtest"):
        with st.spinner("Refitting and forecasting each past month…"):
            try:
                result = backtest(history, calibrated)
            except (HistoryError, InputError) as error:
                st.info(plain(str(error)))
                return
        if result.note:
            st.caption(plain(result.note))
        coverage, brier = st.columns(2)
        coverage.metric("Actuals inside P10–P90", f"{result.coverage:.0%}", help="80% when calibrated.")
        brier.metric("Brier score of the odds", f"{result.brier:.3f}", help="0 is perfect; 0.25 is a coin toss.")
        show(calibration_chart(result.calibration))


# --- Re-forecast: the odds given what happened in the months done ------------------------------------------

#: The results-so-far inputs: Actuals field, label with its unit, and whether it is money.
ACTUAL_INPUTS = (
    *((COLUMN_OF_STAGE[stage], stage.label, False) for stage in STAGES),
    ("revenue", Metric.REVENUE.label, True),
    ("costs", "Costs ($, marketing + reps)", True),
)


def reforecast_section(scenario, base_name: str) -> None:
    st.subheader("Re-forecast from results so far")
    target = scenario.target
    months_done = int(
        st.number_input(
            "Months of the period done",
            min_value=0,
            max_value=max(target.deadline_month - 1, 0),
            value=0,
            key="months_done",
        )
    )
    try:  # the typical results simulate the scenario too: both are within the work budget or refused alike
        values = results_so_far(scenario, base_name, months_done)
        answer = reforecast_of(scenario, Actuals(months_done=months_done, **values))
    except InputError as error:
        label = next((label for name, label, _ in ACTUAL_INPUTS if name == error.field), None)
        if label is None:  # the work budget (simulator/engine/work_budget.py), not a figure typed here
            st.warning(plain(f"This re-forecast would be too much work for the server: {error}."))
        else:
            st.warning(plain(f"Check the results so far: {label} must be {error.allowed}."))
        return
    st.metric(
        "Chance to hit target, with the results so far",
        f"{answer.probability:.0%}",
        help=f"± {answer.standard_error * 100:.1f} percentage points of simulation error",
    )
    st.caption(f"{plain(target.describe())}. ± {answer.standard_error * 100:.1f} points of simulation error.")
    if answer.few_alike:
        st.warning(
            f"These results are far from what the scenario expects: only about {answer.effective_trials:,.0f} of "
            f"{answer.trials:,} simulated periods look like them, so these odds are rough. Fit the ranges again "
            "from recent history (above), apply them, and re-forecast."
        )


def results_so_far(scenario, base_name: str, months_done: int) -> dict:
    """The results-so-far inputs, opened on the scenario's typical results for those months; {} when none done."""
    if months_done == 0:
        st.caption("No month done yet: these are the plain odds of the scenario.")
        return {}
    # Type the real figures over the typical ones: they open anew when the scenario or the months change.
    opened_on = (base_name, months_done, scenario)
    if st.session_state.get("actuals_opened_on") != opened_on:
        typical = typical_actuals_of(scenario, months_done)
        for name, _, _ in ACTUAL_INPUTS:
            st.session_state[f"actual_{name}"] = getattr(typical, name)
        st.session_state["actuals_opened_on"] = opened_on
    st.caption(
        f"Totals for months 1 to {months_done}. They open on what the scenario typically gives in that time: "
        "type the real figures over them."
    )
    return {
        name: column.number_input(
            label, min_value=0.0 if money else 0, step=1000.0 if money else 1, key=f"actual_{name}"
        )
        for column, (name, label, money) in zip(st.columns(len(ACTUAL_INPUTS)), ACTUAL_INPUTS, strict=True)
    }


def calibration_chart(calibration: pd.DataFrame) -> go.Figure:
    return go.Figure(
        [
            go.Scatter(
                x=[0, 100], y=[0, 100], mode="lines", name="Perfect", line={"dash": "dash", "color": "#9ca3af"}
            ),
            go.Scatter(
                x=100 * calibration["forecast"],
                y=100 * calibration["observed"],
                mode="markers+text",
                text=calibration["periods"].astype(str) + " months",
                textposition="top center",
                marker={"size": 14, "color": "#1f4e99"},
                name="Forecast odds",
            ),
        ],
        {
            "title": {
                "text": "Calibration: forecast odds against how often the target was hit",
                "font": {"size": 18},
            },
            "height": 420,
            "font": {"size": 15},
            "plot_bgcolor": "white",
            "xaxis": {"title": {"text": "Forecast chance (%)"}, "range": [-5, 105]},
            "yaxis": {"title": {"text": "Hit in reality (%)"}, "range": [-5, 105], "gridcolor": "#e5e7eb"},
        },
    )


main()
