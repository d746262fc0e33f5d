"""Turning a file's bytes into text and finding its separator."""

from __future__ import annotations

from pathlib import Path


class FileTextError(ValueError):
    """A file whose text cannot be read; the message is for the user, as is."""


def decode_text(source: str | bytes | Path) -> str:
    """The text of a file given as text, bytes or a path: UTF-8 with or without BOM, else a plain error."""
    if isinstance(source, Path):
        try:
            source = source.read_bytes()
        except OSError as error:
            raise FileTextError(f"Cannot open {source}: {error.strerror}.") from None
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileTextError(
                "The file is not UTF-8 text. In your spreadsheet, save it as 'CSV UTF-8' and try again."
            ) from None
    return source.removeprefix("\ufeff")


def sniff_delimiter(text: str) -> str:
    """``;`` when the header row has more semicolons than commas, else ``,``."""
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","
