"""How values are written to and read from spreadsheet cells: formula-safe text, numbers as people type them."""

from __future__ import annotations

import math
import re
import unicodedata

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text that no spreadsheet will run as a formula: a risky start gets a leading ``'``.

    A start is risky when, past any spaces (which some spreadsheets trim on import) and past ``'`` prefixes, it
    is one of ``= + - @``, a tab or a carriage return. :func:`unsafe_text` undoes it exactly, so a name such as
    ``"  =SUM"`` keeps its spaces through export and import.

    Examples
    --------
    >>> safe_text("=HYPERLINK(1)"), safe_text("  @risk"), safe_text("Q3 plan")
    ("'=HYPERLINK(1)", "'  @risk", 'Q3 plan')
    >>> all(unsafe_text(safe_text(t)) == t for t in ("=1", "'=1", "''=1", "  -1", "'quoted'", "plain"))
    True
    """
    return "'" + text if _starts_formula(text) else text


def unsafe_text(text: str) -> str:
    """Undo :func:`safe_text` on import, so names round-trip exactly."""
    return text[1:] if text.startswith("'") and _starts_formula(text[1:]) else text


def _starts_formula(text: str) -> bool:
    unquoted = text.lstrip("'")
    return unquoted.startswith(_FORMULA_STARTS) or unquoted.lstrip().startswith(_FORMULA_STARTS)


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


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", re.ASCII)
_DOT_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+", re.ASCII)  # never 0.035
#: Arabic-Indic and Eastern Arabic-Indic (Persian, Urdu) digits, and the Arabic percent sign, as ASCII.
_WESTERN = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9\u066a",
    "01234567890123456789%",
)
ARABIC_DECIMAL = "\u066b"  # ٫
ARABIC_THOUSANDS = "\u066c"  # ٬
#: Every currency symbol of Unicode's basic plane ($ € £ ₽ ¥ ₹ ...).
_SYMBOLS = re.escape("".join(c for c in map(chr, range(0x10000)) if unicodedata.category(c) == "Sc"))
#: An amount with a currency before or after it: a symbol, a code (``USD``) or both (``US$``, ``R$``).
_CURRENCY = re.compile(rf"([+-]?)(?:[A-Z]{{3}}|[A-Z]{{0,2}}[{_SYMBOLS}])?(.+?)(?:[A-Z]{{3}}|[{_SYMBOLS}])?")


def parse_number(text: str, *, delimiter: str = ",", percent: bool = False, currency: bool = False) -> float:
    """A number as people type it in spreadsheets.

    Accepts a decimal comma (``0,03``; with ``;`` files any comma is decimal),
    thousands separators (``5,000`` in comma, tab and ``|`` files; spaces),
    Arabic digits and separators (``٤٫٥``, ``١٬٢٣٤``, ``۱۲``), and with
    ``percent=True`` a trailing ``%`` or ``٪`` (``3%`` is 0.03), with ``currency=True`` a currency symbol or
    code (see :func:`read_number`).

    Only a ``;`` file says its spreadsheet writes decimal commas: there
    ``4.000`` is four thousand and ``5,000`` is five. A tab-separated file
    says nothing (spreadsheets of every language export tabs), so it is read
    like a comma file: ``5,000`` is five thousand, while ``0,5`` and
    ``48000,5`` (no groups of three) are still decimal commas.

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
    >>> parse_number("5,000"), parse_number("5,000", delimiter="\t")
    (5000.0, 5000.0)
    >>> parse_number("4.000", delimiter=";"), parse_number("0.035", delimiter=";")
    (4000.0, 0.035)
    >>> parse_number("٤٨٠٠٠٫٥"), parse_number("١٬٢٣٤"), parse_number("۱۲٪", percent=True)
    (48000.5, 1234.0, 0.12)
    """
    return read_number(text, delimiter=delimiter, percent=percent, currency=currency)[0]


def read_number(
    text: str, *, delimiter: str = ",", percent: bool = False, currency: bool = False
) -> tuple[float, str | None]:
    """:func:`parse_number`, and the decimal mark the text was read with (None for a whole number).

    With ``currency=True`` an amount may carry a currency symbol or an ISO code before or after it (``$52,000.00``,
    ``52.000 €``, ``USD 52,000``, ``US$ 52,000``), as money columns of CRM exports do.

    Examples
    --------
    >>> read_number("1.234,5", delimiter=";"), read_number("٣٫٥"), read_number("5,000")
    ((1234.5, ','), (3.5, '٫'), (5000.0, None))
    >>> [read_number(t, delimiter=";", currency=True)[0] for t in ("$52,000.00", "52.000 €", "USD 52.000", "-£5")]
    [52000.0, 52000.0, 52000.0, -5.0]
    """
    cleaned = text.translate(_WESTERN).replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    if currency and (match := _CURRENCY.fullmatch(cleaned)):
        cleaned = match[1] + match[2]
    is_percent = percent and cleaned.endswith("%")
    cleaned = cleaned.removesuffix("%") if is_percent else cleaned
    mark = None
    if ARABIC_DECIMAL in cleaned:
        # Unambiguous: any comma or Arabic comma beside it groups thousands; a '.' as well is not a number.
        cleaned = cleaned.replace(ARABIC_THOUSANDS, "").replace(",", "").replace(ARABIC_DECIMAL, ".")
        mark = ARABIC_DECIMAL
    else:
        cleaned = cleaned.replace(ARABIC_THOUSANDS, "")
        if "," in cleaned:
            if "." in cleaned and cleaned.rfind(",") < cleaned.rfind("."):
                cleaned, mark = cleaned.replace(",", ""), "."  # 1,234.5
            elif "." in cleaned:
                cleaned, mark = cleaned.replace(".", "").replace(",", "."), ","  # 1.234,5
            elif delimiter != ";" and _THOUSANDS.fullmatch(cleaned):
                cleaned = cleaned.replace(",", "")  # 5,000
            else:
                cleaned, mark = cleaned.replace(",", "."), ","  # 0,03
        elif delimiter == ";" and _DOT_THOUSANDS.fullmatch(cleaned):
            cleaned = cleaned.replace(".", "")  # 4.000 in a ';' file: thousands, as European spreadsheets write
        elif "." in cleaned:
            mark = "."
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(text)
    value = float(cleaned)
    return (value / 100 if is_percent else value), mark
