"""Shareable links: a scenario and its target as query-string parameters, and back.

The parameters are the scenario CSV's columns (``win_rate_low=0.2``), so a link
and a file describe a scenario the same way. Reading a link never fails: every
value is parsed and clamped to what the app offers, and a value that cannot be
used falls back to the default, with a notice that says so.
"""

from __future__ import annotations

from collections.abc import Mapping

from simulator.files.cells import cell_text
from simulator.files.scenario_csv import (
    COLUMNS,
    Column,
    build_scenario,
    field_values,
    parse_cell,
    scenario_row,
)
from simulator.model.scenario import InputError, Scenario

#: Bounds that values read from a link are clamped to, by column (rates: 0-1).
LIMITS: dict[str, tuple[float, float]] = {
    "horizon_months": (1, 24),
    "traffic_low_visits_per_month": (0, 10_000_000),
    "traffic_high_visits_per_month": (0, 10_000_000),
    "traffic_growth_rate_per_month": (-0.5, 1),
    "deal_size_low_usd": (0, 1e9),
    "deal_size_high_usd": (0, 1e9),
    "sales_cycle_months": (0, 24),
    "open_pipeline_opportunities": (0, 1_000_000),
    "reps": (0, 10_000),
    "new_reps": (0, 10_000),
    "new_rep_ramp_months": (0, 24),
    "capacity_opportunities_per_rep_per_month": (0, 100_000),
    "marketing_spend_usd_per_month": (0, 1e9),
    "cost_per_rep_usd_per_month": (0, 1e8),
    "gross_margin_rate": (-1, 1),
    "target_value": (0, 1e13),
    "target_change_pct": (-100, 10_000),
    "target_baseline": (0, 1e13),
    "target_deadline_month": (1, 24),
    "trials": (100, 1_000_000),
    "seed": (0, 2**32 - 1),
}
RATE_LIMITS = (0.0, 1.0)
ANNUAL_GOAL = "annual_goal"


def scenario_to_query(scenario: Scenario, annual_goal: float | None = None) -> dict[str, str]:
    """Query-string parameters for `scenario` (and the optional annual goal)."""
    # Every column, empty ones included: an empty capacity means "no cap", not "unchanged".
    params = {name: cell_text(value, ",") for name, value in scenario_row(scenario).items()}
    if annual_goal is not None:
        params[ANNUAL_GOAL] = cell_text(float(annual_goal), ",")
    return params


def scenario_from_query(params: Mapping[str, str], fallback: Scenario) -> tuple[Scenario, float | None, list[str]]:
    """The scenario a link describes, the annual goal, and notices about values not used as given.

    Parameters
    ----------
    params : mapping of str to str
        The query-string parameters; unknown ones are ignored.
    fallback : Scenario
        Where every missing or unusable value comes from.

    Returns
    -------
    scenario : Scenario
        Always valid.
    annual_goal : float or None
    notices : list of str
        One plain sentence per value that was clamped or replaced.

    Examples
    --------
    >>> scenario, goal, notices = scenario_from_query({"win_rate_high": "250%", "reps": "x"}, Scenario())
    >>> scenario.win_rate.high, scenario.reps  # 100% is not a 90% range's end: both fall back
    (0.3, 1)
    >>> len(notices)
    3
    """
    values = field_values(fallback)
    defaults = dict(values)
    notices = []
    for column in COLUMNS:
        if column.name not in params:
            continue
        text = str(params[column.name]).strip()
        try:
            value = None if text == "" and column.blank_means_none else parse_cell(text, column)
        except ValueError as error:
            notices.append(f"Link value {column.name}: {error} Using {_shown(defaults[column.field])} instead.")
            continue
        clamped = _clamp(value, column)
        if clamped != value:
            notices.append(
                f"Link value {column.name}={text} is outside what the app allows; using {_shown(clamped)}."
            )
        values[column.field] = clamped
    scenario = _valid_scenario(values, defaults, notices)
    annual_goal = _annual_goal(params, notices)
    return scenario, annual_goal, notices


def _clamp(value, column: Column):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    low, high = (
        RATE_LIMITS
        if column.kind == "rate" and column.name not in LIMITS
        else LIMITS.get(column.name, (float("-inf"), float("inf")))
    )
    clamped = min(max(value, low), high)
    return int(clamped) if column.kind == "integer" else clamped


def _valid_scenario(values: dict, defaults: dict, notices: list[str]) -> Scenario:
    """Build the scenario, putting back the default of each field the model rejects."""
    for _ in range(len(COLUMNS) + 1):
        try:
            return build_scenario(values)
        except InputError as error:
            fields = [c.field for c in COLUMNS if c.field == error.field or c.field.startswith(error.field + ".")]
            fields = fields or [c.field for c in COLUMNS if c.field.startswith("target.")]
            for field in fields:
                values[field] = defaults[field]
            notices.append(
                f"Link value for {error.field} was not usable: it must be {error.allowed}. "
                "Using the scenario's value instead."
            )
    return build_scenario(defaults)


def _annual_goal(params: Mapping[str, str], notices: list[str]) -> float | None:
    text = str(params.get(ANNUAL_GOAL, "")).strip()
    if not text:
        return None
    try:
        value = float(parse_cell(text, Column(ANNUAL_GOAL, ANNUAL_GOAL, "number")))
    except ValueError as error:
        notices.append(f"Link value {ANNUAL_GOAL}: {error} No annual goal is used.")
        return None
    if value < 0:
        notices.append(f"Link value {ANNUAL_GOAL}={text} is negative; no annual goal is used.")
        return None
    return value


def _shown(value) -> str:
    return "empty" if value is None else f"{value:,.10g}" if isinstance(value, (int, float)) else str(value)
