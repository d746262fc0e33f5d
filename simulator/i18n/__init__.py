"""The app's languages: the translation layer (gettext catalogues through Babel) and the locale's formats.

Everything a manager reads goes through here: ``_``, ``ngettext`` and ``N_`` for words
(:mod:`~simulator.i18n.translation`), ``number_text``, ``percent_text``, ``money_text`` and ``date_text`` for
numbers (:mod:`~simulator.i18n.numbers`).
"""

from simulator.i18n.languages import LANGUAGES, SOURCE_LANGUAGE, Language, language_of
from simulator.i18n.numbers import (
    currency_affixes,
    currency_symbol,
    date_text,
    isolated,
    money_text,
    month_text,
    number_text,
    parse_number,
    percent_text,
    short_money_text,
    significant_decimals,
)
from simulator.i18n.translation import (
    N_,
    _,
    currency,
    language,
    listed,
    ngettext,
    pgettext,
    set_currency,
    set_language,
    using,
)

__all__ = [
    "LANGUAGES",
    "N_",
    "SOURCE_LANGUAGE",
    "Language",
    "_",
    "currency",
    "currency_affixes",
    "currency_symbol",
    "date_text",
    "isolated",
    "language",
    "language_of",
    "listed",
    "money_text",
    "month_text",
    "ngettext",
    "number_text",
    "parse_number",
    "percent_text",
    "pgettext",
    "set_currency",
    "set_language",
    "short_money_text",
    "significant_decimals",
    "using",
]
