"""Recurring revenue: what a won deal becomes in subscription mode, and the checks of the customer base's inputs.

In :attr:`RevenueMode.SUBSCRIPTION` each won deal is a new customer whose monthly recurring revenue (MRR) is its
deal size / 12: the deal size is read as the annual contract value, so the engine's deal sizes, each deal its
own, are the new customers' MRR x 12. The base starts with ``starting_customers`` paying ``starting_mrr`` in
all. Each month, of the customers at its start, Binomial(customers, churn) leave (churn drawn once per trial from
its 90% range, like the conversion rates); the retained MRR grows by the net expansion rate (drawn once per trial,
normal on its 90% range: it may be negative); then the month's new customers join. A customer who leaves takes
the base's average MRR with it: the expected MRR is exact, and the spread of who leaves is left out
(:mod:`simulator.engine.subscriptions` says how much that is).
"""

from __future__ import annotations

from enum import StrEnum

from simulator.i18n import _
from simulator.model.checks import InputError


class RevenueMode(StrEnum):
    """What a won deal brings: its size once, or a customer paying its size / 12 every month."""

    ONE_OFF = "one_off"
    SUBSCRIPTION = "subscription"


#: A deal's size is an annual contract value: a customer's MRR is it divided by this.
MONTHS_PER_YEAR = 12


def check_starting_base(customers: int, mrr: float) -> None:
    """A starting base with MRR has customers paying it.

    Raises
    ------
    InputError
        Naming ``starting_mrr`` when it is above 0 with no starting customers.
    """
    if mrr > 0 and customers == 0:
        raise InputError("starting_mrr", mrr, _("0 when there are no starting customers (set how many pay it)"))
