"""The text form of a scenario's channels: exact both ways, plain errors, and the same in a file and a link."""

import math
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator import Range, Scenario
from simulator.analysis.compare import differing_inputs
from simulator.files.channel_text import channels_from_text, channels_to_text
from simulator.files.links import scenario_from_query, scenario_to_query
from simulator.files.scenario_csv import ScenarioFileError, read_scenarios, write_scenarios
from simulator.model.channels import MAX_CHANNELS, MAX_NAME_CHARS, Channel, ChannelKind, ChannelUnit, SpendChange
from simulator.model.checks import InputError
from simulator.model.fields import MAX_HORIZON_MONTHS, MAX_WHOLE
from tests.test_formats import HEADER, ROW

#: The four channels of the example in docs/scenario_csv.md, in their canonical text.
EXAMPLE = (
    "Website: spend=3000 visits=3000-5000 growth=2% visit_to_lead=2%-3% lead_to_qualified=25%-35% | "
    "Paid search: spend=15000 cost_per_lead=60-90 most=400 lead_to_qualified=30%-40% | "
    "Social: spend=8000 cost_per_visit=1.5-3 visit_to_lead=0.8%-1.5% lead_to_qualified=15%-25% | "
    "Events: spend_9=50000 cost_per_lead=80-120 lead_to_qualified=40%-60%"
)
WEBSITE = Channel(
    name="Website",
    kind=ChannelKind.ORGANIC,
    unit=ChannelUnit.VISITS,
    volume=Range(3000.0, 5000.0),
    growth=0.02,
    spend=3000.0,
    visit_to_lead=Range(0.02, 0.03),
    lead_to_qualified=Range(0.25, 0.35),
)
PAID_SEARCH = Channel(
    name="Paid search",
    kind=ChannelKind.PAID,
    unit=ChannelUnit.LEADS,
    spend=15000.0,
    cost_per=Range(60.0, 90.0),
    most_per_month=400.0,
    lead_to_qualified=Range(0.3, 0.4),
)
SOCIAL = Channel(
    name="Social",
    kind=ChannelKind.PAID,
    unit=ChannelUnit.VISITS,
    spend=8000.0,
    cost_per=Range(1.5, 3.0),
    visit_to_lead=Range(0.008, 0.015),
    lead_to_qualified=Range(0.15, 0.25),
)
EVENTS = Channel(
    name="Events",
    kind=ChannelKind.PAID,
    unit=ChannelUnit.LEADS,
    spend_changes=(SpendChange(9, 9, 50_000.0),),
    cost_per=Range(80.0, 120.0),
    lead_to_qualified=Range(0.4, 0.6),
)
CHANNELS = (WEBSITE, PAID_SEARCH, SOCIAL, EVENTS)
SCENARIO = Scenario(name="Four channels", channels=CHANNELS)


def test_the_example_reads_as_four_channels_and_is_written_back_as_it_is():
    assert channels_from_text(EXAMPLE) == CHANNELS
    assert channels_to_text(CHANNELS) == EXAMPLE


def test_the_documented_example_is_the_canonical_text():
    doc = (Path(__file__).parent.parent / "docs" / "scenario_csv.md").read_text(encoding="utf-8")
    assert f"\n    {EXAMPLE}\n" in doc


@pytest.mark.parametrize("text", ["", "   ", " | ", "\t|\n"])
def test_blank_text_is_no_channels(text):
    assert channels_from_text(text) == ()
    assert channels_to_text(()) == ""


def test_defaults_are_left_out_and_forms_people_type_are_read():
    (channel,) = channels_from_text(
        " Website :  VISITS=3000-5000   visit_to_lead=0.02-0.03 spend=$2,500 growth=-1% | ", delimiter=","
    )
    assert channel == Channel(
        name="Website", volume=Range(3000.0, 5000.0), visit_to_lead=Range(0.02, 0.03), spend=2500.0, growth=-0.01
    )
    assert channel.lead_to_qualified == Range(0.25, 0.35)  # the model's default
    assert channels_to_text([channel]) == (
        "Website: spend=2500 visits=3000-5000 growth=-1% visit_to_lead=2%-3% lead_to_qualified=25%-35%"
    )


def test_a_range_of_one_number_is_a_known_value_and_percentages_are_exact():
    (channel,) = channels_from_text("Ads: cost_per_visit=1.1 visit_to_lead=1.1% lead_to_qualified=0.3")
    assert channel.cost_per == Range.known(1.1)
    assert channel.visit_to_lead == Range.known(0.011)  # not 0.011000000000000001
    assert channel.lead_to_qualified == Range.known(0.3)


def test_spend_changes_keep_their_order_and_a_later_one_wins():
    (channel,) = channels_from_text("Ads: spend=1000 spend_4-6=2000 spend_5=0 cost_per_lead=50")
    assert channel.spend_changes == (SpendChange(4, 6, 2000.0), SpendChange(5, 5, 0.0))
    assert channel.spend_by_month(7).tolist() == [1000, 1000, 1000, 2000, 0, 2000, 1000]
    assert "spend=1000 spend_4-6=2000 spend_5=0 cost_per_lead=50" in channels_to_text([channel])


def test_decimal_commas_and_dot_thousands_in_a_semicolon_file():
    text = "Ads: spend=12.500 cost_per_visit=1,5-3,25 visit_to_lead=2,5%-3,5% lead_to_qualified=0,25-0,35"
    (channel,) = channels_from_text(text, delimiter=";")
    assert channel.spend == 12_500.0
    assert channel.cost_per == Range(1.5, 3.25)
    assert channel.visit_to_lead == Range(0.025, 0.035)
    assert channel.lead_to_qualified == Range(0.25, 0.35)
    # The canonical text reads the same in a ';' file, where "1.234" would be a thousand and more.
    odd = replace(PAID_SEARCH, cost_per=Range(1.234, 12.345))
    assert "cost_per_lead=1.2340-12.3450" in channels_to_text([odd])
    assert channels_from_text(channels_to_text([odd]), delimiter=";") == (odd,)


# --- bad text ------------------------------------------------------------------------------------------------

TOO_MANY = " | ".join(f"C{i}: leads=10" for i in range(MAX_CHANNELS + 1))


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("Paid search: spend=15000 cost_per_lead=abc", "channels.Paid search.cost_per_lead", ["'abc'", "60-90"]),
        ("Paid search: cost_per_lead=$60-", "channels.Paid search.cost_per_lead", ["'$60-'", "90% range"]),
        ("Web: visits=1-2-3 visit_to_lead=2%", "channels.Web.visits", ["'1-2-3'", "3000-5000"]),
        ("Web: visits=$3000 visit_to_lead=2%", "channels.Web.visits", ["'$3000'", "3000-5000"]),
        ("Web: visits=10 visit_to_lead=high", "channels.Web.visit_to_lead", ["'high'", "2%-3%"]),
        ("Web: visits=10 visit_to_lead=2% growth=fast", "channels.Web.growth", ["'fast'", "2%"]),
        ("Ads: cost_per_lead=60-90 spend=lots", "channels.Ads.spend", ["'lots'", "amount"]),
        ("Ads: cost_per_lead=60-90 most=many", "channels.Ads.most", ["'many'", "a number such as 400"]),
        ("Ads: cost_per_lead=60-90 spend_9=", "channels.Ads.spend_9", ["''", "amount"]),
        ("Website visits=3000-5000", "channels", ["'Website visits=3000-5000'", "separated by '|'"]),
        (": leads=10", "channels", ["name: key=value"]),
        ("Web: visits=10 visit_to_lead=2% 4000", "channels.Web", ["'4000'", "key=value"]),
        ("Web: visits=10 visit_to_lead=2% =5", "channels.Web", ["'=5'", "key=value"]),
        ("Web: visits=10 visit_to_lead=2% vists=5", "channels.Web.vists", ["did you mean visits?"]),
        ("Web: visits=10 visit_to_lead=2% colour=red", "channels.Web.colour", ["one of the keys", "spend_M-N"]),
        ("Web: visits=10 visits=20 visit_to_lead=2%", "channels.Web.visits", ["'visits=20'", "each key once"]),
        ("Web: visit_to_lead=2%", "channels.Web", ["exactly one of visits="]),
        ("Web: visits=10 leads=3", "channels.Web", ["'visits=10 leads=3'", "exactly one of"]),
        ("Ads: cost_per_lead=60 spend_x=5", "channels.Ads.spend_x", ["spend_M-N", "months from 1 to 24"]),
        ("Ads: cost_per_lead=60 spend_99999=5", "channels.Ads.spend_99999", ["months from 1 to 24"]),
        (
            "Ads: cost_per_lead=60 spend_" + "9" * 5000 + "=5",
            "channels.Ads.spend_" + "9" * 33 + "…",
            ["months from 1"],
        ),
        # Values the model rejects: its own error, naming the channel and its field.
        ("Ads: cost_per_lead=60 spend_30=5", "channels.Ads.spend_changes", ["30", "between 1 and 24"]),
        ("Ads: cost_per_lead=60 spend_6-4=5", "channels.Ads.spend_changes", ["(6, 4)", "first <= last"]),
        ("Ads: cost_per_lead=90-60", "channels.Ads.cost_per", ["(90.0, 60.0)", "low <= high"]),
        ("Ads: cost_per_lead=0", "channels.Ads.cost_per.low", ["nothing is free"]),
        ("Ads: cost_per_lead=60 most=0", "channels.Ads.most_per_month", ["above 0"]),
        ("Ads: cost_per_lead=60 spend=-5", "channels.Ads.spend", ["0 or more"]),
        ("Web: visits=0-10 visit_to_lead=2%", "channels.Web.volume.low", ["above 0 when low and high differ"]),
        ("Web: visits=10 visit_to_lead=2-3", "channels.Web.visit_to_lead.low", ["between 0% and 100%"]),
        ("Web: visits=10 visit_to_lead=0%-3%", "channels.Web.visit_to_lead", ["strictly between 0% and 100%"]),
        ("Web: visits=10", "channels.Web.visit_to_lead", ["when the channel brings visits"]),
        ("Web: leads=10 visit_to_lead=2%", "channels.Web.visit_to_lead", ["none for leads"]),
        ("Web: visits=10 visit_to_lead=2% most=50", "channels.Web.most_per_month", ["organic"]),
        ("Web: visits=10 visit_to_lead=2% growth=-150%", "channels.Web.growth", ["-99%"]),
        ("Web: visits=10 visit_to_lead=2% growth=1e400", "channels.Web.growth", ["'1e400'"]),
        ("Ads: leads=10 | ads : leads=20", "channels.ads.name", ["no other channel"]),
        (TOO_MANY, "channels", [f"{MAX_CHANNELS + 1}", f"at most {MAX_CHANNELS} channels"]),
        ("x" * (MAX_NAME_CHARS + 1) + ": leads=10", "channels.name", ["1 to 40 characters"]),
        ("Ads: cost_per_lead=" + "9" * 1000 + "x", "channels.Ads.cost_per_lead", ["…", "60-90"]),
    ],
)
def test_bad_text_names_the_channel_the_key_and_what_is_allowed(text, field, words):
    with pytest.raises(InputError) as caught:
        channels_from_text(text)
    message = str(caught.value)
    assert caught.value.field == field
    for word in words:
        assert word in message
    assert len(message) < 400  # a quoted value is cut short


# --- exact both ways ----------------------------------------------------------------------------------------

NAMES = st.text(
    alphabet=st.characters(blacklist_characters="|:", blacklist_categories=("Cs",)), min_size=1, max_size=40
).filter(lambda name: name == name.strip() and name)
AMOUNTS = st.floats(min_value=0, max_value=MAX_WHOLE) | st.integers(0, 10**6).map(lambda n: n / 100)
ABOVE_ZERO = st.floats(min_value=0, max_value=MAX_WHOLE, exclude_min=True) | st.integers(1, 10**6).map(float)
INSIDE_RATES = st.floats(min_value=0, max_value=1, exclude_min=True, exclude_max=True) | st.integers(1, 9999).map(
    lambda n: n / 10_000
)


@st.composite
def amount_ranges(draw, *, above_zero=False):
    if draw(st.booleans()):
        return Range.known(draw(ABOVE_ZERO if above_zero else AMOUNTS))
    low, high = sorted([draw(ABOVE_ZERO), draw(ABOVE_ZERO)])
    return Range(low, high)


@st.composite
def rate_ranges(draw):
    if draw(st.booleans()):
        return Range.known(draw(st.floats(min_value=0, max_value=1) | st.sampled_from([0.0, 0.011, 0.3, 1.0])))
    low, high = sorted([draw(INSIDE_RATES), draw(INSIDE_RATES)])
    return Range(low, high)


@st.composite
def spend_changes(draw):
    first = draw(st.integers(1, MAX_HORIZON_MONTHS))
    return SpendChange(first, draw(st.integers(first, MAX_HORIZON_MONTHS)), draw(AMOUNTS))


@st.composite
def channels(draw):
    kind, unit = draw(st.sampled_from(ChannelKind)), draw(st.sampled_from(ChannelUnit))
    paid = kind is ChannelKind.PAID
    return Channel(
        name=draw(NAMES),
        kind=kind,
        unit=unit,
        volume=None if paid else draw(amount_ranges()),
        growth=draw(st.just(0.0) | st.floats(min_value=-0.99, max_value=10) | st.sampled_from([0.02, -0.011])),
        spend=draw(st.just(0.0) | AMOUNTS),
        spend_changes=tuple(draw(st.lists(spend_changes(), max_size=3))),
        cost_per=draw(amount_ranges(above_zero=True)) if paid else None,
        most_per_month=draw(st.none() | ABOVE_ZERO) if paid else None,
        visit_to_lead=draw(rate_ranges()) if unit is ChannelUnit.VISITS else None,
        lead_to_qualified=draw(rate_ranges()),
    )


SETS = st.lists(channels(), max_size=MAX_CHANNELS, unique_by=lambda channel: channel.name.casefold()).map(tuple)


@given(SETS)
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_any_channels_read_back_equal_from_their_text(delimiter, channels):
    text = channels_to_text(channels)
    assert channels_from_text(text, delimiter) == channels
    # No thousands separators, no decimal commas: one text for every file.
    assert not any("," in piece.partition(":")[2] for piece in text.split("|"))


@given(
    st.text(max_size=200)
    | st.lists(st.sampled_from(["W:", "visits=", "1", "-", "%", " ", "|", "2e-5"])).map("".join)
)
def test_any_text_reads_as_channels_or_says_what_is_allowed(text):
    error = None
    try:
        read = channels_from_text(text)
    except InputError as caught:
        error = caught
    if error is None:
        assert channels_from_text(channels_to_text(read)) == read
    else:
        assert error.field.startswith("channels")
        assert error.allowed


def test_the_largest_and_smallest_numbers_read_back_exactly():
    extreme = replace(
        SOCIAL,
        spend=float(MAX_WHOLE),
        cost_per=Range(math.ulp(0), float(MAX_WHOLE)),
        most_per_month=math.ulp(0),
        visit_to_lead=Range(math.ulp(0), 1 - 2**-53),
        lead_to_qualified=Range(0.1 + 0.2, 0.30000000000000004),
    )
    assert channels_from_text(channels_to_text([extreme])) == (extreme,)


# --- in a file and a link -----------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_scenario_with_four_channels_reads_back_equal_from_its_file(delimiter):
    others = replace(SCENARIO, name="No channels")
    text = write_scenarios(
        [SCENARIO, others, replace(SCENARIO, name="=Formula", channels=(EVENTS,))], delimiter=delimiter
    )
    assert read_scenarios(text) == [SCENARIO, others, replace(SCENARIO, name="=Formula", channels=(EVENTS,))]
    assert EXAMPLE in text


def test_a_file_without_the_channels_column_means_no_channels():
    (scenario,) = read_scenarios(f"{HEADER}\n{ROW}\n")
    assert scenario.channels == ()


def with_channels(cell: str, *, header: str = HEADER + ",channels", before: str = "") -> str:
    """A file whose second row (row 3) has `cell` in its channels column."""
    quoted = '"' + cell.replace('"', '""') + '"'
    return f"{header}\n{ROW},{before}\n" + ROW.replace("Plan A", "Plan B") + f",{before}{quoted}\n"


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (
            with_channels("Paid search: spend=15000 cost_per_lead=abc"),
            ["Row 3, column channels (Paid search.cost_per_lead): 'abc' is not allowed", "60-90"],
        ),
        (with_channels("Paid search cost_per_lead=60"), ["Row 3, column channels:", "separated by '|'"]),
        (with_channels("Ads: leads=10 | Ads: leads=5"), ["Row 3, column channels (Ads.name)", "no other channel"]),
        (
            with_channels("Events: spend_14=50000 cost_per_lead=80-120"),
            ["Row 3, column channels (Events.spend_changes)", "(14, 14)", "inside the horizon, 1 to 12"],
        ),
        (
            with_channels(EXAMPLE, header=HEADER + ",correlations,channels", before="win_rate~visit_to_lead=0.5,"),
            ["Row 3, column correlations", "empty when the scenario has channels"],
        ),
    ],
)
def test_a_bad_channels_cell_names_the_row_the_column_and_the_channel(text, fragments):
    with pytest.raises(ScenarioFileError) as caught:
        read_scenarios(text)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    assert "\n" not in message


def reopened(scenario: Scenario):
    sent = parse_qs(urlencode(scenario_to_query(scenario)), keep_blank_values=True)
    return scenario_from_query(sent, Scenario())


def test_a_scenario_with_four_channels_comes_back_from_its_link():
    assert scenario_to_query(SCENARIO)["channels"] == EXAMPLE
    assert reopened(SCENARIO) == (SCENARIO, None, [])
    assert "channels" not in scenario_to_query(Scenario())


@pytest.mark.parametrize(
    ("value", "fragments"),
    [
        ("Paid search: cost_per_lead=abc", ["channels", "'abc' is not allowed", "60-90", "Using no channels"]),
        ("Paid search cost_per_lead=60", ["channels", "separated by '|'", "Using no channels"]),
        ("Events: spend_14=5 cost_per_lead=80", ["channels", "inside the horizon, 1 to 12", "Using no channels"]),
    ],
)
def test_a_bad_link_value_falls_back_to_no_channels_with_one_notice(value, fragments):
    opened, _, notices = scenario_from_query({"v": "2", "channels": value}, SCENARIO)
    assert opened.channels == ()
    (notice,) = notices
    for fragment in fragments:
        assert fragment in notice


def test_a_link_made_before_channels_means_no_channels_whatever_the_fallback():
    opened, _, notices = scenario_from_query({"target_metric": "deals", "reps": "3"}, SCENARIO)
    assert (opened.channels, opened.reps, notices) == ((), 3, [])


# --- compared ----------------------------------------------------------------------------------------------


def test_compare_says_which_channels_differ_in_words():
    other = replace(SCENARIO, name="Other", channels=(WEBSITE, replace(PAID_SEARCH, spend=20_000.0), EVENTS))
    found = differing_inputs([SCENARIO, other])
    assert [(d.field, d.label) for d in found] == [
        ("channels.Paid search", "Channel: Paid search"),
        ("channels.Social", "Channel: Social"),
    ]
    search, social = (d.values for d in found)
    assert "spend $15,000 a month" in search[0]
    assert "spend $20,000 a month" in search[1]
    assert search[0].startswith("paid leads at $60–$90 per lead, at most 400 a month")
    assert social == (
        "paid visits at $1.5–$3 per visit; spend $8,000 a month; visit → lead 0.8%–1.5%, lead → qualified 15%–25%",
        "none",
    )
    assert differing_inputs([SCENARIO, replace(SCENARIO, name="Copy", channels=CHANNELS[::-1])]) == []
