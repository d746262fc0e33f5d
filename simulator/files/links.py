"""Shareable links: a scenario and its target as query-string parameters, and back.

The parameters are the scenario CSV's columns (``win_rate_low=0.2``), so a link
and a file describe a scenario the same way. Reading a link never fails: every
value is parsed and clamped to what the model allows (its field spec's
:attr:`~simulator.model.fields.FieldSpec.link_bounds`: the model's bounds, and
at most 1,000,000 trials), and a value that cannot be used falls back to the
default, with a notice that says so.
"""

from __future__ import annotations

from collections.abc import Mapping

from simulator.files.cells import cell_text
from simulator.files.scenario_csv import (
    COLUMNS,
    build_scenario,
    field_values,
    parse_cell,
    scenario_row,
)
from simulator.model.checks import InputError
from simulator.model.correlations import Correlations
from simulator.model.fields import FieldSpec, Kind
from simulator.model.scenario import Scenario
from simulator.model.target import Window

ANNUAL_GOAL = "annual_goal"
_ANNUAL_GOAL_SPEC = FieldSpec(
    name=ANNUAL_GOAL, column=ANNUAL_GOAL, kind=Kind.NUMBER, unit="", low=0, description="The yearly goal"
)


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
    if "target_metric" in params and "target_window" not in params:
        # A link made before target windows meant the running total by the deadline, whatever the fallback's.
        values |= {"target.window": Window.BY_DEADLINE, "target.start_month": 1}
    if "target_metric" in params and "correlations" not in params:
        # ... and independent inputs: correlations came later still.
        values |= {"correlations": Correlations()}
    defaults = dict(values)
    notices = []
    for column in COLUMNS:
        if column.column not in params:
            continue
        text = str(params[column.column]).strip()
        try:
            value = None if text == "" and column.blank_means_none else parse_cell(text, column)
        except InputError as error:  # correlations that are not allowed: say which piece and what is allowed
            notices.append(
                f"Link value {column.column}: {error.value!r} is not allowed: it must be {error.allowed}. "
                f"Using {_shown(defaults[column.name])} instead."
            )
            continue
        except ValueError as error:
            notices.append(f"Link value {column.column}: {error} Using {_shown(defaults[column.name])} instead.")
            continue
        clamped = _clamp(value, column)
        if clamped != value:
            notices.append(
                f"Link value {column.column}={text} is outside what the app allows; using {_shown(clamped)}."
            )
        values[column.name] = clamped
    scenario = _valid_scenario(values, defaults, notices)
    annual_goal = _annual_goal(params, notices)
    return scenario, annual_goal, notices


def _clamp(value, column: FieldSpec):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    low, high = column.link_bounds
    clamped = min(max(value, low), high)
    return int(clamped) if column.kind is Kind.INTEGER else clamped


def _valid_scenario(values: dict, defaults: dict, notices: list[str]) -> Scenario:
    """Build the scenario, putting back the default of each field the model rejects."""
    for _ in range(len(COLUMNS) + 1):
        try:
            return build_scenario(values)
        except InputError as error:
            fields = [c.name for c in COLUMNS if c.name == error.field or c.name.startswith(error.field + ".")]
            fields = fields or [c.name for c in COLUMNS if c.name.startswith("target.")]
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
        value = float(parse_cell(text, _ANNUAL_GOAL_SPEC))
    except ValueError as error:
        notices.append(f"Link value {ANNUAL_GOAL}: {error} No annual goal is used.")
        return None
    if value < 0:
        notices.append(f"Link value {ANNUAL_GOAL}={text} is negative; no annual goal is used.")
        return None
    return value


def _shown(value) -> str:
    if isinstance(value, Correlations):
        return f"'{value.to_text()}'" if value.to_text() else "independent inputs"
    return "empty" if value is None else f"{value:,.10g}" if isinstance(value, (int, float)) else str(value)
