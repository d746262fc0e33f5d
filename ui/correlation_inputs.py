"""The sidebar's "These move together" inputs: one slider per pair of inputs, and back to Correlations.

Each slider's key is ``correlations.<first>~<second>`` (:func:`correlation_key`); the pairs offered are
:data:`CORRELATION_PAIRS`, plus any other pair a loaded scenario sets.
"""

from __future__ import annotations

import streamlit as st

from simulator.i18n import N_, _, number_text
from simulator.model.correlations import NAME_SEPARATOR, Correlations
from simulator.model.stages import RATE

#: The pairs of inputs that often move together in a sales team: a label short enough for one line of the
#: sidebar, and an example in a sales team's words (both translated where shown).
CORRELATION_PAIRS: dict[tuple[str, str], tuple[str, str]] = {
    ("traffic_mean", "visit_to_lead"): (
        N_("Visits & visit → lead rate"),
        N_("More visits from broader ads convert worse: below 0."),
    ),
    ("traffic_mean", "lead_to_qualified"): (
        N_("Visits & lead → qualified rate"),
        N_("Broader ads bring leads that qualify less often: below 0."),
    ),
    ("visit_to_lead", "lead_to_qualified"): (
        N_("Visit → lead & lead → qualified"),
        N_("Easier sign-ups let weaker leads through: below 0."),
    ),
    ("lead_to_qualified", "win_rate"): (
        N_("Lead → qualified & win rate"),
        N_("Leads that qualify well also close well: above 0."),
    ),
}
#: What a correlation slider offers: -0.9 to 0.9 in steps of 0.1 (a loaded value off this grid is added).
CORRELATION_STEPS = tuple(round(tenths / 10, 1) for tenths in range(-9, 10))
#: The help of a slider for a pair a loaded scenario sets.
SET_BY_SCENARIO = N_("Set by the scenario you opened.")


def _input_words(name: str) -> str:
    """A drawn input as the sidebar names it."""
    return _("Visits") if name == "traffic_mean" else _(RATE[name].label)


def correlation_key(first: str, second: str) -> str:
    """Key of the slider of one pair of inputs: ``"correlations.traffic_mean~visit_to_lead"``."""
    return f"correlations.{first}{NAME_SEPARATOR}{second}"


def correlation_label(first: str, second: str) -> str:
    """A pair of inputs in the sidebar's words: ``"Visits & visit → lead rate"``."""
    if (first, second) in CORRELATION_PAIRS:
        return _(CORRELATION_PAIRS[first, second][0])
    second_words = _input_words(second)
    # TRANSLATORS: two inputs that move together, e.g. "Visits & win rate"
    return _("{first} & {second}").format(
        first=_input_words(first), second=f"{second_words[:1].lower()}{second_words[1:]}"
    )


def correlation_text(value: float) -> str:
    """A slider's value in words: ``"-0.5 opposite"``, ``"0 independent"``, ``"+0.3 together"``."""
    shown = number_text(value, len(f"{abs(value):g}".partition(".")[2]), signed=True)  # 0.5, 0.25: as typed
    if value == 0:
        # TRANSLATORS: a correlation of 0 between two inputs
        return _("{value} independent").format(value=shown)
    if value > 0:
        # TRANSLATORS: a positive correlation between two inputs, e.g. "+0.3 together"
        return _("{value} together").format(value=shown)
    # TRANSLATORS: a negative correlation between two inputs, e.g. "-0.5 opposite"
    return _("{value} opposite").format(value=shown)


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
    with st.expander(_("These move together"), icon=":material/link:"):
        st.caption(_("Does one come in high when the other does? Each keeps its own 90% range."))
        for first, second in state["correlation_pairs"]:
            key = correlation_key(first, second)
            st.select_slider(
                correlation_label(first, second),
                state[f"options_{key}"],
                key=key,
                format_func=correlation_text,
                help=_(CORRELATION_PAIRS.get((first, second), ("", SET_BY_SCENARIO))[1])
                + " "
                + _("A rank correlation between the trials' values: -1 to 1; 0 is independent."),
            )
