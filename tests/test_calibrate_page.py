"""The Calibrate page's re-forecast under the work budget: a scenario the server cannot afford to simulate is
refused in a plain work-budget sentence, whether the typical results so far or the re-forecast itself hit it;
and a subscription history's fitted customer base, shown and applied.
"""

from dataclasses import replace
from pathlib import Path

import pytest

from simulator import Scenario
from simulator.history import fit_subscription, read_history, subscription_rows
from tests.test_app import start

SAMPLE_DATA = Path(__file__).parent.parent / "sample_data"

#: Scenarios beyond the work budget, the month done that reaches it, and what the message must name.
BEYOND = {
    # The typical results simulate 4,000 trials at most: only the re-forecast's 5,000,000 reach the budget.
    "five million trials": (replace(Scenario(), trials=5_000_000), 0, "at most 1,000,000"),
    # A billion open opportunities are beyond it at 4,000 trials too: the typical results of month 1 hit it first.
    "a billion open opportunities": (replace(Scenario(), open_pipeline=10**9), 1, "lower the trials"),
}


def shown(elements) -> str:
    return " ".join(e.value for e in elements).replace("\\", "")


@pytest.mark.parametrize("case", BEYOND)
def test_a_reforecast_beyond_the_work_budget_says_so_in_plain_words(case):
    scenario, months_done, words = BEYOND[case]
    at = start()
    at.session_state["current_scenario"] = replace(scenario, name=case)  # the scenario on the simulator page
    at.switch_page("views/calibrate.py").run()
    assert at.selectbox(key="calibrate_base").value == "The scenario on the simulator page"
    at.number_input(key="months_done").set_value(months_done).run()
    assert not at.exception
    warnings = shown(at.warning)
    assert "This re-forecast would be too much work for the server: trials = " in warnings
    assert words in warnings
    assert "Check the results so far" not in warnings
    assert not at.error  # a warning on the section: the fit above it stands
    assert not any(m.label == "Chance to hit target, with the results so far" for m in at.metric)
    at.number_input(key="months_done").set_value(0).run()  # the page keeps working
    assert not at.exception


def test_a_subscription_history_shows_its_fitted_base_and_applies_subscription_mode():
    at = start()
    at.switch_page("views/calibrate.py").run()
    at.radio(key="history_sample").set_value("Subscriptions (24 months, customers and MRR)").run()
    assert not at.exception
    fitted = fit_subscription(read_history(SAMPLE_DATA / "subscription_history.csv"))
    assert any(s.value == "Fitted customer base" for s in at.subheader)
    tables = [frame.value for frame in at.dataframe if "Input" in frame.value]
    assert any(table.to_dict("records") == subscription_rows(fitted) for table in tables)
    at.button(key="apply_fit").click().run()
    assert not at.exception
    applied = at.session_state["current_scenario"]
    assert applied.revenue_mode.value == "subscription"
    assert (applied.starting_customers, applied.starting_mrr) == (fitted.starting_customers, fitted.starting_mrr)
    assert applied.churn == fitted.apply(Scenario()).churn
    at.radio(key="history_sample").set_value("By month (24 months)").run()  # an old history: no base, as before
    assert not any(s.value == "Fitted customer base" for s in at.subheader)
