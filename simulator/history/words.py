"""Words the history's messages share: the names of a file's figures and fields, and its months.

A figure's name in a message is the reader's own name for it (``won``, ``marketing_spend``), which is also what a
column mapping takes; other languages write it in words.
"""

from __future__ import annotations

from simulator.i18n import isolated, pgettext


def figure_name(figure: str) -> str:
    """A history figure (``"won"``, ``"new_customers"``) as a message names it; unknown names as they are.

    >>> figure_name("won"), figure_name("marketing_spend"), figure_name("other")
    ('won', 'marketing_spend', 'other')
    """
    names = {
        "month": pgettext("history figure", "month"),
        "channel": pgettext("history figure", "channel"),
        "visits": pgettext("history figure", "visits"),
        "leads": pgettext("history figure", "leads"),
        "qualified": pgettext("history figure", "qualified"),
        "won": pgettext("history figure", "won"),
        "revenue": pgettext("history figure", "revenue"),
        "spend": pgettext("history figure", "spend"),
        "marketing_spend": pgettext("history figure", "marketing_spend"),
        "reps": pgettext("history figure", "reps"),
        "customers": pgettext("history figure", "customers"),
        "new_customers": pgettext("history figure", "new_customers"),
        "churned_customers": pgettext("history figure", "churned_customers"),
        "mrr": pgettext("history figure", "mrr"),
        # What a target is judged on beside the file's columns (simulator.history.judge).
        "recurring_revenue": pgettext("history figure", "recurring_revenue"),
        "arr": pgettext("history figure", "arr"),
        "churn_rate": pgettext("history figure", "churn_rate"),
        "nrr": pgettext("history figure", "nrr"),
        "grr": pgettext("history figure", "grr"),
    }
    return names.get(figure, figure)


def field_name(field: str) -> str:
    """A field of a deal export (``"close_date"``) as a message names it (``"close date"``).

    >>> field_name("close_date"), field_name("deal_id")
    ('close date', 'deal id')
    """
    names = {
        "deal_id": pgettext("deal field", "deal id"),
        "name": pgettext("deal field", "name"),
        "stage": pgettext("deal field", "stage"),
        "amount": pgettext("deal field", "amount"),
        "close_date": pgettext("deal field", "close date"),
        "owner": pgettext("deal field", "owner"),
        "created": pgettext("deal field", "created"),
        "outcome": pgettext("deal field", "outcome"),
        "closed_on": pgettext("deal field", "closed on"),
        "snapshot": pgettext("deal field", "snapshot"),
    }
    return names.get(field, field.replace("_", " "))


def period_text(value: object) -> str:
    """A month or a day as the file's ISO form (``2025-03``, ``2026-01-12``), kept left to right in Arabic."""
    return isolated(str(value))
