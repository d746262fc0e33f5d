"""A target beside the team's record: best and typical past periods, and how often they grew as much."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from simulator.history.reader import History, HistoryError, read_history  # noqa: F401 (doctest)


@dataclass(frozen=True)
class Judgement:
    """A target beside the team's record over periods of the same length.

    Attributes
    ----------
    periods : DataFrame
        Past periods (``start``, ``end``, ``value``), oldest first.
    best, typical : float
        The best and the median past period.
    growth_vs_last : float or None
        Growth the target implies against the last period.
    growth_vs_last_year : float or None
        ... against the same period a year earlier.
    periods_that_grew_as_much : int
    periods_compared : int
        How many period-to-period changes the record has.
    sentence : str
    """

    periods: pd.DataFrame
    best: float
    typical: float
    growth_vs_last: float | None
    growth_vs_last_year: float | None
    periods_that_grew_as_much: int
    periods_compared: int
    sentence: str


def judge(history: History, figure: str, target: float, months: int) -> Judgement:
    """Put a target for `months` months of `figure` beside the record.

    Examples
    --------
    >>> h = read_history("month,visits,leads,qualified,won\\n" + "\\n".join(
    ...     f"2024-{m:02d},1000,100,40,{10 + m}" for m in range(1, 13)))
    >>> judge(h, "won", 80, 3).periods_that_grew_as_much  # +27% on the last quarter; best growth was +25%
    0
    """
    data = history.data.dropna(subset=[figure])
    values = data.set_index("month")[figure]
    starts = list(range(len(values) % months, len(values) - months + 1, months))  # the latest period ends last
    periods = pd.DataFrame(
        [
            {
                "start": values.index[s],
                "end": values.index[s + months - 1],
                "value": float(values.iloc[s : s + months].sum()),
            }
            for s in starts
        ]
    )
    if periods.empty:
        raise HistoryError(f"The history has fewer than {months} months of {figure}: nothing to compare with.")
    last = periods["value"].iloc[-1]
    growth_last = target / last - 1 if last > 0 else None
    per_year = 12 // months if 12 % months == 0 else None
    year_ago = periods["value"].iloc[-per_year] if per_year and len(periods) >= per_year else None
    growth_year = target / year_ago - 1 if year_ago else None
    changes = periods["value"].pct_change().dropna()
    needed = growth_last if growth_last is not None else math.inf
    grew = int((changes >= needed).sum())
    word = {1: "months", 3: "quarters", 12: "years"}.get(months, f"{months}-month periods")
    sentence = (
        (
            f"The target implies {needed:+.0%} against the last period; {grew} of {len(changes)} past {word} "
            f"grew that much. Best period {periods['value'].max():,.0f}, typical "
            f"{periods['value'].median():,.0f}."
        )
        if growth_last is not None
        else (f"Best period {periods['value'].max():,.0f}, typical {periods['value'].median():,.0f}.")
    )
    return Judgement(
        periods,
        float(periods["value"].max()),
        float(periods["value"].median()),
        growth_last,
        growth_year,
        grew,
        len(changes),
        sentence,
    )
