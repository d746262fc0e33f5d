"""Inputs that move together on the simulator page (AppTest): the sliders set the scenario's correlations, the
trials follow them, a contradictory set says why and keeps the last valid scenario, and links carry them."""

import math

import pytest
from scipy import stats

from simulator import evaluate, simulate
from simulator.model.correlations import Correlations
from simulator.report.formats import odds_text
from tests.conftest import Z_TOLERANCE
from tests.test_app import current_scenario, odds, start
from ui.inputs import CORRELATION_PAIRS, correlation_key

BROAD_ADS = correlation_key("traffic_mean", "visit_to_lead")
QUALITY = correlation_key("lead_to_qualified", "win_rate")
SIGN_UPS = correlation_key("visit_to_lead", "lead_to_qualified")
TRAFFIC_QUALITY = correlation_key("traffic_mean", "lead_to_qualified")


def slide(at, key: str, value: float):
    at.select_slider(key=key).set_value(value).run()
    return at


def link_of(at) -> dict[str, str]:
    return {k: v[0] if isinstance(v, list) else v for k, v in dict(at.query_params).items()}


def test_the_sliders_start_independent_and_offer_the_pairs_that_matter():
    at = start()
    assert not at.exception
    keys = [s.key for s in at.select_slider if s.key.startswith("correlations.")]
    assert keys == [correlation_key(*pair) for pair in CORRELATION_PAIRS]
    assert all(at.select_slider(key=key).value == 0 for key in keys)
    assert at.select_slider(key=BROAD_ADS).label == "Visits & visit → lead rate"
    assert current_scenario(at).correlations.is_independent


def test_the_sliders_make_the_trials_move_together():
    at = slide(slide(start(), BROAD_ADS, -0.5), QUALITY, 0.6)
    assert not at.exception
    scenario = current_scenario(at)
    assert scenario.correlations == Correlations.from_text(
        "traffic_mean~visit_to_lead=-0.5;lead_to_qualified~win_rate=0.6"
    )
    # The page ran that scenario: its odds are the model's, and the trials' inputs correlate as asked.
    assert odds_text(evaluate(simulate(scenario)).probability) == f"{odds(at):g}%"
    drawn = simulate(scenario).drawn
    n = scenario.trials
    for first, second, rho in (("traffic_mean", "visit_to_lead", -0.5), ("lead_to_qualified", "win_rate", 0.6)):
        r = stats.spearmanr(drawn[first], drawn[second]).statistic
        assert abs(math.atanh(r) - math.atanh(rho)) <= Z_TOLERANCE * math.sqrt((1 + rho**2 / 2) / (n - 3))
    # A manager sees what moves together without opening the sidebar's expander.
    captions = " ".join(c.value for c in at.caption)
    assert "Traffic and visit\\-to\\-lead rate move opposite ways" in captions
    assert "Lead\\-to\\-qualified rate and win rate move together" in captions


def test_a_contradictory_set_says_why_and_keeps_the_last_valid_scenario():
    at = slide(slide(start(), BROAD_ADS, -0.5), SIGN_UPS, -0.5)
    valid = current_scenario(at)
    before = odds(at)
    at = slide(at, TRAFFIC_QUALITY, -0.9)  # three inputs each pulling against the other two: impossible
    assert not at.exception
    (error,) = [e.value for e in at.error if "These move together" in e.value]
    assert "contradict each other" in error
    assert "lower one of them" in error
    assert "last settings" in error
    assert odds(at) == before  # still the last valid scenario's odds
    assert link_of(at)["correlations"] == valid.correlations.to_text()
    # Lowering one of them runs again.
    at = slide(at, TRAFFIC_QUALITY, 0.0)
    assert not at.exception
    assert not [e for e in at.error if "These move together" in e.value]
    assert current_scenario(at).correlations == valid.correlations


def test_a_link_reopens_the_same_correlations():
    at = slide(slide(start(), BROAD_ADS, -0.5), QUALITY, 0.3)
    link = link_of(at)
    assert link["correlations"] == "traffic_mean~visit_to_lead=-0.5;lead_to_qualified~win_rate=0.3"
    reopened = start(**link)
    assert not reopened.exception
    assert reopened.select_slider(key=BROAD_ADS).value == -0.5
    assert reopened.select_slider(key=QUALITY).value == 0.3
    assert current_scenario(reopened) == current_scenario(at)
    assert odds(reopened) == odds(at)
    assert not any("Link value" in w.value for w in reopened.warning)


def test_a_pair_the_sliders_do_not_offer_gets_its_own_slider_and_is_kept():
    link = link_of(start()) | {"correlations": "traffic_mean~win_rate=0.25;traffic_mean~visit_to_lead=-0.35"}
    at = start(**link)
    assert not at.exception
    extra = at.select_slider(key=correlation_key("traffic_mean", "win_rate"))
    assert (extra.label, extra.value) == ("Visits & win rate", 0.25)
    assert at.select_slider(key=BROAD_ADS).value == -0.35  # off the slider's grid, offered as it is
    assert current_scenario(at).correlations == Correlations.from_text(link["correlations"])


@pytest.mark.parametrize(
    "value",
    ["traffic_mean~visit_to_lead=5", "traffic_mean~visit_to_lead=-0.9;visit_to_lead~lead_to_qualified=-0.9"],
)
def test_a_bad_link_value_falls_back_with_a_notice(value):
    at = start(correlations=value)
    assert not at.exception
    assert any("correlations" in w.value for w in at.warning)
    assert current_scenario(at).correlations.is_independent
