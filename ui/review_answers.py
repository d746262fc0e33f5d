"""The weekly review's answers on screen: the chance and verdict, pace, coverage, the progress chart, the forecast
categories, the deals that matter and each owner's attainment. A cached
:class:`~simulator.analysis.weekly_review.ReviewAnswers` is drawn; nothing is computed here."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from simulator.i18n import _, currency_symbol, number_text, percent_text
from simulator.model.review import Review
from simulator.report.formats import odds_text
from simulator.report.review_text import (
    amount,
    coverage_words,
    deal_change,
    pace_words,
    precision_words,
    progress_titles,
)
from ui.chart_style import house_figure, show, trace
from ui.charts import CURRENT, GHOST, HIT
from ui.review_trend import Moved

INK_LINE = "#6b7280"  # the review's and the period's end markers


def headline(answers, review: Review, moved: Moved | None) -> None:
    """The chance, the verdict and what is left; `moved` says how the chance moved since the last saved review."""
    odds, verdict, left = st.columns(3)
    if moved is None:
        odds.metric(_("Chance to hit the goal"), odds_text(answers.odds))
    else:  # the arrow and colour given, not read from a minus that an isolate may hide
        odds.metric(
            _("Chance to hit the goal"),
            odds_text(answers.odds),
            delta=moved.text,
            delta_color="red" if moved.points < 0 else "green" if moved.points > 0 else "gray",
            delta_arrow="down" if moved.points < 0 else "up" if moved.points > 0 else "off",
        )
    verdict.metric(_("Verdict"), answers.verdict.label)
    left.metric(_("Left to win"), amount(max(review.goal - review.banked, 0.0), review.figure))
    st.caption(
        # TRANSLATORS: {weeks} is a number with one decimal (3.5); {precision} says how precise the chance is
        _(
            "Goal: {goal} by the period's end, {banked} won so far, {weeks} weeks left. The chance is {precision}."
        ).format(
            goal=amount(review.goal, review.figure),
            banked=amount(review.banked, review.figure),
            weeks=number_text(review.weeks_left, 1),
            precision=precision_words(answers, review),
        )
    )


def pace_sentence(answers, review: Review) -> str:
    return _("**Pace:** {pace}").format(pace=pace_words(answers, review))


def categories_tables(answers, figure: str) -> None:
    c = answers.categories
    crm, simulated = st.columns(2)
    crm.markdown(_("**Forecast categories** (as the CRM counts them)"))
    _totals_table(
        crm,
        [
            # TRANSLATORS: a forecast category: the deals already won
            (_("Closed"), c.closed, _("won so far")),
            # TRANSLATORS: a forecast category (commit / best case / pipeline)
            (_("Commit"), c.commit, _("+ open deals the CRM puts at 90% or more")),
            # TRANSLATORS: a forecast category (commit / best case / pipeline)
            (_("Best case"), c.best_case, _("+ open deals the CRM puts at 50% or more")),
            # TRANSLATORS: a forecast category: every open deal
            (_("Pipeline"), c.pipeline, _("+ every open deal due by the end")),
            # TRANSLATORS: a forecast category: the pipeline weighted by each deal's chance
            (_("Weighted"), c.weighted, _("won so far + the CRM's chance × value of each deal")),
        ],
        # TRANSLATORS: the columns of the forecast categories' table
        (_("Category"), _("Total"), _("Counted")),
        figure,
    )
    simulated.markdown(_("**Simulated** (the period's total reached in this share of trials)"))
    _totals_table(
        simulated,
        [
            (_("Commit"), c.simulated_commit, _("9 trials in 10")),
            (_("Most likely"), c.simulated_most_likely, _("half of the trials")),
            (_("Best case"), c.simulated_best_case, _("1 trial in 10")),
        ],
        # TRANSLATORS: the columns of the simulated forecast's table: a level, its total, the share of trials
        (_("Level"), _("Total"), _("Reached in")),
        figure,
    )


def _totals_table(
    container, rows: list[tuple[str, float, str]], columns: tuple[str, str, str], figure: str
) -> None:
    """Rows of (name, total, what it counts), the totals written in the figure's units, under `columns`."""
    table = pd.DataFrame(
        [(name, amount(total, figure), counted) for name, total, counted in rows], columns=columns
    )
    container.dataframe(table, hide_index=True, width="stretch")


def coverage_sentence(answers) -> str:
    return _("**Coverage:** {coverage}").format(coverage=coverage_words(answers))


def deals_table(answers, figure: str) -> None:
    st.subheader(_("The deals that matter"))
    st.caption(_("Open deals ranked by how much the chance to hit the goal drops without each one."))
    # TRANSLATORS: a column of the deals' table: each deal's amount in the currency, e.g. "Amount ($)"
    amount_column = _("Amount ({currency})").format(currency=currency_symbol())
    rows = [
        {
            _("Deal"): deal.name or deal.deal_id,
            _("Owner"): deal.owner,
            _("Stage"): deal.stage,
            amount_column: number_text(deal.amount),
            # TRANSLATORS: a column of the deals' table: how much each deal adds to the chance to hit the goal
            _("Chance added"): deal_change(deal),
        }
        for deal in answers.deals
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def owners_table(answers) -> None:
    st.subheader(_("Each owner's attainment of their share"))
    rows = [
        {
            _("Owner"): owner or _("(no owner)"),
            _("Low (P10)"): percent_text(p10),
            _("Most likely (P50)"): percent_text(p50),
            _("High (P90)"): percent_text(p90),
        }
        for owner, p10, p50, p90 in answers.owners
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(_("100% is an owner's share of the goal met: won so far plus their open deals that close in time."))


def progress_chart(answers, review: Review, path: tuple[tuple[float, float], ...]) -> dict:
    """The running total of the actuals to the review (`path`: days since the period's start and the total by
    then), the even path to the goal, and the fan of the rest to the period's end."""
    now = review.weeks_done
    end = now + review.weeks_left
    weeks = [now + day / 7 for day, *_rest in answers.fan]
    low, mid, high = ([point[i] for point in answers.fan] for i in (1, 2, 3))
    title, y_title = progress_titles(review.figure)
    traces = [
        trace("scatter", x=[0, end], y=[0, review.goal], mode="lines", name=_("Even path to the goal"),
              line={"color": GHOST, "dash": "dash", "width": 2}),
        trace("scatter", x=weeks, y=low, mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"),
        trace("scatter", x=weeks, y=high, mode="lines", line={"width": 0}, fill="tonexty",
              fillcolor="rgba(31, 78, 153, 0.18)", name=_("Forecast: 8 trials in 10 fall in this band")),
        trace("scatter", x=weeks, y=mid, mode="lines", name=_("Forecast: most likely (median)"),
              line={"color": CURRENT, "width": 3}),
        trace("scatter", x=[day / 7 for day, _total in path], y=[total for _day, total in path],
              mode="lines+markers", name=_("Won so far"), line={"color": HIT, "width": 4}),
        trace("scatter", x=[end], y=[review.goal], mode="markers+text", name=_("The goal"),
              marker={"color": INK_LINE, "size": 12, "symbol": "star"},
              text=[_("Goal {goal}").format(goal=number_text(review.goal))],
              textposition="middle left", showlegend=False),
    ]  # fmt: skip
    return house_figure(
        traces,
        title,
        _("Weeks since the period began"),
        y_title,
        lines=(
            (now, _("Today's review"), INK_LINE, "dot", "right"),
            (end, _("Period's end"), INK_LINE, "dot", "right"),
        ),
        height=460,
    )


def answers_section(answers, review: Review, path: tuple[tuple[float, float], ...], moved: Moved | None) -> None:
    headline(answers, review, moved)
    st.markdown(pace_sentence(answers, review))
    st.markdown(coverage_sentence(answers))
    show(progress_chart(answers, review, path))
    categories_tables(answers, review.figure)
    left, right = st.columns([3, 2])
    with left:
        deals_table(answers, review.figure)
    with right:
        owners_table(answers)
