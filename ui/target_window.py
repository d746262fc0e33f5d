"""The target's window as a manager picks it: five plain choices, and the model's window and first month.

"In one month" is the model's window of months with the first month at the deadline (a run rate); the other
choices are the model's windows themselves.
"""

from __future__ import annotations

from simulator import Target, Window

ONE_MONTH = "one_month"
#: Each choice in words (``{n}`` is the deadline month), in the order the picker lists them.
CHOICES = {
    Window.BY_DEADLINE.value: "By month {n} (running total)",
    ONE_MONTH: "In one month (month {n})",
    Window.MONTHS.value: "In months a–{n} (e.g. a quarter)",
    Window.AVERAGE.value: "Monthly average over months a–{n}",
    Window.ANY_MONTH.value: "In at least one month of a–{n}",
}
#: Choices whose first month is fixed: month 1, or the deadline month itself.
FIXED_START = (Window.BY_DEADLINE.value, ONE_MONTH)


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
