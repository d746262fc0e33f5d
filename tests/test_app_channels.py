"""The lead channels on the simulator page (AppTest): the editor, each channel's figures, the next $1,000 and the
best split of the budget, each answer checked against the model's own, and bad cells named."""

import pytest
from streamlit.testing.v1 import AppTest

from simulator import InputError, Metric, evaluate, simulate
from simulator.analysis.budget import ODDS, best_split
from simulator.analysis.channels import channel_rows as figures_by_channel
from simulator.analysis.channels import next_spend
from tests.test_app import current_scenario, odds, results_tables, start
from ui.channel_editor import BASE, channel_rows, edited_rows, rows_as_text
from ui.text import plain

FOUR_CHANNELS = "Four channels: Q3 deals +20%"


def four_channels() -> AppTest:
    at = start()
    at.selectbox(key="picker").set_value(FOUR_CHANNELS).run()
    assert not at.exception
    return at


def editor(at: AppTest):
    return next(table for table in at.dataframe if table.key == "channels")


def table_with(at: AppTest, header: str):
    return next(table.value for table in results_tables(at) if header in table.value.columns)


def test_a_scenario_without_channels_shows_the_editor_empty_and_no_channel_figures():
    at = start()
    assert list(editor(at).value.columns) == []
    assert any("all traffic is one channel" in e.label for e in at.expander)
    assert not any("Lead channels, month" in m.value for m in at.markdown)
    assert not at.slider(key="traffic").disabled


def test_the_four_channel_sample_fills_the_editor_and_greys_out_the_traffic_inputs():
    at = four_channels()
    rows = editor(at).value
    assert list(rows["Channel"]) == ["Website", "Paid search", "Social", "Offline events"]
    assert list(rows["Kind"]) == ["organic", "paid", "paid", "paid"]
    assert rows.loc[3, "Spend in other months"] == "9=40000"
    assert any(e.label == "Lead channels (4)" for e in at.expander)
    assert at.slider(key="traffic").disabled
    assert at.number_input(key="marketing_spend").disabled
    assert len(current_scenario(at).channels) == 4


def test_each_channels_figures_are_the_models_over_the_targets_window():
    at = four_channels()
    scenario = current_scenario(at)
    shown = table_with(at, "Paid search").set_index("")  # a column per channel, a row per figure
    expected = figures_by_channel(simulate(scenario), scenario.target)
    assert list(shown.columns) == [row.name for row in expected]
    for row in expected:
        low, mid, high = row.figures["leads"]
        assert shown.loc["Leads", row.name] == f"{mid:,.0f} ({low:,.0f}–{high:,.0f})"
        assert shown.loc["Spend ($)", row.name] == f"{row.spend / 1000:,.0f}k"


def test_an_edit_to_a_channel_moves_the_odds_and_the_same_rows_give_the_same_answer():
    at = four_channels()
    before = odds(at)
    rows = channel_rows(current_scenario(at).channels)
    rows[1]["Spend a month ($)"] = 40_000.0  # paid search: more than doubled
    at.session_state[BASE] = rows
    at.run()
    assert not at.exception
    assert current_scenario(at).channels[1].spend == 40_000
    assert odds(at) > before
    again = odds(at.run())  # the cached path gives the same answer
    assert again == odds(at)


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("Cost per visit or lead ($)", "abc", "Channel Paid search, cost per visit or lead"),
        ("Cost per visit or lead ($)", "0", "above 0"),
        ("Lead → qualified", "150%", "Channel Paid search, lead → qualified (low end)"),
        ("Channel", "Website", "Website"),  # two channels with one name
        ("Spend in other months", "30=5000", "spend in other months"),
    ],
)
def test_a_bad_cell_names_the_channel_and_the_field_and_keeps_the_page(column, value, words):
    at = four_channels()
    rows = channel_rows(current_scenario(at).channels)
    rows[1][column] = value
    at.session_state[BASE] = rows
    at.run()
    assert not at.exception
    message = " ".join(e.value for e in at.error).replace("\\", "")  # as shown, without markdown's escapes
    assert "can't be simulated" in message
    assert words in message
    assert editor(at).value.shape[0] == 4  # the editor is still there, to put it right


def test_the_next_thousand_is_the_models_paired_answer():
    at = four_channels()
    at.toggle(key="next_dollar").set_value(True).run()
    assert not at.exception
    shown = table_with(at, "Odds (points)")
    expected = next_spend(current_scenario(at))
    assert list(shown["Channel"]) == [answer.name for answer in expected]
    for (_, cells), answer in zip(shown.iterrows(), expected, strict=True):
        assert cells["Won deals"].startswith(f"{answer.deals[0]:+,.2f} ± ")


@pytest.mark.parametrize("objective", [ODDS, "deals"])
def test_the_best_split_is_proposed_and_can_be_used(objective):
    at = four_channels()
    at.radio(key="split_objective").set_value(objective).run()
    at.toggle(key="find_split").set_value(True).run()
    assert not at.exception
    scenario = current_scenario(at)
    shown = table_with(at, "Proposed ($/month)")
    split = best_split(scenario, objective=objective)
    assert list(shown["Proposed ($/month)"]) == [f"{split.proposed[name]:,.0f}" for name in split.today]
    said = " ".join(block.value for block in at.markdown)
    assert plain(f"{split.odds_change[0] * 100:+.1f} ± {split.odds_change[1] * 100:.1f} points") in said
    searched = "The search on the odds changes them by" in said or "had better odds in the search" in said
    assert searched == (objective == ODDS)
    at.button(key="use_split").click().run()
    assert not at.exception
    spends = {channel.name: channel.spend for channel in current_scenario(at).channels}
    assert all(spends[name] == spend for name, spend in split.proposed.items())


def test_the_editors_edits_are_applied_to_its_rows():
    base = [{"Channel": "A", "Spend a month ($)": 1.0}, {"Channel": "B", "Spend a month ($)": 2.0}]
    edits = {
        "edited_rows": {"1": {"Spend a month ($)": 5.0}},
        "added_rows": [{"Channel": "C"}],
        "deleted_rows": [0],
    }
    rows = edited_rows(base, edits)
    assert [row["Channel"] for row in rows] == ["B", "C"]
    assert rows[0]["Spend a month ($)"] == 5.0
    assert rows[1]["Kind"] == "paid"  # an added row starts as a paid channel that brings leads


def test_cells_that_do_not_apply_to_a_rows_kind_are_left_out():
    row = {
        "Channel": "Search",
        "Kind": "paid",
        "Brings": "leads",
        "Visits or leads a month": "3000-5000",  # an organic channel's, left from before a switch
        "Cost per visit or lead ($)": "60-90",
        "Visit → lead": "2%-3%",  # a visits channel's
        "Lead → qualified": "30%",
    }
    assert rows_as_text([row]) == "Search: cost_per_lead=60-90 lead_to_qualified=30%"


def test_a_target_can_count_some_of_the_channels():
    at = four_channels()
    at.selectbox(key="target_metric").set_value(Metric.LEADS).run()
    at.multiselect(key="target_channels").set_value(["Website", "Social"]).run()
    assert not at.exception
    scenario = current_scenario(at)
    assert scenario.target.channels == ("Website", "Social")
    assert any("Leads from Website, Social" in m.value for m in at.markdown)
    assert odds(at) == pytest.approx(100 * evaluate(simulate(scenario), scenario.target).probability, abs=0.5)
    rows = [row for row in channel_rows(scenario.channels) if row["Channel"] != "Social"]
    at.session_state[BASE] = rows  # Social removed in the editor: the target no longer counts it
    at.run()
    assert not at.exception
    assert current_scenario(at).target.channels == ("Website",)


def test_without_channels_the_target_counts_the_whole_funnel():
    at = start()
    assert at.multiselect(key="target_channels").disabled
    assert current_scenario(at).target.channels == ()


def test_a_bigger_budget_on_todays_split_scales_every_paid_channel():
    at = four_channels()
    today = {c.name: c.spend for c in current_scenario(at).channels if c.kind == "paid"}
    budget = next(box for box in at.number_input if box.key.startswith("split_budget"))
    budget.set_value(2 * sum(today.values())).run()
    at.button(key="use_own_split").click().run()
    assert not at.exception
    spends = {c.name: c.spend for c in current_scenario(at).channels if c.kind == "paid"}
    # Today's shares are shown to a tenth of a percent, so the spends double to within that.
    assert spends == pytest.approx({name: 2 * spend for name, spend in today.items()}, rel=2e-3)


def test_a_new_paid_total_starts_the_budget_box_afresh():
    at = four_channels()
    rows = channel_rows(current_scenario(at).channels)
    rows[1]["Spend a month ($)"] = 40_000.0  # paid search: the paid channels now spend 50,000 a month
    at.session_state[BASE] = rows
    at.run()
    budget = next(box for box in at.number_input if box.key.startswith("split_budget"))
    assert budget.value == 50_000


def test_correlations_wait_while_there_are_channels_and_come_back_after():
    at = start()
    at.select_slider(key="correlations.traffic_mean~visit_to_lead").set_value(-0.5).run()
    at.session_state[BASE] = [
        {"Channel": "Ads", "Kind": "paid", "Brings": "leads", "Spend a month ($)": 5000.0,
         "Cost per visit or lead ($)": "50-80", "Lead → qualified": "30%"}
    ]  # fmt: skip
    at.run()
    assert not at.exception
    assert not any("can't" in e.value or "move together" in e.value for e in at.error)  # the verdict may be red
    assert current_scenario(at).correlations.is_independent
    at.session_state[BASE] = []
    at.run()
    assert current_scenario(at).correlations.to_text() == "traffic_mean~visit_to_lead=-0.5"


def test_a_typed_range_may_have_spaces_and_a_name_no_separator():
    row = {"Channel": " Paid  search ", "Kind": "paid", "Brings": "leads", "Cost per visit or lead ($)": "60 - 90"}
    assert rows_as_text([row]) == "Paid search: cost_per_lead=60-90"
    with pytest.raises(InputError, match="without"):
        rows_as_text([row | {"Channel": "Paid: search"}])
