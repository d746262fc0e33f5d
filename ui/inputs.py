"""The sidebar inputs and the target builder: widgets keyed by scenario field, and back to a Scenario.

Widget keys are the scenario's field names (``win_rate``, ``reps``, ``target_value``), so tests find them with
``at.slider(key="win_rate")``. Rates are shown in percent and stored as fractions in the Scenario.
"""

from __future__ import annotations

import math

import streamlit as st

from simulator import Direction, Metric, Range, Scenario, Target
from simulator.model.scenario import MAX_HORIZON_MONTHS

RATE_FIELDS = ("visit_to_lead", "lead_to_qualified", "win_rate")
TRIAL_CHOICES = (1_000, 5_000, 20_000, 100_000, 1_000_000)
BY_NUMBER, BY_CHANGE = "A number", "A % change vs a baseline"
DIRECTION_LABELS = {Direction.AT_LEAST: "At least", Direction.AT_MOST: "At most"}


def nice_ceiling(value: float) -> float:
    """The next 1, 2 or 5 x 10^k at or above `value`, for slider ends."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value)


def widget_state(scenario: Scenario, annual_goal: float | None = None) -> dict[str, object]:
    """Session-state values for every input widget, from a scenario (rates in percent)."""
    target = scenario.target
    state = {
        "horizon_months": scenario.horizon_months,
        "traffic": (scenario.traffic.low, scenario.traffic.high),
        "traffic_growth": scenario.traffic_growth * 100,
        "deal_size": (scenario.deal_size.low, scenario.deal_size.high),
        "sales_cycle_months": float(scenario.sales_cycle_months),
        "open_pipeline": scenario.open_pipeline,
        "reps": scenario.reps,
        "new_reps": scenario.new_reps,
        "ramp_productivity": scenario.ramp_productivity * 100,
        "ramp_months": scenario.ramp_months,
        "capacity_limited": scenario.capacity_per_rep is not None,
        "capacity_per_rep": float(scenario.capacity_per_rep if scenario.capacity_per_rep is not None else 20),
        "marketing_spend": scenario.marketing_spend,
        "cost_per_rep": scenario.cost_per_rep,
        "gross_margin": scenario.gross_margin * 100,
        "trials": scenario.trials,
        "seed": scenario.seed,
        "target_metric": target.metric,
        "target_direction": target.direction,
        "target_mode": BY_NUMBER if target.value is not None else BY_CHANGE,
        "target_value": float(target.value if target.value is not None else target.threshold),
        "target_change_pct": float(target.change_pct if target.change_pct is not None else 0),
        "target_baseline": float(target.baseline if target.baseline is not None else target.threshold),
        "target_deadline_month": target.deadline_month,
        "annual_goal": float(annual_goal or 0),
        # Slider ends follow the loaded scenario, so they stay put while a slider is dragged.
        "extent_traffic": nice_ceiling(max(10_000, 3 * scenario.traffic.high)),
        "extent_deal_size": nice_ceiling(max(20_000, 3 * scenario.deal_size.high)),
    }
    for name in RATE_FIELDS:
        rate = getattr(scenario, name)
        state[name] = (rate.low * 100, rate.high * 100)
        state[f"extent_{name}"] = min(100.0, nice_ceiling(max(10, 2 * rate.high * 100)))
    if scenario.trials not in TRIAL_CHOICES:
        state["trials"] = min(TRIAL_CHOICES, key=lambda t: abs(t - scenario.trials))
    return state


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
    rates = {name: Range(state[name][0] / 100, state[name][1] / 100) for name in RATE_FIELDS}
    return Scenario(
        name=name,
        horizon_months=int(state["horizon_months"]),
        traffic=Range(*map(float, state["traffic"])),
        traffic_growth=float(state["traffic_growth"]) / 100,
        deal_size=Range(*map(float, state["deal_size"])),
        sales_cycle_months=float(state["sales_cycle_months"]),
        open_pipeline=int(state["open_pipeline"]),
        reps=int(state["reps"]),
        new_reps=int(state["new_reps"]),
        ramp_productivity=float(state["ramp_productivity"]) / 100,
        ramp_months=int(state["ramp_months"]),
        capacity_per_rep=float(state["capacity_per_rep"]) if state["capacity_limited"] else None,
        marketing_spend=float(state["marketing_spend"]),
        cost_per_rep=float(state["cost_per_rep"]),
        gross_margin=float(state["gross_margin"]) / 100,
        target=target,
        trials=int(state["trials"]),
        seed=int(state["seed"]),
        **rates,
    )


def sidebar_inputs() -> None:
    """Every scenario input, grouped as a manager thinks of them."""
    state = st.session_state
    st.subheader("Traffic")
    traffic_step = 10.0 if state["extent_traffic"] <= 20_000 else 100.0
    st.slider(
        "Visits per month (90% range)",
        min_value=traffic_step,
        max_value=float(state["extent_traffic"]),
        step=traffic_step,
        key="traffic",
        format="%d",
        help="Mean unique visits per month in month 1: the true mean is below the low end in 5% of "
        "trials and above the high end in 5%. Set both ends equal for a known value.",
    )
    st.number_input(
        "Traffic growth (% per month)",
        min_value=-50.0,
        max_value=100.0,
        step=0.5,
        key="traffic_growth",
        format="%.1f",
        help="How much mean traffic grows each month; negative for a decline.",
    )

    st.subheader("Conversion")
    for name, label, help_text in (
        ("visit_to_lead", "Visit → lead (%)", "Share of visits that become leads (90% range)."),
        ("lead_to_qualified", "Lead → qualified opportunity (%)", "Share of leads that qualify (90% range)."),
        (
            "win_rate",
            "Win rate: qualified → won (%)",
            "Share of worked opportunities that close as won deals (90% range).",
        ),
    ):
        st.slider(
            label,
            min_value=0.1,
            max_value=float(state[f"extent_{name}"]),
            step=0.1,
            key=name,
            format="%.1f%%",
            help=help_text,
        )

    st.subheader("Deals and revenue")
    st.slider(
        "Deal size ($ per deal, 90% range)",
        min_value=100.0,
        max_value=float(state["extent_deal_size"]),
        step=100.0,
        key="deal_size",
        format="$%d",
        help="Value of one won deal: each deal has its own size within this range 90% of the time.",
    )
    st.number_input(
        "Sales cycle (months)",
        min_value=0.0,
        max_value=float(MAX_HORIZON_MONTHS),
        step=0.5,
        key="sales_cycle_months",
        format="%.1f",
        help="Months from working an opportunity to closing it; 0 closes in the same month.",
    )
    st.number_input(
        "Open pipeline (opportunities)",
        min_value=0,
        step=5,
        key="open_pipeline",
        help="Qualified opportunities already open today; they close over the first months.",
    )

    st.subheader("Team and capacity")
    st.number_input(
        "Sales reps",
        min_value=0,
        max_value=10_000,
        step=1,
        key="reps",
        help="Reps working qualified opportunities; with a capacity limit, each adds capacity.",
    )
    st.number_input(
        "New hires",
        min_value=0,
        max_value=10_000,
        step=1,
        key="new_reps",
        help="Reps hired at the start of month 1: they cost a full rep from then on.",
    )
    st.number_input(
        "Ramp-up productivity (%)",
        min_value=0.0,
        max_value=100.0,
        step=10.0,
        key="ramp_productivity",
        format="%.0f",
        help="A new hire's capacity while ramping up, as a share of a full rep's.",
    )
    st.number_input(
        "Ramp-up (months)",
        min_value=0,
        max_value=MAX_HORIZON_MONTHS,
        step=1,
        key="ramp_months",
        help="Months a new hire takes to work at full capacity.",
    )
    st.checkbox(
        "Reps have a capacity limit",
        key="capacity_limited",
        help="When on, opportunities beyond capacity wait for the next month.",
    )
    st.number_input(
        "Opportunities one rep can work per month",
        min_value=0.0,
        step=1.0,
        key="capacity_per_rep",
        format="%.1f",
        disabled=not state["capacity_limited"],
        help="Typical: 10-40 for complex B2B sales, more for transactional sales.",
    )

    st.subheader("Costs")
    st.number_input(
        "Marketing spend ($ per month)",
        min_value=0.0,
        step=1000.0,
        key="marketing_spend",
        format="%.0f",
        help="Counts in costs, CAC and gross profit.",
    )
    st.number_input(
        "Cost per rep ($ per month)",
        min_value=0.0,
        step=500.0,
        key="cost_per_rep",
        format="%.0f",
        help="Fully loaded: salary, commission, tools.",
    )
    st.slider(
        "Gross margin (%)",
        min_value=-100.0,
        max_value=100.0,
        step=1.0,
        key="gross_margin",
        format="%d%%",
        help="Share of revenue left after delivery costs: gross profit = revenue x margin - costs.",
    )

    st.subheader("Simulation")
    st.slider(
        "Horizon (months)",
        min_value=1,
        max_value=MAX_HORIZON_MONTHS,
        key="horizon_months",
        help="Months simulated; the target's deadline must fall inside.",
    )
    st.selectbox(
        "Trials",
        TRIAL_CHOICES,
        key="trials",
        format_func=lambda t: f"{t:,}",
        help="More trials give a smaller standard error on the odds, and take longer.",
    )
    st.number_input(
        "Random seed",
        min_value=0,
        max_value=2**32 - 1,
        step=1,
        key="seed",
        help="The same seed reproduces the same trials; scenarios on one seed compare precisely.",
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
