"""The simulator page's take-away: the scenario and trials CSVs, the one-page brief, and the save panel, in a
fragment of their own so that typing a name or a note reruns only them."""

from __future__ import annotations

from datetime import date

import streamlit as st

from simulator import Scenario, simulate
from simulator.analysis.goal_seek import seeks
from simulator.files.file_names import file_stem
from simulator.files.scenario_csv import write_scenarios
from simulator.files.trials_csv import MAX_TRIAL_ROWS, trials_within, write_trials
from simulator.i18n import _, ngettext, number_text, percent_text
from ui.brief_buttons import brief_buttons
from ui.cache import scenario_brief_of
from ui.csv_buttons import local_csv_button
from ui.save_panel import save_panel


def downloads(scenario: Scenario, summary) -> None:
    stem = file_stem(scenario.name)
    left, right = st.columns(2)
    scenario_label = _("Scenario CSV (with results)")
    left.download_button(
        scenario_label,
        write_scenarios([scenario], [summary.answer]),
        file_name=f"{stem}.csv",
        mime="text/csv",
        icon=":material/download:",
        width="stretch",
        on_click="ignore",  # a download changes nothing on the page
        help=_("Inputs, target, seed and results; opens in a spreadsheet and back here."),
    )
    # Never cached: made when clicked, capped, and dropped once sent.
    shown = min(scenario.trials, trials_within(MAX_TRIAL_ROWS, scenario.horizon_months))
    capped = shown < scenario.trials
    every = _("One row per trial and month, with the inputs drawn for each trial.")
    local_csv_button(
        left, scenario_label, lambda dialect: write_scenarios([scenario], [summary.answer], dialect=dialect), stem
    )
    right.download_button(
        ngettext(
            "Trials CSV (first {shown} of {trials} trials)", "Trials CSV (first {shown} of {trials} trials)", shown
        ).format(shown=number_text(shown), trials=number_text(scenario.trials))
        if capped
        else _("Trials CSV"),
        lambda: write_trials([simulate(scenario)], max_trials=shown),
        # TRANSLATORS: the trials file's name without its extension (.csv); {scenario} is the scenario's name.
        file_name=_("{scenario}_trials").format(scenario=stem) + ".csv",
        icon=":material/download:",
        mime="text/csv",
        width="stretch",
        on_click="ignore",
        help=f"{every} "
        + (
            _(
                "A file holds at most {rows} rows, so it has the first {shown} trials of this run; "
                "`python -m simulator run` writes them all."
            ).format(rows=number_text(MAX_TRIAL_ROWS), shown=number_text(shown))
            if capped
            else ""
        ),
    )
    local_csv_button(
        right,
        _("Trials CSV"),
        lambda dialect: write_trials([simulate(scenario)], max_trials=shown, dialect=dialect),
        _("{scenario}_trials").format(scenario=stem),
    )
    brief_downloads(scenario, stem)


def brief_downloads(scenario: Scenario, stem: str) -> None:
    """The one-page brief as PDF and PNG, made when clicked (and kept for the next click)."""
    confidence = st.session_state.get("confidence", 80) if seeks(scenario.target) else None
    if confidence is None:
        about = _(
            "The target, the odds, the chart, the funnel and the inputs on one page, for the minutes or a slide; "
            "a few seconds the first time."
        )
    else:
        about = _(
            "The target, the odds and what it would take for {confidence}, the chart, the funnel and the inputs "
            "on one page, for the minutes or a slide; a few seconds the first time."
        ).format(confidence=percent_text(confidence / 100))
    made = date.today()

    brief_buttons(
        lambda: scenario_brief_of(scenario, None if confidence is None else confidence / 100, made),
        # TRANSLATORS: the brief's file name without its extension (.pdf, .png); {scenario} is the scenario's name.
        _("{scenario}_brief").format(scenario=stem),
        _("One-page brief"),
        help=about,
    )


@st.fragment
def take_away(scenario: Scenario, summary) -> None:
    """The downloads and the save panel: typing a name or a note reruns only this part of the page."""
    downloads(scenario, summary)
    save_panel(scenario)
