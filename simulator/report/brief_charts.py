"""The briefs' charts, drawn with matplotlib into PNG bytes in memory.

Each chart is its own :class:`matplotlib.figure.Figure` on an Agg canvas, never pyplot: pyplot keeps global
state, and the server makes briefs for several sessions at once. Drawn from the same summary data as the
simulator page's plotly chart (:func:`ui.charts.over_time_chart`), in colours that stay apart printed in grey:
a light band, a dark solid median and a black dashed path.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from simulator.analysis.summaries import Summary
from simulator.analysis.targets import DEFAULT_THRESHOLDS
from simulator.report.formats import metric_text

BAND, MEDIAN, PATH, DEADLINE, INK = "#b9c6dd", "#1f3d73", "#000000", "#6b7280", "#111827"
FONT = "DejaVu Sans"  # the font the PDF embeds (simulator.report.fonts), which matplotlib ships


def fan_chart_png(summary: Summary, *, width: float, height: float, dpi: int = 200) -> bytes:
    """The target metric month by month, P10-P90 band and median, against the path to the target, as PNG.

    Parameters
    ----------
    summary : Summary
        The scenario's summary (:func:`simulator.analysis.summaries.summarize`).
    width, height : float
        Size in inches, as placed on the page.
    dpi : int
        Pixels per inch.

    Examples
    --------
    >>> from simulator import Scenario, simulate
    >>> from simulator.analysis.summaries import summarize
    >>> fan_chart_png(summarize(simulate(Scenario(trials=500))), width=4, height=3)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    target = summary.answer.target
    metric = target.metric
    p10, p50, p90 = summary.over_time
    figure = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.fill_between(summary.months, p10, p90, color=BAND, linewidth=0, label="P10–P90 of trials")
    axes.plot(summary.months, p50, color=MEDIAN, linewidth=2.5, marker="o", markersize=4, label="Median")
    axes.plot(summary.months, summary.target_path, color=PATH, linewidth=2, linestyle="--", label="Path to target")
    axes.axvline(target.deadline_month, color=DEADLINE, linewidth=1, linestyle=":")
    last = target.deadline_month == summary.months[-1]  # no room right of the line: write it on the left
    axes.annotate(
        "Deadline",
        (target.deadline_month, 1),
        xycoords=("data", "axes fraction"),
        xytext=(-4 if last else 4, -4),
        textcoords="offset points",
        ha="right" if last else "left",
        va="top",
        color=DEADLINE,
        fontsize=9,
        family=FONT,
    )
    axes.set_xlim(summary.months[0] - 0.3, summary.months[-1] + 0.3)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: metric_text(metric, value)))
    total = "to date" if metric.is_ratio else "running total"
    title = f"{metric.label}, {total} month by month" if summary.cumulative else f"{metric.label}, each month"
    axes.set_title(title, loc="left", fontsize=12, color=INK, family=FONT)
    axes.set_xlabel("Month", fontsize=10, color=INK, family=FONT)
    axes.tick_params(labelsize=9, colors=INK)
    axes.grid(axis="y", color="#e5e7eb", linewidth=0.8)
    axes.spines[["top", "right"]].set_visible(False)
    # Below the plot, where it covers no line.
    figure.legend(loc="outside lower center", ncols=3, frameon=False, prop={"family": FONT, "size": 9})
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def odds_chart_png(
    names: list[str], odds: list[float], errors: list[float], *, width: float, height: float, dpi: int = 200
) -> bytes:
    """Each scenario's odds as a bar with ± 2 standard errors, first on top, against the verdicts' bounds.

    Examples
    --------
    >>> odds_chart_png(["A", "B"], [0.4, 0.6], [0.01, 0.01], width=4, height=2)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    figure = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    rows = range(len(names))[::-1]  # the first scenario on top, as in the table
    percent = [p * 100 for p in odds]
    axes.barh(rows, percent, xerr=[2 * e * 100 for e in errors], color=MEDIAN, height=0.6, capsize=4)
    for row, value in zip(rows, percent, strict=True):
        axes.annotate(f"{value:.0f}%", (value, row), xytext=(8, 0), textcoords="offset points", va="center",
                      fontsize=11, family=FONT, color=INK, fontweight="bold")  # fmt: skip
    for bound in (DEFAULT_THRESHOLDS.stretch, DEFAULT_THRESHOLDS.challenging, DEFAULT_THRESHOLDS.achievable):
        axes.axvline(bound * 100, color=DEADLINE, linewidth=1, linestyle=":")
    axes.set_yticks(list(rows), [name if len(name) <= 20 else f"{name[:19]}…" for name in names])
    axes.set_xlim(0, 112)
    axes.set_xlabel("Chance to hit (%), ± 2 standard errors", fontsize=10, color=INK, family=FONT)
    axes.tick_params(labelsize=10, colors=INK)
    axes.spines[["top", "right"]].set_visible(False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
