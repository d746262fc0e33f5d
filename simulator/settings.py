"""The server's settings, read from environment variables: one function per setting, read when used.

Each setting has a default that suits one machine, and an environment variable a team's deployment sets to
change it. A value that is not allowed raises :class:`SettingError`, which names the variable, the value and
what is allowed, so the app, the command line and the library all say the same plain sentence.

=====================  =================================================================  ==========
Variable               What it sets                                                       Default
=====================  =================================================================  ==========
``FUNNEL_MAX_TRIALS``  Most trials one run may have (:func:`max_trials`), from any          1,000,000
                       source: a link, the page, a file, the command line or the library
=====================  =================================================================  ==========
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from simulator.i18n import _, number_text

#: Variable of the most trials one run may have.
MAX_TRIALS_VARIABLE = "FUNNEL_MAX_TRIALS"
#: Most trials one run may have unless the variable says otherwise: about 1.9 GB and a minute or two of work at
#: 24 months on two cores.
DEFAULT_MAX_TRIALS = 1_000_000
#: Most trials a deployment may allow: the model's own bound (a scenario file may hold no more).
CEILING_MAX_TRIALS = 5_000_000


class SettingError(ValueError):
    """An environment variable whose value is not allowed.

    Attributes
    ----------
    variable : str
        The variable's name (``"FUNNEL_MAX_TRIALS"``).
    value : str
        Its value.
    allowed : str
        What is allowed, in plain words.
    """

    def __init__(self, variable: str, value: str, allowed: str):
        self.variable = variable
        self.value = value
        self.allowed = allowed
        # TRANSLATORS: {variable} is the variable's name and {value} its value, both as they are.
        message = _("The environment variable {variable}={value} is not allowed: it must be {allowed}.")
        super().__init__(message.format(variable=variable, value=repr(value), allowed=allowed))


def whole_number(
    variable: str, default: int, low: int, high: int, environ: Mapping[str, str] | None = None
) -> int:
    """The whole number environment variable `variable` sets, or `default` when it is unset or empty.

    Parameters
    ----------
    variable : str
        Name of the environment variable.
    default : int
        The value when the variable is unset or empty.
    low, high : int
        Inclusive bounds of an allowed value.
    environ : mapping, optional
        Where to look; the process's environment by default.

    Raises
    ------
    SettingError
        When the variable is set to anything but a whole number from `low` to `high` (``1_000`` and ``1,000`` are
        allowed, as people write them).

    Examples
    --------
    >>> whole_number("X", 5, 1, 10, environ={}), whole_number("X", 5, 1, 10, environ={"X": " 7 "})
    (5, 7)
    >>> whole_number("X", 5, 1, 10, environ={"X": "11"})
    Traceback (most recent call last):
    ...
    simulator.settings.SettingError: The environment variable X='11' is not allowed: it must be a whole number from 1 to 10.
    """  # noqa: E501
    text = (os.environ if environ is None else environ).get(variable, "").strip()
    if not text:
        return default
    digits = text.replace("_", "").replace(",", "")
    if not digits.isascii() or not digits.isdigit() or not low <= int(digits) <= high:
        raise SettingError(
            variable,
            text,
            _("a whole number from {low} to {high}").format(low=number_text(low), high=number_text(high)),
        )
    return int(digits)


def max_trials(environ: Mapping[str, str] | None = None) -> int:
    """Most trials one run may have: ``FUNNEL_MAX_TRIALS``, by default 1,000,000.

    Read at every call, so a test or a deployment's change is seen without a restart of the process.

    Examples
    --------
    >>> max_trials(environ={}), max_trials(environ={"FUNNEL_MAX_TRIALS": "200000"})
    (1000000, 200000)
    """
    return whole_number(MAX_TRIALS_VARIABLE, DEFAULT_MAX_TRIALS, 1, CEILING_MAX_TRIALS, environ)
