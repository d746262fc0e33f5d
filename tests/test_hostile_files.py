"""The hostile corpus through the library and the command line: each file parsed right, or one clear message.

Every history file also goes through ``python -m simulator calibrate`` and every scenario file through
``python -m simulator run``, as a user would run them: exit 0 with what the library reads, or exit 2 with one line.

The corpus is ``tests/fixtures/hostile/``: small files committed, binary and large ones made by its
``generate.py``, and ``manifest.json`` saying what each must give (the months and values read, the problems and
notes expected, or the fragments of its one message). The page's side is ``tests/test_hostile_pages.py``.
"""

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import Scenario
from simulator.files.cells import safe_text, unsafe_text
from simulator.files.scenario_csv import ScenarioFileError, read_scenarios, write_scenarios
from simulator.history import HistoryError, backtest, fit, judge, read_history
from simulator.history.backtest import MAX_PERIODS
from simulator.history.fitted_table import FITTED_LABELS
from tests.fixtures.hostile import generate

ROOT = Path(__file__).parent.parent
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
MANIFEST = json.loads((HOSTILE / "manifest.json").read_text(encoding="utf-8"))
HISTORY = [entry for entry in MANIFEST if entry["file"].startswith("history/")]
SCENARIOS = [entry for entry in MANIFEST if entry["file"].startswith("scenario/")]


def name_of(entry: dict) -> str:
    return entry["file"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A folder with the generated files; the committed ones are read where they are."""
    folder = tmp_path_factory.mktemp("hostile")
    generate.write(folder)
    return folder


def path_of(entry: dict, corpus: Path) -> Path:
    return (corpus if entry.get("generated") else HOSTILE) / entry["file"]


def test_the_corpus_has_every_case_and_every_file_an_expected_outcome():
    assert len(MANIFEST) >= 40
    listed = {entry["file"] for entry in MANIFEST}
    assert len(listed) == len(MANIFEST)
    folders = [HOSTILE / "history", HOSTILE / "scenario"]
    committed = {f"{p.parent.name}/{p.name}" for folder in folders for p in folder.iterdir()}
    generated = {entry["file"] for entry in MANIFEST if entry.get("generated")}
    assert committed | generated == listed
    assert set(generate.GENERATORS) == generated
    assert not committed & generated
    assert all(entry["outcome"] in ("parsed", "error") and entry["case"] for entry in MANIFEST)


def check_history(history, expected: dict) -> None:
    """The months, values, problems and detection the manifest gives for a file that reads."""
    if "months" in expected:
        assert [str(m) for m in history.data["month"]] == expected["months"]
    for figure, values in expected.get("values", {}).items():
        read = [None if math.isnan(v) else v for v in history.data[figure]]
        assert read == values, figure
    problems = [str(p) for p in history.problems]
    assert len(problems) == len(expected.get("problems", [])), problems
    for problem, fragment in zip(problems, expected.get("problems", []), strict=True):
        assert fragment in problem
    assert expected.get("detected", "") in history.detected()


def one_clear_line(message: str, fragments: list[str]) -> None:
    assert "\n" not in message
    assert "Traceback" not in message
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize("entry", HISTORY, ids=name_of)
def test_every_history_file_reads_right_or_gives_one_clear_message(entry, corpus):
    path = path_of(entry, corpus)
    if entry["outcome"] == "error":
        with pytest.raises(HistoryError) as caught:
            read_history(path)
        one_clear_line(str(caught.value), entry["message"])
        if "header" in entry:  # the page offers the file's own columns, quoted commas and all
            assert list(caught.value.header) == entry["header"]
            check_history(read_history(path, entry["then"]["mapping"]), entry["then"])
        return
    history = read_history(path)
    check_history(history, entry)
    if "months_count" in entry:
        assert len(history.data) == entry["months_count"]
    fitted = fit(history)
    assert len(fitted.notes) == len(entry["notes"]), fitted.notes
    for note, fragment in zip(fitted.notes, entry["notes"], strict=True):
        assert fragment in note
    assert set(entry.get("fitted", [])) <= set(fitted.ranges)
    fitted.apply(Scenario())  # every fitted value is one the model accepts: no InputError
    assert judge(history, "won", 30, 1).sentence


@pytest.mark.parametrize("entry", [e for e in HISTORY if "backtest_note" in e], ids=name_of)
def test_a_long_history_backtests_its_latest_periods_only(entry, corpus):
    history = read_history(path_of(entry, corpus))
    result = backtest(history, Scenario(), trials=200)
    assert len(result.forecasts) == MAX_PERIODS  # not one per month: 60,000 months took 16 minutes before the cap
    assert result.forecasts["period"].iloc[-1] == str(history.data["month"].iloc[-1])  # the latest, not the first
    assert entry["backtest_note"] in result.note


def test_a_short_history_backtests_without_a_note():
    history = read_history(ROOT / "sample_data" / "history.csv")
    assert backtest(history, Scenario(), trials=200).note is None


@pytest.mark.parametrize("entry", SCENARIOS, ids=name_of)
def test_every_scenario_file_reads_right_or_gives_one_clear_message(entry, corpus):
    path = path_of(entry, corpus)
    if entry["outcome"] == "error":
        with pytest.raises(ScenarioFileError) as caught:
            read_scenarios(path)
        one_clear_line(str(caught.value), entry["message"])
        return
    scenarios = read_scenarios(path)
    assert [s.name for s in scenarios] == entry["names"]
    if "deal_size_low" in entry:
        assert scenarios[0].deal_size.low == entry["deal_size_low"]


def run_command_line(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("entry", SCENARIOS, ids=name_of)
def test_the_command_line_runs_each_scenario_file_or_exits_2_with_one_line(entry, corpus, tmp_path):
    done = run_command_line("run", path_of(entry, corpus), "--trials", 200, "--out", tmp_path)
    if entry["outcome"] == "error":
        assert done.returncode == 2, done.stderr
        (line,) = done.stderr.splitlines()
        one_clear_line(line, entry["message"])
    else:
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert [s.name for s in read_scenarios(tmp_path / "summary.csv")] == entry["names"]


def section(lines: list[str], start: str, end: str | None = None) -> list[str]:
    """The indented lines after the line that starts with `start`, up to the next line that is not indented."""
    first = next((i for i, line in enumerate(lines) if line.startswith(start)), None)
    if first is None:
        return []
    rest = lines[first + 1 :]
    return [
        line.strip() for line in rest[: next((i for i, line in enumerate(rest) if line[:1] != " "), len(rest))]
    ]


def check_report(report: str, expected: dict) -> None:
    """What calibrate printed: the detection, months, problems (each naming its row and column) and notes."""
    lines = report.splitlines()
    assert expected.get("detected", "") in lines[0]
    if "months" in expected:
        months = expected["months"]
        assert lines[1] == f"Months {months[0]} to {months[-1]}, {len(months)} rows."
    if "months_count" in expected:
        assert lines[1].endswith(f", {expected['months_count']:,} rows.")
    fragments = expected.get("problems", [])
    problems = section(lines, f"{len(fragments)} problem(s) found") if fragments else []
    assert fragments or any(line.startswith("No problems found") for line in lines), lines
    assert len(problems) == len(fragments), problems
    for problem, fragment in zip(problems, fragments, strict=True):
        assert problem.startswith(fragment), (problem, fragment)
    notes = section(lines, "Notes:")
    assert len(notes) == len(expected.get("notes", [])), notes
    for note, fragment in zip(notes, expected.get("notes", []), strict=True):
        assert fragment in note
    table = section(lines, "Fitted 90% ranges")
    for name in expected.get("fitted", []):
        assert any(row.startswith(FITTED_LABELS[name]) for row in table), (name, table)


@pytest.mark.parametrize("entry", HISTORY, ids=name_of)
def test_the_command_line_calibrates_each_history_file_or_exits_2_with_one_line(entry, corpus, tmp_path):
    path, out = path_of(entry, corpus), tmp_path / "calibrated.csv"
    done = run_command_line("calibrate", path, "--out", out)
    if entry["outcome"] == "error":
        assert done.returncode == 2, done.stderr
        (line,) = done.stderr.splitlines()
        one_clear_line(line, entry["message"] + entry.get("command_line_message", []))
        assert not done.stdout
        assert not out.exists()
        if "then" not in entry:
            return
        # The columns the page offers to map are given on the command line instead.
        mapping = entry["then"]["mapping"]
        done = run_command_line(
            "calibrate", path, *(f"--column={f}={c}" for f, c in mapping.items()), "--out", out
        )
        expected = entry["then"]
    else:
        mapping, expected = None, entry
    assert done.returncode == 0, done.stderr
    assert not done.stderr
    assert done.stdout.startswith(f"{path}: ")
    check_report(done.stdout, expected)
    assert read_scenarios(out) == [fit(read_history(path, mapping)).calibrated(Scenario())]


NAMES = ["  =SUM(A1)", "\t@risk", " +1", "'=already quoted", "''-twice", "  plain with spaces ", "@", "-5"]


@pytest.mark.parametrize("name", NAMES)
def test_a_name_with_a_formula_start_keeps_its_spaces_through_export_and_import(name):
    exported = write_scenarios([Scenario(name=name)])
    cell = exported.splitlines()[1].split(",")[0].strip('"')
    assert not cell.lstrip().startswith(("=", "+", "-", "@"))  # no spreadsheet runs it, trimmed or not
    if name == name.strip() or name.lstrip().startswith(("=", "+", "-", "@", "\t")):
        assert read_scenarios(exported)[0].name == name
    assert unsafe_text(safe_text(name)) == name


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    big.write_bytes(generate.GENERATORS["history/oversize.csv"]())
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(HistoryError, match="up to 5 MB"):
        read_history(big)
    with pytest.raises(ScenarioFileError, match="up to 5 MB"):
        read_scenarios(big)
