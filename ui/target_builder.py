"""The target builder: metric, direction, value (a number or a % change against a baseline), the months it counts
(a window picked in plain words, ending at the deadline) and annual goal, above the simulator page's results.

Its number inputs have no bounds: Streamlit would keep a typed value beyond them from the page without a word, so
whatever is typed reaches the model, which names the field and what is allowed when it refuses it.
"""

from __future__ import annotations

import math

import streamlit as st

from simulator import Direction, Metric, Target
from simulator.i18n import N_, _, currency_symbol, number_text, pgettext
from ui.channel_editor import channel_names
from ui.labels import label
from ui.library import CURRENT
from ui.number_field import number_field
from ui.target_inputs import BY_CHANGE, BY_NUMBER, deadline_changed, target_spec
from ui.target_window import CHOICES, FIXED_START, ONE_MONTH, choice_text, window_of
from ui.widget_layout import MAX_DECIMALS, decimals_of, to_shown

#: The direction picker's choices in English, shown translated.
DIRECTION_LABELS = {
    # TRANSLATORS: a target's direction: the figure must be at least the target's number (a floor)
    Direction.AT_LEAST: N_("At least"),
    # TRANSLATORS: a target's direction: the figure must be at most the target's number (a ceiling)
    Direction.AT_MOST: N_("At most"),
}
#: Metrics a new target is a ceiling for: a cost, a loss or a wait.
CEILINGS = (Metric.CAC, Metric.CHURN_RATE, Metric.CAC_PAYBACK)
#: What a one-off business's target falls back to when subscription mode is switched off under a subscription
#: metric: the funnel's own count, unchanged by the mode.
FALLBACK_METRIC = Metric.DEALS

#: Session-state key of today's median of every figure by the deadline, set by the simulator page.
MEDIANS = "medians_by_deadline"


def two_significant_digits(value: float) -> float:
    """`value` rounded to two significant digits, as a manager would write a target.

    >>> two_significant_digits(50.6), two_significant_digits(253_501), two_significant_digits(0.0)
    (51.0, 250000.0, 0.0)
    """
    if value <= 0:
        return 0.0
    step = 10.0 ** (math.floor(math.log10(value)) - 1)
    return float(round(value / step) * step)


def unit_of(metric: Metric) -> str:
    """What the target's number is typed in, for its label: ``"%"``, the currency's symbol (``"$"``), ``"x"``,
    ``"months"``, or ``""`` for a count.

    >>> [unit_of(m) for m in (Metric.NRR, Metric.LTV, Metric.LTV_CAC, Metric.CAC_PAYBACK, Metric.CUSTOMERS)]
    ['%', '$', 'x', 'months', '']
    """
    if metric.is_share:
        return "%"
    if metric.is_money:
        return currency_symbol()
    if metric is Metric.LTV_CAC:
        # TRANSLATORS: the unit of a ratio typed in a label, as in "Target value (x)": times the cost
        return pgettext("unit", "x")
    if metric is Metric.CAC_PAYBACK:
        # TRANSLATORS: the unit of a number of months typed in a label, as in "Target value (months)"
        return pgettext("unit", "months")
    return ""


def _with_unit(text: str, metric: Metric) -> str:
    unit = unit_of(metric)
    # TRANSLATORS: an input's label and the unit its number is typed in, e.g. "Target value (%)"
    return _("{label} ({unit})").format(label=text, unit=unit) if unit else text


def metric_choices(subscription: bool) -> list[Metric]:
    """The metrics a target can measure: the subscription metrics only in subscription mode."""
    return [metric for metric in Metric if subscription or not metric.is_subscription]


def settle_metric() -> None:
    """A subscription metric picked before subscription mode was switched off falls back to won deals, from
    today's median, and the page says so. Set before anything reads the target."""
    state = st.session_state
    metric = Metric(state["target_metric"])
    if state["revenue_mode"] or not metric.is_subscription:
        return
    state["target_metric"] = FALLBACK_METRIC
    _metric_changed()
    st.toast(
        _("The target was on {metric}, which needs subscription mode: it is now on {fallback}.").format(
            metric=_(metric.label), fallback=_(FALLBACK_METRIC.label).lower()
        ),
        icon=":material/info:",
    )


def _metric_changed() -> None:
    """A new metric gets a target in its own units: today's median + 10% (- 10% for a ceiling such as CAC or
    churn).

    The annual goal counted the old metric, so it is cleared.
    """
    state = st.session_state
    metric = Metric(state["target_metric"])
    direction = Direction.AT_MOST if metric in CEILINGS else Direction.AT_LEAST
    median = state.get(MEDIANS, {}).get(metric.value)
    if median is None or not math.isfinite(median):
        median = 0.0
    value = two_significant_digits(median * (0.9 if direction is Direction.AT_MOST else 1.1))
    state["target_direction"] = direction
    state["target_mode"] = BY_NUMBER
    state["target_value"] = to_shown(target_spec(metric), value)
    state["target_baseline"] = to_shown(target_spec(metric), two_significant_digits(median))
    state["target_change_pct"] = -10.0 if direction is Direction.AT_MOST else 10.0
    if state.get("annual_goal"):
        state["annual_goal"] = 0.0
        st.toast(_("The annual goal was cleared: it counted another metric."), icon=":material/info:")


def _months_counted(state) -> int:
    """How many months' worth the target's number is, for the window the widgets show."""
    deadline = int(state["target_deadline_month"])
    window, start = window_of(state["target_window"], min(int(state["target_start_month"]), deadline), deadline)
    return Target(window=window, start_month=start, deadline_month=deadline, value=0).months_counted


def _window_changed() -> None:
    """A new window starts on its typical months, and keeps the goal's size: a year's total of 120 becomes 10 in
    one month (a ratio such as a rate or CAC keeps its number)."""
    state = st.session_state
    deadline = int(state["target_deadline_month"])
    choice = state["target_window"]
    if choice == "months":
        state["target_start_month"] = max(1, deadline - 2)  # a quarter ending at the deadline
    elif choice not in FIXED_START:
        state["target_start_month"] = 1  # over the months to the deadline: "within a year"
    before = state.get(CURRENT)
    if before is None or Metric(state["target_metric"]).is_ratio:
        return
    scale = _months_counted(state) / before.target.months_counted
    for key in ("target_value", "target_baseline"):
        if key in state:  # a mode's hidden input has no state
            state[key] = two_significant_digits(state[key] * scale)


def _format(key: str, least: int) -> str:
    """A printf format showing the input's value with the decimals it has (at least `least`, at most
    MAX_DECIMALS): a typed 40.5 shows as 40.5, the value the target uses, not as 41."""
    return f"%.{min(max(least, decimals_of(st.session_state.get(key, 0.0))), MAX_DECIMALS)}f"


def _annual_goal_changed() -> None:
    """A negative annual goal is no goal: it goes back to 0 (none), and the page says so."""
    state = st.session_state
    goal = state["annual_goal"]
    if goal < 0:
        st.toast(
            _("Annual goal: {goal} is not allowed: it must be 0 or more (0 = none). It is back to 0.").format(
                goal=number_text(goal, decimals_of(goal))
            ),
            icon=":material/info:",
        )
        state["annual_goal"] = 0.0


def settle_fixed_start() -> None:
    """The first month of the running total is 1 and of one month the deadline: shown, not typed; the channels
    counted are among the channels (one renamed or removed in the editor is no longer counted). Set before
    anything reads the target, and before its widgets are drawn."""
    state = st.session_state
    names = channel_names(state)
    counted = state.get("target_channels", ())
    state["target_channels"] = [name for name in counted if name in names]
    for gone in set(counted) - set(names):  # renamed or removed in the editor: say so, the target changed
        st.toast(
            _("The target no longer counts {channel}: it is not a channel any more.").format(channel=gone),
            icon=":material/info:",
        )
    choice = state["target_window"]
    if choice in FIXED_START:
        state["target_start_month"] = int(state["target_deadline_month"]) if choice == ONE_MONTH else 1


def target_builder() -> None:
    """Metric, direction, value (number or % change vs a baseline), deadline, optional annual goal."""
    state = st.session_state
    columns = st.columns([2.2, 1.2, 1.6, 2.4, 1.6])
    metric = Metric(state["target_metric"])
    decimals = 1 if metric.is_share or metric in (Metric.LTV_CAC, Metric.CAC_PAYBACK) else 0
    columns[0].selectbox(
        _("Target metric"),
        metric_choices(state["revenue_mode"]),
        key="target_metric",
        format_func=lambda m: _(m.label),
        on_change=_metric_changed,
        help=_(
            "What the target counts over its months: a total, or for CAC and the rates the ratio of the months' "
            "totals (win rate: won deals / opportunities closed, won or lost). In subscription mode also MRR, ARR "
            "and customers (at the last month's end), churn, revenue retention (NRR, GRR), LTV, LTV : CAC and CAC "
            "payback. A new metric starts from today's median + 10% (CAC, churn and payback: - 10%)."
        ),
    )
    columns[1].radio(
        # TRANSLATORS: whether a target is a floor ("At least") or a ceiling ("At most")
        _("Direction"),
        list(Direction),
        key="target_direction",
        format_func=lambda direction: _(DIRECTION_LABELS[direction]),
        help=_("At least for deals or revenue; at most for a cost such as CAC."),
    )
    columns[2].radio(
        _("Target given as"),
        (BY_NUMBER, BY_CHANGE),
        key="target_mode",
        format_func=_,
        help=_("A number, or a % change against a baseline such as last quarter's result."),
    )
    if state["target_mode"] == BY_NUMBER:
        number_field(
            columns[3],
            _with_unit(label("target_value"), metric),
            step=1.0,
            key="target_value",
            format=_format("target_value", decimals),
            help=_(
                "Over the months picked beside it: a total, an average month or one month (CAC: costs / deals)."
            ),
        )
    else:
        change, baseline = columns[3].columns(2)
        number_field(
            change,
            label("target_change_pct"),
            step=5.0,
            key="target_change_pct",
            format=_format("target_change_pct", 0),
            help=_("25 means +25% against the baseline."),
        )
        number_field(
            baseline,
            _with_unit(label("target_baseline"), metric),
            step=1.0,
            key="target_baseline",
            format=_format("target_baseline", decimals),
            help=_(
                "What the change is measured against, e.g. last quarter's result; for a run rate, today's monthly "
                "figure."
            ),
        )
    deadline = int(state["target_deadline_month"])
    # The months on a second row: read left to right, "revenue ... at least ... in months 7-9".
    months = st.columns([3.2, 1.1, 1.4, 3.3])
    months[0].selectbox(
        _("Months counted"),
        list(CHOICES),
        key="target_window",
        format_func=lambda choice: choice_text(choice, deadline),
        on_change=_window_changed,
        help=_(
            "Which months the target counts, ending at the deadline: the running total from month 1, one month "
            "(a run rate: month 12 against today's month), a span such as a quarter, the average month of a span, "
            "or at least one month of it."
        ),
    )
    choice = state["target_window"]
    number_field(
        months[1],
        label("target_start_month"),
        step=1,
        key="target_start_month",
        disabled=choice in FIXED_START,
        help=_("First month counted (a): 7 for the third quarter."),
    )
    number_field(
        months[2],
        label("target_deadline_month"),
        step=1,
        key="target_deadline_month",
        on_change=deadline_changed,
        help=_(
            "Last month counted (month of the horizon by which the target must be hit: 3 = end of the quarter)."
        ),
    )
    names = channel_names(state)
    months[3].multiselect(
        label("target_channels"),
        names,
        key="target_channels",
        disabled=not names,
        placeholder=_("All channels") if names else _("The whole funnel (no channels)"),
        help=_(
            "Count only these lead channels, e.g. leads from the website and social +20%; none picked counts "
            "the whole funnel. Not for a win rate target."
        ),
    )
    number_field(
        columns[4],
        _("Annual goal (0 = none)"),
        step=1.0,
        key="annual_goal",
        on_change=_annual_goal_changed,
        format=_format("annual_goal", 0),
        help=_("The yearly goal this target should add up to: quarterly x 4, monthly x 12."),
    )
