"""Weekly review page: a goal in flight, from the CRM's open deals. Will we make it, at what pace, which deals
carry it, and how each rep stands.

Widgets in (the export, the dates, the goal, the funnel that still brings new deals, stage probabilities and
slippage), one cached review (ui.cache.review_answers_of), sentences, tables and a progress chart out.
"""

from __future__ import annotations

import hashlib
import math
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

from simulator.files.text import FileTextError
from simulator.history.pipeline_reader import DateOrderQuestion
from simulator.history.reader import HistoryError
from simulator.model.checks import InputError
from simulator.model.distributions import Range
from simulator.model.open_deals import DEFAULT_STAGES, Pipeline
from simulator.model.review import Review
from ui.cache import pipeline_of, review_answers_of
from ui.charts import CURRENT, GHOST, HIT, house_figure, show, trace
from ui.labels import on_screen
from ui.library import library_with_current
from ui.text import plain

SAMPLE = Path(__file__).parent.parent / "sample_data" / "open_deals.csv"
SAMPLE_REVIEW = date(2026, 2, 9)
NO_FUNNEL = "None: only the open deals count"
FIGURES = {"Won deals": "deals", "Revenue ($)": "revenue"}
#: Goal and banked the page opens on, per figure (near even odds on the sample).
OPENING_GOAL = {"deals": (35.0, 19.0), "revenue": (440_000.0, 230_000.0)}
#: The chance to win a stage that is not one of Salesforce's defaults opens on, until typed.
UNKNOWN_STAGE_PROBABILITY = 0.10
DATE_ORDERS = ("Day first (31/03/2026)", "Month first (03/31/2026)")
INK_LINE = "#6b7280"  # the review's and the period's end markers
REQUIRED_FIELDS = {"stage": "Stage", "amount": "Amount", "close_date": "Close date", "deal_id": "Deal id or name"}


def quarter_bounds(day: date) -> tuple[date, date]:
    """The first and last day of the quarter of `day`."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    after = date(day.year + 1, 1, 1) if first.month == 10 else date(day.year, first.month + 3, 1)
    return first, after - timedelta(days=1)


def export_file() -> tuple[bytes, bool]:
    """The uploaded export's bytes (or the sample's), and whether it is the sample."""
    upload = st.sidebar.file_uploader(
        "Open deals: a CRM pipeline export, one row per deal (CSV or Excel .xlsx)",
        type=["csv", "tsv", "txt", "xlsx", "xls"],
        key="wr_file",
        help="Columns by their usual CRM names: Deal Stage, Amount, Close Date, Deal Owner, Deal Name, Record ID.",
    )
    if upload is None:
        st.sidebar.caption("Using the sample: 60 open deals of a HubSpot-style export, reviewed on 9 Feb 2026.")
        return SAMPLE.read_bytes(), True
    st.sidebar.caption("Using the uploaded file.")
    return upload.getvalue(), False


def period_dates(file: str, is_sample: bool) -> tuple[date, date, int]:
    """The review date, the period's end and the whole weeks done, each opening on a default one can change."""
    if st.session_state.get("wr_file_opened") != file:
        st.session_state["wr_review_date"] = SAMPLE_REVIEW if is_sample else date.today()
        st.session_state["wr_file_opened"] = file
    review_date = st.sidebar.date_input("Review date", key="wr_review_date", format="YYYY-MM-DD")
    start, end = quarter_bounds(review_date)
    if st.session_state.get("wr_dates_opened") != review_date:
        st.session_state["wr_period_end"] = end
        st.session_state["wr_weeks_done"] = (review_date - start).days // 7
        st.session_state["wr_dates_opened"] = review_date
    period_end = st.sidebar.date_input(
        "End of the period (the goal's deadline)", key="wr_period_end", format="YYYY-MM-DD"
    )
    weeks_done = st.sidebar.number_input(
        "Weeks of the period done", min_value=0, max_value=520, step=1, key="wr_weeks_done"
    )
    return review_date, period_end, int(weeks_done)


def read_export(data: bytes, file: str, review_date: date):
    """The export read, asking the date order or the missing columns when needed; None until it can be read."""
    mapped = st.session_state.get("wr_mapping", {})
    mapping = tuple(sorted(mapped.get("columns", {}).items())) if mapped.get("file") == file else ()
    order = st.session_state.get(f"wr_date_order_{file[:16]}")
    month_first = None if order is None else order == DATE_ORDERS[1]
    try:
        return pipeline_of(data, review_date, mapping, month_first)
    except DateOrderQuestion as question:
        st.warning(plain(str(question)), icon=":material/help:")
        st.radio("How does the file write its dates?", DATE_ORDERS, index=None, key=f"wr_date_order_{file[:16]}")
    except HistoryError as error:
        st.error(plain(str(error)))
        if error.header and error.missing:
            map_columns(error, file)
    except FileTextError as error:
        st.error(plain(str(error)))
    return None


def map_columns(error: HistoryError, file: str) -> None:
    st.markdown("**Match the columns** the reader did not recognise:")
    picks = st.columns(len(error.missing))
    for column, field in zip(picks, error.missing, strict=True):
        column.selectbox(REQUIRED_FIELDS.get(field, field), ["", *error.header], key=f"wr_map_{field}")
    if st.button("Use these columns", key="wr_apply_mapping"):
        chosen = {field: st.session_state[f"wr_map_{field}"] for field in error.missing}
        st.session_state["wr_mapping"] = {"file": file, "columns": {f: c for f, c in chosen.items() if c}}
        st.rerun()


def problems_report(export) -> None:
    if not export.problems:
        st.caption(f"All {len(export.deals)} open deals of the file were read.")
        return
    with st.expander(
        f"{len(export.problems)} row(s) of the file left out, {len(export.deals)} deals read: see why",
        expanded=True,
    ):
        rows = [{"Row": str(p.row or ""), "Column": p.column or "", "Problem": p.message} for p in export.problems]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def stage_table(export, file: str) -> tuple[tuple[str, float], ...]:
    """The stages of the file and their chance to win, editable; Salesforce's defaults where the name matches."""
    known = dict(DEFAULT_STAGES)
    found = list(dict.fromkeys(deal.stage for deal in export.deals))
    ordered = [name for name in known if name in found] + [name for name in found if name not in known]
    unknown = [name for name in ordered if name not in known]
    if unknown:
        st.warning(
            plain(
                f"Stages not among the usual CRM stages: {', '.join(unknown)}. They count at "
                f"{UNKNOWN_STAGE_PROBABILITY:.0%} to win until you type their chance below."
            )
        )
    with st.expander("Stage probabilities: each stage's chance to win", expanded=bool(unknown)):
        opening = pd.DataFrame(
            {
                "Stage": ordered,
                "Chance to win (%)": [100 * known.get(name, UNKNOWN_STAGE_PROBABILITY) for name in ordered],
            }
        )
        edited = st.data_editor(
            opening,
            key=f"wr_stages_{file[:16]}",
            hide_index=True,
            disabled=["Stage"],
            column_config={
                "Chance to win (%)": st.column_config.NumberColumn(min_value=0.0, max_value=100.0, step=5.0)
            },
        )
    chances = edited["Chance to win (%)"].fillna(0.0)
    return tuple((str(name), float(chance) / 100) for name, chance in zip(edited["Stage"], chances, strict=True))


def goal_inputs() -> tuple[str, float, float]:
    st.sidebar.subheader("The goal")
    figure = FIGURES[st.sidebar.radio("The goal counts", list(FIGURES), key="wr_figure", horizontal=True)]
    if st.session_state.get("wr_goal_opened") != figure:
        st.session_state["wr_goal"], st.session_state["wr_banked"] = OPENING_GOAL[figure]
        st.session_state["wr_goal_opened"] = figure
    unit = "won deals" if figure == "deals" else "$"
    step = 1.0 if figure == "deals" else 10_000.0
    goal = st.sidebar.number_input(f"Goal for the period ({unit})", min_value=0.0, step=step, key="wr_goal")
    banked = st.sidebar.number_input(f"Won so far ({unit})", min_value=0.0, step=step, key="wr_banked")
    return figure, goal, banked


def model_inputs() -> tuple:
    """The funnel for new opportunities, slippage and trials."""
    st.sidebar.subheader("What else counts")
    choices = library_with_current()
    picked = st.sidebar.selectbox(
        "New opportunities from the funnel of",
        [NO_FUNNEL, *choices],
        key="wr_funnel",
        help="A scenario's funnel still creates deals that can close before the period's end.",
    )
    low, high = st.sidebar.slider(
        "Share of deals that close later than their date (%, 90% range)",
        min_value=0,
        max_value=95,
        value=(10, 30),
        key="wr_slip_share",
    )
    slip_days = st.sidebar.number_input(
        "Mean delay of a deal that slips (days)", min_value=1.0, max_value=365.0, value=30.0, key="wr_slip_days"
    )
    trials = st.sidebar.select_slider("Trials", (5_000, 20_000, 50_000), value=20_000, key="wr_trials")
    confidence = st.sidebar.select_slider(
        "Confidence of the forecast (%)", (50, 60, 70, 80, 90, 95), value=80, key="wr_confidence"
    )
    funnel = None if picked == NO_FUNNEL else choices[picked]
    return funnel, Range(low / 100, high / 100), slip_days, trials, confidence / 100


def owner_table(export, figure: str, goal: float, banked: float) -> tuple[tuple, tuple]:
    """Each owner's share of the goal and what they have won so far: an even split of both until typed."""
    owners = sorted({deal.owner for deal in export.deals})
    unit = "deals" if figure == "deals" else "$"
    opening = pd.DataFrame(
        {
            "Owner": [owner or "(no owner)" for owner in owners],
            f"Share of the goal ({unit})": [goal / len(owners)] * len(owners),
            f"Won so far ({unit})": [banked / len(owners)] * len(owners),
        }
    )
    with st.expander("Each owner's share of the goal and what they have won (an even split until you type)"):
        edited = st.data_editor(
            opening, key=f"wr_owners_{figure}_{goal}_{banked}", hide_index=True, disabled=["Owner"]
        )
    share, won = edited.columns[1], edited.columns[2]
    shares = tuple((o, float(s)) for o, s in zip(owners, edited[share].fillna(0.0), strict=True) if s > 0)
    owner_banked = tuple((o, float(w)) for o, w in zip(owners, edited[won].fillna(0.0), strict=True))
    return shares, owner_banked


# --- The answers --------------------------------------------------------------------------------------------


def amount(value: float, figure: str) -> str:
    """A figure in its units: "12.3 deals" or "$45,600"."""
    if figure == "deals":
        return f"{value:,.1f} deals" if value != round(value) else f"{value:,.0f} deals"
    return f"${value:,.0f}"


def headline(answers, review: Review) -> None:
    odds, verdict, left = st.columns(3)
    odds.metric("Chance to hit the goal", f"{answers.odds:.0%}")
    verdict.metric("Verdict", answers.verdict.value)
    left.metric("Left to win", amount(max(review.goal - review.banked, 0.0), review.figure))
    st.caption(
        f"Goal: {amount(review.goal, review.figure)} by the period's end, {amount(review.banked, review.figure)} "
        f"won so far, {review.weeks_left:.1f} weeks left. The chance is ± {answers.standard_error * 100:.1f} "
        f"points of simulation error ({review.pipeline.trials:,} trials)."
    )


def pace_sentence(answers, review: Review) -> str:
    """ "2.1 deals a week so far; 3.4 a week needed for the rest; at 80% confidence the forecast is 2.8 a week"."""
    pace, figure = answers.pace, review.figure

    def per_week(value: float) -> str:
        return f"{value:,.1f}" if figure == "deals" else f"${value:,.0f}"

    unit = " deals" if figure == "deals" else ""
    so_far = "no week done yet" if math.isnan(pace.so_far) else f"{per_week(pace.so_far)}{unit} a week so far"
    return (
        f"**Pace:** {so_far}; {per_week(pace.needed)} a week needed for the rest; at {answers.confidence:.0%} "
        f"confidence the forecast is {per_week(pace.forecast)} a week."
    )


def categories_tables(answers, figure: str) -> None:
    c = answers.categories
    crm, simulated = st.columns(2)
    crm.markdown("**Forecast categories** (as the CRM counts them)")
    _totals_table(
        crm,
        [
            ("Closed", c.closed, "won so far"),
            ("Commit", c.commit, "+ open deals at 90% or more"),
            ("Best case", c.best_case, "+ open deals at 50% or more"),
            ("Pipeline", c.pipeline, "+ every open deal due by the end"),
            ("Weighted", c.weighted, "won so far + chance × value of each deal"),
        ],
        ["Category", "Total", "Counted"],
        figure,
    )
    simulated.markdown("**Simulated** (the period's total reached in this share of trials)")
    _totals_table(
        simulated,
        [
            ("Commit", c.simulated_commit, "9 trials in 10"),
            ("Most likely", c.simulated_most_likely, "half of the trials"),
            ("Best case", c.simulated_best_case, "1 trial in 10"),
        ],
        ["Level", "Total", "Reached in"],
        figure,
    )


def _totals_table(container, rows: list[tuple[str, float, str]], columns: list[str], figure: str) -> None:
    """Rows of (name, total, what it counts), the totals written in the figure's units."""
    table = pd.DataFrame(rows, columns=columns)
    container.dataframe(
        table.assign(Total=table["Total"].map(lambda v: amount(v, figure))), hide_index=True, width="stretch"
    )


def coverage_sentence(answers) -> str:
    cover = answers.coverage
    if cover.left == 0:
        return "**Coverage:** the goal is already met."
    needed = "no pipeline of this mix is enough" if math.isinf(cover.needed) else f"{cover.needed:.1f}x"
    return (
        f"**Coverage:** the open pipeline due by the end is {cover.coverage:.1f}x of what is left of the goal; "
        f"this pipeline needs {needed} for {answers.confidence:.0%} odds from its open deals alone "
        "(the usual rule of thumb says 3x)."
    )


def deals_table(answers, figure: str) -> None:
    st.subheader("The deals that matter")
    st.caption("Open deals ranked by how much the chance to hit the goal drops without each one.")
    rows = [
        {
            "Deal": deal.name or deal.deal_id,
            "Owner": deal.owner,
            "Stage": deal.stage,
            "Amount ($)": f"{deal.amount:,.0f}",
            "Chance added": f"+{deal.odds_change * 100:.1f} ± {deal.standard_error * 100:.1f} points",
        }
        for deal in answers.deals
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def owners_table(answers) -> None:
    st.subheader("Each owner's attainment of their share")
    rows = [
        {
            "Owner": owner or "(no owner)",
            "Low (P10)": f"{p10:.0%}",
            "Most likely (P50)": f"{p50:.0%}",
            "High (P90)": f"{p90:.0%}",
        }
        for owner, p10, p50, p90 in answers.owners
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption("100% is an owner's share of the goal met: won so far plus their open deals that close in time.")


def progress_chart(answers, review: Review) -> dict:
    """Won so far to the review, the even path to the goal, and the fan of the rest to the period's end."""
    now = review.weeks_done
    end = now + review.weeks_left
    weeks = [now + day / 7 for day, *_ in answers.fan]
    low, mid, high = ([point[i] for point in answers.fan] for i in (1, 2, 3))
    unit = "deals" if review.figure == "deals" else "revenue ($)"
    traces = [
        trace("scatter", x=[0, end], y=[0, review.goal], mode="lines", name="Even path to the goal",
              line={"color": GHOST, "dash": "dash", "width": 2}),
        trace("scatter", x=weeks, y=low, mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"),
        trace("scatter", x=weeks, y=high, mode="lines", line={"width": 0}, fill="tonexty",
              fillcolor="rgba(31, 78, 153, 0.18)", name="Forecast: 8 trials in 10 fall in this band"),
        trace("scatter", x=weeks, y=mid, mode="lines", name="Forecast: most likely (median)",
              line={"color": CURRENT, "width": 3}),
        trace("scatter", x=[0, now], y=[0, review.banked], mode="lines+markers", name="Won so far",
              line={"color": HIT, "width": 4}),
        trace("scatter", x=[end], y=[review.goal], mode="markers+text", name="The goal",
              marker={"color": INK_LINE, "size": 12, "symbol": "star"}, text=[f"Goal {review.goal:,.0f}"],
              textposition="middle left", showlegend=False),
    ]  # fmt: skip
    return house_figure(
        traces,
        f"Progress to the goal: {unit} won since the period began",
        "Weeks since the period began",
        f"Total {unit}",
        lines=((now, "Today's review", INK_LINE, "dot", "right"), (end, "Period's end", INK_LINE, "dot", "right")),
        height=460,
    )


def answers_section(answers, review: Review) -> None:
    headline(answers, review)
    st.markdown(pace_sentence(answers, review))
    st.markdown(coverage_sentence(answers))
    show(progress_chart(answers, review))
    categories_tables(answers, review.figure)
    left, right = st.columns([3, 2])
    with left:
        deals_table(answers, review.figure)
    with right:
        owners_table(answers)


def main() -> None:
    st.title("Weekly review")
    st.caption(
        "Will the team make the period's goal? The open deals of the CRM, each at its stage's chance to win and "
        "its close date (some slip), plus what is already won and what the funnel still brings."
    )
    data, is_sample = export_file()
    file = hashlib.sha256(data).hexdigest()
    review_date, period_end, weeks_done = period_dates(file, is_sample)
    figure, goal, banked = goal_inputs()
    funnel, slip_share, slip_days, trials, confidence = model_inputs()
    if period_end <= review_date:
        st.warning("The period's end must come after the review date: change one of them in the sidebar.")
        return
    export = read_export(data, file, review_date)
    if export is None:
        return
    problems_report(export)
    if not export.deals:
        st.info("No open deal of the file could be read: see the problems above.")
        return
    results = st.container()  # the answers above the tables that tune them
    stages = stage_table(export, file)
    shares, owner_banked = owner_table(export, figure, goal, banked)
    try:
        pipeline = Pipeline(
            deals=export.deals,
            stages=stages,
            days_left=float((period_end - review_date).days),
            slip_share=slip_share,
            mean_slip_days=slip_days,
            trials=trials,
        )
        review = Review(
            pipeline=pipeline, figure=figure, goal=goal, banked=banked, weeks_done=weeks_done, funnel=funnel
        )
        with st.spinner("Simulating the rest of the period…"):
            answers = review_answers_of(review, confidence, shares, owner_banked)
    except InputError as error:
        results.warning(f"This review can't be simulated: {on_screen(error)}.")
        return
    with results:
        answers_section(answers, review)


main()
