"""The funnel's stages in order, and the conversion rates between them: one table every page and analysis reads.

A stage is a count the engine draws each month (visits, leads, qualified opportunities, won deals), named by
its :class:`~simulator.model.target.Metric` and labelled by :attr:`Metric.label`. A rate is the scenario
field that turns one stage into the next (``visit_to_lead``: leads per visit).
"""

from __future__ import annotations

from dataclasses import dataclass

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
    label : str
        Its name on screen, capitalised (``"Visit → lead rate"``).
    source, result : Metric
        The stage it converts from (the denominator) and the one it converts to (the numerator).
    """

    name: str
    label: str
    source: Metric
    result: Metric


#: The three rates, in funnel order: each converts one stage into the next.
RATES: tuple[Rate, ...] = (
    Rate("visit_to_lead", "Visit → lead rate", Metric.TRAFFIC, Metric.LEADS),
    Rate("lead_to_qualified", "Lead → qualified rate", Metric.LEADS, Metric.QUALIFIED),
    Rate("win_rate", "Win rate", Metric.QUALIFIED, Metric.DEALS),
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
