"""A one-page brief offered as two downloads, PDF and PNG, made only when one is clicked."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from simulator.i18n import _

if TYPE_CHECKING:  # the report's libraries load when a brief is made, not with the page
    from simulator.report.brief import Brief


def brief_buttons(make: Callable[[], Brief], stem: str, label: str, help: str) -> None:
    """Two download buttons, "`label` (PDF)" and "(PNG)", saving ``stem.pdf`` and ``stem.png``.

    `make` is called when a button is clicked, not on the page's reruns: it should be a cached call, so that the
    second format and a second click cost nothing.
    """
    left, right = st.columns(2)
    for column, kind, mime in ((left, "pdf", "application/pdf"), (right, "png", "image/png")):
        column.download_button(
            # TRANSLATORS: a download button, e.g. "One-page brief (PDF)"
            _("{label} ({format})").format(label=label, format=kind.upper()),
            lambda kind=kind: getattr(make(), kind),
            file_name=f"{stem}.{kind}",
            mime=mime,
            icon=":material/description:",
            width="stretch",
            on_click="ignore",  # a download changes nothing on the page
            help=help,
        )
