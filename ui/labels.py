"""What each input is called on screen, and an input the model refuses said in those words.

The model names a refused value by its field (``ramp_productivity = 1.5``) and in fractions, as files and the
command line need; a manager typed 150 into "Ramp-up productivity (%)". The pages say it as the manager sees it:
"Ramp-up productivity (%): 150% is not allowed: it must be a share of a rep's capacity between 0% and 100%".
"""

from __future__ import annotations

from simulator import InputError
from simulator.model.fields import FIELD, FieldSpec, Kind
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
    "horizon_months": "Horizon (months)",
    "trials": "Trials",
    "seed": "Random seed",
    "target_value": "Target value",
    "target_change_pct": "Change (%)",
    "target_baseline": "Baseline",
    "target_start_month": "From month",
    "target_deadline_month": "Deadline (month)",
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


def on_screen(error: InputError) -> str:
    """`error` in the words of the page, as markdown-safe text: the widget's label, the value as shown, what is
    allowed; an error about no single input (the work budget, correlations) as the model words it."""
    spec = _spec(error.field)
    label = LABELS.get(spec.widget_key) if spec is not None else None
    if label is None:
        return plain(str(error))
    allowed = spec.allowed_on_screen if error.allowed == spec.allowed else error.allowed
    return plain(f"{label}: {_shown(spec, error.value)} is not allowed: it must be {allowed}")
