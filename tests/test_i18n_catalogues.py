"""Every message of the code is in every language's catalogue, translated, with the English placeholders: no
silent English in the Spanish app."""

from pathlib import Path

import pytest

from simulator.i18n import LANGUAGES, _, ngettext, using
from simulator.i18n.catalogues import catalogue_gaps, extracted_messages, read_catalogue, translated_languages

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def messages():
    return extracted_messages(ROOT)


def test_the_code_has_messages_to_translate(messages):
    assert len(messages) > 500  # the extraction sees the pages, the widgets and the simulator's messages


@pytest.mark.parametrize("code", translated_languages())
def test_the_catalogue_translates_every_message_of_the_code(code, messages):
    gaps = catalogue_gaps(code, messages)
    assert not gaps.missing, (
        f"{len(gaps.missing)} messages missing from {code}: run `make catalogues`\n" + "\n".join(gaps.missing[:40])
    )
    assert not gaps.untranslated, f"{len(gaps.untranslated)} untranslated in {code}:\n" + "\n".join(
        gaps.untranslated[:40]
    )
    assert not gaps.placeholders, "\n".join(gaps.placeholders[:40])
    assert not gaps.obsolete, f"entries the code no longer has (run `make catalogues`): {gaps.obsolete[:20]}"


# Spanish has a third form in CLDR 42+: "1 millón de negocios" (a round million takes "de").
@pytest.mark.parametrize(("code", "forms"), [("es", 3), ("ru", 3), ("ar", 6)])
def test_each_catalogue_has_its_languages_plural_forms(code, forms):
    catalogue = read_catalogue(code)
    assert catalogue.num_plurals == forms
    plurals = [entry for entry in catalogue if isinstance(entry.id, tuple)]
    assert plurals, f"{code} has no plural messages"
    assert all(len(entry.string) == forms and all(entry.string) for entry in plurals)


def test_every_language_of_the_app_has_a_catalogue():
    assert set(translated_languages()) == set(LANGUAGES) - {"en"} == {"es", "ru", "ar"}


@pytest.mark.parametrize(
    ("code", "count", "form"),
    # Russian: 1, 21 -> one; 2-4, 22 -> few; 5-20, 25 -> many. Arabic: 0, 1, 2, 3-10, 11-99, 100+ (CLDR).
    [
        *[("ru", 1, 0), ("ru", 21, 0), ("ru", 3, 1), ("ru", 22, 1), ("ru", 5, 2), ("ru", 11, 2), ("ru", 25, 2)],
        *[("ar", 0, 0), ("ar", 1, 1), ("ar", 2, 2), ("ar", 7, 3), ("ar", 11, 4), ("ar", 100, 5)],
    ],
)
def test_a_count_takes_the_plural_form_of_its_language(code, count, form):
    catalogue = read_catalogue(code)
    entry = next(entry for entry in catalogue if isinstance(entry.id, tuple) and len(set(entry.string)) > 2)
    singular, plural = entry.id
    with using(code):
        assert ngettext(singular, plural, count) == entry.string[form]


def test_english_is_the_code_as_written_and_other_languages_translate():
    with using("en"):
        assert _("Language") == "Language"
    for code in translated_languages():
        with using(code):
            assert _("Language") not in ("", "Language")
