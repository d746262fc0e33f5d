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
from simulator.i18n import _, money_text, number_text, percent_text
from ui.brief_buttons import brief_buttons
from ui.cache import comparison_brief_of, comparison_of
from ui.chart_style import show
from ui.charts import comparison_chart
from ui.labels import on_screen
from ui.library import library_with_current, shown_name
from ui.text import plain


def results_table(comparison) -> pd.DataFrame:
    rows = []
    for index, (scenario, summary) in enumerate(zip(comparison.scenarios, comparison.summaries, strict=True)):
        answer = summary.answer
        deals, revenue = answer.percentiles["deals"], answer.percentiles["revenue"]
        if index == 0:
            # TRANSLATORS: in the "vs the first" column, the row of the first scenario, the one compared with.
            change = _("(reference)")
        else:
            difference, error = comparison.differences[index - 1]
            # TRANSLATORS: a change of the odds in percentage points, with its error: "+3.2 ± 0.4 pts".
            change = _("{change} ± {error} pts").format(
                change=number_text(100 * difference, 1, signed=True), error=number_text(100 * error, 1)
            )
        rows.append(
            {
                _("Scenario"): scenario.name,
                _("Chance to hit"): _("{chance} ± {error} pts").format(
                    chance=percent_text(answer.probability, 1), error=number_text(answer.standard_error * 100, 1)
                ),
                # TRANSLATORS: column header: the change of the odds against the first scenario compared.
                _("vs the first"): change,
                _("Verdict"): answer.verdict.label,
                _("Commit / Most likely / Best case"): " / ".join(
                    number_text(level) for level in (answer.commit, answer.most_likely, answer.best_case)
                ),
                _("Won deals P10–P90"): f"{number_text(deals[0])}–{number_text(deals[2])}",
                _("Revenue P10–P90"): f"{money_text(revenue[0])}–{money_text(revenue[2])}",
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
    # TRANSLATORS: column header: the input (deal size, win rate...) that differs between the scenarios.
    return pd.DataFrame(rows, columns=[_("Input"), *columns])


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
        _("Comparison brief"),
        help=_(
            "The scenarios' odds side by side with the paired differences, their levels and what differs, on "
            "one page."
        ),
    )


def main() -> None:
    st.set_page_config(page_title=_("Compare scenarios"), page_icon=":material/target:", layout="wide")
    st.title(_("Compare scenarios"))
    st.caption(
        _(
            "Every scenario is simulated on the first one's target, trials and seed: the same trial meets the "
            "same luck in each, so differences in the odds are measured precisely."
        )
    )
    options = library_with_current()
    default = list(options)[:2]
    picked = st.multiselect(
        _("Scenarios ({fewest} to {most}; the first is the reference)").format(
            fewest=number_text(2), most=number_text(MAX_COMPARED)
        ),
        list(options),
        default=default,
        max_selections=MAX_COMPARED,
        key="compare_picked",
        format_func=shown_name,
    )
    if len(picked) < 2:
        st.info(_("Pick at least two scenarios to compare."))
        return
    chosen = tuple(options[name] for name in picked)
    try:
        with st.spinner(_("Simulating the scenarios on common random numbers…")):
            comparison = comparison_of(chosen)
    except InputError as error:  # e.g. more work than one run may take, on the first one's trials
        st.error(
            _(
                "These scenarios can't be simulated together: {problem}. Lower that input of the scenario on the "
                "simulator page, or pick another first scenario (its trials and seed are used for all)."
            ).format(problem=on_screen(error))
        )
        return
    first = comparison.scenarios[0]
    st.markdown(_("**Target for all**: {target}").format(target=plain(first.target.describe())))
    for sentence in comparison.sentences():
        st.markdown(f"- {plain(sentence)}")
    show(comparison_chart(comparison))
    st.dataframe(results_table(comparison), hide_index=True, width="stretch")
    brief_downloads(chosen)

    # What sets the scenarios apart, so a change in the odds can be traced to the inputs that made it.
    st.subheader(_("What differs"))
    table = differences_table(comparison)
    if table is None:
        st.markdown(_("Nothing: the scenarios have the same inputs, so they have the same odds."))
    else:
        st.caption(_("Inputs as simulated: the target, trials and seed are the first scenario's for all."))
        st.dataframe(table, hide_index=True, width="stretch")


main()
