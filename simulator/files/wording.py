"""Pieces of the readers' messages in the run's language: names joined by "and", numbers as messages quote them."""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce

from simulator.i18n import _, number_text, percent_text, significant_decimals


def joined(names: Sequence[str]) -> str:
    """`names` joined by "and", two at a time, as the messages name columns.

    Examples
    --------
    >>> joined(["win_rate_low", "win_rate_high"]), joined(["a", "b", "c"]), joined(["a"])
    ('win_rate_low and win_rate_high', 'a and b and c', 'a')
    """
    # TRANSLATORS: two column or link parameter names, e.g. "win_rate_low and win_rate_high".
    return reduce(lambda first, second: _("{first} and {second}").format(first=first, second=second), names)


def shown_number(value: float) -> str:
    """`value` in at most ten significant digits with the locale's separators; in powers of ten when huge or tiny.

    Examples
    --------
    >>> shown_number(4000.0), shown_number(0.22399999999999998), shown_number(-3), shown_number(2.5e16)
    ('4,000', '0.224', '-3', '2.5e+16')
    """
    text = f"{value:.10g}"
    return text if "e" in text else number_text(value, significant_decimals(value))


def shown_rate(rate: float) -> str:
    """A rate (0.25) in percent, in at most ten significant digits (``"25%"``, ``"2.5%"``).

    Examples
    --------
    >>> shown_rate(0.25), shown_rate(0.025), shown_rate(0.07)
    ('25%', '2.5%', '7%')
    """
    text = f"{rate * 100:.10g}"
    return f"{text}%" if "e" in text else percent_text(rate, significant_decimals(rate * 100))
