"""Compare page: 2 to 4 scenarios side by side on common random numbers, against one target.

Widgets in, one cached comparison (simulator/compare.py), a chart and tables out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from simulator.analysis.compare import MAX_COMPARED
from ui.cache import comparison_of
from ui.charts import comparison_chart
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
    with st.spinner("Simulating the scenarios on common random numbers…"):
        comparison = comparison_of(tuple(options[name] for name in picked))
    first = comparison.scenarios[0]
    st.markdown(f"**Target for all**: {plain(first.target.describe())}")
    for sentence in comparison.sentences():
        st.markdown(f"- {plain(sentence)}")
    st.plotly_chart(comparison_chart(comparison), width="stretch")
    st.dataframe(results_table(comparison), hide_index=True, width="stretch")


main()
