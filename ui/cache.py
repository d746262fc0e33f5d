"""The app's cache boundary: small frozen values in, small summaries out, shared by all sessions.

An answer that holds words (file problems, sentences, a brief, a summary's readings) is also keyed on the
language and currency (:func:`in_locale`): a change of language simulates the scenario on the page once more.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

import streamlit as st

from simulator import Metric, Scenario, simulate
from simulator.analysis.breakdown import Activity, Plan, break_down
from simulator.analysis.budget import BudgetSplit, SpendLimits, best_split
from simulator.analysis.channels import NextSpend, next_spend
from simulator.analysis.compare import Comparison, compare
from simulator.analysis.summaries import Summary, summarize
from simulator.analysis.weekly_review import ReviewAnswers, review_answers
from simulator.analysis.what_would_it_take import WhatItWouldTake, what_would_it_take
from simulator.engine.review import simulate_review
from simulator.files.scenario_csv import read_scenarios
from simulator.history import Actuals, History, Reforecast, read_history, reforecast, typical_actuals
from simulator.history.actuals import ActualsTable, read_actuals
from simulator.history.pipeline_reader import PipelineExport, read_pipeline
from simulator.history.stage_fit import StageHistory, read_stage_history
from simulator.i18n import currency, language
from simulator.model.review import Review

if TYPE_CHECKING:  # the report's libraries load when a brief is asked for, not with every page
    from simulator.report.brief import Brief

T = TypeVar("T")


def in_locale(cached: Callable[..., T]) -> Callable[..., T]:
    """`cached`, a cached function whose first parameter is ``locale_key``, called with this run's language and
    currency: an answer that holds words or amounts is kept once per language and currency."""

    @functools.wraps(cached)
    def call(*args, **kwargs) -> T:
        return cached((language().code, currency()), *args, **kwargs)

    call.clear = cached.clear  # type: ignore[attr-defined]
    return call


# A summary holds a byte per trial (which trials hit) and little else: 25 kB at the usual 20,000 trials, so 256
# of them keep many sessions' slider positions answered from memory (a 1,000,000-trial one is 1 MB).
@in_locale
@st.cache_data(max_entries=256, show_spinner=False)
def summary_of(locale_key: tuple[str, str], scenario: Scenario) -> Summary:
    """Simulate and summarise; keyed on the whole frozen scenario (inputs, target, trials, seed), and on the
    language (a monthly goal's readings are named in it)."""
    return summarize(simulate(scenario))


@st.cache_data(max_entries=16, show_spinner=False)
def next_spend_of(scenario: Scenario) -> list[NextSpend]:
    """What $1,000 more a month in each paid channel brings (:func:`simulator.analysis.channels.next_spend`)."""
    return next_spend(scenario)


@st.cache_data(max_entries=16, show_spinner=False)
def best_split_of(
    scenario: Scenario, budget: float, limits: tuple[tuple[str, float, float | None], ...], objective: str
) -> BudgetSplit:
    """The best split of a monthly budget (:func:`simulator.analysis.budget.best_split`); `limits` are
    ``(channel, smallest, largest or None)``."""
    return best_split(scenario, budget, {name: SpendLimits(low, high) for name, low, high in limits}, objective)


@st.cache_data(max_entries=16, show_spinner=False)
def scenarios_from_bytes(data: bytes) -> list[Scenario]:
    """Scenarios of a scenario CSV, keyed on the file's bytes (not its name)."""
    return read_scenarios(data)


@in_locale
@st.cache_data(max_entries=16, show_spinner=False)
def what_would_it_take_of(locale_key: tuple[str, str], scenario: Scenario, confidence: float) -> WhatItWouldTake:
    """Goal seek, tornado, hiring and reverse funnel; nothing that draws goes in here (a cache hit replays it)."""
    return what_would_it_take(scenario, confidence)


@in_locale
@st.cache_data(max_entries=16, show_spinner=False)
def plan_of(
    locale_key: tuple[str, str],
    annual_goal: float,
    metric: Metric,
    scenario: Scenario,
    seasonality: tuple[float, ...] | None,
    activities: tuple[Activity, ...],
) -> Plan:
    """An annual goal broken down (see :func:`simulator.breakdown.break_down`)."""
    return break_down(annual_goal, metric, scenario, seasonality=seasonality, activities=activities)


@in_locale
@st.cache_data(max_entries=16, show_spinner=False)
def comparison_of(locale_key: tuple[str, str], scenarios: tuple[Scenario, ...]) -> Comparison:
    """Scenarios compared on common random numbers (see :func:`simulator.compare.compare`)."""
    return compare(list(scenarios))


@in_locale
@st.cache_data(max_entries=16, show_spinner=False)
def history_of(locale_key: tuple[str, str], data: bytes, mapping: tuple[tuple[str, str], ...]) -> History:
    """A history file read (see :func:`simulator.history.read_history`), keyed on its bytes and column mapping."""
    return read_history(data, dict(mapping))


@in_locale
@st.cache_data(max_entries=16, show_spinner=False)
def reforecast_of(locale_key: tuple[str, str], scenario: Scenario, actuals: Actuals) -> Reforecast:
    """The odds given the results so far (see :func:`simulator.history.reforecast`)."""
    return reforecast(scenario, actuals)


@st.cache_data(max_entries=16, show_spinner=False)
def typical_actuals_of(scenario: Scenario, months_done: int) -> Actuals:
    """The scenario's median results for its first months (see :func:`simulator.history.typical_actuals`)."""
    return typical_actuals(scenario, months_done)


@in_locale
@st.cache_data(max_entries=16, show_spinner=False)
def pipeline_of(
    locale_key: tuple[str, str],
    data: bytes,
    review_date: date,
    mapping: tuple[tuple[str, str], ...],
    month_first: bool | None,
) -> PipelineExport:
    """An open-deals export read (see :func:`simulator.history.pipeline_reader.read_pipeline`), keyed on its
    bytes, the review date, the column mapping and the date order."""
    return read_pipeline(data, review_date, mapping=dict(mapping), month_first=month_first)


@in_locale
@st.cache_data(max_entries=16, show_spinner=False)
def actuals_of(
    locale_key: tuple[str, str], data: bytes, mapping: tuple[tuple[str, str], ...], month_first: bool | None
) -> ActualsTable:
    """A file of actuals to date read (see :func:`simulator.history.actuals.read_actuals`), keyed on its bytes,
    the column mapping and the date order."""
    return read_actuals(data, mapping=dict(mapping), month_first=month_first)


@in_locale
@st.cache_data(max_entries=16, show_spinner=False)
def stage_history_of(
    locale_key: tuple[str, str], data: bytes, mapping: tuple[tuple[str, str], ...], month_first: bool | None
) -> StageHistory:
    """A pipeline history read and fitted (see :func:`simulator.history.stage_fit.read_stage_history`), keyed on
    its bytes, the column mapping and the date order."""
    return read_stage_history(data, mapping=dict(mapping), month_first=month_first)


# A brief is two files of about 200 kB: a few kept answer a room's repeated clicks.
@in_locale
@st.cache_data(max_entries=8, show_spinner=False)
def scenario_brief_of(
    locale_key: tuple[str, str], scenario: Scenario, confidence: float | None, made: date
) -> Brief:
    """The scenario's one-page brief (see :func:`simulator.report.scenario_brief`) from its cached summary and,
    when `confidence` is given, what it would take at it (worked out on the page already); dated `made`."""
    from simulator.report.brief import (
        scenario_brief,  # here: matplotlib's import would slow every page's first open
    )

    answer = None if confidence is None else what_would_it_take_of(scenario, confidence)
    return scenario_brief(scenario, summary=summary_of(scenario), what_it_would_take=answer, made=made)


@in_locale
@st.cache_data(max_entries=8, show_spinner=False)
def comparison_brief_of(locale_key: tuple[str, str], scenarios: tuple[Scenario, ...], made: date) -> Brief:
    """The comparison's one-page brief (see :func:`simulator.report.comparison_brief`) from the cached
    comparison, dated `made`."""
    from simulator.report.comparison_brief import comparison_brief  # here, as above

    return comparison_brief(comparison_of(scenarios), made=made)


@in_locale
@st.cache_data(max_entries=8, show_spinner=False)
def review_brief_of(
    locale_key: tuple[str, str],
    review: Review,
    confidence: float,
    shares: tuple[tuple[str, float], ...],
    owner_banked: tuple[tuple[str, float], ...],
    path: tuple[tuple[float, float], ...],
    title: str,
    made: date,
) -> Brief:
    """The weekly review's one-page brief (see :func:`simulator.report.review_brief.review_brief`) from the
    review's cached answers, titled with the goal's name and dated `made`."""
    from simulator.report.review_brief import review_brief  # here, as above

    answers = review_answers_of(review, confidence, shares, owner_banked)
    return review_brief(answers, review, path, title=title, made=made)


# Small answers (a few hundred numbers) of a review that draws the trials once per week left: 64 keep many
# managers' edits answered from memory.
@in_locale
@st.cache_data(max_entries=64, show_spinner=False)
def review_answers_of(
    locale_key: tuple[str, str],
    review: Review,
    confidence: float,
    shares: tuple[tuple[str, float], ...],
    owner_banked: tuple[tuple[str, float], ...],
) -> ReviewAnswers:
    """A weekly review drawn and answered (see :func:`simulator.analysis.weekly_review.review_answers`)."""
    return review_answers(simulate_review(review), confidence, dict(shares), dict(owner_banked))
