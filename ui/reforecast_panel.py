"""The Calibrate page's re-forecast: the odds of hitting the target given the results of the months done, typed
over what the scenario typically gives in that time."""

from __future__ import annotations

import streamlit as st

from simulator.history import Actuals
from simulator.history.reader import COLUMN_OF_STAGE
from simulator.i18n import _, currency_symbol, number_text, percent_text
from simulator.model.checks import InputError
from simulator.model.stages import STAGES
from simulator.model.target import Metric
from ui.cache import reforecast_of, typical_actuals_of
from ui.number_field import number_field
from ui.text import plain


def actual_inputs() -> tuple[tuple[str, str, bool], ...]:
    """The results-so-far inputs: Actuals field, label with its unit (in the run's language), and whether it is
    money."""
    return (
        *((COLUMN_OF_STAGE[stage], stage.label, False) for stage in STAGES),
        ("revenue", Metric.REVENUE.label, True),
        ("costs", _("Costs ({currency}, marketing + reps)").format(currency=currency_symbol()), True),
    )


def reforecast_section(scenario, base_name: str) -> None:
    st.subheader(_("Re-forecast from results so far"))
    target = scenario.target
    months_done = int(
        number_field(
            st,
            _("Months of the period done"),
            min_value=0,
            max_value=max(target.deadline_month - 1, 0),
            value=0,
            key="months_done",
        )
    )
    try:  # the typical results simulate the scenario too: both are within the work budget or refused alike
        values = results_so_far(scenario, base_name, months_done)
        answer = reforecast_of(scenario, Actuals(months_done=months_done, **values))
    except InputError as error:
        label = next((label for name, label, _money in actual_inputs() if name == error.field), None)
        if label is None:  # the work budget (simulator/engine/work_budget.py), not a figure typed here
            st.warning(
                plain(_("This re-forecast would be too much work for the server: {error}.").format(error=error))
            )
        else:
            st.warning(
                plain(
                    _("Check the results so far: {label} must be {allowed}.").format(
                        label=label, allowed=error.allowed
                    )
                )
            )
        return
    error = number_text(answer.standard_error * 100, 1)
    st.metric(
        _("Chance to hit target, with the results so far"),
        percent_text(answer.probability),
        help=_("± {error} percentage points of simulation error").format(error=error),
    )
    st.caption(
        _("{target}. ± {error} points of simulation error.").format(target=plain(target.describe()), error=error)
    )
    if answer.few_alike:
        st.warning(
            _(
                "These results are far from what the scenario expects: only about {alike} of {trials} simulated "
                "periods look like them, so these odds are rough. Fit the ranges again from recent history "
                "(above), apply them, and re-forecast."
            ).format(alike=number_text(answer.effective_trials), trials=number_text(answer.trials))
        )


def results_so_far(scenario, base_name: str, months_done: int) -> dict:
    """The results-so-far inputs, opened on the scenario's typical results for those months; {} when none done."""
    if months_done == 0:
        st.caption(_("No month done yet: these are the plain odds of the scenario."))
        return {}
    # Type the real figures over the typical ones: they open anew when the scenario or the months change.
    opened_on = (base_name, months_done, scenario)
    if st.session_state.get("actuals_opened_on") != opened_on:
        typical = typical_actuals_of(scenario, months_done)
        for name, _label, _money in actual_inputs():
            st.session_state[f"actual_{name}"] = getattr(typical, name)
        st.session_state["actuals_opened_on"] = opened_on
    st.caption(
        _(
            "Totals for months {first} to {last}. They open on what the scenario typically gives in that time: "
            "type the real figures over them."
        ).format(first=number_text(1), last=number_text(months_done))
    )
    inputs = actual_inputs()
    return {
        name: number_field(
            column, label, min_value=0.0 if money else 0, step=1000.0 if money else 1, key=f"actual_{name}"
        )
        for column, (name, label, money) in zip(st.columns(len(inputs)), inputs, strict=True)
    }
