"""Compare page: 2 to 4 scenarios side by side on common random numbers, against one target.

Widgets in, one cached comparison (simulator/analysis/compare.py), a chart and tables out: the odds of each
scenario, and the inputs that set them apart.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from simulator import InputError
from simulator.analysis.compare import MAX_COMPARED
from simulator.files.file_names import comparison_stem
from ui.brief_buttons import brief_buttons
from ui.cache import comparison_brief_of, comparison_of
from ui.charts import comparison_chart, show
from ui.labels import on_screen
from ui.library import library_with_current
from ui.text import plain


def results_table(comparison) -> pd.DataFrame:
    rows = []
    for index, (scenario, summary) in enumerate(zip(comparison.scenarios, comparison.summaries, strict=True)):
        answer = summary.answer
        deals, revenue = answer.percentiles["deals"], answer.percentiles["revenue"]
        change = (
            "(reference)"
            if index == 0
            else "{:+.1f} ± {:.1f} pts".format(*(100 * v for v in comparison.differences[index - 1]))
        )
        rows.append(
            {
                "Scenario": scenario.name,
                "Chance to hit": f"{answer.probability:.1%} ± {answer.standard_error * 100:.1f} pts",
                "vs the first": change,
                "Verdict": answer.verdict.value,
                "Commit / Most likely / Best case": f"{answer.commit:,.0f} / {answer.most_likely:,.0f} / "
                f"{answer.best_case:,.0f}",
                "Won deals P10–P90": f"{deals[0]:,.0f}–{deals[2]:,.0f}",
                "Revenue P10–P90": f"${revenue[0]:,.0f}–${revenue[2]:,.0f}",
            }
        )
    return pd.DataFrame(rows)


def differences_table(comparison) -> pd.DataFrame | None:
    """One row per input that differs, one column per scenario; None when every input is the same."""
    differing = comparison.inputs_that_differ()
    if not differing:
        return None
    columns = unique([scenario.name for scenario in comparison.scenarios])
    rows = [[d.label, *d.values] for d in differing]
    return pd.DataFrame(rows, columns=["Input", *columns])


def unique(names: list[str]) -> list[str]:
    """Column headers: a name picked twice gets its position, so no column hides another."""
    return [f"{name} ({index})" if names.count(name) > 1 else name for index, name in enumerate(names, start=1)]


def brief_downloads(scenarios: tuple) -> None:
    """The comparison's one-page brief as PDF and PNG, made when clicked (and kept for the next click) from the
    comparison of `scenarios` the page has cached."""
    made = date.today()
    brief_buttons(
        lambda: comparison_brief_of(scenarios, made),
        comparison_stem([s.name for s in scenarios]),
        "Comparison brief",
        help="The scenarios' odds side by side with the paired differences, their levels and what differs, on "
        "one page.",
    )


def main() -> None:
    st.set_page_config(page_title="Compare scenarios", page_icon=":material/target:", layout="wide")
    st.title("Compare scenarios")
    st.caption(
        "Every scenario is simulated on the first one's target, trials and seed: the same trial meets the "
        "same luck in each, so differences in the odds are measured precisely."
    )
    options = library_with_current()
    default = list(options)[:2]
    picked = st.multiselect(
        f"Scenarios (2 to {MAX_COMPARED}; the first is the reference)",
        list(options),
        default=default,
        max_selections=MAX_COMPARED,
        key="compare_picked",
    )
    if len(picked) < 2:
        st.info("Pick at least two scenarios to compare.")
        return
    chosen = tuple(options[name] for name in picked)
    try:
        with st.spinner("Simulating the scenarios on common random numbers…"):
            comparison = comparison_of(chosen)
    except InputError as error:  # e.g. more work than one run may take, on the first one's trials
        st.error(
            f"These scenarios can't be simulated together: {on_screen(error)}. Lower that input of the scenario "
            "on the simulator page, or pick another first scenario (its trials and seed are used for all)."
        )
        return
    first = comparison.scenarios[0]
    st.markdown(f"**Target for all**: {plain(first.target.describe())}")
    for sentence in comparison.sentences():
        st.markdown(f"- {plain(sentence)}")
    show(comparison_chart(comparison))
    st.dataframe(results_table(comparison), hide_index=True, width="stretch")
    brief_downloads(chosen)

    # What sets the scenarios apart, so a change in the odds can be traced to the inputs that made it.
    st.subheader("What differs")
    table = differences_table(comparison)
    if table is None:
        st.markdown("Nothing: the scenarios have the same inputs, so they have the same odds.")
    else:
        st.caption("Inputs as simulated: the target, trials and seed are the first scenario's for all.")
        st.dataframe(table, hide_index=True, width="stretch")


main()
