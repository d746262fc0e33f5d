"""The sidebar inputs and the target builder: widgets keyed by scenario field, and back to a Scenario.

Widget keys are the scenario's field names (``win_rate``, ``reps``, ``target_value``), so tests find them with
``at.slider(key="win_rate")``. Rates are shown in percent and stored as fractions in the Scenario.

Bounds, steps and default slider ranges come from the field specs (:data:`simulator.model.fields.FIELDS`): a
number input accepts every value the model accepts, and a slider's range stretches to include a loaded value.
Each widget shows a loaded value with as many decimals as it needs, so the page runs exactly on the values a file
or a link gave; a value with more than :data:`MAX_DECIMALS` decimals is rounded to what the widget shows, and the
sidebar says so.
"""

from __future__ import annotations

import math
from decimal import Decimal

import streamlit as st

from simulator import Direction, Metric, Range, Scenario, Target
from simulator.model.fields import FIELD, FieldSpec, Kind
from simulator.model.scenario import RANGE_FIELDS
from simulator.model.stages import RATE
from ui.text import plain

RATE_FIELDS = tuple(name for name in RANGE_FIELDS if FIELD[f"{name}.low"].kind is Kind.RATE)
TRIAL_CHOICES = (1_000, 5_000, 20_000, 100_000, 1_000_000)
#: Most decimals a widget shows (in its own unit: percent for rates).
MAX_DECIMALS = 6
#: Session-state key of the sentences about loaded values a widget had to round.
INPUT_NOTICES = "input_notices"
BY_NUMBER, BY_CHANGE = "A number", "A % change vs a baseline"
DIRECTION_LABELS = {direction: direction.words.capitalize() for direction in Direction}


#: Round slider ends: m x 10^k for these m.
_NICE = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def nice_ceiling(value: float) -> float:
    """The next round number (:data:`_NICE` x 10^k) at or above `value`, for a slider's top.

    >>> nice_ceiling(42), nice_ceiling(36_000), nice_ceiling(0)
    (50.0, 40000.0, 1.0)
    """
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return float(next(m * power for m in _NICE if m * power >= value * (1 - 1e-12)))


def nice_floor(value: float) -> float:
    """The round number (:data:`_NICE` x 10^k) at or below `value`, for a slider's bottom; 0 for 0 or less.

    >>> nice_floor(6_000), nice_floor(2.2), nice_floor(-5)
    (6000.0, 2.0, 0.0)
    """
    if value <= 0:
        return 0.0
    power = 10.0 ** math.floor(math.log10(value))
    return float(next(m * power for m in reversed(_NICE) if m * power <= value * (1 + 1e-12)))


def decimals_of(value: float) -> int:
    """Decimals needed to write `value` exactly as its shortest decimal.

    >>> decimals_of(0.05), decimals_of(12.5), decimals_of(5000.0), decimals_of(1e-7)
    (2, 1, 0, 7)
    """
    return max(0, -int(Decimal(repr(float(value))).normalize().as_tuple().exponent))


def to_shown(spec: FieldSpec, value: float) -> float:
    """A field's value in the unit its widget shows: percent for rates, shifted in decimal so 0.035 is 3.5.

    >>> to_shown(FIELD["win_rate.low"], 0.035), from_shown(FIELD["win_rate.low"], 3.5)
    (3.5, 0.035)
    """
    if spec.kind is not Kind.RATE:
        return float(value)
    return float(Decimal(repr(float(value))).scaleb(2))


def from_shown(spec: FieldSpec, shown: float) -> float:
    """The field's value from what its widget shows (the inverse of :func:`to_shown`)."""
    if spec.kind is not Kind.RATE:
        return float(shown)
    return float(Decimal(repr(float(shown))).scaleb(-2))


def _bound(spec: FieldSpec, end: float) -> float | None:
    return to_shown(spec, end) if math.isfinite(end) else None


def _fit(spec: FieldSpec, value: float, notices: list[str]) -> float:
    """`value` in the widget's unit, rounded (with a notice) when it needs more than MAX_DECIMALS decimals."""
    shown = to_shown(spec, value)
    if decimals_of(shown) > MAX_DECIMALS:
        rounded = round(shown, MAX_DECIMALS)
        unit = "%" if spec.kind is Kind.RATE else ""
        notices.append(
            f"{spec.column}: {shown!r}{unit} has more decimals than the input shows; "
            f"the page shows and uses {rounded:.{MAX_DECIMALS}f}{unit}."
        )
        shown = rounded
    return shown


def _format(template: str, spec: FieldSpec, *values: float, thousands: bool = False) -> str:
    """`template` with ``{}`` replaced by a printf format with enough decimals for the step and `values`, and with
    thousands separators when asked (sliders take ``%,.0f``, which shows 24,000; number inputs refuse it)."""
    decimals = max(decimals_of(to_shown(spec, spec.step)), *map(decimals_of, values))
    return template.replace("{}", f"%{',' if thousands else ''}.{decimals}f")


def slider_layout(spec: FieldSpec, low: float, high: float, template: str) -> dict[str, object]:
    """Range, step and format of a slider showing ``low..high`` (shown units): about two range widths either
    side of the values, in round numbers, inside the field's bounds, so that a pixel moves the value by little
    and a drag can still go well beyond today. A value beyond the ends is typed (:func:`typed_range`).

    >>> slider_layout(FIELD["win_rate.low"], 18.0, 26.0, "{}%%")
    {'min_value': 2.0, 'max_value': 50.0, 'step': 0.1, 'format': '%,.1f%%'}
    >>> slider_layout(FIELD["traffic.low"], 18_000.0, 24_000.0, "{}")
    {'min_value': 6000.0, 'max_value': 40000.0, 'step': 10.0, 'format': '%,.0f'}
    >>> slider_layout(FIELD["deal_size.low"], 30.0, 90.0, "${}")
    {'min_value': 0.0, 'max_value': 250.0, 'step': 1.0, 'format': '$%,.0f'}
    """
    width = max(high - low, 0.25 * high) or to_shown(spec, spec.step)
    bottom, top = nice_floor(low - 2 * width), nice_ceiling(high + 2 * width)
    if math.isfinite(spec.low):
        bottom = max(bottom, to_shown(spec, spec.low))
    if math.isfinite(spec.high):
        top = min(top, to_shown(spec, spec.high))
    step = to_shown(spec, spec.step)
    if spec.kind is Kind.NUMBER:  # amounts move in whole steps of about a thousandth of the slider
        step = max(1.0, 10.0 ** math.floor(math.log10(max(top - bottom, 1.0) / 1000)))
    return {
        "min_value": min(bottom, low),
        "max_value": max(top, high),
        "step": step,
        "format": _format(template, spec, low, high, thousands=True),
    }


def widget_state(scenario: Scenario, annual_goal: float | None = None) -> dict[str, object]:
    """Session-state values for every input widget, from a scenario (rates in percent).

    Also the layout of the widgets whose range or decimals follow the loaded values (``layout_<key>``), the
    trial choices, and the notices about values rounded to what a widget shows (:data:`INPUT_NOTICES`).
    """
    target = scenario.target
    notices: list[str] = []

    def fit(name: str, value: float | None = None) -> float:
        return _fit(FIELD[name], _value(scenario, name) if value is None else value, notices)

    capacity = scenario.capacity_per_rep if scenario.capacity_per_rep is not None else 20.0
    state = {
        "horizon_months": scenario.horizon_months,
        "traffic_growth": fit("traffic_growth"),
        "sales_cycle_months": fit("sales_cycle_months"),
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
        "trials": scenario.trials,
        # Every preset, plus the loaded number of trials: a file's 4,000 runs at 4,000.
        "options_trials": tuple(sorted({*TRIAL_CHOICES, scenario.trials})),
        "seed": scenario.seed,
        "target_metric": target.metric,
        "target_direction": target.direction,
        "target_mode": BY_NUMBER if target.value is not None else BY_CHANGE,
        "target_value": float(target.value if target.value is not None else target.threshold),
        "target_change_pct": float(target.change_pct if target.change_pct is not None else 0),
        "target_baseline": float(target.baseline if target.baseline is not None else target.threshold),
        "target_deadline_month": target.deadline_month,
        "annual_goal": float(annual_goal or 0),
    }
    # Slider ends and decimals follow the loaded scenario, so they stay put while a slider is dragged.
    for name in RANGE_FIELDS:
        low, high = fit(f"{name}.low"), fit(f"{name}.high")
        state[name] = (low, high)
        template = _SLIDER_FORMATS.get(name, "{}%%")
        state[f"layout_{name}"] = slider_layout(FIELD[f"{name}.low"], low, high, template)
    for name, template in _NUMBER_FORMATS.items():
        state[f"layout_{name}"] = number_layout(FIELD[name], state[name], template)
    state[INPUT_NOTICES] = notices
    return state


_SLIDER_FORMATS = {"traffic": "{}", "deal_size": "${}"}
_NUMBER_FORMATS = {
    "traffic_growth": "{}",
    "sales_cycle_months": "{}",
    "ramp_productivity": "{}",
    "capacity_per_rep": "{}",
    "marketing_spend": "{}",
    "cost_per_rep": "{}",
    "gross_margin": "{}%%",
}


def number_layout(spec: FieldSpec, shown: float, template: str) -> dict[str, object]:
    """Bounds (the model's), step and format of a float input, or a slider over those bounds, showing `shown`.

    >>> number_layout(FIELD["traffic_growth"], 1.25, "{}")
    {'min_value': -99.0, 'max_value': 1000.0, 'step': 0.5, 'format': '%.2f'}
    """
    return {
        "min_value": _bound(spec, spec.low),
        "max_value": _bound(spec, spec.high),
        "step": to_shown(spec, spec.step),
        "format": _format(template, spec, shown),
    }


def integer_layout(name: str) -> dict[str, int | None]:
    """Bounds (the model's) and step of a whole-number input."""
    spec = FIELD[name]
    return {
        "min_value": int(spec.low),
        "max_value": int(spec.high) if math.isfinite(spec.high) else None,
        "step": int(spec.step),
    }


def _value(scenario: Scenario, dotted: str):
    for part in dotted.split("."):
        scenario = getattr(scenario, part)
    return scenario


def scenario_from_state(state, name: str) -> Scenario:
    """The scenario the widgets describe. Raises InputError for a combination the model does not allow."""
    by_change = state["target_mode"] == BY_CHANGE
    target = Target(
        metric=state["target_metric"],
        direction=state["target_direction"],
        deadline_month=int(state["target_deadline_month"]),
        value=None if by_change else float(state["target_value"]),
        change_pct=float(state["target_change_pct"]) if by_change else None,
        baseline=float(state["target_baseline"]) if by_change else None,
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
        target=target,
        trials=int(state["trials"]),
        seed=int(state["seed"]),
        **(
            plain_values
            | {"capacity_per_rep": plain_values["capacity_per_rep"] if state["capacity_limited"] else None}
        ),
        **ranges,
    )


def _typed(name: str) -> None:
    """A range typed in its popover replaces the slider's, in order, the slider stretching to show it."""
    state = st.session_state
    low, high = sorted((state[f"{name}_typed_low"], state[f"{name}_typed_high"]))
    state[name] = (low, high)
    template = _SLIDER_FORMATS.get(name, "{}%%")
    state[f"layout_{name}"] = slider_layout(FIELD[f"{name}.low"], low, high, template)


_TYPED_UNITS = {"traffic": "visits per month", "deal_size": "$ per deal"}


def range_input(label: str, name: str, help_text: str) -> None:
    """A 90% range: a slider over a range around today's values, and beside it exact low and high, typed."""
    state = st.session_state
    spec = FIELD[f"{name}.low"]
    slider, typed = st.columns([6, 1], vertical_alignment="bottom")
    slider.slider(label, key=name, help=help_text, **state[f"layout_{name}"])
    # The typed fields show the slider's values (set before they are drawn, as Streamlit requires).
    state[f"{name}_typed_low"], state[f"{name}_typed_high"] = state[name]
    with typed.popover("", icon=":material/edit:", help=f"Type {label.lower()} exactly"):
        for end in ("low", "high"):
            st.number_input(
                f"{end.capitalize()} end ({_TYPED_UNITS.get(name, '%')})",
                key=f"{name}_typed_{end}",
                on_change=_typed,
                args=(name,),
                **number_layout(spec, state[name][0 if end == "low" else 1], "{}"),
            )


def sidebar_inputs() -> None:
    """Every scenario input, grouped as a manager thinks of them."""
    state = st.session_state
    for notice in state.get(INPUT_NOTICES) or ():
        st.info(plain(notice))
    # Bottom of the funnel first: at 1366x768 the win rate and the reps show without scrolling.
    st.subheader("Closing deals")
    range_input(
        f"{RATE['win_rate'].label} (%)",
        "win_rate",
        "Share of worked opportunities that close as won deals (90% range).",
    )
    range_input(
        "Deal size ($ per deal, 90% range)",
        "deal_size",
        "Value of one won deal: each deal has its own size within this range 90% of the time.",
    )
    st.number_input(
        "Sales cycle (months)",
        key="sales_cycle_months",
        help="Months from working an opportunity to closing it; 0 closes in the same month.",
        **state["layout_sales_cycle_months"],
    )
    st.number_input(
        "Open pipeline (opportunities)",
        key="open_pipeline",
        help="Qualified opportunities already open today, already worked: they close over the first months, "
        "with or without reps.",
        **integer_layout("open_pipeline"),
    )

    st.subheader("Team and capacity")
    st.number_input(
        "Sales reps",
        key="reps",
        help="Reps only limit deals when a capacity per rep is set; with 0 reps nothing is worked "
        "(the open pipeline still closes).",
        **integer_layout("reps"),
    )
    st.checkbox(
        "Reps have a capacity limit",
        key="capacity_limited",
        help="When on, opportunities beyond capacity wait for the next month.",
    )
    st.number_input(
        "Opportunities one rep can work per month",
        key="capacity_per_rep",
        disabled=not state["capacity_limited"],
        help="Typical: 10-40 for complex B2B sales, more for transactional sales.",
        **state["layout_capacity_per_rep"],
    )
    st.number_input(
        "New hires",
        key="new_reps",
        help="Reps hired at the start of month 1: they cost a full rep from then on.",
        **integer_layout("new_reps"),
    )
    st.number_input(
        "Ramp-up productivity (%)",
        key="ramp_productivity",
        help="A new hire's capacity while ramping up, as a share of a full rep's.",
        **state["layout_ramp_productivity"],
    )
    st.number_input(
        "Ramp-up (months)",
        key="ramp_months",
        help="Months a new hire takes to work at full capacity.",
        **integer_layout("ramp_months"),
    )

    st.subheader("Traffic and leads")
    range_input(
        "Visits per month (90% range)",
        "traffic",
        "Mean unique visits per month in month 1: the true mean is below the low end in 5% of "
        "trials and above the high end in 5%. Set both ends equal for a known value.",
    )
    st.number_input(
        "Traffic growth (% per month)",
        key="traffic_growth",
        help="How much mean traffic grows each month; negative for a decline.",
        **state["layout_traffic_growth"],
    )

    for name, help_text in (
        ("visit_to_lead", "Share of visits that become leads (90% range)."),
        ("lead_to_qualified", "Share of leads that become qualified opportunities (90% range)."),
    ):
        range_input(f"{RATE[name].label} (%)", name, help_text)

    st.subheader("Costs")
    st.number_input(
        "Marketing spend ($ per month)",
        key="marketing_spend",
        help="Counts in costs, CAC and gross profit.",
        **state["layout_marketing_spend"],
    )
    st.number_input(
        "Cost per rep ($ per month)",
        key="cost_per_rep",
        help="Fully loaded: salary, commission, tools.",
        **state["layout_cost_per_rep"],
    )
    st.slider(
        "Gross margin (%)",
        key="gross_margin",
        help="Share of revenue left after delivery costs: gross profit = revenue x margin - costs.",
        **state["layout_gross_margin"],
    )

    st.subheader("Simulation")
    st.slider(
        "Horizon (months)",
        key="horizon_months",
        help="Months simulated; the target's deadline must fall inside.",
        **integer_layout("horizon_months"),
    )
    st.selectbox(
        "Trials",
        state["options_trials"],
        key="trials",
        format_func=lambda t: f"{t:,}",
        help="More trials give a smaller standard error on the odds, and take longer.",
    )
    st.number_input(
        "Random seed",
        key="seed",
        help="The same seed reproduces the same trials; scenarios on one seed compare precisely.",
        **integer_layout("seed"),
    )


#: Session-state key of today's median of every figure by the deadline, set by the simulator page.
MEDIANS = "medians_by_deadline"


def two_significant_digits(value: float) -> float:
    """`value` rounded to two significant digits, as a manager would write a target.

    >>> two_significant_digits(50.6), two_significant_digits(253_501), two_significant_digits(0.0)
    (51.0, 250000.0, 0.0)
    """
    if value <= 0:
        return 0.0
    step = 10.0 ** (math.floor(math.log10(value)) - 1)
    return float(round(value / step) * step)


def _metric_changed() -> None:
    """A new metric gets a target in its own units: today's median + 10% (- 10% for a ceiling such as CAC).

    The annual goal counted the old metric, so it is cleared.
    """
    state = st.session_state
    metric = Metric(state["target_metric"])
    direction = Direction.AT_MOST if metric is Metric.CAC else Direction.AT_LEAST
    median = state.get(MEDIANS, {}).get(metric.value)
    if median is None or not math.isfinite(median):
        median = 0.0
    value = two_significant_digits(median * (0.9 if direction is Direction.AT_MOST else 1.1))
    state["target_direction"] = direction
    state["target_mode"] = BY_NUMBER
    state["target_value"] = value
    state["target_baseline"] = two_significant_digits(median)
    state["target_change_pct"] = -10.0 if direction is Direction.AT_MOST else 10.0
    if state.get("annual_goal"):
        state["annual_goal"] = 0.0
        st.toast("The annual goal was cleared: it counted another metric.", icon=":material/info:")


def target_builder() -> None:
    """Metric, direction, value (number or % change vs a baseline), deadline, optional annual goal."""
    state = st.session_state
    columns = st.columns([2.2, 1.2, 1.6, 2.4, 1.4, 1.6])
    columns[0].selectbox(
        "Target metric",
        list(Metric),
        key="target_metric",
        format_func=lambda m: m.label,
        on_change=_metric_changed,
        help="What the target counts, totalled from month 1 to the deadline. A new metric starts from today's "
        "median + 10% (CAC: - 10%).",
    )
    columns[1].radio(
        "Direction",
        list(Direction),
        key="target_direction",
        format_func=DIRECTION_LABELS.get,
        help="At least for deals or revenue; at most for a cost such as CAC.",
    )
    columns[2].radio(
        "Target given as",
        (BY_NUMBER, BY_CHANGE),
        key="target_mode",
        help="A number, or a % change against a baseline such as last quarter's result.",
    )
    if state["target_mode"] == BY_NUMBER:
        columns[3].number_input(
            "Target value",
            min_value=0.0,
            step=1.0,
            key="target_value",
            format="%.0f",
            help="Total from month 1 to the deadline (CAC: costs / deals).",
        )
    else:
        change, baseline = columns[3].columns(2)
        change.number_input(
            "Change (%)",
            min_value=-100.0,
            step=5.0,
            key="target_change_pct",
            format="%.0f",
            help="25 means +25% against the baseline.",
        )
        baseline.number_input(
            "Baseline",
            min_value=0.0,
            step=1.0,
            key="target_baseline",
            format="%.0f",
            help="What the change is measured against, e.g. last quarter's result.",
        )
    horizon = int(state["horizon_months"])
    if state["target_deadline_month"] > horizon:
        st.toast(
            f"The deadline moved from month {state['target_deadline_month']} to month {horizon}: the horizon is "
            f"now {horizon} months.",
            icon=":material/event:",
        )
        state["target_deadline_month"] = horizon
    columns[4].number_input(
        "Deadline (month)",
        min_value=1,
        max_value=horizon,
        step=1,
        key="target_deadline_month",
        help="Month of the horizon by which the target must be hit (3 = end of the quarter).",
    )
    columns[5].number_input(
        "Annual goal (0 = none)",
        min_value=0.0,
        step=1.0,
        key="annual_goal",
        format="%.0f",
        help="The yearly goal this target should add up to: quarterly x 4, monthly x 12.",
    )
