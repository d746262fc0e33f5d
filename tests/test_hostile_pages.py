"""The hostile corpus through the pages: every history file on the Calibrate page and every scenario file in the
simulator's sidebar gives the page's own reading or one plain message, never an exception; and a column mapping
applies only to the file it was made for."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_app import calibrate_page, current_scenario, start
from tests.test_hostile_files import HISTORY, HOSTILE, SCENARIOS, corpus, path_of  # noqa: F401 (fixture)

CLEAN = Path(__file__).parent / "fixtures" / "history" / "clean.csv"
ENTRY = {entry["file"]: entry for entry in HISTORY}


def upload_history(at: AppTest, path: Path) -> AppTest:
    return at.file_uploader(key="history_file").set_value((path.name, path.read_bytes(), "text/csv")).run()


def shown(elements) -> list[str]:
    """The text of messages as a reader sees it (the page escapes Markdown's special characters)."""
    return [element.value.replace("\\", "") for element in elements]


def test_a_column_mapping_applies_only_to_the_file_it_was_made_for():
    at = calibrate_page()
    upload_history(at, HOSTILE / "history" / "unknown_headers.csv")
    for figure, column in ENTRY["history/unknown_headers.csv"]["then"]["mapping"].items():
        at.selectbox(key=f"map_{figure}").set_value(column)
    at.button(key="apply_mapping").click().run()
    assert not at.exception
    assert any("No problems found in 3 months" in s for s in shown(at.success))
    upload_history(at, CLEAN)  # a standard file: its own headers, not the mapping's
    assert not at.exception
    assert not at.error
    assert any("No problems found in 3 months" in s for s in shown(at.success))
    at.file_uploader(key="history_file").clear().run()  # back to the sample
    assert not at.exception
    assert any("No problems found in 24 months" in s for s in shown(at.success))
    upload_history(at, HOSTILE / "history" / "unknown_headers.csv")  # the mapped file again: still mapped
    assert any("No problems found in 3 months" in s for s in shown(at.success))


def test_a_quoted_header_with_a_comma_is_one_choice_of_the_mapping():
    at = upload_history(calibrate_page(), HOSTILE / "history" / "quoted_header_with_comma.csv")
    assert not at.exception
    assert at.selectbox(key="map_month").options == ["", *ENTRY["history/quoted_header_with_comma.csv"]["header"]]
    at.selectbox(key="map_month").set_value("Period, month")
    at.button(key="apply_mapping").click().run()
    assert any("No problems found in 3 months" in s for s in shown(at.success))


def test_every_history_file_of_the_corpus_gives_a_reading_or_one_plain_message(corpus):  # noqa: F811
    at = calibrate_page()
    for entry in HISTORY:
        upload_history(at, path_of(entry, corpus))
        assert not at.exception, entry["file"]
        errors = shown(at.error)
        if entry["outcome"] == "error":
            assert len(errors) == 1, entry["file"]
            assert all(fragment in errors[0] for fragment in entry["message"]), (entry["file"], errors)
            continue
        assert not errors, (entry["file"], errors)
        report = shown(at.success) + shown(at.warning)
        count = len(entry.get("problems", []))
        assert any((f"{count} problem(s) found" if count else "No problems found") in s for s in report), entry
        notes = shown(at.info)
        assert all(any(note in s for s in notes) for note in entry["notes"]), (entry["file"], notes)


def test_a_long_history_backtests_its_latest_months_on_the_page(corpus):  # noqa: F811
    (entry,) = [e for e in HISTORY if "backtest_note" in e]
    at = upload_history(calibrate_page(), path_of(entry, corpus))
    at.button(key="run_backtest").click().run(timeout=300)
    assert not at.exception
    assert any(entry["backtest_note"] in c for c in shown(at.caption))
    assert {m.label for m in at.metric} >= {"Actuals inside P10–P90", "Brier score of the odds"}


@pytest.mark.parametrize("entry", SCENARIOS, ids=lambda entry: entry["file"])
def test_every_scenario_file_of_the_corpus_opens_or_gives_one_plain_message(entry, corpus):  # noqa: F811
    path = path_of(entry, corpus)
    at = start()
    before = current_scenario(at)
    at.file_uploader(key="upload").set_value((path.name, path.read_bytes(), "text/csv")).run()
    assert not at.exception
    errors = shown(at.error)
    if entry["outcome"] == "error":
        assert len(errors) == 1
        assert all(fragment in errors[0] for fragment in entry["message"]), errors
        assert current_scenario(at) == before  # nothing changed
    else:
        assert not errors
        assert current_scenario(at).name == entry["names"][0]  # spaces and all
