"""The simulator page in subscription mode (issue 14, section 3): the mode switched on from the default page, every
subscription metric as a target, the headline figures against the model's answer worked out here from the
result's arrays, and the mode switched off again under a subscription target."""

import numpy as np
import pytest

from simulator import Metric, simulate
from simulator.i18n import short_money_text
from simulator.model.target import SUBSCRIPTION_METRICS
from simulator.report.formats import metric_text
from tests.test_app import current_scenario, start
from tests.test_charts import assert_valid, drawn_figures

CUSTOMERS, MRR = 200, 100_000.0


def subscription_page():
    """The default page with subscription mode on and a customer base today."""
    at = start()
    at.toggle(key="revenue_mode").set_value(True).run()
    at.number_input(key="starting_customers").set_value(CUSTOMERS).run()
    at.number_input(key="starting_mrr").set_value(MRR).run()
    assert not at.exception
    return at


def refused(at) -> list[str]:
    """The page's messages about inputs it can't simulate (the verdict box of an unrealistic target is red too)."""
    return [error.value for error in at.error if "can't be simulated" in error.value]


def headline(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def median(values: np.ndarray) -> float:
    return float(np.percentile(values[~np.isnan(values)], 50, method="inverted_cdf"))


def test_switching_the_mode_on_shows_the_recurring_revenue_figures_and_charts():
    at = start()
    assert not any(label.startswith("ARR") for label in headline(at))
    assert Metric.NRR not in at.selectbox(key="target_metric").options  # not without subscription mode
    at.toggle(key="revenue_mode").set_value(True).run()
    assert not at.exception
    labels = headline(at)
    assert "ARR, end of month 3" in labels
    assert "NRR, months 1–12" in labels
    # No customers today: no cohort to retain, and the page says what to do about it.
    assert labels["NRR, months 1–12"] == "no value"
    assert any("set today's customers in the sidebar" in caption.value for caption in at.caption)
    assert_valid(drawn_figures(at), 5)  # the target's three, the MRR split and the customers' fan


def test_the_headline_is_the_models_answer_worked_out_from_the_arrays():
    at = subscription_page()
    scenario = current_scenario(at)
    base = simulate(scenario).customer_base
    deadline, horizon = scenario.target.deadline_month, scenario.horizon_months
    arr = median(12 * base.mrr[:, deadline - 1])
    opening = np.concatenate([np.full((scenario.trials, 1), CUSTOMERS), base.customers[:, :-1]], axis=1)
    kept = (opening - base.churned) / np.where(opening > 0, opening, 1)
    year = slice(horizon - 12, horizon)
    nrr = median(kept[:, year].prod(axis=1) * (1 + base.drawn["expansion"]) ** 12)
    grr = median(kept[:, year].prod(axis=1) * np.minimum(1 + base.drawn["expansion"], 1) ** 12)
    shown = headline(at)
    assert shown[f"ARR, end of month {deadline}"] == short_money_text(arr)
    assert shown["NRR, months 1–12"] == metric_text(Metric.NRR, nrr)
    assert shown["GRR, months 1–12"] == metric_text(Metric.GRR, grr)


def test_every_subscription_metric_can_be_the_target():
    at = subscription_page()
    for metric in SUBSCRIPTION_METRICS:
        at.selectbox(key="target_metric").set_value(metric).run()
        assert not at.exception, metric
        assert not refused(at), metric
        assert current_scenario(at).target.metric is metric
        assert_valid(drawn_figures(at), 5)
    second = subscription_page()  # a second session: the cached summary replayed
    assert not second.exception


def test_retention_is_typed_in_percent_and_may_pass_100():
    at = subscription_page()
    at.selectbox(key="target_metric").set_value(Metric.NRR).run()
    at.radio(key="target_mode").set_value("A number").run()
    value = at.number_input(key="target_value")
    assert value.label == "Target value (%)"
    value.set_value(105.0).run()
    assert not at.exception
    assert not refused(at)
    target = current_scenario(at).target
    assert target.value == pytest.approx(1.05)
    assert "105%" in target.describe()


@pytest.mark.parametrize(
    ("metric", "label"),
    [
        (Metric.LTV_CAC, "Target value (x)"),
        (Metric.CAC_PAYBACK, "Target value (months)"),
        (Metric.LTV, "Target value ($)"),
    ],
)
def test_each_target_number_is_labelled_with_its_unit(metric, label):
    at = subscription_page()
    at.selectbox(key="target_metric").set_value(metric).run()
    at.radio(key="target_mode").set_value("A number").run()
    assert at.number_input(key="target_value").label == label


def test_switching_the_mode_off_under_a_subscription_target_falls_back_to_won_deals():
    at = subscription_page()
    at.selectbox(key="target_metric").set_value(Metric.CHURN_RATE).run()
    at.toggle(key="revenue_mode").set_value(False).run()
    assert not at.exception
    assert not refused(at)
    assert at.selectbox(key="target_metric").value is Metric.DEALS
    assert any("needs subscription mode" in toast.value for toast in at.toast)
    assert not any(label.startswith("ARR") for label in headline(at))
    assert_valid(drawn_figures(at), 3)
