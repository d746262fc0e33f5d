"""Files carry the engine version; results of an older engine are recomputed, and the user is told."""

import csv
import io

import pytest

from simulator import Scenario, evaluate, simulate
from simulator.engine.funnel import ENGINE_VERSION
from simulator.files.scenario_csv import (
    read_scenarios,
    recomputed_results_note,
    write_scenarios,
)
from simulator.files.scenario_results import ENGINE_COLUMN
from simulator.files.trials_csv import write_trials
from tests.test_cli import run

SCENARIO = Scenario(name="Q3 plan", trials=500, seed=3)


def with_results() -> str:
    return write_scenarios([SCENARIO], [evaluate(simulate(SCENARIO))])


def rewritten(text: str, change) -> str:
    """`text` with each row (a dict) passed through `change`, written back."""
    rows = [change(row) for row in csv.DictReader(io.StringIO(text))]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def without_version(row: dict) -> dict:
    return {name: value for name, value in row.items() if name != ENGINE_COLUMN}


def test_results_carry_this_engines_version():
    rows = list(csv.DictReader(io.StringIO(with_results())))
    assert rows[0][ENGINE_COLUMN] == str(ENGINE_VERSION)
    assert recomputed_results_note(with_results()) is None


def test_trials_carry_this_engines_version():
    rows = list(csv.DictReader(io.StringIO(write_trials([simulate(SCENARIO)], max_trials=2))))
    assert {row["engine_version"] for row in rows} == {str(ENGINE_VERSION)}


@pytest.mark.parametrize(
    ("change", "older"),
    [
        (without_version, "1"),  # files written before versions were recorded
        (lambda row: row | {ENGINE_COLUMN: "1"}, "1"),
    ],
)
def test_older_results_are_recomputed_and_the_note_says_so(change, older):
    text = rewritten(with_results(), change)
    note = recomputed_results_note(text)
    assert note is not None
    assert f"engine version {older}" in note
    assert f"engine version {ENGINE_VERSION}" in note
    assert read_scenarios(text) == [SCENARIO]  # the inputs mean what they meant


def test_a_file_without_results_needs_no_note():
    assert recomputed_results_note(write_scenarios([SCENARIO])) is None


def test_the_command_line_prints_the_note(tmp_path):
    older = tmp_path / "older.csv"
    older.write_text(rewritten(with_results(), without_version), encoding="utf-8")
    done = run("run", older, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "recomputed with engine version" in done.stderr
    again = run("run", tmp_path / "out" / "summary.csv", "--out", tmp_path / "again")
    assert "recomputed" not in again.stderr
