"""A subscription business's customer base in a history: the customers and MRR at each month's start, and the
checks of its rows.

A history may give, per month, ``customers`` (paying at the month's end), ``new_customers``,
``churned_customers`` (of the customers at the month's start) and ``mrr`` (at the month's end). The base at a
month's start is the month before's end: known only when the month before has a row.
"""

from __future__ import annotations

import pandas as pd

from simulator.history.reader import Problem
from simulator.history.words import period_text
from simulator.i18n import _, ngettext, number_text


def opening(data: pd.DataFrame, figure: str) -> pd.Series:
    """`figure` at each month's start: the month before's value, NaN when the month before has no row.

    Examples
    --------
    >>> data = pd.DataFrame({"month": pd.PeriodIndex(["2025-01", "2025-02", "2025-04"], freq="M"),
    ...                      "customers": [10.0, 12.0, 15.0]})
    >>> opening(data, "customers").tolist()
    [nan, 10.0, nan]
    """
    follows = data["month"].shift(1) == data["month"] - 1
    return data[figure].shift(1).where(follows)


def new_customers(data: pd.DataFrame) -> pd.Series:
    """The new customers of each month: the ``new_customers`` column, or the won deals when there is none."""
    return data["new_customers"] if "new_customers" in data else data["won"]


def check_customer_base(data: pd.DataFrame, columns: dict[str, str], problems: list[Problem]) -> None:
    """Report what cannot be so in the customer base of `data`, each problem with its row and column.

    MRR above 0 in a month with no customers, and churned customers above the customers at the month's start,
    are left out (set to NaN in `data`); customers that are not the month before's, less the churned, plus the
    new, are reported and used as written (accounts come back, or are merged). Churned customers or MRR without
    a ``customers`` column are reported once: nothing measures churn or expansion without the customers.

    Examples
    --------
    >>> from simulator.history.reader import read_history
    >>> text = "month,visits,leads,qualified,won,customers,churned,mrr\\n2025-01,900,90,30,8,100,0,50000\\n"
    >>> for problem in read_history(text + "2025-02,900,90,30,8,0,120,1000").problems:
    ...     print(problem)
    row 3, mrr: MRR 1,000.00 in a month with no customers; left out.
    row 3, churned: 120 churned customers exceed the 100 customers at the month's start (2025-01's); left out.
    """
    if "customers" not in data:
        for figure in ("churned_customers", "mrr"):
            if figure in data:
                message = _("given without a customers column, which it needs (map one); not used.")
                problems.append(Problem(None, columns[figure], message))
        return
    if "mrr" in data:
        for index, row in data[(data["mrr"] > 0) & (data["customers"] == 0)].iterrows():
            message = _("MRR {mrr} in a month with no customers; left out.").format(mrr=number_text(row["mrr"], 2))
            _leave_out(data, index, "mrr", Problem(int(row["row"]), columns["mrr"], message), problems)
    if "churned_customers" not in data:
        return
    start, churned, new = opening(data, "customers"), data["churned_customers"], new_customers(data)
    for index in data.index[churned > start]:
        message = ngettext(
            "{churned} churned customers exceed the {start} customers at the month's start ({month}'s); left out.",
            "{churned} churned customers exceed the {start} customers at the month's start ({month}'s); left out.",
            int(churned[index]),
        ).format(
            churned=number_text(churned[index]),
            start=number_text(start[index]),
            month=period_text(data["month"][index] - 1),
        )
        problem = Problem(int(data["row"][index]), columns["churned_customers"], message)
        _leave_out(data, index, "churned_customers", problem, problems)
    churned = data["churned_customers"]  # without the counts just left out
    expected = start - churned + new
    for index in data.index[expected.notna() & data["customers"].notna() & (data["customers"] != expected)]:
        message = ngettext(
            "{customers} customers are not the {start} at the month's start, less {churned} churned, plus {new} "
            "new; used as written (accounts that came back, or were merged?).",
            "{customers} customers are not the {start} at the month's start, less {churned} churned, plus {new} "
            "new; used as written (accounts that came back, or were merged?).",
            int(data["customers"][index]),
        ).format(
            customers=number_text(data["customers"][index]),
            start=number_text(start[index]),
            churned=number_text(churned[index]),
            new=number_text(new[index]),
        )
        problems.append(Problem(int(data["row"][index]), columns["customers"], message))


def _leave_out(data: pd.DataFrame, index, figure: str, problem: Problem, problems: list[Problem]) -> None:
    problems.append(problem)
    data.loc[index, figure] = float("nan")
