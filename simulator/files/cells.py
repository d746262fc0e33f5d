"""How values are written to and read from spreadsheet cells: formula-safe text, numbers as people type them."""

from __future__ import annotations

import math
import re

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text that no spreadsheet will run as a formula: a risky first character gets a leading ``'``.

    Examples
    --------
    >>> safe_text("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> safe_text("Q3 plan")
    'Q3 plan'
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def unsafe_text(text: str) -> str:
    """Undo :func:`safe_text` on import, so names round-trip exactly."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def cell_text(value: object, delimiter: str = ",") -> str:
    """How `value` is written in a cell: text made formula-safe, floats in full precision."""
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""  # e.g. CAC when no trial won a deal: there is no number to give
        text = repr(value)  # shortest text that reads back to the same float
    else:
        text = str(value)
    return text.replace(".", ",") if delimiter == ";" else text


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_DOT_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+")  # never 0.035


def parse_number(text: str, *, delimiter: str = ",", percent: bool = False) -> float:
    """A number as people type it in spreadsheets.

    Accepts a decimal comma (``0,03``; with ``;`` files any comma is decimal),
    thousands separators (``5,000`` in comma files, spaces), and with
    ``percent=True`` a trailing ``%`` (``3%`` is 0.03).

    Raises
    ------
    ValueError
        When the text is not a number.

    Examples
    --------
    >>> parse_number("3%", percent=True)
    0.03
    >>> parse_number("0,035", delimiter=";")
    0.035
    >>> parse_number("5,000")
    5000.0
    >>> parse_number("4.000", delimiter=";"), parse_number("0.035", delimiter=";")
    (4000.0, 0.035)
    """
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    is_percent = percent and cleaned.endswith("%")
    cleaned = cleaned.removesuffix("%") if is_percent else cleaned
    if "," in cleaned:
        if "." in cleaned and cleaned.rfind(",") < cleaned.rfind("."):
            cleaned = cleaned.replace(",", "")  # 1,234.5
        elif "." in cleaned:
            cleaned = cleaned.replace(".", "").replace(",", ".")  # 1.234,5
        elif delimiter == "," and _THOUSANDS.fullmatch(cleaned):
            cleaned = cleaned.replace(",", "")  # 5,000
        else:
            cleaned = cleaned.replace(",", ".")  # 0,03
    elif delimiter == ";" and _DOT_THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")  # 4.000 in a ';' file: thousands, as European spreadsheets write
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(text)
    value = float(cleaned)
    return value / 100 if is_percent else value
