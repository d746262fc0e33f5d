"""A paid channel's saturation ceiling fitted from its history: the fit against theory, the test's level, histories
that cannot show a ceiling, hostile months, and the sample history made with one."""

import math
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize, stats

from sample_data.make_channel_history import CAMPAIGNS, SEED, made_from
from simulator import Range, Scenario, simulate
from simulator.history import channel_history_frame, channel_history_scenario, fit_channels, read_history
from simulator.history.fit import APPLIED_DIGITS, significant
from simulator.history.saturation_fit import SIGNIFICANT, fit_saturation
from simulator.model.channels import Channel, SpendChange, saturating_response
from tests.conftest import Z_TOLERANCE, proportion_se

ROOT = Path(__file__).parent.parent
#: The truth of most histories here: a ceiling of 400 leads a month at $70 a lead at low spend.
MOST, COST = 400.0, 70.0
#: 24 months at three spend levels (8 months each), the levels moved by up to 5% a month.
LEVELS = np.repeat([12_000.0, 24_000.0, 36_000.0], 8)
#: The 90% cut of the profile likelihood: half the chi-square(1) 90th percentile.
CUT = stats.chi2.ppf(0.90, 1) / 2


def spends(levels: np.ndarray, rng: np.random.Generator, variation: float = 0.05) -> np.ndarray:
    return np.round(levels * rng.uniform(1 - variation, 1 + variation, len(levels)), -1)


def log_likelihood(most: float, cost: float, spend: np.ndarray, count: np.ndarray) -> float:
    mean = saturating_response(spend, cost, most)
    return float(np.sum(stats.poisson.logpmf(count, mean)))


def fisher_standard_errors(spend: np.ndarray, most: float, cost: float) -> np.ndarray:
    """Asymptotic standard errors of the maximum-likelihood ceiling and cost: the inverse Fisher information of
    Poisson months, ``sum grad(mu) grad(mu)' / mu``."""
    u = spend / (most * cost)
    sech2 = 1 / np.cosh(u) ** 2
    gradient = np.stack([np.tanh(u) - u * sech2, -spend * sech2 / cost**2])
    information = (gradient / (most * np.tanh(u))) @ gradient.T
    return np.sqrt(np.diag(np.linalg.inv(information)))


def gamma_poisson_range(count: np.ndarray, spend: np.ndarray) -> Range:
    """The straight line's cost range, as the module docstring of channel_fit states it (equal weights)."""
    expected = spend * count.sum() / spend.sum()
    dispersion = max(1.0, float(np.sum((count - expected) ** 2 / expected) / (len(count) - 1)))
    slow, fast = stats.gamma.ppf([0.05, 0.95], count.sum() / dispersion + 1, scale=dispersion / spend.sum())
    return Range(significant(1 / fast, APPLIED_DIGITS), significant(1 / slow, APPLIED_DIGITS))


def history_text(spend, leads) -> str:
    """A history of one paid channel, Ads, bringing leads from 2023-01 on (a quarter of them qualified)."""
    rows = [
        f"{2023 + month // 12}-{month % 12 + 1:02d},Ads,{s},{k},{k // 4}"
        for month, (s, k) in enumerate(zip(spend, np.asarray(leads, int), strict=True))
    ]
    return "month,channel,spend,leads,qualified\n" + "\n".join(rows)


def assert_straight_line(channel: Channel, count, spend) -> None:
    """The channel keeps the straight line's fit: no ceiling, the Gamma-Poisson cost range."""
    expected = gamma_poisson_range(np.asarray(count, float), np.asarray(spend, float))
    assert channel.most_per_month is None
    assert channel.cost_per.low == pytest.approx(expected.low, rel=1e-3)
    assert channel.cost_per.high == pytest.approx(expected.high, rel=1e-3)


# --- the fit against theory -----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2])
def test_the_fitted_ceiling_and_cost_match_the_fisher_information(seed):
    # Counts large enough for the asymptotic normal law: the errors over their standard errors are N(0, 1).
    most, cost, histories = 2000.0, 14.0, 400
    rng = np.random.default_rng(seed)
    errors = []
    for _ in range(histories):
        spend = spends(LEVELS, rng)
        fitted = fit_saturation(spend, rng.poisson(saturating_response(spend, cost, most)), np.ones(len(spend)))
        errors.append(
            (np.array([fitted.most, fitted.cost]) - [most, cost]) / fisher_standard_errors(spend, most, cost)
        )
    errors = np.array(errors)
    assert np.all(np.abs(errors.mean(axis=0)) < Z_TOLERANCE / math.sqrt(histories)), errors.mean(axis=0)
    assert np.all(np.abs(errors.std(axis=0) - 1) < Z_TOLERANCE / math.sqrt(2 * histories)), errors.std(axis=0)


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_the_fit_is_the_likelihood_maximum_and_its_ranges_end_at_the_profile_likelihood_cut(seed):
    rng = np.random.default_rng(seed)
    spend = spends(LEVELS, rng)
    count = rng.poisson(saturating_response(spend, COST, MOST))
    fitted = fit_saturation(spend, count, np.ones(len(spend)))
    # A general optimiser started at the truth finds no better point than the fit's.
    best = optimize.minimize(
        lambda logs: -log_likelihood(*np.exp(logs), spend, count), np.log([MOST, COST]), method="Nelder-Mead",
        options={"xatol": 1e-8, "fatol": 1e-10},
    )  # fmt: skip
    top = log_likelihood(fitted.most, fitted.cost, spend, count)
    assert top >= -best.fun - 1e-6
    assert [fitted.most, fitted.cost] == pytest.approx(np.exp(best.x), rel=1e-3)

    # At each end of the cost's range the ceiling refitted reaches, and no more, the cut below the top.
    def profile(cost: float) -> float:
        refit = optimize.minimize_scalar(
            lambda log_most: -log_likelihood(math.exp(log_most), cost, spend, count),
            bounds=(math.log(count.max() / 2), math.log(100 * count.max())),
            method="bounded",
            options={"xatol": 1e-9},
        )
        return -refit.fun

    for end in (fitted.cost_per.low, fitted.cost_per.high):
        assert top - profile(end) == pytest.approx(CUT * fitted.dispersion, rel=1e-3)


def test_the_ranges_of_the_ceiling_and_the_cost_cover_the_truth_90_percent_of_the_time():
    rng, histories = np.random.default_rng(6), 300
    covered = {"most": [], "cost": []}
    for _ in range(histories):
        spend = spends(LEVELS, rng)
        fitted = fit_saturation(spend, rng.poisson(saturating_response(spend, COST, MOST)), np.ones(len(spend)))
        covered["most"].append(fitted.most_range.low <= MOST <= fitted.most_range.high)
        covered["cost"].append(fitted.cost_per.low <= COST <= fitted.cost_per.high)
    for name, hits in covered.items():
        assert abs(np.mean(hits) - 0.9) < Z_TOLERANCE * proportion_se(0.9, histories), (name, np.mean(hits))


@pytest.mark.parametrize(("spread", "level"), [(0.0, 0.025), (0.2, 0.05)])
def test_a_straight_line_passes_for_a_ceiling_at_most_as_often_as_the_test_s_level(spread, level):
    # Poisson months: the boundary test's level is 2.5% (half the time the statistic is 0) and dividing by a
    # dispersion of at least 1 only lowers it. Costs moving 20% from month to month: the dispersion keeps the
    # level near the nominal 5%, where the bare likelihood ratio would find a ceiling in most histories.
    rng, histories = np.random.default_rng(7), 1000
    significant_, fitted = [], []
    for _ in range(histories):
        spend = spends(LEVELS, rng)
        cost = COST * rng.gamma(1 / spread**2, spread**2, len(spend)) if spread else COST
        result = fit_saturation(spend, rng.poisson(spend / cost), np.ones(len(spend)))
        significant_.append(result.significant)
        fitted.append(result.fitted)
    assert np.mean(significant_) < level + Z_TOLERANCE * proportion_se(level, histories), np.mean(significant_)
    assert np.mean(fitted) <= np.mean(significant_)


# --- engine-made histories, read from their files ---------------------------------------------------------------

#: A paid channel at $12,000 a month, then $24,000 and $36,000 for 8 months each, with the ceiling of the truth.
SATURATING = Channel(
    name="Paid search",
    kind="paid",
    unit="leads",
    spend=12_000.0,
    spend_changes=(SpendChange(9, 16, 24_000.0), SpendChange(17, 24, 36_000.0)),
    cost_per=Range(60.0, 80.0),
    most_per_month=MOST,
)


def engine_fits(channel: Channel, months: int, histories: int, seed: int, variation: float = 0.05):
    """Each trial of one simulation as a history file, fitted: its drawn cost (the truth), its rows and its fit."""
    made = channel_history_scenario(
        Scenario(horizon_months=months, channels=(channel,)),
        months,
        trials=histories,
        spend_variation=variation,
        rng=seed,
    )
    result = simulate(made, rng=seed)
    for trial in range(histories):
        history = read_history(channel_history_frame(result, trial).to_csv(index=False))
        yield result.channels[0].drawn["cost_per"][trial], history.by_channel, fit_channels(history)


def expected_statistic(spend: np.ndarray, cost: float, most: float) -> float:
    """The likelihood-ratio statistic's non-centrality: the deviance of the best straight line from the true
    means (the months' expected counts)."""
    mean = saturating_response(spend, cost, most)
    line = spend * mean.sum() / spend.sum()
    return float(2 * np.sum(mean * np.log(mean / line) - (mean - line)))


@pytest.fixture(scope="module")
def three_levels():
    return list(engine_fits(SATURATING, 24, 200, seed=11))


def test_engine_histories_at_three_spend_levels_give_back_their_ceiling(three_levels):
    spend = three_levels[0][1]["spend"].to_numpy(float)  # the same spends in every history
    # Even at the dearest cost the curve sits far from a straight line: a ceiling is found in every history.
    assert stats.ncx2.sf(SIGNIFICANT, 1, expected_statistic(spend, SATURATING.cost_per.high, MOST)) > 1 - 1e-9
    covered = []
    for cost, rows, fitted in three_levels:
        (channel,) = fitted.channels
        assert channel.most_per_month is not None, fitted.notes
        assert fitted.months_used["Paid search"]["most_per_month"] == 24
        covered.append(channel.cost_per.low <= cost <= channel.cost_per.high)
        low, high = rows["spend"].min(), rows["spend"].max()
        (said,) = [note for note in fitted.notes if "saturates" in note]
        assert said.startswith(f"Paid search saturates: at most about {channel.most_per_month:,.0f} leads a month")
        assert f"between ${low:,.0f} and ${high:,.0f} a month" in said
    share = np.mean(covered)
    assert abs(share - 0.9) < Z_TOLERANCE * proportion_se(0.9, len(covered)), share
    # The ceilings scatter around the truth by their own standard error.
    ceilings = np.array([fitted.channels[0].most_per_month for _, _, fitted in three_levels])
    standard_error = np.mean([fisher_standard_errors(spend, MOST, cost)[0] for cost, _, _ in three_levels])
    assert abs(ceilings.mean() - MOST) < Z_TOLERANCE * standard_error / math.sqrt(len(ceilings))


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_spends_that_vary_little_fit_no_ceiling_and_keep_the_straight_line(seed):
    # The same channel at one level, its spend moved by up to 8%: its months cannot pin the curve down.
    one_level = Channel(name="Paid search", kind="paid", unit="leads", spend=15_000.0, cost_per=Range(60.0, 80.0),
                        most_per_month=MOST)  # fmt: skip
    for _, rows, fitted in engine_fits(one_level, 18, 20, seed=seed, variation=0.08):
        (channel,) = fitted.channels
        assert_straight_line(channel, rows["leads"], rows["spend"])
        assert "most_per_month" not in fitted.months_used["Paid search"]
        low, high = rows["spend"].min(), rows["spend"].max()
        assert any(note.startswith("Paid search") and f"between ${low:,.0f} and ${high:,.0f}" in note
                   for note in fitted.notes)  # fmt: skip
        assert not any("saturates" in note for note in fitted.notes)


# --- hostile months --------------------------------------------------------------------------------------------


def exact_history(levels=LEVELS) -> tuple[np.ndarray, np.ndarray]:
    """Months whose leads are the truth's means, rounded: a ceiling plain to see."""
    return levels, np.round(saturating_response(levels, COST, MOST))


def test_months_without_leads_are_fitted():
    # A small channel: 2, 5 and 11 leads a month on average, so some months bring none.
    rng = np.random.default_rng(31)
    spend = spends(np.repeat([1_000.0, 3_000.0, 9_000.0], 8), rng)
    leads = rng.poisson(saturating_response(spend, 500.0, 12.0))
    assert (leads == 0).any()
    fitted = fit_channels(read_history(history_text(spend, leads)))
    (channel,) = fitted.channels
    assert 0 < channel.cost_per.low < channel.cost_per.high < math.inf
    assert fitted.months_used["Ads"]["cost_per"] == 24  # the months without leads count


def test_a_channel_with_leads_in_one_month_only_is_fitted_as_a_straight_line():
    spend, leads = [5_000, 10_000, 20_000, 5_000, 10_000, 20_000], [0, 0, 3, 0, 0, 0]
    fitted = fit_channels(read_history(history_text(spend, leads)))
    assert_straight_line(fitted.channels[0], leads, spend)


def test_a_single_spend_level_cannot_show_a_ceiling():
    spend = np.full(12, 15_000.0)
    leads = np.random.default_rng(32).poisson(saturating_response(spend, COST, MOST))
    fitted = fit_channels(read_history(history_text(spend.astype(int), leads)))
    assert_straight_line(fitted.channels[0], leads, spend)
    assert "Ads spent $15,000 every month, which cannot show saturation" in " ".join(fitted.notes)


def test_a_month_with_an_unreadable_spend_is_left_out_of_the_ceiling():
    spend, leads = exact_history()
    written = [str(int(s)) for s in spend]
    written[10] = "n/a"
    history = read_history(history_text(written, leads))
    assert [problem.row for problem in history.problems] == [12]
    fitted = fit_channels(history)
    (channel,) = fitted.channels
    assert fitted.months_used["Ads"]["most_per_month"] == fitted.months_used["Ads"]["cost_per"] == 23
    assert channel.most_per_month == pytest.approx(MOST, rel=0.01)
    assert channel.cost_per.low < COST < channel.cost_per.high


def test_two_months_leave_no_room_to_test_a_ceiling():
    spend, leads = exact_history(np.array([10_000.0, 40_000.0]))
    fitted = fit_channels(read_history(history_text(spend.astype(int), leads)))
    assert fitted.channels[0].most_per_month is None
    assert not any("saturation" in note or "saturates" in note for note in fitted.notes)


def test_recent_months_only_forget_the_campaigns_that_showed_the_ceiling():
    spend, leads = exact_history()
    history = read_history(history_text(spend.astype(int), leads))
    assert fit_channels(history).channels[0].most_per_month == pytest.approx(MOST, rel=0.01)
    recent = fit_channels(history, last_months=8)  # the months at the highest spend only, all at the ceiling
    assert recent.channels[0].most_per_month is None


# --- the sample history -----------------------------------------------------------------------------------------


def test_the_sample_history_gives_back_paid_search_s_ceiling():
    history = read_history(ROOT / "sample_data" / "channel_history.csv")
    fitted = {channel.name: channel for channel in fit_channels(history).channels}
    made = {drawn.channel.name: drawn for drawn in simulate(made_from(), rng=SEED).channels}
    rows = history.by_channel[history.by_channel["channel"] == "Paid search"]
    spend, leads = rows["spend"].to_numpy(float), rows["leads"].to_numpy(float)
    saturation = fit_saturation(spend, leads, np.ones(len(rows)))
    paid = fitted["Paid search"]
    assert paid.most_per_month == significant(saturation.most, APPLIED_DIGITS)
    assert saturation.most_range.low <= made["Paid search"].channel.most_per_month <= saturation.most_range.high
    assert paid.cost_per.low <= made["Paid search"].drawn["cost_per"][0] <= paid.cost_per.high
    # The campaigns show it: without their months the same channel's spends vary too little.
    campaign = np.zeros(len(rows), dtype=bool)
    for first, last, _ in CAMPAIGNS:
        campaign[first - 1 : last] = True
    assert not fit_saturation(spend[~campaign], leads[~campaign], np.ones(int((~campaign).sum()))).fitted
