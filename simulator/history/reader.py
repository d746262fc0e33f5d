"""History: past monthly funnel counts, read from a CRM or spreadsheet export, checked and fitted.

Reading is forgiving about form (``,`` or ``;``, decimal comma, thousands separators, BOM, months written as
``2025-01``, ``01/2025``, ``Jan 2025`` or ``2025-01-31``, headers in English, Spanish, Russian or Arabic) and
honest about content: every problem is reported with its row number, nothing is dropped silently, and the
report says which rows each figure was fitted on.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from simulator.analysis.targets import evaluate
from simulator.engine.funnel import simulate
from simulator.files.scenario_csv import ScenarioFileError, decode_text, parse_number, sniff_delimiter
from simulator.model.distributions import Z95, Range
from simulator.model.scenario import Direction, Scenario

#: The figures a history file can hold, and the headers recognised for each (lower case).
FIELDS = {
    "month": ("month", "period", "date", "mes", "fecha", "periodo", "месяц", "период", "дата", "الشهر", "التاريخ"),
    "visits": (
        "visits",
        "visitors",
        "sessions",
        "traffic",
        "unique visits",
        "visitas",
        "sesiones",
        "визиты",
        "посещения",
        "трафик",
        "الزيارات",
        "الزوار",
    ),
    "leads": ("leads", "lead", "new leads", "contactos", "prospectos", "лиды", "заявки", "العملاء المحتملون"),
    "qualified": (
        "qualified",
        "opportunities",
        "sql",
        "sqls",
        "qualified opportunities",
        "oportunidades",
        "calificados",
        "квалифицированные",
        "возможности",
        "الفرص المؤهلة",
        "المؤهلة",
    ),
    "won": (
        "won",
        "deals",
        "won deals",
        "customers",
        "new customers",
        "closed won",
        "ganados",
        "ventas",
        "clientes",
        "сделки",
        "выигранные",
        "клиенты",
        "الصفقات",
        "الصفقات المغلقة",
    ),
    "revenue": ("revenue", "sales", "bookings", "ingresos", "facturación", "выручка", "доход", "الإيرادات"),
    "marketing_spend": (
        "marketing spend",
        "spend",
        "marketing",
        "gasto",
        "inversión",
        "расходы",
        "бюджет",
        "الإنفاق",
    ),
    "reps": ("reps", "sales reps", "vendedores", "comerciales", "менеджеры", "продавцы", "مندوبي المبيعات"),
}
REQUIRED = ("month", "visits", "leads", "qualified", "won")
COUNTS = ("visits", "leads", "qualified", "won")
FUNNEL_ORDER = (("leads", "visits"), ("qualified", "leads"), ("won", "qualified"))
MONTH_WORDS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "ene", "enero", "янв", "январь"),
            ("feb", "february", "febrero", "фев", "февраль"),
            ("mar", "march", "marzo", "мар", "март"),
            ("apr", "april", "abr", "abril", "апр", "апрель"),
            ("may", "mayo", "май"),
            ("jun", "june", "junio", "июн", "июнь"),
            ("jul", "july", "julio", "июл", "июль"),
            ("aug", "august", "ago", "agosto", "авг", "август"),
            ("sep", "sept", "september", "septiembre", "сен", "сентябрь"),
            ("oct", "october", "octubre", "окт", "октябрь"),
            ("nov", "november", "noviembre", "ноя", "ноябрь"),
            ("dec", "december", "dic", "diciembre", "дек", "декабрь"),
        ),
        start=1,
    )
    for name in names
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: where it is (row as the spreadsheet numbers it, column) and what."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"row {self.row}" if self.row else "", self.column or "") if p)
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class History:
    """Monthly funnel counts as read, with every problem found.

    Attributes
    ----------
    data : DataFrame
        One row per month (a ``Period`` column ``month``, sorted), the figures as floats; a cell that could
        not be used is NaN. ``row`` holds the file's row number.
    problems : list of Problem
    mapping : dict
        Which file column each figure was read from.
    """

    data: pd.DataFrame
    problems: list[Problem]
    mapping: dict[str, str]

    def usable(self, numerator: str, denominator: str) -> pd.DataFrame:
        """Rows where a rate can be measured: both counts present and in funnel order."""
        frame = self.data.dropna(subset=[numerator, denominator])
        return frame[(frame[numerator] <= frame[denominator]) & (frame[denominator] > 0)]


class HistoryError(ValueError):
    """A history file that cannot be read at all (one plain message)."""


def match_columns(header: list[str], mapping: Mapping[str, str] | None = None) -> dict[str, str]:
    """Figure -> file column, by the known names, overridden by `mapping`."""
    found = {}
    lowered = {name.strip().lower(): name for name in header}
    for figure, names in FIELDS.items():
        for name in names:
            if name in lowered:
                found[figure] = lowered[name]
                break
    found.update({k: v for k, v in (mapping or {}).items() if v})
    return found


def parse_month(text: str) -> pd.Period:
    """A month from ``2025-01``, ``01/2025``, ``1.2025``, ``Jan 2025``, ``enero 2025`` or ``2025-01-31``.

    Examples
    --------
    >>> [str(parse_month(t)) for t in ("2025-01", "01/2025", "Jan 2025", "2025-01-31", "дек 2024")]
    ['2025-01', '2025-01', '2025-01', '2025-01', '2024-12']
    """
    cleaned = text.strip().lower().replace(",", " ")
    if match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?", cleaned):
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(?:\d{1,2}[-/.])?(\d{1,2})[-/.](\d{4})", cleaned):
        month, year = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"([^\d\s]+)\.?\s*(\d{4})", cleaned):
        month, year = MONTH_WORDS.get(match[1].rstrip(".")), int(match[2])
    else:
        raise ValueError(text)
    if month is None or not 1 <= month <= 12:
        raise ValueError(text)
    return pd.Period(year=year, month=month, freq="M")


def read_history(source: str | bytes | Path, mapping: Mapping[str, str] | None = None) -> History:
    """Read a history CSV, reporting every problem with its row.

    Parameters
    ----------
    source : str, bytes or Path
    mapping : mapping of figure to column name, optional
        For headers the reader does not recognise (see :data:`FIELDS`).

    Raises
    ------
    HistoryError
        When the file cannot be read at all, or a required figure has no column.
    """
    try:
        text = decode_text(source)
    except ScenarioFileError as error:
        raise HistoryError(str(error)) from None
    delimiter = sniff_delimiter(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows or not any(c.strip() for c in rows[0]):
        raise HistoryError("The file is empty: it needs a header row and one row per month.")
    header = [c.strip() for c in rows[0]]
    columns = match_columns(header, mapping)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise HistoryError(
            f"No column for {', '.join(missing)}: map it to one of the file's columns "
            f"({', '.join(h for h in header if h)})."
        )
    index = {figure: header.index(name) for figure, name in columns.items() if name in header}
    problems, records = [], []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        record = {"row": line}
        month_text = cells[index["month"]].strip() if index["month"] < len(cells) else ""
        try:
            record["month"] = parse_month(month_text)
        except ValueError:
            problems.append(
                Problem(
                    line,
                    columns["month"],
                    f"{month_text!r} is not a month (use e.g. 2025-01, 01/2025 or Jan 2025); the row is not used.",
                )
            )
            continue
        for figure in index:
            if figure == "month":
                continue
            cell = cells[index[figure]].strip() if index[figure] < len(cells) else ""
            record[figure] = _number(cell, figure, columns[figure], line, delimiter, problems)
        records.append(record)
    if not records:
        raise HistoryError("The file has no month that could be read.")
    data = pd.DataFrame(records).sort_values("month").reset_index(drop=True)
    _check_months(data, problems)
    _check_funnel(data, columns, problems)
    return History(data, problems, columns)


def _number(cell, figure, column, line, delimiter, problems) -> float:
    if cell == "":
        problems.append(Problem(line, column, "empty; this month is left out of the figures that need it."))
        return math.nan
    try:
        value = parse_number(cell, delimiter=delimiter)
    except ValueError:
        problems.append(Problem(line, column, f"{cell!r} is not a number; left out."))
        return math.nan
    if value < 0:
        problems.append(Problem(line, column, f"{cell} is negative; left out."))
        return math.nan
    if figure in COUNTS and value != int(value):
        problems.append(Problem(line, column, f"{cell} is not a whole number of {figure}; left out."))
        return math.nan
    return value


def _check_months(data: pd.DataFrame, problems: list[Problem]) -> None:
    duplicated = data[data["month"].duplicated(keep=False)]
    for _, row in duplicated.iterrows():
        problems.append(Problem(int(row["row"]), None, f"{row['month']} appears more than once."))
    months = data["month"]
    expected = pd.period_range(months.min(), months.max(), freq="M")
    for gap in sorted(set(expected) - set(months)):
        problems.append(Problem(None, None, f"{gap} is missing: no row for that month."))


def _check_funnel(data: pd.DataFrame, columns: dict, problems: list[Problem]) -> None:
    for later, earlier in FUNNEL_ORDER:
        broken = data[data[later] > data[earlier]]
        for _, row in broken.iterrows():
            problems.append(
                Problem(
                    int(row["row"]),
                    columns[later],
                    f"{later} ({row[later]:,.0f}) exceed {earlier} ({row[earlier]:,.0f}); this "
                    f"month is left out of the {later}/{earlier} rate.",
                )
            )


# --- fitting -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """90% ranges fitted from history, and what each came from.

    Attributes
    ----------
    ranges : dict of str to Range
        ``traffic``, ``visit_to_lead``, ``lead_to_qualified``, ``win_rate``, and ``deal_size`` when revenue
        was given.
    traffic_growth : float
        Monthly growth of traffic from a log-linear trend.
    months_used : dict of str to int
        How many months each figure was fitted on.
    """

    ranges: dict[str, Range]
    traffic_growth: float
    months_used: dict[str, int] = field(default_factory=dict)

    def apply(self, scenario: Scenario) -> Scenario:
        """`scenario` with these ranges and growth."""
        return replace(scenario, traffic_growth=self.traffic_growth, **self.ranges)


RATES = {
    "visit_to_lead": ("leads", "visits"),
    "lead_to_qualified": ("qualified", "leads"),
    "win_rate": ("won", "qualified"),
}


def weights(count: int, last_months: int | None = None, half_life: float | None = None) -> np.ndarray:
    """Recency weights for `count` months, oldest first: all 1, the last N only, or halving every `half_life`.

    Examples
    --------
    >>> weights(4, half_life=1).tolist()
    [0.125, 0.25, 0.5, 1.0]
    """
    age = np.arange(count)[::-1].astype(float)
    if last_months is not None:
        return (age < last_months).astype(float)
    if half_life is not None:
        return 0.5 ** (age / half_life)
    return np.ones(count)


def fit(history: History, *, last_months: int | None = None, half_life: float | None = None) -> Fit:
    """Fit the funnel's 90% ranges from history.

    Each rate is a Beta posterior (uniform prior) from its weighted counts, k of n; its 90% range is the
    posterior's 5th to 95th percentile. Traffic is a log-linear trend; its range is next month's level
    +/- the month-to-month variability around the trend. Deal size comes from revenue / won deals: the
    spread of single deals is estimated from how much monthly averages vary (they vary less, by sqrt(deals)).
    """
    data = history.data
    ranges, used = {}, {}
    for name, (numerator, denominator) in RATES.items():
        rows = history.usable(numerator, denominator)
        if rows.empty:
            continue
        w = weights(len(rows), last_months, half_life)
        k, n = float(np.sum(w * rows[numerator])), float(np.sum(w * rows[denominator]))
        low, high = stats.beta.ppf([0.05, 0.95], k + 1, n - k + 1)
        ranges[name], used[name] = Range(float(low), float(high)), int(np.count_nonzero(w))
    visits = data.dropna(subset=["visits"])
    visits = visits[visits["visits"] > 0]
    growth = 0.0
    if len(visits) >= 2:
        t = (visits["month"] - visits["month"].min()).apply(lambda offset: offset.n).to_numpy(float)
        w = weights(len(visits), last_months, half_life)
        slope, intercept = np.polyfit(t, np.log(visits["visits"].to_numpy(float)), 1, w=np.sqrt(w))
        residual = np.log(visits["visits"].to_numpy(float)) - (intercept + slope * t)
        spread = float(np.sqrt(np.average(residual**2, weights=w)))
        level = float(np.exp(intercept + slope * (t.max() + 1)))
        ranges["traffic"] = Range(level * math.exp(-Z95 * spread), level * math.exp(Z95 * spread))
        growth, used["traffic"] = float(math.expm1(slope)), int(np.count_nonzero(w))
    if "revenue" in data:
        deals = data.dropna(subset=["revenue", "won"])
        deals = deals[deals["won"] > 0]
        if len(deals) >= 2:
            average = deals["revenue"] / deals["won"]
            mean = float(np.average(average, weights=deals["won"]))
            per_deal_var = float(np.sum(deals["won"] * (average - mean) ** 2) / (len(deals) - 1))
            sigma = math.sqrt(math.log1p(per_deal_var / mean**2)) if per_deal_var > 0 else 0.0
            mu = math.log(mean) - sigma**2 / 2
            ranges["deal_size"] = Range(math.exp(mu - Z95 * sigma), math.exp(mu + Z95 * sigma))
            used["deal_size"] = len(deals)
    return Fit(ranges, growth, used)


# --- history made by the engine, judging, re-forecasting, backtesting ----------------------------------


def engine_history(
    scenario: Scenario,
    months: int,
    *,
    start: str = "2024-01",
    seasonality: tuple[float, ...] = (1.0,) * 12,
    rng=None,
) -> pd.DataFrame:
    """Monthly history made by the engine itself: one trial per month, traffic x seasonality x growth.

    Used for the sample file and to test that fitting recovers what made the data.

    Examples
    --------
    >>> frame = engine_history(Scenario(), 3, rng=1)
    >>> list(frame.columns)[:5], len(frame)
    (['month', 'visits', 'leads', 'qualified', 'won'], 3)
    """
    generator = np.random.default_rng(rng)
    first = pd.Period(start, freq="M")
    rows = []
    for offset, seed in enumerate(generator.spawn(months)):
        month = first + offset
        factor = seasonality[(month.month - 1) % len(seasonality)] * (1 + scenario.traffic_growth) ** offset
        one = replace(
            scenario,
            traffic=Range(scenario.traffic.low * factor, scenario.traffic.high * factor),
            horizon_months=1,
            trials=1,
            traffic_growth=0.0,
            target=replace(scenario.target, deadline_month=1),
        )
        result = simulate(one, rng=seed)
        rows.append(
            {
                "month": str(month),
                "visits": int(result.visits[0, 0]),
                "leads": int(result.leads[0, 0]),
                "qualified": int(result.qualified[0, 0]),
                "won": int(result.deals[0, 0]),
                "revenue": round(float(result.revenue[0, 0]), 2),
                "marketing_spend": scenario.marketing_spend,
                "reps": scenario.reps,
            }
        )
    return pd.DataFrame(rows)


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


def reforecast(scenario: Scenario, actuals: float, months_done: int) -> tuple[float, float]:
    """Odds of the scenario's target given `actuals` in its first `months_done` months.

    Only the remaining months are simulated, and the actuals are added to every trial.
    With no months done this is the plain simulation.

    Returns
    -------
    (probability, standard_error)
    """
    target = scenario.target
    if not 0 <= months_done < target.deadline_month:
        raise ValueError(f"{months_done=} must be between 0 and the deadline month minus one")
    if months_done == 0 and actuals == 0:
        answer = evaluate(simulate(scenario))
        return answer.probability, answer.standard_error
    remaining = target.deadline_month - months_done
    rest = replace(
        scenario,
        horizon_months=remaining,
        target=replace(target, deadline_month=remaining),
        traffic=Range(
            scenario.traffic.low * (1 + scenario.traffic_growth) ** months_done,
            scenario.traffic.high * (1 + scenario.traffic_growth) ** months_done,
        ),
    )
    totals = simulate(rest).total(target.metric, remaining) + actuals
    hits = totals >= target.threshold if target.direction is Direction.AT_LEAST else totals <= target.threshold
    p = float(hits.mean())
    return p, math.sqrt(p * (1 - p) / hits.size)


@dataclass(frozen=True)
class Backtest:
    """How well past forecasts did.

    Attributes
    ----------
    forecasts : DataFrame
        Per period: ``period``, ``p10``, ``p50``, ``p90``, ``actual``, ``target``, ``odds``, ``hit``.
    coverage : float
        Share of periods whose actual fell inside P10-P90 (80% when calibrated).
    brier : float
        Mean squared error of the odds of the stated target (0 is perfect; always saying 50% scores 0.25).
    calibration : DataFrame
        Forecast odds in bins against how often the target was hit.
    """

    forecasts: pd.DataFrame
    coverage: float
    brier: float
    calibration: pd.DataFrame


def backtest(
    history: History,
    scenario: Scenario,
    *,
    months: int = 1,
    min_training: int = 6,
    stretch: float = 0.0,
    trials: int = 4000,
) -> Backtest:
    """Fit on the data before each period, forecast its won deals, and compare with what happened.

    The stated target of each period is its previous period's deals x (1 + `stretch`).
    """
    data = history.data
    rows = []
    for end in range(min_training + months, len(data) + 1, months):
        training = History(data.iloc[: end - months].reset_index(drop=True), [], history.mapping)
        actual = float(data["won"].iloc[end - months : end].sum())
        previous = float(data["won"].iloc[end - 2 * months : end - months].sum())
        fitted = fit(training).apply(
            replace(
                scenario,
                horizon_months=months,
                trials=trials,
                target=replace(scenario.target, deadline_month=months, value=0, change_pct=None, baseline=None),
                sales_cycle_months=0,
                open_pipeline=0,
                capacity_per_rep=None,
            )
        )
        deals = simulate(fitted).total("deals", months)
        goal = previous * (1 + stretch)
        odds = float(np.mean(deals >= goal))
        p10, p50, p90 = np.percentile(deals, [10, 50, 90], method="inverted_cdf")
        rows.append(
            {
                "period": str(data["month"].iloc[end - 1]),
                "p10": p10,
                "p50": p50,
                "p90": p90,
                "actual": actual,
                "target": goal,
                "odds": odds,
                "hit": float(actual >= goal),
            }
        )
    if not rows:
        raise HistoryError(f"Backtesting needs more than {min_training + months} months of history.")
    forecasts = pd.DataFrame(rows)
    inside = (forecasts["actual"] >= forecasts["p10"]) & (forecasts["actual"] <= forecasts["p90"])
    bins = pd.cut(forecasts["odds"], [0, 0.2, 0.4, 0.6, 0.8, 1.0], include_lowest=True)
    calibration = (
        forecasts.groupby(bins, observed=True)
        .agg(forecast=("odds", "mean"), observed=("hit", "mean"), periods=("hit", "size"))
        .reset_index(drop=True)
    )
    return Backtest(
        forecasts, float(inside.mean()), float(np.mean((forecasts["odds"] - forecasts["hit"]) ** 2)), calibration
    )
