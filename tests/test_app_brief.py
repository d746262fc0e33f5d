"""The briefs on the pages: offered beside the other downloads, made only when asked for, from the summary and
comparison the pages have cached."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import simulator.report.brief
import simulator.report.comparison_brief
import simulator.report.review_brief
import ui.cache
from simulator.analysis.targets import evaluate
from simulator.engine.funnel import simulate
from simulator.report.formats import odds_text
from tests.test_app import current_scenario, start
from tests.test_app_weekly_review import review_page, sample_review
from tests.test_brief import one_line, page_text

ROOT = Path(__file__).parent.parent


def spy_on_briefs(monkeypatch) -> list[str]:
    made = []
    for module, name in (
        (simulator.report.brief, "scenario_brief"),
        (simulator.report.comparison_brief, "comparison_brief"),
    ):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real, name=name, **k: made.append(name) or real(*a, **k))
    return made


def test_the_simulator_page_offers_the_brief_and_makes_it_only_when_asked(monkeypatch):
    made = spy_on_briefs(monkeypatch)
    at = start()
    assert not at.exception
    labels = [button.label for button in at.get("download_button")]
    assert {"One-page brief (PDF)", "One-page brief (PNG)"} <= set(labels)
    assert made == []  # drawing the page made no brief
    scenario = current_scenario(at)
    brief = ui.cache.scenario_brief_of(scenario, 0.8, date(2026, 1, 5))
    again = ui.cache.scenario_brief_of(scenario, 0.8, date(2026, 1, 5))  # the second click: from the cache
    assert made == ["scenario_brief"]
    assert again.pdf == brief.pdf
    pages, _, text = page_text(brief.pdf)
    answer = evaluate(simulate(scenario))  # the odds the page shows, simulated again here
    assert pages == 1
    assert odds_text(answer.probability) in text
    assert answer.verdict.value in text
    assert one_line(scenario.target.describe()) in one_line(text)
    assert "What it would take for 80%" in text


def test_the_compare_page_offers_the_comparison_brief(monkeypatch):
    made = spy_on_briefs(monkeypatch)
    at = start().switch_page("views/compare.py").run()
    assert not at.exception
    labels = [button.label for button in at.get("download_button")]
    assert {"Comparison brief (PDF)", "Comparison brief (PNG)"} <= set(labels)
    assert made == []


def test_the_weekly_review_offers_its_brief_made_from_the_cached_answers(monkeypatch):
    made = spy_on_briefs(monkeypatch)
    real = simulator.report.review_brief.review_brief
    monkeypatch.setattr(
        simulator.report.review_brief, "review_brief", lambda *a, **k: made.append("review_brief") or real(*a, **k)
    )
    at = review_page()
    assert not at.exception
    labels = [button.label for button in at.get("download_button")]
    assert {"One-page brief of the review (PDF)", "One-page brief of the review (PNG)"} <= set(labels)
    assert made == []
    review = sample_review()
    path = ((0.0, 0.0), (4.0, 2.0), (39.0, 19.0))
    brief = ui.cache.review_brief_of(review, 0.8, (), (), path, "Q1: 33 deals", date(2026, 2, 9))
    assert made == ["review_brief"]
    answers = ui.cache.review_answers_of(review, 0.8, (), ())
    pages, _, text = page_text(brief.pdf)
    assert pages == 1
    assert "Q1: 33 deals" in text
    assert odds_text(answers.odds) in text
    assert answers.verdict.value in text


def test_the_pages_load_no_chart_or_pdf_library_until_a_brief_is_made():
    # In a fresh interpreter: this one has made briefs already.
    pages = ("ui.cache", "ui.brief_buttons", "ui.review_answers")
    modules = ", ".join([*pages, "simulator.report.formats", "simulator.report.review_text"])
    code = f"import sys, {modules}; print(sorted({{'matplotlib', 'fpdf', 'pypdfium2'}} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "[]"
