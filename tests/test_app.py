"""The pages in Streamlit's AppTest: no exceptions, and the interactions a manager relies on."""

import tomllib
import uuid
from pathlib import Path

import pytest
from streamlit.config import ShowErrorDetailsConfigOptions
from streamlit.testing.v1 import AppTest

from simulator import Direction, Metric, evaluate, simulate
from simulator.files.scenario_csv import write_scenarios
from simulator.store import OnConflict
from ui.inputs import scenario_from_state

ROOT = Path(__file__).parent.parent
TIMEOUT = 60


def start(**query) -> AppTest:
    """The app on its first page, whole: a browser asks for a second run once it has painted the first, which
    leaves out the sidebar's inputs, the charts and the file uploader (ui.first_paint); AppTest runs no browser
    code, so it asks here."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run().run()


def odds(at: AppTest) -> float:
    value = next(m.value for m in at.metric if m.label == "Chance to hit target")
    return float(value.rstrip("%"))


def open_page(view: str) -> AppTest:
    """A page reached as a manager reaches it: the app opens on the simulator, then the page is picked."""
    return start().switch_page(f"views/{view}.py").run()


def current_scenario(at: AppTest):
    return scenario_from_state(at.session_state, at.session_state["picker"])


def test_opens_on_the_first_sample_with_results():
    at = start()
    assert not at.exception
    assert at.selectbox(key="picker").value.startswith("SaaS inbound")
    assert 0 <= odds(at) <= 100
    assert {m.label for m in at.metric} >= {"Commit", "Most likely", "Best case"}


def test_raising_the_win_rate_raises_the_odds():
    at = start()
    before = odds(at)
    low, high = at.slider(key="win_rate").value
    at.slider(key="win_rate").set_value((low + 6, high + 6)).run()
    assert not at.exception
    assert odds(at) > before


def test_a_target_above_every_trial_is_unrealistic():
    at = start()
    at.radio(key="target_mode").set_value("A number").run()
    at.number_input(key="target_value").set_value(1e9).run()
    assert odds(at) == 0
    assert any("Unrealistic" in e.value for e in at.error)


def test_pinned_baseline_shows_the_change_in_odds():
    at = start()
    at.button(key="pin").click().run()
    assert at.session_state["pinned"] is not None
    low, high = at.slider(key="win_rate").value
    at.slider(key="win_rate").set_value((low + 6, high + 6)).run()
    metric = next(m for m in at.metric if m.label == "Chance to hit target")
    assert metric.delta.startswith("+")
    assert "vs pinned" in metric.delta


def test_picking_and_resetting_a_scenario():
    at = start()
    names = at.selectbox(key="picker").options
    at.selectbox(key="picker").set_value(names[2]).run()
    assert at.number_input(key="reps").value == 2
    at.number_input(key="reps").set_value(7).run()
    at.button(key="reset").click().run()
    assert at.number_input(key="reps").value == 2


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"name,foo\nx,1\n", "Unknown column 'foo'"),
        (
            (ROOT / "sample_data" / "scenarios.csv").read_bytes().replace(b"18%,26%", b"18%,260%"),
            "Row 2, column win\\_rate\\_high",
        ),
        (b"\xff\xfe\x00garbage", "UTF\\-8"),
    ],
)
def test_a_bad_upload_shows_a_message_and_keeps_working(content, fragment):
    at = start()
    before = odds(at)
    at.file_uploader(key="upload").set_value(("bad.csv", content, "text/csv")).run()
    assert not at.exception
    assert any(fragment in e.value for e in at.sidebar.error)
    assert odds(at) == before


def test_downloaded_scenario_csv_reproduces_the_odds_when_opened_again():
    at = start()
    low, high = at.slider(key="win_rate").value
    at.slider(key="win_rate").set_value((low + 2, high + 2)).run()
    before = odds(at)
    scenario = current_scenario(at)
    exported = write_scenarios([scenario], [evaluate(simulate(scenario))]).encode("utf-8")

    fresh = start()
    fresh.file_uploader(key="upload").set_value(("mine.csv", exported, "text/csv")).run()
    assert not fresh.exception
    assert fresh.slider(key="win_rate").value == pytest.approx((low + 2, high + 2))
    assert odds(fresh) == before


def test_a_link_reopens_the_same_scenario():
    at = start()
    at.number_input(key="reps").set_value(9).run()
    link = dict(at.query_params)
    assert link["reps"] == ["9"] or link["reps"] == "9"
    reopened = start(**{k: v[0] if isinstance(v, list) else v for k, v in link.items()})
    assert reopened.number_input(key="reps").value == 9
    assert odds(reopened) == odds(at)
    assert not any("Link value" in w.value for w in reopened.warning)


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({"win_rate_high": "banana"}, "win\\_rate\\_high"),
        ({"reps": "-4"}, "reps"),
        ({"trials": "999999999"}, "trials"),
        ({"target_deadline_month": "99"}, "target\\_deadline\\_month"),
        ({"target_metric": "<script>alert(1)</script>"}, "target\\_metric"),
        ({"correlations": "traffic_mean~visit_to_lead=5"}, "between \\-1 and 1"),
        ({"correlations": "visits~leads=0.5"}, "'visits' is not one"),
    ],
)
def test_bad_link_values_fall_back_with_a_notice(query, fragment):
    at = start(**query)
    assert not at.exception
    assert any(fragment in w.value for w in at.warning)
    assert 0 <= odds(at) <= 100


def results_tables(at: AppTest) -> list:
    """The simulator page's tables of results: every dataframe but the channel editor."""
    return [table for table in at.dataframe if table.key != "channels"]


def test_what_would_it_take_shows_levers_tornado_and_reverse_funnel():
    at = start()
    at.button(key="work_it_out").click().run()
    assert not at.exception
    levers = results_tables(at)[0].value
    assert "Win rate" in set(levers.iloc[:, 0])
    assert any("matters most" in m.value for m in at.markdown)
    reverse = results_tables(at)[1].value
    assert list(reverse["Stage"]) == ["Visits", "Leads", "Qualified opportunities", "Won deals"]
    # A new confidence is a new question: the answers wait for the button again.
    at.slider(key="confidence").set_value(90).run()
    assert not results_tables(at)


def test_what_would_it_take_explains_at_most_targets():
    at = start()
    at.selectbox(key="target_metric").set_value(Metric.CAC).run()
    at.radio(key="target_direction").set_value(Direction.AT_MOST).run()
    assert not at.exception
    assert any("at-least targets" in i.value for i in at.info)


def test_capacity_and_hiring_on_a_capped_sample():
    at = start()
    names = at.selectbox(key="picker").options
    at.selectbox(key="picker").set_value(names[1]).run()  # the B2B team with a capacity limit
    assert any("Capacity binds from month" in m.value for m in at.markdown)
    at.button(key="work_it_out").click().run()
    assert any("**Hiring**" in m.value for m in at.markdown)


def breakdown_page() -> AppTest:
    return open_page("goal_breakdown")


def test_breakdown_page_splits_the_goal_and_checks_it_adds_up():
    at = breakdown_page()
    assert not at.exception
    assert any("add up to the annual goal" in s.value for s in at.success)
    goal_input = next(n for n in at.number_input if n.label.startswith("Annual goal"))
    goal_input.set_value(400.0).run()
    quarters = at.dataframe[1].value
    assert list(quarters["Period"]) == ["Q1", "Q2", "Q3", "Q4"]
    assert list(quarters.iloc[:, 1]) == ["100.0"] * 4
    assert at.get("download_button")


def test_breakdown_page_uses_the_simulator_pages_scenario():
    at = breakdown_page()
    assert not at.exception
    assert at.selectbox(key="bd_scenario").value == "The scenario on the simulator page"


def library_page() -> AppTest:
    return open_page("library")


def test_save_flow_keeps_unicode_names_and_shows_them_in_the_picker(private_library):
    name = f"Plan de ventas – {uuid.uuid4().hex[:6]} – План"
    at = start()
    at.text_input(key="save_name").set_value(name).run()
    at.text_input(key="save_note").set_value("=cmd|' /C calc'!A0").run()
    at.button(key="save").click().run()
    assert not at.exception
    assert any("Saved" in s.value for s in at.success)
    again = start()
    assert name in again.selectbox(key="picker").options
    at.button(key="save").click().run()  # the same name again is refused, in plain words
    assert any("already saved" in e.value for e in at.error)
    listing = library_page().dataframe[0].value
    row = listing[listing["Name"] == name].iloc[0]
    assert row["Note"] == "=cmd|' /C calc'!A0"  # kept as typed; shown as text, never run


def test_library_page_imports_renames_and_deletes():
    at = library_page()
    sample = (ROOT / "sample_data" / "scenarios.csv").read_bytes()
    at.file_uploader(key="import_file").set_value(("s.csv", sample, "text/csv")).run()
    at.radio(key="import_conflict").set_value(OnConflict.KEEP_BOTH).run()
    at.button(key="import").click().run()
    assert not at.exception
    assert any("added" in s.value for s in at.success)
    names = list(at.dataframe[0].value["Name"])
    picked = at.selectbox(key="library_pick").value
    at.checkbox(key=f"sure_{picked}").check().run()
    at.button(key="delete").click().run()
    assert picked not in list(at.dataframe[0].value["Name"]) or len(at.dataframe[0].value) < len(names)


def test_a_bad_library_address_keeps_the_simulator_working(monkeypatch):
    monkeypatch.setenv("FUNNEL_LIBRARY_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    at = start()
    assert not at.exception
    assert 0 <= odds(at) <= 100
    assert any("library is not available" in w.value for w in at.warning)
    page = library_page()
    assert not page.exception
    assert any("Cannot open the scenario library" in e.value for e in page.error)


def test_compare_page_shows_the_paired_difference():
    at = open_page("compare")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 2
    assert table["vs the first"].iloc[0] == "(reference)"
    assert "pts" in table["vs the first"].iloc[1]
    assert any("the odds" in m.value for m in at.markdown)
    at.multiselect(key="compare_picked").set_value(list(at.multiselect(key="compare_picked").options)[:3]).run()
    assert len(at.dataframe[0].value) == 3


def calibrate_page() -> AppTest:
    return open_page("calibrate")


def test_calibrate_page_fits_judges_reforecasts_and_backtests():
    at = calibrate_page()
    assert not at.exception
    assert any("No problems found in 24 months" in s.value for s in at.success)
    assert any("past quarters grew that much" in m.value for m in at.markdown)
    before = at.metric[0].value
    at.number_input(key="months_done").set_value(2).run()
    at.number_input(key="actual_won").set_value(45).run()
    assert at.metric[0].value != before  # the results so far change the odds
    at.button(key="run_backtest").click().run()
    assert not at.exception
    assert {m.label for m in at.metric} >= {"Actuals inside P10–P90", "Brier score of the odds"}
    at.button(key="apply_fit").click().run()
    calibrated = at.session_state["current_scenario"]
    assert calibrated.name.endswith("(calibrated)")
    at.switch_page("views/simulator_page.py").run()
    assert at.selectbox(key="picker").value == calibrated.name  # the picker names what is on screen
    assert current_scenario(at) == calibrated  # shown exactly as applied: nothing rounded on the way
    low, high = at.slider(key="win_rate").value
    at.slider(key="win_rate").set_value((low + 5, high + 5)).run()
    at.button(key="reset").click().run()
    assert current_scenario(at) == calibrated  # Reset returns to the calibration, not to what it came from


def test_calibrate_page_reports_problems_and_maps_unknown_headers():
    messy = (ROOT / "tests" / "fixtures" / "history" / "messy.csv").read_bytes()
    at = calibrate_page()
    at.file_uploader(key="history_file").set_value(("messy.csv", messy, "text/csv")).run()
    assert not at.exception
    problems = at.dataframe[0].value
    assert "row" not in problems.columns
    assert "6" in list(problems["Row"])
    unmapped = (ROOT / "tests" / "fixtures" / "history" / "unmapped.csv").read_bytes()
    at.file_uploader(key="history_file").set_value(("unmapped.csv", unmapped, "text/csv")).run()
    assert any("No column for" in e.value for e in at.error)
    for figure, column in (("leads", "x"), ("qualified", "y"), ("won", "z")):
        at.selectbox(key=f"map_{figure}").set_value(column).run()
    at.selectbox(key="map_month").set_value("fecha").run()
    at.selectbox(key="map_visits").set_value("sesiones").run()
    at.button(key="apply_mapping").click().run()
    assert not at.exception
    assert not any("No column for" in e.value for e in at.error)


def test_a_bad_history_upload_keeps_the_page_working():
    at = calibrate_page()
    at.file_uploader(key="history_file").set_value(("bad.csv", b"\xff\xfe garbage", "text/csv")).run()
    assert not at.exception
    assert any("UTF\\-8" in e.value for e in at.error)


def test_a_link_asking_for_billions_of_opportunities_gets_a_message_not_a_stuck_server():
    # Every opportunity is simulated one by one: 9e15 open opportunities would run for years.
    at = start(open_pipeline_opportunities=str(2**53 - 1), target_metric="deals", target_value="30")
    assert not at.exception
    assert any("can't be simulated" in e.value and "open pipeline" in e.value for e in at.error)
    at.number_input(key="open_pipeline").set_value(40).run()  # the page keeps working
    assert not at.exception
    assert 0 <= odds(at) <= 100


def test_the_shipped_config_shows_no_error_details_in_the_browser():
    """A traceback would show the server's file paths: the shipped config turns details off, with a value this
    Streamlit accepts (the pages' own boundary is in app.py; tests/test_app_library.py checks it)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == ShowErrorDetailsConfigOptions.NONE.value
