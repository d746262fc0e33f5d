"""Every page in each language, through AppTest: no exception, the page's words from the catalogue (no English
message left where a translation exists), numbers in the language's format, the currency chosen, the language
and currency kept in the link."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from simulator.files.scenario_csv import read_scenarios
from simulator.i18n import LANGUAGES, _, number_text, using
from simulator.i18n.catalogues import read_catalogue, translated_languages
from tests.test_app import ROOT, TIMEOUT, start

PAGES = ["simulator_page", "goal_breakdown", "calibrate", "weekly_review", "compare", "library"]


def shown_texts(at: AppTest) -> list[str]:
    """Every string of every element on the page (labels, values, help, options, markdown)."""
    texts = []

    def values(data) -> list[str]:
        """The values, never the keys, of a JSON document: a table's column keys are English by design."""
        if isinstance(data, dict):
            return [text for item in data.values() for text in values(item)]
        if isinstance(data, list):
            return [text for item in data for text in values(item)]
        return [data] if isinstance(data, str) else []

    def add(text: str) -> None:
        if text.startswith("$$ID-"):  # a widget's id, made of its key
            return
        if text[:1] in "{[":
            try:
                texts.extend(values(json.loads(text)))
                return
            except ValueError:
                pass
        texts.append(text)

    def strings(message) -> None:
        for field, value in message.ListFields():
            if field.type == field.TYPE_STRING:
                for text in value if field.is_repeated else [value]:
                    add(text)
            elif field.type == field.TYPE_MESSAGE:
                for item in value if field.is_repeated else [value]:
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
    assert at.query_params["lang"] == code


def test_a_currency_from_the_link_writes_every_amount_in_it():
    at = opened("simulator_page", "es", currency="EUR")
    texts = shown_texts(at)
    assert any("€" in text for text in texts)
    names = {scenario.name for scenario in read_scenarios((ROOT / "sample_data" / "scenarios.csv").read_bytes())}
    assert not [
        text for text in texts if "$" in text and "$$ID" not in text and not any(name in text for name in names)
    ]
    assert "€" in at.slider(key="deal_size").label
    assert at.query_params["currency"] == "EUR"


def test_the_picker_changes_the_language_and_the_link_keeps_it():
    at = start()
    # The run that picks the language sends the other widgets' values as the English page showed them.
    at.selectbox(key="language_picker").set_value("ru").run()
    assert not at.exception
    with using("ru"):
        assert any(m.label == _("Chance to hit target") for m in at.metric)
        assert at.query_params["lang"] == "ru"
        at.switch_page("views/compare.py").run()
    assert at.selectbox(key="language_picker").value == "ru"


@pytest.mark.parametrize(
    ("lang", "currency", "language_used"), [("xx", "USD", "en"), ("es", "ZZZ", "es"), ("<b>", "EUR'", "en")]
)
def test_a_link_with_a_language_or_currency_the_app_lacks_says_so_and_carries_on(lang, currency, language_used):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"], at.query_params["currency"] = lang, currency
    at.run()
    assert not at.exception
    assert len(at.toast) == (lang not in LANGUAGES) + (currency.upper() not in ("USD", "EUR")), "not said"
    assert at.session_state["language"] == language_used
    assert at.session_state["currency"] == "USD"


@pytest.mark.parametrize(("code", "typed", "read"), [("es", "2,5", 2.5), ("ru", "2,5", 2.5), ("es", "2.5", 2.5)])
def test_a_decimal_is_typed_with_the_languages_mark(code, typed, read):
    at = opened("simulator_page", code)
    with using(code):
        at.text_input(key="sales_cycle_months__typed").set_value(typed).run()
    assert not at.exception
    assert at.session_state["sales_cycle_months"] == read
    with using(code):
        assert at.text_input(key="sales_cycle_months__typed").value == number_text(read, 1)


@pytest.mark.parametrize("typed", ["abc", "2,5 meses", ""])
def test_a_typed_value_that_is_not_a_number_is_said_and_the_last_good_one_kept(typed):
    at = opened("simulator_page", "es")
    before = at.session_state["sales_cycle_months"]
    with using("es"):
        at.text_input(key="sales_cycle_months__typed").set_value(typed).run()
        said = _("{typed} is not a number. Type it as {example}.").split("{typed}")[1].split("{example}")[0]
    assert not at.exception
    assert at.session_state["sales_cycle_months"] == before
    assert any(said.strip() in caption.value for caption in at.caption), [c.value for c in at.caption]


def test_english_keeps_the_number_inputs_steppers():
    at = opened("simulator_page", "en")
    assert at.number_input(key="sales_cycle_months").value == at.session_state["sales_cycle_months"]


@pytest.mark.parametrize("view", ["simulator_page", "goal_breakdown", "calibrate", "weekly_review", "compare"])
def test_an_answer_cached_in_spanish_is_not_shown_to_the_next_english_session(view):
    opened(view, "es")  # the caches are the server's, shared by every session
    english = shown_texts(opened(view, "en"))
    spanish = {
        entry.string
        for entry in read_catalogue("es")
        if isinstance(entry.id, str)
        and entry.string != entry.id
        and len(entry.string.split()) >= 2
        and "{" not in entry.string
    }
    assert sorted({words for words in spanish for text in english if words in text}) == []


def test_a_value_typed_in_one_language_is_kept_through_a_change_of_language():
    at = start()
    at.number_input(key="sales_cycle_months").set_value(2.5).run()
    at.selectbox(key="language_picker").set_value("es").run()
    with using("es"):
        assert at.text_input(key="sales_cycle_months__typed").value == "2,5"
        at.text_input(key="sales_cycle_months__typed").set_value("3,5").run()
        at.selectbox(key="language_picker").set_value("en").run()
    assert not at.exception
    assert at.number_input(key="sales_cycle_months").value == 3.5
