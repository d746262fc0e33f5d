"""Plotly figures for the simulator page, drawn from summaries (binned in Python, never raw trials).

Sized for a projector: large fonts, axis titles with units, few lines. A pinned baseline is drawn in grey.
Figures are plain data (dicts of lists), not plotly graph objects, and reach Streamlit as already checked:
plotly validates every property and array of a figure as it is built, and Streamlit validates a dict figure once
more to draw it. Paid on every slider move, that was most of the charts' cost (the page's three charts with a
baseline: 37 ms as graph objects, 22 ms as data validated by Streamlit, under 1 ms as checked data). The tests
validate every chart the pages draw with plotly instead (tests/test_charts.py).
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from simulator.analysis.compare import Comparison
from simulator.analysis.levers import heading
from simulator.analysis.sensitivity import Swing
from simulator.analysis.summaries import Summary
from simulator.analysis.targets import hits
from simulator.analysis.windows import figures_target
from simulator.i18n import _, number_text, percent_text
from simulator.i18n.numbers import locale
from simulator.model.target import Direction, Metric, Target
from simulator.report.formats import metric_text

HIT, MISS, CURRENT, GHOST = "#2e8b57", "#b0b7c3", "#1f4e99", "rgba(90, 90, 90, 0.55)"
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


COMPARE_COLOURS = (CURRENT, "#c2410c", HIT, "#7c3aed")


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


def metric_axis_title(target: Target) -> str:
    """e.g. "Won deals by month 3", "Won deals in Q3 (months 7-9)"."""
    # TRANSLATORS: an axis title: {metric} e.g. "Won deals", {period} e.g. "by month 3" or "in Q3 (months 7-9)"
    return _("{metric} {period}").format(metric=target.metric.label, period=target.period)


def _value_axis(metric: Metric, axis: str = "x") -> tuple[dict, str]:
    """Axis settings and hover format of a metric's values on `axis`: a share (a rate, churn, retention) in
    percent, a multiple (LTV : CAC) or months (payback) with a decimal, anything else whole."""
    if metric.is_share:
        return {"tickformat": ".0%"}, f"%{{{axis}:.1%}}"
    if metric in (Metric.LTV_CAC, Metric.CAC_PAYBACK):
        return {}, f"%{{{axis}:,.1f}}"
    return {}, f"%{{{axis}:,.0f}}"


def distribution_chart(summary: Summary, baseline: Summary | None = None) -> dict:
    """Share of trials per value of the target metric; bins that hit the target in green, a line at the target."""
    answer = summary.answer
    target = answer.target
    centres = (summary.bin_edges[:-1] + summary.bin_edges[1:]) / 2
    at_least = target.direction is Direction.AT_LEAST
    hit = hits(centres, target)
    x_axis, x_format = _value_axis(target.metric)
    traces = [
        trace(
            "bar",
            x=centres,
            y=summary.bin_shares * 100,
            width=np.diff(summary.bin_edges),
            marker={"color": np.where(hit, HIT, MISS)},
            name=_("This scenario"),
            hovertemplate=_trials_share(x_format),
        )
    ]
    if baseline is not None:
        traces.append(histogram_outline(baseline, _("Pinned baseline"), GHOST))
    target_line = (
        answer.threshold,
        _target_label(target.metric, answer.threshold),
        "#111827",
        "dash",
        "left" if at_least else "right",
    )
    return house_figure(
        traces,
        _("How the target metric could turn out (green = target hit)"),
        metric_axis_title(target),
        _("Share of trials (%)"),
        lines=(target_line,),
        showlegend=baseline is not None,
        x_axis=x_axis,
    )


def histogram_outline(summary: Summary, name: str, colour: str) -> dict:
    """A summary's histogram as a stepped line, to lay over another one."""
    centres = (summary.bin_edges[:-1] + summary.bin_edges[1:]) / 2
    return trace(
        "scatter",
        x=centres,
        y=summary.bin_shares * 100,
        mode="lines",
        name=name,
        line={"color": colour, "width": 3, "shape": "hvh"},
        hovertemplate=_trials_share("%{x:,.0f}"),
    )


def _trials_share(value: str) -> str:
    """The hover text of a histogram's bar: its value (a plotly template) and the share of trials there."""
    # TRANSLATORS: a chart's hover text, e.g. "1,250: 3.2% of trials" (a value of the target metric, then the
    # share of the simulated trials that ended there)
    text = _("{value}: {share} of trials").format(value=value, share=percent_template("%{y:.1f}"))
    return text + "<extra></extra>"


def _target_label(metric: Metric, threshold: float) -> str:
    """The label of the target's line on a chart: "Target 50"."""
    # TRANSLATORS: a label on a chart's line at the target's value, e.g. "Target 50" or "Target $250,000"
    return _("Target {value}").format(value=metric_text(metric, threshold))


def comparison_chart(comparison: Comparison) -> dict:
    """The target metric of each compared scenario, overlaid, with the common target."""
    target = comparison.scenarios[0].target
    traces = [
        histogram_outline(summary, scenario.name, colour)
        for scenario, summary, colour in zip(
            comparison.scenarios, comparison.summaries, COMPARE_COLOURS, strict=False
        )
    ]
    threshold = comparison.summaries[0].answer.threshold
    return house_figure(
        traces,
        _("The target metric in each scenario"),
        metric_axis_title(target),
        _("Share of trials (%)"),
        lines=((threshold, _target_label(target.metric, threshold), INK, "dash", "left"),),
        height=440,
        x_axis=_value_axis(target.metric)[0],
    )


def funnel_chart(summary: Summary, baseline: Summary | None = None) -> dict:
    """Each stage's median by the deadline, with its P10-P90 range in the label."""
    sources = [(_("Pinned baseline"), baseline, GHOST)] if baseline is not None else []
    sources.append((_("This scenario"), summary, CURRENT))
    traces = []
    for name, source, colour in sources:
        labels = [
            f"{number_text(p50)}  ({number_text(p10)}–{number_text(p90)})"
            for p10, p50, p90 in source.funnel.values()
        ]
        medians = [p50 for _p10, p50, _p90 in source.funnel.values()]
        # A wide bar holds its label in white; beside a narrow one there is room for it in dark ink.
        inside = [median >= 0.5 * max(medians, default=0) for median in medians]
        traces.append(
            trace(
                "funnel",
                # A stage's name, translated here when the summary keys it in English.
                y=[_(stage) for stage in source.funnel],
                x=medians,
                text=labels,
                textinfo="text",
                textposition=["inside" if wide else "outside" for wide in inside],
                cliponaxis=False,
                name=name,
                marker={"color": colour},
                textfont={"size": 16, "color": ["white" if wide else INK for wide in inside]},
                # TRANSLATORS: a funnel chart's hover text, e.g. "Leads: median 1,250"
                hovertemplate=_("{stage}: median {value}").format(stage="%{y}", value="%{x:,.0f}")
                + "<extra></extra>",
            )
        )
    return house_figure(
        traces,
        # TRANSLATORS: a chart's title; {period} e.g. "by month 3" or "in Q3 (months 7-9)"
        _("Funnel {period}: median (P10–P90)").format(period=figures_target(summary.answer.target).period),
        "",
        "",
        showlegend=baseline is not None,
        funnelmode="group",
        uniformtext={"minsize": 14, "mode": "show"},  # plotly would shrink a label to fit its bar
        margin={"l": 190, "r": 30, "t": TOP_MARGIN, "b": BOTTOM_MARGIN},
    )


def fan_traces(months: np.ndarray, p10: np.ndarray, p50: np.ndarray, p90: np.ndarray, value_format: str) -> list:
    """A fan over months: the P10-P90 band of the trials and the median line (`value_format` its hover value)."""
    return [
        trace("scatter", x=months, y=p90, mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"),
        trace(
            "scatter",
            x=months,
            y=p10,
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(31, 78, 153, 0.18)",
            name=_("P10–P90 of trials"),
            hoverinfo="skip",
        ),
        trace(
            "scatter",
            x=months,
            y=p50,
            mode="lines+markers",
            line={"color": CURRENT, "width": 3},
            name=_("Median"),
            # TRANSLATORS: a chart's hover text, e.g. "Month 3: 1,250"
            hovertemplate=_("Month {month}: {value}").format(month="%{x}", value=value_format) + "<extra></extra>",
        ),
    ]


def over_time_chart(summary: Summary, baseline: Summary | None = None) -> dict:
    """The target metric month by month (the running total, or each month's own figure for a window): P10-P90
    band, median, and the path to the target over its months."""
    target = summary.answer.target
    months = summary.months
    p10, p50, p90 = summary.over_time
    traces = [
        *fan_traces(months, p10, p50, p90, _value_axis(target.metric, "y")[1]),
        trace(
            "scatter",
            x=months,
            y=summary.target_path,
            mode="lines",
            line={"color": "#111827", "width": 3, "dash": "dash"},
            name=_("Path to target"),
        ),
    ]
    if baseline is not None:
        traces.append(
            trace(
                "scatter",
                x=baseline.months,
                y=baseline.over_time[1],
                mode="lines",
                line={"color": GHOST, "width": 3, "dash": "dot"},
                name=_("Pinned baseline median"),
            )
        )
    label = target.metric.label
    if not summary.cumulative:
        title = _("{metric}, each month month by month").format(metric=label)
    elif target.metric.is_ratio:
        title = _("{metric}, to date month by month").format(metric=label)
    else:
        title = _("{metric}, running total month by month").format(metric=label)
    deadline = (target.deadline_month, _("Deadline"), "#9ca3af", None, "right")
    return house_figure(
        traces,
        title,
        _("Month"),
        target.metric.label,
        lines=(deadline,),
        x_axis={"dtick": 1},
        y_axis=_value_axis(target.metric)[0],
    )


def tornado_chart(swings: list[Swing], base_odds: float) -> dict:
    """Change in the odds with each lever at the low and the high end of its range, largest on top."""
    ordered = list(reversed(swings))  # plotly draws the first category at the bottom
    # The range each bar spans is in the axis label, so nothing overlaps the bars.
    # A channel's name is user text: escaped, as plotly renders a little HTML in its labels.
    names = [f"{html.escape(heading(s.lever))}<br>{s.low_label} → {s.high_label}" for s in ordered]
    base = base_odds * 100
    traces = [
        trace(
            "bar",
            y=names,
            x=[s.odds_low * 100 - base for s in ordered],
            base=base,
            orientation="h",
            name=_("Low end"),
            marker={"color": "#c2410c"},
            # TRANSLATORS: a chart's hover text, e.g. "Low end: -12 points" (percentage points of the odds)
            hovertemplate=_("Low end: {change} points").format(change="%{x:+.0f}") + "<extra></extra>",
        ),
        trace(
            "bar",
            y=names,
            x=[s.odds_high * 100 - base for s in ordered],
            base=base,
            orientation="h",
            name=_("High end"),
            marker={"color": HIT},
            # TRANSLATORS: a chart's hover text, e.g. "High end: +8 points" (percentage points of the odds)
            hovertemplate=_("High end: {change} points").format(change="%{x:+.0f}") + "<extra></extra>",
        ),
    ]
    # TRANSLATORS: a label on a chart's line at today's odds, e.g. "Today 62%"
    today = (base, _("Today {odds}").format(odds=percent_text(base_odds)), "#111827", None, "center")
    return house_figure(
        traces,
        _("Which lever moves the odds most"),
        _("Chance to hit target (%)"),
        "",
        lines=(today,),
        height=160 + 55 * len(swings),
        x_axis={"range": [-5, 112]},
        y_axis={"tickfont": {"size": 15}},
        barmode="overlay",
        margin={"l": 330, "r": 40, "t": TOP_MARGIN, "b": BOTTOM_MARGIN},
    )
