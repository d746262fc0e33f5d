"""The goal breakdown's ARR plan on the page: in subscription mode only, the model's numbers, bad goals said."""

from simulator.analysis.arr_plan import arr_plan
from tests.test_app import current_scenario, start


def subscription_breakdown():
    at = start()
    at.toggle(key="revenue_mode").set_value(True).run()
    at.number_input(key="starting_customers").set_value(200).run()
    at.number_input(key="starting_mrr").set_value(100_000.0).run()
    assert not at.exception
    scenario = current_scenario(at)
    at.switch_page("views/goal_breakdown.py").run()
    assert not at.exception
    return at, scenario


def arr_table(at):
    return next(t.value for t in at.dataframe if "New MRR to add ($/month)" in t.value.columns)


def test_the_arr_plan_shows_the_models_quarters():
    at, scenario = subscription_breakdown()
    goal = next(n for n in at.number_input if n.label == "ARR goal ($ a year)")
    assert goal.value == 1_440_000.0  # today's ARR, 12 x $100,000, +20%
    plan = arr_plan(scenario, goal.value, 12)
    table = arr_table(at)
    assert list(table["Quarter"]) == ["Q1", "Q2", "Q3", "Q4"]
    assert list(table["New MRR to add ($/month)"]) == [f"{q.new_mrr:,.0f}" for q in plan.quarters]
    assert table["MRR at the quarter's end ($/month)"].iloc[-1] == f"{goal.value / 12:,.0f}"


def test_a_goal_the_base_passes_alone_is_said_in_plain_words():
    at, _ = subscription_breakdown()
    next(n for n in at.number_input if n.label == "ARR goal ($ a year)").set_value(100_000.0).run()
    assert not at.exception
    assert any("base reaches with no new customer" in e.value for e in at.error)


def test_one_off_scenarios_have_no_arr_plan():
    at = start()
    at.switch_page("views/goal_breakdown.py").run()
    assert not at.exception
    assert not any("ARR goal" in n.label for n in at.number_input)
