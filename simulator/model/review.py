"""A weekly review of a goal in flight: the period's goal, what is banked, the open deals, and the funnel that
still brings new opportunities before the deadline.

The rest of the period is :attr:`Pipeline.days_left` days after the review. The funnel (a scenario: its traffic
or channels, rates, win rate, deal size, sales cycle and team) runs from the review on, without its open
pipeline (the open deals are the pipeline now), for the whole months left and the part of a month after them:
a month's deals are taken to close evenly across it, so each deal of that last, partial month closes before the
deadline with the share of the month that is left (:mod:`simulator.engine.review`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.i18n import _
from simulator.model.checks import InputError
from simulator.model.open_deals import Pipeline
from simulator.model.scenario import Scenario

#: Days in a month on average (365.25 / 12), to turn the days left into months of the funnel.
DAYS_PER_MONTH = 365.25 / 12
#: What a review's goal counts.
REVIEW_FIGURES = ("deals", "revenue")


@dataclass(frozen=True, kw_only=True)
class Review:
    """A goal in flight, reviewed.

    Parameters
    ----------
    pipeline : Pipeline
        The open deals, the days left in the period, slippage, trials and seed.
    figure : str
        ``"deals"`` (won deals) or ``"revenue"``.
    goal : float
        The period's goal, in the figure's units.
    banked : float
        What the period has already won.
    weeks_done : float
        Weeks of the period before the review.
    funnel : Scenario or None
        The funnel that brings new opportunities before the deadline; None: only the open deals count.
    """

    pipeline: Pipeline
    figure: str = "deals"
    goal: float
    banked: float = 0.0
    weeks_done: float = 0.0
    funnel: Scenario | None = None

    def __post_init__(self):
        if self.figure not in REVIEW_FIGURES:
            raise InputError(
                "figure", self.figure, _("one of: {choices}").format(choices=", ".join(REVIEW_FIGURES))
            )
        for name in ("goal", "banked", "weeks_done"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and 0 <= value < math.inf):
                raise InputError(name, value, _("a number, 0 or more"))

    @property
    def weeks_left(self) -> float:
        """Weeks from the review to the period's end."""
        return self.pipeline.days_left / 7

    def week_ends(self) -> tuple[float, ...]:
        """Days after the review at which the period's running total is drawn: the review itself, each week's
        end, and the period's end.

        Examples
        --------
        >>> from simulator.model.open_deals import Pipeline
        >>> Review(pipeline=Pipeline(deals=(), days_left=16.0), goal=1).week_ends()
        (0.0, 7.0, 14.0, 16.0)
        """
        end = self.pipeline.days_left
        return (*(7.0 * week for week in range(math.ceil(end / 7))), end)

    @property
    def months_left(self) -> float:
        """Months from the review to the period's end, the funnel's unit."""
        return self.pipeline.days_left / DAYS_PER_MONTH
