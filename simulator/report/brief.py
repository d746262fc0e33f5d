"""The scenario brief: one A4 landscape page, PDF and PNG, of a scenario's answer for a meeting's minutes.

It is laid out with fpdf2 from values a page already has cached (the summary and, when worked out, what it would
take), so making it simulates nothing. Readable projected and printed in grey: a large title and odds, tints
behind dark text, and every figure also in words.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from fpdf import FPDF

from simulator.analysis.summaries import Summary
from simulator.analysis.targets import DEFAULT_THRESHOLDS, Verdict
from simulator.analysis.what_would_it_take import WhatItWouldTake
from simulator.files.file_names import file_stem
from simulator.model.scenario import Scenario
from simulator.report import brief_text
from simulator.report.brief_charts import fan_chart_png
from simulator.report.fonts import FAMILY
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

HEADLINE_TOP, CHART_TOP = 30.0, 62.0
INPUT_SIZE, INPUT_LINE = 7.5, 3.3  # points and mm: the inputs table's type and line
# A light tint behind the verdict's dark word: the word carries it in grey, the tint in colour.
VERDICT_TINT = {
    Verdict.ACHIEVABLE: (209, 250, 229),
    Verdict.CHALLENGING: (219, 234, 254),
    Verdict.STRETCH: (255, 237, 213),
    Verdict.UNREALISTIC: (254, 226, 226),
}
_BOUNDS = DEFAULT_THRESHOLDS
VERDICT_BANDS = (
    f"Achievable ≥ {_BOUNDS.achievable:.0%} · Challenging {_BOUNDS.challenging:.0%}–{_BOUNDS.achievable:.0%}",
    f"Stretch {_BOUNDS.stretch:.0%}–{_BOUNDS.challenging:.0%} · Unrealistic < {_BOUNDS.stretch:.0%}",
)


@dataclass(frozen=True)
class Brief:
    """A brief as files.

    Attributes
    ----------
    stem : str
        A file name without extension, safe on every file system (:func:`file_stem`).
    pdf : bytes
        The one-page PDF.
    png : bytes
        Its page as a PNG image.
    """

    stem: str
    pdf: bytes
    png: bytes


def scenario_brief(
    scenario: Scenario,
    *,
    summary: Summary,
    what_it_would_take: WhatItWouldTake | None = None,
    source: str | None = None,
    made: date | None = None,
    dpi: int = 150,
) -> Brief:
    """The brief of one scenario, from its summary and (if worked out) what it would take; simulates nothing.

    Parameters
    ----------
    scenario : Scenario
        The inputs, target, trials and seed.
    summary : Summary
        ``summarize(simulate(scenario))``, as the simulator page caches it.
    what_it_would_take : WhatItWouldTake, optional
        The levers and goal seek at its confidence; without it the brief says they were not worked out.
    source : str, optional
        The scenario CSV the command line reads to reproduce it; by default the file the app's download names.
    made : date, optional
        The date printed (today by default).
    dpi : int
        Pixels per inch of the PNG.

    Examples
    --------
    >>> from simulator import simulate
    >>> from simulator.analysis.summaries import summarize
    >>> scenario = Scenario(trials=500)
    >>> brief = scenario_brief(scenario, summary=summarize(simulate(scenario)), made=date(2026, 1, 5))
    >>> brief.stem, brief.pdf[:5], brief.png[:4]
    ('Scenario', b'%PDF-', b'\\x89PNG')
    """
    stem = file_stem(scenario.name)
    made = made or date.today()
    names = (scenario.name, *(channel.name for channel in scenario.channels))
    pdf = new_page(f"{scenario.name}: scenario brief", made, shaped=needs_shaping(*names))
    heading(pdf, "Scenario brief", made, scenario.name, f"Target: {scenario.target.describe()}")
    _headline(pdf, summary)
    chart_width, chart_height = 168.0, 72.0
    chart = fan_chart_png(summary, width=chart_width / MM_PER_INCH, height=chart_height / MM_PER_INCH)
    pdf.image(io.BytesIO(chart), x=MARGIN, y=CHART_TOP, w=chart_width, h=chart_height)
    right = MARGIN + chart_width + 8
    bottom = table(
        pdf,
        right,
        CHART_TOP,
        f"Funnel {summary.answer.target.period}",
        [("Stage", "P10", "Median", "P90"), *brief_text.funnel_rows(summary)],
        (39, 19, 19, 20),
        size=10,
    )
    _inputs(pdf, right, bottom + 4, brief_text.input_rows(scenario))
    _levers(pdf, CHART_TOP + chart_height + 3, what_it_would_take)
    _footer(pdf, scenario, source or f"{stem}.csv", what_it_would_take)
    document = bytes(pdf.output())
    return Brief(stem=stem, pdf=document, png=first_page_png(document, dpi))


def _headline(pdf: FPDF, summary: Summary) -> None:
    """The odds, the verdict and Commit / Most likely / Best case, large, in one row."""
    top = HEADLINE_TOP
    odds, precision = brief_text.odds_lines(summary)
    label(pdf, MARGIN, top, "Chance to hit target")
    pdf.set_font(FAMILY, "B", 34)
    pdf.set_xy(MARGIN, top + 5)
    pdf.cell(60, 15, odds)
    pdf.set_font(FAMILY, "", 9)
    pdf.set_xy(MARGIN, top + 21)
    pdf.cell(70, 5, precision)
    verdict = summary.answer.verdict
    pdf.set_fill_color(*VERDICT_TINT[verdict])
    pdf.set_draw_color(*INK)
    pdf.set_font(FAMILY, "B", 20)
    pdf.set_xy(92, top + 4)
    pdf.cell(60, 15, verdict.value, border=1, align="C", fill=True)
    pdf.set_font(FAMILY, "", 7.5)
    pdf.set_text_color(*MUTED)
    for line, band in enumerate(VERDICT_BANDS):
        pdf.set_xy(87, top + 20 + line * 3.5)
        pdf.cell(70, 3.5, band, align="C")
    pdf.set_text_color(*INK)
    for i, (name, value, meaning) in enumerate(brief_text.levels(summary)):
        left = 164 + i * 41
        label(pdf, left, top, name)
        fitted(pdf, left, top + 6, 41, value, "B", 20)
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(left, top + 21)
        pdf.cell(41, 5, meaning)
        pdf.set_text_color(*INK)


def _levers(pdf: FPDF, top: float, answer: WhatItWouldTake | None) -> None:
    """The three levers that move the odds most, and what each lever would need, under the chart."""
    width = 168.0
    if answer is None:
        label(pdf, MARGIN, top, "What would it take?")
        pdf.set_font(FAMILY, "", 10)
        pdf.set_xy(MARGIN, top + 6)
        pdf.multi_cell(
            width,
            5,
            "Not worked out for this brief: press Work it out on the simulator page, or use "
            "the command line's brief command (at-least targets and a ceiling on churn only).",
        )
        return
    rows = brief_text.lever_rows(answer)
    bottom = table(
        pdf,
        MARGIN,
        top,
        "The levers that move the odds most",
        [("Lever", "Across its range", "Odds"), *rows],
        (52, 80, 36),
        size=9.5,
    )
    confidence = f"{answer.confidence:.0%}"
    needs = brief_text.requirement_rows(answer)
    label(pdf, MARGIN, bottom + 2, f"What it would take for {confidence}, one lever at a time")
    pdf.set_font(FAMILY, "", 8.5)
    half = (len(needs) + 1) // 2  # two columns, so that eight levers fit
    for i, (lever, now, needed) in enumerate(needs):
        pdf.set_xy(MARGIN + (i // half) * width / 2, bottom + 8 + (i % half) * 4.4)
        fitted_cell(pdf, width / 2 - 2, 4.4, f"{lever}: {now} → {needed}")


def _inputs(pdf: FPDF, left: float, top: float, rows: list[tuple[str, str]]) -> None:
    """Each input's name and value side by side, both wrapping; what does not fit above the footer is counted."""
    label(pdf, left, top, "Inputs (90% ranges)")
    name_width = 46.0
    value_width = PAGE_WIDTH - MARGIN - left - name_width
    bottom, y = PAGE_HEIGHT - 15, top + 6
    for shown, (name, value) in enumerate(rows):
        height = max(_lines(pdf, "B", name_width, name), _lines(pdf, "", value_width, value)) * INPUT_LINE
        if y + height > bottom - INPUT_LINE:  # room for this row and the line that says what is left out
            pdf.set_xy(left, y)
            pdf.set_font(FAMILY, "", INPUT_SIZE)
            pdf.cell(name_width + value_width, INPUT_LINE, f"… and {len(rows) - shown} more in the scenario CSV")
            return
        for style, x, width, text in (("B", left, name_width, name), ("", left + name_width, value_width, value)):
            pdf.set_font(FAMILY, style, INPUT_SIZE)
            pdf.set_xy(x, y)
            pdf.multi_cell(width - 1, INPUT_LINE, text, align="L")
        y += height


def _lines(pdf: FPDF, style: str, width: float, text: str) -> int:
    """How many lines `text` takes in the inputs' type wrapped to `width`."""
    pdf.set_font(FAMILY, style, INPUT_SIZE)
    return len(pdf.multi_cell(width - 1, INPUT_LINE, text, align="L", dry_run=True, output="LINES"))


def _footer(pdf: FPDF, scenario: Scenario, source: str, answer: WhatItWouldTake | None) -> None:
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, "", 8)
    confidence = None if answer is None else answer.confidence
    lines = (
        f"{scenario.trials:,} trials, seed {scenario.seed}. The numbers again: "
        f"{brief_text.command_line(scenario, source)}",
        f"This brief again: {brief_text.command_line(scenario, source, brief=True, confidence=confidence)}",
    )
    for i, line in enumerate(lines):
        pdf.set_xy(MARGIN, PAGE_HEIGHT - 12.5 + i * 4)
        fitted_cell(pdf, PAGE_WIDTH - 2 * MARGIN, 4, line)
    pdf.set_text_color(*INK)
