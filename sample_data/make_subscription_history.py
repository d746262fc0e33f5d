"""Remake sample_data/subscription_history.csv: 24 months of a SaaS team, drawn from a known truth.

The funnel is made by the engine (:func:`~simulator.history.engine_history`), each won deal a new customer paying
its size / 12 a month (the size is the annual contract value); the customer base around it is drawn from
:data:`TRUTH` by :func:`~simulator.history.with_customer_base`: each month 2% of the customers leave (a binomial
count) and the MRR kept grows by 0.5% on average, by a rate that varies from month to month (1 point). Fitting
the file should find churn and expansion ranges around those values, and a base near that of the sample scenario
"SaaS subscriptions: MRR +10% within a year" (sample_data/scenarios.csv): 214 customers paying $107,018 at
the end against 200 paying $100,000.

python -m sample_data.make_subscription_history      (from the project folder)
"""

from pathlib import Path

import numpy as np

from simulator import Range, Scenario
from simulator.history import engine_history, with_customer_base

FUNNEL = Scenario(
    traffic=Range.known(10_500.0),
    visit_to_lead=Range.known(0.025),
    lead_to_qualified=Range.known(0.2),
    win_rate=Range.known(0.13),
    deal_size=Range(4000.0, 9000.0),
    marketing_spend=15_000.0,
    reps=3,
)
#: The customer base the history is drawn from: where it starts the month before the first, and its rates.
TRUTH = {"customers": 120, "mrr": 46_000.0, "churn": 0.02, "expansion": 0.005, "expansion_spread": 0.01}
MONTHS, SEED = 24, 2026


def subscription_history():
    """The sample subscription history, as the file holds it."""
    funnel, base = np.random.default_rng(SEED).spawn(2)
    frame = engine_history(FUNNEL, MONTHS, start="2024-01", rng=funnel)
    return with_customer_base(frame, **TRUTH, rng=base)


if __name__ == "__main__":
    subscription_history().to_csv(
        Path(__file__).with_name("subscription_history.csv"), index=False, lineterminator="\r\n"
    )
