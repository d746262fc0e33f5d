"""Inputs the model refuses are said in the words of the page: the widget's label, the value as the widget shows
it (rates in percent), what is allowed without the files' fractions (ui.labels)."""

import pytest

from simulator import InputError
from simulator.model.fields import FIELD
from tests.test_app import start
from ui.labels import LABELS, on_screen
from ui.target_inputs import BY_CHANGE, BY_NUMBER


def shown_labels() -> dict[str, str]:
    """Every keyed input widget of the simulator page and its label, in both ways of giving the target."""
    labels = {}
    at = start()
    for mode in (BY_NUMBER, BY_CHANGE):
        at.radio(key="target_mode").set_value(mode).run()
        assert not at.exception
        for kind in (at.number_input, at.slider, at.selectbox, at.multiselect, at.toggle):
            labels |= {widget.key: widget.label for widget in kind if widget.key}
    return labels


def test_every_label_in_the_table_is_the_label_its_widget_shows():
    shown = shown_labels()
    assert set(LABELS) <= set(shown), set(LABELS) - set(shown)
    for key, label in LABELS.items():
        assert shown[key] in (label, f"{label} (%)"), key  # a rate target adds its unit


def test_every_field_with_a_widget_has_a_label_for_its_refusals():
    shown = shown_labels()
    fields_with_widgets = {spec.widget_key for spec in FIELD.values()} & set(shown)
    unlabelled = fields_with_widgets - set(LABELS) - {"picker", "target_metric", "target_window", "annual_goal"}
    assert not unlabelled  # a choice can't be typed out of bounds; the annual goal says its own refusal


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            InputError("win_rate.high", 1.2, FIELD["win_rate.high"].allowed),
            "Win rate (%): 120% is not allowed: it must be a rate between 0% and 100%",
        ),
        (
            InputError("win_rate", (0.3, 0.2), "a range with low <= high"),
            "Win rate (%): 30% to 20% is not allowed: it must be a range with low <= high",
        ),
        (
            InputError("deal_size.low", -5.0, FIELD["deal_size.low"].allowed),
            f"Deal size ($ per deal, 90% range): -5 is not allowed: it must be {FIELD['deal_size.low'].allowed}",
        ),
        (
            InputError("reps", 12_345_678, "at most 1,000"),  # a check's own words are kept
            "Sales reps: 12,345,678 is not allowed: it must be at most 1,000",
        ),
        (
            InputError("target.deadline_month", 30, "within the horizon"),
            "Deadline (month): 30 is not allowed: it must be within the horizon",
        ),
    ],
)
def test_a_refused_input_is_said_with_its_label_and_shown_value(error, expected):
    assert on_screen(error).replace("\\", "") == expected


@pytest.mark.parametrize(
    "error",
    [
        InputError("correlations", ((1, 0.9), (0.9, 1)), "a matrix that is positive semi-definite"),
        InputError("opportunities", 6e9, "at most 5,000,000,000 in all: lower the trials"),
        InputError("name", "x" * 10, "text"),
    ],
)
def test_an_error_about_no_single_labelled_input_keeps_the_models_words(error):
    assert on_screen(error).replace("\\", "") == str(error)
