"""Simulator page: move the inputs, watch the odds of hitting a SMART target.

Widgets in (sidebar and target builder), one cached simulation, headline and charts out. The model, the target,
the files and the links all live in `simulator/`.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from simulator import InputError, Scenario
from simulator.analysis.smart import Status, smart_checklist
from simulator.analysis.summaries import odds_difference
from simulator.analysis.targets import Verdict
from simulator.files.links import scenario_from_query, scenario_to_query
from simulator.files.scenario_csv import ScenarioFileError, write_scenarios
from simulator.store import LibraryError
from ui import charts
from ui.cache import scenarios_from_bytes, summary_of, trials_csv
from ui.inputs import scenario_from_state, sidebar_inputs, target_builder, widget_state
from ui.library import CURRENT, UPLOADED, library, uploaded_name
from ui.store import scenario_library
from ui.text import plain
from ui.what_would_it_take import what_would_it_take_section

MAX_TRIAL_ROWS = 1_000_000  # a spreadsheet holds about a million rows
VERDICT_BOX = {
    Verdict.ACHIEVABLE: st.success,
    Verdict.CHALLENGING: st.warning,
    Verdict.STRETCH: st.warning,
    Verdict.UNREALISTIC: st.error,
}
# Streamlit's own icon font: shows the same on every machine, unlike emoji.
STATUS_ICON = {
    Status.MET: ":green[:material/check_circle:]",
    Status.CAUTION: ":orange[:material/warning:]",
    Status.NOT_MET: ":red[:material/cancel:]",
    Status.UNKNOWN: ":gray[:material/help:]",
}


# --- scenarios: samples, uploads, links ------------------------------------------------------------


def load(scenario: Scenario, annual_goal: float | None = None) -> None:
    """Put a scenario into every input widget."""
    st.session_state.update(widget_state(scenario, annual_goal))
    st.session_state["picker"] = st.session_state["save_name"] = scenario.name


def load_picked() -> None:
    load(library()[st.session_state["picker"]])


def load_upload() -> None:
    """Read an uploaded scenario CSV; on success open its first scenario, otherwise keep everything as it was."""
    uploaded = st.session_state.get("upload")
    st.session_state["upload_error"] = st.session_state["upload_note"] = None
    if uploaded is None:
        return
    try:
        scenarios = scenarios_from_bytes(uploaded.getvalue())
    except ScenarioFileError as error:
        st.session_state["upload_error"] = f"{uploaded.name}: {error}"
        return
    st.session_state[UPLOADED] = scenarios
    count = f"{len(scenarios)} scenario{'s' if len(scenarios) > 1 else ''}"
    st.session_state["upload_note"] = f"Opened {count} from {uploaded.name}: pick them above."
    load(library()[uploaded_name(scenarios[0].name)])


def first_visit() -> None:
    """Open on the scenario last worked on in this session, else the link's, else the first sample."""
    if "picker" in st.session_state:
        return
    first = next(iter(library().values()))
    if CURRENT in st.session_state:  # back from another page, which dropped this page's widgets
        current = st.session_state[CURRENT]
        load(current, st.session_state.get("current_annual_goal"))
        st.session_state["picker"] = current.name if current.name in library() else first.name
    elif st.query_params:
        scenario, annual_goal, notices = scenario_from_query(st.query_params.to_dict(), first)
        st.session_state["link_notices"] = notices
        load(scenario, annual_goal)
        st.session_state["picker"] = first.name if scenario.name not in library() else scenario.name
    else:
        load(first)


# --- page --------------------------------------------------------------------------------------------


def sidebar(names: list[str]) -> None:
    with st.sidebar:
        st.selectbox(
            "Scenario",
            names,
            key="picker",
            on_change=load_picked,
            help="Sample scenarios, and those of a scenario CSV you open below.",
        )
        st.button(
            "Reset to scenario",
            key="reset",
            on_click=load_picked,
            width="stretch",
            help="Put every input back to the picked scenario's values.",
        )
        st.file_uploader(
            "Open a scenario CSV",
            type=["csv"],
            key="upload",
            on_change=load_upload,
            help="One row per scenario; columns in docs/scenario_csv.md. Files this app downloads open here too.",
        )
        if st.session_state.get("upload_error"):
            st.error(plain(st.session_state["upload_error"]))
        if st.session_state.get("upload_note"):
            st.success(plain(st.session_state["upload_note"]))
        sidebar_inputs()


def headline(summary, baseline) -> None:
    answer = summary.answer
    odds, verdict, commit, likely, best = st.columns([1.3, 1.3, 1, 1, 1])
    delta = None
    if baseline is not None:
        change, se = odds_difference(summary, baseline)
        delta = f"{change * 100:+.1f} ± {se * 100:.1f} pts vs pinned"
    odds.metric(
        "Chance to hit target",
        f"{answer.probability:.0%}",
        delta=delta,
        help="Share of trials that hit the target. ± is the Monte Carlo standard error; "
        "more trials make it smaller.",
    )
    odds.caption(f"± {answer.standard_error * 100:.1f} pts standard error ({summary.hits.size:,} trials)")
    with verdict:
        VERDICT_BOX[answer.verdict](f"**{answer.verdict.value}**")
        st.caption("Achievable ≥ 80% · Challenging 50–80% · Stretch 10–50% · Unrealistic < 10%")
    unit = answer.target.metric.label
    for column, name, value, help_text in (
        (commit, "Commit", answer.commit, "Reached in 90% of trials"),
        (likely, "Most likely", answer.most_likely, "Reached in half of the trials"),
        (best, "Best case", answer.best_case, "Reached in 10% of trials"),
    ):
        column.metric(name, f"{value:,.0f}", help=f"{help_text}: {unit} by month {answer.target.deadline_month}.")


def smart_panel(scenario: Scenario, summary) -> None:
    st.markdown("**SMART check**")
    goal = st.session_state["annual_goal"] or None
    for check in smart_checklist(scenario, summary.answer, goal):
        st.markdown(f"{STATUS_ICON[check.status]} **{check.criterion}**: {plain(check.detail)}")


def baseline_summary(scenario: Scenario):
    """The pinned scenario on the current target, trials and seed, so the two pair trial by trial."""
    pinned = st.session_state.get("pinned")
    if pinned is None:
        return None
    horizon = max(pinned.horizon_months, scenario.target.deadline_month)
    return summary_of(
        replace(pinned, horizon_months=horizon, target=scenario.target, trials=scenario.trials, seed=scenario.seed)
    )


def pin_controls(scenario: Scenario) -> None:
    pinned = st.session_state.get("pinned")
    pin, unpin = st.columns(2)
    if pin.button(
        "Pin as baseline",
        key="pin",
        icon=":material/push_pin:",
        width="stretch",
        help="Keep these inputs as a grey reference on the charts; the headline shows the change.",
    ):
        st.session_state["pinned"] = scenario
        st.rerun()
    if pinned is not None and unpin.button("Unpin", key="unpin", width="stretch"):
        st.session_state["pinned"] = None
        st.rerun()


def save_panel(scenario: Scenario) -> None:
    """Save the current inputs to the scenario library, under a name, with a note."""
    store, problem = scenario_library()
    if store is None:
        st.warning(
            f"The scenario library is not available, so scenarios can't be saved right now: "
            f"{plain(problem)} Everything else works."
        )
        return
    name, note, overwrite, button = st.columns([2, 3, 1.2, 1.2], vertical_alignment="bottom")
    name.text_input("Save as", key="save_name", max_chars=200, help="A name in any language.")
    note.text_input("Note", key="save_note", placeholder="What this scenario assumes, who agreed it…")
    overwrite.checkbox(
        "Replace if saved",
        key="save_overwrite",
        help="Replace a saved scenario of the same name instead of refusing.",
    )
    if button.button("Save to library", key="save", icon=":material/save:", width="stretch"):
        try:
            saved = store.save(
                replace(scenario, name=st.session_state["save_name"].strip()),
                st.session_state.get("save_note", ""),
                overwrite=st.session_state.get("save_overwrite", False),
            )
        except LibraryError as error:
            st.error(plain(str(error)))
        else:
            st.success(
                plain(
                    f"Saved {saved.name!r} at {saved.modified_at:%Y-%m-%d %H:%M} UTC. "
                    "It is in the scenario picker and on the Compare and Library pages."
                )
            )


def downloads(scenario: Scenario, summary) -> None:
    stem = "".join(c if c.isalnum() else "_" for c in scenario.name).strip("_")[:40] or "scenario"
    left, right = st.columns(2)
    left.download_button(
        "Scenario CSV (with results)",
        write_scenarios([scenario], [summary.answer]),
        file_name=f"{stem}.csv",
        mime="text/csv",
        icon=":material/download:",
        width="stretch",
        help="Inputs, target, seed and results; opens in a spreadsheet and back here.",
    )
    right.download_button(
        "Trials CSV",
        lambda: trials_csv(scenario),
        file_name=f"{stem}_trials.csv",
        icon=":material/download:",
        mime="text/csv",
        width="stretch",
        help="One row per trial and month, with the inputs drawn for each trial.",
    )


def page() -> None:
    first_visit()
    names = list(library())
    sidebar(names)

    st.title("Funnel what-if simulator")
    for notice in st.session_state.pop("link_notices", []):
        st.warning(plain(notice))
    st.markdown("**Target**")
    target_builder()

    try:
        scenario = scenario_from_state(st.session_state, st.session_state["picker"])
    except InputError as error:
        st.error(f"These inputs can't be simulated: {plain(str(error))}. Change that input to see results again.")
        return
    with st.spinner(f"Simulating {scenario.trials:,} trials…"):
        summary = summary_of(scenario)
        baseline = baseline_summary(scenario)
    annual_goal = st.session_state["annual_goal"] or None
    st.query_params.from_dict(scenario_to_query(scenario, annual_goal))
    st.session_state[CURRENT], st.session_state["current_annual_goal"] = scenario, annual_goal

    st.markdown(f"##### {plain(scenario.target.describe())}")
    headline(summary, baseline)
    pin_controls(scenario)

    chart, checklist = st.columns([2, 1])
    chart.plotly_chart(charts.distribution_chart(summary, baseline), width="stretch")
    with checklist:
        smart_panel(scenario, summary)
        if summary.unbinned_share:
            st.caption(f"{summary.unbinned_share:.0%} of trials won no deal, so their CAC has no value.")
    funnel, over_time = st.columns(2)
    funnel.plotly_chart(charts.funnel_chart(summary, baseline), width="stretch")
    over_time.plotly_chart(charts.over_time_chart(summary, baseline), width="stretch")
    downloads(scenario, summary)
    save_panel(scenario)
    st.divider()
    what_would_it_take_section(scenario, summary)


page()
