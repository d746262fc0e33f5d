"""The weekly review page through the router: the sample's numbers are the model's own answers, an ambiguous date
order is asked (never guessed), a missing column is mapped, a bad file is refused in words, and a second session
is answered from the cache."""

import math
from datetime import date
from pathlib import Path

import pytest

import ui.cache
from simulator.analysis.weekly_review import review_answers
from simulator.engine.review import simulate_review
from simulator.history.pipeline_reader import read_pipeline
from simulator.history.stage_fit import read_stage_history
from simulator.model.distributions import Range
from simulator.model.open_deals import DEFAULT_STAGES, Pipeline
from simulator.model.review import Review
from simulator.report.formats import odds_text
from tests.test_app import start
from tests.test_hostile_files import HISTORY, corpus, path_of  # noqa: F401 (fixture)

SAMPLE = Path(__file__).parent.parent / "sample_data" / "open_deals.csv"
STAGE_HISTORY = SAMPLE.parent / "closed_deals.csv"
REVIEW_DATE, PERIOD_END = date(2026, 2, 9), date(2026, 3, 31)
AMBIGUOUS = (
    "Deal Name,Deal Stage,Amount,Close Date,Deal Owner\r\n"
    "Acme,Negotiation/Review,12000,03/04/2026,Ana\r\n"
    "Beta,Prospecting,8000,05/03/2026,Ben\r\n"
)


def review_page():
    at = start()
    return at.switch_page("views/weekly_review.py").run()


def upload(at, name: str, content: bytes):
    """Upload a file, reviewed on the sample's date (an upload opens on today's)."""
    at.file_uploader(key="wr_file").set_value((name, content, "text/csv")).run()
    return at.date_input(key="wr_review_date").set_value(REVIEW_DATE).run()


def shown(elements) -> str:
    return " ".join(e.value for e in elements).replace("\\", "")


def fitted_stages() -> dict[str, float]:
    """The sample's stages at the sample history's fit where it has enough deals, else Salesforce's defaults."""
    history = read_stage_history(STAGE_HISTORY.read_bytes())
    return dict(DEFAULT_STAGES) | {odds.stage: odds.probability for odds in history.stage_odds if not odds.too_few}


def sample_review(review_date: date = REVIEW_DATE) -> Review:
    """The review the page opens on: the sample, 39 days into the quarter, 33 deals with 19 won, stages and
    slippage fitted from the sample history (the slip share's range in whole percent, as the slider shows it),
    no funnel; or the same on a later date (the sample's actuals end on 9 Feb)."""
    export = read_pipeline(SAMPLE.read_bytes(), review_date)
    slippage = read_stage_history(STAGE_HISTORY.read_bytes()).slippage
    found = {deal.stage for deal in export.deals}
    pipeline = Pipeline(
        deals=export.deals,
        stages=tuple((stage, chance) for stage, chance in fitted_stages().items() if stage in found),
        days_left=float((PERIOD_END - review_date).days),
        slip_share=Range(round(100 * slippage.share.low) / 100, round(100 * slippage.share.high) / 100),
        mean_slip_days=round(slippage.mean_days, 1),
        trials=20_000,
    )
    weeks_done = (review_date - date(2026, 1, 1)).days / 7
    return Review(pipeline=pipeline, figure="deals", goal=33.0, banked=19.0, weeks_done=weeks_done)


def test_the_sample_shows_the_models_answers():
    at = review_page()
    assert not at.exception
    answers = review_answers(simulate_review(sample_review()), 0.8)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Chance to hit the goal"] == odds_text(answers.odds)
    assert metrics["Verdict"] == answers.verdict.value
    assert metrics["Left to win"] == "14 deals"
    text = shown(at.markdown)
    pace = answers.pace
    assert (
        f"{pace.so_far:.1f} deals a week so far; {pace.needed:.1f} a week needed for the rest; at 80% confidence "
        f"the forecast is {pace.forecast:.1f} a week" in text
    )
    assert f"{answers.coverage.coverage:.1f}x of what is left of the goal" in text
    categories = next(d.value for d in at.dataframe if "Category" in d.value.columns)
    weighted = categories.set_index("Category").loc["Weighted", "Total"]
    assert weighted == f"{answers.categories.weighted:,.1f} deals"
    deals = next(d.value for d in at.dataframe if "Chance added" in d.value.columns)
    top = answers.deals[0]
    assert deals.iloc[0]["Deal"] == top.name
    assert deals.iloc[0]["Chance added"] == f"+{top.odds_change * 100:.1f} ± {top.standard_error * 100:.1f} points"
    owners = next(d.value for d in at.dataframe if "Most likely (P50)" in d.value.columns)
    assert list(owners["Owner"]) == [owner for owner, *_ in answers.owners]
    assert "All of the file was read: 60 open deals" in shown(at.caption)
    assert "All of the file was read: 6 weeks" in shown(at.caption)  # the sample's actuals


def test_a_second_session_is_answered_from_the_cache(monkeypatch):
    first = review_page()
    calls = []
    # Spies that still do the work: they count the calls and change nothing the page gets.
    for name in ("simulate_review", "read_pipeline", "read_actuals", "read_stage_history"):
        real = getattr(ui.cache, name)
        spy = lambda *args, real=real, name=name, **kwargs: calls.append(name) or real(*args, **kwargs)  # noqa: E731
        monkeypatch.setattr(ui.cache, name, spy)
    at = review_page()  # a new session, the same files and review: nothing read or drawn again
    assert not at.exception
    assert calls == []
    shown_first = {m.label: m.value for m in first.metric}
    assert {m.label: m.value for m in at.metric} == shown_first


def test_an_ambiguous_date_order_is_asked_then_read():
    at = upload(review_page(), "ambiguous.csv", AMBIGUOUS.encode())
    assert not at.exception
    assert "could be day first or month first" in shown(at.warning)
    assert not any(m.label == "Chance to hit the goal" for m in at.metric)  # never a guess
    question = next(r for r in at.radio if r.label == "How does the file write its dates?")
    question.set_value("Month first (03/31/2026)").run()
    assert not at.exception
    assert any(m.label == "Chance to hit the goal" for m in at.metric)
    assert "All of the file was read: 2 open deals" in shown(at.caption)


def test_a_missing_column_is_mapped():
    content = AMBIGUOUS.replace("Deal Stage", "Phase").replace("03/04/2026", "2026-03-04")
    content = content.replace("05/03/2026", "2026-03-05")
    at = upload(review_page(), "phase.csv", content.encode())
    assert "No column found for: stage" in shown(at.error)
    at.selectbox(key="wr_map_stage").set_value("Phase").run()
    at.button(key="wr_apply_mapping").click().run()
    assert not at.exception
    assert any(m.label == "Chance to hit the goal" for m in at.metric)


def test_a_bad_file_is_refused_in_words_and_bad_rows_are_named():
    at = upload(review_page(), "bad.csv", b"\x00\x01\x02 not a table")
    assert not at.exception
    assert at.error or at.warning
    rows = (
        "Deal Name,Deal Stage,Amount,Close Date,Deal Owner\r\n"
        "Acme,Negotiation/Review,12000,2026-03-04,Ana\r\n"
        "Beta,Prospecting,-5,2026-03-05,Ben\r\n"
        "Gamma,Prospecting,100,2026-01-05,Ben\r\n"
        "Delta,Secret handshake,100,2026-03-05,Ben\r\n"
    )
    at = upload(at, "rows.csv", rows.encode())
    assert not at.exception
    problems = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    assert list(problems["Row"]) == ["3", "4"]
    assert list(problems["Column"]) == ["Amount", "Close Date"]
    assert "Secret handshake" in shown(at.warning)  # an unknown stage: named, counted at a default
    assert any(m.label == "Chance to hit the goal" for m in at.metric)


def upload_actuals(at, content: str):
    return at.file_uploader(key="wr_actuals_file").set_value(("actuals.csv", content.encode(), "text/csv")).run()


def test_uploaded_actuals_are_what_is_banked():
    weekly = "Week,Won,Revenue\n2026-01-05,4,40000\n2026-01-12,6,61000\n2026-01-19,5,52000\n2026-02-02,bad,1\n"
    at = upload_actuals(review_page(), weekly)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Left to win"] == "18 deals"  # 33 - (4 + 6 + 5); the bad cell counts 0, and is named
    problems = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    assert list(zip(problems["Row"], problems["Column"], strict=True)) == [("5", "Won")]
    assert f"{15 / (39 / 7):.1f} deals a week so far" in shown(at.markdown)


def test_monthly_actuals_ambiguous_dates_are_asked():
    at = upload_actuals(review_page(), "Date,Won\n01/05/2026,4\n01/12/2026,6\n")
    assert "could be day first or month first" in shown(at.warning)
    assert not any(m.label == "Chance to hit the goal" for m in at.metric)
    question = next(r for r in at.radio if r.label == "How does the file write its dates?")
    question.set_value("Month first (03/31/2026)").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Left to win"] == "23 deals"


def test_an_upload_without_actuals_opens_a_table_of_weeks_to_type():
    rows = "Deal Name,Deal Stage,Amount,Close Date,Deal Owner\r\nAcme,Negotiation/Review,12000,2026-03-04,Ana\r\n"
    at = upload(review_page(), "one.csv", rows.encode())
    assert not at.exception
    assert "No won deals in the actuals yet: type them" in shown(at.warning)
    typed = next(d for d in at.dataframe if "Week starting" in d.value.columns)
    weeks = list(typed.value["Week starting"])
    # The quarter began on Thursday 1 Jan; the review is Monday 9 Feb: a row for each week begun before it.
    assert [str(week)[:10] for week in weeks] == ["2026-01-01", "2026-01-08", "2026-01-15", "2026-01-22",
                                                   "2026-01-29", "2026-02-05"]  # fmt: skip
    assert {m.label: m.value for m in at.metric}["Left to win"] == "33 deals"


def test_a_saved_review_is_the_baseline_of_the_next_and_the_odds_are_charted():
    at = review_page()
    at.text_input(key="wr_goal_name").set_value("Q1: 35 deals (AppTest)").run()
    assert "The first review of this goal" in shown(at.caption)
    at.button(key="wr_save_review").click().run()
    assert "Saved the review of 9 Feb 2026" in shown(at.success)
    later = date(2026, 2, 16)
    at.date_input(key="wr_review_date").set_value(later).run()
    assert not at.exception
    first = review_answers(simulate_review(sample_review()), 0.8)
    second = review_answers(simulate_review(sample_review(later)), 0.8)
    change = (second.odds - first.odds) * 100
    error = math.hypot(first.standard_error, second.standard_error) * 100
    odds = next(m for m in at.metric if m.label == "Chance to hit the goal")
    assert odds.value == odds_text(second.odds)
    assert odds.proto.delta == f"{change:+.0f} ± {error:.0f} points since 9 Feb"
    assert "Each point is a review's chance to hit the goal" in shown(at.caption)


def test_the_sample_stage_history_sets_the_stage_table_and_slippage():
    at = review_page()
    history = read_stage_history(STAGE_HISTORY.read_bytes())
    table = next(d.value for d in at.dataframe if "Chance to win (%)" in d.value.columns).set_index("Stage")
    for odds in history.stage_odds:
        assert table.loc[odds.stage, "Chance to win (%)"] == 100 * odds.probability
        assert table.loc[odds.stage, "From"].startswith(f"history: {odds.won} of {odds.n} won")
    slip = history.slippage
    assert at.slider(key="wr_slip_share").value == (round(100 * slip.share.low), round(100 * slip.share.high))
    assert at.number_input(key="wr_slip_days").value == round(slip.mean_days, 1)
    assert f"{slip.n_slipped} of {slip.n_won} won rows" in shown(at.sidebar.caption)


def upload_stage_history(at, content: str):
    at.file_uploader(key="wr_stage_history_file").set_value(("history.csv", content.encode(), "text/csv"))
    return at.run()


def test_a_stage_with_too_few_closed_deals_keeps_its_default():
    closed = "".join(f"H{i},Negotiation/Review,{'Won' if i < 9 else 'Lost'}\n" for i in range(12))
    closed += "".join(f"P{i},Prospecting,Lost\n" for i in range(3)) + "X1,Prospecting,Maybe\n"
    at = upload_stage_history(review_page(), "Deal ID,Stage,Outcome\n" + closed)
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Chance to win (%)" in d.value.columns).set_index("Stage")
    assert table.loc["Negotiation/Review", "Chance to win (%)"] == 75.0  # 9 of 12
    assert table.loc["Prospecting", "Chance to win (%)"] == 10.0  # Salesforce's: 3 closed deals are too few
    assert "fewer than 10" in table.loc["Prospecting", "From"]
    problems = next(d.value for d in at.dataframe if "Problem" in d.value.columns and "17" in list(d.value["Row"]))
    assert "Maybe" in problems.set_index("Row").loc["17", "Problem"]
    # No won deal had both dates: slippage keeps its opening range, and no fit is claimed.
    assert at.slider(key="wr_slip_share").value == (10, 30)
    assert "Fitted from the stage history" not in shown(at.sidebar.caption)


def test_a_stage_history_without_outcomes_asks_for_the_column():
    at = upload_stage_history(review_page(), "Deal ID,Stage,Result of deal\nA,Prospecting,Won\n")
    assert "outcome" in shown(at.error).lower()
    at.selectbox(key="wr_stage_history_map_outcome").set_value("Result of deal").run()
    at.button(key="wr_stage_history_apply_mapping").click().run()
    assert not at.exception
    assert not any("outcome" in e.value.lower() for e in at.error)


@pytest.mark.parametrize("key", ["wr_file", "wr_actuals_file", "wr_stage_history_file"])
def test_every_hostile_file_in_each_upload_gives_a_reading_or_one_plain_message(key, corpus):  # noqa: F811
    at = review_page()
    for entry in HISTORY:
        path = path_of(entry, corpus)
        at.file_uploader(key=key).set_value((path.name, path.read_bytes(), "text/csv")).run()
        assert not at.exception, (key, entry["file"])
        assert len(at.error) <= 1, (key, entry["file"], [e.value for e in at.error])
