"""The weekly review's stage probabilities and slippage: fitted from a history of pipeline snapshots with their
outcomes when there is one (:mod:`simulator.history.stage_fit`), else Salesforce's defaults; either way shown
in a table one can type over, with where each number came from."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from simulator.history.stage_fit import MIN_DEALS, StageHistory
from simulator.model.distributions import Range
from simulator.model.open_deals import DEFAULT_STAGES
from ui.cache import stage_history_of
from ui.file_questions import problems_report, read_asking, uploaded
from ui.text import plain

SAMPLE = Path(__file__).parent.parent / "sample_data" / "closed_deals.csv"
#: The chance to win a stage neither the history nor Salesforce's defaults know opens on, until typed.
UNKNOWN_STAGE_PROBABILITY = 0.10
#: Slippage when nothing says otherwise: a share of 10-30% late, by a month on average.
OPENING_SLIP = ((10, 30), 30.0)
LABELS = {"deal_id": "Deal id or name", "stage": "Stage", "outcome": "Outcome (won / lost)"}


def stage_history_file() -> bytes | None:
    """The uploaded pipeline history's bytes, or None."""
    return uploaded(
        "Stage history (optional): past pipeline snapshots with each deal's outcome (CSV or Excel .xlsx)",
        key="wr_stage_history_file",
        help="Open-deals exports of past weeks stacked, with Outcome (Won / Lost / open) and Closed On columns: "
        "each stage's chance to win and how late deals close are fitted from it.",
    )


def stage_history(upload: bytes | None, is_sample: bool) -> StageHistory | None:
    """The history fitted: the upload, or the sample's beside the sample export; None without one, or while
    the file needs an answer."""
    if upload is None and not is_sample:
        return None
    data = SAMPLE.read_bytes() if upload is None else upload
    file = hashlib.sha256(data).hexdigest()
    with st.expander("Stage history: what was fitted from it", expanded=False):
        history = read_asking(
            lambda mapping, order: stage_history_of(data, mapping, order), file, "wr_stage_history", LABELS
        )
        if history is not None:
            source = "the sample's Q4 2025 snapshots" if upload is None else "the file"
            rows = sum(odds.n + odds.still_open for odds in history.stage_odds)
            problems_report(history.problems, f"{rows:,} snapshot rows of {source}", expanded=False)
    return history


def slippage_inputs(history: StageHistory | None) -> tuple[Range, float]:
    """The share of deals that slip (a 90% range) and their mean delay, opening on the history's fit."""
    fit = history.slippage if history is not None else None
    if fit is None:
        opening = OPENING_SLIP
    else:
        share = (round(100 * fit.share.low), max(round(100 * fit.share.high), round(100 * fit.share.low) + 1))
        opening = (share, round(fit.mean_days or OPENING_SLIP[1], 1))
    if st.session_state.get("wr_slip_opened") != opening:
        st.session_state["wr_slip_share"], st.session_state["wr_slip_days"] = opening
        st.session_state["wr_slip_opened"] = opening
    low, high = st.sidebar.slider(
        "Share of deals that close later than their date (%, 90% range)", 0, 95, key="wr_slip_share"
    )
    days = st.sidebar.number_input(
        "Mean delay of a deal that slips (days)", min_value=1.0, max_value=365.0, key="wr_slip_days"
    )
    if fit is not None:
        delay = ""
        if fit.mean_days is not None:
            fewest, most = fit.mean_days_low, fit.mean_days_high
            delay = f", by {fit.mean_days:.0f} days on average (90%: {fewest:.0f}–{most:.0f})"
        st.sidebar.caption(
            f"Fitted from the stage history: {fit.n_slipped} of {fit.n_won} won rows ({fit.deals} deals) closed "
            f"after their date{delay}."
        )
    return Range(low / 100, high / 100), float(days)


def stage_table(export, file: str, history: StageHistory | None) -> tuple[tuple[str, float], ...]:
    """The stages of the export and their chance to win, editable: fitted where the history has enough closed
    deals at the stage, else Salesforce's default, else :data:`UNKNOWN_STAGE_PROBABILITY`."""
    defaults = dict(DEFAULT_STAGES)
    fitted = {odds.stage: odds for odds in history.stage_odds if not odds.too_few} if history else {}
    found = list(dict.fromkeys(deal.stage for deal in export.deals))
    ordered = [name for name in defaults if name in found] + [name for name in found if name not in defaults]
    unknown = [name for name in ordered if name not in defaults and name not in fitted]
    if unknown:
        st.warning(
            plain(
                f"Stages neither the stage history nor the usual CRM stages know: {', '.join(unknown)}. They "
                f"count at {UNKNOWN_STAGE_PROBABILITY:.0%} to win until you type their chance below."
            )
        )
    chances, sources = [], []
    for name in ordered:
        if name in fitted:
            odds = fitted[name]
            chances.append(100 * odds.probability)
            sources.append(
                f"history: {odds.won} of {odds.n} won, {odds.deals} deals (90%: {odds.low:.0%}–{odds.high:.0%})"
            )
        else:
            chances.append(100 * defaults.get(name, UNKNOWN_STAGE_PROBABILITY))
            sources.append(_default_source(name, defaults, history))
    title = "Stage probabilities: each stage's chance to win" + (" (fitted from the stage history)" * bool(fitted))
    with st.expander(title, expanded=bool(unknown)):
        edited = st.data_editor(
            pd.DataFrame({"Stage": ordered, "Chance to win (%)": chances, "From": sources}),
            key=f"wr_stages_{file[:16]}_{bool(fitted)}",
            hide_index=True,
            disabled=["Stage", "From"],
            column_config={
                "Chance to win (%)": st.column_config.NumberColumn(
                    min_value=0.0, max_value=100.0, step=5.0, format="%.1f"
                )
            },
        )
    typed = edited["Chance to win (%)"].fillna(0.0)
    return tuple((str(name), float(chance) / 100) for name, chance in zip(edited["Stage"], typed, strict=True))


def _default_source(name: str, defaults: dict, history: StageHistory | None) -> str:
    known = "Salesforce's default" if name in defaults else "not known: typed"
    if history is None:
        return known
    seen = next((odds for odds in history.stage_odds if odds.stage == name), None)
    closed = 0 if seen is None else seen.deals
    return f"{known} (the history has {closed} closed deal{'s' * (closed != 1)} here, fewer than {MIN_DEALS})"
