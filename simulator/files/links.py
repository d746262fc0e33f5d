"""Shareable links: a scenario and its target as query-string parameters, and back.

The parameters are the scenario CSV's columns (``win_rate_low=0.2``), so a link
and a file describe a scenario the same way. A link is short: ``v=2`` and only the
values that differ from :class:`~simulator.model.scenario.Scenario`'s defaults,
each number in the fewest digits that read back to the same value (``0.224``,
``4000``). The scenario's name travels with it.

A link is untrusted input, so reading one never fails: every value is parsed and
clamped to what the model allows (its field spec's
:attr:`~simulator.model.fields.FieldSpec.link_bounds`: the model's bounds, and at
most 1,000,000 trials), and a value that cannot be used falls back to the
default. Every parameter not used exactly as given (unknown, repeated, clamped,
replaced) gets one notice, which says what is used instead.

A link without ``v`` comes from before short links, when a link named every
column: what it leaves out comes from the fallback scenario, as it always did.
The defaults a ``v=2`` link leaves out are pinned in ``tests/test_links.py``: a
default that moves would change every short link already shared.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence

from simulator.files.channel_text import channels_to_text, names_to_text
from simulator.files.scenario_cells import build_scenario, parse_cell, scenario_row
from simulator.files.scenario_columns import COLUMNS, field_values
from simulator.files.wording import joined, shown_number, shown_rate
from simulator.i18n import _, ngettext
from simulator.model.checks import InputError
from simulator.model.correlations import Correlations
from simulator.model.fields import FieldSpec, Kind
from simulator.model.scenario import Scenario
from simulator.model.target import Window

ANNUAL_GOAL = "annual_goal"
_ANNUAL_GOAL_SPEC = FieldSpec(
    name=ANNUAL_GOAL, column=ANNUAL_GOAL, kind=Kind.NUMBER, unit="", low=0, description="The yearly goal"
)
#: The parameter that says a link leaves out the values equal to a default Scenario's, and its value.
VERSION, LINK_VERSION = "v", "2"
#: The parameters of the page's language (a language code) and currency (an ISO 4217 code): the app reads them
#: itself; the scenario's reader knows them and leaves them alone.
LANGUAGE_PARAM, CURRENCY_PARAM = "lang", "currency"
#: Unknown parameters named one notice each; the rest share one notice.
MAX_NAMED_UNKNOWN = 10
#: Characters of a given value or parameter quoted in a notice: a link can hold a megabyte.
QUOTED_CHARS = 40

_KNOWN = {column.column for column in COLUMNS} | {ANNUAL_GOAL, VERSION, LANGUAGE_PARAM, CURRENCY_PARAM}


def scenario_to_query(scenario: Scenario, annual_goal: float | None = None) -> dict[str, str]:
    """Query-string parameters for `scenario` (and the optional annual goal): a short link.

    Parameters
    ----------
    scenario : Scenario
        What the link describes, name included.
    annual_goal : float, optional
        The goal-breakdown page's yearly goal.

    Returns
    -------
    dict of str to str
        ``v`` and the columns whose values differ from a default :class:`Scenario`'s, each number written
        in the fewest digits that read back to the same value; :func:`scenario_from_query` reads them back
        to an equal scenario.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from simulator.model.distributions import Range
    >>> scenario_to_query(replace(Scenario(), name="Q3 plan", win_rate=Range(0.224, 0.3), reps=4))
    {'v': '2', 'name': 'Q3 plan', 'win_rate_low': '0.224', 'reps': '4'}
    """
    # Left out only when equal to the default, which the reader of a ``v=2`` link puts back: an empty capacity
    # (no cap) is the default, so a capped scenario always names its capacity and an uncapped one never needs to.
    defaults = scenario_row(Scenario())
    params = {VERSION: LINK_VERSION}
    for name, value in scenario_row(scenario).items():
        if value != defaults[name]:
            # Text as it is: a link is no spreadsheet, so a name needs no guard against formulas.
            params[name] = "" if value is None else value if isinstance(value, str) else number_text(value)
    if annual_goal is not None:
        params[ANNUAL_GOAL] = number_text(float(annual_goal))
    return params


def number_text(value: float) -> str:
    """`value` in the fewest characters that read back to the same number.

    Examples
    --------
    >>> number_text(4000.0), number_text(0.22399999999999998), number_text(1e-05), number_text(2.5e16)
    ('4000', '0.22399999999999998', '1e-5', '2.5e16')
    """
    if isinstance(value, int):
        return str(value)
    mantissa, _, exponent = repr(float(value)).partition("e")
    text = mantissa.removesuffix(".0") + (f"e{int(exponent)}" if exponent else "")
    whole = str(int(value)) if value.is_integer() else text
    return min(text, whole, key=len)


def scenario_from_query(
    params: Mapping[str, str | Sequence[str]], fallback: Scenario
) -> tuple[Scenario, float | None, list[str]]:
    """The scenario a link describes, the annual goal, and one notice per parameter not used as given.

    Parameters
    ----------
    params : mapping of str to str or list of str
        The query-string parameters; a parameter given several times maps to all its values, in order.
    fallback : Scenario
        Where a link without ``v`` (made before short links) takes the values it leaves out.

    Returns
    -------
    scenario : Scenario
        Always valid.
    annual_goal : float or None
    notices : list of str
        One plain sentence per parameter that is unknown, repeated, clamped or replaced, saying what is used.

    Examples
    --------
    >>> scenario, goal, notices = scenario_from_query({"v": "2", "win_rate_high": "250%", "reps": "x"}, Scenario())
    >>> scenario.win_rate.high, scenario.reps  # 100% is not a 90% range's end: both fall back
    (0.3, 1)
    >>> len(notices)
    2
    """
    notices: dict[str | None, str] = {}
    given = _given(params, notices)
    values = _base_values(given, fallback)
    base = dict(values)
    for column in COLUMNS:
        if column.column not in given:
            continue
        text = given[column.column] if column.kind is Kind.TEXT else given[column.column].strip()
        try:
            # A short link holds the name as it is; an older one wrote it formula-safe, as a cell.
            value = text if column.name == "name" and VERSION in given else _parsed(text, column)
        except InputError as error:  # correlations or channels not allowed: say which piece and what is allowed
            notices[column.column] = _(
                "Link value {parameter}: {value} is not allowed: it must be {allowed}. Using {shown} instead."
            ).format(
                parameter=column.column,
                value=_quoted(error.value),
                allowed=error.allowed,
                shown=_shown(base[column.name], column),
            )
            continue
        except ValueError as error:
            notices[column.column] = _("Link value {parameter}: {problem} Using {shown} instead.").format(
                parameter=column.column, problem=_cut(error, text), shown=_shown(base[column.name], column)
            )
            continue
        clamped = _clamp(value, column)
        if clamped != value:
            notices[column.column] = _(
                "Link value {parameter}={value} is outside what a link may ask for; using {shown}."
            ).format(parameter=column.column, value=_quoted(text), shown=_shown(clamped, column))
        values[column.name] = clamped
    scenario = _valid_scenario(values, base, given, notices)
    annual_goal = _annual_goal(given, notices)
    return scenario, annual_goal, list(notices.values())


def _given(params: Mapping[str, str | Sequence[str]], notices: dict[str | None, str]) -> dict[str, str]:
    """The last value of each known parameter; a notice for each unknown one and each one given two ways."""
    given, unknown = {}, []
    for key, raw in params.items():
        texts = [raw] if isinstance(raw, str) else [str(text) for text in raw]
        if not texts:
            continue
        if key not in _KNOWN:
            unknown.append(key)
            continue
        given[key] = texts[-1]
        if len({text.strip() for text in texts}) > 1:
            notices[key] = ngettext(
                "Link parameter {parameter} is given {count} time with different values; using the last, {value}.",
                "Link parameter {parameter} is given {count} times with different values; "
                "using the last, {value}.",
                len(texts),
            ).format(parameter=key, count=shown_number(len(texts)), value=_quoted(given[key]))
    for key in unknown[:MAX_NAMED_UNKNOWN]:
        notices[key] = _unknown_notice(key)
    if len(unknown) > MAX_NAMED_UNKNOWN:
        rest = len(unknown) - MAX_NAMED_UNKNOWN
        notices[None] = ngettext(
            "{count} more unknown link parameter was ignored.",
            "{count} more unknown link parameters were ignored.",
            rest,
        ).format(count=shown_number(rest))
    if given.get(VERSION, LINK_VERSION).strip() != LINK_VERSION:
        notices[VERSION] = _(
            "Link parameter {parameter}={value} is not a link version this app knows; the link is read as version "
            "{version}."
        ).format(parameter=VERSION, value=_quoted(given[VERSION]), version=LINK_VERSION)
    return given


def _unknown_notice(key: str) -> str:
    """The notice of an unknown parameter, with the known one it is closest to."""
    close = difflib.get_close_matches(key, sorted(_KNOWN), n=1)
    if close:
        return _(
            "Link parameter {parameter} is not one this app knows (did you mean {known}?); it was ignored."
        ).format(parameter=_quoted(key), known=close[0])
    return _("Link parameter {parameter} is not one this app knows; it was ignored.").format(
        parameter=_quoted(key)
    )


def _base_values(given: Mapping[str, str], fallback: Scenario) -> dict[str, object]:
    """What every parameter the link leaves out means: a default Scenario's value for a ``v`` link."""
    if VERSION in given:
        return field_values(Scenario())
    values = field_values(fallback)
    if "target_metric" in given and "target_window" not in given:
        # A link made before target windows meant the running total by the deadline, whatever the fallback's.
        values |= {"target.window": Window.BY_DEADLINE, "target.start_month": 1}
    if "target_metric" in given and "correlations" not in given:
        # ... and independent inputs: correlations came later still.
        values |= {"correlations": Correlations()}
    if "target_metric" in given and "channels" not in given:
        # ... and no channels, which came after correlations.
        values |= {"channels": ()}
    return values


def _parsed(text: str, column: FieldSpec) -> object:
    """The value of one parameter. Raises ValueError (InputError for correlations, channels): a plain sentence."""
    if text == "" and column.blank_means_none:
        return None
    try:
        value = parse_cell(text, column)
    except OverflowError:  # a whole number of 1e400
        value = math.inf
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(_("{value} is too large to be a number.").format(value=_quoted(text)))
    return value


def _clamp(value, column: FieldSpec):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    low, high = column.link_bounds
    clamped = min(max(value, low), high)
    return int(clamped) if column.kind is Kind.INTEGER else clamped


def _valid_scenario(
    values: dict[str, object], base: dict[str, object], given: Mapping[str, str], notices: dict[str | None, str]
) -> Scenario:
    """Build the scenario, putting back the base value of each link value the model rejects, with its notice."""
    while True:
        try:
            return build_scenario(values)
        except InputError as error:
            culprits = _culprits(values, base, error)
            if not culprits:  # only when the base itself is invalid, which a valid fallback never is
                raise
            problem = _column_of(error.field)
            for name in culprits:
                column = next(c for c in COLUMNS if c.name == name)
                values[name] = base[name]
                notices[column.column] = _unusable_notice(column, given, problem, error.allowed, base[name])


def _unusable_notice(column: FieldSpec, given: Mapping[str, str], problem: str, allowed: str, used: object) -> str:
    """The notice of a link value the model rejects: `problem` (the parameters it names) must be `allowed`."""
    values = {"parameter": column.column, "value": _quoted(given.get(column.column, "")), "allowed": allowed}
    values["shown"] = _shown(used, column)
    if column.column == problem:
        return _(
            "Link value {parameter}={value} is not usable: it must be {allowed}. Using {shown} instead."
        ).format(**values)
    return _(
        "Link value {parameter}={value} is not usable: {problem} must be {allowed}. Using {shown} instead."
    ).format(problem=problem, **values)


def _culprits(values: dict[str, object], base: dict[str, object], error: InputError) -> list[str]:
    """The link values to put back for `error`: those of the field it names, else the one whose return fixes it."""
    changed = [name for name in values if values[name] != base[name]]
    named = [name for name in changed if _belongs(name, error.field)]
    if named:
        return named
    # The field named keeps its base value: another link value contradicts it (a horizon before the deadline).
    for name in reversed(changed):
        try:
            build_scenario(values | {name: base[name]})
        except InputError as other:
            if other.field == error.field:
                continue
        return [name]
    return changed


def _belongs(name: str, field: str) -> bool:
    """Whether dotted field `name` is `field`, part of it (a range's end) or holds it (a correlation's pair)."""
    return name == field or name.startswith(field + ".") or field.startswith(name + ".")


def _column_of(field: str) -> str:
    """The link parameter(s) of a dotted field, as the notices name them."""
    columns = [c.column for c in COLUMNS if _belongs(c.name, field)]
    return joined(columns) if columns else field


def _annual_goal(given: Mapping[str, str], notices: dict[str | None, str]) -> float | None:
    text = given.get(ANNUAL_GOAL, "").strip()
    if not text:
        return None
    try:
        value = float(_parsed(text, _ANNUAL_GOAL_SPEC))
    except ValueError as error:
        notices[ANNUAL_GOAL] = _("Link value {parameter}: {problem} No annual goal is used.").format(
            parameter=ANNUAL_GOAL, problem=_cut(error, text)
        )
        return None
    if value < 0:
        notices[ANNUAL_GOAL] = _("Link value {parameter}={value} is negative; no annual goal is used.").format(
            parameter=ANNUAL_GOAL, value=_quoted(text)
        )
        return None
    return value


def _quoted(value: object) -> str:
    """A given value for a notice: quoted, and cut short when long."""
    text = str(value)
    return repr(text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…")


def _cut(error: ValueError, text: str) -> str:
    """A parser's message about `text`, quoting it (as the parsers do) cut short."""
    return str(error).replace(repr(text), _quoted(text))


def _shown(value: object, column: FieldSpec) -> str:
    """`value` of `column` as a notice shows what is used: quoted text, a number in the locale's form, or words."""
    if isinstance(value, Correlations):
        return f"'{value.to_text()}'" if value.to_text() else _("independent inputs")
    if column.name == "channels":
        return _quoted(channels_to_text(value)) if value else _("no channels (the traffic fields)")
    if column.name == "target.channels":
        # TRANSLATORS: what a goal counts when it names no channel, as in "Using every channel instead."
        return _quoted(names_to_text(value)) if value else _("every channel")
    if value is None:
        if not column.blank_means_none:
            # TRANSLATORS: an empty link value, as in "Using empty instead."
            return _("empty")
        # TRANSLATORS: an empty link value and what it means, e.g. "empty (no cap)".
        return _("empty ({meaning})").format(meaning=_(column.note) if column.note else _("not given"))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return repr(str(value.value if hasattr(value, "value") else value))
    return shown_rate(value) if column.kind is Kind.RATE else shown_number(value)
