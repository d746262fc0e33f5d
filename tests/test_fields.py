"""The one table of field specs: every scenario field has one spec, one CSV column, one link parameter and one
widget, and the model accepts exactly the values its spec allows."""

import math
from collections import Counter
from dataclasses import fields, replace
from pathlib import Path
from typing import get_type_hints

import pytest
from streamlit.testing.v1 import AppTest

from simulator import InputError, Range, Scenario, Target, Window
from simulator.files.links import LINK_VERSION, VERSION, scenario_from_query, scenario_to_query
from simulator.files.scenario_cells import build_scenario
from simulator.files.scenario_columns import COLUMNS, column_reference, field_values
from simulator.model.fields import FIELD, FIELDS, MAX_WHOLE, Kind
from simulator.model.scenario import RANGE_FIELDS
from simulator.settings import DEFAULT_MAX_TRIALS, MAX_TRIALS_VARIABLE
from tests.test_app import start

ROOT = Path(__file__).parent.parent
WIDGETS = (
    "slider",
    "number_input",
    "selectbox",
    "radio",
    "checkbox",
    "text_input",
    "select_slider",
    "toggle",
    "dataframe",
    "multiselect",
)


def scenario_fields() -> list[str]:
    """Every dotted field of a scenario, walking the dataclasses: Range ends and the target's fields."""
    names = []
    for owner, prefix in ((Scenario, ""), (Target, "target.")):
        types = get_type_hints(owner)
        for field in fields(owner):
            if types[field.name] is Range:
                names += [f"{prefix}{field.name}.{end.name}" for end in fields(Range)]
            elif types[field.name] is not Target:
                names.append(prefix + field.name)
    return names


def test_every_scenario_field_has_exactly_one_spec():
    names = scenario_fields()
    assert Counter(spec.name for spec in FIELDS) == Counter(names)
    assert set(FIELD) == set(names)


def test_range_fields_are_found_by_type():
    defaults = Scenario()
    assert tuple(f.name for f in fields(Scenario) if isinstance(getattr(defaults, f.name), Range)) == RANGE_FIELDS
    assert set(RANGE_FIELDS) == {
        "traffic",
        "visit_to_lead",
        "lead_to_qualified",
        "win_rate",
        "deal_size",
        "churn",
        "expansion",
    }


def test_every_field_has_one_csv_column_and_one_link_parameter():
    columns = [spec.column for spec in COLUMNS]
    assert len(columns) == len(set(columns)) == len(scenario_fields())
    # A link names only what differs from the defaults: a default scenario's names nothing (tests/test_links.py).
    assert scenario_to_query(Scenario()) == {VERSION: LINK_VERSION}


def widget_keys(at: AppTest) -> list[str]:
    """The widgets' keys; a field shown as a group of widgets (``correlations.<pair>``) counts as one widget."""
    keys = [widget.key for kind in WIDGETS for widget in getattr(at, kind) if widget.key]
    groups = {key.partition(".")[0] for key in keys if "." in key}
    return [key for key in keys if "." not in key] + sorted(groups)


def test_every_field_has_one_widget_on_the_simulator_page():
    at = start()
    by_mode = []  # the target is a number, or a change against a baseline: each mode shows its own inputs
    for mode in ("A number", "A % change vs a baseline"):
        at.radio(key="target_mode").set_value(mode).run()
        assert not at.exception
        by_mode.append(Counter(widget_keys(at)))
    for spec in FIELDS:
        assert max(counts[spec.widget_key] for counts in by_mode) == 1, spec.name


def test_column_reference_in_the_docs_is_the_table_of_specs():
    reference = (ROOT / "docs" / "scenario_csv.md").read_text(encoding="utf-8")
    assert column_reference() in reference, (
        "docs/scenario_csv.md is out of date: paste simulator.files.scenario_csv.column_reference() into it"
    )
    assert f"{DEFAULT_MAX_TRIALS:,}" in reference


# --- boundaries: each spec's ends are allowed, a step outside is not --------------------------------------------


#: A scenario in which every field can reach both of its ends (deadline 1 in a 24-month horizon).
BASE = field_values(Scenario(horizon_months=24, target=Target(value=30, deadline_month=1)))
NUMERIC = [spec for spec in FIELDS if spec.kind in (Kind.INTEGER, Kind.NUMBER, Kind.RATE)]


def with_value(name: str, value, *, both_ends: bool = True) -> Scenario:
    values = dict(BASE)
    spec = FIELD[name]
    if spec.range_name and both_ends:  # a known range: both ends at the value
        values[f"{spec.range_name}.low"] = values[f"{spec.range_name}.high"] = value
    values[name] = value
    if name == "target.start_month":  # a window of months ending at the last month, so it may start at any
        values |= {"target.window": Window.MONTHS, "target.deadline_month": 24}
    if name == "starting_mrr":  # MRR needs customers paying it
        values["starting_customers"] = 1
    if name in ("target.change_pct", "target.baseline"):
        values |= {"target.value": None, "target.change_pct": 0.0, "target.baseline": 1.0, name: value}
    return build_scenario(values)


def ends(spec):
    return [end for end in (spec.low, spec.high) if math.isfinite(end)]


@pytest.mark.parametrize(
    ("name", "value"),
    [(spec.name, int(end) if spec.kind is Kind.INTEGER else end) for spec in NUMERIC for end in ends(spec)],
)
def test_each_end_of_a_spec_is_allowed(name, value):
    scenario = with_value(name, value)
    assert field_values(scenario)[name] == value


def outside(spec):
    step = 1 if spec.kind is Kind.INTEGER else 1e-9
    cases = []
    if math.isfinite(spec.low) and not spec.name.endswith(".high"):  # a range's low end is checked first
        cases.append(spec.low - step)
    if math.isfinite(spec.high):
        cases.append(spec.high + max(step, spec.high * 1e-9))  # a step a float can tell from 2**53 - 1
    if spec.kind is Kind.INTEGER:
        cases.append(spec.low + 0.5)
    return cases


@pytest.mark.parametrize(
    ("name", "value"), [(spec.name, value) for spec in NUMERIC for value in outside(spec)], ids=str
)
def test_a_value_outside_a_spec_raises_an_error_naming_the_field(name, value):
    with pytest.raises(InputError) as caught:
        with_value(name, value, both_ends=not name.endswith(".high"))
    assert caught.value.field == name
    assert FIELD[name].allowed in str(caught.value)


@pytest.mark.parametrize("value", [math.nan, math.inf, "3", None, True])
def test_a_number_field_rejects_what_is_not_a_finite_number(value):
    with pytest.raises(InputError) as caught:
        replace(Scenario(), reps=value)
    assert caught.value.field == "reps"


def test_a_link_keeps_every_value_the_model_allows_except_huge_trials():
    scenario = Scenario(trials=4000, seed=5_000_000_000, reps=99_999, win_rate=Range(0.0005, 0.001))
    opened, _, notices = scenario_from_query(scenario_to_query(scenario), Scenario())
    assert opened == scenario
    assert notices == []
    big = replace(scenario, trials=FIELD["trials"].high)
    opened, _, notices = scenario_from_query(scenario_to_query(big), Scenario())
    assert opened.trials == DEFAULT_MAX_TRIALS
    assert any("trials" in notice for notice in notices)
    opened, _, _ = scenario_from_query({"seed": str(MAX_WHOLE + 1)}, Scenario())
    assert opened.seed == MAX_WHOLE


def test_a_link_asks_for_no_more_trials_than_the_server_allows(monkeypatch):
    monkeypatch.setenv(MAX_TRIALS_VARIABLE, "50000")
    opened, _, notices = scenario_from_query(scenario_to_query(Scenario(trials=100_000)), Scenario())
    assert opened.trials == 50_000
    assert any("trials" in notice for notice in notices)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        (name, value)
        for name in ("traffic.low", "deal_size.low", "reps", "open_pipeline", "trials", "marketing_spend")
        for value in (1e308, math.inf, -math.inf, math.nan, 10**400, MAX_WHOLE * 2)
    ],
    ids=str,
)
def test_an_absurd_or_infinite_value_is_refused_in_a_short_sentence(name, value):
    with pytest.raises(InputError) as caught:
        with_value(name, value)
    assert caught.value.field == name
    assert FIELD[name].allowed in str(caught.value)
    assert len(str(caught.value)) < 250  # 10**400 is quoted as 1e+400, not in 401 digits
