"""The comparison brief: two to four scenarios on one page, their odds paired on the same trials and the inputs
that set them apart, from the comparison the compare page has cached (nothing is simulated again)."""

from __future__ import annotations

import io
from datetime import date

from simulator.analysis.compare import Comparison
from simulator.files.file_names import comparison_stem
from simulator.i18n import _, isolated, ngettext, number_text
from simulator.report import brief_text
from simulator.report.brief import Brief
from simulator.report.brief_charts import odds_chart_png
from simulator.report.fonts import FAMILY
from simulator.report.layout import (
    MARGIN,
    MM_PER_INCH,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    at,
    fitted_cell,
    heading,
    label,
    needs_shaping,
    new_page,
    table,
)
from simulator.report.page_image import first_page_png

RESULT_WIDTHS = (83, 34, 40, 30, 28, 30, 28)  # mm: 273, the page between its margins


def comparison_brief(comparison: Comparison, *, made: date | None = None, dpi: int = 150) -> Brief:
    """The brief of a comparison (:func:`simulator.analysis.compare.compare`): one page, PDF and PNG.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from simulator import Range, Scenario
    >>> from simulator.analysis.compare import compare
    >>> a = Scenario(name="Today", trials=500)
    >>> brief = comparison_brief(compare([a, replace(a, name="Better win rate", win_rate=Range(0.25, 0.35))]))
    >>> brief.stem, brief.pdf[:5]
    ('Today_vs_Better_win_rate', b'%PDF-')
    """
    made = made or date.today()
    first = comparison.scenarios[0]
    # TRANSLATORS: between the names of two compared scenarios, "Today vs Better win rate"
    names = _(" vs ").join(s.name for s in comparison.scenarios)
    pdf = new_page(_("{names}: comparison brief").format(names=names), made, shaped=needs_shaping(names))
    count = len(comparison.scenarios)
    title = ngettext("{count} scenario compared", "{count} scenarios compared", count).format(
        count=number_text(count)
    )
    target = _("Target for all: {target}").format(target=first.target.describe())
    heading(pdf, _("Comparison brief"), made, title, target)
    rows = [
        (
            _("Scenario"),
            _("Chance to hit"),
            # TRANSLATORS: a column header: the change in odds against the first scenario
            _("vs the first"),
            _("Verdict"),
            _("Commit"),
            _("Most likely"),
            _("Best case"),
        )
    ]
    for index, (scenario, summary) in enumerate(zip(comparison.scenarios, comparison.summaries, strict=True)):
        answer = summary.answer
        # TRANSLATORS: in the column of the change in odds: the first scenario, the others are compared with
        change = _("(reference)")
        if index:
            difference, error = comparison.differences[index - 1]
            change = _("{change} ± {error} pts").format(
                change=_signed(difference * 100), error=number_text(error * 100, 1)
            )
        odds = _("{odds} ± {error}").format(
            odds=brief_text.odds_lines(summary)[0], error=number_text(answer.standard_error * 100, 1)
        )
        levels = [value for _name, value, _meaning in brief_text.levels(summary)]
        rows.append((scenario.name, odds, change, answer.verdict.label, *levels))
    bottom = table(pdf, MARGIN, 31, _("The odds, paired trial by trial"), rows, RESULT_WIDTHS, size=11)
    pdf.set_font(FAMILY, "", 11)
    for line, sentence in enumerate(comparison.sentences()):
        pdf.set_xy(MARGIN, bottom + 3 + line * 5.5)
        fitted_cell(pdf, PAGE_WIDTH - 2 * MARGIN, 5.5, sentence)
    top = bottom + 6 + 5.5 * len(comparison.sentences())
    chart_width, chart_height = 125.0, min(80.0, PAGE_HEIGHT - 20 - top)
    chart = odds_chart_png(
        [s.name for s in comparison.scenarios],
        [s.answer.probability for s in comparison.summaries],
        [s.answer.standard_error for s in comparison.summaries],
        width=chart_width / MM_PER_INCH,
        height=chart_height / MM_PER_INCH,
    )
    pdf.image(io.BytesIO(chart), x=at(MARGIN, chart_width), y=top, w=chart_width, h=chart_height)
    _differences(pdf, MARGIN + chart_width + 8, top, comparison)
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, "", 8)
    pdf.set_xy(MARGIN, PAGE_HEIGHT - 10)
    fitted_cell(
        pdf,
        PAGE_WIDTH - 2 * MARGIN,
        4,
        ngettext(
            "Every scenario simulated on the first one's target, {trials} trial and seed {seed}: the same trial "
            "meets the same luck in each, so differences are measured precisely (± one standard error).",
            "Every scenario simulated on the first one's target, {trials} trials and seed {seed}: the same trial "
            "meets the same luck in each, so differences are measured precisely (± one standard error).",
            first.trials,
        ).format(trials=number_text(first.trials), seed=first.seed),
    )
    document = bytes(pdf.output())
    stem = comparison_stem([s.name for s in comparison.scenarios])
    return Brief(stem=stem, pdf=document, png=first_page_png(document, dpi))


def _differences(pdf, left: float, top: float, comparison: Comparison) -> None:
    """The inputs that set the scenarios apart, one row each, as many as fit above the footer."""
    differing = comparison.inputs_that_differ()
    width = PAGE_WIDTH - MARGIN - left
    left = at(left, width)
    if not differing:
        label(pdf, left, top, _("What differs: nothing (the same inputs, so the same odds)"), width=width)
        return
    count = len(comparison.scenarios)
    widths = (width - 24 * count, *(24,) * count)
    rows = [(_("Input"), *(s.name for s in comparison.scenarios)), *((d.label, *d.values) for d in differing)]
    room = int((PAGE_HEIGHT - 16 - top - 6) / 4.4)  # rows of 8 points
    table(pdf, left, top, _("What differs"), rows[:room], widths, size=8)


def _signed(points: float) -> str:
    """A change in points with its sign and one decimal, ``"+0.0"`` for none (as a change is written)."""
    if points == 0:
        return isolated("+" + number_text(0.0, 1).strip("\u2066\u2069"))
    return number_text(points, 1, signed=True)
