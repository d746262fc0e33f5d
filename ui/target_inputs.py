"""What the target builder and the sidebar share about the target's inputs: the two ways of giving its number,
the spec that number is typed and shown by, and the deadline's callback that keeps the first month within it."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from simulator import Metric
from simulator.i18n import N_, _, number_text
from simulator.model.fields import FIELD, FieldSpec, Kind
from ui.target_window import FIXED_START

#: The two ways of giving the target's number, in English (the radio's values; shown translated).
BY_NUMBER, BY_CHANGE = N_("A number"), N_("A % change vs a baseline")

#: A revenue retention target's number: typed in percent, and above 100% when expansion outgrows churn.
RETENTION_SPEC = replace(FIELD["target.value"], kind=Kind.RATE, unit=N_("a share of the starting MRR"), step=0.001)


def target_spec(metric) -> FieldSpec:
    """The spec a target's number is shown by, typed in percent for a share: a rate's (0% to 100%) for a
    conversion rate or churn, :data:`RETENTION_SPEC` (0% and up) for NRR and GRR; else the target's number.

    >>> target_spec("nrr").high > 1, target_spec("churn_rate").high, target_spec("ltv_cac").kind.value
    (True, 1.0, 'number')
    """
    metric = Metric(metric)
    if metric in (Metric.NRR, Metric.GRR):
        return RETENTION_SPEC
    return FIELD["win_rate.low"] if metric.is_share else FIELD["target.value"]


def deadline_changed() -> None:
    """A deadline moved before the window's first month brings that month along, and says so (a running total
    and one month set their own first month). A deadline or first month typed beyond what the model allows is
    left as typed, for the model to refuse with what is allowed."""
    state = st.session_state
    # The window's choices name the deadline ("By month 3"), and a browser sends back the label it shows: set the
    # choice again so the browser gets the new label (else it sends the old one, which no choice matches).
    state["target_window"] = state["target_window"]
    deadline, start = int(state["target_deadline_month"]), int(state["target_start_month"])
    if 1 <= deadline < start:
        state["target_start_month"] = deadline
        if state["target_window"] not in FIXED_START:
            st.toast(
                _(
                    "The first month counted moved from month {start} to month {deadline}: the deadline is now "
                    "month {deadline}."
                ).format(start=number_text(start), deadline=number_text(deadline)),
                icon=":material/event:",
            )
