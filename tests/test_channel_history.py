"""Histories by channel: reading a channel column, fitting each channel's ranges, and the calibrate page."""

import io
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simulator import Correlations, InputError, Range, Scenario, simulate
from simulator.files.scenario_csv import read_scenarios
from simulator.history import (
    HistoryError,
    backtest,
    channel_history_frame,
    channel_history_scenario,
    fit,
    fit_channels,
    fitted_channel_rows,
    read_history,
)
from simulator.history.fitted_table import COLUMNS
from simulator.history.headers import FIELDS
from simulator.model.channels import MAX_CHANNELS, Channel, ChannelKind, ChannelUnit
from tests.conftest import Z_TOLERANCE
from tests.test_app import calibrate_page, current_scenario

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "sample_data" / "channel_history.csv"
HEADER = "month,channel,spend,visits,leads,qualified,won,revenue"
#: Three months of three channels: an organic one bringing visits, a paid one bringing leads, a paid one bringing
#: visits. Row numbers as a spreadsheet shows them: the header is row 1, so 2025-02's Paid search is row 6.
ROWS = [
    "2025-01,Website,,9800,190,52,14,98000",
    "2025-01,Paid search,15200,,205,61,15,120500",
    "2025-01,Social,8000,4300,45,6,1,9000",
    "2025-02,Website,,10100,201,55,13,91000",
    "2025-02,Paid search,14800,,198,60,16,118000",
    "2025-02,Social,8200,4450,47,7,2,15000",
    "2025-03,Website,,10400,214,58,15,99000",
    "2025-03,Paid search,15500,,221,66,17,131000",
    "2025-03,Social,7900,4210,44,5,1,8000",
]


def text(rows=ROWS, header=HEADER) -> str:
    return "\n".join([header, *rows])


def with_row(index: int, row: str) -> list[str]:
    """ROWS with row `index` (0 is the file's row 2) replaced."""
    return [row if position == index else line for position, line in enumerate(ROWS)]


# --- reading ---------------------------------------------------------------------------------------------------


def test_without_a_channel_column_a_history_reads_as_before():
    history = read_history(ROOT / "sample_data" / "history.csv")
    assert history.by_channel is None
    assert "channel" not in history.mapping
    assert history.data["row"].tolist() == list(range(2, 26))  # one row per month, as read
    assert fit_channels(history).channels == ()
    with pytest.raises(HistoryError, match="No column for visits"):  # the monthly file still needs every stage
        read_history("month,leads,qualified,won\n2025-01,120,45,11")


def test_a_channel_history_reads_each_row_and_totals_each_month():
    history = read_history(text())
    assert history.problems == []
    rows = history.by_channel
    assert rows["channel"].tolist()[:3] == ["Website", "Paid search", "Social"]
    assert rows["row"].tolist() == list(range(2, 11))
    assert rows["spend"].tolist()[:3] == [0.0, 15200.0, 8000.0]  # a blank spend is no spend
    assert math.isnan(rows["visits"].iloc[1])  # Paid search brings leads
    totals = history.data
    assert [str(m) for m in totals["month"]] == ["2025-01", "2025-02", "2025-03"]
    assert totals["leads"].tolist() == [440, 446, 479]
    assert totals["qualified"].tolist() == [119, 122, 129]
    assert totals["won"].tolist() == [30, 31, 33]
    assert totals["revenue"].tolist() == [227500, 224000, 238000]
    assert totals["marketing_spend"].tolist() == [23200, 23000, 23400]
    # Paid search's leads come from no counted visit: the total of visits is unknown, and so is the shared rate.
    assert totals["visits"].isna().all()
    fitted = fit(history)
    assert "visit_to_lead" not in fitted.ranges
    assert "traffic" not in fitted.ranges
    assert fitted.months_used["win_rate"] == 3


def test_the_totals_of_channels_that_all_bring_visits_give_the_shared_traffic():
    rows = [row for row in ROWS if "Paid search" not in row]
    history = read_history(text(rows))
    assert history.data["visits"].tolist() == [14100, 14550, 14610]
    fitted = fit(history)
    k, n = sum((190, 45, 201, 47, 214, 44)), sum((9800, 4300, 10100, 4450, 10400, 4210))
    assert fitted.ranges["visit_to_lead"].low == pytest.approx(stats.beta.ppf(0.05, k + 1, n - k + 1))
    assert "traffic" in fitted.ranges


@pytest.mark.parametrize("name", [*FIELDS["channel"], "Lead Source", " CANAL "])
def test_the_channel_column_is_found_by_any_of_its_names(name):
    history = read_history(text(header=HEADER.replace("channel", name)))
    assert history.by_channel["channel"].unique().tolist() == ["Website", "Paid search", "Social"]
    assert history.mapping["channel"] == name.strip()


@pytest.mark.parametrize(
    ("header", "first_row", "delimiter"),
    [
        (
            "Mes;Fuente;Gasto;Visitas;Contactos;Oportunidades;Ganados;Ingresos",
            "ene 2025;Búsqueda pagada;15.200;;205;61;15;120.500,00",
            ";",
        ),
        (
            "Месяц;Канал;Расходы;Визиты;Лиды;Квалифицированные;Сделки;Выручка",
            "янв 2025;Контекст;15 200;;205;61;15;120 500,00 ₽",
            ";",
        ),
        (
            "الشهر,القناة,الإنفاق,الزيارات,العملاء المحتملون,المؤهلة,الصفقات,الإيرادات",
            'يناير 2025,بحث مدفوع,"15,200",,205,61,15,"120,500"',
            ",",
        ),
    ],
)
def test_channel_histories_in_other_languages(header, first_row, delimiter):
    second = first_row.replace("ene", "feb").replace("янв", "фев").replace("يناير", "فبراير")
    history = read_history(f"{header}\n{first_row}\n{second}".encode())
    assert history.delimiter == delimiter
    assert history.by_channel["spend"].tolist() == [15200, 15200]
    assert history.by_channel["leads"].tolist() == [205, 205]
    assert history.data["revenue"].tolist() == [120500, 120500]
    assert history.problems == []


def test_a_workbook_with_a_channel_column():
    frame = pd.read_csv(io.StringIO(text()))
    book = io.BytesIO()
    frame.to_excel(book, index=False)
    history = read_history(book.getvalue())
    assert history.sheet is not None
    assert history.by_channel["leads"].tolist() == pd.read_csv(io.StringIO(text()))["leads"].tolist()
    assert history.data["leads"].tolist() == [440, 446, 479]


def test_an_unknown_channel_header_is_mapped_by_hand():
    renamed = text(header=HEADER.replace("channel", "medio"))
    monthly = read_history(renamed)  # one row per month, as far as the reader can tell: repeated months, said
    assert monthly.by_channel is None
    assert "2025-01 appears more than once." in [p.message for p in monthly.problems]
    history = read_history(renamed, {"channel": "medio"})
    assert history.by_channel["channel"].nunique() == 3


def test_a_channel_history_needs_leads():
    with pytest.raises(HistoryError, match="No column for leads") as refused:
        read_history(text(header=HEADER.replace("leads", "contacts")))
    assert refused.value.missing == ("leads",)


#: Bad input: the rows of the file, then (row, column, words) of the problem the reader must report.
BAD_ROWS = {
    "negative spend": (
        with_row(4, "2025-02,Paid search,-300,,198,60,16,118000"),
        (6, "spend", "-300 is negative"),
    ),
    "leads above visits": (
        with_row(5, "2025-02,Social,8200,40,47,7,2,15000"),
        (7, "leads", "leads (47) exceed visits (40) for Social; this row is left out of the visit → lead rate"),
    ),
    "the same month and channel twice": (
        [*ROWS, "2025-02,Paid search,14800,,198,60,16,118000"],
        (6, "channel", "Paid search appears more than once in 2025-02 (rows 6, 11): neither row is used"),
    ),
    "a name with |": (
        with_row(2, "2025-01,Ads | Social,8000,4300,45,6,1,9000"),
        (4, "channel", "'Ads | Social' cannot name a channel of a scenario"),
    ),
    "a name with :": (
        with_row(2, "2025-01,Social: paid,8000,4300,45,6,1,9000"),
        (4, "channel", "'Social: paid' cannot name a channel of a scenario (a name has 1 to 40 characters"),
    ),
    "a name too long": (
        with_row(2, f"2025-01,{'Social ' * 7},8000,4300,45,6,1,9000"),
        (4, "channel", "cannot name a channel of a scenario"),
    ),
    "no channel": (with_row(2, "2025-01,,8000,4300,45,6,1,9000"), (4, "channel", "no channel named")),
    "a name written two ways": (
        with_row(4, "2025-02,PAID SEARCH,14800,,198,60,16,118000"),
        (6, "channel", "'PAID SEARCH' is read as the channel 'Paid search' (row 3)"),
    ),
    "a blank count": (with_row(5, "2025-02,Social,8200,4450,47,,2,15000"), (7, "qualified", "empty for Social")),
    "a month missing for a channel": (
        [row for row in ROWS if row != ROWS[5]],
        (None, None, "Social has no row for 2025-02: nothing from it is counted in that month"),
    ),
    "a figure a channel never gives": (
        [row if "Social" not in row else row.rsplit(",", 1)[0] + "," for row in ROWS],
        (None, "revenue", "Social gives no revenue in any month"),
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_bad_rows_are_each_named_and_nothing_else_is_lost(case):
    rows, (row, column, words) = BAD_ROWS[case]
    history = read_history(text(rows))
    named = [p for p in history.problems if words in p.message]
    assert named, [str(p) for p in history.problems]
    assert (named[0].row, named[0].column) == (row, column)
    # The other channels are still fitted: a bad row costs its own figures only.
    fitted = {channel.name for channel in fit_channels(history).channels}
    assert {"Website", "Paid search"} <= fitted


def test_a_name_written_another_way_is_said_once():
    rows = [row.replace("Paid search", "paid search") if not row.startswith("2025-01") else row for row in ROWS]
    history = read_history(text(rows))
    said = [p for p in history.problems if "is read as the channel 'Paid search'" in p.message]
    assert [p.row for p in said] == [6]
    assert history.by_channel["channel"].nunique() == 3


def test_a_repeated_month_and_channel_leaves_the_month_out_of_the_totals():
    history = read_history(text([*ROWS, "2025-02,Paid search,14800,,198,60,16,118000"]))
    assert history.data.iloc[1][["leads", "won", "marketing_spend"]].isna().all()
    assert history.data["leads"].iloc[[0, 2]].tolist() == [440, 479]
    assert 6 not in history.by_channel["row"].tolist()
    assert 11 not in history.by_channel["row"].tolist()


def test_a_name_the_model_refuses_counts_in_the_totals_but_is_not_fitted():
    rows = [row.replace("Social", "Ads | Social") for row in ROWS]
    history = read_history(text(rows))
    assert history.data["leads"].tolist() == [440, 446, 479]
    fitted = fit_channels(history)
    assert [c.name for c in fitted.channels] == ["Website", "Paid search"]
    assert any("'Ads | Social' is not fitted" in note and "Rename it" in note for note in fitted.notes)


#: What fitting cannot do, said in a note naming the channel: the rows, the note's words, the channel's fate.
FIT_NOTES = {
    "one month only": (
        [*ROWS, "2025-03,Events,3000,,20,9,2,20000"],
        "Events has 1 month to fit on: a range needs at least 2 months",
        None,
    ),
    "spend in some months only": (
        [row.replace(",8000,", ",0,") for row in ROWS],
        "Social has a spend in 2 of 3 months: fitted as organic",
        ChannelKind.ORGANIC,
    ),
    "no qualified at all": (
        [
            row
            if "Social" not in row
            else row.replace(",45,6,", ",45,,").replace(",47,7,", ",47,,").replace(",44,5,", ",44,,")
            for row in ROWS
        ],
        "Social has no month with qualified opportunities: its lead → qualified rate is not fitted and stays",
        ChannelKind.PAID,
    ),
    "no leads bought": (
        [row.replace(",205,", ",0,").replace(",198,", ",0,").replace(",221,", ",0,") for row in ROWS],
        "Paid search brought no leads in any month with spend: its cost is not fitted",
        None,
    ),
}


@pytest.mark.parametrize("case", FIT_NOTES)
def test_what_cannot_be_fitted_is_said_naming_the_channel(case):
    rows, words, kind = FIT_NOTES[case]
    fitted = fit_channels(read_history(text(rows)))
    assert any(words in note for note in fitted.notes), fitted.notes
    name = words.split(" has ")[0].split(" brought ")[0]
    channels = {channel.name: channel for channel in fitted.channels}
    assert (channels[name].kind if name in channels else None) == kind
    assert "Website" in channels


# --- fitting ---------------------------------------------------------------------------------------------------


def sample_scenario() -> Scenario:
    (four,) = (s for s in read_scenarios(ROOT / "sample_data" / "scenarios.csv") if s.name.startswith("Four"))
    return four


def test_the_sample_history_gives_back_the_channels_that_made_it():
    made_by = sample_scenario().channels
    history = read_history(SAMPLE)
    assert history.problems == []
    assert len(history.data) == 18
    assert len(history.by_channel) == 72
    fitted = fit_channels(history)
    assert [(c.name, c.kind, c.unit) for c in fitted.channels] == [(c.name, c.kind, c.unit) for c in made_by]
    last = history.by_channel[history.by_channel["month"] == history.by_channel["month"].max()]
    for channel in fitted.channels:
        spend = float(last.loc[last["channel"] == channel.name, "spend"].iloc[0])
        assert channel.spend == (spend if channel.kind is ChannelKind.PAID else 0.0)  # the last month's; none
        assert fitted.months_used[channel.name]["lead_to_qualified"] == 18
    # The events channel's big month is in the data: its spend was twenty times the usual.
    events = history.by_channel[history.by_channel["channel"] == "Offline events"]
    assert events["spend"].max() > 15 * events["spend"].median()


#: Four channels like the sample's, without a ceiling, so that the cost per unit is the cost at any spend.
CHANNELS = (
    Channel(
        name="Website",
        volume=Range(9000.0, 13000.0),
        growth=0.015,
        visit_to_lead=Range(0.015, 0.025),
        lead_to_qualified=Range(0.2, 0.3),
    ),
    Channel(
        name="Paid search",
        kind="paid",
        unit="leads",
        spend=15000.0,
        cost_per=Range(55.0, 85.0),
        lead_to_qualified=Range(0.25, 0.35),
    ),
    Channel(
        name="Social",
        kind="paid",
        unit="visits",
        spend=8000.0,
        cost_per=Range(1.2, 2.0),
        visit_to_lead=Range(0.008, 0.014),
        lead_to_qualified=Range(0.1, 0.2),
    ),
    Channel(
        name="Offline events",
        kind="paid",
        unit="leads",
        spend=2000.0,
        cost_per=Range(90.0, 160.0),
        lead_to_qualified=Range(0.35, 0.5),
    ),
)
HISTORIES, MONTHS = 100, 18


@pytest.fixture(scope="module")
def coverage() -> dict[str, list[bool]]:
    """Whether each fitted 90% range covers the input that made the data, over many engine-made histories.

    Each trial of one simulation is one history: its channels' inputs are drawn from their ranges (the truth the
    fit must find), then its months are drawn as counts. An organic channel's truth is the mean of the month after
    the history, which its range is of.
    """
    made = channel_history_scenario(
        Scenario(channels=CHANNELS), MONTHS, trials=HISTORIES, spend_variation=0.1, rng=7
    )
    result = simulate(made, rng=7)
    covered: dict[str, list[bool]] = {}
    for trial in range(HISTORIES):
        history = read_history(channel_history_frame(result, trial).to_csv(index=False))
        fitted = fit_channels(history)
        assert [c.name for c in fitted.channels] == [c.name for c in CHANNELS]
        for drawn, channel in zip(result.channels, fitted.channels, strict=True):
            truth = {name: values[trial] for name, values in drawn.drawn.items()}
            if channel.kind is ChannelKind.ORGANIC:
                truth["volume"] *= (1 + drawn.channel.growth) ** MONTHS
            for name, value in truth.items():
                fitted_range = getattr(channel, name)
                covered.setdefault(name, []).append(fitted_range.low <= value <= fitted_range.high)
    return covered


@pytest.mark.parametrize("name", ["cost_per", "visit_to_lead", "lead_to_qualified"])
def test_fitted_ranges_cover_the_inputs_that_made_the_data_90_percent_of_the_time(coverage, name):
    hits = coverage[name]
    share, standard_error = np.mean(hits), math.sqrt(0.9 * 0.1 / len(hits))
    assert abs(share - 0.9) < Z_TOLERANCE * standard_error, (name, share, len(hits))


def test_the_organic_volume_range_covers_the_true_mean_at_least_90_percent_of_the_time(coverage):
    # Its range is next month's level +/- the months' variability around the trend, luck included: it is wider
    # than the uncertainty of the mean alone, as for the traffic of a one-row-per-month history.
    hits = coverage["volume"]
    assert np.mean(hits) > 0.9 - Z_TOLERANCE * math.sqrt(0.9 * 0.1 / len(hits))


def test_the_cost_range_is_the_gamma_poisson_posterior_of_the_rate_per_dollar():
    # Leads exactly in proportion to the spend: no over-dispersion, so the posterior is Gamma(sum k + 1, sum s).
    spend, leads = [10000, 12000, 8000, 11000], [200, 240, 160, 220]
    rows = [f"2025-0{m + 1},Ads,{s},{k},{k // 4}" for m, (s, k) in enumerate(zip(spend, leads, strict=True))]
    (ads,) = fit_channels(read_history("month,channel,spend,leads,qualified\n" + "\n".join(rows))).channels
    fast, slow = stats.gamma.ppf([0.95, 0.05], sum(leads) + 1, scale=1 / sum(spend))
    assert ads.cost_per.low == pytest.approx(1 / fast, rel=1e-3)
    assert ads.cost_per.high == pytest.approx(1 / slow, rel=1e-3)
    assert ads.spend == 11000.0  # the last month's


def test_costs_that_move_more_than_luck_widen_the_cost_range():
    spend, leads = [10000] * 6, [100, 300, 120, 280, 150, 250]
    rows = [f"2025-0{m + 1},Ads,{s},{k},{k // 4}" for m, (s, k) in enumerate(zip(spend, leads, strict=True))]
    (ads,) = fit_channels(read_history("month,channel,spend,leads,qualified\n" + "\n".join(rows))).channels
    mean = np.mean(leads)
    dispersion = np.sum((np.array(leads) - mean) ** 2 / mean) / (len(leads) - 1)
    poisson = 1 / stats.gamma.ppf([0.95, 0.05], sum(leads) + 1, scale=1 / sum(spend))
    width = ads.cost_per.high - ads.cost_per.low
    assert width / (poisson[1] - poisson[0]) == pytest.approx(math.sqrt(dispersion), rel=0.05)


def test_recent_months_weigh_as_asked():
    history = read_history(SAMPLE)
    recent = fit_channels(history, last_months=6)
    assert {used["lead_to_qualified"] for used in recent.months_used.values()} == {6}
    assert recent.channels != fit_channels(history).channels
    with pytest.raises(InputError, match="half_life"):
        fit_channels(history, half_life=0)


def test_more_channels_than_a_scenario_takes_keep_those_bringing_the_most_leads():
    names = [f"Channel {number}" for number in range(MAX_CHANNELS + 1)]
    rows = [f"2025-0{m},{name},1000,{10 + index},3" for m in (1, 2) for index, name in enumerate(names)]
    fitted = fit_channels(read_history("month,channel,spend,leads,qualified\n" + "\n".join(rows)))
    assert [c.name for c in fitted.channels] == names[1:]
    assert any("at most 12 channels" in note and note.endswith("Channel 0.") for note in fitted.notes)


def test_applied_channels_make_a_scenario_that_runs():
    fitted = fit_channels(read_history(SAMPLE))
    base = Scenario(correlations=Correlations(pairs=[("traffic_mean", "visit_to_lead", -0.5)]))
    applied = fitted.apply(base)
    assert applied.channels == fitted.channels
    assert applied.correlations.is_independent
    assert fitted.changes(base) == ("Its correlations are dropped: the model takes none with channels.",)
    result = simulate(replace(applied, trials=200), rng=1)
    assert [c.channel.name for c in result.channels] == [c.name for c in fitted.channels]


def test_a_target_counting_channels_keeps_those_still_there():
    fitted = fit_channels(read_history(SAMPLE))
    four = sample_scenario()
    base = replace(four, target=replace(four.target, channels=("Paid search",)))
    assert fitted.apply(base).target.channels == ("Paid search",)
    renamed = replace(base, channels=(replace(four.channels[0], name="Ads"), *four.channels[1:]))
    renamed = replace(renamed, target=replace(renamed.target, channels=("Ads",)))
    assert fitted.apply(renamed).target.channels == ()
    assert "no longer counts Ads" in fitted.changes(renamed)[0]


def test_the_channel_table_names_each_channel_and_input_in_plain_words():
    fitted = fit_channels(read_history(SAMPLE))
    rows = fitted_channel_rows(fitted)
    assert all(tuple(row) == COLUMNS for row in rows)
    inputs = [row["Input"] for row in rows]
    assert inputs[:5] == [
        "Website: visits a month (organic)",
        "Website: growth a month",
        "Website: spend a month (a fixed cost: the mean)",
        "Website: visit → lead rate",
        "Website: lead → qualified rate",
    ]
    # The sample's Paid search ran campaigns that show its ceiling: its cost is the cost at low spend.
    paid_search = fitted.channels[1]
    assert paid_search.most_per_month is not None
    assert "Paid search: cost per lead at low spend (paid)" in inputs
    ceiling = next(row for row in rows if row["Input"] == "Paid search: most leads a month (its ceiling)")
    assert ceiling["Low (5%)"] == f"{paid_search.most_per_month:,.0f}"
    assert ceiling["Months used"] == "18"
    assert "Social: cost per visit (paid)" in inputs
    social = next(row for row in rows if row["Input"] == "Social: cost per visit (paid)")
    assert social["Low (5%)"].startswith("$1.")
    assert social["Months used"] == "18"
    assert len(rows) == 5 + 4 + 4 + 3


def test_channel_units_and_kinds_come_from_the_file():
    fitted = fit_channels(read_history(text()))
    kinds = {c.name: (c.kind, c.unit) for c in fitted.channels}
    assert kinds == {
        "Website": (ChannelKind.ORGANIC, ChannelUnit.VISITS),
        "Paid search": (ChannelKind.PAID, ChannelUnit.LEADS),
        "Social": (ChannelKind.PAID, ChannelUnit.VISITS),
    }


def test_a_history_by_channel_is_backtested_on_its_totals_when_they_have_visits():
    with pytest.raises(HistoryError, match="channels that bring leads without visits"):
        backtest(read_history(SAMPLE), Scenario(), min_training=3)
    rows = [
        f"2024-{month:02d},{name},{spend},{visits},{visits // 50},{visits // 200},{visits // 800}"
        for month in range(1, 13)
        for name, spend, visits in (("Website", "", 9800 + 10 * month), ("Social", 8000, 4000 + 5 * month))
    ]
    history = read_history(text(rows, header=HEADER.removesuffix(",revenue")))
    assert history.problems == []
    result = backtest(history, Scenario(), min_training=6, trials=200)
    assert len(result.forecasts) == 6


# --- the calibrate page -----------------------------------------------------------------------------------------


def upload(at, path: Path):
    return at.file_uploader(key="history_file").set_value((path.name, path.read_bytes(), "text/csv")).run()


def channel_table(at) -> pd.DataFrame:
    tables = [frame.value for frame in at.dataframe if "Input" in frame.value]
    return next(table for table in tables if table["Input"].str.contains(": ").all())


@pytest.mark.parametrize("session", ["first", "second"])  # the second reads the history from the cache
def test_the_calibrate_page_fits_and_applies_the_channels_of_a_history_by_channel(session):
    at = upload(calibrate_page(), SAMPLE)
    assert not at.exception
    assert "Fitted channels" in [header.value for header in at.subheader]
    assert any("No problems found in 18 months (72 rows by channel)" in s.value for s in at.success)
    table = channel_table(at)
    assert {row.split(":")[0] for row in table["Input"]} == {c.name for c in sample_scenario().channels}
    at.button(key="apply_fit").click().run()
    assert not at.exception
    applied = at.session_state["current_scenario"]
    expected = fit_channels(read_history(SAMPLE)).channels
    assert applied.channels == expected
    assert any("with its 4 fitted channels" in s.value for s in at.success)
    at.switch_page("views/simulator_page.py").run()
    assert not at.exception
    assert at.selectbox(key="picker").value == applied.name
    assert current_scenario(at).channels == expected  # the channel editor shows them, exactly as fitted
    assert [row["Channel"] for row in at.session_state["channels_base"]] == [c.name for c in expected]


def test_the_calibrate_page_opens_the_sample_history_by_channel():
    at = calibrate_page()
    assert "Fitted channels" not in [header.value for header in at.subheader]
    at.radio(key="history_sample").set_value("By month and channel (18 months, 4 channels)").run()
    assert not at.exception
    assert "Fitted channels" in [header.value for header in at.subheader]
    table = channel_table(at)
    assert table.to_dict("records") == fitted_channel_rows(fit_channels(read_history(SAMPLE)))
    assert "Paid search: most leads a month (its ceiling)" in table["Input"].tolist()
