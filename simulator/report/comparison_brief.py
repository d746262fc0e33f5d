"""The comparison brief: two to four scenarios on one page, their odds paired on the same trials and the inputs
that set them apart, from the comparison the compare page has cached (nothing is simulated again)."""

from __future__ import annotations

import io
from datetime import date

from simulator.analysis.compare import Comparison
from simulator.files.file_names import comparison_stem
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
    names = " vs ".join(s.name for s in comparison.scenarios)
    pdf = new_page(f"{names}: comparison brief", made, shaped=needs_shaping(names))
    title = f"{len(comparison.scenarios)} scenarios compared"
    heading(pdf, "Comparison brief", made, title, f"Target for all: {first.target.describe()}")
    rows = [("Scenario", "Chance to hit", "vs the first", "Verdict", "Commit", "Most likely", "Best case")]
    for index, (scenario, summary) in enumerate(zip(comparison.scenarios, comparison.summaries, strict=True)):
        answer = summary.answer
        change = "(reference)"
        if index:
            difference, error = comparison.differences[index - 1]
            change = f"{difference * 100:+.1f} ± {error * 100:.1f} pts"
        odds = f"{brief_text.odds_lines(summary)[0]} ± {answer.standard_error * 100:.1f}"
        levels = [value for _, value, _ in brief_text.levels(summary)]
        rows.append((scenario.name, odds, change, answer.verdict.value, *levels))
    bottom = table(pdf, MARGIN, 31, "The odds, paired trial by trial", rows, RESULT_WIDTHS, size=11)
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
    pdf.image(io.BytesIO(chart), x=MARGIN, y=top, w=chart_width, h=chart_height)
    _differences(pdf, MARGIN + chart_width + 8, top, comparison)
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, "", 8)
    pdf.set_xy(MARGIN, PAGE_HEIGHT - 10)
    fitted_cell(
        pdf,
        PAGE_WIDTH - 2 * MARGIN,
        4,
        f"Every scenario simulated on the first one's target, {first.trials:,} trials and seed {first.seed}: the "
        "same trial meets the same luck in each, so differences are measured precisely (± one standard error).",
    )
    document = bytes(pdf.output())
    stem = comparison_stem([s.name for s in comparison.scenarios])
    return Brief(stem=stem, pdf=document, png=first_page_png(document, dpi))


def _differences(pdf, left: float, top: float, comparison: Comparison) -> None:
    """The inputs that set the scenarios apart, one row each, as many as fit above the footer."""
    differing = comparison.inputs_that_differ()
    width = PAGE_WIDTH - MARGIN - left
    if not differing:
        label(pdf, left, top, "What differs: nothing (the same inputs, so the same odds)")
        return
    count = len(comparison.scenarios)
    widths = (width - 24 * count, *(24,) * count)
    rows = [("Input", *(s.name for s in comparison.scenarios)), *((d.label, *d.values) for d in differing)]
    room = int((PAGE_HEIGHT - 16 - top - 6) / 4.4)  # rows of 8 points
    table(pdf, left, top, "What differs", rows[:room], widths, size=8)
