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
from simulator.i18n import _, isolated, ngettext, number_text, percent_text
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

HEADLINE_TOP, CHART_TOP = 30.0, 62.0
INPUT_SIZE, INPUT_LINE = 7.5, 3.3  # points and mm: the inputs table's type and line
# A light tint behind the verdict's dark word: the word carries it in grey, the tint in colour.
VERDICT_TINT = {
    Verdict.ACHIEVABLE: (209, 250, 229),
    Verdict.CHALLENGING: (219, 234, 254),
    Verdict.STRETCH: (255, 237, 213),
    Verdict.UNREALISTIC: (254, 226, 226),
}


def verdict_bands() -> tuple[str, str]:
    """Where each verdict starts, in two lines under the verdict: ``"Achievable ≥ 80% · Challenging 50%–80%"``."""
    bounds = DEFAULT_THRESHOLDS
    achievable, challenging, stretch = (
        percent_text(share) for share in (bounds.achievable, bounds.challenging, bounds.stretch)
    )
    return (
        # TRANSLATORS: where the two upper verdicts are, e.g. "Achievable ≥ 80% · Challenging 50%–80%"
        _("{achievable} ≥ {high} · {challenging} {low}–{high}").format(
            achievable=Verdict.ACHIEVABLE.label,
            challenging=Verdict.CHALLENGING.label,
            high=achievable,
            low=challenging,
        ),
        # TRANSLATORS: where the two lower verdicts are, e.g. "Stretch 10%–50% · Unrealistic < 10%"
        _("{stretch} {low}–{high} · {unrealistic} < {low}").format(
            stretch=Verdict.STRETCH.label, unrealistic=Verdict.UNREALISTIC.label, low=stretch, high=challenging
        ),
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
    pdf = new_page(_("{name}: scenario brief").format(name=scenario.name), made, shaped=needs_shaping(*names))
    heading(
        pdf,
        _("Scenario brief"),
        made,
        scenario.name,
        _("Target: {target}").format(target=scenario.target.describe()),
    )
    _headline(pdf, summary)
    chart_width, chart_height = 168.0, 72.0
    chart = fan_chart_png(summary, width=chart_width / MM_PER_INCH, height=chart_height / MM_PER_INCH)
    pdf.image(io.BytesIO(chart), x=at(MARGIN, chart_width), y=CHART_TOP, w=chart_width, h=chart_height)
    right = MARGIN + chart_width + 8
    funnel_widths = (39, 19, 19, 20)
    bottom = table(
        pdf,
        at(right, sum(funnel_widths)),
        CHART_TOP,
        # TRANSLATORS: a table's title; {period} is e.g. "by month 3" or "in Q3 (months 7-9)"
        _("Funnel {period}").format(period=summary.answer.target.period),
        [(_("Stage"), "P10", _("Median"), "P90"), *brief_text.funnel_rows(summary)],
        funnel_widths,
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
    label(pdf, at(MARGIN, 70), top, _("Chance to hit target"), width=70)
    pdf.set_font(FAMILY, "B", 34)
    pdf.set_xy(at(MARGIN, 70), top + 5)
    pdf.cell(70, 15, odds, align=start())
    pdf.set_font(FAMILY, "", 9)
    pdf.set_xy(at(MARGIN, 70), top + 21)
    fitted_cell(pdf, 70, 5, precision)
    verdict = summary.answer.verdict
    pdf.set_fill_color(*VERDICT_TINT[verdict])
    pdf.set_draw_color(*INK)
    pdf.set_font(FAMILY, "B", 20)
    pdf.set_xy(at(92, 60), top + 4)
    pdf.cell(60, 15, verdict.label, border=1, align="C", fill=True)
    pdf.set_font(FAMILY, "", 7.5)
    pdf.set_text_color(*MUTED)
    for line, band in enumerate(verdict_bands()):
        pdf.set_xy(at(87, 70), top + 20 + line * 3.5)
        pdf.cell(70, 3.5, band, align="C")
    pdf.set_text_color(*INK)
    for i, (name, value, meaning) in enumerate(brief_text.levels(summary)):
        left = at(164 + i * 41, 41)
        label(pdf, left, top, name, width=41)
        fitted(pdf, left, top + 6, 41, value, "B", 20)
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(left, top + 21)
        fitted_cell(pdf, 41, 5, meaning)
        pdf.set_text_color(*INK)


def _levers(pdf: FPDF, top: float, answer: WhatItWouldTake | None) -> None:
    """The three levers that move the odds most, and what each lever would need, under the chart."""
    width = 168.0
    if answer is None:
        label(pdf, at(MARGIN, width), top, _("What would it take?"), width=width)
        pdf.set_font(FAMILY, "", 10)
        pdf.set_xy(at(MARGIN, width), top + 6)
        pdf.multi_cell(
            width,
            5,
            _(
                "Not worked out for this brief: press Work it out on the simulator page, or use "
                "the command line's brief command (at-least targets and a ceiling on churn only)."
            ),
            align=start(),
        )
        return
    rows = brief_text.lever_rows(answer)
    bottom = table(
        pdf,
        at(MARGIN, width),
        top,
        _("The levers that move the odds most"),
        [(_("Lever"), _("Across its range"), _("Odds")), *rows],
        (52, 80, 36),
        size=9.5,
    )
    confidence = percent_text(answer.confidence)
    needs = brief_text.requirement_rows(answer)
    title = _("What it would take for {confidence}, one lever at a time").format(confidence=confidence)
    label(pdf, at(MARGIN, width), bottom + 2, title, width=width)
    pdf.set_font(FAMILY, "", 8.5)
    half = (len(needs) + 1) // 2  # two columns, so that eight levers fit
    for i, (lever, now, needed) in enumerate(needs):
        # Right to left, the first column is the right one.
        column = 1 - i // half if right_to_left() else i // half
        pdf.set_xy(at(MARGIN, width) + column * width / 2, bottom + 8 + (i % half) * 4.4)
        line = _("{lever}: {move}").format(lever=lever, move=brief_text.from_to(now, needed))
        fitted_cell(pdf, width / 2 - 2, 4.4, line)


def _inputs(pdf: FPDF, left: float, top: float, rows: list[tuple[str, str]]) -> None:
    """Each input's name and value side by side, both wrapping, from `left` (on a left-to-right page) to the right
    margin; what does not fit above the footer is counted."""
    width = PAGE_WIDTH - MARGIN - left
    left = at(left, width)
    label(pdf, left, top, _("Inputs (90% ranges)"), width=width)
    name_width = 46.0
    value_width = width - name_width
    bottom, y = PAGE_HEIGHT - 15, top + 6
    for shown, (name, value) in enumerate(rows):
        height = max(_lines(pdf, "B", name_width, name), _lines(pdf, "", value_width, value)) * INPUT_LINE
        if y + height > bottom - INPUT_LINE:  # room for this row and the line that says what is left out
            pdf.set_xy(left, y)
            pdf.set_font(FAMILY, "", INPUT_SIZE)
            left_out = len(rows) - shown
            more = ngettext(
                "… and {count} more in the scenario CSV", "… and {count} more in the scenario CSV", left_out
            ).format(count=number_text(left_out))
            pdf.cell(name_width + value_width, INPUT_LINE, more, align=start())
            return
        # Right to left, the name is the right column.
        name_x, value_x = (left + value_width, left) if right_to_left() else (left, left + name_width)
        for style, x, width, text in (("B", name_x, name_width, name), ("", value_x, value_width, value)):
            pdf.set_font(FAMILY, style, INPUT_SIZE)
            pdf.set_xy(x, y)
            pdf.multi_cell(width - 1, INPUT_LINE, text, align=start())
        y += height


def _lines(pdf: FPDF, style: str, width: float, text: str) -> int:
    """How many lines `text` takes in the inputs' type wrapped to `width`."""
    pdf.set_font(FAMILY, style, INPUT_SIZE)
    return len(pdf.multi_cell(width - 1, INPUT_LINE, text, align=start(), dry_run=True, output="LINES"))


def _footer(pdf: FPDF, scenario: Scenario, source: str, answer: WhatItWouldTake | None) -> None:
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, "", 8)
    confidence = None if answer is None else answer.confidence
    again = brief_text.command_line(scenario, source, brief=True, confidence=confidence)
    lines = (
        ngettext(
            "{trials} trial, seed {seed}. The numbers again: {command}",
            "{trials} trials, seed {seed}. The numbers again: {command}",
            scenario.trials,
        ).format(
            trials=number_text(scenario.trials),
            seed=scenario.seed,
            command=isolated(brief_text.command_line(scenario, source)),
        ),
        _("This brief again: {command}").format(command=isolated(again)),
    )
    for i, line in enumerate(lines):
        pdf.set_xy(MARGIN, PAGE_HEIGHT - 12.5 + i * 4)
        fitted_cell(pdf, PAGE_WIDTH - 2 * MARGIN, 4, line)
    pdf.set_text_color(*INK)
