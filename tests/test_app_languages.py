"""Every page in each language, through AppTest: no exception, the page's words from the catalogue (no English
message left where a translation exists), numbers in the language's format, the currency chosen, the language
and currency kept in the link."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from simulator.i18n import LANGUAGES, _, using
from simulator.i18n.catalogues import read_catalogue, translated_languages
from tests.test_app import ROOT, TIMEOUT, start

PAGES = ["simulator_page", "goal_breakdown", "calibrate", "weekly_review", "compare", "library"]


def shown_texts(at: AppTest) -> list[str]:
    """Every string of every element on the page (labels, values, help, options, markdown)."""
    texts = []

    def strings(message) -> None:
        for field, value in message.ListFields():
            if field.type == field.TYPE_STRING:
                texts.extend(value if field.label == field.LABEL_REPEATED else [value])
            elif field.type == field.TYPE_MESSAGE:
                for item in value if field.label == field.LABEL_REPEATED else [value]:
                    strings(item)

    def walk(node) -> None:
        if getattr(node, "proto", None) is not None:
            strings(node.proto)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return texts


def english_left(texts: list[str], code: str) -> list[str]:
    """Messages of three words or more shown in English where `code`'s catalogue has another translation."""
    catalogue = read_catalogue(code)
    english = {
        entry.id
        for entry in catalogue
        if isinstance(entry.id, str)
        and entry.string
        and entry.string != entry.id
        and len(entry.id.split()) >= 3
        and "{" not in entry.id
    }
    return sorted({message for message in english for text in texts if message in text})


def opened(view: str, code: str, **query) -> AppTest:
    """A page in the language `code`. AppTest calls a selectbox's ``format_func`` in the test's thread to find
    its choice among the shown options, so the test runs the app in the page's language too."""
    with using(code):
        at = start(lang=code, **query)
        if view != "simulator_page":
            at.switch_page(f"views/{view}.py").run()
    return at


@pytest.mark.parametrize("code", list(LANGUAGES))
@pytest.mark.parametrize("view", PAGES)
def test_every_page_opens_in_every_language_in_its_words(view, code):
    at = opened(view, code)
    assert not at.exception, at.exception
    assert not [e.value for e in at.error], [e.value for e in at.error]
    if code != "en":
        assert english_left(shown_texts(at), code) == []


@pytest.mark.parametrize("code", translated_languages())
def test_the_simulator_page_is_in_the_language_and_its_number_format(code):
    at = opened("simulator_page", code)
    with using(code):
        odds_label = _("Chance to hit target")
    assert odds_label != "Chance to hit target"
    odds = next(m.value for m in at.metric if m.label == odds_label)
    assert re.fullmatch(r"\u2066?\d+([.,]\d)?(\xa0)?%\u2069?", odds), odds
    assert at.query_params["lang"] == [code]


def test_a_currency_from_the_link_writes_every_amount_in_it():
    at = opened("simulator_page", "es", currency="EUR")
    money = [m.value for m in at.metric if "€" in m.value or "$" in m.value]
    assert money
    assert all("€" in value and "$" not in value for value in money), money
    assert at.query_params["currency"] == ["EUR"]


def test_the_picker_changes_the_language_and_the_link_keeps_it():
    at = start()
    with using("ru"):
        at.selectbox(key="language_picker").set_value("ru").run()
        assert not at.exception
        assert any(m.label == _("Chance to hit target") for m in at.metric)
        assert at.query_params["lang"] == ["ru"]
        at.switch_page("views/compare.py").run()
    assert at.selectbox(key="language_picker").value == "ru"


@pytest.mark.parametrize(
    ("lang", "currency", "language_used"), [("xx", "USD", "en"), ("es", "ZZZ", "es"), ("<b>", "EUR'", "en")]
)
def test_a_link_with_a_language_or_currency_the_app_lacks_says_so_and_carries_on(lang, currency, language_used):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"], at.query_params["currency"] = lang, currency
    at.run().run()
    assert not at.exception
    assert at.session_state["language"] == language_used
    assert at.session_state["currency"] == "USD"
    assert at.toast, "the link's bad value is not said"
