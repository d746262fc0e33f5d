"""The Library page with many saved scenarios: it lists and manages them without simulating any, exports their
results only when asked, and says which ones are beyond the work budget instead of running them.

``python -m pytest tests/test_app_library.py -q -s`` prints the page's time per rerun with 150 saved scenarios.
"""

import time
from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

import ui.library_export
from simulator import InputError, Range, Scenario
from simulator.store import OnConflict, ScenarioLibrary
from tests.test_app import ROOT, TIMEOUT, open_page, start

SAVED = 150


def saved_library(tmp_path, monkeypatch, scenarios) -> None:
    """A library of its own holding `scenarios`, which the app opens."""
    url = f"sqlite:///{tmp_path / 'library.sqlite'}"
    ScenarioLibrary(url).import_scenarios(scenarios, OnConflict.KEEP_BOTH)
    monkeypatch.setenv("FUNNEL_LIBRARY_URL", url)


def many(count: int) -> list[Scenario]:
    """`count` distinct saved scenarios: each its own seed and traffic, so no two share a cached result."""
    return [
        replace(Scenario(), name=f"Plan {i:03d}", seed=1000 + i, traffic=Range(4000.0 + i, 6000.0 + i))
        for i in range(count)
    ]


@pytest.fixture
def simulations(monkeypatch):
    """Counts the scenarios the Library page simulates (its export's only way to simulate)."""
    ran = []
    real = ui.library_export.simulate

    def counted(scenario, **kwargs):
        ran.append(scenario.name)
        return real(scenario, **kwargs)

    monkeypatch.setattr(ui.library_export, "simulate", counted)
    return ran


def test_the_page_simulates_no_saved_scenario_on_a_rerun(tmp_path, monkeypatch, simulations):
    saved_library(tmp_path, monkeypatch, many(SAVED))
    at = start()  # the simulator page first, as a manager arrives
    started = time.perf_counter()
    at.switch_page("views/library.py").run()
    opened = time.perf_counter() - started
    assert not at.exception
    assert len(at.dataframe[0].value) == SAVED
    reruns = []
    for _ in range(3):
        started = time.perf_counter()
        at.run()
        reruns.append(time.perf_counter() - started)
    assert not at.exception
    assert simulations == []  # before: all 150 on every rerun (74-90 s a rerun on the shared 2-core machine)
    each = ", ".join(f"{t:.2f}" for t in reruns)
    print(f"\nLibrary page, {SAVED} saved: opened in {opened:.2f} s, reruns {each} s, none simulated")


def test_the_export_with_results_simulates_only_when_downloaded(tmp_path, monkeypatch, simulations):
    saved_library(tmp_path, monkeypatch, many(3))
    at = open_page("library")
    assert not at.exception
    assert simulations == []
    text = ui.library_export.csv_with_results(ScenarioLibrary(f"sqlite:///{tmp_path / 'library.sqlite'}").list())
    assert sorted(simulations) == ["Plan 000", "Plan 001", "Plan 002"]
    header = text.splitlines()[0].split(",")
    assert "hit_probability" in header
    assert "note" in header


def test_a_saved_scenario_beyond_the_work_budget_is_named_not_run(tmp_path, monkeypatch, simulations):
    huge = replace(Scenario(), name="Five million trials", trials=5_000_000, horizon_months=24)
    saved_library(tmp_path, monkeypatch, [huge, *many(2)])
    at = open_page("library")
    assert not at.exception
    assert simulations == []
    warning = " ".join(w.value for w in at.warning)
    assert "Five million trials" in warning
    assert "1,000,000" in warning  # what to lower it to
    # The file with results leaves it out; the file of inputs and notes has every scenario.
    saved = ScenarioLibrary(f"sqlite:///{tmp_path / 'library.sqlite'}").list()
    with_results = ui.library_export.csv_with_results(saved)
    assert "Five million trials" not in with_results
    assert sorted(simulations) == ["Plan 000", "Plan 001"]
    assert "Five million trials" in ui.library_export.csv_of_inputs(saved)


def test_renaming_still_reruns_the_page_through_the_router(tmp_path, monkeypatch):
    """The page's actions end in st.rerun, which app.py's error boundary must let through."""
    saved_library(tmp_path, monkeypatch, many(2))
    at = open_page("library")
    at.text_input(key="rename_Plan 000").set_value("Plan zero").run()
    at.button(key="rename").click().run()
    assert not at.exception
    assert not at.error
    assert "Plan zero" in list(at.dataframe[0].value["Name"])
    assert any("Renamed" in s.value for s in at.success)


def test_an_unexpected_error_on_a_page_is_a_plain_message_and_the_traceback_is_logged(monkeypatch, caplog):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/secret/path.py exploded")

    monkeypatch.setattr("ui.cache.comparison_of", broken)
    at.switch_page("views/compare.py").run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "Something went wrong on the Compare page" in shown
    assert "/srv/secret" not in shown
    assert any("/srv/secret/path.py exploded" in r.getMessage() or r.exc_info for r in caplog.records)
    # The other pages carry on in the same session.
    at.switch_page("views/library.py").run()
    assert not at.exception


def test_bad_input_a_page_lets_through_gets_the_models_sentence(monkeypatch):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()

    def refused(*args, **kwargs):
        raise InputError("trials", 5_000_000, "at most 1,000,000, this server's maximum (FUNNEL_MAX_TRIALS)")

    monkeypatch.setattr("ui.library.library_with_current", refused)
    at.switch_page("views/compare.py").run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error).replace("\\", "")
    assert "These inputs can't be simulated: trials = 5000000 is not allowed" in shown
    assert "Something went wrong" not in shown
