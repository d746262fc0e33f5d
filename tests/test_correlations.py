"""Correlated inputs: the copula gives the asked rank correlations and leaves every input's own range alone.

Monte Carlo figures are compared with theory within Z_TOLERANCE standard errors at several seeds:
- Spearman's rank correlation ``r`` of ``n`` draws, on Fisher's scale: ``atanh(r)`` has standard error
  ``sqrt((1 + rho**2 / 2) / (n - 3))`` (Bonett and Wright, Psychometrika 65, 2000; checked here against
  2,000 repeats of n = 2,000 at rho = 0 to 0.95, where it is within 7%);
- a share of draws below a fixed value (the 5th percentile of a range): binomial, ``sqrt(p (1 - p) / n)``;
- the mean and variance of ``n`` N(0, 1) draws: ``1 / sqrt(n)`` and ``sqrt(2 / n)``.
"""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from simulator.model.checks import InputError
from simulator.model.correlations import CORRELATED_INPUTS, Correlations, Pair
from simulator.model.distributions import Range, amount_quantile, rate_quantile
from tests.conftest import Z_TOLERANCE, proportion_se

NAMES = tuple(CORRELATED_INPUTS)
SAMPLES = 200_000
SEEDS = (1, 2, 3)

#: The scenario's default 90% ranges, each drawn by its own quantile function.
RANGES = {
    "traffic_mean": Range(4000.0, 6000.0),
    "visit_to_lead": Range(0.025, 0.035),
    "lead_to_qualified": Range(0.25, 0.35),
    "win_rate": Range(0.20, 0.30),
}

#: Broader ads bring more visits that convert worse; leads that qualify easily also win (0.8: forgetting the
#: Spearman-to-Pearson step would be off by 0.014 there, about 4 standard errors at 200,000 draws).
EXAMPLE = Correlations(
    pairs=[
        ("traffic_mean", "visit_to_lead", -0.5),
        ("win_rate", "lead_to_qualified", 0.8),
        ("traffic_mean", "win_rate", 0.3),
    ]
)


def independent_scores(seed, n=SAMPLES):
    """Independent N(0, 1) scores per input, as the engine draws them (one spawned stream each)."""
    streams = np.random.default_rng(seed).spawn(len(NAMES))
    return {name: stream.standard_normal(n) for name, stream in zip(NAMES, streams, strict=True)}


def drawn_inputs(scores):
    return {
        "traffic_mean": amount_quantile(RANGES["traffic_mean"], scores["traffic_mean"]),
        **{name: rate_quantile(RANGES[name], scores[name]) for name in NAMES[1:]},
    }


def asked(correlations, first, second):
    """The rank correlation asked for a pair, 0 when the pair is not given."""
    values = {frozenset(pair[:2]): pair.rank_correlation for pair in correlations.pairs}
    return values.get(frozenset((first, second)), 0.0)


def assert_rank_correlations(columns, correlations):
    matrix = stats.spearmanr(np.column_stack([columns[name] for name in NAMES])).statistic
    n = len(columns[NAMES[0]])
    for (i, first), (j, second) in itertools.combinations(enumerate(NAMES), 2):
        rho = asked(correlations, first, second)
        se = math.sqrt((1 + rho**2 / 2) / (n - 3))
        assert abs(math.atanh(matrix[i, j]) - math.atanh(rho)) <= Z_TOLERANCE * se, (
            first,
            second,
            matrix[i, j],
            rho,
        )


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_rank_correlations_of_scores_and_of_drawn_inputs_are_the_ones_asked(seed):
    correlated = EXAMPLE.correlate(independent_scores(seed))
    assert_rank_correlations(correlated, EXAMPLE)
    assert_rank_correlations(drawn_inputs(correlated), EXAMPLE)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_each_score_stays_standard_normal_and_each_input_keeps_its_90_percent_range(seed):
    correlated = EXAMPLE.correlate(independent_scores(seed))
    for name, values in drawn_inputs(correlated).items():
        score = correlated[name]
        assert abs(score.mean()) <= Z_TOLERANCE / math.sqrt(SAMPLES), name
        assert abs(score.var() - 1) <= Z_TOLERANCE * math.sqrt(2 / SAMPLES), name
        # The 5th and 95th percentiles are unchanged: 5% of draws fall on either side of the range.
        tolerance = Z_TOLERANCE * proportion_se(0.05, SAMPLES)
        assert abs(np.mean(values < RANGES[name].low) - 0.05) <= tolerance, name
        assert abs(np.mean(values > RANGES[name].high) - 0.05) <= tolerance, name


@pytest.mark.parametrize(
    "correlations",
    [Correlations(), Correlations.from_text(""), Correlations.from_text("traffic_mean~win_rate=0")],
)
def test_no_correlation_leaves_the_scores_untouched(correlations):
    scores = independent_scores(7, n=1000)
    correlated = correlations.correlate(scores)
    assert correlations.is_independent
    assert correlated.keys() == scores.keys()
    assert all(np.array_equal(correlated[name], scores[name]) for name in NAMES)


def test_only_the_inputs_of_a_pair_move_and_the_first_keeps_its_score():
    scores = independent_scores(7, n=1000) | {"revenue": np.arange(1000.0)}
    correlated = Correlations.from_text("win_rate~visit_to_lead=0.4").correlate(scores)
    for name in ("traffic_mean", "lead_to_qualified", "revenue"):
        assert correlated[name] is scores[name]
    # The factor is Cholesky's: the first input of the set (in the allowed order) keeps its score.
    assert np.array_equal(correlated["visit_to_lead"], scores["visit_to_lead"])
    assert not np.array_equal(correlated["win_rate"], scores["win_rate"])


def test_scores_keep_their_shape_and_dtype():
    rng = np.random.default_rng(5)
    scores = {name: rng.standard_normal((3, 50), dtype=np.float32) for name in NAMES}
    correlated = EXAMPLE.correlate(scores)
    assert all(correlated[name].shape == (3, 50) and correlated[name].dtype == np.float32 for name in NAMES)


@pytest.mark.parametrize("rho", [1.0, -1.0])
def test_a_correlation_of_one_gives_the_same_ranks(rho):
    correlated = Correlations(pairs=[("traffic_mean", "win_rate", rho)]).correlate(independent_scores(3, n=10_000))
    assert stats.spearmanr(correlated["traffic_mean"], correlated["win_rate"]).statistic == pytest.approx(rho)


def test_semidefinite_sets_are_allowed():
    # Two inputs in lockstep with a third are in lockstep with each other.
    lockstep = Correlations.from_text(
        "traffic_mean~visit_to_lead=1;traffic_mean~win_rate=1;visit_to_lead~win_rate=1"
    )
    correlated = lockstep.correlate(independent_scores(4, n=1000))
    assert np.allclose(correlated["win_rate"], correlated["traffic_mean"])
    assert np.allclose(lockstep.factor() @ lockstep.factor().T, 1)


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (
            "traffic_mean~win_rate=0.9;traffic_mean~visit_to_lead=0.9;visit_to_lead~win_rate=-0.9",
            ["traffic~win rate 0.9", "traffic~visit-to-lead rate 0.9", "visit-to-lead rate~win rate -0.9"],
        ),
        (
            # A pair not given is independent, which two strong pairs through one input contradict.
            "traffic_mean~visit_to_lead=0.9;visit_to_lead~win_rate=0.9",
            ["traffic~visit-to-lead rate 0.9", "traffic~win rate 0 (not given", "or set a pair that is not given"],
        ),
        (
            "traffic_mean~visit_to_lead=1;traffic_mean~win_rate=1;visit_to_lead~win_rate=0.99",
            ["visit-to-lead rate~win rate 0.99"],
        ),
        (
            # Every three of these can hold, all four cannot.
            "traffic_mean~visit_to_lead=-0.6;traffic_mean~lead_to_qualified=-0.6;traffic_mean~win_rate=-0.6;"
            "visit_to_lead~lead_to_qualified=-0.2;visit_to_lead~win_rate=-0.2;lead_to_qualified~win_rate=-0.2",
            ["lead-to-qualified rate~win rate -0.2", "traffic~visit-to-lead rate -0.6"],
        ),
    ],
)
def test_correlations_that_contradict_each_other_are_refused_in_plain_words(text, pieces):
    with pytest.raises(InputError) as caught:
        Correlations.from_text(text)
    message = str(caught.value)
    assert caught.value.field == "correlations"
    assert "contradict each other" in message
    assert "lower one of them" in message
    for piece in pieces:
        assert piece in message


def test_the_four_input_contradiction_is_not_one_of_three():
    # The message's search for the fewest inputs must reach four: no three of them contradict.
    text = (
        "traffic_mean~visit_to_lead=-0.6;traffic_mean~lead_to_qualified=-0.6;traffic_mean~win_rate=-0.6;"
        "visit_to_lead~lead_to_qualified=-0.2;visit_to_lead~win_rate=-0.2;lead_to_qualified~win_rate=-0.2"
    )
    with pytest.raises(InputError):
        Correlations.from_text(text)
    for group in itertools.combinations(NAMES, 3):
        kept = [
            piece for piece in text.split(";") if all(name in group for name in piece.split("=")[0].split("~"))
        ]
        Correlations.from_text(";".join(kept))


@pytest.mark.parametrize(
    ("text", "field", "allowed"),
    [
        ("traffik~win_rate=0.3", "correlations", "'traffik' is not one"),
        ("win_rate~win_rate=0.3", "correlations", "two different inputs"),
        ("win_rate~traffic_mean=1.5", "correlations.win_rate~traffic_mean", "between -1 and 1"),
        ("win_rate~traffic_mean=-1.01", "correlations.win_rate~traffic_mean", "between -1 and 1"),
        ("win_rate~traffic_mean=abc", "correlations.win_rate~traffic_mean", "between -1 and 1"),
        ("win_rate~traffic_mean=", "correlations.win_rate~traffic_mean", "between -1 and 1"),
        ("win_rate~traffic_mean=nan", "correlations.win_rate~traffic_mean", "between -1 and 1"),
        ("win_rate~traffic_mean=inf", "correlations.win_rate~traffic_mean", "between -1 and 1"),
        ("win_rate~traffic_mean=-inf", "correlations.win_rate~traffic_mean", "between -1 and 1"),
        ("win_rate~traffic_mean 0.3", "correlations", "input~input=number"),
        ("win_rate=0.3", "correlations", "input~input=number"),
        ("traffic_mean~win_rate=0.3;win_rate~traffic_mean=0.2", "correlations", "at most once"),
        ("traffic_mean~win_rate=0.3;traffic_mean~win_rate=0.3", "correlations", "at most once"),
    ],
)
def test_bad_text_is_named_with_what_is_allowed(text, field, allowed):
    with pytest.raises(InputError) as caught:
        Correlations.from_text(text)
    assert caught.value.field == field
    assert allowed in str(caught.value)


@pytest.mark.parametrize(
    ("pair", "allowed"),
    [
        (("traffic_mean", "win_rate", "0.3"), "between -1 and 1"),
        (("traffic_mean", "win_rate", True), "between -1 and 1"),
        (("traffic_mean", "win_rate", None), "between -1 and 1"),
        (("traffic_mean", "win_rate", math.nan), "between -1 and 1"),
        (("traffic_mean", "deal_size", 0.3), "'deal_size' is not one"),
    ],
)
def test_bad_pairs_are_named_with_what_is_allowed(pair, allowed):
    with pytest.raises(InputError, match=allowed):
        Correlations(pairs=[pair])


def test_the_engine_can_allow_more_inputs():
    allowed = (*NAMES, "sales_cycle")
    correlations = Correlations.from_text("sales_cycle~win_rate=-0.3", allowed=allowed)
    assert correlations.pairs == (Pair("win_rate", "sales_cycle", -0.3),)
    assert correlations.labels() == ["Win rate and sales cycle move opposite ways: -0.3"]
    assert Correlations.from_text(correlations.to_text(), allowed=allowed) == correlations


def test_text_form_and_labels():
    text = "traffic_mean~visit_to_lead=-0.5;lead_to_qualified~win_rate=0.3"
    correlations = Correlations.from_text(" win_rate ~ lead_to_qualified = 0.3 ; traffic_mean~visit_to_lead=-0.5;")
    assert correlations.to_text() == text
    assert correlations == Correlations(
        pairs=[("visit_to_lead", "traffic_mean", -0.5), ("lead_to_qualified", "win_rate", 0.3)]
    )
    assert correlations.labels() == [
        "Traffic and visit-to-lead rate move opposite ways: -0.5",
        "Lead-to-qualified rate and win rate move together: 0.3",
    ]
    assert Correlations.from_text("traffic_mean~win_rate=0").labels() == [
        "Traffic and win rate are independent: 0"
    ]
    assert Correlations().to_text() == ""


@st.composite
def valid_correlations(draw):
    """Any valid set: one pair at any value, or every pair among some inputs from a true correlation matrix.

    Vectors of unit length in fewer dimensions than inputs give semi-definite (singular) matrices too.
    """
    names = draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=len(NAMES), unique=True))
    if draw(st.booleans()):
        value = draw(st.floats(-1, 1) | st.sampled_from([-1.0, -0.5, 0.0, 0.3, 1.0]))
        return Correlations(pairs=[(names[0], names[1], value)])
    dimensions = draw(st.integers(1, len(names)))
    coordinates = st.floats(-1, 1).filter(lambda x: abs(x) > 1e-3)
    vectors = np.array([draw(st.lists(coordinates, min_size=dimensions, max_size=dimensions)) for _ in names])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    pearson = np.clip(vectors @ vectors.T, -1, 1)
    return Correlations(
        pairs=[
            (names[i], names[j], 6 / math.pi * math.asin(pearson[i, j] / 2))
            for i, j in itertools.combinations(range(len(names)), 2)
        ]
    )


@given(valid_correlations())
def test_text_form_round_trips(correlations):
    assert Correlations.from_text(correlations.to_text()) == correlations


@given(valid_correlations(), st.integers(0, 2**32 - 1))
def test_any_valid_set_gives_finite_standard_normal_scores_with_the_asked_correlations(correlations, seed):
    names = correlations.names
    # The output is linear in the scores: fed the unit vectors, it shows each correlated score's weights.
    # Given independent N(0, 1) scores, weights @ weights.T is the covariance of the correlated ones.
    weights = correlations.correlate({name: np.eye(len(names))[k] for k, name in enumerate(names)})
    weights = np.array([weights[name] for name in names])
    expected = np.eye(len(names))
    for pair in correlations.pairs:
        if pair.rank_correlation:
            i, j = names.index(pair.first), names.index(pair.second)
            expected[i, j] = expected[j, i] = 2 * math.sin(math.pi * pair.rank_correlation / 6)
    assert np.allclose(weights @ weights.T, expected, rtol=0, atol=1e-8)

    scores = independent_scores(seed, n=1000)
    correlated = correlations.correlate(scores)
    assert all(np.isfinite(correlated[name]).all() for name in NAMES)
    again = correlations.correlate(scores)
    assert all(np.array_equal(correlated[name], again[name]) for name in NAMES)
