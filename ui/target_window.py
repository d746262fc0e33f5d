"""The target's window as a manager picks it: five plain choices, and the model's window and first month.

"In one month" is the model's window of months with the first month at the deadline (a run rate); the other
choices are the model's windows themselves.
"""

from __future__ import annotations

from simulator import Target, Window
from simulator.i18n import N_, _, number_text

ONE_MONTH = "one_month"
#: Each choice in words, in English (``{n}`` is the deadline month; "a" the first month, typed beside it), in the
#: order the picker lists them; shown through :func:`choice_text`.
CHOICES = {
    # TRANSLATORS: a target's months: from month 1 to the deadline month {n}
    Window.BY_DEADLINE.value: N_("By month {n} (running total)"),
    # TRANSLATORS: a target's months: the deadline month {n} alone (a run rate)
    ONE_MONTH: N_("In one month (month {n})"),
    # TRANSLATORS: a target's months: from month "a" (typed beside the picker) to the deadline month {n}
    Window.MONTHS.value: N_("In months a–{n} (e.g. a quarter)"),
    # TRANSLATORS: a target's months: "a" is the first month, typed beside the picker; {n} the deadline month
    Window.AVERAGE.value: N_("Monthly average over months a–{n}"),
    # TRANSLATORS: a target's months: "a" is the first month, typed beside the picker; {n} the deadline month
    Window.ANY_MONTH.value: N_("In at least one month of a–{n}"),
}
#: Choices whose first month is fixed: month 1, or the deadline month itself.
FIXED_START = (Window.BY_DEADLINE.value, ONE_MONTH)


def choice_text(choice: str, deadline_month: int) -> str:
    """A choice of the picker in the run's language, naming the deadline month.

    >>> choice_text("by_deadline", 3)
    'By month 3 (running total)'
    """
    return _(CHOICES[choice]).format(n=number_text(deadline_month))


def choice_of(target: Target) -> str:
    """The picker's choice for `target`.

    >>> choice_of(Target(window=Window.MONTHS, start_month=12, deadline_month=12, value=1))
    'one_month'
    """
    if target.window is Window.MONTHS and target.start_month == target.deadline_month:
        return ONE_MONTH
    return target.window.value


def window_of(choice: str, start_month: int, deadline_month: int) -> tuple[Window, int]:
    """The model's window and first month for a choice of the picker and the months typed beside it.

    >>> window_of("one_month", 1, 12), window_of("by_deadline", 5, 12)
    ((<Window.MONTHS: 'months'>, 12), (<Window.BY_DEADLINE: 'by_deadline'>, 1))
    """
    if choice == ONE_MONTH:
        return Window.MONTHS, deadline_month
    if choice == Window.BY_DEADLINE:
        return Window.BY_DEADLINE, 1
    return Window(choice), start_month
