"""The sidebar inputs: widgets keyed by scenario field, and back to a Scenario.

Widget keys are the scenario's field names (``win_rate``, ``reps``, ``target_value``), so tests find them with
``at.slider(key="win_rate")``. Rates are shown in percent and stored as fractions in the Scenario.

How each widget is laid out (steps, slider ranges, decimals) is :mod:`ui.widget_layout`: a number input has no
bounds, so whatever is typed reaches the model, which names the field and what is allowed when it refuses it; a
slider's range stretches to include a loaded or typed value. Each widget shows its value with as many decimals as
it needs, so the page runs exactly on the values shown; a loaded value with more decimals than a widget shows is
rounded to what it shows, and the sidebar says so. A 90% range is a slider with its ends typed beside it
(:mod:`ui.range_input`).

The scenario's correlations are one slider per pair of inputs, in a "These move together" expander
(:mod:`ui.correlation_inputs`). The trials offered are the presets up to the server's maximum
(:func:`simulator.settings.max_trials`), plus a loaded scenario's own number, shown as given even above it: the
page then says why it cannot run it.
"""

from __future__ import annotations

import streamlit as st

from simulator import Correlations, Range, Scenario, Target
from simulator.files.scenario_columns import field_values
from simulator.i18n import N_, _, ngettext, number_text
from simulator.model.fields import FIELD
from simulator.model.scenario import RANGE_FIELDS
from simulator.model.subscription import RevenueMode
from simulator.settings import max_trials
from ui.channel_editor import BASE, channel_rows, channels_from_state, edited_rows, rows_as_text
from ui.correlation_inputs import (
    CORRELATION_PAIRS,
    CORRELATION_STEPS,
    correlation_key,
    correlations_from_state,
    moving_together,
)
from ui.labels import label
from ui.number_field import number_field
from ui.range_input import range_input, range_layout
from ui.subscription_inputs import subscription_inputs
from ui.target_inputs import BY_CHANGE, BY_NUMBER, deadline_changed, target_spec
from ui.target_window import choice_of, window_of
from ui.text import plain
from ui.widget_layout import (
    fit_to_widget,
    from_shown,
    integer_layout,
    number_layout,
    slider_bounds,
    to_shown,
)

TRIAL_CHOICES = (1_000, 5_000, 20_000, 100_000, 1_000_000)
#: Session-state key of the sentences about loaded values a widget had to round.
INPUT_NOTICES = "input_notices"


def widget_state(scenario: Scenario, annual_goal: float | None = None) -> dict[str, object]:
    """Session-state values for every input widget, from a scenario (rates in percent).

    Also the layout of the range sliders, whose ends follow the loaded values (``layout_<key>``), the trial
    choices, and the notices about values rounded to what a widget shows (:data:`INPUT_NOTICES`).
    """
    target = scenario.target
    notices: list[str] = []
    values = field_values(scenario)

    def fit(name: str, value: float | None = None) -> float:
        return fit_to_widget(FIELD[name], values[name] if value is None else value, notices)

    capacity = scenario.capacity_per_rep if scenario.capacity_per_rep is not None else 20.0
    number = target_spec(target.metric)
    state = {
        "horizon_months": scenario.horizon_months,
        "traffic_growth": fit("traffic_growth"),
        "sales_cycle_months": fit("sales_cycle_months"),
        "sales_cycle_spread": fit("sales_cycle_spread"),
        "open_pipeline": scenario.open_pipeline,
        "reps": scenario.reps,
        "new_reps": scenario.new_reps,
        "ramp_productivity": fit("ramp_productivity"),
        "ramp_months": scenario.ramp_months,
        "capacity_limited": scenario.capacity_per_rep is not None,
        "capacity_per_rep": fit("capacity_per_rep", capacity),
        "marketing_spend": fit("marketing_spend"),
        "cost_per_rep": fit("cost_per_rep"),
        "gross_margin": fit("gross_margin"),
        "revenue_mode": scenario.revenue_mode is RevenueMode.SUBSCRIPTION,
        "starting_customers": scenario.starting_customers,
        "starting_mrr": fit("starting_mrr"),
        "trials": scenario.trials,
        # Every preset the server allows, plus the loaded number of trials: a file's 4,000 runs at 4,000.
        "options_trials": tuple(sorted({*(t for t in TRIAL_CHOICES if t <= max_trials()), scenario.trials})),
        "seed": scenario.seed,
        "target_metric": target.metric,
        "target_direction": target.direction,
        "target_mode": BY_NUMBER if target.value is not None else BY_CHANGE,
        "target_value": to_shown(number, target.value if target.value is not None else target.threshold),
        "target_change_pct": float(target.change_pct if target.change_pct is not None else 0),
        "target_baseline": to_shown(number, target.baseline if target.baseline is not None else target.threshold),
        "target_deadline_month": target.deadline_month,
        "target_window": choice_of(target),
        "target_start_month": target.start_month,
        "target_channels": list(target.channels),
        "annual_goal": float(annual_goal or 0),
    }
    # Slider ends and decimals follow the loaded scenario, so they stay put while a slider is dragged.
    for name in RANGE_FIELDS:
        low, high = fit(f"{name}.low"), fit(f"{name}.high")
        state[name] = (low, high)
        state[f"layout_{name}"] = range_layout(name, low, high)
    # The offered pairs, and any other pair the scenario sets, each slider offering its loaded value.
    given = {(pair.first, pair.second): pair.rank_correlation for pair in scenario.correlations.pairs}
    state["correlation_pairs"] = (*CORRELATION_PAIRS, *(pair for pair in given if pair not in CORRELATION_PAIRS))
    for first, second in state["correlation_pairs"]:
        value = given.get((first, second), 0.0)
        state[correlation_key(first, second)] = value
        state[f"options_{correlation_key(first, second)}"] = tuple(sorted({*CORRELATION_STEPS, value}))
    state[BASE] = channel_rows(scenario.channels)
    state[INPUT_NOTICES] = notices
    return state


_NUMBER_FORMATS = {
    "traffic_growth": "{}",
    "sales_cycle_months": "{}",
    "sales_cycle_spread": "{}",
    "ramp_productivity": "{}",
    "capacity_per_rep": "{}",
    "marketing_spend": "{}",
    "cost_per_rep": "{}",
    "gross_margin": "{}%%",
    "starting_mrr": "{}",
}


def scenario_from_state(state, name: str) -> Scenario:
    """The scenario the widgets describe. Raises InputError for a combination the model does not allow (the
    correlations' errors have a field starting ``"correlations"``)."""
    by_change = state["target_mode"] == BY_CHANGE
    number = target_spec(state["target_metric"])
    deadline = int(state["target_deadline_month"])
    window, start = window_of(state["target_window"], int(state["target_start_month"]), deadline)
    target = Target(
        metric=state["target_metric"],
        direction=state["target_direction"],
        deadline_month=deadline,
        value=None if by_change else from_shown(number, state["target_value"]),
        change_pct=float(state["target_change_pct"]) if by_change else None,
        baseline=from_shown(number, state["target_baseline"]) if by_change else None,
        window=window,
        start_month=start,
        channels=tuple(state["target_channels"]),
    )
    ranges = {
        name: Range(
            from_shown(FIELD[f"{name}.low"], state[name][0]), from_shown(FIELD[f"{name}.high"], state[name][1])
        )
        for name in RANGE_FIELDS
    }
    plain_values = {name: from_shown(FIELD[name], state[name]) for name in _NUMBER_FORMATS}
    return Scenario(
        name=name,
        horizon_months=int(state["horizon_months"]),
        open_pipeline=int(state["open_pipeline"]),
        reps=int(state["reps"]),
        new_reps=int(state["new_reps"]),
        ramp_months=int(state["ramp_months"]),
        revenue_mode=RevenueMode.SUBSCRIPTION if state["revenue_mode"] else RevenueMode.ONE_OFF,
        starting_customers=int(state["starting_customers"]),
        target=target,
        # With channels each channel's inputs are its own: the sliders keep their values for when they are gone.
        correlations=Correlations() if has_channels(state) else correlations_from_state(state),
        channels=channels_from_state(state),
        trials=int(state["trials"]),
        seed=int(state["seed"]),
        **(
            plain_values
            | {"capacity_per_rep": plain_values["capacity_per_rep"] if state["capacity_limited"] else None}
        ),
        **ranges,
    )


def has_channels(state) -> bool:
    """Whether the channels editor holds any channel (filled in or not)."""
    return bool(rows_as_text(edited_rows(state[BASE], state.get("channels"))))


def _number_layout(name: str) -> dict[str, object]:
    """Step and format of the input of field `name`, with the decimals of the value it holds now: a typed 1.25
    shows as 1.25, the value the page uses, not as 1.3."""
    return number_layout(FIELD[name], st.session_state[name], _NUMBER_FORMATS[name])


def _horizon_changed() -> None:
    """A horizon shortened below the deadline brings the deadline to its last month, and says so."""
    state = st.session_state
    horizon, deadline = int(state["horizon_months"]), int(state["target_deadline_month"])
    if deadline > horizon:
        st.toast(
            ngettext(
                "The deadline moved from month {deadline} to month {horizon}: the horizon is now {horizon} month.",
                "The deadline moved from month {deadline} to month {horizon}: the horizon is now {horizon} "
                "months.",
                horizon,
            ).format(deadline=number_text(deadline), horizon=number_text(horizon)),
            icon=":material/event:",
        )
        state["target_deadline_month"] = horizon
        deadline_changed()


def sidebar_inputs() -> None:
    """Every scenario input, grouped as a manager thinks of them."""
    state = st.session_state
    for notice in state.get(INPUT_NOTICES) or ():
        st.info(plain(notice))
    # Bottom of the funnel first: at 1366x768 the win rate and the reps show without scrolling.
    st.subheader(_("Closing deals"))
    range_input(
        "win_rate",
        _("Share of worked opportunities that close as won deals (90% range)."),
    )
    range_input(
        "deal_size",
        _("Value of one won deal: each deal has its own size within this range 90% of the time."),
    )
    number_field(
        st,
        label("sales_cycle_months"),
        key="sales_cycle_months",
        help=_("Mean months from working an opportunity to closing it; 0 closes in the same month."),
        **_number_layout("sales_cycle_months"),
    )
    number_field(
        st,
        label("sales_cycle_spread"),
        key="sales_cycle_spread",
        help=_(
            "How much one opportunity's cycle varies: its standard deviation as a share of the mean. "
            "0 means every opportunity takes exactly the mean cycle."
        ),
        **_number_layout("sales_cycle_spread"),
    )
    number_field(
        st,
        label("open_pipeline"),
        key="open_pipeline",
        help=_(
            "Qualified opportunities already open today, already worked: they close over the first months, with "
            "or without reps."
        ),
        **integer_layout("open_pipeline"),
    )

    st.subheader(_("Team and capacity"))
    number_field(
        st,
        label("reps"),
        key="reps",
        help=_(
            "Reps only limit deals when a capacity per rep is set; with 0 reps nothing is worked "
            "(the open pipeline still closes)."
        ),
        **integer_layout("reps"),
    )
    st.checkbox(
        _("Reps have a capacity limit"),
        key="capacity_limited",
        help=_("When on, opportunities beyond capacity wait for the next month."),
    )
    number_field(
        st,
        label("capacity_per_rep"),
        key="capacity_per_rep",
        disabled=not state["capacity_limited"],
        help=_("Typical: 10-40 for complex B2B sales, more for transactional sales."),
        **_number_layout("capacity_per_rep"),
    )
    number_field(
        st,
        label("new_reps"),
        key="new_reps",
        help=_("Reps hired at the start of month 1: they cost a full rep from then on."),
        **integer_layout("new_reps"),
    )
    number_field(
        st,
        label("ramp_productivity"),
        key="ramp_productivity",
        help=_("A new hire's capacity while ramping up, as a share of a full rep's."),
        **_number_layout("ramp_productivity"),
    )
    number_field(
        st,
        label("ramp_months"),
        key="ramp_months",
        help=_("Months a new hire takes to work at full capacity."),
        **integer_layout("ramp_months"),
    )

    st.subheader(_("Traffic and leads"))
    by_channel = has_channels(state)
    if by_channel:
        st.caption(
            ":material/hub: "
            + _(
                "The lead channels above the results set the traffic, its conversion to qualified "
                "opportunities and the marketing spend: these inputs are not used."
            )
        )
    range_input(
        "traffic",
        _(
            "Mean unique visits per month in month 1: the true mean is below the low end in 5% of "
            "trials and above the high end in 5%. Set both ends equal for a known value."
        ),
        disabled=by_channel,
    )
    number_field(
        st,
        label("traffic_growth"),
        key="traffic_growth",
        disabled=by_channel,
        help=_("How much mean traffic grows each month; negative for a decline."),
        **_number_layout("traffic_growth"),
    )

    for name, help_text in (
        ("visit_to_lead", N_("Share of visits that become leads (90% range).")),
        ("lead_to_qualified", N_("Share of leads that become qualified opportunities (90% range).")),
    ):
        range_input(name, _(help_text), disabled=by_channel)
    moving_together()  # drawn with channels too (unused then), so that the sliders keep their values

    st.subheader(_("Costs"))
    number_field(
        st,
        label("marketing_spend"),
        key="marketing_spend",
        disabled=by_channel,
        help=_("Counts in costs, CAC and gross profit."),
        **_number_layout("marketing_spend"),
    )
    number_field(
        st,
        label("cost_per_rep"),
        key="cost_per_rep",
        help=_("Fully loaded: salary, commission, tools."),
        **_number_layout("cost_per_rep"),
    )
    st.slider(
        label("gross_margin"),
        key="gross_margin",
        help=_("Share of revenue left after delivery costs: gross profit = revenue x margin - costs."),
        **slider_bounds(FIELD["gross_margin"]),
        **_number_layout("gross_margin"),
    )

    subscription_inputs()

    st.subheader(_("Simulation"))
    st.slider(
        label("horizon_months"),
        key="horizon_months",
        help=_("Months simulated; the target's deadline must fall inside."),
        on_change=_horizon_changed,
        **slider_bounds(FIELD["horizon_months"]),
        **integer_layout("horizon_months"),
    )
    st.selectbox(
        label("trials"),
        state["options_trials"],
        key="trials",
        format_func=number_text,
        help=_(
            "More trials give a smaller standard error on the odds, and take longer; this server runs at most "
            "{trials}."
        ).format(trials=number_text(max_trials())),
    )
    number_field(
        st,
        label("seed"),
        key="seed",
        help=_("The same seed reproduces the same trials; scenarios on one seed compare precisely."),
        **integer_layout("seed"),
    )
