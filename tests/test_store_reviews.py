"""A goal's weekly reviews in the scenario library, against SQLite and a real PostgreSQL server."""

import math
import threading
from dataclasses import replace
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from simulator import Scenario
from simulator.store import LibraryError, ScenarioLibrary
from simulator.store.reviews import (
    SavedReview,
    delete_review,
    goal_names,
    previous_review,
    reviews_of,
    save_review,
)

SCENARIO = Scenario(name="Q1 plan")
GOAL = "35 won deals by 31 Mar 2026"
REVIEW = SavedReview(
    goal_name=GOAL,
    review_date=date(2026, 3, 10),
    figure="deals",
    goal=35.0,
    banked=21.0,
    odds=0.62,
    standard_error=0.0049,
    trials=10_000,
)


def on(day: int, **changes) -> SavedReview:
    """`REVIEW` on `day` March 2026, with `changes`."""
    return replace(REVIEW, review_date=date(2026, 3, day), **changes)


@pytest.fixture
def library(library_url):
    return ScenarioLibrary(library_url)


def rows(library) -> int:
    with library.engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM reviews")).scalar()


def test_round_trip_keeps_every_value(library):
    review = replace(REVIEW, figure="revenue", goal=1_250_000.5, banked=480_000.25, odds=0.3141592653589793)
    saved = save_review(library, review)
    (again,) = reviews_of(ScenarioLibrary(library.engine), GOAL)  # a new connection, as a later session would
    assert again == saved
    assert replace(again, saved_at=None) == review
    assert type(again.review_date) is date
    assert again.saved_at.tzinfo is not None


def test_reviews_come_back_by_date(library):
    for day, odds in [(17, 0.71), (3, 0.55), (10, 0.62)]:  # saved out of order
        save_review(library, on(day, odds=odds))
    reviews = reviews_of(library, GOAL)
    assert [r.review_date.day for r in reviews] == [3, 10, 17]
    assert [r.odds for r in reviews] == [0.55, 0.62, 0.71]


def test_a_review_saved_again_the_same_day_replaces_it(library):
    first = save_review(library, on(10, odds=0.40))
    second = save_review(library, on(10, odds=0.46, banked=22.0))
    assert reviews_of(library, GOAL) == [second]
    assert (second.odds, second.banked) == (0.46, 22.0)
    assert second.saved_at >= first.saved_at
    assert rows(library) == 1


def test_goals_are_kept_apart(library):
    other = "€2M revenue by 30 Jun 2026"
    save_review(library, replace(on(10), goal_name=other, figure="revenue", goal=2e6, odds=0.3))
    save_review(library, on(10))
    save_review(library, on(17))
    assert goal_names(library) == [GOAL, other]
    assert [r.review_date.day for r in reviews_of(library, GOAL)] == [10, 17]
    assert [r.odds for r in reviews_of(library, other)] == [0.3]
    delete_review(library, GOAL, date(2026, 3, 10))
    assert [r.review_date.day for r in reviews_of(library, GOAL)] == [17]
    assert len(reviews_of(library, other)) == 1
    assert reviews_of(library, "never reviewed") == []


def test_deleting_a_review_never_saved_says_so(library):
    save_review(library, on(10))
    with pytest.raises(LibraryError, match=r"no review of .* on 2026-03-17"):
        delete_review(library, GOAL, date(2026, 3, 17))
    assert rows(library) == 1


def test_odds_moved_finds_the_latest_review_before_the_date(library):
    for day, odds in [(3, 0.55), (17, 0.71), (10, 0.62)]:
        save_review(library, on(day, odds=odds))
    reviews = reviews_of(library, GOAL)
    assert previous_review(reviews, date(2026, 3, 24)).odds == 0.71
    assert previous_review(reviews, date(2026, 3, 17)).odds == 0.62  # not the review of the day itself
    assert previous_review(reviews, date(2026, 3, 11)).odds == 0.62
    assert previous_review(reversed(reviews), date(2026, 3, 24)).odds == 0.71  # in any order
    assert previous_review(reviews, date(2026, 3, 3)) is None  # the first review has nothing to move from
    assert previous_review([], date(2026, 3, 3)) is None


@pytest.mark.parametrize(
    "name",
    [
        "خطة المبيعات: ٣٥ صفقة",
        "План продаж: 35 сделок к 31 марта",
        "名前 🚀",
        '=HYPERLINK("http://evil")',
        "ж" * 200,
    ],
)
def test_goal_names_in_any_language_are_kept_exactly(library, name):
    save_review(library, replace(REVIEW, goal_name=name))
    assert goal_names(library) == [name]
    assert [r.goal_name for r in reviews_of(library, name)] == [name]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("goal_name", "   "),
        ("goal_name", ""),
        ("goal_name", None),
        ("goal_name", "x" * 201),
        ("review_date", "2026-03-10"),
        ("review_date", datetime(2026, 3, 10, 9, 30)),
        ("figure", "mrr"),
        ("goal", -1.0),
        ("goal", math.inf),
        ("goal", math.nan),
        ("banked", -0.5),
        ("banked", "21"),
        ("odds", 1.01),
        ("odds", -0.01),
        ("odds", math.nan),
        ("standard_error", 2.0),
        ("trials", 0),
        ("trials", 2.5),
        ("trials", True),
    ],
)
def test_bad_values_are_refused_with_the_field_named(library, field, value):
    with pytest.raises(LibraryError, match=rf"^The review was not saved: {field} = .* is not allowed"):
        save_review(library, replace(REVIEW, **{field: value}))
    assert rows(library) == 0


def test_the_edges_of_the_allowed_values_are_saved(library):
    edges = replace(REVIEW, goal=0.0, banked=0.0, odds=1.0, standard_error=0.0, trials=1, goal_name="x" * 200)
    assert replace(save_review(library, edges), saved_at=None) == edges


def test_a_library_made_before_reviews_gains_their_table(library_url):
    ScenarioLibrary(library_url).save(SCENARIO)
    engine = sa.create_engine(library_url)
    with engine.begin() as connection:  # as an app without reviews left it: its tables and the version row
        connection.execute(sa.text("DROP TABLE reviews"))
    assert not sa.inspect(engine).has_table("reviews")
    library = ScenarioLibrary(library_url)
    save_review(library, REVIEW)
    assert [r.odds for r in reviews_of(ScenarioLibrary(library_url), GOAL)] == [REVIEW.odds]
    assert [s.name for s in library.list()] == [SCENARIO.name]  # its scenarios kept
    with engine.connect() as connection:
        version = connection.execute(sa.text("SELECT value FROM library_meta")).scalars().all()
    assert version == ["1"]
    engine.dispose()


def test_many_sessions_opening_a_library_made_before_reviews_all_succeed(library_url):
    ScenarioLibrary(library_url).save(SCENARIO)
    engine = sa.create_engine(library_url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE reviews"))
    engine.dispose()
    errors = []

    def open_it(day):
        try:
            save_review(ScenarioLibrary(library_url), on(day))
        except LibraryError as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=open_it, args=(day,)) for day in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(reviews_of(ScenarioLibrary(library_url), GOAL)) == 8


def test_concurrent_saves_of_one_review_keep_exactly_one(library_url):
    sessions = 6
    ScenarioLibrary(library_url)  # the library exists: the sessions race to save, not to create it
    start = threading.Barrier(sessions)
    outcomes = []

    def write(number):
        library = ScenarioLibrary(library_url)  # one per session, as in the app
        start.wait()
        try:
            save_review(library, on(10, odds=number / 10))
            outcomes.append("saved")
        except LibraryError as error:  # pragma: no cover - reported below
            outcomes.append(str(error))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(1, sessions + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Saving the same review again replaces it, so no session is told to try again.
    assert outcomes == ["saved"] * sessions
    library = ScenarioLibrary(library_url)
    (kept,) = reviews_of(library, GOAL)
    assert kept.odds in {n / 10 for n in range(1, sessions + 1)}
    assert rows(library) == 1
