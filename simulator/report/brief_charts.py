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
from simulator.analysis.weekly_review import ReviewAnswers
from simulator.i18n import _, language, number_text, percent_text, short_money_text
from simulator.model.review import Review
from simulator.report.formats import metric_text
from simulator.report.review_text import progress_titles

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
    figure = _figure(width, height, dpi)
    axes = figure.add_subplot()
    axes.fill_between(summary.months, p10, p90, color=BAND, linewidth=0, label=_("P10–P90 of trials"))
    axes.plot(summary.months, p50, color=MEDIAN, linewidth=2.5, marker="o", markersize=4, label=_("Median"))
    axes.plot(
        summary.months, summary.target_path, color=PATH, linewidth=2, linestyle="--", label=_("Path to target")
    )
    axes.axvline(target.deadline_month, color=DEADLINE, linewidth=1, linestyle=":")
    last = target.deadline_month == summary.months[-1]  # no room right of the line: write it on the left
    axes.annotate(
        _("Deadline"),
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
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: metric_text(metric, value)))
    if not summary.cumulative:
        title = _("{metric}, each month").format(metric=metric.label)
    elif metric.is_ratio:
        title = _("{metric}, to date month by month").format(metric=metric.label)
    else:
        title = _("{metric}, running total month by month").format(metric=metric.label)
    axes.set_title(title, loc=_title_side(), fontsize=12, color=INK, family=FONT)
    axes.set_xlabel(_("Month"), fontsize=10, color=INK, family=FONT)
    axes.tick_params(labelsize=9, colors=INK)
    axes.grid(axis="y", color="#e5e7eb", linewidth=0.8)
    axes.spines[["top", "right"]].set_visible(False)
    # Below the plot, where it covers no line.
    figure.legend(loc="outside lower center", ncols=3, frameon=False, prop={"family": FONT, "size": 9})
    return _png(figure)


def odds_chart_png(
    names: list[str], odds: list[float], errors: list[float], *, width: float, height: float, dpi: int = 200
) -> bytes:
    """Each scenario's odds as a bar with ± 2 standard errors, first on top, against the verdicts' bounds.

    Examples
    --------
    >>> odds_chart_png(["A", "B"], [0.4, 0.6], [0.01, 0.01], width=4, height=2)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    figure = _figure(width, height, dpi)
    axes = figure.add_subplot()
    rows = range(len(names))[::-1]  # the first scenario on top, as in the table
    percent = [p * 100 for p in odds]
    axes.barh(rows, percent, xerr=[2 * e * 100 for e in errors], color=MEDIAN, height=0.6, capsize=4)
    for row, value, share in zip(rows, percent, odds, strict=True):
        axes.annotate(percent_text(share), (value, row), xytext=(8, 0), textcoords="offset points", va="center",
                      fontsize=11, family=FONT, color=INK, fontweight="bold")  # fmt: skip
    for bound in (DEFAULT_THRESHOLDS.stretch, DEFAULT_THRESHOLDS.challenging, DEFAULT_THRESHOLDS.achievable):
        axes.axvline(bound * 100, color=DEADLINE, linewidth=1, linestyle=":")
    axes.set_yticks(list(rows), [name if len(name) <= 20 else f"{name[:19]}…" for name in names])
    axes.set_xlim(0, 112)
    axes.set_xlabel(_("Chance to hit (%), ± 2 standard errors"), fontsize=10, color=INK, family=FONT)
    axes.tick_params(labelsize=10, colors=INK)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


WON = "#2e8b57"  # the page's green for what is won: a mid grey in print, between the band and the median
ON_WHITE = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"}  # a label over lines


def progress_chart_png(
    answers: ReviewAnswers,
    review: Review,
    path: tuple[tuple[float, float], ...],
    *,
    width: float,
    height: float,
    dpi: int = 200,
) -> bytes:
    """The weekly review's progress to its goal, week by week since the period began, as PNG: the actuals' running
    total, the even path to the goal, and from the review on the fan's P10-P90 band and median.

    Parameters
    ----------
    answers : ReviewAnswers
        The review's answers (:func:`simulator.analysis.weekly_review.review_answers`); their fan is drawn.
    review : Review
        The goal, its figure, and the weeks done and left.
    path : tuple of (float, float)
        The actuals to the review: days since the period's start and the running total by then.
    width, height : float
        Size in inches, as placed on the page.
    dpi : int
        Pixels per inch.

    Examples
    --------
    >>> from simulator.analysis.weekly_review import review_answers
    >>> from simulator.engine.review import simulate_review
    >>> from simulator.model.open_deals import OpenDeal, Pipeline
    >>> deal = OpenDeal(deal_id="A", stage="Negotiation/Review", amount=1.0, close_day=5.0)
    >>> pipeline = Pipeline(deals=(deal,), days_left=14.0, trials=500)
    >>> review = Review(pipeline=pipeline, goal=3, banked=2, weeks_done=4)
    >>> answers = review_answers(simulate_review(review))
    >>> progress_chart_png(answers, review, ((0, 0), (28, 2)), width=4, height=3)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    now, goal = review.weeks_done, review.goal
    end = now + review.weeks_left
    weeks = [now + day / 7 for day, *_levels in answers.fan]
    low, mid, high = ([point[i] for point in answers.fan] for i in (1, 2, 3))
    deals = review.figure == "deals"
    figure = _figure(width, height, dpi)
    axes = figure.add_subplot()
    axes.fill_between(
        weeks, low, high, color=BAND, linewidth=0, label=_("Forecast: 8 trials in 10 fall in this band")
    )
    axes.plot(weeks, mid, color=MEDIAN, linewidth=2.5, label=_("Forecast: most likely (median)"))
    axes.plot([0, end], [0, goal], color=PATH, linewidth=2, linestyle="--", label=_("Even path to the goal"))
    # Thick and marked: apart from the dark median in grey print, and it ends where the fan begins.
    axes.plot([day / 7 for day, _total in path], [total for _day, total in path], color=WON, linewidth=3.5,
              marker="s", markersize=5, label=_("Won so far"))  # fmt: skip
    axes.plot([end], [goal], marker="*", markersize=16, color=INK, linestyle="none")
    goal_text = _("Goal {goal}").format(goal=number_text(goal) if deals else short_money_text(goal))
    # Above the star, on white: the band and the median pass by it; over the legend, which a longer language's
    # words may stretch to it.
    axes.annotate(goal_text, (end, goal), xytext=(-6, 9), textcoords="offset points", ha="right", va="bottom",
                  fontsize=10, family=FONT, color=INK, fontweight="bold",
                  bbox=ON_WHITE, zorder=6)  # fmt: skip
    # Each name written up its line from the foot, so that lines close together keep theirs apart: the review's
    # left of its line (right at the period's start, off the axis), the end's right of its, where nothing is
    # drawn; on white where a line passes behind.
    for week, name, side in ((now, _("Today's review"), -1 if now > end / 10 else 1), (end, _("Period's end"), 1)):
        axes.axvline(week, color=DEADLINE, linewidth=1.2, linestyle=":")
        axes.annotate(name, (week, 0), xycoords=("data", "axes fraction"), xytext=(3 * side, 4),
                      textcoords="offset points", rotation=90, ha="left" if side > 0 else "right", va="bottom",
                      color=DEADLINE, fontsize=9, family=FONT, bbox=ON_WHITE | {"alpha": 0.6})  # fmt: skip
    # Headroom over the goal and the band, for the goal's label.
    axes.set_ylim(0, max(goal, *high, *(total for _day, total in path)) * 1.3 or 1)
    axes.set_xlim(0, end * 1.05 + 0.1)  # room for the end's name
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    if not deals:  # short money: ticks read from across a room
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: short_money_text(value)))
    title, total = progress_titles(review.figure)
    axes.set_title(title, loc=_title_side(), fontsize=12, color=INK, family=FONT)
    axes.set_xlabel(_("Weeks since the period began"), fontsize=10, color=INK, family=FONT)
    axes.set_ylabel(total, fontsize=10, color=INK, family=FONT)
    axes.tick_params(labelsize=9, colors=INK)
    axes.grid(axis="y", color="#e5e7eb", linewidth=0.8)
    axes.spines[["top", "right"]].set_visible(False)
    # Inside, top left, where the lines rising from the left leave room (the headroom above keeps it clear):
    # below the plot it would take a third of a short chart's height. White behind it in case it meets a line.
    axes.legend(loc="upper left", frameon=True, framealpha=0.9, edgecolor="none", prop={"family": FONT, "size": 9})
    return _png(figure)


def _title_side() -> str:
    """Where a chart's title starts: on the left, or on the right in a right-to-left language."""
    return "right" if language().right_to_left else "left"


def _figure(width: float, height: float, dpi: int) -> Figure:
    """A figure of its own with the Agg canvas: no pyplot, whose shared state is unsafe across sessions."""
    figure = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
