"""The text form of a scenario's channels: the scenario CSV's ``channels`` cell and a share link's parameter.

Channels are separated by ``|``; each is its name, a ``:`` and ``key=value`` tokens separated by spaces (no
space inside a value)::

    Website: visits=3000-5000 growth=2% visit_to_lead=2%-3% lead_to_qualified=25%-35%
    | Paid search: spend=15000 cost_per_lead=60-90 most=400 lead_to_qualified=30%-40%
    | Events: spend_9=50000 cost_per_lead=80-120 lead_to_qualified=40%-60%

Exactly one of the first four keys says what the channel is; the others are optional:

``visits=LOW-HIGH``, ``leads=LOW-HIGH``
    An organic channel bringing visits or leads: the 90% range of its mean per month (month 1).
``cost_per_visit=LOW-HIGH``, ``cost_per_lead=LOW-HIGH``
    A paid channel bringing visits or leads: the 90% range of the cost of one at low spend.
``spend=AMOUNT``
    Money per month (a paid channel's media spend, an organic one's fixed cost); 0 when left out.
``spend_M=AMOUNT``, ``spend_M-N=AMOUNT``
    Another spend in month M, or months M to N; they may overlap, and a later one wins.
``most=NUMBER``
    A paid channel's most visits or leads in a month at any spend (its saturation ceiling); none when left out.
``growth=RATE``
    Growth of an organic channel's mean per month (``2%``, ``-1%`` or ``0.02``); 0 when left out.
``visit_to_lead=LOW-HIGH``, ``lead_to_qualified=LOW-HIGH``
    The channel's conversion rates: the first for a channel bringing visits only; the second is 25%-35% when
    left out.

A range of one number is a known value (``most`` and ``growth`` are always one number). Rates are fractions
(``0.025``) or percentages (``2.5%``); amounts may carry a currency (``$60-$90``). Numbers are read as the file's
other cells are (:func:`~simulator.files.cells.parse_number`): in a ``;`` file ``2,5%`` is a decimal comma and
``15.000`` fifteen thousand. Blank text, and blank pieces between ``|``, are no channels.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from decimal import Decimal

from simulator.files.cells import parse_number
from simulator.i18n import N_, _, ngettext, number_text
from simulator.model.channels import (
    MAX_CHANNELS,
    Channel,
    ChannelKind,
    ChannelUnit,
    SpendChange,
    check_channels,
)
from simulator.model.checks import QUOTED_CHARS, InputError
from simulator.model.distributions import Range
from simulator.model.fields import MAX_HORIZON_MONTHS

#: Separates the channels of the text, a channel's name from its tokens, and a token's key from its value.
CHANNEL_SEPARATOR, NAME_SEPARATOR, VALUE_SEPARATOR = "|", ":", "="

#: The keys that say what a channel is: how its volume is given and what it brings.
VOLUME_KEYS: dict[str, tuple[ChannelKind, ChannelUnit]] = {
    "visits": (ChannelKind.ORGANIC, ChannelUnit.VISITS),
    "leads": (ChannelKind.ORGANIC, ChannelUnit.LEADS),
    "cost_per_visit": (ChannelKind.PAID, ChannelUnit.VISITS),
    "cost_per_lead": (ChannelKind.PAID, ChannelUnit.LEADS),
}
#: Every key but the spend changes, in the order the canonical text writes them (spend changes follow spend).
KEYS = ("spend", *VOLUME_KEYS, "most", "growth", "visit_to_lead", "lead_to_qualified")

_SPEND_CHANGE = re.compile(r"spend_(\d+)(?:-(\d+))?", re.ASCII)
# What is allowed, in the words of an InputError (English, marked: translated where raised).
_TEXT_FORM = N_("channels separated by '|', each 'name: key=value ...'")
_TOKEN_FORM = N_("tokens key=value separated by spaces, e.g. 'cost_per_lead=60-90'")
_MONTHS = N_("spend_M or spend_M-N with months from 1 to {most}, e.g. 'spend_9=50000'")
_RATE_RANGE = N_("a 90% range such as 2%-3% or 0.02-0.03, or one number for a known value")
_MONEY_RANGE = N_("a 90% range such as 60-90 or $60-$90, or one number for a known value")
_COUNT_RANGE = N_("a 90% range such as 3000-5000, or one number for a known value")
_READS_AS_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+", re.ASCII)


def channels_from_text(text: str, delimiter: str = ",") -> tuple[Channel, ...]:
    """The channels written in `text` (see the module's grammar); blank text is no channels.

    Parameters
    ----------
    text : str
        Channels separated by ``|``, each ``name: key=value ...``.
    delimiter : str
        The separator of the file the text comes from: it says how numbers are written (with ``";"`` a comma is
        the decimal mark), as for every other cell.

    Returns
    -------
    tuple of Channel
        In the order written; at most :data:`~simulator.model.channels.MAX_CHANNELS`, names unique.

    Raises
    ------
    InputError
        Naming the channel and the key (``"channels.Paid search.cost_per_lead"``) of a value that cannot be read,
        or ``"channels"`` for text not in the form; a value the model rejects raises the model's own error.

    Examples
    --------
    >>> (paid,) = channels_from_text("Paid search: spend=$15,000 cost_per_lead=60-90 most=400")
    >>> paid.kind.value, paid.spend, paid.cost_per, paid.most_per_month
    ('paid', 15000.0, Range(low=60.0, high=90.0), 400.0)
    >>> channels_from_text("Website: visits=3000-5000 visit_to_lead=2,5%-3,5%", delimiter=";")[0].visit_to_lead
    Range(low=0.025, high=0.035)
    """
    pieces = [piece for piece in text.split(CHANNEL_SEPARATOR) if piece.strip()]
    if len(pieces) > MAX_CHANNELS:  # before reading any: a link can hold a megabyte of them
        most = ngettext("at most {count} channel", "at most {count} channels", MAX_CHANNELS)
        raise InputError("channels", len(pieces), most.format(count=number_text(MAX_CHANNELS)))
    channels = tuple(_channel(piece, delimiter) for piece in pieces)
    check_channels(channels, MAX_HORIZON_MONTHS)
    return channels


def channels_to_text(channels: Iterable[Channel]) -> str:
    """The canonical text of `channels`, which :func:`channels_from_text` reads back to equal channels.

    Keys come in the order of :data:`KEYS`, spend changes after the spend; defaults are left out (no spend,
    spend change, ceiling or growth), the lead -> qualified rate never. Rates are percentages when one reads back
    to the very same number, else fractions; amounts have no thousands separators. Names are written as they are,
    so one with spaces around it comes back without them.

    Examples
    --------
    >>> from simulator.model.channels import SpendChange
    >>> events = Channel(name="Events", kind="paid", unit="leads", cost_per=Range(80.0, 120.0),
    ...                  spend_changes=(SpendChange(9, 9, 50_000.0),), lead_to_qualified=Range(0.4, 0.6))
    >>> channels_to_text([events])
    'Events: spend_9=50000 cost_per_lead=80-120 lead_to_qualified=40%-60%'
    """
    return f" {CHANNEL_SEPARATOR} ".join(_channel_text(channel) for channel in channels)


# --- reading -----------------------------------------------------------------------------------


def _channel(piece: str, delimiter: str) -> Channel:
    name, colon, tokens = piece.partition(NAME_SEPARATOR)
    name = name.strip()
    if not (colon and name):
        raise InputError("channels", piece.strip(), _(_TEXT_FORM))
    given: dict[str, str] = {}
    changes = []
    for token in tokens.split():
        key, equals, value = token.partition(VALUE_SEPARATOR)
        key = key.lower()
        if not (equals and key):
            raise InputError(_where(name), token, _(_TOKEN_FORM))
        if key.startswith("spend_"):
            changes.append(_spend_change(key, value, name, delimiter))
        elif key not in KEYS:
            raise InputError(_where(name, key), token, _known_keys(key))
        elif key in given:
            raise InputError(_where(name, key), token, _("each key once in a channel"))
        else:
            given[key] = value
    volume_keys = [key for key in given if key in VOLUME_KEYS]
    if len(volume_keys) != 1:
        raise InputError(
            _where(name),
            " ".join(f"{key}={given[key]}" for key in volume_keys) or tokens.strip(),
            _("exactly one of visits=, leads=, cost_per_visit= or cost_per_lead="),
        )
    kind, unit = VOLUME_KEYS[volume_keys[0]]
    amount = _range(given[volume_keys[0]], _where(name, volume_keys[0]), delimiter, money=kind is ChannelKind.PAID)
    values: dict[str, object] = {
        "volume": amount if kind is ChannelKind.ORGANIC else None,
        "cost_per": amount if kind is ChannelKind.PAID else None,
    }
    if "spend" in given:
        values["spend"] = _value(given["spend"], _where(name, "spend"), delimiter, money=True)
    if "most" in given:
        values["most_per_month"] = _value(given["most"], _where(name, "most"), delimiter)
    if "growth" in given:
        values["growth"] = _value(given["growth"], _where(name, "growth"), delimiter, rate=True)
    for key in ("visit_to_lead", "lead_to_qualified"):
        if key in given:
            values[key] = _range(given[key], _where(name, key), delimiter, rate=True)
    return Channel(name=name, kind=kind, unit=unit, spend_changes=tuple(changes), **values)


def _spend_change(key: str, value: str, name: str, delimiter: str) -> SpendChange:
    months = _SPEND_CHANGE.fullmatch(key)
    # Longer month numbers are no month, and int() refuses thousands of digits.
    if not months or any(len(month or "") > 4 for month in months.groups()):
        raise InputError(_where(name, key), key, _(_MONTHS).format(most=number_text(MAX_HORIZON_MONTHS)))
    first = int(months[1])
    last = int(months[2]) if months[2] else first
    return SpendChange(first, last, _value(value, _where(name, key), delimiter, money=True))


def _range(text: str, where: str, delimiter: str, *, rate: bool = False, money: bool = False) -> Range:
    low, high = _ends(text)
    try:
        return Range(
            _number(low, delimiter, rate=rate, money=money), _number(high, delimiter, rate=rate, money=money)
        )
    except ValueError:
        form = _RATE_RANGE if rate else _MONEY_RANGE if money else _COUNT_RANGE
        raise InputError(where, text, _(form)) from None


def _ends(text: str) -> tuple[str, str]:
    """The ends of a range, split at the first '-' after a number (not an exponent's sign); one number twice."""
    for index in range(1, len(text)):
        if text[index] == "-" and text[index - 1] not in "eE":
            return text[:index], text[index + 1 :]
    return text, text


def _value(text: str, where: str, delimiter: str, *, rate: bool = False, money: bool = False) -> float:
    try:
        return _number(text, delimiter, rate=rate, money=money)
    except ValueError:
        if rate:
            allowed = _("a rate such as 2%, -1% or 0.02")
        else:
            allowed = _("an amount such as 15000") if money else _("a number such as 400")
        raise InputError(where, text, allowed) from None


def _number(text: str, delimiter: str, *, rate: bool = False, money: bool = False) -> float:
    """One number; a percentage is the fraction written out exactly (``1.1%`` is ``0.011``), as in a cell."""
    stripped = text.strip()
    if rate and stripped.endswith(("%", "٪")):
        # parse_number divides by 100 in binary (1.1% -> 0.011000000000000001): shift the decimal instead.
        value = float(Decimal(repr(parse_number(stripped[:-1], delimiter=delimiter))).scaleb(-2))
    else:
        value = parse_number(stripped, delimiter=delimiter, currency=money)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _where(name: str, key: str = "") -> str:
    """The dotted field of an error: ``"channels.Paid search.cost_per_lead"``, long parts cut short."""
    parts = [part if len(part) <= QUOTED_CHARS else part[: QUOTED_CHARS - 1] + "…" for part in (name, key) if part]
    return ".".join(["channels", *parts])


def _known_keys(key: str) -> str:
    close = difflib.get_close_matches(key, KEYS, n=1)
    if close:
        return _("one of the keys {keys}, spend_M or spend_M-N (did you mean {key}?)").format(
            keys=", ".join(KEYS), key=close[0]
        )
    return _("one of the keys {keys}, spend_M or spend_M-N").format(keys=", ".join(KEYS))


# --- writing -----------------------------------------------------------------------------------


def _channel_text(channel: Channel) -> str:
    volume_key = next(key for key, what in VOLUME_KEYS.items() if what == (channel.kind, channel.unit))
    tokens = []
    if channel.spend:
        tokens.append(f"spend={_number_text(channel.spend)}")
    for change in channel.spend_changes:
        months = f"{change.first}" if change.first == change.last else f"{change.first}-{change.last}"
        tokens.append(f"spend_{months}={_number_text(change.spend)}")
    amount = channel.volume if channel.kind is ChannelKind.ORGANIC else channel.cost_per
    tokens.append(f"{volume_key}={_range_text(amount, rate=False)}")
    if channel.most_per_month is not None:
        tokens.append(f"most={_number_text(channel.most_per_month)}")
    if channel.growth:
        tokens.append(f"growth={_percent_text(channel.growth) or _number_text(channel.growth)}")
    if channel.visit_to_lead is not None:
        tokens.append(f"visit_to_lead={_range_text(channel.visit_to_lead, rate=True)}")
    tokens.append(f"lead_to_qualified={_range_text(channel.lead_to_qualified, rate=True)}")
    return f"{channel.name}{NAME_SEPARATOR} {' '.join(tokens)}"


def _range_text(rng: Range, *, rate: bool) -> str:
    ends = (rng.low,) if rng.is_known else (rng.low, rng.high)
    if rate and all(percents := [_percent_text(end) for end in ends]):
        return "-".join(percents)
    return "-".join(_number_text(end) for end in ends)


def _number_text(value: float) -> str:
    """The shortest text that reads back to `value` (``repr``, without a trailing ``.0``)."""
    return _unambiguous(repr(float(value)).removesuffix(".0"))


def _percent_text(rate: float) -> str | None:
    """`rate` as a percentage (``2.5%``) when that reads back to the very same number, else None."""
    if "e" in repr(float(rate)):
        return None  # below 0.01%: the fraction is shorter
    text = _unambiguous(format(Decimal(repr(float(rate))).scaleb(2).normalize(), "f")) + "%"
    return text if _number(text, ",", rate=True) == rate else None


def _unambiguous(text: str) -> str:
    """`text` read alike in every file: a ';' file reads ``1.234`` as a thousand and more, ``1.2340`` not."""
    return text + "0" if _READS_AS_THOUSANDS.fullmatch(text) else text


def names_to_text(names: tuple[str, ...]) -> str:
    """Channel names as a target's ``target_channels`` cell: ``"Website | Social"``."""
    return f" {CHANNEL_SEPARATOR} ".join(names)


def names_from_text(text: str) -> tuple[str, ...]:
    """Channel names from a ``target_channels`` cell; blank pieces are dropped, so empty text names none.

    Examples
    --------
    >>> names_from_text("Website | Social |")
    ('Website', 'Social')
    """
    return tuple(name.strip() for name in text.split(CHANNEL_SEPARATOR) if name.strip())
