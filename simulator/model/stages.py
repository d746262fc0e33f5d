"""The funnel's stages in order, and the conversion rates between them: one table every page and analysis reads.

A stage is a count the engine draws each month (visits, leads, qualified opportunities, won deals), named by
its :class:`~simulator.model.target.Metric` and labelled by :attr:`Metric.label`. A rate is the scenario
field that turns one stage into the next (``visit_to_lead``: leads per visit).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.i18n import N_, _
from simulator.model.target import Metric

#: The funnel's stages, top to bottom.
STAGES: tuple[Metric, ...] = (Metric.TRAFFIC, Metric.LEADS, Metric.QUALIFIED, Metric.DEALS)


@dataclass(frozen=True)
class Rate:
    """A conversion rate of the funnel.

    Attributes
    ----------
    name : str
        The scenario field holding its 90% range (``"visit_to_lead"``).
    english_label : str
        Its name on screen in English, capitalised (``"Visit → lead rate"``); :attr:`label` translates it.
    source, result : Metric
        The stage it converts from (the denominator) and the one it converts to (the numerator).
    """

    name: str
    english_label: str
    source: Metric
    result: Metric

    @property
    def label(self) -> str:
        """Its name on screen in the run's language, capitalised (``"Visit → lead rate"``)."""
        return _(self.english_label)


#: The three rates, in funnel order: each converts one stage into the next.
RATES: tuple[Rate, ...] = (
    Rate("visit_to_lead", N_("Visit → lead rate"), Metric.TRAFFIC, Metric.LEADS),
    Rate("lead_to_qualified", N_("Lead → qualified rate"), Metric.LEADS, Metric.QUALIFIED),
    Rate("win_rate", N_("Win rate"), Metric.QUALIFIED, Metric.DEALS),
)
#: The rates by scenario field.
RATE: dict[str, Rate] = {rate.name: rate for rate in RATES}
#: The rate that leads into each stage after the first.
RATE_INTO: dict[Metric, Rate] = {rate.result: rate for rate in RATES}


def stages_to(metric: Metric) -> tuple[Metric, ...]:
    """The stages from the top of the funnel down to `metric` (all of them for a money metric).

    Examples
    --------
    >>> [m.value for m in stages_to(Metric.QUALIFIED)]
    ['traffic', 'leads', 'qualified']
    """
    return STAGES[: STAGES.index(metric) + 1] if metric in STAGES else STAGES
