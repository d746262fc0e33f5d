"""Goal breakdown page: an annual goal -> quarters -> months -> reps -> weekly activities, and the odds of each.

Widgets in, one cached breakdown (simulator/breakdown.py), tables and a chart out.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from simulator import InputError, Metric, Scenario, Target
from simulator.analysis.breakdown import (
    BREAKDOWN_METRICS,
    DEFAULT_ACTIVITIES,
    MONTH_NAMES,
    MONTHS_PER_YEAR,
    Activity,
    Plan,
    plan_csv,
)
from simulator.model.subscription import RevenueMode
from ui.arr_plan_panel import arr_plan_panel
from ui.cache import plan_of, summary_of
from ui.charts import show
from ui.labels import on_screen
from ui.library import library_with_current
from ui.target_builder import two_significant_digits
from ui.text import plain

STAGES = {"lead": "per lead", "qualified": "per qualified opportunity"}


def default_goal(scenario: Scenario, metric: Metric) -> float:
    """The scenario's own target scaled to a year when it is on this metric, else a year's median + 10%.

    A goal in the metric's own units: never a revenue goal of $100 carried over from a count of deals.
    """
    target = scenario.target
    if target.metric is metric:
        return float(round(target.threshold * 12 / target.months_counted))
    year = scenario.with_horizon(
        MONTHS_PER_YEAR, target=Target(metric=metric, deadline_month=MONTHS_PER_YEAR, value=0)
    )
    return two_significant_digits(1.1 * summary_of(year).answer.percentiles[metric.value][1])


def activity_table() -> list[Activity]:
    """The editable activity-to-stage table; raises InputError on a bad row."""
    defaults = pd.DataFrame(
        [{"Activity": a.name, "Counted": STAGES[a.stage], "How many": a.per_stage} for a in DEFAULT_ACTIVITIES]
    )
    edited = st.data_editor(
        defaults,
        key="bd_activities",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "Activity": st.column_config.TextColumn(required=True, help="What a rep does."),
            "Counted": st.column_config.SelectboxColumn(
                options=list(STAGES.values()), required=True, help="The funnel stage the number is per."
            ),
            "How many": st.column_config.NumberColumn(
                min_value=0.0,
                step=0.1,
                required=True,
                help="How many of the activity one lead, or one qualified opportunity, takes.",
            ),
        },
    )
    by_label = {label: stage for stage, label in STAGES.items()}
    rows = edited.dropna(how="all")
    return [
        Activity(str(row["Activity"]), by_label.get(row["Counted"], str(row["Counted"])), float(row["How many"]))
        for _, row in rows.iterrows()
    ]


def seasonality() -> tuple[float, ...] | None:
    if not st.toggle(
        "Seasonal months",
        key="bd_seasonal",
        help="Give each month a relative weight: 2 is twice an average month's share.",
    ):
        return None
    weights = st.data_editor(
        pd.DataFrame({"Month": MONTH_NAMES, "Weight": [1.0] * 12}),
        key="bd_weights",
        hide_index=True,
        disabled=["Month"],
        width="stretch",
        column_config={"Weight": st.column_config.NumberColumn(min_value=0.0, step=0.1)},
    )
    return tuple(float(w) for w in weights["Weight"].fillna(0.0))


def periods_table(rows, unit: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Period": row.period,
                f"Target ({unit})": f"{row.target:,.1f}",
                "Per rep": f"{row.per_rep:,.1f}",
                "Chance to hit": f"{row.probability:.0%} ± {row.standard_error * 100:.1f} pts",
            }
            for row in rows
        ]
    )


def months_chart(plan: Plan) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=[m.period for m in plan.months],
            y=[m.target for m in plan.months],
            marker_color="#1f4e99",
            text=[f"{m.probability:.0%}" for m in plan.months],
            textposition="outside",
            textfont={"size": 15},
            hovertemplate="%{x}: target %{y:,.1f}<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": "Monthly targets, with the chance to hit each", "font": {"size": 20}},
        font={"size": 16},
        height=380,
        plot_bgcolor="white",
        margin={"t": 60, "b": 40},
    )
    figure.update_yaxes(title=plan.metric.label, gridcolor="#e5e7eb", separatethousands=True)
    return figure


def main() -> None:
    st.set_page_config(page_title="Goal breakdown", page_icon=":material/target:", layout="wide")
    st.title("Goal breakdown")
    st.caption(
        "An annual goal split into quarters (/4), months (/12) and reps, the weekly activities each rep "
        "needs, and the odds of each period from the simulation."
    )

    choices = library_with_current()
    left, middle, right, reps_column = st.columns([3, 2, 2, 1.4])
    name = left.selectbox(
        "Funnel (rates, team, simulation)",
        list(choices),
        key="bd_scenario",
        help="Conversion rates and deal size come from this scenario; so does the simulation.",
    )
    scenario = choices[name]
    metric = middle.selectbox("Annual goal on", BREAKDOWN_METRICS, key="bd_metric", format_func=lambda m: m.label)
    try:
        suggested = default_goal(scenario, metric)
    except InputError as error:  # e.g. more work than one run may take
        st.error(f"{plain(name)} can't be simulated: {on_screen(error)}. Lower that input on the simulator page.")
        return
    goal = right.number_input(
        f"Annual goal ({metric.label})",
        min_value=0.0,
        value=suggested,
        step=1.0,
        format="%.0f",
        key=f"bd_goal_{metric.value}_{name}",
    )
    team = reps_column.number_input(
        "Reps sharing it",
        min_value=1,
        value=max(1, scenario.reps + scenario.new_reps),
        step=1,
        key=f"bd_reps_{name}",
        help="New hires included; also the team the simulation uses.",
    )

    settings, activities_column = st.columns(2)
    with settings:
        weights = seasonality()
    with activities_column:
        st.markdown("**Activities per funnel stage** (edit to match your team)")
        try:
            activities = activity_table()
        except InputError as error:
            st.error(f"Activity table: {plain(str(error))}.")
            return

    team_scenario = replace(scenario, reps=int(team), new_reps=0)
    try:
        with st.spinner(f"Simulating the year ({scenario.trials:,} trials)…"):
            plan = plan_of(goal, metric, team_scenario, weights, tuple(activities))
    except InputError as error:
        st.error(f"{plain(str(error))}.")
        return

    if plan.adds_up:
        st.success(f"Relevant: the quarters and the months add up to the annual goal of {goal:,.0f}.")
    else:
        st.error("The period targets do not add up to the annual goal.")
    quarters, weekly = st.columns([3, 2])
    with quarters:
        st.markdown("**Quarters**")
        st.dataframe(periods_table(plan.quarters, metric.label), hide_index=True, width="stretch")
    with weekly:
        st.markdown(f"**Each rep, in an average week** ({plan.reps} reps)")
        st.dataframe(
            pd.DataFrame(
                [{"Activity or stage": k, "Per week": f"{v:,.1f}"} for k, v in plan.weekly_activities.items()]
            ),
            hide_index=True,
            width="stretch",
        )
    show(months_chart(plan))
    with st.expander("Months in a table"):
        st.dataframe(periods_table(plan.months, metric.label), hide_index=True, width="stretch")
    st.caption(
        "Odds come from simulating the whole year on this funnel and seed; each period is a target on its own "
        'months ("Won deals at least 45 in Q3 (months 7-9)"), judged as the simulator page judges it, so the '
        "same target on the simulator page shows the same odds. Each month has its own luck."
    )
    st.download_button(
        "Plan CSV",
        plan_csv(plan),
        file_name="goal_breakdown.csv",
        mime="text/csv",
        icon=":material/download:",
        key="bd_download",
    )
    if scenario.revenue_mode is RevenueMode.SUBSCRIPTION:
        arr_plan_panel(scenario)


main()
