"""The app's entry point and its simulator page: move the inputs, watch the odds of hitting a SMART target.

Widgets in (sidebar and target builder), one cached simulation, headline and charts out. The model, the target,
the files and the links all live in `simulator/`.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from simulator import Direction, InputError, Scenario
from simulator.analysis.smart import Status, smart_checklist
from simulator.analysis.summaries import odds_difference
from simulator.analysis.targets import Verdict
from simulator.analysis.whatif import capacity_report, describe_value, most_important
from simulator.files.links import scenario_from_query, scenario_to_query
from simulator.files.scenario_csv import ScenarioFileError, write_scenarios
from simulator.store import LibraryError
from ui import charts
from ui.cache import scenarios_from_bytes, summary_of, trials_csv, what_would_it_take_of
from ui.inputs import scenario_from_state, sidebar_inputs, target_builder, widget_state
from ui.library import CURRENT, UPLOADED, library, uploaded_name
from ui.store import scenario_library
from ui.text import plain

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


def what_would_it_take_section(scenario: Scenario, summary) -> None:
    """Goal seek, tornado, capacity and hiring, reverse funnel: on request, as they take a second or two."""
    st.subheader("What would it take?")
    controls, results = st.columns([1, 3])
    st.session_state.setdefault("confidence", 80)
    confidence = controls.slider(
        "Confidence to reach (%)",
        min_value=50,
        max_value=99,
        step=1,
        key="confidence",
        help="The odds the answers aim for: 80% means the target is hit in 80% of trials.",
    )
    controls.markdown(plain(capacity_report(summary.backlog_median).sentence))
    if scenario.target.direction is Direction.AT_MOST:
        results.info(
            "What-would-it-take works on at-least targets (deals, revenue, ...), whose odds rise with "
            "every lever. For a ceiling such as CAC, use the sliders and the SMART check."
        )
        return
    wanted = (scenario, confidence)
    if controls.button(
        "Work it out",
        key="work_it_out",
        type="primary",
        icon=":material/calculate:",
        help="Tries every lever at the current inputs; about a second or two.",
    ):
        st.session_state["worked_out_for"] = wanted
    if st.session_state.get("worked_out_for") != wanted:
        results.info(
            f"Press **Work it out** to find, lever by lever, what reaches {confidence}% — and which "
            "lever matters most."
        )
        return
    with results:
        bar = st.progress(0.0, text="Trying every lever…")
        answer = what_would_it_take_of(scenario, confidence / 100, _progress=lambda share: bar.progress(share))
        bar.empty()
        requirements_table(answer, confidence)
        if answer.hiring is not None:
            st.markdown(f"**Hiring**: {plain(answer.hiring.sentence)}")
        reverse_funnel_table(answer, scenario, confidence)
    st.markdown(f"**{plain(most_important(answer.swings))}**")
    st.plotly_chart(charts.tornado_chart(answer.swings, summary.answer.probability), width="stretch")


def requirements_table(answer, confidence: int) -> None:
    rows = []
    for requirement in answer.requirements:
        needed = (
            describe_value(requirement.lever, requirement.needed)
            if requirement.needed is not None
            else "not reachable"
        )
        rows.append(
            {
                "Lever (everything else unchanged)": requirement.lever.label.capitalize(),
                "Now": describe_value(requirement.lever, requirement.current),
                f"Needed for {confidence}%": needed,
                "Chance there": f"{requirement.odds_at_needed:.0%}" if requirement.needed is not None else "",
                "In words": requirement.sentence,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def reverse_funnel_table(answer, scenario: Scenario, confidence: int) -> None:
    if not answer.reverse:
        return
    month = scenario.target.deadline_month
    rows = [
        {
            "Stage": step.stage,
            f"Calculator (averages), by month {month}": f"{step.average:,.0f}",
            f"Median needed for {confidence}%": "traffic alone can't"
            if step.at_confidence is None
            else f"{step.at_confidence:,.0f}",
        }
        for step in answer.reverse
    ]
    st.markdown("**Reverse funnel**: what the target needs at each stage")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if scenario.sales_cycle_months:
        st.caption(
            f"The calculator ignores the {scenario.sales_cycle_months:g}-month sales cycle and luck; the "
            "simulated column includes both."
        )


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


def simulator_page() -> None:
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


st.set_page_config(page_title="Funnel what-if simulator", page_icon=":material/target:", layout="wide")
st.navigation(
    [
        st.Page(simulator_page, title="Simulator", icon=":material/tune:", default=True),
        st.Page("views/goal_breakdown.py", title="Goal breakdown", icon=":material/flag:"),
        st.Page("views/calibrate.py", title="Calibrate", icon=":material/history:"),
        st.Page("views/compare.py", title="Compare", icon=":material/compare_arrows:"),
        st.Page("views/library.py", title="Library", icon=":material/folder_open:"),
    ]
).run()
