"""Typed values in the sidebar and the target builder are used as typed, or refused in words: never replaced or
ignored without a word (issue 12, "A value the page cannot show must not be replaced silently")."""

from simulator import Range, Scenario, Target, Window
from simulator.files.links import scenario_to_query
from tests.test_app import current_scenario, odds, start


def errors(at) -> str:
    return " ".join(error.value for error in at.error).replace("\\", "")


def test_a_rate_typed_above_its_bound_is_refused_in_the_words_of_the_page():
    at = start()
    assert at.session_state["ramp_productivity"] == 50.0
    at.number_input(key="ramp_productivity").set_value(150.0).run()
    assert not at.exception
    assert at.number_input(key="ramp_productivity").value == 150.0  # what was typed reaches the page...
    message = errors(at)
    # ...which says it can't be simulated, with the input's label, the value as typed and the range allowed in
    # percent, rather than using 50% (the model's field name and fractions are for files and the command line).
    assert "These inputs can't be simulated" in message
    refusal = (
        "Ramp-up productivity (%): 150% is not allowed: it must be a share of a rep's capacity between 0% and"
    )
    assert f"{refusal} 100%." in message
    assert "ramp_productivity" not in message
    assert "0 to 1" not in message
    assert not at.metric  # no odds of 50% shown as if they were the typed inputs'


def test_a_whole_number_typed_below_its_bound_is_refused_in_words():
    at = start()
    at.number_input(key="reps").set_value(-3).run()
    assert not at.exception
    assert "Sales reps: -3 is not allowed: it must be a whole number of reps, 0 or more" in errors(at)


def test_a_value_typed_with_more_decimals_than_its_step_shows_every_decimal_the_page_uses():
    at = start()
    at.number_input(key="sales_cycle_months").set_value(1.25).run()
    box = at.number_input(key="sales_cycle_months")
    assert (box.value, box.format) == (1.25, "%.2f")  # the box shows 1.25, not 1.3
    assert current_scenario(at).sales_cycle_months == 1.25
    assert at.query_params["sales_cycle_months"] == "1.25"  # and the link carries what the page used


def test_a_target_value_typed_with_decimals_shows_them():
    at = start()
    at.radio(key="target_mode").set_value("A number").run()
    at.number_input(key="target_value").set_value(40.5).run()
    assert at.number_input(key="target_value").format == "%.1f"
    assert current_scenario(at).target.value == 40.5


def test_a_range_typed_out_of_order_is_refused_with_a_message_not_swapped():
    at = start()
    assert at.slider(key="win_rate").value == (18.0, 26.0)
    before = odds(at)
    at.number_input(key="win_rate_typed_low").set_value(40.0).run()
    assert not at.exception
    assert at.slider(key="win_rate").value == (18.0, 26.0)  # not swapped to 26-40
    warning = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "Win rate (%): the low end typed, 40%, is above the high end, 26%" in warning
    assert "The page still uses 18% to 26%" in warning
    assert odds(at) == before
    # Typed the other way round, each end in turn, the range is what was typed.
    at.number_input(key="win_rate_typed_high").set_value(50.0).run()
    at.number_input(key="win_rate_typed_low").set_value(40.0).run()
    assert at.slider(key="win_rate").value == (40.0, 50.0)
    assert current_scenario(at).win_rate == Range(0.4, 0.5)
    assert not at.warning or "low end typed" not in at.warning[0].value  # the message was about the earlier try


def test_a_high_end_typed_below_the_low_end_is_refused_naming_the_range():
    at = start()
    at.number_input(key="traffic_typed_high").set_value(1_000.0).run()
    warning = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "Visits per month (90% range): the high end typed, 1,000, is below the low end, 18,000" in warning
    assert current_scenario(at).traffic == Range(18_000, 24_000)


def test_a_deadline_typed_beyond_the_horizon_is_refused_not_moved():
    at = start()
    at.number_input(key="target_deadline_month").set_value(30).run()
    assert not at.exception
    assert at.number_input(key="target_deadline_month").value == 30
    refusal = "Deadline (month): 30 is not allowed: it must be a whole number of months between 1 and 24"
    assert refusal in errors(at)
    assert not at.toast  # no notice that the deadline moved: it did not


def test_a_first_month_typed_after_the_deadline_is_refused_naming_the_input():
    at = start()
    at.selectbox(key="target_window").set_value(Window.MONTHS.value).run()
    at.number_input(key="target_start_month").set_value(9).run()
    assert not at.exception
    assert at.number_input(key="target_start_month").value == 9
    assert "From month: 9 is not allowed: it must be a month from 1 to the deadline month (3)" in errors(at)


def test_an_earlier_deadline_or_a_shorter_horizon_moves_the_months_and_says_so():
    at = start()
    at.selectbox(key="target_window").set_value(Window.MONTHS.value).run()
    at.number_input(key="target_start_month").set_value(3).run()
    at.number_input(key="target_deadline_month").set_value(2).run()
    assert [t.value for t in at.toast] == [
        "The first month counted moved from month 3 to month 2: the deadline is now month 2."
    ]
    assert current_scenario(at).target == Target(
        metric=current_scenario(at).target.metric,
        window=Window.MONTHS,
        start_month=2,
        deadline_month=2,
        change_pct=25,
        baseline=40,
    )
    at.slider(key="horizon_months").set_value(1).run()
    assert [t.value for t in at.toast] == [
        "The deadline moved from month 2 to month 1: the horizon is now 1 month.",
        "The first month counted moved from month 2 to month 1: the deadline is now month 1.",
    ]
    assert "can't be simulated" not in errors(at)
    assert current_scenario(at).target.deadline_month == 1


def test_a_negative_annual_goal_goes_back_to_none_and_says_so():
    at = start()
    at.number_input(key="annual_goal").set_value(-500.0).run()
    assert not at.exception
    assert at.number_input(key="annual_goal").value == 0
    assert [t.value for t in at.toast] == [
        "Annual goal: -500 is not allowed: it must be 0 or more (0 = none). It is back to 0."
    ]


# A page run of 100 trials that the work budget allows (its estimate takes every rate at the high end of its
# range), where the goal seek's ten times the traffic is beyond it.
WIDE_RATES = Scenario(
    name="Wide rates",
    trials=100,
    horizon_months=3,
    traffic=Range(2_500_000, 3_000_000),
    visit_to_lead=Range(0.0001, 0.9),
    lead_to_qualified=Range(0.0001, 0.9),
    target=Target(value=1, deadline_month=3),
)


def test_work_it_out_beyond_the_work_budget_says_so_in_plain_words_every_time():
    at = start(**scenario_to_query(WIDE_RATES))
    assert not at.error
    assert 0 <= odds(at) <= 100
    for _ in range(2):  # an error is never cached: the second press must say the same
        at.button(key="work_it_out").click().run()
        assert not at.exception
        message = errors(at)
        assert "**Work it out** tries each lever well beyond today's value" in message
        assert "trials = 100 is not allowed" in message
        assert "lower the trials" in message
