"""A goal's weekly reviews over time: this review saved in the scenario library under the goal's name, how the
odds moved since the review before it, and a chart of the odds week by week (:mod:`simulator.store.reviews`)."""

from __future__ import annotations

import math
from datetime import date

import streamlit as st

from simulator.analysis.weekly_review import ReviewAnswers
from simulator.model.review import Review
from simulator.store import LibraryError
from simulator.store.reviews import SavedReview, previous_review, reviews_of, save_review
from ui.charts import CURRENT, GHOST, house_figure, show, trace
from ui.store import scenario_library
from ui.text import plain

#: Simulation error bars: 95% of the odds' sampling distribution.
Z_95 = 1.96


def goal_name(figure: str, goal: float, period_end: date) -> str:
    """The goal's name, under which its reviews are kept; it opens on the goal in words."""
    opened = (figure, goal, period_end)
    if st.session_state.get("wr_goal_name_opened") != opened:
        what = f"{goal:,.0f} won deals" if figure == "deals" else f"${goal:,.0f} of revenue"
        st.session_state["wr_goal_name"] = f"{what} by {period_end.isoformat()}"
        st.session_state["wr_goal_name_opened"] = opened
    return st.sidebar.text_input(
        "The goal's name (its weekly reviews are kept under it)", key="wr_goal_name", max_chars=200
    )


def saved_reviews(name: str) -> tuple[list[SavedReview], str | None]:
    """The goal's saved reviews by date, and None; or none and why the library can't be read now."""
    library, problem = scenario_library()
    if library is None:
        return [], problem
    try:
        return reviews_of(library, name), None
    except LibraryError as error:
        return [], str(error)


def moved_since(answers: ReviewAnswers, reviews: list[SavedReview], review_date: date) -> str | None:
    """ "+6 ± 1 points since 2 Feb": the change from the review before this one, with the error of the
    difference (the two reviews' simulation errors are independent); None for a goal's first review."""
    before = previous_review(reviews, review_date)
    if before is None:
        return None
    change = (answers.odds - before.odds) * 100
    error = math.hypot(answers.standard_error, before.standard_error) * 100
    return f"{change:+.0f} ± {error:.0f} points since {before.review_date:%d %b}"


def trend_section(
    answers: ReviewAnswers, review: Review, review_date: date, name: str, reviews: list[SavedReview], problem
) -> None:
    """The save button and the chart of the goal's odds over its reviews, this one included."""
    st.subheader("The odds week by week")
    if problem is not None:
        st.warning(f"The library is not available, so reviews can't be kept right now: {plain(problem)}")
        return
    if st.button(f"Save this review ({review_date:%d %b %Y}) under the goal's name", key="wr_save_review"):
        library, _ = scenario_library()
        try:
            save_review(library, _as_saved(answers, review, review_date, name))
        except LibraryError as error:
            st.error(plain(str(error)))
        else:
            st.success(plain(f"Saved the review of {review_date:%d %b %Y} under {name!r}."))
            reviews, _ = saved_reviews(name)
    shown = [r for r in reviews if r.review_date != review_date] + [_as_saved(answers, review, review_date, name)]
    shown.sort(key=lambda r: r.review_date)
    if len(shown) == 1:
        st.caption(
            "The first review of this goal: save it, and each week's review after it, to follow the odds here."
        )
        return
    show(trend_chart(shown, review_date))
    st.caption(
        f"Each point is a review's chance to hit the goal; the bars are ± {Z_95} simulation errors. Reviews are "
        "kept in the library under the goal's name, one a day (saving again the same day replaces it)."
    )


def trend_chart(reviews: list[SavedReview], today: date) -> dict:
    """The odds of each review by date, with simulation error bars; today's review marked."""
    odds = [100 * r.odds for r in reviews]
    bars = [100 * Z_95 * r.standard_error for r in reviews]
    colours = [CURRENT if r.review_date == today else GHOST for r in reviews]
    traces = [
        trace("scatter", x=[r.review_date.isoformat() for r in reviews], y=odds, mode="lines+markers+text",
              text=[f"{value:.0f}%" for value in odds], textposition="top center", name="Chance to hit the goal",
              error_y={"type": "data", "array": bars, "visible": True, "color": GHOST},
              line={"color": CURRENT, "width": 3}, marker={"size": 12, "color": colours}),
    ]  # fmt: skip
    return house_figure(
        traces,
        "Chance to hit the goal at each review",
        "Review date",
        "Chance to hit the goal (%)",
        height=360,
        y_axis={"range": [0, 105]},
        showlegend=False,
    )


def _as_saved(answers: ReviewAnswers, review: Review, review_date: date, name: str) -> SavedReview:
    return SavedReview(
        goal_name=name,
        review_date=review_date,
        figure=review.figure,
        goal=review.goal,
        banked=review.banked,
        odds=answers.odds,
        standard_error=answers.standard_error,
        trials=review.pipeline.trials,
    )
