"""Plotly figures for the simulator page, drawn from summaries (binned in Python, never raw trials).

Sized for a projector: large fonts, axis titles with units, few lines. A pinned baseline is drawn in grey. The
figures' house layout, and how they reach Streamlit as already checked data, are :mod:`ui.chart_style`.
"""

from __future__ import annotations

import html

import numpy as np

from simulator.analysis.compare import Comparison
from simulator.analysis.levers import heading
from simulator.analysis.sensitivity import Swing
from simulator.analysis.summaries import Summary
from simulator.analysis.targets import hits
from simulator.analysis.windows import figures_target
from simulator.i18n import _, number_text, percent_text
from simulator.model.target import Direction, Metric, Target
from simulator.report.formats import metric_text
from ui.chart_style import BOTTOM_MARGIN, INK, TOP_MARGIN, house_figure, percent_template, trace

HIT, MISS, CURRENT, GHOST = "#2e8b57", "#b0b7c3", "#1f4e99", "rgba(90, 90, 90, 0.55)"
COMPARE_COLOURS = (CURRENT, "#c2410c", HIT, "#7c3aed")


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
                y=[stage.label for stage in source.funnel],
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
