"""The weekly review's answers on screen: the chance and verdict, pace, coverage, the progress chart, the forecast
categories, the deals that matter and each owner's attainment. A cached
:class:`~simulator.analysis.weekly_review.ReviewAnswers` is drawn; nothing is computed here."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from simulator.model.review import Review
from simulator.report.formats import odds_text
from simulator.report.review_text import amount, coverage_words, deal_change, pace_words, precision_words
from ui.charts import CURRENT, GHOST, HIT, house_figure, show, trace

INK_LINE = "#6b7280"  # the review's and the period's end markers


def headline(answers, review: Review, moved: str | None) -> None:
    """The chance, the verdict and what is left; `moved` says how the chance moved since the last saved review."""
    odds, verdict, left = st.columns(3)
    odds.metric("Chance to hit the goal", odds_text(answers.odds), delta=moved, delta_color="normal")
    verdict.metric("Verdict", answers.verdict.value)
    left.metric("Left to win", amount(max(review.goal - review.banked, 0.0), review.figure))
    st.caption(
        f"Goal: {amount(review.goal, review.figure)} by the period's end, {amount(review.banked, review.figure)} "
        f"won so far, {review.weeks_left:.1f} weeks left. The chance is {precision_words(answers, review)}."
    )


def pace_sentence(answers, review: Review) -> str:
    return f"**Pace:** {pace_words(answers, review)}"


def categories_tables(answers, figure: str) -> None:
    c = answers.categories
    crm, simulated = st.columns(2)
    crm.markdown("**Forecast categories** (as the CRM counts them)")
    _totals_table(
        crm,
        [
            ("Closed", c.closed, "won so far"),
            ("Commit", c.commit, "+ open deals the CRM puts at 90% or more"),
            ("Best case", c.best_case, "+ open deals the CRM puts at 50% or more"),
            ("Pipeline", c.pipeline, "+ every open deal due by the end"),
            ("Weighted", c.weighted, "won so far + the CRM's chance × value of each deal"),
        ],
        ["Category", "Total", "Counted"],
        figure,
    )
    simulated.markdown("**Simulated** (the period's total reached in this share of trials)")
    _totals_table(
        simulated,
        [
            ("Commit", c.simulated_commit, "9 trials in 10"),
            ("Most likely", c.simulated_most_likely, "half of the trials"),
            ("Best case", c.simulated_best_case, "1 trial in 10"),
        ],
        ["Level", "Total", "Reached in"],
        figure,
    )


def _totals_table(container, rows: list[tuple[str, float, str]], columns: list[str], figure: str) -> None:
    """Rows of (name, total, what it counts), the totals written in the figure's units."""
    table = pd.DataFrame(rows, columns=columns)
    container.dataframe(
        table.assign(Total=table["Total"].map(lambda v: amount(v, figure))), hide_index=True, width="stretch"
    )


def coverage_sentence(answers) -> str:
    return f"**Coverage:** {coverage_words(answers)}"


def deals_table(answers, figure: str) -> None:
    st.subheader("The deals that matter")
    st.caption("Open deals ranked by how much the chance to hit the goal drops without each one.")
    rows = [
        {
            "Deal": deal.name or deal.deal_id,
            "Owner": deal.owner,
            "Stage": deal.stage,
            "Amount ($)": f"{deal.amount:,.0f}",
            "Chance added": deal_change(deal),
        }
        for deal in answers.deals
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def owners_table(answers) -> None:
    st.subheader("Each owner's attainment of their share")
    rows = [
        {
            "Owner": owner or "(no owner)",
            "Low (P10)": f"{p10:.0%}",
            "Most likely (P50)": f"{p50:.0%}",
            "High (P90)": f"{p90:.0%}",
        }
        for owner, p10, p50, p90 in answers.owners
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption("100% is an owner's share of the goal met: won so far plus their open deals that close in time.")


def progress_chart(answers, review: Review, path: tuple[tuple[float, float], ...]) -> dict:
    """The running total of the actuals to the review (`path`: days since the period's start and the total by
    then), the even path to the goal, and the fan of the rest to the period's end."""
    now = review.weeks_done
    end = now + review.weeks_left
    weeks = [now + day / 7 for day, *_ in answers.fan]
    low, mid, high = ([point[i] for point in answers.fan] for i in (1, 2, 3))
    unit = "deals" if review.figure == "deals" else "revenue ($)"
    traces = [
        trace("scatter", x=[0, end], y=[0, review.goal], mode="lines", name="Even path to the goal",
              line={"color": GHOST, "dash": "dash", "width": 2}),
        trace("scatter", x=weeks, y=low, mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"),
        trace("scatter", x=weeks, y=high, mode="lines", line={"width": 0}, fill="tonexty",
              fillcolor="rgba(31, 78, 153, 0.18)", name="Forecast: 8 trials in 10 fall in this band"),
        trace("scatter", x=weeks, y=mid, mode="lines", name="Forecast: most likely (median)",
              line={"color": CURRENT, "width": 3}),
        trace("scatter", x=[day / 7 for day, _ in path], y=[total for _, total in path], mode="lines+markers",
              name="Won so far",
              line={"color": HIT, "width": 4}),
        trace("scatter", x=[end], y=[review.goal], mode="markers+text", name="The goal",
              marker={"color": INK_LINE, "size": 12, "symbol": "star"}, text=[f"Goal {review.goal:,.0f}"],
              textposition="middle left", showlegend=False),
    ]  # fmt: skip
    return house_figure(
        traces,
        f"Progress to the goal: {unit} won since the period began",
        "Weeks since the period began",
        f"Total {unit}",
        lines=((now, "Today's review", INK_LINE, "dot", "right"), (end, "Period's end", INK_LINE, "dot", "right")),
        height=460,
    )


def answers_section(answers, review: Review, path: tuple[tuple[float, float], ...], moved: str | None) -> None:
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
