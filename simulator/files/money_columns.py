"""Money columns in any currency: the ``usd`` unit of a column's name written as the file's currency, and back.

The app names its money columns with the unit ``usd`` (``deal_size_low_usd``, ``revenue_usd``): these are the
canonical names, which the model, the links and the column reference use. A file is written in one currency, its
ISO 4217 code in lower case in place of ``usd`` (``deal_size_low_eur``), and read in any: a column whose name has
a currency code (any case) where a known column has ``usd`` is that column. Amounts are never converted, so every
money column of one file must be in the same currency.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from babel.numbers import list_currencies

from simulator.i18n import _

#: The unit of money in a canonical column's name, one of its ``_``-separated words.
CANONICAL_UNIT = "usd"
#: The currency whose code the canonical money columns carry.
CANONICAL_CURRENCY = CANONICAL_UNIT.upper()


class MixedCurrencyError(ValueError):
    """A file whose money columns are in different currencies; the message is for the user, as is."""


@lru_cache(maxsize=1)
def _currency_codes() -> frozenset[str]:
    return frozenset(list_currencies())


def is_currency_code(word: str) -> bool:
    """Whether `word` is an ISO 4217 code Babel knows, in any case.

    Examples
    --------
    >>> is_currency_code("eur"), is_currency_code("SAR"), is_currency_code("xyz"), is_currency_code("euro")
    (True, True, False, False)
    """
    return len(word) == 3 and word.isascii() and word.upper() in _currency_codes()


def has_money_unit(column: str) -> bool:
    """Whether the canonical `column` is a money column: its name has the unit ``usd``."""
    return CANONICAL_UNIT in column.split("_")


def money_column(column: str, currency: str) -> str:
    """The header of the canonical `column` in a file in `currency`: ``usd`` as the code in lower case.

    Parameters
    ----------
    column : str
        A canonical column name; one without the unit ``usd`` is returned as it is.
    currency : str
        An ISO 4217 code, in any case.

    Raises
    ------
    ValueError
        When `currency` is not an ISO 4217 code.

    Examples
    --------
    >>> money_column("marketing_spend_usd_per_month", "EUR"), money_column("revenue_usd", "USD")
    ('marketing_spend_eur_per_month', 'revenue_usd')
    >>> money_column("win_rate_low", "SAR")
    'win_rate_low'
    """
    if not is_currency_code(currency):
        raise ValueError(f"not an ISO 4217 currency code: {currency!r}")
    return "_".join(currency.lower() if word == CANONICAL_UNIT else word for word in column.split("_"))


def money_header(header: Iterable[str], currency: str) -> list[str]:
    """Every column of `header` as :func:`money_column` writes it in `currency`."""
    return [money_column(column, currency) for column in header]


def canonical_header(
    header: Sequence[str], known: Callable[[str], bool] = has_money_unit
) -> tuple[list[str], str | None]:
    """The canonical name of each column of `header`, and the one currency its money columns are in.

    Parameters
    ----------
    header : sequence of str
        A file's column names, as written.
    known : callable
        Whether a canonical name is one of the file's money columns: a column is renamed only into one of them,
        so an unknown column (``deal_size_low_xyz``, ``notes_eur``) keeps its name and is treated as unknown.

    Returns
    -------
    columns : list of str
        In header order; a money column with its currency as ``usd``, the others as written.
    currency : str or None
        The ISO 4217 code (upper case) of the money columns; None without money columns.

    Raises
    ------
    MixedCurrencyError
        When two money columns are in different currencies; the message names them.

    Examples
    --------
    >>> canonical_header(["name", "deal_size_low_EUR", "revenue_xyz"])
    (['name', 'deal_size_low_usd', 'revenue_xyz'], 'EUR')
    """
    columns, first = [], None
    for name in header:
        found = _money_column(name, known)
        if found is None:
            columns.append(name)
            continue
        canonical, currency = found
        if first is None:
            first = (name, currency)
        elif currency != first[1]:
            raise MixedCurrencyError(
                # TRANSLATORS: {column} and {other} are column names ('deal_size_low_usd');
                # {currency} and {other_currency} are ISO currency codes (USD, EUR).
                _(
                    "Columns {column} and {other} are in different currencies ({currency} and {other_currency}): "
                    "every money column of a file must be in the same currency, as amounts are not converted."
                ).format(column=repr(first[0]), other=repr(name), currency=first[1], other_currency=currency)
            )
        columns.append(canonical)
    return columns, first[1] if first else None


def file_currency(header: Sequence[str], known: Callable[[str], bool] = has_money_unit) -> str | None:
    """The ISO 4217 code (upper case) of the money columns of `header`; None without any.

    Raises
    ------
    MixedCurrencyError
        When two money columns are in different currencies.

    Examples
    --------
    >>> file_currency(["name", "deal_size_low_sar", "deal_size_high_sar"]), file_currency(["name"])
    ('SAR', None)
    """
    return canonical_header(header, known)[1]


def _money_column(name: str, known: Callable[[str], bool]) -> tuple[str, str] | None:
    """The canonical money column `name` stands for and its currency, when a word of it is a currency code."""
    words = name.split("_")
    for index, word in enumerate(words):
        if is_currency_code(word):
            canonical = "_".join([*words[:index], CANONICAL_UNIT, *words[index + 1 :]])
            if known(canonical):
                return canonical, word.upper()
    return None
