"""Files reopen the same in the app: a scenario CSV at the edges of what the model allows, uploaded through the
sidebar, runs on exactly the file's values, and the page's odds equal the command line's."""

import csv
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from simulator import evaluate, simulate
from simulator.cli import main
from simulator.files.scenario_csv import read_scenarios
from tests.test_app import start
from ui.inputs import INPUT_NOTICES, scenario_from_state

ROOT = Path(__file__).parent.parent
HEADER = (
    "name,horizon_months,traffic_low_visits_per_month,traffic_high_visits_per_month,visit_to_lead_rate_low,"
    "visit_to_lead_rate_high,lead_to_qualified_rate_low,lead_to_qualified_rate_high,win_rate_low,win_rate_high,"
    "deal_size_low_usd,deal_size_high_usd,reps,capacity_opportunities_per_rep_per_month,target_metric,"
    "target_value,target_deadline_month,trials,seed"
)
# horizon, traffic, visit->lead, lead->qualified, win rate, deal size, reps, capacity, metric, value, deadline,
# trials, seed (the case is the name)
CASES = {
    "trials 4000": "12,4000,6000,2.5%,3.5%,25%,35%,20%,30%,2000,8000,1,,deals,30,3,4000,1",
    "seed 5000000000": "12,4000,6000,2.5%,3.5%,25%,35%,20%,30%,2000,8000,1,,deals,30,3,2000,5000000000",
    "a 0.05% rate": "12,40000,60000,0.05%,0.05%,25%,35%,20%,30%,2000,8000,1,,deals,3,3,2000,7",
    "a $30 deal size": "12,4000,6000,2.5%,3.5%,25%,35%,20%,30%,30,30,1,,revenue,900,3,2000,8",
    "99999 reps": "12,4000,6000,2.5%,3.5%,25%,35%,20%,30%,2000,8000,99999,0.0005,deals,30,3,2000,9",
    "horizon 24 and deadline 24": "24,4000,6000,2.5%,3.5%,25%,35%,20%,30%,2000,8000,1,,deals,700,24,2000,10",
    "0 reps": "6,4000,6000,2.5%,3.5%,25%,35%,20%,30%,2000,8000,0,,deals,1,3,2000,11",
}


def command_line_odds(content: bytes, tmp_path: Path) -> float:
    source = tmp_path / "scenario.csv"
    source.write_bytes(content)
    assert main(["run", str(source), "--out", str(tmp_path / "out")]) == 0
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8-sig", newline="") as file:
        (row,) = csv.DictReader(file)
    return float(row["hit_probability"])


def page_odds(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Chance to hit target")


@pytest.mark.parametrize("case", CASES)
def test_an_uploaded_boundary_scenario_runs_exactly_as_on_the_command_line(case, tmp_path, capsys):
    content = f"{HEADER}\n{case},{CASES[case]}\n".encode()
    expected = command_line_odds(content, tmp_path)
    (scenario,) = read_scenarios(content)

    at = start()
    at.file_uploader(key="upload").set_value(("boundary.csv", content, "text/csv")).run()
    assert not at.exception
    assert not any("can't be simulated" in e.value for e in at.error)
    assert not at.session_state[INPUT_NOTICES]
    shown = scenario_from_state(at.session_state, at.session_state["picker"])
    assert shown == replace(scenario, name=shown.name)  # every value exactly as in the file
    assert at.selectbox(key="trials").value == scenario.trials
    assert at.number_input(key="seed").value == scenario.seed
    assert at.number_input(key="reps").value == scenario.reps
    assert page_odds(at) == f"{expected:.0%}"
    assert evaluate(simulate(scenario)).probability == expected


def test_a_typed_number_of_reps_is_the_one_the_odds_use():
    at = start()
    at.checkbox(key="capacity_limited").check().run()
    at.number_input(key="capacity_per_rep").set_value(0.0005).run()
    at.number_input(key="reps").set_value(99_999).run()
    assert not at.exception
    assert not any("can't be simulated" in e.value for e in at.error)
    scenario = scenario_from_state(at.session_state, at.session_state["picker"])
    assert scenario.reps == 99_999
    assert page_odds(at) == f"{evaluate(simulate(scenario)).probability:.0%}"


def test_a_value_with_more_decimals_than_a_widget_shows_is_rounded_and_said_so(tmp_path):
    content = f"{HEADER}\nfine,{CASES['trials 4000']}\n".replace("20%,30%", "0.2000000001,30%").encode()
    at = start()
    at.file_uploader(key="upload").set_value(("fine.csv", content, "text/csv")).run()
    assert not at.exception
    assert any("win\\_rate\\_low" in info.value for info in at.sidebar.info)
    assert at.slider(key="win_rate").value == (20.0, 30.0)
    assert scenario_from_state(at.session_state, at.session_state["picker"]).win_rate.low == 0.2
