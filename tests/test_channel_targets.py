"""Targets on some of the channels: leads from the website and social, CAC of the paid channels, visits a month.

Each against its exact answer: with known inputs a channel's leads in a month are Poisson, so the odds of a target
on a mix of channels are a Poisson tail (scipy.stats); a CAC target counts the chosen channels' spend and deals.
"""

from dataclasses import replace

import numpy as np
import pytest
from scipy import stats

from simulator import Range, Scenario, Target, simulate
from simulator.analysis.budget import best_split
from simulator.analysis.compare import aligned
from simulator.analysis.reverse_funnel import reverse_funnel
from simulator.analysis.targets import evaluate
from simulator.analysis.windows import target_values
from simulator.files.links import scenario_from_query, scenario_to_query
from simulator.files.scenario_csv import ScenarioFileError, read_scenarios, write_scenarios
from simulator.model.channels import Channel
from simulator.model.checks import InputError
from simulator.model.target import Direction, Metric, Window
from tests.conftest import Z_TOLERANCE, proportion_se

KNOWN = Range.known
CHANNELS = (
    Channel(name="Website", volume=KNOWN(4000.0), visit_to_lead=KNOWN(0.02), lead_to_qualified=KNOWN(0.3)),
    Channel(name="Social", kind="paid", unit="leads", spend=6000.0, cost_per=KNOWN(60.0), most_per_month=300.0,
            lead_to_qualified=KNOWN(0.2)),
    Channel(name="Search", kind="paid", unit="leads", spend=9000.0, cost_per=KNOWN(45.0),
            lead_to_qualified=KNOWN(0.4)),
)  # fmt: skip
MIX = ("Website", "Social")
# Mean leads a month of the mix: 4000 x 2% from the website, 300 tanh(6000 / (300 x 60)) from social.
MIX_LEADS = 4000 * 0.02 + 300 * np.tanh(6000 / (300 * 60))
BASE = Scenario(
    channels=CHANNELS,
    win_rate=KNOWN(0.25),
    horizon_months=6,
    trials=100_000,
    target=Target(metric=Metric.LEADS, window=Window.MONTHS, start_month=4, deadline_month=6, value=500,
                  channels=MIX),
)  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3, 77])
def test_the_odds_of_leads_from_a_mix_of_channels_are_a_poisson_tail(seed):
    scenario = replace(BASE, seed=seed)
    threshold = int(np.ceil(3 * MIX_LEADS * 1.03))  # a little above the mix's mean over months 4-6
    target = replace(scenario.target, value=threshold)
    answer = evaluate(simulate(scenario), target)
    exact = stats.poisson.sf(threshold - 1, 3 * MIX_LEADS)
    assert abs(answer.probability - exact) <= Z_TOLERANCE * proportion_se(exact, scenario.trials)


def test_a_target_on_channels_counts_only_their_figures():
    result = simulate(replace(BASE, trials=2_000))
    counted = target_values(result, BASE.target)
    website, social = (result.channels[i].monthly["leads"][:, 3:6].sum(axis=1) for i in (0, 1))
    assert np.array_equal(counted, website + social)
    assert (counted < result.leads[:, 3:6].sum(axis=1)).all()  # search's leads are left out


def test_a_cac_target_on_the_paid_channels_is_their_spend_over_their_deals():
    target = Target(metric=Metric.CAC, direction=Direction.AT_MOST, deadline_month=6, value=900,
                    channels=("Social", "Search"))  # fmt: skip
    result = simulate(replace(BASE, trials=2_000, target=target))
    deals = sum(result.channels[i].monthly["deals"].sum(axis=1) for i in (1, 2))
    spend = 6 * (6000 + 9000)
    expected = np.where(deals > 0, spend / np.maximum(deals, 1), np.inf)
    assert np.allclose(target_values(result, target), expected)


def test_the_sentence_names_the_channels_counted():
    assert BASE.target.describe() == "Leads from Website, Social at least 500 in Q2 (months 4-6)"


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ({"value": 10, "channels": ("Nowhere",)}, "names of the scenario's channels"),
        ({"metric": Metric.WIN_RATE, "value": 0.2, "channels": ("Website",)}, "win rate"),
        ({"value": 10, "channels": "Website"}, "a tuple of channel names"),
    ],
)
def test_a_target_on_channels_the_scenario_cannot_count_is_refused(given, words):
    with pytest.raises(InputError, match=words):
        replace(BASE, target=Target(**given))


def test_the_channels_counted_travel_in_files_and_links():
    text = write_scenarios([BASE])
    assert "Website | Social" in text
    assert read_scenarios(text) == [BASE]
    assert scenario_from_query(scenario_to_query(BASE), Scenario())[0] == BASE


def test_a_file_naming_a_channel_the_scenario_lacks_names_the_row_and_column():
    text = write_scenarios([BASE]).replace("Website | Social", "Website | Radio")
    with pytest.raises(
        ScenarioFileError, match=r"Row 2, column target_channels: .*Radio.*Search, Social, Website"
    ):
        read_scenarios(text)


def test_a_comparison_on_a_target_on_channels_counts_those_each_scenario_has():
    other = replace(BASE, channels=CHANNELS[1:], target=replace(BASE.target, channels=("Social",)))
    assert aligned(other, BASE).target.channels == ("Social",)  # the website it lacks is left out
    assert aligned(Scenario(), BASE).target.channels == ()  # no channels: its whole funnel


def test_the_best_split_of_a_target_on_organic_channels_only_is_refused_in_plain_words():
    organic = replace(BASE, target=replace(BASE.target, channels=("Website",)))
    with pytest.raises(InputError, match="counts a paid channel"):
        best_split(organic)


def test_the_reverse_funnel_of_a_target_on_channels_reads_those_channels():
    target = Target(metric=Metric.LEADS, window=Window.MONTHS, start_month=4, deadline_month=6, value=400,
                    channels=("Search",))  # fmt: skip
    scenario = replace(BASE, trials=4_000, target=target)
    (leads,) = reverse_funnel(scenario, 0.8)
    assert leads.average == 400
    # At the budget that reaches 80%, the median of Search's leads in months 4-6 is near what 80% needs.
    assert 400 <= leads.at_confidence <= 400 + 4 * np.sqrt(400)
