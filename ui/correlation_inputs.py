"""The sidebar's "These move together" inputs: one slider per pair of inputs, and back to Correlations.

Each slider's key is ``correlations.<first>~<second>`` (:func:`correlation_key`); the pairs offered are
:data:`CORRELATION_PAIRS`, plus any other pair a loaded scenario sets.
"""

from __future__ import annotations

import streamlit as st

from simulator.model.correlations import NAME_SEPARATOR, Correlations
from simulator.model.stages import RATE

#: The pairs of inputs that often move together in a sales team: a label short enough for one line of the
#: sidebar, and an example in a sales team's words.
CORRELATION_PAIRS: dict[tuple[str, str], tuple[str, str]] = {
    ("traffic_mean", "visit_to_lead"): (
        "Visits & visit → lead rate",
        "More visits from broader ads convert worse: below 0.",
    ),
    ("traffic_mean", "lead_to_qualified"): (
        "Visits & lead → qualified rate",
        "Broader ads bring leads that qualify less often: below 0.",
    ),
    ("visit_to_lead", "lead_to_qualified"): (
        "Visit → lead & lead → qualified",
        "Easier sign-ups let weaker leads through: below 0.",
    ),
    ("lead_to_qualified", "win_rate"): (
        "Lead → qualified & win rate",
        "Leads that qualify well also close well: above 0.",
    ),
}
#: What a correlation slider offers: -0.9 to 0.9 in steps of 0.1 (a loaded value off this grid is added).
CORRELATION_STEPS = tuple(round(tenths / 10, 1) for tenths in range(-9, 10))
#: The drawn inputs as the sidebar names them.
_INPUT_WORDS = {"traffic_mean": "Visits", **{name: stage.label for name, stage in RATE.items()}}


def correlation_key(first: str, second: str) -> str:
    """Key of the slider of one pair of inputs: ``"correlations.traffic_mean~visit_to_lead"``."""
    return f"correlations.{first}{NAME_SEPARATOR}{second}"


def correlation_label(first: str, second: str) -> str:
    """A pair of inputs in the sidebar's words: ``"Visits & visit → lead rate"``."""
    if (first, second) in CORRELATION_PAIRS:
        return CORRELATION_PAIRS[first, second][0]
    second_words = _INPUT_WORDS[second]
    return f"{_INPUT_WORDS[first]} & {second_words[:1].lower()}{second_words[1:]}"


def correlation_text(value: float) -> str:
    """A slider's value in words: ``"-0.5 opposite"``, ``"0 independent"``, ``"+0.3 together"``."""
    if value == 0:
        return "0 independent"
    return f"{value:+g} {'together' if value > 0 else 'opposite'}"


def correlations_from_state(state) -> Correlations:
    """The correlations the sliders describe: the pairs not at 0. Raises InputError when they contradict."""
    pairs = [
        (first, second, float(state[correlation_key(first, second)]))
        for first, second in state["correlation_pairs"]
    ]
    return Correlations(pairs=[pair for pair in pairs if pair[2] != 0])


def moving_together() -> None:
    """The correlations: a slider per pair of inputs, -0.9 (one up, the other down) to +0.9 (up together)."""
    state = st.session_state
    with st.expander("These move together", icon=":material/link:"):
        st.caption("Does one come in high when the other does? Each keeps its own 90% range.")
        for first, second in state["correlation_pairs"]:
            key = correlation_key(first, second)
            st.select_slider(
                correlation_label(first, second),
                state[f"options_{key}"],
                key=key,
                format_func=correlation_text,
                help=CORRELATION_PAIRS.get((first, second), ("", "Set by the scenario you opened."))[1]
                + " A rank correlation between the trials' values: -1 to 1; 0 is independent.",
            )
