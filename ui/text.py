"""Showing user text safely: Streamlit renders markdown, so user text is escaped first."""

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def plain(text: str) -> str:
    """`text` with every markdown control character escaped, so it shows as typed.

    >>> plain("[click](javascript:x) *now*")
    '\\\\[click\\\\]\\\\(javascript\\\\:x\\\\) \\\\*now\\\\*'
    """
    return _MARKDOWN.sub(r"\\\1", str(text))
