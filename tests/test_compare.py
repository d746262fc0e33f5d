"""Comparing scenarios: aligned on one target, paired trial by trial, and the inputs that set them apart."""

from dataclasses import replace

import pytest

from simulator import Range, Target
from simulator.analysis.compare import aligned, compare, differing_inputs
from tests.test_store import SCENARIO


def test_aligned_takes_the_references_target_trials_and_seed_and_keeps_the_rest():
    reference = replace(SCENARIO, horizon_months=9, target=Target(value=60, deadline_month=9), trials=500, seed=7)
    other = replace(SCENARIO, name="Other", horizon_months=4, reps=5, trials=100, seed=1)
    result = aligned(other, reference)
    assert (result.target, result.trials, result.seed) == (reference.target, 500, 7)
    assert result.horizon_months == 9  # stretched to the deadline
    assert result == replace(other, target=reference.target, trials=500, seed=7, horizon_months=9)
    assert aligned(replace(other, horizon_months=12), reference).horizon_months == 12  # never shortened


def test_compare_simulates_every_scenario_aligned_on_the_first():
    other = replace(SCENARIO, name="Other", trials=10, seed=3, target=Target(value=1, deadline_month=1))
    comparison = compare([SCENARIO, other])
    assert comparison.scenarios == [SCENARIO, aligned(other, SCENARIO)]


def test_compare_pairs_trials_so_the_difference_is_precise():
    better = replace(SCENARIO, name="Better", win_rate=Range(0.25, 0.37))
    comparison = compare([SCENARIO, better])
    change, se = comparison.differences[0]
    first, second = (s.hits for s in comparison.summaries)
    assert change == pytest.approx(second.mean() - first.mean())
    assert change > 0
    # Paired: the standard deviation of the per-trial differences, below that of two independent runs.
    paired = second.astype(float) - first
    assert se == pytest.approx(paired.std(ddof=1) / paired.size**0.5)
    independent = (first.var() / first.size + second.var() / second.size) ** 0.5
    assert se < 0.9 * independent
    assert comparison.sentences()[0].startswith("Better raises the odds by")


@pytest.mark.parametrize(
    ("changes", "label", "values"),
    [
        ({"win_rate": Range(0.25, 0.35)}, "Win rate", ("21%–33%", "25%–35%")),
        ({"win_rate": Range.known(0.3)}, "Win rate", ("21%–33%", "30%")),
        ({"visit_to_lead": Range(0.02, 0.04)}, "Visit → lead rate", ("2.5%–3.5%", "2%–4%")),
        ({"deal_size": Range(1000.0, 9000.0)}, "Deal size (per deal)", ("$2,000–$8,000", "$1,000–$9,000")),
        ({"traffic": Range(4000.0, 7000.0)}, "Traffic (visits per month)", ("4,000–6,000", "4,000–7,000")),
        ({"capacity_per_rep": None}, "Capacity per rep (opportunities per rep per month)", ("15", "no cap")),
        ({"cost_per_rep": 9000.0}, "Cost per rep (per month)", ("$0", "$9,000")),
        ({"gross_margin": 0.65}, "Gross margin", ("80%", "65%")),
        ({"reps": 4}, "Reps", ("3", "4")),
        ({"sales_cycle_months": 1.5}, "Sales cycle months", ("0", "1.5")),
    ],
)
def test_the_one_input_that_differs_is_named_with_its_unit(changes, label, values):
    (difference,) = differing_inputs([SCENARIO, replace(SCENARIO, name="Edited", **changes)])
    assert (difference.label, difference.values) == (label, values)


def test_only_the_inputs_that_differ_are_listed_in_file_order():
    other = replace(SCENARIO, name="Other", reps=5, traffic_growth=0.02, target=Target(value=10, deadline_month=3))
    third = replace(SCENARIO, name="Third")
    found = differing_inputs([SCENARIO, other, third])
    fields = ["traffic_growth", "reps", "target.value", "target.change_pct", "target.baseline"]
    assert [d.field for d in found] == fields
    assert found[0].values == ("0%", "2%", "0%")
    assert found[2].values == ("none", "10", "none")


def test_the_same_inputs_under_another_name_do_not_differ():
    assert differing_inputs([SCENARIO, replace(SCENARIO, name="Copy")]) == []


def test_a_rate_typed_in_percent_is_the_same_input_as_the_files_fraction():
    from_file = replace(SCENARIO, win_rate=Range(0.2, 0.3))
    typed = replace(SCENARIO, win_rate=Range(0.2, 0.1 + 0.2))  # 0.30000000000000004
    assert typed.win_rate.high != from_file.win_rate.high
    assert differing_inputs([from_file, typed]) == []


def test_a_comparison_lists_what_differs_as_simulated():
    # The target, trials and seed are the first one's for all: they never differ in the comparison.
    other = replace(SCENARIO, name="Other", reps=4, trials=1000, target=Target(value=5, deadline_month=2))
    comparison = compare([SCENARIO, other])
    assert [d.field for d in comparison.inputs_that_differ()] == ["reps"]
