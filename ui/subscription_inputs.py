"""The sidebar's recurring-revenue inputs: subscription mode, the customer base today, its churn and expansion."""

from __future__ import annotations

import streamlit as st

from simulator.i18n import _
from simulator.model.fields import FIELD
from ui.labels import label
from ui.number_field import number_field
from ui.range_input import range_input
from ui.widget_layout import integer_layout, number_layout


def subscription_inputs() -> None:
    """Recurring revenue: the mode, the customer base today, its churn and expansion (greyed out when off)."""
    st.subheader(_("Recurring revenue"))
    subscription = st.toggle(
        label("revenue_mode"),
        key="revenue_mode",
        help=_(
            "On: a won deal's size is its annual contract value, and the customer pays it / 12 every month until "
            "it churns; revenue is then the monthly recurring revenue (MRR). Off: a deal's size is revenue once."
        ),
    )
    number_field(
        st,
        label("starting_customers"),
        key="starting_customers",
        disabled=not subscription,
        help=_("Paying customers before month 1."),
        **integer_layout("starting_customers"),
    )
    number_field(
        st,
        label("starting_mrr"),
        key="starting_mrr",
        disabled=not subscription,
        help=_("What today's customers pay a month in all; 0 without customers."),
        **number_layout(FIELD["starting_mrr"], st.session_state["starting_mrr"], "{}"),
    )
    range_input(
        "churn",
        _("Share of the customers at a month's start who leave in it (logo churn), 90% range."),
        disabled=not subscription,
    )
    range_input(
        "expansion",
        _(
            "Monthly growth of the kept customers' MRR from upsell, minus downgrades; negative for net "
            "contraction."
        ),
        disabled=not subscription,
    )
