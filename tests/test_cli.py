"""``python -m simulator``: files written, reproducible, bad input exits 2 with one line."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import Scenario
from simulator.files.scenario_csv import read_scenarios
from simulator.history import fit, fit_channels, read_history

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "sample_data" / "scenarios.csv"


def run(*args, cwd=ROOT, env=None):
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_run_writes_reproducible_files_and_rereads_its_summary(tmp_path):
    first, second, third = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    done = run("run", SAMPLE, "--trials", 2000, "--seed", 7, "--out", first)
    assert done.returncode == 0, done.stderr
    assert "Chance to hit" in done.stdout
    assert "P10" in done.stdout
    assert run("run", SAMPLE, "--trials", 2000, "--seed", 7, "--out", second).returncode == 0
    for name in ("summary.csv", "trials.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    assert run("run", first / "summary.csv", "--out", third).returncode == 0
    assert (third / "summary.csv").read_bytes() == (first / "summary.csv").read_bytes()


def test_semicolon_summary(tmp_path):
    assert run("run", SAMPLE, "--trials", 500, "--delimiter", ";", "--out", tmp_path).returncode == 0
    header = (tmp_path / "summary.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("name;horizon_months;")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["run", "missing.csv"], "Cannot open"),
        (["run", SAMPLE, "--trials", "0"], "trials = 0"),
        (["run", SAMPLE, "--seed", "-4"], "seed = -4"),
        (["run", SAMPLE, "--trials", "1e400"], "'1e400' is not a whole number"),
        (["run", SAMPLE, "--trials", "5000000"], "this server's maximum (FUNNEL_MAX_TRIALS)"),
        (["run", SAMPLE, "--unknown"], "unrecognized arguments"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, fragment, tmp_path):
    done = run(*args, "--out", tmp_path)
    assert done.returncode == 2
    assert fragment in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_an_output_folder_that_is_a_file_exits_2_with_one_line():
    done = run("run", SAMPLE, "--trials", 100, "--out", ROOT / "README.md")
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"error: cannot write to {ROOT / 'README.md' / 'summary.csv'}: ")


def test_bad_file_names_row_and_column(tmp_path):
    bad = tmp_path / "bad.csv"
    text = SAMPLE.read_text(encoding="utf-8").replace("18%,26%", "18%,260%", 1)
    bad.write_text(text, encoding="utf-8")
    done = run("run", bad, "--out", tmp_path / "out")
    assert done.returncode == 2
    assert "Row 2, column win_rate_high: '260%'" in done.stderr


def test_help_documents_everything():
    done = run("run", "--help")
    assert done.returncode == 0
    for option in ("--trials", "--seed", "--out", "--delimiter", "SCENARIOS.csv"):
        assert option in done.stdout


HISTORY = ROOT / "sample_data" / "history.csv"
FIXTURES = ROOT / "tests" / "fixtures" / "history"


def calibrated_by_the_library(path, mapping=None, **recency):
    return fit(read_history(path, mapping), **recency).calibrated(Scenario())


def test_calibrate_prints_the_fit_and_writes_the_calibrated_default_scenario(tmp_path):
    out = tmp_path / "made" / "calibrated.csv"
    done = run("calibrate", HISTORY, "--out", out)
    assert done.returncode == 0, done.stderr
    assert not done.stderr
    lines = done.stdout.splitlines()
    assert lines[:3] == [
        f"{HISTORY}: Read as UTF-8, comma-separated, with decimal points.",
        "Months 2024-01 to 2025-12, 24 rows.",
        "No problems found in 24 months.",
    ]
    # Each fitted input with its unit and both ends, as the library fits them
    fitted = fit(read_history(HISTORY))
    win_rate, deal_size = fitted.ranges["win_rate"], fitted.ranges["deal_size"]
    assert re.search(rf"Win rate +{win_rate.low:.2%} +{win_rate.high:.2%} +24$", done.stdout, re.MULTILINE)
    assert re.search(
        rf"Deal size \(\$ per deal\) +\${deal_size.low:,.0f} +\${deal_size.high:,.0f} +24", done.stdout
    )
    assert "Visits per month" in done.stdout
    assert f"Traffic growth per month  {fitted.traffic_growth:+.1%}" in done.stdout
    assert "Notes:" not in done.stdout  # the sample needs none
    assert read_scenarios(out) == [calibrated_by_the_library(HISTORY)]
    assert read_scenarios(out)[0].name == "Scenario (calibrated)"
    simulated = run("run", out, "--trials", 500, "--out", tmp_path / "run")  # the written file is one 'run' reads
    assert simulated.returncode == 0, simulated.stderr


def test_calibrate_fits_each_channel_of_a_history_by_channel_and_writes_them(tmp_path):
    history = ROOT / "sample_data" / "channel_history.csv"
    out = tmp_path / "calibrated.csv"
    done = run("calibrate", history, "--out", out)
    assert done.returncode == 0, done.stderr
    channels = fit_channels(read_history(history))
    paid_search = channels.channels[1]  # as the library fits it: the sample shows its ceiling
    cost, most = paid_search.cost_per, paid_search.most_per_month
    assert "Fitted channels" in done.stdout
    assert re.search(
        rf"Paid search: cost per lead at low spend \(paid\) +\${cost.low:,.0f} +\${cost.high:,.0f}", done.stdout
    )
    assert re.search(rf"Paid search: most leads a month \(its ceiling\) +{most:,.0f} +18", done.stdout)
    (written,) = read_scenarios(out)
    assert written.channels == channels.channels
    assert written.channels[1].most_per_month == most


@pytest.mark.parametrize(
    ("option", "recency"), [("--last-months", {"last_months": 6}), ("--half-life", {"half_life": 3})]
)
def test_calibrate_weighs_recent_months_as_asked(option, recency, tmp_path):
    done = run("calibrate", HISTORY, option, next(iter(recency.values())), "--out", tmp_path / "s.csv")
    assert done.returncode == 0, done.stderr
    calibrated = read_scenarios(tmp_path / "s.csv")[0]
    assert calibrated == calibrated_by_the_library(HISTORY, **recency)
    assert calibrated.win_rate != calibrated_by_the_library(HISTORY).win_rate  # the weights changed the fit
    if "last_months" in recency:
        assert re.search(r"Win rate .* 6$", done.stdout, re.MULTILINE)  # months used


def test_calibrate_names_each_problem_by_row_and_column_and_says_the_notes():
    done = run("calibrate", FIXTURES / "messy.csv")
    assert done.returncode == 0, done.stderr
    assert "5 problem(s) found" in done.stdout
    for problem in (
        "  row 4, visits: -5 is negative",
        "  row 5, leads: 'abc' is not a number",
        "  row 6, month: 'something' is not a month",
        "  2025-04 is missing",
        "  row 3, won: won (60) exceed qualified (44)",
    ):
        assert any(line.startswith(problem) for line in done.stdout.splitlines()), problem
    assert "Deal size" not in done.stdout  # no revenue column: no deal size fitted, none invented
    noted = run("calibrate", ROOT / "tests" / "fixtures" / "hostile" / "history" / "traffic_collapses.csv")
    assert noted.returncode == 0, noted.stderr
    assert (
        "Notes:\n  Traffic growth per month fitted -100%; the model takes -99% to +1,000%, so -99% is used."
        in (noted.stdout)
    )


def test_calibrate_reads_unrecognised_headers_with_column_options():
    unmapped = FIXTURES / "unmapped.csv"
    refused = run("calibrate", unmapped)
    assert refused.returncode == 2
    assert "Name it with --column FIGURE=COLUMN, e.g. --column leads=COLUMN." in refused.stderr
    mapping = {"month": "fecha", "visits": "sesiones", "leads": "x", "qualified": "y", "won": "z"}
    done = run("calibrate", unmapped, *(f"--column={figure}={column}" for figure, column in mapping.items()))
    assert done.returncode == 0, done.stderr
    assert f"{unmapped}: Read as" in done.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["calibrate", "missing.csv"], "Cannot open missing.csv"),
        (["calibrate", ROOT / "tests"], "Is a directory"),
        (["calibrate", HISTORY, "--last-months", "0"], "last_months = 0 is not allowed"),
        (["calibrate", HISTORY, "--last-months", "1e400"], "'1e400' is not a whole number"),
        (["calibrate", HISTORY, "--half-life", "0"], "half_life = 0.0 is not allowed"),
        (["calibrate", HISTORY, "--half-life", "1e400"], "half_life = inf is not allowed"),
        (["calibrate", HISTORY, "--half-life", "ten"], "invalid float value: 'ten'"),
        (["calibrate", HISTORY, "--last-months", "6", "--half-life", "3"], "not allowed with argument"),
        (["calibrate", HISTORY, "--column", "profit=x"], "'profit=x' is not FIGURE=COLUMN"),
        (["calibrate", HISTORY, "--column", "month"], "'month' is not FIGURE=COLUMN"),
        (["calibrate", FIXTURES / "empty.csv"], "The file is empty"),
        (["calibrate", HISTORY, "--out", ROOT / "tests"], "cannot write to"),
        (["calibrate"], "the following arguments are required: HISTORY"),
    ],
)
def test_calibrate_bad_input_exits_2_with_one_line(args, fragment):
    done = run(*args)
    assert done.returncode == 2
    assert fragment in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_an_output_without_unicode_gets_question_marks_not_a_traceback():
    ascii_only = os.environ | {"PYTHONIOENCODING": "ascii"}  # a Windows code page, redirected to a file
    done = run("calibrate", HISTORY, env=ascii_only)
    assert done.returncode == 0, done.stderr
    assert "Visit ? lead rate" in done.stdout


def test_output_piped_into_a_reader_that_stops_early_ends_without_a_traceback():
    command = [sys.executable, "-m", "simulator", "calibrate", str(HISTORY)]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        process.stdout.close()  # like '| head -0': gone before the first line is written
        _, stderr = process.communicate(timeout=300)
    assert "Traceback" not in stderr
    assert "BrokenPipeError" not in stderr
    assert process.returncode == 1


def test_calibrate_help_documents_everything():
    done = run("calibrate", "--help")
    assert done.returncode == 0
    for option in ("HISTORY", "--last-months", "--half-life", "--column", "--out", "SCENARIO.csv"):
        assert option in done.stdout
    assert "calibrate" in run("--help").stdout
