"""The currencies a manager can plan in: every ISO 4217 currency legal tender somewhere today."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel import Locale
from babel.numbers import get_currency_name, get_territory_currencies

#: Listed first, in this order: the currencies of the app's users named in the product brief.
COMMON_CURRENCIES = ("USD", "EUR", "GBP", "RUB", "SAR", "AED", "EGP", "MXN")


@lru_cache(maxsize=1)
def current_currencies() -> tuple[str, ...]:
    """ISO codes of the currencies in use today: :data:`COMMON_CURRENCIES` first, then the rest alphabetically.

    Examples
    --------
    >>> codes = current_currencies()
    >>> codes[:3], "SAR" in codes, "DEM" in codes  # the Deutsche Mark is history
    (('USD', 'EUR', 'GBP'), True, False)
    """
    today = date.today()
    in_use = {
        code
        for territory in Locale("en").territories
        for code in get_territory_currencies(territory, start_date=today, tender=True)
    }
    return COMMON_CURRENCIES + tuple(sorted(in_use - set(COMMON_CURRENCIES)))


def currency_choice(code: str, locale: str) -> str:
    """A currency as a picker lists it: ``"EUR · euro"`` in the language of `locale`."""
    return f"{code} · {get_currency_name(code, locale=locale)}"
