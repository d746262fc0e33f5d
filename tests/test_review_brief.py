"""The weekly review's brief: one A4 landscape page whose text says the goal, the chance and verdict, pace and
coverage as the page words them, and the deals that matter; its PNG; a revenue goal in dollars."""

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from simulator.analysis.weekly_review import review_answers
from simulator.engine.review import simulate_review
from simulator.history.pipeline_reader import read_pipeline
from simulator.model.open_deals import Pipeline
from simulator.model.review import Review
from simulator.report.formats import odds_text
from simulator.report.review_brief import coverage_words, pace_words, review_brief
from tests.test_brief import A4_LANDSCAPE, one_line, page_text

SAMPLE = Path(__file__).parent.parent / "sample_data" / "open_deals.csv"
MADE = date(2026, 2, 9)
WEEKS_DONE = 39 / 7
PATH = ((0.0, 0.0), (4.0, 2.0), (39.0, 19.0))  # days since the period's start, deals won by then


def sample_review(figure: str, goal: float, banked: float) -> Review:
    pipeline = Pipeline(deals=read_pipeline(SAMPLE, MADE).deals, days_left=50.0, trials=2000)
    return Review(pipeline=pipeline, figure=figure, goal=goal, banked=banked, weeks_done=WEEKS_DONE)


@pytest.fixture(scope="module")
def deals_brief():
    review = sample_review("deals", 33, 19)
    answers = review_answers(simulate_review(review))
    brief = review_brief(answers, review, PATH, title="33 won deals by 2026-03-31", made=MADE, dpi=100)
    return answers, review, brief


def test_brief_is_one_a4_landscape_page_with_the_goal_chance_and_verdict(deals_brief):
    answers, _, brief = deals_brief
    pages, size, text = page_text(brief.pdf)
    assert pages == 1
    assert size == pytest.approx(A4_LANDSCAPE, abs=1)
    text = one_line(text)
    assert "33 won deals by 2026-03-31" in text
    assert f"Chance to hit the goal {odds_text(answers.odds)} " in text
    assert f"± {answers.standard_error * 100:.1f} points of simulation error (2,000 trials)" in text
    assert answers.verdict.value in text
    assert "Left to win 14 deals" in text
    assert brief.stem == "33_won_deals_by_2026_03_31"


def test_pace_and_coverage_are_worded_as_the_page_words_them(deals_brief):
    answers, review, brief = deals_brief
    text = one_line(page_text(brief.pdf)[2])
    # From the review alone: 19 deals in 39 days, 14 left in 50 days.
    assert (
        f"Pace: {19 / WEEKS_DONE:.1f} deals a week so far; {14 / (50 / 7):.1f} a week needed for the rest" in text
    )
    assert f"Pace: {pace_words(answers, review)}" in text
    assert f"is {answers.coverage.pipeline / 14:.1f}x of what is left of the goal" in text
    assert f"Coverage: {coverage_words(answers)}" in text


def test_the_top_deal_and_what_it_adds_are_shown(deals_brief):
    answers, _, brief = deals_brief
    text = one_line(page_text(brief.pdf)[2])
    top = answers.deals[0]
    change = f"+{top.odds_change * 100:.1f} ± {top.standard_error * 100:.1f} points"
    assert f"{top.name} {top.owner} {top.stage} {top.amount:,.0f} {change}" in text
    assert all(f"{deal.name} {deal.owner}" in text for deal in answers.deals)
    for owner, p10, p50, p90 in answers.owners:  # every owner of the sample fits
        assert f"{owner} {p10:.0%} {p50:.0%} {p90:.0%}" in text


def test_categories_sit_beside_the_simulated_levels(deals_brief):
    answers, _, brief = deals_brief
    text = one_line(page_text(brief.pdf)[2])
    c = answers.categories
    assert "Closed 19 deals" in text
    assert f"Most likely {c.simulated_most_likely:,.0f} deals half of the trials" in text


@pytest.mark.parametrize("dpi", [72, 100])
def test_png_is_the_page_at_the_dpi(dpi):
    review = sample_review("deals", 33, 19)
    brief = review_brief(review_answers(simulate_review(review)), review, PATH, title="Goal", made=MADE, dpi=dpi)
    width, height = Image.open(io.BytesIO(brief.png)).size
    assert (width, height) == pytest.approx((297 / 25.4 * dpi, 210 / 25.4 * dpi), abs=1)


def test_revenue_goal_is_in_dollars():
    review = sample_review("revenue", 500_000, 260_000)
    answers = review_answers(simulate_review(review))
    path = ((0.0, 0.0), (39.0, 260_000.0))
    brief = review_brief(answers, review, path, title="$500,000 of revenue by 2026-03-31", made=MADE, dpi=72)
    text = one_line(page_text(brief.pdf)[2])
    assert "Left to win $240,000" in text
    assert f"Pace: ${260_000 / WEEKS_DONE:,.0f} a week so far; ${240_000 / (50 / 7):,.0f} a week needed" in text
    assert f"Closed $260,000 Commit ${answers.categories.commit:,.0f}" in text
    assert "deals a week" not in text


def test_no_week_done_and_goal_met_are_said_in_words():
    review = Review(pipeline=sample_review("deals", 1, 0).pipeline, goal=5, banked=8, weeks_done=0)
    answers = review_answers(simulate_review(review))
    text = one_line(page_text(review_brief(answers, review, ((0.0, 8.0),), title="Met", made=MADE, dpi=72).pdf)[2])
    assert "Pace: no week done yet;" in text
    assert "Coverage: the goal is already met." in text
    assert "Left to win 0 deals" in text


def test_owners_that_do_not_fit_are_counted(deals_brief):
    answers, review, _ = deals_brief
    owners = tuple((f"Owner {i:02d}", 0.1, 0.5, 0.9) for i in range(40))
    brief = review_brief(replace(answers, owners=owners), review, PATH, title="Many owners", made=MADE, dpi=72)
    text = one_line(page_text(brief.pdf)[2])
    shown = sum(f"Owner {i:02d} 10% 50% 90%" in text for i in range(40))
    assert 0 < shown < 40
    assert f"… and {40 - shown} more owners" in text
