"""The languages the app speaks, and which way each is written."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """A language of the app.

    Attributes
    ----------
    code : str
        Its ISO 639-1 code: the catalogue's folder under ``simulator/i18n/locales`` and the share link's ``lang``.
    name : str
        Its name in itself, as the language picker lists it.
    locale : str
        The Babel (CLDR) locale whose number, money and date formats it uses.
    right_to_left : bool
        Written right to left: the page is mirrored and numbers are isolated left to right.
    """

    code: str
    name: str
    locale: str
    right_to_left: bool = False


#: The language the messages are written in; it has no catalogue.
SOURCE_LANGUAGE = "en"

#: Spanish and Russian use their CLDR root locale (Spain's and Russia's formats: 12.345,5 and 12 345,5);
#: Arabic uses ``ar`` with Latin digits (see :mod:`simulator.i18n.numbers` for why).
LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("en", "English", "en_US"),
        Language("es", "Español", "es"),
        Language("ru", "Русский", "ru"),
        Language("ar", "العربية", "ar", right_to_left=True),
    )
}


def language_of(tag: str | None) -> str:
    """The app's language for a browser's language tag (``"es-MX"``, ``"ar_SA"``), English when it has none.

    Examples
    --------
    >>> language_of("es-MX"), language_of("RU"), language_of("ar_SA"), language_of("fr-FR"), language_of(None)
    ('es', 'ru', 'ar', 'en', 'en')
    """
    code = (tag or "").replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else SOURCE_LANGUAGE
