"""Goal breakdown page: an annual goal -> quarters -> months -> reps -> weekly activities, and the odds of each.

Widgets in, one cached breakdown (simulator/breakdown.py), tables and a chart out.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from babel.dates import get_month_names, get_quarter_names

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
from simulator.i18n import N_, _, ngettext, number_text, percent_text
from simulator.i18n.numbers import locale
from simulator.model.subscription import RevenueMode
from ui.arr_plan_panel import arr_plan_panel
from ui.cache import plan_of, summary_of
from ui.chart_style import separators, show
from ui.labels import on_screen
from ui.library import library_with_current, shown_name
from ui.number_field import number_field
from ui.target_builder import two_significant_digits
from ui.text import plain

#: The stages an activity is counted per, and their words in the table (translated where shown).
STAGES = {"lead": N_("per lead"), "qualified": N_("per qualified opportunity")}


def period_text(period: str) -> str:
    """A period of the plan, a month ("Mar") or a quarter ("Q3"), as the language abbreviates it (CLDR's names:
    "Mar" and "Q3" in English)."""
    if period in MONTH_NAMES:
        names = get_month_names("abbreviated", context="stand-alone", locale=locale())
        return names[MONTH_NAMES.index(period) + 1]
    return get_quarter_names("abbreviated", context="stand-alone", locale=locale())[int(period[1:])]


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
    # TRANSLATORS: the headers of the activity table: an activity, the stage it is counted per, how many per stage.
    activity, counted, how_many = _("Activity"), _("Counted"), _("How many")
    defaults = pd.DataFrame(
        [{activity: _(a.name), counted: _(STAGES[a.stage]), how_many: a.per_stage} for a in DEFAULT_ACTIVITIES]
    )
    edited = st.data_editor(
        defaults,
        key="bd_activities",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            activity: st.column_config.TextColumn(required=True, help=_("What a rep does.")),
            counted: st.column_config.SelectboxColumn(
                options=[_(label) for label in STAGES.values()],
                required=True,
                help=_("The funnel stage the number is per."),
            ),
            how_many: st.column_config.NumberColumn(
                min_value=0.0,
                step=0.1,
                required=True,
                help=_("How many of the activity one lead, or one qualified opportunity, takes."),
            ),
        },
    )
    # A stage picked in English, or in the language the page is in, reads the same.
    by_label = {shown: stage for stage, label in STAGES.items() for shown in (label, _(label))}
    rows = edited.dropna(how="all")
    return [
        Activity(str(row[activity]), by_label.get(row[counted], str(row[counted])), float(row[how_many]))
        for _index, row in rows.iterrows()
    ]


def seasonality() -> tuple[float, ...] | None:
    if not st.toggle(
        _("Seasonal months"),
        key="bd_seasonal",
        help=_("Give each month a relative weight: {twice} is twice an average month's share.").format(
            twice=number_text(2)
        ),
    ):
        return None
    month, weight = _("Month"), _("Weight")
    weights = st.data_editor(
        pd.DataFrame({month: [period_text(m) for m in MONTH_NAMES], weight: [1.0] * 12}),
        key="bd_weights",
        hide_index=True,
        disabled=[month],
        width="stretch",
        column_config={weight: st.column_config.NumberColumn(min_value=0.0, step=0.1)},
    )
    return tuple(float(w) for w in weights[weight].fillna(0.0))


def periods_table(rows, unit: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                _("Period"): period_text(row.period),
                _("Target ({unit})").format(unit=unit): number_text(row.target, 1),
                _("Per rep"): number_text(row.per_rep, 1),
                _("Chance to hit"): _("{chance} ± {error} pts").format(
                    chance=percent_text(row.probability), error=number_text(row.standard_error * 100, 1)
                ),
            }
            for row in rows
        ]
    )


def months_chart(plan: Plan) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=[period_text(m.period) for m in plan.months],
            y=[m.target for m in plan.months],
            customdata=[number_text(m.target, 1) for m in plan.months],
            marker_color="#1f4e99",
            text=[percent_text(m.probability) for m in plan.months],
            textposition="outside",
            textfont={"size": 15},
            # TRANSLATORS: a bar's hover text: "{month}: target {value}" ("Mar: target 12.5").
            hovertemplate=_("{month}: target {value}").format(month="%{x}", value="%{customdata}")
            + "<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": _("Monthly targets, with the chance to hit each"), "font": {"size": 20}},
        font={"size": 16},
        height=380,
        plot_bgcolor="white",
        separators=separators(),
        margin={"t": 60, "b": 40},
    )
    figure.update_yaxes(title=plan.metric.label, gridcolor="#e5e7eb", separatethousands=True)
    return figure


def main() -> None:
    st.set_page_config(page_title=_("Goal breakdown"), page_icon=":material/target:", layout="wide")
    st.title(_("Goal breakdown"))
    st.caption(
        _(
            "An annual goal split into quarters (/4), months (/12) and reps, the weekly activities each rep "
            "needs, and the odds of each period from the simulation."
        )
    )

    choices = library_with_current()
    left, middle, right, reps_column = st.columns([3, 2, 2, 1.4])
    name = left.selectbox(
        _("Funnel (rates, team, simulation)"),
        list(choices),
        key="bd_scenario",
        format_func=shown_name,
        help=_("Conversion rates and deal size come from this scenario; so does the simulation."),
    )
    scenario = choices[name]
    metric = middle.selectbox(
        _("Annual goal on"), BREAKDOWN_METRICS, key="bd_metric", format_func=lambda m: m.label
    )
    try:
        suggested = default_goal(scenario, metric)
    except InputError as error:  # e.g. more work than one run may take
        st.error(
            _("{scenario} can't be simulated: {problem}. Lower that input on the simulator page.").format(
                scenario=plain(name), problem=on_screen(error)
            )
        )
        return
    goal = number_field(
        right,
        _("Annual goal ({metric})").format(metric=metric.label),
        min_value=0.0,
        value=suggested,
        step=1.0,
        format="%.0f",
        key=f"bd_goal_{metric.value}_{name}",
    )
    team = number_field(
        reps_column,
        _("Reps sharing it"),
        min_value=1,
        value=max(1, scenario.reps + scenario.new_reps),
        step=1,
        key=f"bd_reps_{name}",
        help=_("New hires included; also the team the simulation uses."),
    )

    settings, activities_column = st.columns(2)
    with settings:
        weights = seasonality()
    with activities_column:
        st.markdown(_("**Activities per funnel stage** (edit to match your team)"))
        try:
            activities = activity_table()
        except InputError as error:
            st.error(_("Activity table: {problem}.").format(problem=plain(str(error))))
            return

    team_scenario = replace(scenario, reps=int(team), new_reps=0)
    try:
        simulating = ngettext(
            "Simulating the year ({trials} trials)…", "Simulating the year ({trials} trials)…", scenario.trials
        )
        with st.spinner(simulating.format(trials=number_text(scenario.trials))):
            plan = plan_of(goal, metric, team_scenario, weights, tuple(activities))
    except InputError as error:
        st.error(f"{plain(str(error))}.")
        return

    if plan.adds_up:
        st.success(
            _("Relevant: the quarters and the months add up to the annual goal of {goal}.").format(
                goal=number_text(goal)
            )
        )
    else:
        st.error(_("The period targets do not add up to the annual goal."))
    quarters, weekly = st.columns([3, 2])
    with quarters:
        st.markdown(_("**Quarters**"))
        st.dataframe(periods_table(plan.quarters, metric.label), hide_index=True, width="stretch")
    with weekly:
        st.markdown(
            ngettext(
                "**Each rep, in an average week** ({reps} reps)",
                "**Each rep, in an average week** ({reps} reps)",
                plan.reps,
            ).format(reps=number_text(plan.reps))
        )
        done, per_week = _("Activity or stage"), _("Per week")
        st.dataframe(
            pd.DataFrame([{done: k, per_week: number_text(v, 1)} for k, v in plan.weekly_activities.items()]),
            hide_index=True,
            width="stretch",
        )
    show(months_chart(plan))
    with st.expander(_("Months in a table")):
        st.dataframe(periods_table(plan.months, metric.label), hide_index=True, width="stretch")
    st.caption(
        _(
            "Odds come from simulating the whole year on this funnel and seed; each period is a target on its own "
            'months ("Won deals at least 45 in Q3 (months 7-9)"), judged as the simulator page judges it, so the '
            "same target on the simulator page shows the same odds. Each month has its own luck."
        )
    )
    st.download_button(
        _("Plan CSV"),
        plan_csv(plan),
        # TRANSLATORS: the downloaded plan's file name, without its extension (.csv).
        file_name=_("goal_breakdown") + ".csv",
        mime="text/csv",
        icon=":material/download:",
        key="bd_download",
    )
    if scenario.revenue_mode is RevenueMode.SUBSCRIPTION:
        arr_plan_panel(scenario)


main()
