"""Subscription targets beside the record, against values worked out by hand on a small history.

Seven months; customers at month starts 100, 104, 108, 110, 112, 115 (from the month before's end), churned
2, 3, 4, 2, 3, 3; no revenue column, so the new customers pay the base's average and the expansion is what the MRR
grew beyond that (0 here: MRR is $100 a customer throughout).
"""

import pytest

from simulator import Target
from simulator.history import judge_target, read_history
from simulator.model.target import Direction, Metric, Window

CUSTOMERS = [100, 104, 108, 110, 112, 115, 118]
CHURNED = [0, 2, 3, 4, 2, 3, 3]
ROWS = "\n".join(
    f"2025-{m + 1:02d},1000,100,30,{c - (CUSTOMERS[m - 1] if m else 96) + k},{c},{k},{100 * c}"
    for m, (c, k) in enumerate(zip(CUSTOMERS, CHURNED, strict=True))
)
HISTORY = read_history(f"month,visits,leads,qualified,won,customers,churned_customers,mrr\n{ROWS}")


def test_churn_rate_periods_are_churned_over_the_customers_at_the_months_start():
    # Three-month periods, the latest ending last: months 2-4 and 5-7 (month 1 has no month before).
    target = Target(
        metric=Metric.CHURN_RATE, value=0.02, deadline_month=3, window=Window.MONTHS, direction=Direction.AT_MOST
    )
    judged = judge_target(HISTORY, target)
    by_hand = [(2 + 3 + 4) / (100 + 104 + 108), (2 + 3 + 3) / (110 + 112 + 115)]
    assert judged.periods["value"].tolist() == pytest.approx(by_hand)
    assert judged.best == pytest.approx(min(by_hand))  # the best of a ceiling is the lowest
    # 2% against the last period's 2.37% is -16%; the one change on record, 2.88% -> 2.37%, is -18%: it fell
    # as much.
    assert judged.growth_vs_last == pytest.approx(0.02 / by_hand[1] - 1)
    assert judged.periods_that_grew_as_much == 1
    assert "fell that much" in judged.sentence


def test_nrr_periods_are_the_product_of_the_kept_shares_with_no_expansion():
    target = Target(metric=Metric.NRR, value=0.95, deadline_month=3, window=Window.MONTHS)
    judged = judge_target(HISTORY, target)
    kept = [1 - k / n for k, n in zip(CHURNED[1:], CUSTOMERS[:-1], strict=True)]
    assert judged.periods["value"].tolist() == pytest.approx(
        [kept[0] * kept[1] * kept[2], kept[3] * kept[4] * kept[5]]
    )


@pytest.mark.parametrize(
    ("metric", "column", "scale"),
    [(Metric.MRR, "mrr", 1), (Metric.ARR, "mrr", 12), (Metric.CUSTOMERS, "customers", 1)],
)
def test_levels_are_read_at_each_periods_end(metric, column, scale):
    judged = judge_target(HISTORY, Target(metric=metric, value=1, deadline_month=3, window=Window.MONTHS))
    ends = [CUSTOMERS[3], CUSTOMERS[6]] if column == "customers" else [100 * CUSTOMERS[3], 100 * CUSTOMERS[6]]
    assert judged.periods["value"].tolist()[-2:] == [scale * end for end in ends]


def test_revenue_in_subscription_mode_is_judged_on_the_mrr_and_a_missing_figure_on_nothing():
    target = Target(metric=Metric.REVENUE, value=30_000, deadline_month=3, window=Window.MONTHS)
    judged = judge_target(HISTORY, target, recurring=True)
    assert judged.periods["value"].iloc[-1] == 100 * sum(CUSTOMERS[4:7])
    assert judge_target(HISTORY, target) is None  # one-off revenue: the history has no revenue column
