"""A shared link opened on the simulator page (AppTest): its notices collapsed, one per parameter, the headline
drawn, the name back in the picker, and the short link the page writes opens the same scenario again."""

import uuid

from streamlit.testing.v1 import AppTest

from simulator import Scenario
from simulator.files.cells import cell_text
from simulator.files.scenario_cells import scenario_row
from simulator.files.scenario_csv import read_scenarios
from tests.test_app import ROOT, start
from ui.inputs import scenario_from_state

ODDS = "Chance to hit target"
FIRST_SAMPLE = read_scenarios(ROOT / "sample_data" / "scenarios.csv")[0]


def link_of(at: AppTest) -> dict[str, str]:
    return {k: v[0] if isinstance(v, list) else v for k, v in dict(at.query_params).items()}


def notice_lines(at: AppTest) -> list[str]:
    """The bullets of the link's notices, which all sit in one warning inside one expander."""
    (box,) = [e for e in at.expander if "link value" in e.label]
    (warning,) = box.warning
    return warning.value.splitlines()


def current(at: AppTest) -> Scenario:
    return scenario_from_state(at.session_state, at.session_state["picker"])


def test_a_crafted_link_gets_one_collapsed_notice_per_bad_parameter_and_the_headline_still_shows():
    crafted = {
        "v": "2",
        "reps": "NaN",
        "trials": "1e400",
        "target_deadline_month": "99",
        "bogus": "<b>1</b>",
        "seed": ["1", "2"],
        "win_rate_low": "0.123456789123",  # more decimals than its input shows: rounded, and said so
    }
    at = start(**crafted)
    assert not at.exception
    (box,) = [e for e in at.expander if "link value" in e.label]
    assert box.label == "6 link values were not used as given"
    lines = notice_lines(at)
    assert len(lines) == 6
    for name in ("reps", "trials", "target\\_deadline\\_month", "bogus", "seed", "win\\_rate\\_low"):
        assert sum(name in line for line in lines) == 1, name
    assert not at.sidebar.info  # the rounding is said once, with the link's notices
    assert any(m.label == ODDS for m in at.metric)
    assert current(at).seed == 2


def test_a_deadline_of_99_is_one_notice():
    at = start(target_deadline_month="99")  # an old link: no v
    (line,) = notice_lines(at)
    assert "month 1 to 12" in line


def test_the_notices_stay_while_the_inputs_move_and_go_with_another_scenario():
    at = start(v="2", reps="x")
    at.number_input(key="new_reps").set_value(2).run()
    assert len(notice_lines(at)) == 1
    names = at.selectbox(key="picker").options
    at.selectbox(key="picker").set_value(names[1]).run()
    assert not [e for e in at.expander if "link value" in e.label]


def test_the_name_travels_and_comes_back():
    name = "Прогноз Q3 — الربع الثالث"
    at = start(v="2", name=name, reps="7")
    assert not at.exception
    assert at.selectbox(key="picker").value == name
    assert at.text_input(key="save_name").value == name
    assert link_of(at)["name"] == name
    # Reset goes back to the link's values, not to a sample's.
    at.number_input(key="reps").set_value(3).run()
    at.button(key="reset").click().run()
    assert at.number_input(key="reps").value == 7


def test_the_page_writes_a_short_link_that_opens_the_same_scenario():
    at = start()
    at.number_input(key="reps").set_value(9).run()
    at.slider(key="win_rate").set_value((22.4, 30.7)).run()
    link = link_of(at)
    assert link["v"] == "2"
    assert (link["reps"], link["win_rate_low"], link["win_rate_high"]) == ("9", "0.224", "0.307")
    assert "capacity_opportunities_per_rep_per_month" not in link  # no cap: the default, left out
    again = start(**link)
    assert current(again) == current(at)
    odds = [m.value for m in at.metric if m.label == ODDS]
    assert [m.value for m in again.metric if m.label == ODDS] == odds
    assert not [e for e in again.expander if "link value" in e.label]


def test_a_link_from_before_short_links_still_opens_without_a_notice():
    old = {name: cell_text(value) for name, value in scenario_row(FIRST_SAMPLE).items()}
    at = start(**old)
    assert not at.exception
    assert current(at) == FIRST_SAMPLE
    assert not [e for e in at.expander if "link value" in e.label]


def test_a_saved_scenario_shares_the_name_it_was_saved_under():
    name = f"Q3 plan {uuid.uuid4().hex[:6]}"
    at = start()
    at.number_input(key="reps").set_value(6).run()
    at.text_input(key="save_name").set_value(name).run()
    at.button(key="save").click().run()
    assert not at.exception
    assert at.selectbox(key="picker").value == name
    link = link_of(at)
    assert link["name"] == name
    again = start(**link)
    assert again.selectbox(key="picker").value == name
    assert current(again) == current(at)
    assert not [e for e in again.expander if "link value" in e.label]
