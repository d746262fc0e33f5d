"""A goal's weekly reviews over time: this review saved in the scenario library under the goal's name, how the
odds moved since the review before it, and a chart of the odds week by week (:mod:`simulator.store.reviews`)."""

from __future__ import annotations

import math
from datetime import date
from typing import NamedTuple

import streamlit as st

from simulator.analysis.weekly_review import ReviewAnswers
from simulator.i18n import _, date_text, number_text, percent_text
from simulator.model.review import Review
from simulator.store import LibraryError
from simulator.store.reviews import SavedReview, previous_review, reviews_of, save_review
from ui.chart_style import house_figure, show, trace
from ui.charts import CURRENT, GHOST
from ui.store import scenario_library
from ui.text import plain

#: Simulation error bars: 95% of the odds' sampling distribution.
Z_95 = 1.96


def goal_name(figure: str, goal: float, period_end: date) -> str:
    """The goal's name, under which its reviews are kept; it opens on the goal in words.

    The name it opens on stays English whatever the language: it is the key the goal's reviews are kept under in
    a library shared by people who read the app in different languages.
    """
    opened = (figure, goal, period_end)
    if st.session_state.get("wr_goal_name_opened") != opened:
        what = f"{goal:,.0f} won deals" if figure == "deals" else f"${goal:,.0f} of revenue"
        st.session_state["wr_goal_name"] = f"{what} by {period_end.isoformat()}"
        st.session_state["wr_goal_name_opened"] = opened
    return st.sidebar.text_input(
        _("The goal's name (its weekly reviews are kept under it)"), key="wr_goal_name", max_chars=200
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


class Moved(NamedTuple):
    """How the chance moved since the review before: in words, and by how many whole points (a metric's delta
    would take its colour and arrow from a leading minus, which right-to-left text puts inside an isolate)."""

    text: str
    points: int


def moved_since(answers: ReviewAnswers, reviews: list[SavedReview], review_date: date) -> Moved | None:
    """ "+6 ± 1 points since 2 Feb": the change from the review before this one, with the error of the
    difference (the two reviews' simulation errors are independent); None for a goal's first review."""
    before = previous_review(reviews, review_date)
    if before is None:
        return None
    change = round((answers.odds - before.odds) * 100)
    error = math.hypot(answers.standard_error, before.standard_error) * 100
    # TRANSLATORS: how the chance to hit the goal moved since the last review, in percentage points
    text = _("{change} ± {error} points since {day}").format(
        change=number_text(change) if change <= 0 else number_text(change, signed=True),
        error=number_text(error),
        day=date_text(before.review_date, with_year=False),
    )
    return Moved(text, change)


def trend_section(
    answers: ReviewAnswers, review: Review, review_date: date, name: str, reviews: list[SavedReview], problem
) -> None:
    """The save button and the chart of the goal's odds over its reviews, this one included."""
    st.subheader(_("The odds week by week"))
    if problem is not None:
        st.warning(
            _("The library is not available, so reviews can't be kept right now: {problem}").format(
                problem=plain(problem)
            )
        )
        return
    label = _("Save this review ({day}) under the goal's name").format(day=date_text(review_date))
    if st.button(label, key="wr_save_review"):
        library, _problem = scenario_library()
        try:
            save_review(library, _as_saved(answers, review, review_date, name))
        except LibraryError as error:
            st.error(plain(str(error)))
        else:
            st.success(
                plain(
                    _("Saved the review of {day} under {name}.").format(
                        day=date_text(review_date), name=repr(name)
                    )
                )
            )
            reviews, _problem = saved_reviews(name)
    shown = [r for r in reviews if r.review_date != review_date] + [_as_saved(answers, review, review_date, name)]
    shown.sort(key=lambda r: r.review_date)
    if len(shown) == 1:
        st.caption(
            _("The first review of this goal: save it, and each week's review after it, to follow the odds here.")
        )
        return
    show(trend_chart(shown, review_date))
    st.caption(
        _(
            "Each point is a review's chance to hit the goal; the bars are ± {errors} simulation errors. Reviews "
            "are kept in the library under the goal's name, one a day (saving again the same day replaces it)."
        ).format(errors=number_text(Z_95, 2))
    )


def trend_chart(reviews: list[SavedReview], today: date) -> dict:
    """The odds of each review by date, with simulation error bars; today's review marked."""
    odds = [100 * r.odds for r in reviews]
    bars = [100 * Z_95 * r.standard_error for r in reviews]
    colours = [CURRENT if r.review_date == today else GHOST for r in reviews]
    traces = [
        trace("scatter", x=[r.review_date.isoformat() for r in reviews], y=odds, mode="lines+markers+text",
              text=[percent_text(value / 100) for value in odds], textposition="top center",
              name=_("Chance to hit the goal"),
              error_y={"type": "data", "array": bars, "visible": True, "color": GHOST},
              line={"color": CURRENT, "width": 3}, marker={"size": 12, "color": colours}),
    ]  # fmt: skip
    return house_figure(
        traces,
        _("Chance to hit the goal at each review"),
        _("Review date"),
        _("Chance to hit the goal (%)"),
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
