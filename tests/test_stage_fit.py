"""Stage odds and slippage fitted from a pipeline history: hand-counted files, files drawn from known odds (the
intervals' coverage against the exact binomial and negative-binomial sums), the rows of one deal in several
snapshots, bad rows named by row and column, and the sample history."""

from __future__ import annotations

import io
import math
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sample_data.make_closed_deals import MEAN_SLIP_DAYS, SLIP_SHARE, STAGES, closed_deals
from sample_data.make_open_deals import OWNERS
from simulator.history.pipeline_reader import DateOrderQuestion
from simulator.history.reader import HistoryError
from simulator.history.stage_fit import MIN_DEALS, effective_count, jeffreys, read_stage_history
from simulator.model.open_deals import DEFAULT_STAGES
from tests.conftest import Z_TOLERANCE, proportion_se

SAMPLE = Path(__file__).parent.parent / "sample_data" / "closed_deals.csv"
HEADER = "Snapshot Date,Record ID,Deal Stage,Close Date,Outcome,Closed On"


def beta_interval(won: float, lost: float) -> list[float]:
    return list(stats.beta.ppf([0.05, 0.95], won + 0.5, lost + 0.5))


def test_ten_rows_counted_by_hand():
    lines = [
        "2025-10-06,1,Negotiation/Review,2025-10-20,Closed Won,2025-10-20",
        "2025-10-06,2,Negotiation/Review,2025-10-20,ganado,2025-10-21",
        "2025-10-06,3,Negotiation/Review,2025-10-20,Lost,2025-10-15",
        "2025-10-06,4,Negotiation/Review,2025-10-20,ВЫИГРАНА,2025-10-20",
        "2025-10-06,5,Proposal/Price Quote,2025-10-25,won,2025-10-25",
        "2025-10-06,6,Proposal/Price Quote,2025-10-25,Won,2025-10-30",
        "2025-10-06,7,Proposal/Price Quote,2025-10-25,Closed Lost,2025-10-12",
        "2025-10-06,8,Proposal/Price Quote,2025-10-25,perdido,2025-10-12",
        "2025-10-06,9,Proposal/Price Quote,2025-10-25,,",
        "2025-10-06,10,Pilot,2025-10-25,Won,2025-10-25",
    ]
    history = read_stage_history("\n".join([HEADER, *lines]))
    assert not history.problems
    # Salesforce's stages in their order, whatever the file's, then the others.
    assert [o.stage for o in history.stage_odds] == ["Proposal/Price Quote", "Negotiation/Review", "Pilot"]
    proposal, negotiation, pilot = history.stage_odds
    assert (proposal.probability, proposal.n, proposal.won, proposal.still_open) == (0.5, 4, 2, 1)
    assert proposal.deals == 4
    assert (negotiation.probability, negotiation.n, negotiation.won, negotiation.still_open) == (0.75, 4, 3, 0)
    assert (pilot.probability, pilot.n) == (1.0, 1)
    assert [proposal.low, proposal.high] == pytest.approx(beta_interval(2, 2), abs=1e-12)
    assert [negotiation.low, negotiation.high] == pytest.approx(beta_interval(3, 1), abs=1e-12)
    assert [pilot.low, pilot.high] == pytest.approx(beta_interval(1, 0), abs=1e-12)
    assert all(o.too_few for o in history.stage_odds)  # 4, 4 and 1 closed deals: below MIN_DEALS
    assert history.slippage is None  # 6 won deals with both dates


def test_slippage_counted_by_hand():
    # 12 won deals, 3 of them late by 5, 10 and 30 days; 2 closed early (on time), 7 on the day; 1 lost.
    delays = [5, 10, 30, -3, -1, 0, 0, 0, 0, 0, 0, 0]
    lines = [f"{i},Proposal,2025-11-01,Won,{date(2025, 11, 1) + timedelta(days=d)}" for i, d in enumerate(delays)]
    text = "Deal ID,Stage,Expected Close Date,Outcome,Close Date\n" + "\n".join([*lines, "99,Proposal,,Lost,"])
    slippage = read_stage_history(text).slippage
    assert (slippage.n_won, slippage.n_slipped, slippage.deals) == (12, 3, 12)
    assert [slippage.share.low, slippage.share.high] == pytest.approx(beta_interval(3, 9), abs=1e-12)
    assert slippage.mean_days == 15.0
    exact = [2 * 45 / stats.chi2.ppf(q, 6) for q in (0.95, 0.05)]
    assert [slippage.mean_days_low, slippage.mean_days_high] == pytest.approx(exact, rel=1e-12)
    fewer = "\n".join(text.splitlines()[:MIN_DEALS])  # the header and 9 won deals
    assert read_stage_history(fewer).slippage is None


def test_a_deal_seen_in_several_snapshots_weighs_as_one_deal():
    # Ten deals, each in two snapshots at the same stage: 20 rows, but the interval of 10 deals.
    lines = [
        f"2025-10-{day},{i},Proposal,2025-11-01,{'Won' if i < 7 else 'Lost'},2025-11-0{1 + (i < 2)}"
        for i in range(10)
        for day in (13, 20)
    ]
    history = read_stage_history("\n".join([HEADER, *lines]))
    (odds,) = history.stage_odds
    assert (odds.probability, odds.n, odds.won, odds.deals, odds.too_few) == (0.7, 20, 14, 10, False)
    assert [odds.low, odds.high] == pytest.approx(beta_interval(7, 3), abs=1e-12)
    assert effective_count([2] * 10) == 10.0
    assert effective_count([1] * 5 + [5]) == 100 / 30  # a deal seen often weighs less than its rows


def synthetic_history(rng: np.random.Generator, deals_per_stage: int, snapshots: int = 1) -> str:
    """Deals drawn independently at each of Salesforce's stages with the sample's probabilities, won deals
    slipping as the sample's do; each snapshot holds its own deals, dates day first."""
    lines = ["Snapshot Date;Deal ID;Stage;Expected Close Date;Outcome;Closed On"]
    for s in range(snapshots):
        snapshot = date(2025, 10, 6) + timedelta(weeks=s)
        for stage, p in STAGES:
            for i in range(deals_per_stage):
                expected = snapshot + timedelta(days=int(rng.integers(5, 60)))
                if rng.random() < p:
                    late = rng.random() < SLIP_SHARE
                    closed = expected + timedelta(days=int(rng.geometric(1 / MEAN_SLIP_DAYS)) if late else 0)
                    outcome = "Won"
                else:
                    closed, outcome = expected - timedelta(days=int(rng.integers(0, 5))), "Lost"
                when = [d.strftime("%d/%m/%Y") for d in (snapshot, expected, closed)]
                lines.append(f"{when[0]};{stage[:4]}-{s}-{i};{stage};{when[1]};{outcome};{when[2]}")
    return "\n".join(lines)


def test_a_history_drawn_from_known_odds_gives_them_back():
    history = read_stage_history(synthetic_history(np.random.default_rng(7), 40, snapshots=3))
    assert not history.problems
    assert history.month_first is False
    truth = dict(STAGES)
    for odds in history.stage_odds:
        assert odds.n == 120
        assert odds.low <= truth[odds.stage] <= odds.high, odds
    slippage = history.slippage
    assert slippage.share.low <= SLIP_SHARE <= slippage.share.high
    # Whole days: a geometric delay of mean MEAN_SLIP_DAYS, the exponential's counterpart.
    assert slippage.mean_days_low <= MEAN_SLIP_DAYS <= slippage.mean_days_high


def jeffreys_coverage(n: int, p: float) -> float:
    """The exact chance that the 90% Jeffreys interval of n independent deals holds p."""
    k = np.arange(n + 1)
    low, high = stats.beta.ppf([[0.05], [0.95]], k + 0.5, n - k + 0.5)
    return float(np.sum(stats.binom.pmf(k, n, p) * ((low <= p) & (p <= high))))


def mean_delay_coverage(k: int, mean: float) -> float:
    """The exact chance that the interval 2 S / chi2(2k) holds the mean, S the sum of k geometric delays: it
    holds it when mean chi2_5%(2k) / 2 <= S <= mean chi2_95%(2k) / 2, and S - k is negative binomial."""
    low, high = (mean * stats.chi2.ppf(q, 2 * k) / 2 for q in (0.05, 0.95))
    failures = stats.nbinom(k, 1 / mean)
    return float(failures.cdf(math.floor(high) - k) - failures.cdf(math.ceil(low) - k - 1))


def test_the_90_percent_intervals_hold_the_truth_as_often_as_theory_says():
    rng = np.random.default_rng(2025)
    files, deals_per_stage = 300, 20
    covered = dict.fromkeys((name for name, _ in STAGES), 0)
    share_hits, share_expected, share_variance = 0, 0.0, 0.0
    mean_hits, mean_expected, mean_variance = 0, 0.0, 0.0
    for _ in range(files):
        history = read_stage_history(synthetic_history(rng, deals_per_stage))
        for odds in history.stage_odds:
            covered[odds.stage] += odds.low <= dict(STAGES)[odds.stage] <= odds.high
        slippage = history.slippage
        share_hits += slippage.share.low <= SLIP_SHARE <= slippage.share.high
        chance = jeffreys_coverage(slippage.n_won, SLIP_SHARE)  # given how many were won
        share_expected, share_variance = share_expected + chance, share_variance + chance * (1 - chance)
        if slippage.n_slipped:
            mean_hits += slippage.mean_days_low <= MEAN_SLIP_DAYS <= slippage.mean_days_high
            chance = mean_delay_coverage(slippage.n_slipped, MEAN_SLIP_DAYS)
            mean_expected, mean_variance = mean_expected + chance, mean_variance + chance * (1 - chance)
    for stage, p in STAGES:
        chance = jeffreys_coverage(deals_per_stage, p)
        assert 0.8 < chance < 0.97  # Jeffreys' coverage swings around its 90% with n and p (84% at 20 and 12%)
        assert abs(covered[stage] - files * chance) <= Z_TOLERANCE * files * proportion_se(chance, files), stage
    assert abs(share_hits - share_expected) <= Z_TOLERANCE * math.sqrt(share_variance)
    assert abs(mean_hits - mean_expected) <= Z_TOLERANCE * math.sqrt(mean_variance)
    assert 0.85 < mean_expected / files < 0.95


def test_rows_of_one_deal_would_make_the_interval_too_narrow_and_the_effective_count_mends_it():
    # The sample's generator: deals moving through the stages, seen in weekly snapshots. The module's docstring
    # gives what 300 histories measured; 60 keep this test quick.
    truth, histories = dict(STAGES), 60
    corrected, plain, share, plain_share = [], [], [], []
    for seed in range(histories):
        history = read_stage_history(closed_deals(np.random.default_rng(seed)).to_csv(index=False))
        for odds in history.stage_odds:
            corrected.append(odds.low <= truth[odds.stage] <= odds.high)
            low, high = jeffreys(odds.won, odds.n - odds.won)  # as if every row were its own deal
            plain.append(low <= truth[odds.stage] <= high)
        slip = history.slippage
        share.append(slip.share.low <= SLIP_SHARE <= slip.share.high)
        low, high = jeffreys(slip.n_slipped, slip.n_won - slip.n_slipped)
        plain_share.append(low <= SLIP_SHARE <= high)
    tolerance = Z_TOLERANCE * proportion_se(0.9, len(corrected))
    assert abs(np.mean(corrected) - 0.9) <= tolerance
    assert np.mean(plain) < 0.9 - tolerance  # measured 75% over 300 histories
    assert np.mean(share) >= 0.9 - Z_TOLERANCE * proportion_se(0.9, histories)
    assert np.mean(plain_share) < 0.9 - Z_TOLERANCE * proportion_se(0.9, histories)


GOOD = ("2025-10-06,A,Proposal,2025-10-20,Won,2025-10-20", "2025-10-06,C,Proposal,2025-10-20,Lost,2025-10-10")


@pytest.mark.parametrize(
    ("bad", "column", "words"),
    [
        ("2025-10-06,B,Proposal,2025-10-20,Maybe,2025-10-20", "Outcome", "'Maybe' is not an outcome"),
        ("2025-10-06,B,Proposal,2025-10-20,Deleted,", "Outcome", "closed won"),
        ("2025-10-06,B,Proposal,someday,Won,2025-10-20", "Close Date", "'someday' is not a date"),
        ("2025-10-06,B,Proposal,2025-10-20,Won,2025-02-30", "Closed On", "not a date"),
        ("2025-13-06,B,Proposal,2025-10-20,Won,2025-10-20", "Snapshot Date", "not a date"),
        ("2025-10-06,B,,2025-10-20,Won,2025-10-20", "Deal Stage", "no stage"),
        ("2025-10-06,,Proposal,2025-10-20,Won,2025-10-20", "Record ID", "no deal id"),
        (",B,Proposal,2025-10-20,Won,2025-10-20", "Snapshot Date", "no snapshot"),
        ("2025-10-06,A,Proposal,2025-10-20,Won,2025-10-20", "Record ID", "'A' is also in row 2"),
        ("2025-10-06,B,Closed Won,2025-10-20,Won,2025-10-20", "Deal Stage", "not an open stage"),
        ("2025-10-06,B,Proposal,2025-10-20,Won,2025-10-01", "Closed On", "closed before its snapshot"),
    ],
)
def test_a_bad_row_is_named_and_left_out_and_the_rest_read(bad, column, words):
    history = read_stage_history("\n".join([HEADER, GOOD[0], bad, GOOD[1]]))
    (problem,) = history.problems
    assert (problem.row, problem.column) == (3, column)
    assert words in problem.message
    (odds,) = history.stage_odds
    assert (odds.n, odds.won) == (2, 1)  # rows 2 and 4 only


def test_the_same_deal_in_another_snapshot_is_no_duplicate():
    history = read_stage_history("\n".join([HEADER, GOOD[0], GOOD[0].replace("10-06", "10-13", 1)]))
    assert not history.problems
    assert history.stage_odds[0].n == 2


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("Record ID,Deal Stage,Close Date,Closed On", ("outcome",)),
        ("Record ID,Outcome,Close Date", ("stage",)),
        ("Amount,Deal Stage,Outcome", ("deal_id",)),
        ("Amount,Close Date", ("deal_id", "stage", "outcome")),
    ],
)
def test_a_missing_column_is_said_with_the_header_to_map(header, missing):
    with pytest.raises(HistoryError, match="No column found for") as caught:
        read_stage_history(f"{header}\n" + ",".join(["x"] * len(header.split(","))))
    assert caught.value.missing == missing
    assert caught.value.header == tuple(header.split(","))


def test_a_column_the_names_miss_is_read_when_mapped():
    text = "Deal Name,Phase,Result Text\nA,Proposal,Won\nB,Proposal,Lost\n"
    with pytest.raises(HistoryError) as caught:
        read_stage_history(text, mapping={"stage": "Phase", "outcome": "No Such Column"})
    assert caught.value.missing == ("outcome",)
    history = read_stage_history(text, mapping={"stage": "Phase", "outcome": "Result Text"})
    assert history.columns["deal_id"] == "Deal Name"  # named deals, no id column
    assert (history.stage_odds[0].stage, history.stage_odds[0].probability) == ("Proposal", 0.5)


@pytest.mark.parametrize("text", ["", "\n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_said(text):
    with pytest.raises(HistoryError, match="empty"):
        read_stage_history(text)


def test_dates_that_read_either_way_are_a_question_naming_the_column():
    ambiguous = f"{HEADER}\n2025-10-06,A,Proposal,04/05/2025,Won,2025-10-20\n"
    with pytest.raises(DateOrderQuestion, match="Column Close Date: a date such as 04/05"):
        read_stage_history(ambiguous)
    answered = read_stage_history(ambiguous, month_first=True)
    assert answered.month_first is True
    # A date another column writes day first settles the file: 04/05 is the 4th of May.
    settled = f"{HEADER}\n2025-10-06,A,Proposal,04/05/2025,Won,25/10/2025\n"
    history = read_stage_history(settled)
    assert history.month_first is False
    assert history.slippage is None
    assert not history.problems
    late = f"{HEADER}\n" + "\n".join(f"06/10/2025,{i},Proposal,04/10/2025,Won,25/10/2025" for i in range(10))
    assert read_stage_history(late).slippage.mean_days == 21.0  # 4 October to 25 October


def test_the_sample_history_is_what_its_script_writes_and_fits_near_its_generating_values():
    expected = closed_deals(np.random.default_rng(2025))
    buffer = io.StringIO()
    expected.to_csv(buffer, index=False, lineterminator="\r\n")
    assert SAMPLE.read_bytes().decode() == buffer.getvalue()
    frame = pd.read_csv(SAMPLE, keep_default_na=False)
    open_deals = pd.read_csv(SAMPLE.parent / "open_deals.csv")
    assert set(frame["Deal Owner"]) == set(OWNERS) == set(open_deals["Deal Owner"])
    assert set(frame["Deal Stage"]) == {name for name, _ in DEFAULT_STAGES}
    assert (frame["Snapshot Date"].min(), frame["Snapshot Date"].max()) == ("2025-10-06", "2025-12-29")
    history = read_stage_history(SAMPLE)
    assert not history.problems
    truth = dict(STAGES)
    assert [o.stage for o in history.stage_odds] == list(truth)
    for odds in history.stage_odds:
        assert not odds.too_few
        assert odds.low <= truth[odds.stage] <= odds.high, odds
    slippage = history.slippage
    assert slippage.n_won > 300
    assert sum(o.n for o in history.stage_odds) > 500
    assert slippage.share.low <= SLIP_SHARE <= slippage.share.high
    assert slippage.mean_days_low <= MEAN_SLIP_DAYS <= slippage.mean_days_high
