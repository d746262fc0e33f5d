"""Target windows and rate metrics: each window on hand-built results, the Target's checks and sentences, the
scenario CSV and links (old files and links mean what they meant), and the one evaluation path."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator import Direction, InputError, Metric, Range, Scenario, Target, Window, evaluate, simulate
from simulator.analysis.breakdown import break_down, period_target
from simulator.analysis.readings import readings
from simulator.analysis.summaries import summarize, target_path
from simulator.analysis.targets import hits, odds_of
from simulator.analysis.windows import target_values, window_values
from simulator.cli import summary_text
from simulator.engine.result import SimulationResult
from simulator.files.links import scenario_from_query, scenario_to_query
from simulator.files.scenario_csv import ScenarioFileError, read_scenarios, write_scenarios

# --- a hand-built result: 2 trials x 4 months ------------------------------------------------------------------


def hand_result() -> SimulationResult:
    """Known small arrays, so every window's value can be worked out by hand."""
    scenario = Scenario(horizon_months=4, gross_margin=0.5, target=Target(value=1, deadline_month=4))
    visits = np.array([[100, 200, 0, 100], [50, 50, 50, 50]])
    leads = np.array([[10, 20, 0, 5], [5, 0, 5, 5]])
    qualified = np.array([[4, 8, 0, 2], [2, 0, 2, 1]])
    closed = np.array([[4, 8, 0, 2], [0, 0, 2, 1]])
    deals = np.array([[1, 4, 0, 1], [0, 0, 1, 0]])
    revenue = np.array([[100.0, 400.0, 0.0, 100.0], [0.0, 0.0, 50.0, 0.0]])
    costs = np.broadcast_to(np.array([60.0, 60.0, 60.0, 60.0]), (2, 4))
    return SimulationResult(
        scenario=scenario,
        visits=visits,
        leads=leads,
        qualified=qualified,
        worked=qualified,
        backlog=np.zeros_like(visits),
        closed=closed,
        deals=deals,
        revenue=revenue,
        costs=costs,
        drawn={},
    )


def target(metric=Metric.DEALS, window=Window.MONTHS, start=1, end=4, value=1.0, **changes) -> Target:
    return Target(metric=metric, window=window, start_month=start, deadline_month=end, value=value, **changes)


NAN = float("nan")
INF = float("inf")


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        (target(window=Window.BY_DEADLINE, end=2), [5, 0]),
        (target(window=Window.BY_DEADLINE, end=4), [6, 1]),
        (target(start=2, end=3), [4, 1]),
        (target(start=3, end=3), [0, 1]),  # one month
        (target(window=Window.AVERAGE, start=1, end=4), [1.5, 0.25]),
        (target(window=Window.ANY_MONTH, start=1, end=4), [4, 1]),  # the best month
        (target(window=Window.ANY_MONTH, start=1, end=4, direction=Direction.AT_MOST), [0, 0]),
        (target(Metric.REVENUE, start=1, end=2), [500, 0]),
        (target(Metric.GROSS_PROFIT, start=1, end=2), [250 - 120, -120]),
        (target(Metric.TRAFFIC, window=Window.AVERAGE, start=2, end=3), [100, 50]),
        # Ratios: the ratio of the window's totals; nothing to divide by gives NaN (a rate) or infinity (CAC).
        (target(Metric.WIN_RATE, start=1, end=2, value=0.5), [5 / 12, NAN]),
        (target(Metric.WIN_RATE, start=1, end=4, value=0.5), [6 / 14, 1 / 3]),
        (target(Metric.WIN_RATE, window=Window.AVERAGE, start=1, end=4, value=0.5), [6 / 14, 1 / 3]),
        (target(Metric.WIN_RATE, window=Window.ANY_MONTH, start=1, end=4, value=0.5), [0.5, 0.5]),
        (target(Metric.WIN_RATE, window=Window.ANY_MONTH, start=1, end=2, value=0.5), [0.5, NAN]),
        (target(Metric.VISIT_TO_LEAD, start=1, end=3, value=0.5), [30 / 300, 10 / 150]),
        (target(Metric.VISIT_TO_LEAD, window=Window.BY_DEADLINE, end=4, value=0.5), [35 / 400, 15 / 200]),
        (target(Metric.LEAD_TO_QUALIFIED, start=2, end=2, value=0.5), [0.4, NAN]),
        (target(Metric.CAC, start=1, end=2, direction=Direction.AT_MOST), [120 / 5, INF]),
        (target(Metric.CAC, window=Window.ANY_MONTH, start=1, end=4, direction=Direction.AT_MOST), [15, 60]),
        (target(Metric.CAC, window=Window.ANY_MONTH, start=1, end=2, direction=Direction.AT_MOST), [15, INF]),
    ],
    ids=lambda x: x.describe() if isinstance(x, Target) else None,
)
def test_each_window_by_hand(goal, expected):
    np.testing.assert_allclose(target_values(hand_result(), goal), expected)


@pytest.mark.parametrize("direction", list(Direction))
def test_a_trial_with_nothing_to_divide_by_never_hits(direction):
    result = hand_result()
    for metric, value in ((Metric.WIN_RATE, 0.0), (Metric.CAC, 1e12)):
        goal = target(metric, start=1, end=2, value=value if direction is Direction.AT_MOST else 0.0)
        goal = replace(goal, direction=direction)
        assert hits(target_values(result, goal), goal).tolist()[1] is False


def test_the_odds_of_a_window_are_the_share_of_trials_that_hit_it():
    result = hand_result()
    assert odds_of(result, target(start=2, end=3, value=2)) == (0.5, np.sqrt(0.25 / 2))
    answer = evaluate(result, target(Metric.WIN_RATE, start=1, end=2, value=0.4))
    assert answer.probability == 0.5  # 5/12 hits; the trial without a closed opportunity does not
    assert answer.percentiles["win_rate"] == (5 / 12,) * 3  # over the trials that have a rate
    assert answer.commit == -INF  # a trial without a rate reaches no level
    assert answer.percentiles["deals"] == (0.0, 0.0, 5.0)  # figures over the same months


def test_percentiles_follow_the_window():
    result = hand_result()
    any_month = evaluate(result, target(window=Window.ANY_MONTH, start=1, end=4, value=2))
    assert any_month.best_case == 4  # the target's metric: the best month
    assert any_month.percentiles["deals"] == (0.25, 0.25, 1.5)  # the figures: the window's average month
    assert evaluate(result, target(start=3, end=4)).percentiles["revenue"] == (50.0, 50.0, 100.0)


def test_the_target_path_over_a_window():
    np.testing.assert_allclose(
        target_path(target(window=Window.AVERAGE, start=2, end=3, value=7), 4), [NAN, 7, 7, NAN]
    )
    np.testing.assert_allclose(target_path(target(Metric.WIN_RATE, start=1, end=2, value=0.3), 3), [0.3, 0.3, NAN])


@given(
    seed=st.integers(0, 2**32 - 1),
    first=st.integers(1, 6),
    length=st.integers(0, 5),
    figure=st.sampled_from(
        ["traffic", "leads", "qualified", "worked", "deals", "revenue", "costs", "gross_profit"]
    ),
)
def test_a_window_of_months_is_the_difference_of_two_running_totals(seed, first, length, figure):
    last = min(first + length, 6)
    result = simulate(Scenario(horizon_months=6, trials=50, target=Target(value=1, deadline_month=6)), rng=seed)
    window = window_values(result, figure, Window.MONTHS, first, last)
    before = result.total(figure, first - 1) if first > 1 else 0.0
    np.testing.assert_allclose(window, result.total(figure, last) - before, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(
        window_values(result, figure, Window.BY_DEADLINE, 1, last), result.total(figure, last)
    )


# --- the Target: checks and sentences ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"window": "quarterly"}, "target.window", "by_deadline, months, average, any_month"),
        ({"window": Window.MONTHS, "start_month": 0}, "target.start_month", "between 1 and 24"),
        ({"window": Window.MONTHS, "start_month": 2.5}, "target.start_month", "whole number"),
        ({"window": Window.MONTHS, "start_month": 25}, "target.start_month", "between 1 and 24"),
        (
            {"window": Window.MONTHS, "start_month": 4, "deadline_month": 3},
            "target.start_month",
            "deadline month (3)",
        ),
        ({"window": Window.BY_DEADLINE, "start_month": 2}, "target.start_month", "1 for a running total"),
        ({"metric": Metric.WIN_RATE, "value": 30}, "target.value", "between 0% and 100%"),
        (
            {"metric": Metric.WIN_RATE, "value": None, "change_pct": 10, "baseline": 25},
            "target.baseline",
            "0 to 1",
        ),
    ],
)
def test_bad_windows_are_named(kwargs, field, fragment):
    arguments = {"value": 30, "deadline_month": 3} | kwargs
    with pytest.raises(InputError) as caught:
        Target(**arguments)
    assert caught.value.field == field
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("goal", "sentence"),
    [
        (Target(value=50, deadline_month=3), "Won deals at least 50 by month 3"),
        (target(start=7, end=9, value=45), "Won deals at least 45 in Q3 (months 7-9)"),
        (target(start=2, end=5, value=45), "Won deals at least 45 in months 2-5"),
        (
            target(Metric.REVENUE, start=12, end=12, value=None, change_pct=10, baseline=50_000),
            "Revenue ($) at least 55,000 (+10% vs 50,000) in month 12",
        ),
        (
            target(window=Window.AVERAGE, start=1, end=12, value=10),
            "Won deals at least 10 per month on average over months 1-12",
        ),
        (
            target(window=Window.ANY_MONTH, start=1, end=12, value=20),
            "Won deals at least 20 in at least one month of months 1-12",
        ),
        (target(Metric.WIN_RATE, start=7, end=9, value=0.3), "Win rate at least 30% in Q3 (months 7-9)"),
        (
            target(Metric.CAC, start=1, end=3, value=400, direction=Direction.AT_MOST),
            "Customer acquisition cost ($ per deal) at most 400 in Q1 (months 1-3)",
        ),
    ],
)
def test_each_window_reads_as_a_sentence(goal, sentence):
    assert goal.describe() == sentence


# --- the scenario CSV and links --------------------------------------------------------------------------------

OLD_FILE = (
    "name,traffic_low_visits_per_month,traffic_high_visits_per_month,visit_to_lead_rate_low,visit_to_lead_rate_high,"
    "lead_to_qualified_rate_low,lead_to_qualified_rate_high,win_rate_low,win_rate_high,deal_size_low_usd,"
    "deal_size_high_usd,target_metric,target_value,target_deadline_month\r\n"
    "Old,4000,6000,2%,3%,25%,35%,20%,30%,2000,8000,deals,30,3\r\n"
)
WINDOWED = Scenario(
    name="Q3",
    target=Target(metric=Metric.WIN_RATE, window=Window.AVERAGE, start_month=7, deadline_month=9, value=0.3),
    trials=500,
)


def test_an_old_file_without_window_columns_means_the_running_total():
    (scenario,) = read_scenarios(OLD_FILE)
    assert scenario.target == Target(value=30, deadline_month=3)
    assert scenario.target.window is Window.BY_DEADLINE
    assert scenario.target.start_month == 1


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_windowed_target_round_trips_with_its_results(delimiter):
    answer = evaluate(simulate(WINDOWED))
    text = write_scenarios([WINDOWED], [answer], delimiter=delimiter)
    assert "target_window" in text.splitlines()[0]
    assert "win_rate_p50" in text.splitlines()[0]
    assert read_scenarios(text) == [WINDOWED]
    assert evaluate(simulate(read_scenarios(text)[0])) == answer


@pytest.mark.parametrize(
    ("window", "start", "fragments"),
    [
        ("quarterly", "7", ["Row 2", "target_window", "'quarterly'", "by_deadline, months, average, any_month"]),
        ("months", "x", ["Row 2", "target_start_month", "'x'", "whole number"]),
        ("months", "2.5", ["Row 2", "target_start_month", "whole number"]),
        ("months", "0", ["Row 2", "target_start_month", "'0'", "between 1 and 24"]),
        ("months", "4", ["Row 2", "target_start_month", "'4'", "deadline month (3)"]),
        ("by_deadline", "2", ["Row 2", "target_start_month", "'2'", "1 for a running total"]),
    ],
)
def test_bad_window_cells_name_row_column_and_what_is_allowed(window, start, fragments):
    header, row = OLD_FILE.splitlines()
    text = f"{header},target_window,target_start_month\r\n{row},{window},{start}\r\n"
    with pytest.raises(ScenarioFileError) as caught:
        read_scenarios(text)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_a_rate_target_above_100_percent_names_its_cell():
    text = OLD_FILE.replace("deals,30,3", "win_rate,1.5,3")
    with pytest.raises(ScenarioFileError, match=r"Row 2, column target_value: '1.5' .*0% and 100%"):
        read_scenarios(text)


def test_a_link_carries_the_window():
    opened, _, notices = scenario_from_query(scenario_to_query(WINDOWED), Scenario())
    assert opened == WINDOWED
    assert notices == []


def test_an_old_link_means_the_running_total_whatever_the_fallback():
    old = {
        k: v for k, v in scenario_to_query(Scenario()).items() if k not in ("target_window", "target_start_month")
    }
    opened, _, notices = scenario_from_query(old, WINDOWED)
    assert opened.target.window is Window.BY_DEADLINE
    assert opened.target.start_month == 1
    assert notices == []


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"target_window": "weekly"}, "target_window"),
        (
            {"target_window": "months", "target_start_month": "9", "target_deadline_month": "3"},
            "target_start_month",
        ),
        ({"target_start_month": "abc"}, "target_start_month"),
    ],
)
def test_bad_window_link_values_fall_back_with_a_notice(params, fragment):
    opened, _, notices = scenario_from_query(params, WINDOWED)
    assert any(fragment in notice for notice in notices)
    assert opened.target.deadline_month >= opened.target.start_month


# --- one evaluation path ---------------------------------------------------------------------------------------

QUARTERS = Scenario(horizon_months=12, reps=2, trials=2000, seed=3)


def test_breakdown_quarters_and_months_agree_with_single_period_targets():
    plan = break_down(120, Metric.DEALS, QUARTERS)
    result = simulate(QUARTERS)
    for period in plan.quarters + plan.months:
        goal = period_target(Metric.DEALS, period.target, period.first_month, period.last_month)
        scenario = replace(QUARTERS, target=goal)
        assert (period.probability, period.standard_error) == odds_of(result, goal)
        assert period.probability == summarize(simulate(scenario)).answer.probability


def test_three_readings_of_a_run_rate():
    goal = Target(
        metric=Metric.REVENUE,
        window=Window.MONTHS,
        start_month=12,
        deadline_month=12,
        change_pct=10,
        baseline=20_000,
    )
    result = simulate(replace(QUARTERS, target=goal))
    month, average, once = readings(result, goal)
    assert (month.label, month.chosen) == ("Month 12 alone", True)
    assert month.probability == odds_of(result, goal)[0]
    assert average.probability == odds_of(result, replace(goal, window=Window.AVERAGE, start_month=1))[0]
    assert once.probability == odds_of(result, replace(goal, window=Window.ANY_MONTH, start_month=1))[0]
    assert once.probability >= month.probability  # month 12 is one of the months
    assert readings(result, Target(value=1, deadline_month=12)) == ()  # a running total has one reading


def test_the_command_line_prints_the_window():
    text = summary_text("Q3", evaluate(simulate(WINDOWED)), WINDOWED.trials)
    assert "Win rate at least 30% per month on average over Q3 (months 7-9)" in text
    assert "Window:        per month on average over Q3 (months 7-9)" in text
    assert "Won deals per month on average over Q3 (months 7-9): P10" in text


def test_goal_seek_on_a_rate_target_moves_that_rate_alone():
    from simulator.analysis.goal_seek import requirement
    from simulator.analysis.levers import Lever, levers_of

    scenario = replace(
        QUARTERS, win_rate=Range(0.2, 0.3), target=target(Metric.WIN_RATE, start=1, end=3, value=0.3), trials=1000
    )
    assert levers_of(scenario) == [Lever.WIN_RATE]
    answer = requirement(scenario, Lever.WIN_RATE, 0.8)
    assert answer.needed > answer.current
    assert answer.odds_at_needed >= 0.8
