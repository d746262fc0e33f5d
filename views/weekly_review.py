"""Weekly review page: a goal in flight, from the CRM's open deals. Will we make it, at what pace, which deals
carry it, and how each rep stands.

Widgets in (the export, the actuals to date, the dates, the goal, the funnel that still brings new deals, stage
probabilities and slippage), one cached review (ui.cache.review_answers_of), the answers out (ui.review_answers).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

from simulator.i18n import N_, _, currency_symbol, date_text, ngettext, number_text
from simulator.model.checks import InputError
from simulator.model.open_deals import Pipeline
from simulator.model.review import Review
from ui.actuals_input import actuals_file, actuals_to_date
from ui.brief_buttons import brief_buttons
from ui.cache import pipeline_of, review_answers_of, review_brief_of
from ui.file_questions import problems_report, read_asking, uploaded
from ui.labels import on_screen
from ui.library import library_with_current, shown_name
from ui.number_field import number_field
from ui.review_answers import answers_section
from ui.review_trend import goal_name, moved_since, saved_reviews, trend_section
from ui.stage_odds_input import slippage_inputs, stage_history, stage_history_file, stage_table

SAMPLE = Path(__file__).parent.parent / "sample_data" / "open_deals.csv"
SAMPLE_REVIEW = date(2026, 2, 9)
NO_FUNNEL = N_("None: only the open deals count")
#: The figures a goal can count, and their names on screen (translated where shown, with the currency's symbol).
FIGURES = {"deals": N_("Won deals"), "revenue": N_("Revenue ({currency})")}
#: The goal the page opens on, per figure (near even odds on the sample).
OPENING_GOAL = {"deals": 33.0, "revenue": 410_000.0}
#: The export's columns the page needs, and their names on screen (translated where shown).
REQUIRED_FIELDS = {
    "stage": N_("Stage"),
    "amount": N_("Amount"),
    "close_date": N_("Close date"),
    "deal_id": N_("Deal id or name"),
}


def quarter_bounds(day: date) -> tuple[date, date]:
    """The first and last day of the quarter of `day`."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    after = date(day.year + 1, 1, 1) if first.month == 10 else date(day.year, first.month + 3, 1)
    return first, after - timedelta(days=1)


def export_file() -> tuple[bytes, bool]:
    """The uploaded export's bytes (or the sample's), and whether it is the sample."""
    upload = uploaded(
        _("Open deals: a CRM pipeline export, one row per deal (CSV or Excel .xlsx)"),
        key="wr_file",
        help=_(
            "Columns by their usual CRM names: Deal Stage, Amount, Close Date, Deal Owner, Deal Name, Record ID."
        ),
    )
    if upload is None:
        st.sidebar.caption(
            _(
                "Using the samples: {deals} open deals of a HubSpot-style export reviewed on {day}, their weekly "
                "actuals and Q4 2025's pipeline snapshots."
            ).format(deals=number_text(60), day=date_text(SAMPLE_REVIEW))
        )
        return SAMPLE.read_bytes(), True
    st.sidebar.caption(_("Using the uploaded file."))
    return upload, False


def period_dates(file: str, is_sample: bool) -> tuple[date, date, date]:
    """The review date and the period's start and end, each opening on a default one can change: the sample's
    review date or today, and the quarter of the review."""
    if st.session_state.get("wr_file_opened") != file:
        st.session_state["wr_review_date"] = SAMPLE_REVIEW if is_sample else date.today()
        st.session_state["wr_file_opened"] = file
    review_date = st.sidebar.date_input(_("Review date"), key="wr_review_date", format="YYYY-MM-DD")
    if st.session_state.get("wr_dates_opened") != review_date:
        st.session_state["wr_period_start"], st.session_state["wr_period_end"] = quarter_bounds(review_date)
        st.session_state["wr_dates_opened"] = review_date
    start = st.sidebar.date_input(_("Start of the period"), key="wr_period_start", format="YYYY-MM-DD")
    end = st.sidebar.date_input(
        _("End of the period (the goal's deadline)"), key="wr_period_end", format="YYYY-MM-DD"
    )
    return review_date, start, end


def read_export(data: bytes, file: str, review_date: date):
    """The export read, asking the date order or the missing columns when needed; None until it can be read."""
    labels = {field: _(label) for field, label in REQUIRED_FIELDS.items()}
    export = read_asking(lambda mapping, order: pipeline_of(data, review_date, mapping, order), file, "wr", labels)
    if export is not None:
        deals = len(export.deals)
        problems_report(
            export.problems,
            # TRANSLATORS: what was read of the file, in "All of the file was read: 60 open deals."
            ngettext("{count} open deals", "{count} open deals", deals).format(count=number_text(deals)),
        )
    return export


def goal_inputs() -> tuple[str, float]:
    st.sidebar.subheader(_("The goal"))
    figure = st.sidebar.radio(
        _("The goal counts"),
        list(FIGURES),
        key="wr_figure",
        horizontal=True,
        format_func=lambda f: _(FIGURES[f]).format(currency=currency_symbol()),
    )
    if st.session_state.get("wr_goal_opened") != figure:
        st.session_state["wr_goal"] = OPENING_GOAL[figure]
        st.session_state["wr_goal_opened"] = figure
    if figure == "deals":
        label = _("Goal for the period (won deals)")
    else:
        label = _("Goal for the period ({currency})").format(currency=currency_symbol())
    step = 1.0 if figure == "deals" else 10_000.0
    goal = number_field(st.sidebar, label, min_value=0.0, step=step, format="%.0f", key="wr_goal")
    return figure, goal


def model_inputs() -> tuple:
    """The funnel for new opportunities, trials and the forecast's confidence."""
    choices = library_with_current()
    picked = st.sidebar.selectbox(
        _("New opportunities from the funnel of"),
        [NO_FUNNEL, *choices],
        key="wr_funnel",
        help=_("A scenario's funnel still creates deals that can close before the period's end."),
        format_func=lambda name: _(NO_FUNNEL) if name == NO_FUNNEL else shown_name(name),
    )
    # TRANSLATORS: the number of simulated periods (Monte Carlo trials).
    trials = st.sidebar.select_slider(_("Trials"), (5_000, 20_000, 50_000), value=20_000, key="wr_trials")
    confidence = st.sidebar.select_slider(
        _("Confidence of the forecast (%)"), (50, 60, 70, 80, 90, 95), value=80, key="wr_confidence"
    )
    funnel = None if picked == NO_FUNNEL else choices[picked]
    return funnel, trials, confidence / 100


def owner_table(export, figure: str, goal: float, banked: float) -> tuple[tuple, tuple]:
    """Each owner's share of the goal and what they have won so far: an even split of both until typed."""
    owners = sorted({deal.owner for deal in export.deals})
    if figure == "deals":
        share_header, won_header = _("Share of the goal (deals)"), _("Won so far (deals)")
    else:
        currency = currency_symbol()
        share_header = _("Share of the goal ({currency})").format(currency=currency)
        won_header = _("Won so far ({currency})").format(currency=currency)
    # TRANSLATORS: column header: the owner of a deal in the CRM (the sales rep).
    owner_header = _("Owner")
    opening = pd.DataFrame(
        {
            owner_header: [owner or _("(no owner)") for owner in owners],
            share_header: [goal / len(owners)] * len(owners),
            won_header: [banked / len(owners)] * len(owners),
        }
    )
    with st.expander(_("Each owner's share of the goal and what they have won (an even split until you type)")):
        edited = st.data_editor(
            opening, key=f"wr_owners_{figure}_{goal}_{banked}", hide_index=True, disabled=[owner_header]
        )
    share, won = edited.columns[1], edited.columns[2]
    shares = tuple((o, float(s)) for o, s in zip(owners, edited[share].fillna(0.0), strict=True) if s > 0)
    owner_banked = tuple((o, float(w)) for o, w in zip(owners, edited[won].fillna(0.0), strict=True))
    return shares, owner_banked


def main() -> None:
    st.title(_("Weekly review"))
    st.caption(
        _(
            "Will the team make the period's goal? The open deals of the CRM, each at its stage's chance to win "
            "and its close date (some slip), plus what is already won and what the funnel still brings."
        )
    )
    data, is_sample = export_file()
    actuals_upload = actuals_file()
    history_upload = stage_history_file()
    file = hashlib.sha256(data).hexdigest()
    review_date, period_start, period_end = period_dates(file, is_sample)
    figure, goal = goal_inputs()
    name = goal_name(figure, goal, period_end)
    results = st.container()  # the answers above the files and tables that tune them
    history = stage_history(history_upload, is_sample)
    st.sidebar.subheader(_("What else counts"))
    slip_share, slip_days = slippage_inputs(history)
    funnel, trials, confidence = model_inputs()
    if not period_start < review_date < period_end:
        st.warning(
            _(
                "The review date must fall after the period's start and before its end: change the dates in the "
                "sidebar."
            )
        )
        return
    export = read_export(data, file, review_date)
    if export is None:
        return
    if not export.deals:
        st.info(_("No open deal of the file could be read: see the problems above."))
        return
    progress = actuals_to_date(actuals_upload, is_sample, figure, period_start, review_date)
    if progress is None:
        return
    stages = stage_table(export, file, history)
    shares, owner_banked = owner_table(export, figure, goal, progress.banked)
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
            pipeline=pipeline,
            figure=figure,
            goal=goal,
            banked=progress.banked,
            weeks_done=progress.weeks_done,
            funnel=funnel,
        )
        with st.spinner(_("Simulating the rest of the period…")):
            answers = review_answers_of(review, confidence, shares, owner_banked)
    except InputError as error:
        results.warning(_("This review can't be simulated: {problem}.").format(problem=on_screen(error)))
        return
    reviews, library_problem = saved_reviews(name)
    with results:
        answers_section(answers, review, progress.path, moved_since(answers, reviews, review_date))
        trend_section(answers, review, review_date, name, reviews, library_problem)
        made = date.today()
        brief_buttons(
            lambda: review_brief_of(review, confidence, shares, owner_banked, progress.path, name, made),
            # TRANSLATORS: the brief's file name without its extension (.pdf, .png).
            _("weekly_review_brief"),
            _("One-page brief of the review"),
            help=_(
                "The chance, pace, coverage, the progress chart, the categories, the deals that matter and each "
                "owner on one page, for the minutes or a slide."
            ),
        )


main()
