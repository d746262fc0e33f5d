"""The one-page briefs in each language: the words, verdict and odds of the language, the currency chosen, one
page; and a brief cached in one language is not handed to another."""

from datetime import date

import pytest

import ui.cache
from simulator.analysis.summaries import summarize
from simulator.engine.funnel import simulate
from simulator.files.scenario_csv import read_scenarios
from simulator.i18n import _, money_text, using
from simulator.report.brief import scenario_brief
from simulator.report.formats import odds_text
from tests.test_brief import SAMPLE, one_line, page_text

SCENARIO = read_scenarios(SAMPLE)[0]
MADE = date(2026, 1, 5)


@pytest.fixture(scope="module")
def summary():
    return summarize(simulate(SCENARIO))


@pytest.mark.parametrize(("code", "currency"), [("es", "EUR"), ("ru", "RUB"), ("en", "GBP")])
def test_a_brief_is_written_in_the_language_and_currency_of_the_run(summary, code, currency):
    with using(code, currency):
        brief = scenario_brief(SCENARIO, summary=summary, made=MADE, dpi=72)
        pages, _size, text = page_text(brief.pdf)
        expected = [
            _("Chance to hit target"),
            summary.answer.verdict.label,
            odds_text(summary.answer.probability),
            SCENARIO.target.describe(),
            money_text(SCENARIO.marketing_spend),
        ]
    assert pages == 1
    for words in expected:
        assert one_line(words) in one_line(text), words


def test_arabic_brief_is_one_page_and_differs_from_the_english(summary):
    with using("ar", "SAR"):
        arabic = scenario_brief(SCENARIO, summary=summary, made=MADE, dpi=72)
    english = scenario_brief(SCENARIO, summary=summary, made=MADE, dpi=72)
    assert page_text(arabic.pdf)[0] == 1
    assert arabic.pdf != english.pdf


def test_the_cached_brief_is_kept_once_per_language():
    with using("es", "EUR"):
        spanish = ui.cache.scenario_brief_of(SCENARIO, None, MADE)
    english = ui.cache.scenario_brief_of(SCENARIO, None, MADE)
    with using("es", "EUR"):
        assert ui.cache.scenario_brief_of(SCENARIO, None, MADE).pdf == spanish.pdf  # the cached one
    assert spanish.pdf != english.pdf
