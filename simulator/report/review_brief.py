"""The weekly review's brief: one A4 landscape page, PDF and PNG, of a goal in flight for the review's minutes.

It says what the weekly review page says, in its words: the chance to hit the goal and its verdict, what is left
to win, pace and coverage, the progress chart, the forecast categories beside the simulated levels, the deals
that matter and each owner's attainment. It is laid out from the answers the page has cached
(:class:`~simulator.analysis.weekly_review.ReviewAnswers`), so making it simulates nothing.

The text functions (:func:`amount`, :func:`precision_words`, :func:`pace_words`, :func:`coverage_words`,
:func:`deal_change`) give the page's sentences as plain strings, for the page and the brief alike.
"""

from __future__ import annotations

import io
from datetime import date

from fpdf import FPDF

from simulator.analysis.weekly_review import ReviewAnswers
from simulator.files.file_names import file_stem
from simulator.model.review import Review
from simulator.report.brief import VERDICT_BANDS, VERDICT_TINT, Brief
from simulator.report.brief_charts import progress_chart_png
from simulator.report.fonts import FAMILY
from simulator.report.formats import odds_text
from simulator.report.layout import (
    INK,
    MARGIN,
    MM_PER_INCH,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    fitted,
    fitted_cell,
    heading,
    label,
    needs_shaping,
    new_page,
    table,
)
from simulator.report.page_image import first_page_png
from simulator.report.review_text import amount, coverage_words, deal_change, pace_words, precision_words

HEADLINE_TOP, SENTENCE_SIZE, SENTENCE_LINE = 30.0, 10.5, 5.0  # mm, points, mm
TABLE_SIZE = 9.0  # points: every table, read from across a room
# The chart and the categories under it on the left, the deals and the owners on the right.
CHART_WIDTH, RIGHT = 150.0, MARGIN + 150.0 + 7


def review_brief(
    answers: ReviewAnswers,
    review: Review,
    path: tuple[tuple[float, float], ...],
    *,
    title: str,
    made: date | None = None,
    dpi: int = 150,
) -> Brief:
    """The brief of a weekly review, from the answers the page has cached; simulates nothing.

    Parameters
    ----------
    answers : ReviewAnswers
        ``review_answers(simulate_review(review))``, as the weekly review page caches it.
    review : Review
        The goal, its figure, what is banked and the weeks done and left.
    path : tuple of (float, float)
        The actuals to the review: days since the period's start and the running total by then.
    title : str
        The goal's name, such as "33 won deals by 2026-03-31"; the file's name too.
    made : date, optional
        The date printed (today by default).
    dpi : int
        Pixels per inch of the PNG.

    Examples
    --------
    >>> from simulator.analysis.weekly_review import review_answers
    >>> from simulator.engine.review import simulate_review
    >>> from simulator.model.open_deals import OpenDeal, Pipeline
    >>> deal = OpenDeal(deal_id="A", stage="Negotiation/Review", amount=9.0, close_day=5.0, owner="Ana")
    >>> pipeline = Pipeline(deals=(deal,), days_left=14.0, trials=500)
    >>> review = Review(pipeline=pipeline, goal=3, banked=2, weeks_done=4)
    >>> answers = review_answers(simulate_review(review))
    >>> brief = review_brief(answers, review, ((0, 0), (28, 2)), title="3 won deals", made=date(2026, 2, 9))
    >>> brief.stem, brief.pdf[:5], brief.png[:4]
    ('3_won_deals', b'%PDF-', b'\\x89PNG')
    """
    made = made or date.today()
    figure = review.figure
    named = [title, *(f"{d.name} {d.owner} {d.stage}" for d in answers.deals), *(o for o, *_ in answers.owners)]
    pdf = new_page(f"{title}: weekly review brief", made, shaped=needs_shaping(*named))
    subtitle = (
        f"Goal: {amount(review.goal, figure)} by the period's end, {amount(review.banked, figure)} won so far, "
        f"{review.weeks_left:.1f} weeks left"
    )
    heading(pdf, "Weekly review brief", made, title, subtitle)
    _headline(pdf, answers, review)
    top = _sentences(pdf, answers, review, HEADLINE_TOP + 29)
    categories_top = PAGE_HEIGHT - MARGIN - 6 - 6 * TABLE_SIZE * 0.55  # six rows of the table and its label
    chart_height = categories_top - 2 - top
    chart = progress_chart_png(
        answers, review, path, width=CHART_WIDTH / MM_PER_INCH, height=chart_height / MM_PER_INCH
    )
    pdf.image(io.BytesIO(chart), x=MARGIN, y=top, w=CHART_WIDTH, h=chart_height)
    _categories(pdf, answers, figure, categories_top)
    _owners(pdf, answers, _deals(pdf, answers, top) + 3)
    document = bytes(pdf.output())
    return Brief(stem=file_stem(title), pdf=document, png=first_page_png(document, dpi))


def _headline(pdf: FPDF, answers: ReviewAnswers, review: Review) -> None:
    """The chance, the verdict, and what is left to win, large, in one row."""
    top = HEADLINE_TOP
    label(pdf, MARGIN, top, "Chance to hit the goal")
    pdf.set_font(FAMILY, "B", 34)
    pdf.set_xy(MARGIN, top + 5)
    pdf.cell(60, 15, odds_text(answers.odds))
    pdf.set_font(FAMILY, "", 9)
    pdf.set_xy(MARGIN, top + 21)
    pdf.cell(75, 5, precision_words(answers, review))
    pdf.set_fill_color(*VERDICT_TINT[answers.verdict])
    pdf.set_draw_color(*INK)
    pdf.set_font(FAMILY, "B", 20)
    pdf.set_xy(92, top + 4)
    pdf.cell(60, 15, answers.verdict.value, border=1, align="C", fill=True)
    pdf.set_font(FAMILY, "", 7.5)
    pdf.set_text_color(*MUTED)
    for line, band in enumerate(VERDICT_BANDS):
        pdf.set_xy(87, top + 20 + line * 3.5)
        pdf.cell(70, 3.5, band, align="C")
    pdf.set_text_color(*INK)
    left = max(review.goal - review.banked, 0.0)
    for i, (name, value) in enumerate(
        (("Left to win", amount(left, review.figure)), ("Won so far", amount(review.banked, review.figure)))
    ):
        x = 164 + i * 62
        label(pdf, x, top, name)
        fitted(pdf, x, top + 6, 60, value, "B", 24)


def _sentences(pdf: FPDF, answers: ReviewAnswers, review: Review, top: float) -> float:
    """Pace and coverage, each after its bold name and wrapped to the page; returns where they end."""
    # write() wraps at the right margin and comes back to the left one: set them to the page's.
    pdf.set_left_margin(MARGIN)
    pdf.set_right_margin(MARGIN)
    y = top
    for name, words in (("Pace:", pace_words(answers, review)), ("Coverage:", coverage_words(answers))):
        pdf.set_xy(MARGIN, y)
        pdf.set_font(FAMILY, "B", SENTENCE_SIZE)
        pdf.write(SENTENCE_LINE, f"{name} ")
        pdf.set_font(FAMILY, "", SENTENCE_SIZE)
        pdf.write(SENTENCE_LINE, words)
        y = pdf.get_y() + SENTENCE_LINE + 1
    return y + 1


def _categories(pdf: FPDF, answers: ReviewAnswers, figure: str, top: float) -> None:
    """The CRM's forecast categories beside the simulated levels, under the chart."""
    c = answers.categories
    crm = [("Closed", c.closed), ("Commit", c.commit), ("Best case", c.best_case), ("Pipeline", c.pipeline),
           ("Weighted", c.weighted)]  # fmt: skip
    simulated = [
        ("Commit", c.simulated_commit, "9 trials in 10"),
        ("Most likely", c.simulated_most_likely, "half of the trials"),
        ("Best case", c.simulated_best_case, "1 trial in 10"),
    ]
    rows = [("Category", "Total"), *((name, amount(value, figure)) for name, value in crm)]
    table(pdf, MARGIN, top, "Forecast categories (CRM)", rows, (24, 34), size=TABLE_SIZE)
    rows = [("Level", "Total", "Reached in"), *((n, amount(v, figure), r) for n, v, r in simulated)]
    left = MARGIN + 24 + 34 + 6
    widths = (22, 30, CHART_WIDTH - (left - MARGIN) - 52)
    table(pdf, left, top, "Simulated (share of trials)", rows, widths, size=TABLE_SIZE)


def _deals(pdf: FPDF, answers: ReviewAnswers, top: float) -> float:
    """The deals that matter, largest first, and what each adds to the chance; returns where they end."""
    rows = [("Deal", "Owner", "Stage", "Amount ($)", "Chance added")]
    rows += [
        (deal.name or deal.deal_id, deal.owner, deal.stage, f"{deal.amount:,.0f}", deal_change(deal))
        for deal in answers.deals
    ]
    widths = (16, 21, 31, 17, PAGE_WIDTH - MARGIN - RIGHT - 85)
    bottom = table(pdf, RIGHT, top, "The deals that matter", rows, widths, size=TABLE_SIZE)
    return _caption(
        pdf, bottom, "Open deals ranked by how much the chance to hit the goal drops without each one."
    )


def _owners(pdf: FPDF, answers: ReviewAnswers, top: float) -> None:
    """Each owner's P10, P50 and P90 attainment of their share, as many as fit above the page's foot."""
    width = PAGE_WIDTH - MARGIN - RIGHT
    rows = [("Owner", "Low (P10)", "Most likely (P50)", "High (P90)")]
    rows += [
        (owner or "(no owner)", f"{p10:.0%}", f"{p50:.0%}", f"{p90:.0%}")
        for owner, p10, p50, p90 in answers.owners
    ]
    room = max(int((PAGE_HEIGHT - MARGIN - 4 - top - 6) / (TABLE_SIZE * 0.55)), 2)  # above the caption's line
    shown = rows[:room]
    if len(rows) > room:  # say how many are left out rather than drop them silently
        shown[-1] = (f"… and {len(rows) - room + 1} more owners", "", "", "")
    bottom = table(
        pdf, RIGHT, top, "Each owner's attainment of their share", shown, (width - 81, 23, 33, 25), size=TABLE_SIZE
    )
    _caption(
        pdf,
        bottom,
        "100% is an owner's share of the goal met: won so far plus their open deals that close in time.",
    )


def _caption(pdf: FPDF, top: float, text: str) -> float:
    """A small muted line under a table, as the page's captions; returns where it ends."""
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, "", 7)
    pdf.set_xy(RIGHT, top + 0.5)
    fitted_cell(pdf, PAGE_WIDTH - MARGIN - RIGHT, 3.5, text)
    pdf.set_text_color(*INK)
    return top + 4
