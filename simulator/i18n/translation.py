"""The one translation layer: gettext catalogues read with Babel, and the language and currency of the run.

Messages are written in English in the code and marked for extraction: ``_("Deal size")`` translates now,
``N_("Deal size")`` only marks a module-level constant that is translated where it is shown (``_(LABEL)``), and
``ngettext(singular, plural, n)`` picks the language's plural form (Russian has three, Arabic six). Placeholders
are named, ``_("{deals} deals").format(deals=...)``, so a translation can put them in its own order.

The catalogues are ``locales/<code>/LC_MESSAGES/messages.po``. They are compiled with Babel when first used, in
memory, so there is no build step and no compiled file to go stale.

The language and the currency are context variables: a page sets them at the start of each run, and everything
it calls, :mod:`simulator` included, writes in them. A run that has not set them (a fragment's run alone, or a
widget's callback, which Streamlit runs before the page's first line) finds them where the app said to look
(:func:`follow_session`): the user's session.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from simulator.i18n.languages import LANGUAGES, SOURCE_LANGUAGE, Language

#: Where the catalogues are: ``<code>/LC_MESSAGES/messages.po`` for each language but English.
LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"
#: The currency when none is chosen.
DEFAULT_CURRENCY = "USD"

_language: ContextVar[str | None] = ContextVar("language", default=None)
_currency: ContextVar[str | None] = ContextVar("currency", default=None)
#: Where a run that has set neither finds its language and currency: a function returning them, or None where
#: there is no session (see :func:`follow_session`).
_session_locale: Callable[[], tuple[str, str] | None] | None = None


def follow_session(session_locale: Callable[[], tuple[str, str] | None]) -> None:
    """Take the language and currency of a run that has not set them from `session_locale` (the app's session:
    the language code and currency code, or None outside a session)."""
    global _session_locale
    _session_locale = session_locale


def _run_locale() -> tuple[str, str]:
    """This run's language and currency: set in the run, else the session's, else English and dollars."""
    code, money = _language.get(), _currency.get()
    if (code is None or money is None) and _session_locale is not None and (session := _session_locale()):
        code, money = code or session[0], money or session[1]
    return code or SOURCE_LANGUAGE, money or DEFAULT_CURRENCY


def catalogue_path(code: str) -> Path:
    """The ``.po`` file of the language `code`."""
    return LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def translations(code: str) -> gettext.NullTranslations:
    """The compiled catalogue of `code` (English: the messages as written). Fuzzy entries are left out."""
    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with catalogue_path(code).open("rb") as po:
        catalogue = read_po(po, locale=LANGUAGES[code].locale, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def language() -> Language:
    """The language of this run."""
    return LANGUAGES[_run_locale()[0]]


def currency() -> str:
    """The ISO 4217 code of this run's currency (``"USD"``, ``"EUR"``, ``"SAR"``)."""
    return _run_locale()[1]


def set_language(code: str) -> None:
    """Write in `code` (a key of :data:`~simulator.i18n.languages.LANGUAGES`) from now on in this context."""
    if code not in LANGUAGES:
        raise ValueError(f"no such language: {code!r}")
    _language.set(code)


def set_currency(code: str) -> None:
    """Write money in the currency `code` (an ISO 4217 code, checked by the caller) from now on in this context."""
    _currency.set(code)


@contextmanager
def using(code: str | None = None, currency_code: str | None = None) -> Iterator[None]:
    """Write in the language `code` and the currency `currency_code` inside the block (``None`` keeps the current).

    Examples
    --------
    >>> with using("es", "EUR"):
    ...     language().code, currency()
    ('es', 'EUR')
    >>> language().code, currency()
    ('en', 'USD')
    """
    tokens = []
    if code is not None:
        if code not in LANGUAGES:
            raise ValueError(f"no such language: {code!r}")
        tokens.append((_language, _language.set(code)))
    if currency_code is not None:
        tokens.append((_currency, _currency.set(currency_code)))
    try:
        yield
    finally:
        for variable, token in reversed(tokens):
            variable.reset(token)


def _(message: str) -> str:
    """`message` in this run's language (as written when the catalogue lacks it)."""
    return translations(_run_locale()[0]).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` in this run's language (English: `singular` for 1, else `plural`)."""
    return translations(_run_locale()[0]).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in this run's language where the same English words need different translations by `context`."""
    return translations(_run_locale()[0]).pgettext(context, message)


def listed(items: Iterable[str]) -> str:
    """`items` written as a list in this run's language (``"leads, won"``; Arabic uses its own comma)."""
    # TRANSLATORS: the separator between the items of a list, as in "leads, won" (Arabic: "، ").
    return _(", ").join(items)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it: for constants translated where they are shown."""
    return message
