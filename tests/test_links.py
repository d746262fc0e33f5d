"""Share links: short, exact both ways, and a crafted link gets one notice per parameter, never a traceback."""

import math
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator import Direction, Metric, Range, Scenario, Target, Window
from simulator.files.cells import cell_text
from simulator.files.links import (
    LINK_VERSION,
    MAX_NAMED_UNKNOWN,
    QUOTED_CHARS,
    VERSION,
    number_text,
    scenario_from_query,
    scenario_to_query,
)
from simulator.files.scenario_cells import scenario_row
from simulator.files.scenario_columns import COLUMNS
from simulator.files.scenario_csv import read_scenarios
from simulator.model.correlations import Correlations
from simulator.model.fields import FIELD, Kind

SAMPLES = read_scenarios(Path(__file__).parent.parent / "sample_data" / "scenarios.csv")
#: The first sample's link was 836 characters when every column was written in full precision.
FULL_LINK_CHARS = 836


def link_text(query: dict[str, str]) -> str:
    return urlencode(query)


def reopened(scenario: Scenario, fallback: Scenario = SAMPLES[1]):
    """The scenario read back from its link as a browser sends it, on a fallback that a short link must not use."""
    sent = parse_qs(link_text(scenario_to_query(scenario)), keep_blank_values=True)
    return scenario_from_query(sent, fallback)


# --- short and exact ----------------------------------------------------------------------------------------


def test_a_default_scenario_has_a_link_of_one_parameter():
    assert scenario_to_query(Scenario()) == {VERSION: LINK_VERSION}
    assert reopened(Scenario()) == (Scenario(), None, [])


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name[:20])
def test_sample_links_are_short_and_read_back_equal(sample):
    query = scenario_to_query(sample)
    # The parameters the first sample has are what must be short; the others (channels, one parameter in their
    # text form, as short as it gets; a subscription's base and rates; a target's window) are inputs it has not.
    first = scenario_to_query(SAMPLES[0])
    added = len(link_text({key: value for key, value in query.items() if key not in first}))
    assert len(link_text(query)) - added < 0.7 * FULL_LINK_CHARS
    assert query["name"] == sample.name  # the name travels
    assert reopened(sample) == (sample, None, [])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.224, "0.224"),
        (4000.0, "4000"),
        (1e-05, "1e-5"),
        (2.5e16, "2.5e16"),
        (-0.5, "-0.5"),
        (0.22399999999999998, "0.22399999999999998"),  # a different number: kept, or the link would change it
        (5e-324, "5e-324"),
        (2**53 - 1, "9007199254740991"),
    ],
)
def test_numbers_are_written_in_the_fewest_digits_that_read_back_the_same(value, text):
    assert number_text(value) == text
    assert float(text) == value
    assert len(text) <= len(repr(value))


def test_every_column_is_a_link_parameter_when_it_differs_from_the_default():
    changed = replace(
        Scenario(),
        name="x",
        capacity_per_rep=20.0,
        correlations=Correlations.from_text("traffic_mean~visit_to_lead=-0.5"),
        target=Target(metric=Metric.REVENUE, value=1e6, deadline_month=3, window=Window.MONTHS, start_month=2),
    )
    query = scenario_to_query(changed)
    for column in ("name", "capacity_opportunities_per_rep_per_month", "correlations", "target_start_month"):
        assert column in query
    assert reopened(changed)[0] == changed


def test_no_cap_travels_as_the_default_and_a_cap_is_always_named():
    capped = replace(Scenario(), capacity_per_rep=20.0)
    assert scenario_to_query(capped)["capacity_opportunities_per_rep_per_month"] == "20"
    assert reopened(capped)[0].capacity_per_rep == 20.0
    assert reopened(Scenario())[0].capacity_per_rep is None


def test_a_short_link_ignores_the_fallback_and_an_old_full_link_still_reads():
    short = scenario_to_query(replace(Scenario(), reps=3))
    opened, _, notices = scenario_from_query(short, SAMPLES[0])
    assert opened == replace(Scenario(), reps=3)
    assert notices == []
    # A link of before: every column in full precision, no v; a partial one changes only what it names.
    old = {name: cell_text(value) for name, value in scenario_row(SAMPLES[0]).items()}
    assert scenario_from_query(old, Scenario()) == (SAMPLES[0], None, [])
    opened, _, _ = scenario_from_query({"reps": "3"}, SAMPLES[0])
    assert opened == replace(SAMPLES[0], reps=3)


#: What a ``v=2`` link leaves out: a default Scenario's columns when short links came. A default that changes would
#: change what every short link already shared means: keep these, or give links a new version (a new column whose
#: default means what links without it meant can join the table).
V2_DEFAULTS = {
    "name": "Scenario",
    "horizon_months": 12,
    "traffic_low_visits_per_month": 4000.0,
    "traffic_high_visits_per_month": 6000.0,
    "traffic_growth_rate_per_month": 0.0,
    "visit_to_lead_rate_low": 0.025,
    "visit_to_lead_rate_high": 0.035,
    "lead_to_qualified_rate_low": 0.25,
    "lead_to_qualified_rate_high": 0.35,
    "win_rate_low": 0.2,
    "win_rate_high": 0.3,
    "deal_size_low_usd": 2000.0,
    "deal_size_high_usd": 8000.0,
    "correlations": "",
    "channels": "",
    "sales_cycle_months": 0.0,
    "sales_cycle_spread_rate": 0.0,
    "open_pipeline_opportunities": 0,
    "reps": 1,
    "new_reps": 0,
    "new_rep_ramp_productivity_rate": 0.5,
    "new_rep_ramp_months": 3,
    "capacity_opportunities_per_rep_per_month": None,
    "marketing_spend_usd_per_month": 0.0,
    "cost_per_rep_usd_per_month": 0.0,
    "gross_margin_rate": 0.8,
    "revenue_mode": "one_off",
    "starting_customers": 0,
    "starting_mrr_usd_per_month": 0.0,
    "churn_rate_low_per_month": 0.01,
    "churn_rate_high_per_month": 0.03,
    "expansion_rate_low_per_month": 0.0,
    "expansion_rate_high_per_month": 0.0,
    "target_metric": "deals",
    "target_direction": "at_least",
    "target_value": 30,
    "target_change_pct": None,
    "target_baseline": None,
    "target_deadline_month": 3,
    "target_window": "by_deadline",
    "target_start_month": 1,
    "target_channels": "",
    "trials": 20000,
    "seed": 0,
}


def test_the_defaults_a_short_link_leaves_out_have_not_moved():
    assert scenario_row(Scenario()) == V2_DEFAULTS


def test_the_annual_goal_travels():
    query = scenario_to_query(Scenario(), annual_goal=1_200_000.0)
    assert query["annual_goal"] == "1200000"
    assert scenario_from_query(query, Scenario())[1] == 1_200_000.0


# --- the round trip, for any scenario --------------------------------------------------------------------


def numbers(spec, *, low=None, high=None):
    """Any value a link may carry for `spec`, at full float precision."""
    bottom, top = spec.link_bounds
    bottom = bottom if low is None else low
    top = min(top if high is None else high, 1e15)
    if spec.kind is Kind.INTEGER:
        return st.integers(int(bottom), int(top))
    return st.floats(bottom, top, allow_nan=False, allow_infinity=False)


@st.composite
def ranges(draw, name):
    low_spec = FIELD[f"{name}.low"]
    a, b = sorted((draw(numbers(low_spec)), draw(numbers(low_spec))))
    signed = low_spec.low < 0  # a rate that may be negative (net expansion): any two ends
    uncertain_allowed = signed or ((a > 0 and b < 1) if low_spec.kind is Kind.RATE else a > 0)
    return Range(a, b) if a != b and uncertain_allowed else Range.known(b)


@st.composite
def targets(draw, horizon, subscription):
    metric = draw(st.sampled_from([m for m in Metric if subscription or not m.is_subscription]))
    deadline = draw(st.integers(1, horizon))
    window = draw(st.sampled_from(Window))
    start = 1 if window is Window.BY_DEADLINE else draw(st.integers(1, deadline))
    top = 1.0 if metric.is_rate else None
    number = numbers(FIELD["target.value"], high=top)
    by_change = draw(st.booleans())
    return Target(
        metric=metric,
        direction=draw(st.sampled_from(Direction)),
        deadline_month=deadline,
        value=None if by_change else draw(number),
        change_pct=draw(numbers(FIELD["target.change_pct"])) if by_change else None,
        baseline=draw(number) if by_change else None,
        window=window,
        start_month=start,
    )


PAIRS = [("traffic_mean", "visit_to_lead"), ("lead_to_qualified", "win_rate"), ("visit_to_lead", "win_rate")]


@st.composite
def scenarios(draw):
    horizon = draw(st.integers(1, 24))
    subscription = draw(st.booleans())
    customers = draw(numbers(FIELD["starting_customers"]))
    pair = draw(st.sampled_from(PAIRS))
    rho = draw(st.floats(-0.9, 0.9))
    plain = {
        name: draw(st.sampled_from([getattr(Scenario(), name)]) | numbers(FIELD[name]))
        for name in (
            "traffic_growth",
            "sales_cycle_months",
            "sales_cycle_spread",
            "open_pipeline",
            "reps",
            "new_reps",
            "ramp_productivity",
            "ramp_months",
            "marketing_spend",
            "cost_per_rep",
            "gross_margin",
            "trials",
            "seed",
        )
    }
    return Scenario(
        name=draw(st.text(max_size=60)),
        horizon_months=horizon,
        **{name: draw(ranges(name)) for name in ("traffic", "visit_to_lead", "lead_to_qualified", "win_rate")},
        deal_size=draw(ranges("deal_size")),
        correlations=Correlations(pairs=[(*pair, rho)]) if draw(st.booleans()) else Correlations(),
        capacity_per_rep=draw(st.none() | numbers(FIELD["capacity_per_rep"])),
        target=draw(targets(horizon, subscription)),
        revenue_mode="subscription" if subscription else "one_off",
        starting_customers=customers,
        starting_mrr=draw(numbers(FIELD["starting_mrr"])) if customers else 0.0,
        churn=draw(ranges("churn")),
        expansion=draw(ranges("expansion")),
        **plain,
    )


@given(scenarios())
def test_any_scenario_comes_back_from_its_link_identical_and_the_link_is_bounded(scenario):
    query = scenario_to_query(scenario)
    opened, goal, notices = reopened(scenario)
    assert opened == scenario
    assert (goal, notices) == (None, [])
    # Each number in its fewest digits, so a link is bounded by its parameters, not by float noise.
    for column in COLUMNS:
        if column.column in query and column.kind is not Kind.TEXT and column.kind is not Kind.CHOICE:
            text = query[column.column]
            assert text == "" or len(text) <= 24, (column.column, text)
    numbers_and_choices = {k: v for k, v in query.items() if k not in ("name", "correlations")}
    assert len(link_text(numbers_and_choices)) <= sum(len(column.column) + 25 for column in COLUMNS)


# --- hostile links: one notice per parameter, a valid scenario, never a traceback ------------------------


def notices_of(params: dict, fallback: Scenario | None = None) -> tuple[Scenario, list[str]]:
    scenario, _, notices = scenario_from_query(params, fallback or Scenario())
    assert isinstance(scenario, Scenario)
    for notice in notices:
        assert len(notice) < 400  # a megabyte value is quoted in a few words
    return scenario, notices


LONG = "9" * 10_000
HOSTILE = [
    # (params, parameters that get a notice, a check on what is used)
    ({"reps": "NaN"}, ["reps"], lambda s: s.reps == 1),
    ({"reps": "nan"}, ["reps"], lambda s: s.reps == 1),
    ({"reps": "inf"}, ["reps"], lambda s: s.reps == 1),
    ({"trials": "-inf"}, ["trials"], lambda s: s.trials == 20_000),
    ({"trials": "1e400"}, ["trials"], lambda s: s.trials == 20_000),
    ({"traffic_low_visits_per_month": "1e400"}, ["traffic_low"], lambda s: s.traffic.low == 4000),
    ({"seed": "1e400"}, ["seed"], lambda s: s.seed == 0),
    ({"reps": LONG}, ["reps"], lambda s: s.reps == 1),
    ({"reps": "-4"}, ["reps"], lambda s: s.reps == 0),
    ({"horizon_months": "-3"}, ["horizon_months"], lambda s: s.horizon_months == 12),  # 1 is before month 3
    ({"trials": "999999999"}, ["trials"], lambda s: s.trials == FIELD["trials"].link_bounds[1]),
    ({"open_pipeline_opportunities": "1e300"}, ["open_pipeline"], lambda s: s.open_pipeline == 2**53 - 1),
    ({"reps": ""}, ["reps"], lambda s: s.reps == 1),
    ({"reps": "三"}, ["reps"], lambda s: s.reps == 1),
    ({"reps": "2.5"}, ["reps"], lambda s: s.reps == 1),
    ({"win_rate_high": "250%"}, ["win_rate_high"], lambda s: s.win_rate.high == 0.3),
    ({"win_rate_low": "0.5"}, ["win_rate_low"], lambda s: s.win_rate == Scenario().win_rate),
    ({"target_deadline_month": "99"}, ["target_deadline_month"], lambda s: s.target.deadline_month == 3),
    ({"horizon_months": "2"}, ["horizon_months"], lambda s: s.horizon_months == 12),
    ({"target_metric": "<script>alert(1)</script>"}, ["target_metric"], lambda s: s.target.metric is Metric.DEALS),
    ({"target_metric": "win_rate"}, ["target_metric"], lambda s: s.target.metric is Metric.DEALS),
    ({"target_window": "weekly"}, ["target_window"], lambda s: s.target.window is Window.BY_DEADLINE),
    ({"target_start_month": "2"}, ["target_start_month"], lambda s: s.target.start_month == 1),
    (
        {"target_window": "months", "target_start_month": "9", "target_deadline_month": "3"},
        ["target_start_month"],
        lambda s: (s.target.start_month, s.target.deadline_month) == (1, 3),
    ),
    ({"correlations": "traffic_mean~visit_to_lead=5"}, ["correlations"], lambda s: s.correlations.is_independent),
    ({"annual_goal": "nan"}, ["annual_goal"], lambda s: True),
    ({"annual_goal": "-5"}, ["annual_goal"], lambda s: True),
    ({"annual_goal": "1e400"}, ["annual_goal"], lambda s: True),
    ({"bogus": "1"}, ["bogus"], lambda s: s == Scenario()),
    ({"win_rate_hi": "0.3"}, ["did you mean win_rate_high"], lambda s: s == Scenario()),
    ({"x" * 5000: "1"}, ["x" * (QUOTED_CHARS - 1)], lambda s: s == Scenario()),
    ({"reps": ["2", "3"]}, ["reps"], lambda s: s.reps == 3),
    ({VERSION: "7"}, [VERSION], lambda s: s == Scenario()),
    (
        {"reps": "x", "seed": "-1", "target_deadline_month": "99", "bogus": "", "win_rate_low": "nan"},
        ["reps", "seed", "target_deadline_month", "bogus", "win_rate_low"],
        lambda s: s == Scenario(),
    ),
]


@pytest.mark.parametrize(("params", "named", "check"), HOSTILE, ids=lambda v: str(v)[:40])
def test_a_hostile_link_gets_one_notice_per_bad_parameter(params, named, check):
    scenario, notices = notices_of({VERSION: LINK_VERSION} | params if VERSION not in params else params)
    assert len(notices) == len(named), notices
    for name in named:
        assert sum(name in notice for notice in notices) == 1, (name, notices)
    assert check(scenario)


@pytest.mark.parametrize(
    "params",
    [
        {"reps": ["3", "3"]},  # repeated, but the same
        {"name": "Прогноз Q3 — الربع الثالث 📈"},
        {"name": "x" * 100_000},
        {"name": ""},
        {"name": ' =HYPERLINK("http://x") '},
        {"reps": "٣"},  # Arabic-Indic digits read as people type them
        {"reps": " 3 "},
        {"capacity_opportunities_per_rep_per_month": ""},  # empty: no cap
        {"correlations": ""},
    ],
)
def test_unusual_but_valid_values_are_used_without_a_notice(params):
    scenario, notices = notices_of({VERSION: LINK_VERSION} | params)
    assert notices == []
    if "name" in params:
        assert scenario.name == params["name"]  # spaces, scripts and formula characters as given


def test_a_deadline_of_99_gets_one_notice_not_two_contradictory_ones():
    _, notices = notices_of({VERSION: LINK_VERSION, "target_deadline_month": "99"})
    (notice,) = notices
    assert "month 1 to 12" in notice
    assert "Using 3 instead" in notice
    _, notices = notices_of({"target_deadline_month": "99"}, SAMPLES[0])  # an old link: the same
    assert len(notices) == 1


def test_a_thousand_unknown_parameters_are_summed_up():
    _, notices = notices_of({VERSION: LINK_VERSION} | {f"junk{i}": "1" for i in range(1000)})
    assert len(notices) == MAX_NAMED_UNKNOWN + 1
    assert notices[-1].startswith(f"{1000 - MAX_NAMED_UNKNOWN:,} more unknown")


PARAMETERS = [c.column for c in COLUMNS] + ["annual_goal", "junk"]
#: Values that have broken links before, or sit on a boundary, mixed with any text.
TOKENS = ["nan", "inf", "-inf", "1e400", "-1e400", "1e308", "1e-400", "-1", "0", "", "5,000", "3%", "250%", "٣"]
TOKENS += ["99", "2.5", "9" * 400, "months", "average", "win_rate", "cac", "at_most", "win_rate~traffic_mean=-0.5"]


@given(st.dictionaries(st.sampled_from(PARAMETERS), st.sampled_from(TOKENS) | st.text(max_size=30)))
def test_any_text_in_any_parameter_reads_to_a_valid_scenario_with_at_most_one_notice_each(params):
    scenario, notices = notices_of({VERSION: LINK_VERSION} | params)
    assert len(notices) <= len(params)
    assert math.isfinite(scenario.traffic.high)
