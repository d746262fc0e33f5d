"""The checks of a history's months as a whole: a month given twice or not at all, and counts out of funnel order.

Each problem is reported with its row where it has one (:class:`~simulator.history.reader.Problem`); nothing is
dropped: a month out of funnel order is only left out of the rate it breaks.
"""

from __future__ import annotations

from itertools import pairwise

import pandas as pd

from simulator.history.reader import COLUMN_OF_STAGE, Problem
from simulator.history.words import figure_name, period_text
from simulator.i18n import _, ngettext, number_text
from simulator.model.stages import RATES

#: (later, earlier) stage columns: a later stage never exceeds the one before it.
FUNNEL_ORDER = tuple((COLUMN_OF_STAGE[rate.result], COLUMN_OF_STAGE[rate.source]) for rate in RATES)


def check_months(data: pd.DataFrame, problems: list[Problem]) -> None:
    """One problem per row of a month given more than once, and one per run of months with no row."""
    duplicated = data[data["month"].duplicated(keep=False)]
    for _index, row in duplicated.iterrows():
        message = _("{month} appears more than once.").format(month=period_text(row["month"]))
        problems.append(Problem(int(row["row"]), None, message))
    check_missing_months(data["month"], problems)


def check_missing_months(months, problems: list[Problem]) -> None:
    """One problem per run of months with no row between the first month and the last."""
    months = sorted(set(months))
    for before, after in pairwise(months):
        # One problem per run of missing months, so two rows centuries apart make one line, not thousands.
        first, last, count = before + 1, after - 1, (after - before).n - 1
        if count == 1:
            message = _("{month} is missing: no row for that month.").format(month=period_text(first))
            problems.append(Problem(None, None, message))
        elif count > 1:
            message = ngettext(
                "{first} to {last} are missing: no rows for those {count} month.",
                "{first} to {last} are missing: no rows for those {count} months.",
                count,
            ).format(first=period_text(first), last=period_text(last), count=number_text(count))
            problems.append(Problem(None, None, message))


def check_funnel(data: pd.DataFrame, columns: dict, problems: list[Problem]) -> None:
    """One problem per month and stage whose count exceeds the stage's before it (see :data:`FUNNEL_ORDER`)."""
    for later, earlier in FUNNEL_ORDER:
        broken = data[data[later] > data[earlier]]
        for _index, row in broken.iterrows():
            message = _(
                "{later} ({later_count}) exceed {earlier} ({earlier_count}); this month is left out of the "
                "{later}/{earlier} rate."
            ).format(
                later=figure_name(later),
                earlier=figure_name(earlier),
                later_count=number_text(row[later]),
                earlier_count=number_text(row[earlier]),
            )
            problems.append(Problem(int(row["row"]), columns[later], message))
