"""The open deals of a weekly review: a CRM pipeline export, each deal at a stage with a chance to win, an amount
and an expected close date, and how late deals slip.

A deal is won with its stage's probability (a stage -> probability table, :data:`DEFAULT_STAGES` as a starting
point: Salesforce's default opportunity stages and probabilities), on its own luck. It closes on its expected
date, or, for the share of deals that slip (a 90% range, drawn once per trial: how much a team slips is not known
exactly), later by an exponentially distributed delay of mean :attr:`Pipeline.mean_slip_days`. It counts for the
period when it is won and closes by the period's end (:attr:`Pipeline.days_left` after the review).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from simulator.i18n import _, ngettext, number_text
from simulator.model.checks import InputError
from simulator.model.distributions import Range

#: Salesforce's default opportunity stages and their probabilities, open stages only.
DEFAULT_STAGES = (
    ("Prospecting", 0.10),
    ("Qualification", 0.10),
    ("Needs Analysis", 0.20),
    ("Value Proposition", 0.50),
    ("Id. Decision Makers", 0.60),
    ("Perception Analysis", 0.70),
    ("Proposal/Price Quote", 0.75),
    ("Negotiation/Review", 0.90),
)
#: Open deals a review takes at most (a CRM export of a quarter's pipeline is hundreds).
MAX_DEALS = 20_000
#: The longest period left a review looks ahead: five years, each week of which is a point of its progress fan.
MAX_DAYS_LEFT = 5 * 366


@dataclass(frozen=True, kw_only=True)
class OpenDeal:
    """One open deal of the pipeline.

    Parameters
    ----------
    deal_id : str
        Unique in the pipeline: its luck is keyed by it.
    stage : str
        One of the pipeline's stages.
    amount : float
        What it is worth when won, 0 or more.
    close_day : float
        Days from the review to its expected close date, 0 or more (a date already past is refused: the CRM
        should move it).
    owner, name : str
        Who works it, and what it is called.
    """

    deal_id: str
    stage: str
    amount: float
    close_day: float
    owner: str = ""
    name: str = ""

    def __post_init__(self):
        if not isinstance(self.deal_id, str) or not self.deal_id.strip():
            raise InputError("deal_id", self.deal_id, _("a deal's id or name, not empty"))
        if not (isinstance(self.amount, (int, float)) and math.isfinite(self.amount) and self.amount >= 0):
            raise InputError(f"deals.{self.deal_id}.amount", self.amount, _("an amount of money, 0 or more"))
        if not (isinstance(self.close_day, (int, float)) and math.isfinite(self.close_day)):
            raise InputError(f"deals.{self.deal_id}.close_day", self.close_day, _("a number of days"))
        if self.close_day < 0:
            raise InputError(
                f"deals.{self.deal_id}.close_date",
                self.close_day,
                _("today or later for an open deal (a past date: move it in the CRM, or close the deal)"),
            )


@dataclass(frozen=True, kw_only=True)
class Pipeline:
    """The open deals of a review and what they are judged by.

    Parameters
    ----------
    deals : tuple of OpenDeal
        At most :data:`MAX_DEALS`, ids unique.
    stages : tuple of (str, float)
        Each stage and its probability to win, 0 to 1.
    days_left : float
        Days from the review to the period's end.
    slip_share : Range
        90% range of the share of deals that close later than expected.
    mean_slip_days : float
        Mean delay of a deal that slips, in days (above 0).
    trials : int
        Monte Carlo trials.
    seed : int
        Seed of the random numbers.
    """

    deals: tuple[OpenDeal, ...]
    stages: tuple[tuple[str, float], ...] = DEFAULT_STAGES
    days_left: float = 90.0
    slip_share: Range = field(default_factory=lambda: Range(0.1, 0.3))
    mean_slip_days: float = 30.0
    trials: int = 20_000
    seed: int = 0

    def __post_init__(self):
        probabilities = dict(self.stages)
        if len(probabilities) != len(self.stages):
            raise InputError("stages", [name for name, _probability in self.stages], _("each stage named once"))
        for name, probability in self.stages:
            if not 0 <= probability <= 1:
                raise InputError(f"stages.{name}", probability, _("a probability between 0% and 100%"))
        if len(self.deals) > MAX_DEALS:
            raise InputError(
                "deals",
                len(self.deals),
                ngettext("at most {count} open deal", "at most {count} open deals", MAX_DEALS).format(
                    count=number_text(MAX_DEALS)
                ),
            )
        seen: set[str] = set()
        for deal in self.deals:
            if deal.deal_id in seen:
                raise InputError(f"deals.{deal.deal_id}", deal.deal_id, _("a deal id used once in the pipeline"))
            seen.add(deal.deal_id)
            if deal.stage not in probabilities:
                raise InputError(
                    f"deals.{deal.deal_id}.stage",
                    deal.stage,
                    _("one of the stages: {stages}").format(stages=", ".join(probabilities)),
                )
        if not 0 <= self.days_left <= MAX_DAYS_LEFT:
            raise InputError(
                "days_left",
                self.days_left,
                _("a number of days from 0 to {most} (5 years)").format(most=number_text(MAX_DAYS_LEFT)),
            )
        share = self.slip_share
        inside = (share.is_known and 0 <= share.low < 1) or 0 < share.low <= share.high < 1
        if not inside:
            allowed = _(
                "a 90% range of a share below 100%, low <= high, strictly above 0% when low and high differ"
            )
            raise InputError("slip_share", (share.low, share.high), allowed)
        if not 0 < self.mean_slip_days < math.inf:
            raise InputError("mean_slip_days", self.mean_slip_days, _("a number of days above 0"))
        if not (isinstance(self.trials, int) and self.trials >= 1):
            raise InputError("trials", self.trials, _("a whole number of trials, 1 or more"))

    def probabilities(self) -> list[float]:
        """Each deal's probability to win, in the order of `deals`."""
        by_stage = dict(self.stages)
        return [by_stage[deal.stage] for deal in self.deals]
