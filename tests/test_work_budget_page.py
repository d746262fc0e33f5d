"""The work budget on the pages: a hostile link or file never ends in a traceback or an exhausted server, the pages
say what to lower, and a value the page can show is shown as given.
"""

from dataclasses import replace

import pytest

from simulator import Scenario
from simulator.files.links import scenario_to_query
from simulator.files.scenario_csv import read_scenarios, write_scenarios
from simulator.settings import MAX_TRIALS_VARIABLE
from tests.test_app import start
from ui.inputs import INPUT_NOTICES, scenario_from_state

RATES = ("visit_to_lead", "lead_to_qualified", "win_rate")
RATES_AT_100 = {f"{rate}_rate_{end}": "1" for rate in RATES for end in ("low", "high")}
TRAFFIC = ("traffic_low_visits_per_month", "traffic_high_visits_per_month")

#: Hostile links: the parameters, and words the page's error must hold (None: the page runs it clamped or
#: replaced, with a notice naming the parameter).
LINKS = {
    "every rate 100% and huge traffic": (RATES_AT_100 | dict.fromkeys(TRAFFIC, "1000000"), "lower the trials"),
    "growth 1000% a month": ({"traffic_growth_rate_per_month": "10", "horizon_months": "24"}, "growth"),
    "traffic 1e308": (dict.fromkeys(TRAFFIC, "1e308"), "lower the traffic"),
    "traffic 1e400": (dict.fromkeys(TRAFFIC, "1e400"), None),
    "open pipeline 1e308": ({"open_pipeline_opportunities": "1e308"}, "open pipeline"),
    "deal size 1e308": (dict.fromkeys(("deal_size_low_usd", "deal_size_high_usd"), "1e308"), None),
    "reps 1e308": ({"reps": "1e308"}, None),
    "trials 1e400": ({"trials": "1e400"}, None),
}


@pytest.fixture
def small_budget(monkeypatch):
    """A server whose maximum is the samples' 20,000 trials, so a link's clamped trials run quickly."""
    monkeypatch.setenv(MAX_TRIALS_VARIABLE, "20000")


def errors(at) -> str:
    return " ".join(e.value for e in at.error).replace("\\", "")


@pytest.mark.parametrize("case", LINKS)
def test_a_hostile_link_is_clamped_or_refused_in_plain_words(case, small_budget):
    params, words = LINKS[case]
    at = start(v="2", **params)
    assert not at.exception
    if words is None:
        assert not errors(at), errors(at)
        assert any(m.label == "Chance to hit target" for m in at.metric)
        notices = " ".join(w.value for w in at.warning).replace("\\", "")
        assert next(iter(params)) in notices
    else:
        assert "can't be simulated" in errors(at)
        assert words in errors(at)
    assert "Traceback" not in errors(at)


def uploaded(at, scenario: Scenario):
    content = write_scenarios([scenario]).encode()
    return at.file_uploader(key="upload").set_value(("scenario.csv", content, "text/csv")).run()


HUGE = replace(Scenario(), name="Five million trials", trials=5_000_000, horizon_months=24)


def test_a_file_beyond_the_maximum_trials_shows_them_and_says_what_to_lower():
    at = uploaded(start(), HUGE)
    assert not at.exception
    assert at.selectbox(key="trials").value == 5_000_000  # shown as given, not replaced
    assert "at most 1,000,000, this server's maximum (FUNNEL_MAX_TRIALS)" in errors(at)
    assert "5,000,000" in at.selectbox(key="trials").options
    at.selectbox(key="trials").set_value(1000).run()  # what the message asks: then it runs
    assert not at.exception
    assert not errors(at)


def test_the_trials_offered_stop_at_the_servers_maximum(monkeypatch):
    monkeypatch.setenv(MAX_TRIALS_VARIABLE, "20000")
    at = start()
    assert at.selectbox(key="trials").options == ["1,000", "5,000", "20,000"]


@pytest.mark.parametrize("view", ["goal_breakdown", "compare"])
def test_other_pages_say_what_to_lower_for_a_scenario_beyond_the_budget(view):
    at = uploaded(start(), HUGE)
    at.switch_page(f"views/{view}.py").run()
    if view == "goal_breakdown":
        at.selectbox(key="bd_scenario").set_value(HUGE.name).run()
    else:
        other = next(name for name in at.multiselect(key="compare_picked").options if name != HUGE.name)
        at.multiselect(key="compare_picked").set_value([HUGE.name, other]).run()
    assert not at.exception
    assert "this server's maximum (FUNNEL_MAX_TRIALS)" in errors(at)
    assert "Something went wrong" not in errors(at)


#: A valid scenario at values issue 12 found replaced silently: seed 2**40, 20,000 reps, growth 500%, 777 trials.
EDGES = replace(
    read_scenarios(write_scenarios([Scenario()]))[0],
    name="Edges",
    seed=2**40,
    reps=20_000,
    traffic_growth=5.0,
    trials=777,
    horizon_months=3,
)


def shown_as_given(at) -> None:
    assert not at.exception
    assert not errors(at)
    assert at.number_input(key="seed").value == 2**40
    assert at.number_input(key="reps").value == 20_000
    assert at.number_input(key="traffic_growth").value == 500.0
    assert at.selectbox(key="trials").value == 777
    shown = scenario_from_state(at.session_state, at.session_state["picker"])
    assert replace(shown, name=EDGES.name) == EDGES


def test_a_file_at_the_edges_is_shown_as_given():
    at = uploaded(start(), EDGES)
    shown_as_given(at)
    assert not at.session_state[INPUT_NOTICES]


def test_a_link_at_the_edges_is_shown_as_given():
    at = start(**scenario_to_query(EDGES))
    shown_as_given(at)
    assert not any(w.value for w in at.warning if "seed" in w.value or "trials" in w.value)
