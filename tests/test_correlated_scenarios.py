"""A scenario's correlated inputs in the model, the scenario CSV, share links and the compare table."""

from dataclasses import replace

import pytest

from simulator import InputError, Scenario, evaluate, simulate
from simulator.analysis.compare import differing_inputs
from simulator.files.links import scenario_from_query, scenario_to_query
from simulator.files.scenario_csv import read_scenarios, write_scenarios
from simulator.model.correlations import Correlations
from tests.test_formats import CONTRADICTION, HEADER, ROW

TOGETHER = Correlations.from_text("traffic_mean~visit_to_lead=-0.5;win_rate~lead_to_qualified=0.3")
CORRELATED = Scenario(name="Broad ads", correlations=TOGETHER, trials=1000, seed=2)


def test_a_scenario_is_independent_by_default_and_takes_only_a_correlations():
    assert Scenario().correlations == Correlations()
    assert Scenario().correlations.is_independent
    with pytest.raises(InputError) as caught:
        Scenario(correlations="traffic_mean~visit_to_lead=-0.5")
    assert caught.value.field == "correlations"
    assert "Correlations.from_text" in caught.value.allowed


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_correlations_round_trip_through_the_file_with_their_results(delimiter):
    answer = evaluate(simulate(CORRELATED))
    text = write_scenarios([CORRELATED], [answer], delimiter=delimiter)
    assert "correlations" in text.splitlines()[0].split(delimiter)
    assert "traffic_mean~visit_to_lead=-0.5;lead_to_qualified~win_rate=0.3" in text
    (again,) = read_scenarios(text)
    assert again == CORRELATED
    assert evaluate(simulate(again)) == answer


def test_an_old_file_and_an_empty_cell_mean_independent_inputs():
    (old,) = read_scenarios(f"{HEADER}\n{ROW}\n")
    (empty,) = read_scenarios(f"{HEADER},correlations\n{ROW},\n")
    (blank,) = read_scenarios(f"{HEADER},correlations\n{ROW},  \n")
    assert old.correlations == empty.correlations == blank.correlations == Correlations()
    assert old == empty == blank


def test_a_cell_reads_as_people_type_it():
    typed = '" win_rate ~ lead_to_qualified = 0,3 ; traffic_mean~visit_to_lead=-0.5 "'
    (scenario,) = read_scenarios(f"{HEADER},correlations\n{ROW},{typed}\n")
    assert scenario.correlations == TOGETHER


def test_a_link_carries_the_correlations():
    query = scenario_to_query(CORRELATED)
    assert query["correlations"] == "traffic_mean~visit_to_lead=-0.5;lead_to_qualified~win_rate=0.3"
    opened, _, notices = scenario_from_query(query, Scenario())
    assert opened == CORRELATED
    assert notices == []


def test_an_old_link_means_independent_inputs_whatever_the_fallback():
    old = {k: v for k, v in scenario_to_query(Scenario()).items() if k != "correlations"}
    opened, _, notices = scenario_from_query(old, CORRELATED)
    assert opened.correlations == Correlations()
    assert notices == []
    # A partial link changes only what it names.
    opened, _, _ = scenario_from_query({"reps": "3"}, CORRELATED)
    assert opened.correlations == TOGETHER
    # An empty value is independent inputs, as an empty cell is.
    opened, _, notices = scenario_from_query({"correlations": ""}, CORRELATED)
    assert opened.correlations == Correlations()
    assert notices == []


@pytest.mark.parametrize(
    ("value", "fragments"),
    [
        ("traffic_mean~visit_to_lead=7", ["correlations", "7.0", "between -1 and 1"]),
        ("traffic_mean~visit_to_lead=lots", ["correlations", "'lots'", "between -1 and 1"]),
        ("traffic_mean~revenue=0.5", ["correlations", "'revenue' is not one"]),
        ("<script>alert(1)</script>", ["correlations", "input~input=number"]),
        (CONTRADICTION, ["correlations", "contradict each other", "lower one of them"]),
    ],
)
def test_a_bad_link_value_falls_back_to_the_scenarios_correlations_with_a_notice(value, fragments):
    opened, _, notices = scenario_from_query({"correlations": value}, CORRELATED)
    assert opened.correlations == TOGETHER
    (notice,) = notices
    for fragment in [*fragments, "Using 'traffic_mean~visit_to_lead=-0.5;lead_to_qualified~win_rate=0.3' instead"]:
        assert fragment in notice


def test_compare_shows_correlations_in_words():
    (difference,) = differing_inputs([CORRELATED, replace(CORRELATED, correlations=Correlations())])
    assert (difference.field, difference.label) == ("correlations", "Inputs that move together")
    assert difference.values == (
        "Traffic and visit-to-lead rate move opposite ways: -0.5; "
        "Lead-to-qualified rate and win rate move together: 0.3",
        "independent",
    )
