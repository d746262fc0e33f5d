"""What each input is called on screen, and an input the model refuses said in those words.

The model names a refused value by its field (``ramp_productivity = 1.5``) and in fractions, as files and the
command line need; a manager typed 150 into "Ramp-up productivity (%)". The pages say it as the manager sees it:
"Ramp-up productivity (%): 150% is not allowed: it must be a share of a rep's capacity between 0% and 100%".
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

from simulator import InputError
from simulator.i18n import N_, _, currency_symbol, number_text, percent_text
from simulator.model.checks import quoted
from simulator.model.fields import CHANNEL_FIELD, FIELD, FieldSpec, Kind
from simulator.model.stages import RATE
from ui.text import plain
from ui.widget_layout import decimals_of, to_shown

#: The label of each input widget in English, by widget key (the scenario field's name, see
#: ``FieldSpec.widget_key``); ``{currency}`` is the session's currency symbol. A rate's label is its
#: :data:`~simulator.model.stages.RATE` label with "(%)". Shown through :func:`label`.
_ENGLISH = {
    "win_rate": None,
    "deal_size": N_("Deal size ({currency} per deal, 90% range)"),
    "sales_cycle_months": N_("Sales cycle (months)"),
    "sales_cycle_spread": N_("Cycle spread (% of the mean cycle)"),
    "open_pipeline": N_("Open pipeline (opportunities)"),
    "reps": N_("Sales reps"),
    "capacity_per_rep": N_("Opportunities one rep can work per month"),
    "new_reps": N_("New hires"),
    "ramp_productivity": N_("Ramp-up productivity (%)"),
    "ramp_months": N_("Ramp-up (months)"),
    "traffic": N_("Visits per month (90% range)"),
    "traffic_growth": N_("Traffic growth (% per month)"),
    "visit_to_lead": None,
    "lead_to_qualified": None,
    "marketing_spend": N_("Marketing spend ({currency} per month)"),
    "cost_per_rep": N_("Cost per rep ({currency} per month)"),
    "gross_margin": N_("Gross margin (%)"),
    "revenue_mode": N_("Subscription: each won deal becomes a paying customer"),
    "starting_customers": N_("Customers today"),
    "starting_mrr": N_("Their MRR today ({currency} per month)"),
    "churn": N_("Monthly churn (%, 90% range)"),
    "expansion": N_("Net expansion (% of MRR per month)"),
    "horizon_months": N_("Horizon (months)"),
    # TRANSLATORS: the number of Monte Carlo trials (simulation runs)
    "trials": N_("Trials"),
    "seed": N_("Random seed"),
    "target_value": N_("Target value"),
    "target_change_pct": N_("Change (%)"),
    "target_baseline": N_("Baseline"),
    "target_start_month": N_("From month"),
    "target_deadline_month": N_("Deadline (month)"),
    "target_channels": N_("Channels counted"),
}


def label(key: str) -> str:
    """The label of the input widget `key` in the run's language and currency.

    >>> label("deal_size"), label("win_rate")
    ('Deal size ($ per deal, 90% range)', 'Win rate (%)')
    """
    english = _ENGLISH[key]
    if english is None:
        # TRANSLATORS: a conversion rate's input, typed in percent, e.g. "Win rate (%)"
        return _("{rate} (%)").format(rate=_(RATE[key].label))
    return _(english).format(currency=currency_symbol())


class _Labels(Mapping[str, str]):
    """Every input widget's label by widget key, each in the run's language when read."""

    def __getitem__(self, key: str) -> str:
        return label(key)

    def __iter__(self) -> Iterator[str]:
        return iter(_ENGLISH)

    def __len__(self) -> int:
        return len(_ENGLISH)


#: The label of each input widget by widget key, in the run's language and currency when read.
LABELS: Mapping[str, str] = _Labels()


def _spec(field_name: str) -> FieldSpec | None:
    """The spec of a field, or of the low end of a range refused as a whole (``"win_rate"``)."""
    return FIELD.get(field_name) or FIELD.get(f"{field_name}.low")


def _digits(shown: float) -> int:
    """Decimals of `shown` in six significant digits at most, as ``:g`` writes it."""
    return decimals_of(float(f"{shown:.6g}"))


def _shown(spec: FieldSpec, value: object) -> str:
    """A value as its widget shows it: a rate in percent (six significant digits at most), a range as low to high.

    >>> _shown(FIELD["reps"], 12_345_678), _shown(FIELD["win_rate.low"], 0.125)
    ('12,345,678', '12.5%')
    >>> _shown(FIELD["traffic.low"], 1 / 3), _shown(FIELD["win_rate.low"], (0.3, 0.2))
    ('0.333333', '30% to 20%')
    """
    if isinstance(value, tuple):
        ends = [_shown(spec, end) for end in value]
        # TRANSLATORS: a range of values, e.g. "30% to 20%"
        return _("{low} to {high}").format(low=ends[0], high=ends[-1]) if len(ends) == 2 else ", ".join(ends)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if not math.isfinite(value):
        return f"{value:g}{'%' if spec.kind is Kind.RATE else ''}"
    if spec.kind is Kind.RATE:
        return percent_text(value, _digits(to_shown(spec, value)))
    return number_text(value) if isinstance(value, int) else number_text(value, _digits(value))


#: A channel's fields in the words of the channel editor's columns (the model's and the text form's names).
CHANNEL_FIELD_WORDS = {
    "name": N_("name"),
    "kind": N_("kind"),
    # TRANSLATORS: a channel editor's column: what a channel brings (visits or leads)
    "unit": N_("brings"),
    "volume": N_("visits or leads a month"),
    "visits": N_("visits or leads a month"),
    "leads": N_("visits or leads a month"),
    "growth": N_("growth a month"),
    "spend": N_("spend a month"),
    "spend_changes": N_("spend in other months"),
    "cost_per": N_("cost per visit or lead"),
    "cost_per_visit": N_("cost per visit or lead"),
    "cost_per_lead": N_("cost per visit or lead"),
    "most_per_month": N_("most a month"),
    "most": N_("most a month"),
    "visit_to_lead": N_("visit → lead"),
    "lead_to_qualified": N_("lead → qualified"),
}


def on_screen(error: InputError) -> str:
    """`error` in the words of the page, as markdown-safe text: the widget's label, the value as shown, what is
    allowed; an error about no single input (the work budget, correlations) as the model words it."""
    if error.field.startswith("channels."):
        return _channel_on_screen(error)
    spec = _spec(error.field)
    if spec is None or spec.widget_key not in _ENGLISH:
        return plain(str(error))
    allowed = spec.allowed_on_screen if error.allowed == spec.allowed else error.allowed
    return plain(_refused(label(spec.widget_key), _shown(spec, error.value), allowed))


def _refused(where: str, value: str, allowed: str) -> str:
    """The sentence of a refused value: where it was typed, the value as shown, what is allowed."""
    # TRANSLATORS: {label} is an input's label, {value} the refused value, {allowed} what is allowed, e.g. "a rate
    # between 0% and 100%"
    return _("{label}: {value} is not allowed: it must be {allowed}").format(
        label=where, value=value, allowed=allowed
    )


def _channel_on_screen(error: InputError) -> str:
    """A channel's refused value, in the editor's words: "Channel Paid search, lead → qualified (low end): 150% is
    not allowed: it must be a rate between 0% and 100%"."""
    rest, end = error.field.removeprefix("channels."), None
    for ending in (".low", ".high"):
        if rest.endswith(ending):
            rest, end = rest.removesuffix(ending), ending[1:]
    channel, _dot, field = rest.rpartition(".")  # a channel's name may hold a dot; a field's never does
    key = field if field in CHANNEL_FIELD_WORDS else field.partition("_")[0]  # spend_9: a month's spend
    words = _(CHANNEL_FIELD_WORDS[key]) if key in CHANNEL_FIELD_WORDS else field
    if end == "low":
        # TRANSLATORS: {field} is a channel's column, e.g. "lead → qualified (low end)" of a 90% range
        words = _("{field} (low end)").format(field=words)
    elif end == "high":
        # TRANSLATORS: {field} is a channel's column, e.g. "lead → qualified (high end)" of a 90% range
        words = _("{field} (high end)").format(field=words)
    spec = CHANNEL_FIELD.get(f"channel.{field}") or CHANNEL_FIELD.get(f"channel.{field}.low")
    number = spec is not None and isinstance(error.value, (int, float, tuple))
    value = _shown(spec, error.value) if number else quoted(error.value)
    allowed = spec.allowed_on_screen if spec is not None and error.allowed == spec.allowed else error.allowed
    if channel:
        where = _("Channel {channel}, {field}").format(channel=channel, field=words)
    else:
        where = _("Channel {field}").format(field=words)
    return plain(_refused(where, value, allowed))
