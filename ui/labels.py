"""What each input is called on screen, and an input the model refuses said in those words.

The model names a refused value by its field (``ramp_productivity = 1.5``) and in fractions, as files and the
command line need; a manager typed 150 into "Ramp-up productivity (%)". The pages say it as the manager sees it:
"Ramp-up productivity (%): 150% is not allowed: it must be a share of a rep's capacity between 0% and 100%".
"""

from __future__ import annotations

from simulator import InputError
from simulator.model.checks import quoted
from simulator.model.fields import CHANNEL_FIELD, FIELD, FieldSpec, Kind
from simulator.model.stages import RATE
from ui.text import plain
from ui.widget_layout import to_shown

#: The label of each input widget, by widget key (the scenario field's name, see ``FieldSpec.widget_key``).
LABELS = {
    "win_rate": f"{RATE['win_rate'].label} (%)",
    "deal_size": "Deal size ($ per deal, 90% range)",
    "sales_cycle_months": "Sales cycle (months)",
    "sales_cycle_spread": "Cycle spread (% of the mean cycle)",
    "open_pipeline": "Open pipeline (opportunities)",
    "reps": "Sales reps",
    "capacity_per_rep": "Opportunities one rep can work per month",
    "new_reps": "New hires",
    "ramp_productivity": "Ramp-up productivity (%)",
    "ramp_months": "Ramp-up (months)",
    "traffic": "Visits per month (90% range)",
    "traffic_growth": "Traffic growth (% per month)",
    "visit_to_lead": f"{RATE['visit_to_lead'].label} (%)",
    "lead_to_qualified": f"{RATE['lead_to_qualified'].label} (%)",
    "marketing_spend": "Marketing spend ($ per month)",
    "cost_per_rep": "Cost per rep ($ per month)",
    "gross_margin": "Gross margin (%)",
    "revenue_mode": "Subscription: each won deal becomes a paying customer",
    "starting_customers": "Customers today",
    "starting_mrr": "Their MRR today ($ per month)",
    "churn": "Monthly churn (%, 90% range)",
    "expansion": "Net expansion (% of MRR per month)",
    "horizon_months": "Horizon (months)",
    "trials": "Trials",
    "seed": "Random seed",
    "target_value": "Target value",
    "target_change_pct": "Change (%)",
    "target_baseline": "Baseline",
    "target_start_month": "From month",
    "target_deadline_month": "Deadline (month)",
    "target_channels": "Channels counted",
}


def _spec(field_name: str) -> FieldSpec | None:
    """The spec of a field, or of the low end of a range refused as a whole (``"win_rate"``)."""
    return FIELD.get(field_name) or FIELD.get(f"{field_name}.low")


def _shown(spec: FieldSpec, value: object) -> str:
    """A value as its widget shows it: a rate in percent, a range as low to high."""
    if isinstance(value, tuple):
        return " to ".join(_shown(spec, end) for end in value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if spec.kind is Kind.RATE:
        return f"{to_shown(spec, value):,g}%"
    return f"{value:,}" if isinstance(value, int) else f"{value:,g}"


#: A channel's fields in the words of the channel editor's columns (the model's and the text form's names).
CHANNEL_FIELD_WORDS = {
    "name": "name",
    "kind": "kind",
    "unit": "brings",
    "volume": "visits or leads a month",
    "visits": "visits or leads a month",
    "leads": "visits or leads a month",
    "growth": "growth a month",
    "spend": "spend a month",
    "spend_changes": "spend in other months",
    "cost_per": "cost per visit or lead",
    "cost_per_visit": "cost per visit or lead",
    "cost_per_lead": "cost per visit or lead",
    "most_per_month": "most a month",
    "most": "most a month",
    "visit_to_lead": "visit → lead",
    "lead_to_qualified": "lead → qualified",
}


def on_screen(error: InputError) -> str:
    """`error` in the words of the page, as markdown-safe text: the widget's label, the value as shown, what is
    allowed; an error about no single input (the work budget, correlations) as the model words it."""
    if error.field.startswith("channels."):
        return _channel_on_screen(error)
    spec = _spec(error.field)
    label = LABELS.get(spec.widget_key) if spec is not None else None
    if label is None:
        return plain(str(error))
    allowed = spec.allowed_on_screen if error.allowed == spec.allowed else error.allowed
    return plain(f"{label}: {_shown(spec, error.value)} is not allowed: it must be {allowed}")


def _channel_on_screen(error: InputError) -> str:
    """A channel's refused value, in the editor's words: "Channel Paid search, lead → qualified (low end): 150% is
    not allowed: it must be a rate between 0% and 100%"."""
    rest, end = error.field.removeprefix("channels."), ""
    for ending in (".low", ".high"):
        if rest.endswith(ending):
            rest, end = rest.removesuffix(ending), f" ({ending[1:]} end)"
    channel, _, field = rest.rpartition(".")  # a channel's name may hold a dot; a field's never does
    key = field if field in CHANNEL_FIELD_WORDS else field.partition("_")[0]  # spend_9: a month's spend
    words = CHANNEL_FIELD_WORDS.get(key, field)
    spec = CHANNEL_FIELD.get(f"channel.{field}") or CHANNEL_FIELD.get(f"channel.{field}.low")
    number = spec is not None and isinstance(error.value, (int, float, tuple))
    value = _shown(spec, error.value) if number else quoted(error.value)
    allowed = spec.allowed_on_screen if spec is not None and error.allowed == spec.allowed else error.allowed
    where = f"Channel {channel}, {words}{end}" if channel else f"Channel {words}"
    return plain(f"{where}: {value} is not allowed: it must be {allowed}")
