"""The CSV dialects the app writes: the standard one, and the one a spreadsheet in the manager's language opens.

Spreadsheets set up for a language whose decimal mark is a comma (Spanish, Russian, most of Europe) split CSV
cells at ``;`` and read ``0,25`` as a number; those of the others (English, Arabic) split at ``,`` and read
``0.25``. So a file is written either standard (``,`` and ``.``) or with decimal commas (``;`` and ``,``), never
with thousands separators, and text cells are formula-safe in both (:func:`~simulator.files.cells.safe_text`).

The readers are never told which: a header split at ``;`` into more columns than at ``,`` makes a ``;`` file
(:func:`~simulator.files.text.sniff_delimiter`), and in a ``;`` file a comma is the decimal mark.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale

from simulator.files.text import sniff_delimiter
from simulator.i18n import language


@dataclass(frozen=True)
class Dialect:
    """How a CSV file separates its cells and writes its decimals.

    Attributes
    ----------
    separator : str
        Between cells: ``","`` or ``";"``.
    decimal_mark : str
        In numbers: ``"."`` with ``","`` cells, ``","`` with ``";"`` cells (the one mark cannot be both).
    """

    separator: str = ","
    decimal_mark: str = "."

    def __post_init__(self) -> None:
        if (self.separator, self.decimal_mark) not in ((",", "."), (";", ",")):
            raise ValueError(f"no such dialect: {self.separator!r} and {self.decimal_mark!r}")


#: Cells split at ``,``, decimals with ``.``: the file every program reads.
STANDARD = Dialect(",", ".")
#: Cells split at ``;``, decimals with ``,``: what spreadsheets in Spanish, Russian, German or French open.
DECIMAL_COMMA = Dialect(";", ",")


def local_dialect(locale: str | Locale | None = None) -> Dialect:
    """The dialect of a spreadsheet in `locale`: :data:`DECIMAL_COMMA` where it writes decimals with a comma.

    Parameters
    ----------
    locale : str or babel.Locale, optional
        A Babel locale (``"es"``, ``"ru"``, ``"en_US"``); by default the one of the run's language.

    Examples
    --------
    >>> [local_dialect(code).separator for code in ("es", "ru", "en_US", "ar")]
    [';', ';', ',', ',']
    >>> local_dialect() == STANDARD  # the run is in English
    True
    """
    chosen = Locale.parse(locale or language().locale)
    # Latin digits, as the app writes numbers in every language (Arabic included).
    return DECIMAL_COMMA if chosen.number_symbols["latn"]["decimal"] == "," else STANDARD


def dialect_of(separator: str) -> Dialect:
    """The dialect whose cells `separator` splits: ``";"`` means decimal commas.

    Raises
    ------
    ValueError
        When `separator` is neither ``","`` nor ``";"``.
    """
    for dialect in (STANDARD, DECIMAL_COMMA):
        if dialect.separator == separator:
            return dialect
    raise ValueError(f"{separator=} must be ',' or ';'")


def detect_dialect(text: str) -> Dialect:
    """The dialect `text` is written in, as the readers tell it (a ``;`` file has decimal commas).

    Examples
    --------
    >>> detect_dialect("scenario;revenue_usd\\r\\nQ3, optimistic;1234,5\\r\\n") == DECIMAL_COMMA
    True
    >>> detect_dialect("scenario,revenue_usd\\r\\n\\"Q3; optimistic\\",1234.5\\r\\n") == STANDARD
    True
    """
    return DECIMAL_COMMA if sniff_delimiter(text) == ";" else STANDARD
