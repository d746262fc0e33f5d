"""Input errors in plain words, and the checks every input goes through.

Every invalid value raises :class:`InputError`, which names the field, the value
and what is allowed, so the app, the CSV reader and the command line can all show
it in plain words. The bounds of each field come from the one table of field
specs, :data:`simulator.model.fields.FIELDS`.
"""

from __future__ import annotations

import math

from simulator.i18n import _
from simulator.model.distributions import Range
from simulator.model.fields import CHANNEL_FIELD, FIELD, Kind


class InputError(ValueError):
    """An input value that is not allowed.

    Attributes
    ----------
    field : str
        Dotted name of the field (``"win_rate.low"``).
    value : object
        The value given.
    allowed : str
        What is allowed, in plain words (``"between 0% and 100%"``).
    """

    def __init__(self, field_name: str, value: object, allowed: str):
        self.field = field_name
        self.value = value
        self.allowed = allowed
        # TRANSLATORS: {field} is a field's machine name (win_rate.low) and {value} the value given, both as they
        # are; {allowed} says what is allowed ("a whole number of months between 1 and 24").
        message = _("{field} = {value} is not allowed: it must be {allowed}")
        super().__init__(message.format(field=field_name, value=quoted(value), allowed=allowed))


#: Characters of a value quoted in a message, at most: a link or a cell can hold a megabyte.
QUOTED_CHARS = 40


def quoted(value: object) -> str:
    """`value` as a message quotes it: its repr, a huge whole number in powers of ten, a long text cut short.

    Examples
    --------
    >>> quoted(0.25), quoted("abc"), quoted(10**400), quoted("x" * 100)
    ('0.25', "'abc'", '1e+400', "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…")
    """
    if isinstance(value, int) and not isinstance(value, bool) and len(str(abs(value))) > QUOTED_CHARS // 2:
        digits = str(abs(value))
        return f"{'-' if value < 0 else ''}{digits[0]}e+{len(digits) - 1}"
    text = repr(value)
    return text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…"


def check_number(
    name: str,
    value: object,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    allowed: str,
    integer: bool = False,
) -> None:
    """Raise :class:`InputError` unless `value` is a finite number in ``[low, high]``.

    Parameters
    ----------
    name : str
        Field name used in the message.
    value : object
        The value to check.
    low, high : float
        Inclusive bounds.
    allowed : str
        What is allowed, in plain words, for the message.
    integer : bool
        Also require a whole number.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(name, value, allowed)
    # A whole number is compared as it is: 10**400 has no float, and math.isfinite would overflow on it.
    if (isinstance(value, float) and not math.isfinite(value)) or not low <= value <= high:
        raise InputError(name, value, allowed)
    if integer and value != int(value):
        raise InputError(name, value, allowed)


def check_field(name: str, value: object) -> None:
    """Raise :class:`InputError` unless `value` is allowed by the spec of field `name` (``"win_rate.low"``).

    Examples
    --------
    >>> check_field("reps", 99_999)
    >>> check_field("horizon_months", 25)
    Traceback (most recent call last):
    ...
    simulator.model.checks.InputError: horizon_months = 25 is not allowed: it must be a whole number of months between 1 and 24
    """  # noqa: E501
    spec = FIELD[name]
    check_number(
        name, value, low=spec.low, high=spec.high, allowed=spec.allowed, integer=spec.kind is Kind.INTEGER
    )


def check_rate_range(name: str, rate: Range, spec: str | None = None) -> None:
    """A 90% range of a rate: both ends allowed, low <= high, strictly inside 0-100% when uncertain.

    `spec` names the range whose field specs give the bounds (default: `name`'s own).
    """
    _check_ends(name, rate, spec or name)
    check_ordered(name, rate)
    if not rate.is_known and (rate.low <= 0 or rate.high >= 1):
        raise InputError(
            name, (rate.low, rate.high), _("strictly between 0% and 100% at both ends when low and high differ")
        )


def check_signed_range(name: str, rate: Range) -> None:
    """A 90% range of a rate that may be negative (a growth): both ends allowed and low <= high."""
    _check_ends(name, rate, name)
    check_ordered(name, rate)


def check_amount_range(name: str, amount: Range, spec: str | None = None) -> None:
    """A 90% range of a non-negative amount; an uncertain one must start above zero.

    `spec` names the range whose field specs give the bounds (default: `name`'s own).
    """
    _check_ends(name, amount, spec or name)
    check_ordered(name, amount)
    if not amount.is_known and amount.low <= 0:
        raise InputError(f"{name}.low", amount.low, _("above 0 when low and high differ"))


def _check_ends(name: str, rng: Range, spec: str) -> None:
    for end in ("low", "high"):
        bounds = (FIELD | CHANNEL_FIELD)[f"{spec}.{end}"]
        check_number(
            f"{name}.{end}",
            getattr(rng, end),
            low=bounds.low,
            high=bounds.high,
            allowed=bounds.allowed,
            integer=bounds.kind is Kind.INTEGER,
        )


def check_ordered(name: str, rng: Range) -> None:
    """low must not exceed high."""
    if rng.low > rng.high:
        raise InputError(name, (rng.low, rng.high), _("a range with low <= high"))


def as_enum(enum_type, value, name: str):
    """`value` as a member of `enum_type`, or :class:`InputError` listing the choices."""
    try:
        return enum_type(value)
    except ValueError:
        choices = ", ".join(m.value for m in enum_type)
        raise InputError(name, value, _("one of: {choices}").format(choices=choices)) from None
