"""The weekly review's stage probabilities and slippage: fitted from a history of pipeline snapshots with their
outcomes when there is one (:mod:`simulator.history.stage_fit`), else Salesforce's defaults; either way shown
in a table one can type over, with where each number came from."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from simulator.history.stage_fit import MIN_DEALS, StageHistory
from simulator.i18n import N_, _, language, ngettext, number_text, percent_text
from simulator.model.distributions import Range
from simulator.model.open_deals import DEFAULT_STAGES
from ui.cache import stage_history_of
from ui.file_questions import problems_report, read_asking, uploaded
from ui.number_field import number_field
from ui.text import plain

SAMPLE = Path(__file__).parent.parent / "sample_data" / "closed_deals.csv"
#: The chance to win a stage neither the history nor Salesforce's defaults know opens on, until typed.
UNKNOWN_STAGE_PROBABILITY = 0.10
#: Slippage when nothing says otherwise: a share of 10-30% late, by a month on average.
OPENING_SLIP = ((10, 30), 30.0)
#: The columns a history's header may leave to the manager to point out, in English (asked translated).
LABELS = {"deal_id": N_("Deal id or name"), "stage": N_("Stage"), "outcome": N_("Outcome (won / lost)")}


def stage_history_file() -> bytes | None:
    """The uploaded pipeline history's bytes, or None."""
    return uploaded(
        _("Stage history (optional): past pipeline snapshots with each deal's outcome (CSV or Excel .xlsx)"),
        key="wr_stage_history_file",
        help=_(
            "Open-deals exports of past weeks stacked, with Outcome (Won / Lost / open) and Closed On columns: "
            "each stage's chance to win and how late deals close are fitted from it."
        ),
    )


def stage_history(upload: bytes | None, is_sample: bool) -> StageHistory | None:
    """The history fitted: the upload, or the sample's beside the sample export; None without one, or while
    the file needs an answer."""
    if upload is None and not is_sample:
        return None
    data = SAMPLE.read_bytes() if upload is None else upload
    file = hashlib.sha256(data).hexdigest()
    labels = {field: _(words) for field, words in LABELS.items()}
    with st.expander(_("Stage history: what was fitted from it"), expanded=False):
        history = read_asking(
            lambda mapping, order: stage_history_of(data, mapping, order), file, "wr_stage_history", labels
        )
        if history is not None:
            rows = sum(odds.n + odds.still_open for odds in history.stage_odds)
            if upload is None:
                read = ngettext(
                    "{count} snapshot row of the sample's Q4 2025 snapshots",
                    "{count} snapshot rows of the sample's Q4 2025 snapshots",
                    rows,
                )
            else:
                read = ngettext("{count} snapshot row of the file", "{count} snapshot rows of the file", rows)
            problems_report(history.problems, read.format(count=number_text(rows)), expanded=False)
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
        _("Share of deals that close later than their date (%, 90% range)"), 0, 95, key="wr_slip_share"
    )
    days = number_field(
        st.sidebar, _("Mean delay of a deal that slips (days)"), min_value=1.0, max_value=365.0, key="wr_slip_days"
    )
    if fit is not None:
        counts = {
            "slipped": number_text(fit.n_slipped),
            "won": number_text(fit.n_won),
            "deals": number_text(fit.deals),
        }
        if fit.mean_days is None:
            fitted = ngettext(
                "Fitted from the stage history: {slipped} of {won} won rows ({deals} deal) closed after their "
                "date.",
                "Fitted from the stage history: {slipped} of {won} won rows ({deals} deals) closed after their "
                "date.",
                fit.deals,
            ).format(**counts)
        else:
            fitted = ngettext(
                "Fitted from the stage history: {slipped} of {won} won rows ({deals} deal) closed after their "
                "date, by {days} days on average (90%: {fewest}–{most}).",
                "Fitted from the stage history: {slipped} of {won} won rows ({deals} deals) closed after their "
                "date, by {days} days on average (90%: {fewest}–{most}).",
                fit.deals,
            ).format(
                **counts,
                days=number_text(fit.mean_days),
                fewest=number_text(fit.mean_days_low),
                most=number_text(fit.mean_days_high),
            )
        st.sidebar.caption(fitted)
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
                _(
                    "Stages neither the stage history nor the usual CRM stages know: {stages}. They count at "
                    "{chance} to win until you type their chance below."
                ).format(stages=", ".join(unknown), chance=percent_text(UNKNOWN_STAGE_PROBABILITY))
            )
        )
    chances, sources = [], []
    for name in ordered:
        if name in fitted:
            odds = fitted[name]
            chances.append(100 * odds.probability)
            sources.append(
                # TRANSLATORS: where a stage's chance to win came from: the stage history's won rows and deals
                _("history: {won} of {n} won, {deals} deals (90%: {low}–{high})").format(
                    won=number_text(odds.won),
                    n=number_text(odds.n),
                    deals=number_text(odds.deals),
                    low=percent_text(odds.low),
                    high=percent_text(odds.high),
                )
            )
        else:
            chances.append(100 * defaults.get(name, UNKNOWN_STAGE_PROBABILITY))
            sources.append(_default_source(name, defaults, history))
    if fitted:
        title = _("Stage probabilities: each stage's chance to win (fitted from the stage history)")
    else:
        title = _("Stage probabilities: each stage's chance to win")
    # TRANSLATORS: the columns of the stage probabilities' table: a CRM stage, its chance, where it came from
    stage, chance_column, source = _("Stage"), _("Chance to win (%)"), _("From")
    with st.expander(title, expanded=bool(unknown)):
        edited = st.data_editor(
            pd.DataFrame({stage: ordered, chance_column: chances, source: sources}),
            # The language too: the edits kept for the table are by column, and its columns are in the language.
            key=f"wr_stages_{file[:16]}_{bool(fitted)}_{language().code}",
            hide_index=True,
            disabled=[stage, source],
            column_config={
                chance_column: st.column_config.NumberColumn(
                    min_value=0.0, max_value=100.0, step=5.0, format="%.1f"
                )
            },
        )
    typed = edited[chance_column].fillna(0.0)
    return tuple((str(name), float(chance) / 100) for name, chance in zip(edited[stage], typed, strict=True))


def _default_source(name: str, defaults: dict, history: StageHistory | None) -> str:
    known = name in defaults
    if history is None:
        return _("Salesforce's default") if known else _("not known: typed")
    seen = next((odds for odds in history.stage_odds if odds.stage == name), None)
    closed = 0 if seen is None else seen.deals
    if known:
        source = ngettext(
            "Salesforce's default (the history has {count} closed deal here, fewer than {least})",
            "Salesforce's default (the history has {count} closed deals here, fewer than {least})",
            closed,
        )
    else:
        source = ngettext(
            "not known: typed (the history has {count} closed deal here, fewer than {least})",
            "not known: typed (the history has {count} closed deals here, fewer than {least})",
            closed,
        )
    return source.format(count=number_text(closed), least=number_text(MIN_DEALS))
