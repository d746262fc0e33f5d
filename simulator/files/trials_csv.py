"""Trials CSV: one row per scenario, trial and month, with every stage, money figure and drawn input.

Each row names the engine version that drew it: the same seed gives other trials in another version. A scenario
with channels adds, for its n-th channel, ``channel_<n>_name`` and the channel's figures and drawn inputs
(``channel_<n>_leads``, ``channel_<n>_drawn_cost_per``, ...); its own traffic inputs are not drawn then.
A scenario in subscription mode adds its customer base (:data:`CUSTOMER_COLUMNS`): the customers at the month's
end, the new and churned customers of the month, the MRR at the month's end and what moved it (new, expansion and
churned MRR), and the churn and expansion rates drawn for the trial; ``revenue_usd`` is then the month's MRR.

Money columns are named in the file's currency (``revenue_eur``, ``channel_1_spend_eur``) and read in any, one per
file (:mod:`simulator.files.money_columns`); amounts are never converted.

The file is written standard (``,`` and ``.``) or for a spreadsheet in the manager's language (``;`` and ``,``,
:mod:`simulator.files.dialect`); :func:`read_trials` reads both without being told.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.engine.funnel import DRAWN_INPUTS, ENGINE_VERSION
from simulator.engine.result import SimulationResult
from simulator.engine.subscriptions import CustomerBase
from simulator.files.cells import safe_text, unsafe_text
from simulator.files.dialect import STANDARD, Dialect, detect_dialect
from simulator.files.money_columns import canonical_header, money_column
from simulator.files.text import decode_text
from simulator.i18n import currency as run_currency

#: Rows the app offers in one trials CSV: about 40 MB of text, a quarter of a spreadsheet's million rows.
MAX_TRIAL_ROWS = 250_000
#: The columns of a scenario in subscription mode, in the order written (after ``gross_profit_usd``).
CUSTOMER_COLUMNS = (
    "customers",
    "new_customers",
    "churned_customers",
    "mrr_usd",
    "new_mrr_usd",
    "expansion_mrr_usd",
    "churned_mrr_usd",
)
#: The money columns by their canonical names: a scenario's, and each channel's (``channel_<n>_revenue_usd``).
MONEY_COLUMNS = frozenset({"revenue_usd", "costs_usd", "gross_profit_usd", *CUSTOMER_COLUMNS[3:]})
_CHANNEL_MONEY = re.compile(r"channel_\d+_(revenue|spend)_usd")


def is_money_column(column: str) -> bool:
    """Whether the canonical `column` of a trials CSV is an amount of money.

    >>> is_money_column("mrr_usd"), is_money_column("channel_2_spend_usd"), is_money_column("deals")
    (True, True, False)
    """
    return column in MONEY_COLUMNS or _CHANNEL_MONEY.fullmatch(column) is not None


def trials_within(rows: int, months: int) -> int:
    """How many whole trials of `months` months fit in `rows` rows (at least one).

    >>> trials_within(MAX_TRIAL_ROWS, 12)
    20833
    """
    return max(1, rows // months)


def write_trials(
    results: Iterable[SimulationResult],
    *,
    max_trials: int | None = None,
    dialect: Dialect = STANDARD,
    currency: str | None = None,
) -> str:
    """The trials CSV text: one row per scenario, trial and month.

    Money is rounded to cents; drawn inputs are written in full precision. With `max_trials`, only each
    result's first `max_trials` trials are written (the same trials as in the full run, not a new run). The
    `dialect` says how cells are separated and decimals written (:func:`~simulator.files.dialect.local_dialect`
    for a spreadsheet in the manager's language); :func:`read_trials` reads either. The money columns are named in
    `currency`, an ISO 4217 code (``revenue_eur``), by default the run's (:func:`simulator.i18n.currency`); a
    `currency` that is not one raises ValueError.
    """
    frames = [trials_frame(result, max_trials) for result in results]
    frame = pd.concat(frames, ignore_index=True)
    frame["scenario"] = frame["scenario"].map(safe_text)
    code = currency or run_currency()
    frame = frame.rename(columns=lambda column: money_column(column, code))
    return frame.to_csv(index=False, lineterminator="\r\n", sep=dialect.separator, decimal=dialect.decimal_mark)


def read_trials(source: str | bytes | Path) -> pd.DataFrame:
    """The rows of a trials CSV in either dialect, as :func:`trials_frame` made them (names as they were).

    Parameters
    ----------
    source : str, bytes or Path
        The file's text, bytes or path.

    Returns
    -------
    pandas.DataFrame
        One row per scenario, trial and month; the scenario and channel names without their formula guard, the
        money columns by their canonical names (``revenue_eur`` as ``revenue_usd``, amounts as they are). Its
        ``attrs["currency"]`` is the ISO 4217 code the file's money columns were named in (None without any).

    Raises
    ------
    FileTextError
        When the file cannot be opened or is not text.
    MixedCurrencyError
        When its money columns are in different currencies (:mod:`simulator.files.money_columns`).

    Examples
    --------
    >>> read_trials("scenario;trial;revenue_usd\\r\\n'=Q3;1;1234,5\\r\\n").to_dict("records")
    [{'scenario': '=Q3', 'trial': 1, 'revenue_usd': 1234.5}]
    >>> frame = read_trials("scenario,trial,revenue_EUR\\r\\nQ3,1,1234.5\\r\\n")
    >>> list(frame.columns), frame.attrs["currency"]
    (['scenario', 'trial', 'revenue_usd'], 'EUR')
    """
    text = decode_text(source)
    dialect = detect_dialect(text)
    header = next(csv.reader(io.StringIO(text), delimiter=dialect.separator), [])
    canonical, currency = canonical_header(header, is_money_column)  # before reading: a mixed file is refused
    names = [column for column in header if column == "scenario" or _is_channel_name(column)]
    frame = pd.read_csv(
        io.StringIO(text),
        sep=dialect.separator,
        decimal=dialect.decimal_mark,
        dtype=dict.fromkeys(names, str),
        # A name is text, whatever it says ("NA", "null"); only an empty number cell is missing.
        keep_default_na=False,
        na_values={column: [""] for column in header if column not in names},
    )
    frame[names] = frame[names].map(unsafe_text)
    # Only the renamed columns: pandas has already told apart any repeated name ("revenue_usd.1").
    frame = frame.rename(columns={name: new for name, new in zip(header, canonical, strict=True) if new != name})
    frame.attrs["currency"] = currency
    return frame


def _is_channel_name(column: str) -> bool:
    return column.startswith("channel_") and column.endswith("_name")


def trials_frame(result: SimulationResult, max_trials: int | None = None) -> pd.DataFrame:
    """One row per trial and month of `result` (its first `max_trials`), as :func:`write_trials` writes."""
    trials, months = min(result.trials, max_trials or result.trials), result.months
    first = slice(0, trials)
    columns = {
        "engine_version": np.full(trials * months, ENGINE_VERSION),
        "scenario": np.full(trials * months, result.scenario.name, dtype=object),
        "trial": np.repeat(np.arange(1, trials + 1), months),
        "month": np.tile(np.arange(1, months + 1), trials),
        "visits": result.visits[first].ravel(),
        "leads": result.leads[first].ravel(),
        "qualified": result.qualified[first].ravel(),
        "worked": result.worked[first].ravel(),
        "backlog": result.backlog[first].ravel(),
        "closed": result.closed[first].ravel(),
        "deals": result.deals[first].ravel(),
        "revenue_usd": np.round(result.revenue[first].ravel(), 2),
        "costs_usd": np.round(np.ravel(result.costs[first]), 2),
        "gross_profit_usd": np.round(result.gross_profit()[first].ravel(), 2),
    }
    if result.customer_base is not None:
        columns |= customer_columns(result.customer_base, result.deals, first)
    for name in DRAWN_INPUTS:
        if name in result.drawn:  # with channels, the traffic inputs are each channel's own
            columns[f"drawn_{name}"] = np.repeat(result.drawn[name][first], months)
    for number, channel in enumerate(result.channels, start=1):
        stem = f"channel_{number}_"
        columns[f"{stem}name"] = np.full(trials * months, safe_text(channel.channel.name), dtype=object)
        for name, values in channel.monthly.items():
            column = values[first].ravel()
            if name == "revenue":
                columns[f"{stem}revenue_usd"] = np.round(column, 2)
            else:
                columns[stem + name] = column
        columns[f"{stem}spend_usd"] = np.tile(channel.spend, trials)
        for name, values in channel.drawn.items():
            columns[f"{stem}drawn_{name}"] = np.repeat(values[first], months)
    return pd.DataFrame(columns)


def customer_columns(base: CustomerBase, deals: np.ndarray, first: slice) -> dict[str, np.ndarray]:
    """The :data:`CUSTOMER_COLUMNS` of `base` for the trials of `first`, flat as :func:`trials_frame` writes them,
    and the churn and expansion drawn for each trial.

    Each won deal is a new customer; the new MRR is what the month's MRR gained beyond the retained and expanded
    MRR of the customers at its start (the won deals' value / 12). Money is rounded to cents.
    """
    months = base.mrr.shape[1]
    new_mrr = base.mrr - base.opening_mrr() + base.churned_mrr() - base.expansion_mrr()
    counts = (base.customers, deals, base.churned)
    money = (base.mrr, new_mrr, base.expansion_mrr(), base.churned_mrr())
    columns = {name: values[first].ravel() for name, values in zip(CUSTOMER_COLUMNS[:3], counts, strict=True)}
    columns |= {
        name: np.round(values[first].ravel(), 2) for name, values in zip(CUSTOMER_COLUMNS[3:], money, strict=True)
    }
    return columns | {f"drawn_{name}": np.repeat(values[first], months) for name, values in base.drawn.items()}
