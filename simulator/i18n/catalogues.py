"""The messages of the code as Babel extracts them, and the state of each language's catalogue against them.

``make catalogues`` extracts and updates the ``.po`` files with Babel's command line (``pybabel``); the tests use
these functions to fail on a message the code has and a catalogue lacks or leaves untranslated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

from simulator.i18n.languages import LANGUAGES, SOURCE_LANGUAGE
from simulator.i18n.translation import catalogue_path

#: What is extracted, from the project's root: the app's entry point, its pages and widgets, and the simulator.
SOURCES = ("app.py", "views", "ui", "simulator")
#: A ``{name}`` placeholder of ``str.format``.
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z_0-9]*(?:![rsa])?(?::[^{}]*)?\}")


def source_files(root: Path) -> list[Path]:
    """The Python files messages are extracted from."""
    files = []
    for source in SOURCES:
        path = root / source
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def extracted_messages(root: Path) -> dict[tuple[str | tuple[str, ...], str | None], list[str]]:
    """Every message of the code: ``(msgid, context)`` (a plural's msgid is its two English forms) to the places
    it comes from."""
    messages: dict[tuple[str | tuple[str, ...], str | None], list[str]] = {}
    for path in source_files(root):
        for line, message, _comments, context in extract_from_file(
            "python", str(path), keywords=DEFAULT_KEYWORDS, comment_tags=("TRANSLATORS:",)
        ):
            key = (tuple(message) if isinstance(message, (list, tuple)) else message, context)
            if key[0]:
                messages.setdefault(key, []).append(f"{path.relative_to(root)}:{line}")
    return messages


def read_catalogue(code: str) -> Catalog:
    """The catalogue of the language `code`, as Babel reads it."""
    with catalogue_path(code).open("rb") as po:
        return read_po(po, locale=LANGUAGES[code].locale)


@dataclass(frozen=True)
class CatalogueGaps:
    """What a language's catalogue lacks or gets wrong, against the code's messages."""

    missing: list[str]
    untranslated: list[str]
    placeholders: list[str]
    obsolete: list[str]

    def __bool__(self) -> bool:
        return bool(self.missing or self.untranslated or self.placeholders or self.obsolete)


def catalogue_gaps(code: str, messages: dict) -> CatalogueGaps:
    """Messages missing from `code`'s catalogue, left empty or fuzzy, with other placeholders than the English,
    and entries the code no longer has."""
    catalogue = read_catalogue(code)
    missing, untranslated, placeholders = [], [], []
    for (msgid, context), places in messages.items():
        entry = catalogue.get(msgid, context=context)
        shown = f"{msgid!r} ({places[0]})"
        if entry is None:
            missing.append(shown)
            continue
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(forms) or (isinstance(msgid, tuple) and len(forms) != catalogue.num_plurals):
            untranslated.append(shown)
            continue
        english = set(PLACEHOLDER.findall(" ".join(msgid) if isinstance(msgid, tuple) else msgid))
        for form in forms:
            found = set(PLACEHOLDER.findall(form))
            # A plural form may leave out the count ("one deal", Arabic's dual), never add a name.
            if found - english or (not isinstance(msgid, tuple) and found != english):
                placeholders.append(f"{shown}: {sorted(found)} for {sorted(english)}")
    wanted = set(messages)
    obsolete = [repr(entry.id) for entry in catalogue if entry.id and (entry.id, entry.context) not in wanted]
    return CatalogueGaps(missing, untranslated, placeholders, obsolete)


def translated_languages() -> list[str]:
    """The languages that have a catalogue (all but the source language)."""
    return [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
