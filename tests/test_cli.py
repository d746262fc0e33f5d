"""``python -m simulator``: files written, reproducible, bad input exits 2 with one line."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "sample_data" / "scenarios.csv"


def run(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300
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
