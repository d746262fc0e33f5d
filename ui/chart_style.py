"""The figures' house style: one layout sized for a projector, in the language's number marks, built as plain
data and handed to Streamlit as already checked.

Figures are plain data (dicts of lists), not plotly graph objects, and reach Streamlit as already checked:
plotly validates every property and array of a figure as it is built, and Streamlit validates a dict figure once
more to draw it. Paid on every slider move, that was most of the charts' cost (the page's three charts with a
baseline: 37 ms as graph objects, 22 ms as data validated by Streamlit, under 1 ms as checked data). The tests
validate every chart the pages draw with plotly instead (tests/test_charts.py).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from simulator.i18n import percent_text
from simulator.i18n.numbers import locale

INK = "#111827"  # dark text: readable on a projector
TOP_MARGIN, BOTTOM_MARGIN = 80, 120  # px: the title and line labels above, axis title and legend below


def fitted_size(text: str, size: int, fits: int) -> int:
    """A font size at which `text` fits where `fits` characters fit at `size`: a title translated longer than the
    English (Spanish and Russian often are) shrinks instead of running past the chart's edge, never below 12 px.

    >>> fitted_size("Won deals", 20, 56), fitted_size("x" * 70, 20, 56), fitted_size("x" * 500, 20, 56)
    (20, 16, 12)
    """
    return max(12, min(size, size * fits // max(len(text), 1)))


class CheckedFigure(go.Figure):
    """A figure's plain data, marked as valid: Streamlit takes a plotly Figure as validated and only asks it for
    ``to_dict()``, so the figure is not built into graph objects and checked again on every rerun."""

    def __init__(self, figure: dict):  # plotly's building and validation deliberately skipped
        self._figure = figure

    def to_dict(self) -> dict:
        return self._figure


def show(figure: dict | go.Figure, where=st) -> None:
    """Draw a figure as built: Streamlit's theme would replace its 16 px dark text with smaller grey text."""
    where.plotly_chart(CheckedFigure(figure) if isinstance(figure, dict) else figure, width="stretch", theme=None)


def separators() -> str:
    """The language's decimal and group marks, for a figure's ``separators``: plotly's own tick and hover numbers
    then read 1.234,5 in Spanish and 1 234,5 in Russian, as the page's text does."""
    symbols = locale().number_symbols["latn"]
    return symbols["decimal"] + symbols["group"]


def percent_template(value: str) -> str:
    """A plotly value template (``"%{y:.1f}"``) as a percentage the language's way: ``25.3%``, ``25,3 %``."""
    return percent_text(0).replace("0", value, 1)


def trace(kind: str, **properties) -> dict:
    """A trace of type `kind` as plain data: arrays become lists."""
    return {"type": kind} | {
        name: value.tolist() if isinstance(value, np.ndarray) else value for name, value in properties.items()
    }


def house_figure(
    traces: list,
    title: str,
    x_title: str,
    y_title: str,
    *,
    lines: tuple = (),
    height: int = 420,
    x_axis: dict | None = None,
    y_axis: dict | None = None,
    **layout,
) -> dict:
    """A figure with the house layout; `lines` are ``(x, label, colour, dash, position)`` vertical markers."""
    shapes = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": x,
            "x1": x,
            "y0": 0,
            "y1": 1,
            "line": {"color": colour, "width": 3 if dash else 2, "dash": dash or "solid"},
        }
        for x, _label, colour, dash, _position in lines
    ]
    annotations = [
        {
            "x": x,
            "xref": "x",
            "y": 1.02,
            "yref": "paper",
            "text": label,
            "showarrow": False,
            "xanchor": position,
            "yanchor": "bottom",  # above the plot area, never on a bar
            "font": {"size": 16, "color": INK},
        }
        for x, label, _colour, _dash, position in lines
    ]
    # The legend sits a fixed ~80 px below the plot area, under the axis title, whatever the figure's height.
    plot_height = max(height - TOP_MARGIN - BOTTOM_MARGIN, 100)
    # The axes run left to right in every language, Arabic too: time and amounts grow to the right, as in the
    # charts a manager reads elsewhere, and the numbers on them are written left to right.
    return {
        "data": traces,
        "layout": {
            "title": {"text": title, "font": {"size": fitted_size(title, 20, 56), "color": INK}},
            "font": {"size": 16, "color": INK},
            "height": height,
            "separators": separators(),
            "margin": {"l": 70, "r": 30, "t": TOP_MARGIN, "b": BOTTOM_MARGIN},
            "plot_bgcolor": "white",
            "legend": {"orientation": "h", "y": -80 / plot_height, "yanchor": "top", "x": 0},
            "bargap": 0.05,
            "shapes": shapes,
            "annotations": annotations,
            "xaxis": {"title": {"text": x_title}, "showgrid": False, "separatethousands": True, **(x_axis or {})},
            "yaxis": {
                "title": {"text": y_title, "font": {"size": fitted_size(y_title, 16, 30)}},
                "gridcolor": "#e5e7eb",
                "separatethousands": True,
                **(y_axis or {}),
            },
            **layout,
        },
    }
