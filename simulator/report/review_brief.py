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
from simulator.i18n import _, currency_symbol, ngettext, number_text, percent_text
from simulator.model.review import Review
from simulator.report.brief import VERDICT_TINT, Brief, verdict_bands
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
    at,
    fitted,
    fitted_cell,
    heading,
    label,
    needs_shaping,
    new_page,
    right_to_left,
    start,
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
    named = [
        title,
        *(f"{d.name} {d.owner} {d.stage}" for d in answers.deals),
        *(o for o, *_rest in answers.owners),
    ]
    pdf = new_page(_("{title}: weekly review brief").format(title=title), made, shaped=needs_shaping(*named))
    subtitle = _("Goal: {goal} by the period's end, {won} won so far, {weeks} weeks left").format(
        goal=amount(review.goal, figure),
        won=amount(review.banked, figure),
        weeks=number_text(review.weeks_left, 1),
    )
    heading(pdf, _("Weekly review brief"), made, title, subtitle)
    _headline(pdf, answers, review)
    top = _sentences(pdf, answers, review, HEADLINE_TOP + 29)
    categories_top = PAGE_HEIGHT - MARGIN - 6 - 6 * TABLE_SIZE * 0.55  # six rows of the table and its label
    chart_height = categories_top - 2 - top
    chart = progress_chart_png(
        answers, review, path, width=CHART_WIDTH / MM_PER_INCH, height=chart_height / MM_PER_INCH
    )
    pdf.image(io.BytesIO(chart), x=at(MARGIN, CHART_WIDTH), y=top, w=CHART_WIDTH, h=chart_height)
    _categories(pdf, answers, figure, categories_top)
    _owners(pdf, answers, _deals(pdf, answers, top) + 3)
    document = bytes(pdf.output())
    return Brief(stem=file_stem(title), pdf=document, png=first_page_png(document, dpi))


def _headline(pdf: FPDF, answers: ReviewAnswers, review: Review) -> None:
    """The chance, the verdict, and what is left to win, large, in one row."""
    top = HEADLINE_TOP
    label(pdf, at(MARGIN, 75), top, _("Chance to hit the goal"), width=75)
    pdf.set_font(FAMILY, "B", 34)
    pdf.set_xy(at(MARGIN, 75), top + 5)
    pdf.cell(75, 15, odds_text(answers.odds), align=start())
    pdf.set_font(FAMILY, "", 9)
    pdf.set_xy(at(MARGIN, 75), top + 21)
    fitted_cell(pdf, 75, 5, precision_words(answers, review))
    pdf.set_fill_color(*VERDICT_TINT[answers.verdict])
    pdf.set_draw_color(*INK)
    pdf.set_font(FAMILY, "B", 20)
    pdf.set_xy(at(92, 60), top + 4)
    pdf.cell(60, 15, answers.verdict.label, border=1, align="C", fill=True)
    pdf.set_font(FAMILY, "", 7.5)
    pdf.set_text_color(*MUTED)
    for line, band in enumerate(verdict_bands()):
        pdf.set_xy(at(87, 70), top + 20 + line * 3.5)
        pdf.cell(70, 3.5, band, align="C")
    pdf.set_text_color(*INK)
    left = max(review.goal - review.banked, 0.0)
    for i, (name, value) in enumerate(
        ((_("Left to win"), amount(left, review.figure)), (_("Won so far"), amount(review.banked, review.figure)))
    ):
        x = at(164 + i * 62, 60)
        label(pdf, x, top, name, width=60)
        fitted(pdf, x, top + 6, 60, value, "B", 24)


def _sentences(pdf: FPDF, answers: ReviewAnswers, review: Review, top: float) -> float:
    """Pace and coverage, each after its bold name and wrapped to the page; returns where they end."""
    # write() wraps at the right margin and comes back to the left one: set them to the page's.
    pdf.set_left_margin(MARGIN)
    pdf.set_right_margin(MARGIN)
    y = top
    # TRANSLATORS: the names before the weekly review's two sentences, "Pace: 2.0 deals a week so far; ..."
    for name, words in ((_("Pace:"), pace_words(answers, review)), (_("Coverage:"), coverage_words(answers))):
        pdf.set_xy(MARGIN, y)
        if right_to_left():  # write() runs left to right: one paragraph, its name first from the right
            pdf.set_font(FAMILY, "", SENTENCE_SIZE)
            pdf.multi_cell(PAGE_WIDTH - 2 * MARGIN, SENTENCE_LINE, f"**{name}** {words}", markdown=True, align="R")
            y = pdf.get_y() + 1
            continue
        pdf.set_font(FAMILY, "B", SENTENCE_SIZE)
        pdf.write(SENTENCE_LINE, f"{name} ")
        pdf.set_font(FAMILY, "", SENTENCE_SIZE)
        pdf.write(SENTENCE_LINE, words)
        y = pdf.get_y() + SENTENCE_LINE + 1
    return y + 1


def _categories(pdf: FPDF, answers: ReviewAnswers, figure: str, top: float) -> None:
    """The CRM's forecast categories beside the simulated levels, under the chart."""
    c = answers.categories
    # TRANSLATORS: forecast categories as CRMs (Salesforce) name them
    crm = [(_("Closed"), c.closed), (_("Commit"), c.commit), (_("Best case"), c.best_case),
           (_("Pipeline"), c.pipeline), (_("Weighted"), c.weighted)]  # fmt: skip
    simulated = [
        (_("Commit"), c.simulated_commit, _("9 trials in 10")),
        (_("Most likely"), c.simulated_most_likely, _("half of the trials")),
        (_("Best case"), c.simulated_best_case, _("1 trial in 10")),
    ]
    rows = [(_("Category"), _("Total")), *((name, amount(value, figure)) for name, value in crm)]
    table(pdf, at(MARGIN, 24 + 34), top, _("Forecast categories (CRM)"), rows, (24, 34), size=TABLE_SIZE)
    rows = [(_("Level"), _("Total"), _("Reached in")), *((n, amount(v, figure), r) for n, v, r in simulated)]
    left = MARGIN + 24 + 34 + 6
    widths = (22, 30, CHART_WIDTH - (left - MARGIN) - 52)
    table(pdf, at(left, sum(widths)), top, _("Simulated (share of trials)"), rows, widths, size=TABLE_SIZE)


def _deals(pdf: FPDF, answers: ReviewAnswers, top: float) -> float:
    """The deals that matter, largest first, and what each adds to the chance; returns where they end."""
    amount_header = _("Amount ({currency})").format(currency=currency_symbol())
    rows = [(_("Deal"), _("Owner"), _("Stage"), amount_header, _("Chance added"))]
    rows += [
        (deal.name or deal.deal_id, deal.owner, deal.stage, number_text(deal.amount), deal_change(deal))
        for deal in answers.deals
    ]
    widths = (16, 21, 31, 17, PAGE_WIDTH - MARGIN - RIGHT - 85)
    bottom = table(pdf, at(RIGHT, sum(widths)), top, _("The deals that matter"), rows, widths, size=TABLE_SIZE)
    return _caption(
        pdf, bottom, _("Open deals ranked by how much the chance to hit the goal drops without each one.")
    )


def _owners(pdf: FPDF, answers: ReviewAnswers, top: float) -> None:
    """Each owner's P10, P50 and P90 attainment of their share, as many as fit above the page's foot."""
    width = PAGE_WIDTH - MARGIN - RIGHT
    rows = [(_("Owner"), _("Low (P10)"), _("Most likely (P50)"), _("High (P90)"))]
    rows += [
        (owner or _("(no owner)"), percent_text(p10), percent_text(p50), percent_text(p90))
        for owner, p10, p50, p90 in answers.owners
    ]
    room = max(int((PAGE_HEIGHT - MARGIN - 4 - top - 6) / (TABLE_SIZE * 0.55)), 2)  # above the caption's line
    shown = rows[:room]
    if len(rows) > room:  # say how many are left out rather than drop them silently
        left_out = len(rows) - room + 1
        more = ngettext("… and {count} more owner", "… and {count} more owners", left_out)
        shown[-1] = (more.format(count=number_text(left_out)), "", "", "")
    title = _("Each owner's attainment of their share")
    bottom = table(pdf, at(RIGHT, width), top, title, shown, (width - 81, 23, 33, 25), size=TABLE_SIZE)
    _caption(
        pdf,
        bottom,
        _(
            "{full} is an owner's share of the goal met: won so far plus their open deals that close in time."
        ).format(full=percent_text(1.0)),
    )


def _caption(pdf: FPDF, top: float, text: str) -> float:
    """A small muted line under a table, as the page's captions; returns where it ends."""
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, "", 7)
    width = PAGE_WIDTH - MARGIN - RIGHT
    pdf.set_xy(at(RIGHT, width), top + 0.5)
    fitted_cell(pdf, width, 3.5, text)
    pdf.set_text_color(*INK)
    return top + 4
