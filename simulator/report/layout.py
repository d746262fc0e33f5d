"""What every brief's page is made of: an A4 landscape PDF in DejaVu Sans, titled labels, tables and lines of
text that shrink to fit their width.

In a right-to-left language (Arabic) every page is shaped and mirrored: a block placed at ``at(left, width)`` is as
far from the right edge as it would be from the left, text is aligned to the right of its box and a table's columns
run from right to left.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, time

from fpdf import FPDF

from simulator.i18n import isolated, language
from simulator.report.fonts import BOLD, FAMILY, REGULAR

MM_PER_INCH = 25.4
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 297.0, 210.0, 12.0  # A4 landscape, in mm
INK, MUTED = (17, 24, 39), (75, 85, 99)


def needs_shaping(*texts: str) -> bool:
    """Whether any of `texts` is written right to left or joins its letters (Arabic, Hebrew), so that the page
    must be shaped to be read.

    Examples
    --------
    >>> needs_shaping("Q1 plan", "План"), needs_shaping("Q1 plan", "خطة الربع")
    (False, True)
    """
    return any(unicodedata.bidirectional(c) in ("R", "AL") for text in texts for c in text)


def right_to_left() -> bool:
    """Whether the page is written in a right-to-left language (the run's language)."""
    return language().right_to_left


def start() -> str:
    """Where a line of text starts: ``"L"``, or ``"R"`` in a right-to-left language."""
    return "R" if right_to_left() else "L"


def at(left: float, width: float) -> float:
    """Where a block `width` wide placed at `left` on a left-to-right page goes: there, or mirrored right to left.

    Examples
    --------
    >>> at(12.0, 100.0)
    12.0
    """
    return PAGE_WIDTH - left - width if right_to_left() else left


def mirrored(align: str) -> str:
    """`align` as a right-to-left page reads it: left and right swapped (centred and justified unchanged)."""
    return {"L": "R", "R": "L"}.get(align, align) if right_to_left() else align


def new_page(title: str, made: date, *, shaped: bool = False) -> FPDF:
    """A one-page A4 landscape PDF with the brief's fonts, dated `made` (the same brief, the same bytes).

    `shaped` lays text out with HarfBuzz (letters joined, right-to-left runs in reading order): an Arabic name
    written without it is a row of separate letters backwards. It costs about 0.4 s a page, so it is on only for
    pages that need it (:func:`needs_shaping`), and always in a right-to-left language, where the whole page is.
    """
    shaped = shaped or right_to_left()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font(FAMILY, "", REGULAR)
    pdf.add_font(FAMILY, "B", BOLD)
    pdf.set_title(title)
    pdf.set_creation_date(datetime.combine(made, time(), tzinfo=UTC))
    if shaped:
        pdf.set_text_shaping(True)
    pdf.add_page()
    return pdf


def heading(pdf: FPDF, kind: str, made: date, title: str, subtitle: str) -> None:
    """The date top right, a large title and the sentence under it."""
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, "", 10)
    pdf.set_xy(MARGIN, 8)
    pdf.cell(PAGE_WIDTH - 2 * MARGIN, 6, f"{kind} · {isolated(made.isoformat())}", align=mirrored("R"))
    pdf.set_text_color(*INK)
    # Clear of the date, which is on the left right to left.
    fitted(pdf, MARGIN + (45 if right_to_left() else 0), 10, PAGE_WIDTH - 2 * MARGIN - 45, title, "B", 22)
    fitted(pdf, MARGIN, 21, PAGE_WIDTH - 2 * MARGIN, subtitle, "B", 15)


def table(pdf: FPDF, left: float, top: float, title: str, rows: list, widths: tuple, *, size: float) -> float:
    """A titled table, its header row in bold and numbers to the right; returns where it ends.

    Right to left, the first column is on the right and the numbers to the left of theirs.
    """
    label(pdf, left, top, title, width=sum(widths))
    height = size * 0.55
    backwards = right_to_left()
    for r, row in enumerate(rows):
        pdf.set_font(FAMILY, "B" if r == 0 else "", size)
        pdf.set_xy(left, top + 6 + r * height)
        cells = list(enumerate(zip(row, widths, strict=True)))
        for c, (text, width) in reversed(cells) if backwards else cells:
            fitted_cell(pdf, width, height, text, align="L" if c == 0 else "R")
    return top + 6 + len(rows) * height


def label(pdf: FPDF, left: float, top: float, text: str, *, width: float | None = None) -> None:
    """A block's title in bold grey at (`left`, `top`); right to left, at the right of `width` (or of itself)."""
    pdf.set_font(FAMILY, "B", 10)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(left, top)
    if right_to_left():
        pdf.cell(width or pdf.get_string_width(text) + 1, 5, text, align="R")
    else:
        pdf.cell(0, 5, text)
    pdf.set_text_color(*INK)


def fitted(pdf: FPDF, left: float, top: float, width: float, text: str, style: str, size: float) -> None:
    """One line of text at `size` points, or smaller (down to half) to fit `width`."""
    pdf.set_font(FAMILY, style, size)
    pdf.set_xy(left, top)
    fitted_cell(pdf, width, size * 0.45, text, smallest=size / 2)


def fitted_cell(pdf, width, height, text, *, align="L", smallest=6.0) -> None:
    """A cell whose text shrinks to fit its width, down to `smallest` points, then is cut short with "…"; `align`
    as a left-to-right page has it (:func:`mirrored` right to left)."""
    size = pdf.font_size_pt
    while pdf.get_string_width(text) > width - 1 and pdf.font_size_pt > smallest:
        pdf.set_font_size(pdf.font_size_pt - 0.5)
    while pdf.get_string_width(text) > width - 1 and len(text) > 1:
        text = text[:-2] + "…"
    pdf.cell(width, height, text, align=mirrored(align))
    pdf.set_font_size(size)
