"""File names made from what people call their scenarios: safe on every file system, in any script."""

from __future__ import annotations

from simulator.i18n import _


def file_stem(name: str) -> str:
    """A scenario's name as a file name: letters and digits kept (any script), the rest ``_``, at most 40.

    Examples
    --------
    >>> file_stem("SaaS inbound: Q1 deals +25%"), file_stem("Продажи / Q3"), file_stem("***")
    ('SaaS_inbound__Q1_deals__25', 'Продажи___Q3', 'scenario')
    """
    # TRANSLATORS: a file name for a scenario whose name has no letter or digit: one word, no spaces.
    return "".join(c if c.isalnum() else "_" for c in name).strip("_")[:40] or _("scenario")


def comparison_stem(names: list[str]) -> str:
    """The file name of a comparison of scenarios called `names`.

    Examples
    --------
    >>> comparison_stem(["Today", "Better win rate"])
    'Today_vs_Better_win_rate'
    """
    # TRANSLATORS: between scenario names in a comparison's file name ("Today_vs_Plan"): one word, no spaces.
    between = "_" + _("vs") + "_"
    return file_stem(between.join(file_stem(name) for name in names))
