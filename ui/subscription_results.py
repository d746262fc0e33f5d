"""The simulator page's recurring-revenue results: the headline figures a SaaS manager looks for, each with its
P10-P90 range and the median's standard error, each month's MRR split into kept, new, expansion and churned, and
the customers' fan. The figures come with the page's one cached summary
(:mod:`simulator.analysis.subscription_summary`).
"""

from __future__ import annotations

import math

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from simulator.analysis.subscription_summary import HeadlineFigure, SubscriptionSummary
from simulator.analysis.summaries import Summary
from simulator.i18n import N_, _, currency_affixes, currency_symbol, number_text, percent_text, short_money_text
from simulator.model.target import Metric
from simulator.report.formats import metric_text
from ui import chart_style, charts

#: Short names for the headline row (a fifth of the page's width on a projector); the help says them in full.
HEADLINE_NAMES = {
    Metric.ARR: "ARR",
    Metric.NRR: "NRR",
    Metric.GRR: "GRR",
    Metric.LTV_CAC: "LTV : CAC",
    # TRANSLATORS: a short headline name: months to earn back a customer's acquisition cost
    Metric.CAC_PAYBACK: N_("CAC payback"),
}
HEADLINE_HELP = {
    Metric.ARR: N_("Annual recurring revenue: 12 x the MRR at the end of the target's deadline month."),
    Metric.NRR: N_(
        "Net revenue retention: the MRR still paid at the end by the customers there at the start, with "
        "their upsell and downgrades, as a share of what they paid then. Above 100%: expansion outgrows churn."
    ),
    Metric.GRR: N_(
        "Gross revenue retention: as NRR without expansion, the MRR kept from the customers there at the start; "
        "at most 100%."
    ),
    Metric.LTV_CAC: N_(
        "Lifetime value (MRR per customer x gross margin / monthly churn) over the customer "
        "acquisition cost (costs / new customers). 3x or more is the usual rule of thumb."
    ),
    Metric.CAC_PAYBACK: N_("Months of a new customer's gross margin it takes to earn back its acquisition cost."),
}
#: Why a figure has no value in a trial.
MISSING_WHY = {
    Metric.NRR: N_("no customer at a month's start: set today's customers in the sidebar"),
    Metric.GRR: N_("no customer at a month's start: set today's customers in the sidebar"),
    Metric.LTV_CAC: N_("no new customer won in these months"),
}
NO_VALUE = N_("no value")
CHURNED = "#c2410c"


def _value_text(metric: Metric, value: float) -> str:
    """A headline value: ARR short enough to read from the back of the room, the rest with their units."""
    return short_money_text(value) if metric is Metric.ARR and math.isfinite(value) else metric_text(metric, value)


def headline_label(figure: HeadlineFigure) -> str:
    """e.g. "ARR, end of month 3", "NRR, months 1–12"."""
    target = figure.target
    name = _(HEADLINE_NAMES[target.metric])
    if target.metric is Metric.ARR:  # a level, at the month's end
        # TRANSLATORS: a headline figure's label, e.g. "ARR, end of month 3"
        return _("{name}, end of month {month}").format(name=name, month=number_text(target.deadline_month))
    # TRANSLATORS: a headline figure's label, e.g. "NRR, months 1–12"
    return _("{name}, months {start}–{end}").format(
        name=name, start=number_text(target.start_month), end=number_text(target.deadline_month)
    )


def _headline_metric(where: DeltaGenerator, figure: HeadlineFigure) -> None:
    metric, spread = figure.target.metric, figure.spread
    meaning = _(HEADLINE_HELP[metric])
    if math.isfinite(spread.standard_error):
        help_text = _("{meaning} Median of the trials; its Monte Carlo standard error is ± {error}.").format(
            meaning=meaning, error=metric_text(metric, spread.standard_error)
        )
    else:
        help_text = _("{meaning} Median of the trials.").format(meaning=meaning)
    where.metric(headline_label(figure), _value_text(metric, spread.p50), help=help_text)
    if not math.isnan(spread.p50):
        where.caption(
            _("P10–P90: {low} – {high}").format(
                low=_value_text(metric, spread.p10), high=_value_text(metric, spread.p90)
            )
        )
    if spread.missing_share > 0:
        where.caption(
            _("No value in {share} of trials: {why}.").format(
                share=percent_text(spread.missing_share), why=_(MISSING_WHY.get(metric, NO_VALUE))
            )
        )


def mrr_chart(subscription: SubscriptionSummary, deadline: int) -> dict:
    """Each month's mean MRR movements as bars, won and expanded above zero, lost to churn below; the MRR they
    add up to is in each bar's hover (its scale would flatten the bars)."""
    movements = (
        (_("New customers"), subscription.new_mrr, charts.HIT),
        (_("Expansion, net of downgrades"), subscription.expansion_mrr, charts.CURRENT),
        (_("Lost to churn"), -subscription.churned_mrr, CHURNED),
    )
    before, after = currency_affixes()
    # TRANSLATORS: a bar's hover text; {month} is the month's number, {movement} e.g. "new customers", {amount} and
    # {mrr} amounts of money; keep <br> (a line break)
    hover = _("Month {month}, {movement}: {amount}<br>MRR at the month's end: {mrr}")
    traces = [
        chart_style.trace(
            "bar",
            x=subscription.months,
            y=values,
            customdata=subscription.mrr,
            name=name,
            marker={"color": colour},
            hovertemplate=hover.format(
                month="%{x}",
                movement=name.lower(),
                amount=f"{before}%{{y:,.0f}}{after}",
                mrr=f"{before}%{{customdata:,.0f}}{after}",
            )
            + "<extra></extra>",
        )
        for name, values, colour in movements
    ]
    return chart_style.house_figure(
        traces,
        _("MRR won and lost each month: mean of trials"),
        _("Month"),
        _("MRR ({currency} per month)").format(currency=currency_symbol()),
        lines=((deadline, _("Deadline"), "#9ca3af", None, "right"),),
        height=460,
        x_axis={"dtick": 1},
        y_axis={"tickprefix": before, "ticksuffix": after, "zeroline": True, "zerolinecolor": chart_style.INK},
        barmode="relative",
    )


def customers_chart(subscription: SubscriptionSummary, deadline: int) -> dict:
    """Paying customers at each month's end: median and P10-P90 band of the trials."""
    p10, p50, p90 = subscription.customers
    return chart_style.house_figure(
        # TRANSLATORS: a hover text: {count} is a number of customers, shown by the chart
        charts.fan_traces(subscription.months, p10, p50, p90, _("{count} customers").format(count="%{y:,.0f}")),
        _("Paying customers at each month's end"),
        _("Month"),
        _("Customers"),
        lines=((deadline, _("Deadline"), "#9ca3af", None, "right"),),
        height=460,
        x_axis={"dtick": 1},
    )


def subscription_section(summary: Summary) -> list[tuple[dict, DeltaGenerator]]:
    """The headline row now, and the two charts with the places kept for them, to draw last."""
    subscription = summary.subscription
    st.markdown(
        "##### "
        + _("Recurring revenue: medians of the trials, with the range of 80% of them (P10–P90) under each")
    )
    # The payback's label and value are the longest: a little more room for them.
    widths = [1.0] * (len(subscription.headline) - 1) + [1.25]
    for where, figure in zip(st.columns(widths), subscription.headline, strict=True):
        _headline_metric(where, figure)
    st.caption(
        _(
            "MRR won and lost: the mean of trials, so each month's bars add up to its change in MRR (medians "
            "would not add up); a customer who leaves takes the average MRR with them. Hover a bar for the "
            "month's MRR."
        )
    )
    mrr, customers = st.columns(2)
    deadline = summary.answer.target.deadline_month
    return [(mrr_chart(subscription, deadline), mrr), (customers_chart(subscription, deadline), customers)]
