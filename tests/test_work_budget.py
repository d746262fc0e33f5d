"""The work budget: no input can make one run hold the server, through the library and the command line.

Every hostile value of issue 12 is refused before anything is allocated, with one plain sentence naming the field
to lower; runs the app offers still run. The page's side is tests/test_work_budget_page.py.
"""

import csv
import io
import math
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest

from simulator import InputError, Range, Scenario, simulate
from simulator.cli import main
from simulator.engine.work_budget import MAX_ACTUAL_SIZES, MAX_OPPORTUNITIES, MAX_VISITS_PER_MONTH, check_work
from simulator.files.scenario_csv import read_scenarios, write_scenarios
from simulator.history import Actuals
from simulator.model.fields import MAX_WHOLE
from simulator.settings import DEFAULT_MAX_TRIALS, MAX_TRIALS_VARIABLE, SettingError, max_trials

ROOT = Path(__file__).parent.parent
SAMPLES = read_scenarios((ROOT / "sample_data" / "scenarios.csv").read_bytes())
CERTAIN = Range(1.0, 1.0)

#: Scenarios that would hold the server, the field each is refused on, and words the message must hold.
HOSTILE = {
    "every rate 100% and huge traffic": (
        {"traffic": Range(1e6, 1e6), "visit_to_lead": CERTAIN, "lead_to_qualified": CERTAIN, "win_rate": CERTAIN},
        "trials",
        "lower the trials",
    ),
    "growth 100% a month for 24 months": ({"traffic_growth": 1.0, "horizon_months": 24}, "trials", "its growth"),
    "growth 1000% a month": ({"traffic_growth": 10.0, "horizon_months": 24}, "traffic.high", "growth"),
    "traffic known at a quadrillion": ({"traffic": Range(1e15, 1e15)}, "traffic.high", "lower the traffic"),
    "traffic from 1 to a billion": ({"traffic": Range(1.0, 1e9)}, "traffic.high", "narrow its range"),
    "open pipeline of 2**53 - 1": ({"open_pipeline": MAX_WHOLE}, "trials", "open pipeline"),
    "5,000,000 trials x 24 months": ({"trials": 5_000_000, "horizon_months": 24}, "trials", "9.6 GB"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_scenario_is_refused_before_anything_is_allocated(case):
    changes, field, words = HOSTILE[case]
    scenario = replace(Scenario(), **changes)
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            simulate(scenario)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000  # a refusal, not an allocation that happened to fail
    assert caught.value.field == field
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "field", ["traffic", "deal_size", "reps", "open_pipeline", "trials", "capacity_per_rep", "cost_per_rep"]
)
@pytest.mark.parametrize("value", [1e308, math.inf, 10**400], ids=["1e308", "inf", "10**400"])
def test_an_absurd_value_is_an_input_error_naming_its_field(field, value):
    changes = {field: Range(value, value)} if field in ("traffic", "deal_size") else {field: value}
    with pytest.raises(InputError) as caught:
        replace(Scenario(), **changes)
    assert caught.value.field.partition(".")[0] == field
    assert len(str(caught.value)) < 250


def test_every_sample_runs_at_the_most_trials_the_app_offers():
    for sample in SAMPLES:
        check_work(replace(sample, trials=DEFAULT_MAX_TRIALS))


def test_the_limits_are_where_the_budget_says():
    # Known traffic just under and over the visits limit, nothing converting (no opportunity work).
    quiet = replace(Scenario(), visit_to_lead=Range(0.0, 0.0))
    check_work(replace(quiet, traffic=Range(MAX_VISITS_PER_MONTH, MAX_VISITS_PER_MONTH)))
    over = MAX_VISITS_PER_MONTH * 1.01
    with pytest.raises(InputError, match="traffic"):
        check_work(replace(quiet, traffic=Range(over, over)))
    # Open opportunities alone: the limit is trials x open pipeline.
    open_only = replace(Scenario(), reps=0, trials=1000)
    check_work(replace(open_only, open_pipeline=MAX_OPPORTUNITIES // 1000))
    with pytest.raises(InputError, match="open pipeline"):
        check_work(replace(open_only, open_pipeline=MAX_OPPORTUNITIES // 1000 + 1))


def test_the_maximum_trials_come_from_the_environment(monkeypatch):
    assert max_trials() == DEFAULT_MAX_TRIALS
    monkeypatch.setenv(MAX_TRIALS_VARIABLE, "2,000")
    result = simulate(replace(Scenario(), trials=2000, horizon_months=3))
    assert result.deals.shape == (2000, 3)
    with pytest.raises(InputError, match="at most 2,000, this server's maximum"):
        simulate(replace(Scenario(), trials=2001, horizon_months=3))


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1e6", "2.5", "99999999"])
def test_a_bad_maximum_names_the_variable(monkeypatch, value):
    monkeypatch.setenv(MAX_TRIALS_VARIABLE, value)
    with pytest.raises(SettingError, match=f"{MAX_TRIALS_VARIABLE}="):
        check_work(Scenario())


# --- the command line: exit 2, one line --------------------------------------------------------------------------

#: Columns of the scenario CSV given a hostile value in the command line's tests (both ends of a range).
COLUMNS = {
    "traffic": ("traffic_low_visits_per_month", "traffic_high_visits_per_month"),
    "deal size": ("deal_size_low_usd", "deal_size_high_usd"),
    "reps": ("reps",),
    "open pipeline": ("open_pipeline_opportunities",),
    "trials": ("trials",),
    "growth": ("traffic_growth_rate_per_month",),
}


def hostile_file(tmp_path: Path, columns: tuple[str, ...], value: str) -> Path:
    rows = list(csv.DictReader(io.StringIO(write_scenarios(SAMPLES[:1]))))
    for column in columns:
        rows[0][column] = value
    path = tmp_path / "hostile.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def one_line_exit_2(argv, capsys) -> str:
    try:
        code = main([str(arg) for arg in argv])
    except SystemExit as stop:  # argparse's own errors end the process, as from the shell
        code = stop.code
    assert code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("what", COLUMNS)
@pytest.mark.parametrize("value", ["1e308", "1e400", "-1e308"])
def test_a_hostile_number_in_a_file_exits_2_with_one_line(what, value, tmp_path, capsys):
    err = one_line_exit_2(["run", hostile_file(tmp_path, COLUMNS[what], value), "--out", tmp_path / "out"], capsys)
    assert COLUMNS[what][0] in err or "trials" in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--trials", "1e400"], "'1e400' is not a whole number"),
        (["--trials", "5000000"], "this server's maximum"),
        (["--trials", "-1"], "trials = -1"),
        (["--seed", "1e400"], "'1e400' is not a whole number"),
        (["--seed", str(2**64)], "seed = 1"),
        (["--delimiter", "x"], "invalid choice"),
    ],
)
def test_a_hostile_option_exits_2_with_one_line(args, words, tmp_path, capsys):
    sample = ROOT / "sample_data" / "scenarios.csv"
    assert words in one_line_exit_2(["run", sample, *args, "--out", tmp_path], capsys)


def test_a_run_beyond_the_budget_names_its_scenario(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(MAX_TRIALS_VARIABLE, "1000")
    err = one_line_exit_2(["run", ROOT / "sample_data" / "scenarios.csv", "--out", tmp_path], capsys)
    assert err.startswith(f"error: {SAMPLES[0].name}: trials = 20000")


def test_a_bad_maximum_on_the_command_line_exits_2_with_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(MAX_TRIALS_VARIABLE, "many")
    err = one_line_exit_2(["run", ROOT / "sample_data" / "scenarios.csv", "--out", tmp_path], capsys)
    assert MAX_TRIALS_VARIABLE in err


def test_actual_deals_without_their_revenue_are_within_the_budget():
    """A re-forecast draws each actual deal's size in every trial when its revenue is not given."""
    scenario = replace(Scenario(), trials=2000)
    many_deals = Actuals(months_done=1, won=(10**6,))
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            simulate(scenario, actuals=many_deals)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
    assert caught.value.field == "actuals.won"
    assert "give the revenue of the months done, or lower the trials" in str(caught.value)
    check_work(scenario, replace(many_deals, revenue=(5e9,)))  # sizes not drawn: nothing to bound
    check_work(scenario, Actuals(months_done=1, won=(MAX_ACTUAL_SIZES // 2000,)))
