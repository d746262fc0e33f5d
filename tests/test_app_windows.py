"""The target's window on the simulator page (AppTest): picked in plain words, run as picked, a monthly goal read
three ways, and the goal breakdown's periods agreeing with the same targets on the simulator page."""

import pytest

from simulator import Metric, Target, Window, evaluate, simulate
from simulator.analysis.targets import odds_of
from simulator.report.formats import odds_text
from tests.test_app import current_scenario, odds, start
from ui.text import plain

READINGS_TITLE = "One goal, three readings"


def pick(at, choice: str, **numbers):
    at.selectbox(key="target_window").set_value(choice).run()
    for key, value in numbers.items():
        at.number_input(key=key).set_value(value).run()
    assert not at.exception
    return at


@pytest.mark.parametrize(
    ("choice", "numbers", "window", "start_month"),
    [
        ("by_deadline", {}, Window.BY_DEADLINE, 1),
        ("one_month", {"target_deadline_month": 12}, Window.MONTHS, 12),
        ("months", {"target_deadline_month": 9, "target_start_month": 7}, Window.MONTHS, 7),
        ("average", {"target_deadline_month": 12}, Window.AVERAGE, 1),
        ("any_month", {"target_deadline_month": 6, "target_start_month": 2}, Window.ANY_MONTH, 2),
    ],
)
def test_each_window_picked_in_words_runs_as_picked(choice, numbers, window, start_month):
    at = pick(start(), choice, **numbers)
    scenario = current_scenario(at)
    assert scenario.target.window is window
    assert scenario.target.start_month == start_month
    # The page's odds are the model's for that target, on the same scenario and seed.
    assert odds_text(evaluate(simulate(scenario)).probability) == f"{odds(at):g}%"
    assert any(plain(scenario.target.describe()) in m.value for m in at.markdown)


def test_the_picker_says_each_window_in_words():
    at = start()
    at.number_input(key="target_deadline_month").set_value(9).run()
    options = at.selectbox(key="target_window").options
    assert options == [
        "By month 9 (running total)",
        "In one month (month 9)",
        "In months a–9 (e.g. a quarter)",
        "Monthly average over months a–9",
        "In at least one month of a–9",
    ]


def test_a_quarter_keeps_the_goal_in_proportion_and_reads_as_a_quarter():
    at = start()
    at.radio(key="target_mode").set_value("A number").run()
    at.number_input(key="target_deadline_month").set_value(9).run()
    at.number_input(key="target_value").set_value(90).run()  # 90 deals by month 9
    pick(at, "months")
    target = current_scenario(at).target
    assert (target.start_month, target.deadline_month, target.value) == (7, 9, 30)  # a quarter: a third of it
    assert any(plain("in Q3 (months 7-9)") in m.value for m in at.markdown)
    assert not [m for m in at.markdown if READINGS_TITLE in m.value]  # a total over months has one reading


def test_a_run_rate_shows_three_readings_side_by_side():
    at = start()
    at.selectbox(key="target_metric").set_value(Metric.REVENUE).run()
    pick(at, "one_month", target_deadline_month=12)
    at.radio(key="target_mode").set_value("A % change vs a baseline").run()
    at.number_input(key="target_change_pct").set_value(10.0).run()
    assert not at.exception
    scenario = current_scenario(at)
    assert any(READINGS_TITLE in m.value for m in at.markdown)
    shown = {m.label: m.value for m in at.metric}
    result = simulate(scenario)
    goal = scenario.target
    expected = {
        "Month 12 alone (as set)": goal,
        "Average month of months 1-12": Target(**{**goal.__dict__, "window": Window.AVERAGE, "start_month": 1}),
        "At least one month of months 1-12": Target(
            **{**goal.__dict__, "window": Window.ANY_MONTH, "start_month": 1}
        ),
    }
    for label, reading in expected.items():
        assert shown[label] == odds_text(odds_of(result, reading)[0]), label


def test_a_win_rate_target_is_typed_in_percent():
    at = start()
    at.selectbox(key="target_metric").set_value(Metric.WIN_RATE).run()
    pick(at, "months", target_deadline_month=6, target_start_month=4)
    at.radio(key="target_mode").set_value("A number").run()
    at.number_input(key="target_value").set_value(30.0).run()
    assert not at.exception
    target = current_scenario(at).target
    assert target.metric is Metric.WIN_RATE
    assert target.value == pytest.approx(0.3)
    assert any(plain("Win rate at least 30% in Q2 (months 4-6)") in m.value for m in at.markdown)


def test_the_breakdown_page_agrees_with_a_quarter_target_on_the_simulator_page():
    at = start()
    scenario = current_scenario(at)
    at.switch_page("views/goal_breakdown.py").run()
    assert not at.exception
    quarters = next(d.value for d in at.dataframe if "Period" in d.value and "Q3" in set(d.value["Period"]))
    q3 = quarters.set_index("Period").loc["Q3"]
    goal = float(q3.iloc[0].replace(",", ""))  # Q3's target, as the page shows it (one decimal)
    # The same quarter as a target on the simulator page: its months, its number, the same scenario and seed.
    at.switch_page("views/simulator_page.py").run()
    at.selectbox(key="target_metric").set_value(Metric.DEALS).run()
    at.number_input(key="target_deadline_month").set_value(9).run()
    pick(at, "months", target_start_month=7)
    at.radio(key="target_mode").set_value("A number").run()
    at.number_input(key="target_value").set_value(goal).run()
    assert current_scenario(at).target.describe().endswith("in Q3 (months 7-9)")
    assert q3["Chance to hit"].startswith(f"{odds(at):g}%")
    assert current_scenario(at).seed == scenario.seed
