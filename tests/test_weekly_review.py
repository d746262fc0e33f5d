"""The weekly review's answers against values derived by hand on small pipelines.

Four open deals, no slippage: each counts with its stage probability when it closes by the period's end, so the
open deals' figure has an exact law (sixteen outcomes: enumerated), and the answers that read a level of it (the
pace forecast, the simulated forecast levels, the coverage needed) are checked against that law.
"""

import itertools

import numpy as np
import pytest

from simulator.analysis.weekly_review import coverage, forecast_categories, owner_attainment, pace
from simulator.engine.review import simulate_review
from simulator.model.distributions import Range
from simulator.model.open_deals import OpenDeal, Pipeline
from simulator.model.review import Review
from tests.conftest import Z_TOLERANCE, proportion_se

STAGES = (("Early", 0.2), ("Proposal", 0.6), ("Verbal", 0.9))
DEALS = (
    OpenDeal(deal_id="A", stage="Verbal", amount=30_000.0, close_day=10.0, owner="Ana"),
    OpenDeal(deal_id="B", stage="Proposal", amount=20_000.0, close_day=30.0, owner="Ana"),
    OpenDeal(deal_id="C", stage="Proposal", amount=10_000.0, close_day=50.0, owner="Ben"),
    OpenDeal(deal_id="D", stage="Early", amount=40_000.0, close_day=40.0, owner="Ben"),
    OpenDeal(deal_id="E", stage="Verbal", amount=50_000.0, close_day=120.0, owner="Ben"),  # after the period
)
PIPELINE = Pipeline(deals=DEALS, stages=STAGES, days_left=60.0, slip_share=Range.known(0.0), trials=40_000)
IN_PERIOD = [(0.9, 30_000.0), (0.6, 20_000.0), (0.6, 10_000.0), (0.2, 40_000.0)]


def exact_law(figure: str) -> dict[float, float]:
    """Every outcome of the four in-period deals: the figure it gives and its probability."""
    law: dict[float, float] = {}
    for wins in itertools.product((0, 1), repeat=4):
        chance = np.prod([p if w else 1 - p for w, (p, _) in zip(wins, IN_PERIOD, strict=True)])
        value = sum(w * (a if figure == "revenue" else 1) for w, (_, a) in zip(wins, IN_PERIOD, strict=True))
        law[value] = law.get(value, 0.0) + chance
    return law


def at_least(law: dict[float, float], value: float) -> float:
    return sum(p for v, p in law.items() if v >= value - 1e-9)


def assert_is_the_level_reached(level: float, law: dict[float, float], share: float, trials: int):
    """`level` is reached in `share` of trials by the exact law, and nothing higher is (within its error)."""
    tolerance = Z_TOLERANCE * proportion_se(share, trials)
    assert at_least(law, level) >= share - tolerance
    higher = [v for v in law if v > level + 1e-9]
    assert not higher or at_least(law, min(higher)) < share + tolerance


def reviewed(figure: str, goal: float, banked: float):
    return simulate_review(Review(pipeline=PIPELINE, figure=figure, goal=goal, banked=banked, weeks_done=7.0))


@pytest.mark.parametrize("figure", ["deals", "revenue"])
def test_pace_so_far_needed_and_forecast(figure):
    goal, banked = (45.0, 19.0) if figure == "deals" else (150_000.0, 80_000.0)
    answer = pace(reviewed(figure, goal, banked))
    weeks_left = 60 / 7
    assert answer.so_far == pytest.approx(banked / 7)
    assert answer.needed == pytest.approx((goal - banked) / weeks_left)
    assert_is_the_level_reached(answer.forecast * weeks_left, exact_law(figure), 0.8, PIPELINE.trials)


def test_forecast_categories_by_hand_and_the_simulated_levels():
    categories = forecast_categories(reviewed("revenue", 150_000.0, 80_000.0))
    assert categories.closed == 80_000.0
    assert categories.commit == 80_000.0 + 30_000.0  # A only: E closes after the period
    assert categories.best_case == 80_000.0 + 30_000.0 + 20_000.0 + 10_000.0
    assert categories.pipeline == 80_000.0 + 100_000.0
    assert categories.weighted == pytest.approx(80_000.0 + sum(p * a for p, a in IN_PERIOD))
    law = exact_law("revenue")
    for level, share in ((categories.simulated_commit, 0.9), (categories.simulated_most_likely, 0.5)):
        assert_is_the_level_reached(level - 80_000.0, law, share, PIPELINE.trials)


def test_forecast_categories_count_salesforce_stages_at_salesforce_probabilities():
    # The team's history wins 70% at Negotiation/Review and 40% at Value Proposition: the CRM still forecasts
    # them as Commit (90%) and Best case (50%), and weighs them so.
    deals = (
        OpenDeal(deal_id="N", stage="Negotiation/Review", amount=10_000.0, close_day=5.0),
        OpenDeal(deal_id="V", stage="Value Proposition", amount=4_000.0, close_day=5.0),
        OpenDeal(deal_id="X", stage="Verbal", amount=1_000.0, close_day=5.0),
    )
    stages = (("Negotiation/Review", 0.7), ("Value Proposition", 0.4), ("Verbal", 0.95))
    pipeline = Pipeline(deals=deals, stages=stages, days_left=30.0, slip_share=Range.known(0.0), trials=1_000)
    categories = forecast_categories(simulate_review(Review(pipeline=pipeline, figure="revenue", goal=1.0)))
    assert categories.commit == 10_000.0 + 1_000.0  # N by Salesforce's 90%, X by its own 95%
    assert categories.best_case == 15_000.0
    assert categories.weighted == pytest.approx(0.9 * 10_000 + 0.5 * 4_000 + 0.95 * 1_000)


def test_coverage_and_the_coverage_the_simulation_needs():
    answer = coverage(reviewed("revenue", 150_000.0, 80_000.0), confidence=0.8)
    assert (answer.pipeline, answer.left) == (100_000.0, 70_000.0)
    assert answer.coverage == pytest.approx(100_000.0 / 70_000.0)
    brought = 100_000.0 / answer.needed  # the open deals' revenue reached in 80% of trials
    assert_is_the_level_reached(brought, exact_law("revenue"), 0.8, PIPELINE.trials)


def test_each_owners_attainment_has_its_exact_mean():
    outcomes = reviewed("revenue", 150_000.0, 10_000.0)
    attained = owner_attainment(outcomes, {"Ana": 60_000.0, "Ben": 60_000.0}, {"Ana": 10_000.0})
    exact = {
        "Ana": (10_000.0 + 0.9 * 30_000 + 0.6 * 20_000) / 60_000,
        "Ben": (0.6 * 10_000 + 0.2 * 40_000) / 60_000,
    }
    for owner, values in attained.items():
        assert abs(values.mean() - exact[owner]) <= Z_TOLERANCE * values.std(ddof=1) / np.sqrt(values.size)
