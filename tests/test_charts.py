"""Every chart the pages draw is a valid plotly figure: the pages hand their figures to Streamlit as already
checked (ui.chart_style.CheckedFigure, so that a slider move does not pay for plotly's validation), and these tests
check them instead, with plotly, on what the browser receives."""

import json

import plotly.graph_objects as go
import pytest

from simulator import Metric
from tests.test_app import start
from tests.test_app_compare import compare_page
from ui.library import ON_SIMULATOR
from ui.target_window import ONE_MONTH


def drawn_figures(at) -> list[dict]:
    """The figures of a page as the browser receives them."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def trace_names(figure: dict) -> set[str]:
    return {trace.get("name") for trace in figure["data"]}


def assert_valid(figures: list[dict], count: int) -> None:
    assert len(figures) == count
    for figure in figures:
        go.Figure(figure)  # raises ValueError naming any property plotly does not know or any bad value
        assert figure["data"], "a chart with nothing drawn"


@pytest.mark.parametrize(
    ("metric", "window"),
    [(Metric.DEALS, None), (Metric.REVENUE, ONE_MONTH), (Metric.CAC, None), (Metric.WIN_RATE, None)],
)
def test_the_simulator_pages_charts_are_valid_figures_with_and_without_a_baseline(metric, window):
    at = start()
    at.selectbox(key="target_metric").set_value(metric).run()
    if window:
        at.selectbox(key="target_window").set_value(window).run()
    assert not at.exception
    figures = drawn_figures(at)
    assert_valid(figures, 3)
    assert "Pinned baseline median" not in trace_names(figures[2])
    at.button(key="pin").click().run()
    at.slider(key="win_rate").set_value((10.0, 20.0)).run()
    assert not at.exception
    figures = drawn_figures(at)
    assert_valid(figures, 3)
    assert "Pinned baseline median" in trace_names(figures[2])


def test_the_tornado_and_the_comparison_are_valid_figures():
    at = start()
    at.button(key="work_it_out").click().run()
    assert not at.exception
    assert_valid(drawn_figures(at), 4)  # the page's three and the tornado
    name = at.selectbox(key="picker").value
    at = compare_page(at)
    at.multiselect(key="compare_picked").set_value([ON_SIMULATOR, name]).run()
    assert not at.exception
    assert_valid(drawn_figures(at), 1)
