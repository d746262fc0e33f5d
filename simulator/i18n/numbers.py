"""Numbers, percentages, money and dates written in the language of the run, with Babel's (CLDR's) formats.

Spanish writes 12.345,5, Russian 12 345,5, English and Arabic 12,345.5. Arabic is written with Latin digits, as
Babel writes it by default and as CLDR's Arabic locales of the Gulf and the Maghreb do: the chart axes (Plotly) and
the CSV files a manager opens next to the page are in Latin digits, and one set of digits lets the eye go from a
metric to the axis without converting.

In right-to-left text a number is wrapped in Unicode's left-to-right isolate (U+2066 ... U+2069), so "+10%" and
"-$1,200" keep their signs where they belong. The wrapping is for the screen and the brief, never for files:
:func:`parse_number` and the CSV writers never see it.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from unicodedata import bidirectional

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_compact_currency, format_decimal, get_currency_symbol

from simulator.i18n.translation import currency, language

LEFT_TO_RIGHT_ISOLATE, POP_ISOLATE = "\u2066", "\u2069"


def locale() -> Locale:
    """The Babel locale of this run's language."""
    return Locale.parse(language().locale)


def isolated(text: str) -> str:
    """`text` kept left to right inside right-to-left text (unchanged in a left-to-right language).

    Only text with no right-to-left letters is isolated: "+10%" and "-$1,200" would flip, while an amount in
    riyals or a date with an Arabic month ("1,200 ر.س.", "9 فبراير 2026") reads in the page's own direction, with
    the marks CLDR's patterns put in it.
    """
    if not language().right_to_left or any(bidirectional(c) in ("R", "AL") for c in text):
        return text
    return f"{LEFT_TO_RIGHT_ISOLATE}{text}{POP_ISOLATE}"


def _not_negative(value: float) -> bool:
    """Zero and above, as Python's ``+`` format signs them: +0 is signed, -0.0 is not."""
    return value > 0 or (value == 0 and math.copysign(1, value) > 0)


def _pattern(digits: int, suffix: str = "") -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "") + suffix


def number_text(value: float, digits: int = 0, *, signed: bool = False) -> str:
    """`value` with the locale's separators and `digits` decimals; ``signed`` writes ``+`` before zero and above.

    Examples
    --------
    >>> from simulator.i18n.translation import using
    >>> number_text(12345.5, 1), number_text(3, signed=True)
    ('12,345.5', '+3')
    >>> with using("es"):
    ...     number_text(1234.5, 1)
    '1.234,5'
    >>> with using("ru"):
    ...     number_text(1234.5, 1)
    '1\\xa0234,5'
    """
    text = format_decimal(value, _pattern(digits), locale=locale())
    return isolated(f"+{text}" if signed and _not_negative(value) else text)


def percent_text(share: float, digits: int = 0, *, signed: bool = False) -> str:
    """A share (0.253) in percent with `digits` decimals (``"25.3%"``; Spanish and Russian ``"25,3 %"``).

    Examples
    --------
    >>> from simulator.i18n.translation import using
    >>> percent_text(0.253, 1), percent_text(0.1, signed=True)
    ('25.3%', '+10%')
    >>> with using("es"):
    ...     percent_text(0.253, 1)
    '25,3\\xa0%'
    """
    text = format_decimal(share * 100, _pattern(digits), locale=locale()) + _percent_sign()
    return isolated(f"+{text}" if signed and _not_negative(share) else text)


def _percent_sign() -> str:
    """The percent sign as the locale's percent pattern places it (with a space in Spanish and Russian)."""
    pattern = locale().percent_formats[None].pattern.split(";")[0]
    return "\xa0%" if "\xa0%" in pattern or " %" in pattern else "%"


#: The most significant digits a number is written with where it is quoted as given (an input, a threshold).
SIGNIFICANT_DIGITS = 10


def significant_decimals(value: float) -> int:
    """The decimals `value` shows with :data:`SIGNIFICANT_DIGITS` significant digits, trailing zeros dropped.

    >>> [significant_decimals(value) for value in (1234.5, 30.0, 0.125, 2e-5)]
    [1, 0, 3, 5]
    """
    text = f"{value:.{SIGNIFICANT_DIGITS}g}"
    if "e" in text:  # far from 1: as many decimals as the exponent asks, still ten digits at most
        mantissa, exponent = text.split("e")
        return max(len(mantissa.partition(".")[2]) - int(exponent), 0)
    return len(text.partition(".")[2])


def currency_symbol() -> str:
    """The run's currency as the locale writes it (``"$"``, ``"€"``, ``"SAR"``)."""
    return get_currency_symbol(currency(), locale=locale())


def currency_affixes() -> tuple[str, str]:
    """What goes before and after an amount of the run's currency: ``("$", "")`` in English, ``("", " €")`` in
    Spanish, for chart axes (their ``tickprefix`` and ``ticksuffix``).

    Examples
    --------
    >>> from simulator.i18n.translation import using
    >>> currency_affixes()
    ('$', '')
    >>> with using("es", "EUR"):
    ...     currency_affixes()
    ('', '\\xa0€')
    """
    pattern = (
        locale().currency_formats["standard"].pattern.split(";")[0].replace("\u200f", "").replace("\u200e", "")
    )
    before, _number, after = re.split(r"([#0,.]+)", pattern, maxsplit=1)
    symbol = currency_symbol()
    return before.replace("¤", symbol), after.replace("¤", symbol)


def money_text(value: float, digits: int = 0, *, signed: bool = False) -> str:
    """An amount of the run's currency with `digits` decimals, whole units by default (``"$253,501"``,
    ``"-$1,200"``, ``"253.501 €"``; ``"$1.23"`` with two).

    Examples
    --------
    >>> from simulator.i18n.translation import using
    >>> money_text(253_501.4), money_text(-1200), money_text(500, signed=True), money_text(1.234, 2)
    ('$253,501', '-$1,200', '+$500', '$1.23')
    >>> with using("ru", "RUB"):
    ...     money_text(253_501.4)
    '253\\xa0501\\xa0₽'
    """
    before, after = currency_affixes()
    sign = "-" if value < 0 else ("+" if signed and _not_negative(value) else "")
    return isolated(f"{sign}{before}{format_decimal(abs(value), _pattern(digits), locale=locale())}{after}")


def short_money_text(value: float) -> str:
    """An amount in three significant figures, for a headline a room reads from afar (``"$1.23M"``, ``"$845K"``).

    Examples
    --------
    >>> from simulator.i18n.translation import using
    >>> short_money_text(1_234_567), short_money_text(845_210), short_money_text(-9_870), short_money_text(512)
    ('$1.23M', '$845K', '-$9.87K', '$512')
    >>> with using("es", "EUR"):
    ...     short_money_text(1_234_567)
    '1,23\\xa0M\\xa0€'
    """
    amount = abs(value)
    if amount < 999.5:
        return money_text(value)
    # Three significant figures of the shortened amount: 1.23M, 84.5K, 845K (999,999 is 1.00M, not 1000K).
    leading = math.floor(math.log10(amount)) % 3
    if round(amount, 2 - math.floor(math.log10(amount))) >= 10 ** (math.floor(math.log10(amount)) + 1):
        leading = (leading + 1) % 3
    text = format_compact_currency(amount, currency(), locale=locale(), fraction_digits=2 - leading)
    return isolated(("-" if value < 0 else "") + text)


def date_text(day: date, *, with_year: bool = True) -> str:
    """A day as the locale writes it short: ``"9 Feb 2026"``, ``"9 feb 2026"``, ``"9 февр. 2026"``.

    Examples
    --------
    >>> from simulator.i18n.translation import using
    >>> date_text(date(2026, 2, 9)), date_text(date(2026, 2, 9), with_year=False)
    ('9 Feb 2026', '9 Feb')
    """
    return isolated(format_date(day, "d MMM y" if with_year else "d MMM", locale=locale()))


def month_text(day: date) -> str:
    """A month and year as the locale writes them (``"Feb 2026"``, ``"feb 2026"``)."""
    return isolated(format_date(day, "LLL y", locale=locale()))


_SPACES = re.compile(r"[\s\u00a0\u202f\u2066-\u2069\u200e\u200f']")


def parse_number(text: str) -> float:
    """A number typed in the run's language, or in English: ``"1.234,5"`` and ``"1234.5"`` in Spanish.

    The last ``,`` or ``.`` is the decimal mark when the other mark also appears, when it is the locale's decimal
    mark, or when it is not followed by exactly three digits; a lone mark the locale does not use for decimals,
    followed by exactly three digits, groups thousands. Spaces (and the Russian no-break space) group thousands.

    Raises
    ------
    ValueError
        When `text` is not a number.

    Examples
    --------
    >>> from simulator.i18n.translation import using
    >>> parse_number("1,234.5"), parse_number("0.25"), parse_number("1,5")
    (1234.5, 0.25, 1.5)
    >>> with using("es"):
    ...     parse_number("1.234,5"), parse_number("0,25"), parse_number("0.25"), parse_number("1.234")
    (1234.5, 0.25, 0.25, 1234.0)
    >>> with using("ru"):
    ...     parse_number("1 234,5"), parse_number("-3,5")
    (1234.5, -3.5)
    >>> parse_number("nan")
    Traceback (most recent call last):
    ValueError: not a number: 'nan'
    """
    cleaned = _SPACES.sub("", str(text)).replace("\u2212", "-")
    decimal_mark = locale().number_symbols["latn"]["decimal"]
    marks = [i for i, c in enumerate(cleaned) if c in ",."]
    if marks:
        last = cleaned[marks[-1]]
        digits_after = len(cleaned) - marks[-1] - 1
        is_decimal = len({cleaned[i] for i in marks}) == 2 or (
            len(marks) == 1 and (last == decimal_mark or digits_after != 3)
        )
        grouped = cleaned[: marks[-1]] if is_decimal else cleaned
        if any(len(group) != 3 for group in re.split(r"[,.]", grouped)[1:]):  # "1,2,3" groups nothing
            raise ValueError(f"not a number: {text!r}")
        whole = re.sub(r"[,.]", "", cleaned[: marks[-1]])
        cleaned = f"{whole}.{cleaned[marks[-1] + 1 :]}" if is_decimal else re.sub(r"[,.]", "", cleaned)
    try:
        number = float(Decimal(cleaned))
    except InvalidOperation:
        number = math.nan
    if not math.isfinite(number):  # "nan", "inf" and 1e400 (beyond a float) are not numbers anyone plans with
        raise ValueError(f"not a number: {text!r}")
    return number
