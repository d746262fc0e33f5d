"""Simulator page: move the inputs, watch the odds of hitting a SMART target.

Widgets in (sidebar and target builder), one cached simulation, headline and charts out. The model, the target,
the files and the links all live in `simulator/`.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from simulator import InputError, Scenario
from simulator.analysis.compare import aligned
from simulator.analysis.smart import Status, smart_checklist
from simulator.analysis.summaries import odds_difference
from simulator.analysis.targets import DEFAULT_THRESHOLDS, Verdict
from simulator.files.links import scenario_from_query, scenario_to_query
from simulator.files.scenario_csv import ScenarioFileError, recomputed_results_note
from simulator.i18n import _, ngettext, number_text, percent_text
from simulator.report.formats import metric_text, odds_text
from ui import chart_style, charts
from ui.cache import scenarios_from_bytes, summary_of
from ui.channel_editor import BASE, edited_rows
from ui.channel_results import channel_section, channels_inputs
from ui.first_paint import ask_for_the_rest, before_first_paint
from ui.inputs import INPUT_NOTICES, scenario_from_state, sidebar_inputs, widget_state
from ui.labels import on_screen
from ui.library import CURRENT, UPLOADED, library, open_linked, uploaded_name
from ui.link_notices import LINK_NOTICES, link_notices
from ui.locale_settings import locale_params
from ui.subscription_results import subscription_section
from ui.take_away import take_away
from ui.target_builder import MEDIANS, settle_fixed_start, settle_metric, target_builder
from ui.text import plain
from ui.what_would_it_take import what_would_it_take_section

# Four verdicts, four colours: green, blue, orange, red.
VERDICT_BOX = {
    Verdict.ACHIEVABLE: st.success,
    Verdict.CHALLENGING: st.info,
    Verdict.STRETCH: st.warning,
    Verdict.UNREALISTIC: st.error,
}
VERDICT_COLOUR = {
    Verdict.ACHIEVABLE: "green",
    Verdict.CHALLENGING: "blue",
    Verdict.STRETCH: "orange",
    Verdict.UNREALISTIC: "red",
}
# Streamlit's own icon font: shows the same on every machine, unlike emoji.
LINKED_ICON = ":material/link:"
STATUS_ICON = {
    Status.MET: ":green[:material/check_circle:]",
    Status.CAUTION: ":orange[:material/warning:]",
    Status.NOT_MET: ":red[:material/cancel:]",
    Status.UNKNOWN: ":gray[:material/help:]",
}


def verdict_bands() -> tuple[tuple[Verdict, str], ...]:
    """The legend under the verdict, from the thresholds the verdict itself uses, in the run's number format."""
    achievable, challenging, stretch = (
        percent_text(bound)
        for bound in (DEFAULT_THRESHOLDS.achievable, DEFAULT_THRESHOLDS.challenging, DEFAULT_THRESHOLDS.stretch)
    )
    return (
        (Verdict.ACHIEVABLE, f"≥ {achievable}"),
        (Verdict.CHALLENGING, f"{challenging}–{achievable}"),
        (Verdict.STRETCH, f"{stretch}–{challenging}"),
        (Verdict.UNREALISTIC, f"< {stretch}"),
    )


# --- scenarios: samples, uploads, links ------------------------------------------------------------


def load(scenario: Scenario, annual_goal: float | None = None) -> None:
    """Put a scenario into every input widget."""
    st.session_state.pop(LINK_NOTICES, None)  # they were about the scenario this one replaces
    st.session_state.pop("channels", None)  # the channel editor's edits were to the rows this one replaces
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
    opened = ngettext(
        "Opened {count} scenario from {file}: pick them above.",
        "Opened {count} scenarios from {file}: pick them above.",
        len(scenarios),
    ).format(count=number_text(len(scenarios)), file=uploaded.name)
    recomputed = recomputed_results_note(uploaded.getvalue())
    st.session_state["upload_note"] = opened + (f" {recomputed}" if recomputed else "")
    load(library()[uploaded_name(scenarios[0].name)])


def first_visit() -> None:
    """Open on the scenario last worked on in this session, else the link's, else the first sample."""
    if "picker" in st.session_state:
        return
    scenarios = library()
    first = next(iter(scenarios.values()))
    if CURRENT in st.session_state:  # back from another page, which dropped this page's widgets
        current = st.session_state[CURRENT]
        load(current, st.session_state.get("current_annual_goal"))
        st.session_state["picker"] = current.name if current.name in scenarios else first.name
    elif st.query_params:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        scenario, annual_goal, notices = scenario_from_query(params, first)
        open_linked(scenario)
        load(scenario, annual_goal)
        # One place for everything the link could not give as it was, widgets' rounding included.
        st.session_state[LINK_NOTICES] = notices + st.session_state.pop(INPUT_NOTICES)
    else:
        load(first)


# --- page --------------------------------------------------------------------------------------------


def sidebar(names: list[str], *, inputs: bool = True) -> None:
    """The scenario picker, then (when `inputs`) every input and the scenario file's uploader at the bottom."""
    with st.sidebar:
        picker, reset = st.columns([5, 1], vertical_alignment="bottom")
        picker.selectbox(
            _("Scenario"),
            names,
            key="picker",
            on_change=load_picked,
            help=_(
                "Sample scenarios, those of a scenario CSV you open (at the bottom of this panel) and the saved "
                "ones."
            ),
        )
        reset.button(
            "",
            key="reset",
            icon=":material/restart_alt:",
            on_click=load_picked,
            help=_("Reset: put every input back to the picked scenario's values."),
        )
        if not inputs:
            st.caption(_("The inputs follow in a moment…"))
            return
        if st.session_state.get("upload_error"):
            st.error(plain(st.session_state["upload_error"]))
        if st.session_state.get("upload_note"):
            st.success(plain(st.session_state["upload_note"]))
        sidebar_inputs()
        with st.expander(_("Open a scenario CSV"), icon=":material/upload_file:"):
            st.file_uploader(
                _("Scenario CSV"),
                type=["csv"],
                key="upload",
                on_change=load_upload,
                help=_(
                    "One row per scenario; columns in docs/scenario_csv.md. Files this app downloads open here "
                    "too."
                ),
            )


def headline(summary, baseline) -> None:
    answer = summary.answer
    odds, verdict, commit, likely, best = st.columns([1.2, 1.8, 1, 1, 1])
    delta, lower = None, False
    if baseline is not None:
        change, se = odds_difference(summary, baseline)
        delta = _("{change} ± {error} pts vs pinned").format(
            change=number_text(change * 100, 1, signed=True), error=number_text(se * 100, 1)
        )
        # From the change, not the text: a right-to-left language keeps "-1.2" in an isolate, so the text does
        # not start with the minus sign Streamlit looks for.
        lower = change * 100 < 0
    odds.metric(
        _("Chance to hit target"),
        odds_text(answer.probability),
        delta=delta,
        delta_color="red" if lower else "green",
        delta_arrow="down" if lower else "up",
        help=_(
            "Share of trials that hit the target. ± is the Monte Carlo standard error; "
            "more trials make it smaller."
        ),
    )
    trials = summary.hits.size
    odds.caption(
        ngettext(
            "± {error} pts standard error ({trials} trials)",
            "± {error} pts standard error ({trials} trials)",
            trials,
        ).format(error=number_text(answer.standard_error * 100, 1), trials=number_text(trials))
    )
    with verdict:
        VERDICT_BOX[answer.verdict](f"**{answer.verdict.label}**")
        st.caption(" · ".join(f":{VERDICT_COLOUR[v]}[{v.label} {band}]" for v, band in verdict_bands()))
    unit = answer.target.metric.label
    reached = _("Reached in {share} of trials")
    for column, name, value, help_text in (
        (commit, _("Commit"), answer.commit, reached.format(share=percent_text(0.9))),
        (likely, _("Most likely"), answer.most_likely, _("Reached in half of the trials")),
        (best, _("Best case"), answer.best_case, reached.format(share=percent_text(0.1))),
    ):
        column.metric(
            name,
            metric_text(answer.target.metric, value),
            # TRANSLATORS: a level's help: "Reached in 90% of trials: Won deals by month 6."
            help=_("{reached}: {metric} {period}.").format(
                reached=help_text, metric=unit, period=answer.target.period
            ),
        )


def readings_panel(summary) -> None:
    """A monthly goal's three readings side by side, so the team settles which one it means."""
    if not summary.readings:
        return
    st.markdown(_("**One goal, three readings**: which one does the team mean?"))
    for column, reading in zip(st.columns(len(summary.readings)), summary.readings, strict=True):
        column.metric(
            _("{reading} (as set)").format(reading=reading.label) if reading.chosen else reading.label,
            odds_text(reading.probability),
            help=_("{target}: ± {error} pts standard error.").format(
                target=plain(reading.target.describe()), error=number_text(reading.standard_error * 100, 1)
            ),
        )


def smart_panel(scenario: Scenario, summary) -> None:
    st.markdown(_("**SMART check**"))
    goal = st.session_state["annual_goal"] or None
    for check in smart_checklist(scenario, summary.answer, goal):
        st.markdown(f"{STATUS_ICON[check.status]} **{check.criterion}**: {plain(check.detail)}")


def baseline_summary(scenario: Scenario):
    """The pinned scenario on the current target, trials and seed, so the two pair trial by trial."""
    pinned = st.session_state.get("pinned")
    if pinned is None:
        return None
    return summary_of(aligned(pinned, scenario))


def pin_controls(scenario: Scenario) -> None:
    pinned = st.session_state.get("pinned")
    pin, unpin = st.columns(2)
    if pin.button(
        _("Pin"),
        key="pin",
        icon=":material/push_pin:",
        width="stretch",
        help=_("Pin as baseline: these inputs stay as a grey reference; the headline shows the change."),
    ):
        st.session_state["pinned"] = scenario
        st.rerun()
    if pinned is not None and unpin.button(_("Unpin"), key="unpin", width="stretch"):
        st.session_state["pinned"] = None
        st.rerun()


def results() -> list[tuple[dict, DeltaGenerator]]:
    """The target sentence, the odds and what goes with them, for the inputs as they stand; returns the charts
    and the places kept for them, to draw last."""
    try:
        scenario = scenario_from_state(st.session_state, st.session_state["picker"])
    except InputError as error:
        last = st.session_state.get(CURRENT)
        if not error.field.startswith("correlations") or last is None:
            st.error(
                _("These inputs can't be simulated: {problem}. Change that input to see results again.").format(
                    problem=on_screen(error)
                )
            )
            return []
        # Sliders that contradict each other: say why, and keep showing the last inputs that could all hold.
        st.error(
            _(
                "**These move together**: the sliders must ask for {allowed}. "
                "The results below are for the last settings that could all hold."
            ).format(allowed=plain(error.allowed))
        )
        scenario = last
    simulating = ngettext("Simulating {trials} trials…", "Simulating {trials} trials…", scenario.trials)
    with st.spinner(simulating.format(trials=number_text(scenario.trials))):
        try:
            summary = summary_of(scenario)
            baseline = baseline_summary(scenario)
        except InputError as error:  # more work than one run may take
            st.error(_("These inputs can't be simulated: {problem}.").format(problem=on_screen(error)))
            return []
    annual_goal = st.session_state["annual_goal"] or None
    st.query_params.from_dict(scenario_to_query(scenario, annual_goal) | locale_params())
    st.session_state[CURRENT], st.session_state["current_annual_goal"] = scenario, annual_goal
    # What a new target metric starts from (see ui.target_builder).
    st.session_state[MEDIANS] = {figure: values[1] for figure, values in summary.answer.percentiles.items()}

    sentence, pin = st.columns([3, 1], vertical_alignment="center")
    sentence.markdown(f"##### {plain(scenario.target.describe())}")
    if not scenario.correlations.is_independent:
        labels = " · ".join(plain(label) for label in scenario.correlations.labels())
        sentence.caption(f"{LINKED_ICON} {labels}")
    with pin:
        pin_controls(scenario)
    headline(summary, baseline)
    readings_panel(summary)

    chart, checklist = st.columns([2, 1])
    with checklist:
        smart_panel(scenario, summary)
        if summary.unbinned_share:
            st.caption(
                _(
                    "{share} of trials have nothing to divide by in these months (no deal won, or no opportunity, "
                    "visit or lead for a rate): they have no value and never hit the target."
                ).format(share=percent_text(summary.unbinned_share))
            )
    funnel, over_time = st.columns(2)
    # Recurring revenue right under the target's charts: in subscription mode, the figures the meeting is about.
    recurring = subscription_section(summary) if summary.subscription is not None else []
    take_away(scenario, summary)
    channel_section(scenario, summary)
    st.divider()
    what_would_it_take_section(scenario, summary)
    return [
        (charts.distribution_chart(summary, baseline), chart),
        (charts.funnel_chart(summary, baseline), funnel),
        (charts.over_time_chart(summary, baseline), over_time),
        *recurring,
    ]


def page() -> None:
    # A slider move is answered sooner when the browser gets the odds first: the inputs are in session state
    # before any widget is drawn, so the answer is sent first (the target builder still sits above it, in a
    # container made first), the widgets after it, and the charts last, each in the place kept for it. The
    # browser takes longer to draw the three charts than the rest of the page; sent before the widgets, they held
    # the new odds back (slider to odds in Chromium: 446 ms in page order, 363 ms with the answer first, 273-298 ms
    # with the charts last, 277 ms with no charts at all; see README, "Slider to answer").
    first_visit()
    settle_fixed_start()
    settle_metric()
    inputs_above = st.container()
    drawn_last = []
    first_paint = before_first_paint()
    try:
        drawn_last = results()
    finally:  # always: a widget not drawn in a finished run loses its value
        with inputs_above:
            link_notices()
            target_builder()
            channels_inputs(len(edited_rows(st.session_state[BASE], st.session_state.get("channels"))))
        sidebar(list(library()), inputs=not first_paint)
    if first_paint:
        ask_for_the_rest()
        return
    for figure, where in drawn_last:
        chart_style.show(figure, where)


page()
