"""Turning a file's bytes into text and finding its separator, and saying what was found.

Spreadsheets save "CSV" in the encoding of the computer's language: UTF-8 when asked, UTF-16 for "Unicode text",
and otherwise a Windows code page (1252 in Western Europe and the Americas, 1251 for Cyrillic, 1256 for Arabic).
Tab-separated exports are as common as comma and semicolon ones.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from simulator.i18n import N_, _, number_text

#: Separators a file may use, in the order a tie between them is settled.
DELIMITERS = (",", ";", "\t", "|")
#: The separators in plain words (English, marked: translate with ``_()`` where shown).
DELIMITER_LABELS = {
    # TRANSLATORS: the names of a file's cell separators, as in "Read comma-separated.".
    ",": N_("comma"),
    ";": N_("semicolon"),
    # TRANSLATORS: the tab character separating a file's cells, as in "Read tab-separated." (not a page's tab).
    "\t": N_("tab"),
    "|": N_("vertical bar"),
}

#: Code pages guessed when a file is not UTF: the languages whose headers the readers know, in the order a tie
#: between equally likely readings is settled (the Western page first, as the most common).
CODE_PAGES = ("cp1252", "cp1251", "cp1256")
#: The encodings as people know them (English, marked: translate with ``_()`` where shown).
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": N_("UTF-8 (with BOM)"),
    "utf-16": "UTF-16",
    "cp1252": N_("Windows-1252 (Western European)"),
    "cp1251": N_("Windows-1251 (Cyrillic)"),
    "cp1256": N_("Windows-1256 (Arabic)"),
}
_SAMPLE_LINES = 50
_SAVE_AS_UTF8 = N_("In your spreadsheet, save it as 'CSV UTF-8' and try again.")

#: The largest file read, in bytes: history and scenario files are a few kilobytes, and a bound here keeps a
#: stray export (or a hostile upload) from taking the server's memory and minutes of its time.
MAX_FILE_BYTES = 5 * 2**20
#: The longest cell Python's CSV reader takes (its field size limit, which is global to the process).
MAX_CELL_CHARACTERS = csv.field_size_limit()


class FileTextError(ValueError):
    """A file whose text cannot be read; the message is for the user, as is."""


@dataclass(frozen=True)
class FileText:
    """A file's text and how it was read.

    Attributes
    ----------
    text : str
        The text, without a byte-order mark.
    encoding : str or None
        Python's name of the encoding it was decoded from (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``,
        ``"cp1251"``...); None when it was given as text.
    delimiter : str
        One of :data:`DELIMITERS`.

    Examples
    --------
    >>> file = read_text("Месяц\\tВизиты\\n2025-01\\t4000\\n".encode("cp1251"))
    >>> file.encoding, file.delimiter
    ('cp1251', '\\t')
    >>> file.describe()
    'Read as Windows-1251 (Cyrillic), tab-separated.'
    """

    text: str
    encoding: str | None
    delimiter: str

    @property
    def encoding_label(self) -> str | None:
        """The encoding as people know it (``"Windows-1251 (Cyrillic)"``), translated; None when given as text."""
        return None if self.encoding is None else _(ENCODING_LABELS.get(self.encoding, self.encoding))

    @property
    def delimiter_label(self) -> str:
        """``"comma"``, ``"semicolon"``, ``"tab"`` or ``"vertical bar"``, translated."""
        return _(DELIMITER_LABELS[self.delimiter])

    def describe(self) -> str:
        """One sentence: the encoding (when the file was bytes) and the separator."""
        if self.encoding_label is None:
            return _("Read {separator}-separated.").format(separator=self.delimiter_label)
        return _("Read as {encoding}, {separator}-separated.").format(
            encoding=self.encoding_label, separator=self.delimiter_label
        )


def read_text(source: str | bytes | Path) -> FileText:
    """The text of a file given as text, bytes or a path, with its encoding and separator.

    Raises
    ------
    FileTextError
        When the file cannot be opened or is not text in an encoding spreadsheets write.
    """
    text, encoding = _decode(source)
    return FileText(text, encoding, sniff_delimiter(text))


def decode_text(source: str | bytes | Path) -> str:
    """The text of a file given as text, bytes or a path (see :func:`read_text`).

    Tried in turn: UTF-8 with or without BOM; UTF-16 when the file starts with its BOM; else the most likely of
    :data:`CODE_PAGES`, as judged by ``charset_normalizer``.

    Raises
    ------
    FileTextError
        When the file cannot be opened or is not text in one of those encodings.

    Examples
    --------
    >>> decode_text("Mes;Facturación\\n".encode("cp1252"))
    'Mes;Facturación\\n'
    >>> decode_text("\\ufeffmonth,visits\\n".encode("utf-16"))
    'month,visits\\n'
    """
    return _decode(source)[0]


def read_bytes(source: bytes | Path) -> bytes:
    """The bytes of a file given as bytes or a path, refused above :data:`MAX_FILE_BYTES` before reading.

    Raises
    ------
    FileTextError
        When the file cannot be opened or is too large.

    Examples
    --------
    >>> read_bytes(b"x" * (MAX_FILE_BYTES + 1))
    Traceback (most recent call last):
    ...
    simulator.files.text.FileTextError: The file is 5.0 MB; files of up to 5 MB are read (a history or a set of scenarios takes a few kilobytes). Check that it is the right file, or split it.
    """  # noqa: E501
    try:
        size = source.stat().st_size if isinstance(source, Path) else len(source)
        if size <= MAX_FILE_BYTES:
            return source.read_bytes() if isinstance(source, Path) else source
    except OSError as error:
        raise FileTextError(
            _("Cannot open {file}: {problem}.").format(file=source, problem=error.strerror)
        ) from None
    raise FileTextError(
        _(
            "The file is {size} MB; files of up to {most} MB are read (a history or a set of scenarios takes a "
            "few kilobytes). Check that it is the right file, or split it."
        ).format(size=number_text(size / 2**20, 1), most=number_text(MAX_FILE_BYTES // 2**20))
    )


def csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """The rows of CSV text with their numbers as a spreadsheet shows them (the header is row 1).

    Quotes must pair up: a quote left open would otherwise swallow every row after it into one cell without a
    word, so the reader is strict and says which row to look at.

    Raises
    ------
    FileTextError
        Naming the row whose quotes do not pair up or whose cell is longer than :data:`MAX_CELL_CHARACTERS`.

    Examples
    --------
    >>> list(csv_rows('a,b\\n1,"5,000"\\n', ","))
    [(1, ['a', 'b']), (2, ['1', '5,000'])]
    >>> list(csv_rows('a,b\\n1,2\\n3,"4\\n5,6\\n', ","))
    Traceback (most recent call last):
    ...
    simulator.files.text.FileTextError: Row 3: a quote (") opened in this row is never closed, so every row after it would be read as one cell. Close the quote, or remove it.
    """  # noqa: E501
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    row = 0
    while True:
        row += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problem = _quoting_error(str(error))
            raise FileTextError(_("Row {row}: {problem}").format(row=row, problem=problem)) from None
        yield row, cells


def _quoting_error(message: str) -> str:
    """Python's CSV error `message` in plain words, translated (as it is when it has none)."""
    kind = next((kind for kind in _QUOTING_ERRORS if kind in message), None)
    return message if kind is None else _(_QUOTING_ERRORS[kind]).format(limit=number_text(MAX_CELL_CHARACTERS))


#: Python's CSV errors (by a phrase of their message) in plain words (English, marked: translated where shown).
_QUOTING_ERRORS = {
    "unexpected end of data": N_(
        'a quote (") opened in this row is never closed, so every row after it would be read as one cell. '
        "Close the quote, or remove it."
    ),
    "expected after": N_(
        'the quotes do not pair up: a quote (") opened in this row closes later with more text after it, so the '
        "rows between would be read as one cell. Check the quotes from this row on."
    ),
    "field larger than field limit": N_(
        "a cell is longer than {limit} characters, which no figure, date or name is. Check the quotes (one left "
        "open swallows the rows after it) or remove the long cell."
    ),
}


def _decode(source: str | bytes | Path) -> tuple[str, str | None]:
    if isinstance(source, str):
        if len(source) > MAX_FILE_BYTES:
            read_bytes(source.encode())  # states the size in the one message for it
        return source.removeprefix("\ufeff"), None
    source = read_bytes(source)
    if source.startswith(codecs.BOM_UTF8):
        return _strict(source, "utf-8-sig"), "utf-8-sig"
    if source.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(source, "utf-16"), "utf-16"
    try:
        return source.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _guess(source)


def _strict(data: bytes, encoding: str) -> str:
    """`data` in an encoding its byte-order mark announces; a file that is not is an error, not a guess."""
    try:
        text = data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError:
        text = None
    # Random bytes often decode as UTF-16 (any even count of bytes does): demand the shape of a table.
    shapeless = encoding == "utf-16" and text and not any(c in text for c in "\n\r,;\t|")
    if text is None or not _looks_like_text(text) or shapeless:
        raise FileTextError(
            _("The file starts as {encoding} text but is not. {advice}").format(
                encoding=_(ENCODING_LABELS[encoding]), advice=_(_SAVE_AS_UTF8)
            )
        ) from None
    return text


def _guess(data: bytes) -> tuple[str, str]:
    """The most likely reading of `data` among :data:`CODE_PAGES`: least "mess", most coherent language."""
    matches = [m for m in from_bytes(data, cp_isolation=list(CODE_PAGES)) if m.encoding in CODE_PAGES]
    if matches:
        # charset_normalizer orders by mess then coherence; equal readings are settled by CODE_PAGES' order.
        best = min(
            matches, key=lambda m: (round(m.chaos, 3), -round(m.coherence, 3), CODE_PAGES.index(m.encoding))
        )
        text = data.decode(best.encoding)
        if _looks_like_text(text):
            return text, best.encoding
    raise FileTextError(
        _(
            "The file is not UTF-8 text, nor text in a Windows encoding for Western, Cyrillic or Arabic "
            "languages. {advice}"
        ).format(advice=_(_SAVE_AS_UTF8))
    )


def _looks_like_text(text: str) -> bool:
    """No control characters but tab and line breaks: binary files and wrong decodings have them."""
    return not any(unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in text)


def _count_cells(line: str, delimiter: str) -> int:
    """How many cells `delimiter` splits `line` into; 0 when a cell would be too long to be one."""
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:
        return 0


def sniff_delimiter(text: str) -> str:
    """The separator of a table: ``csv.Sniffer`` on the first lines, checked against the header row.

    The sniffer's answer stands unless another separator splits the header row into more columns (it prefers
    ``,`` whenever commas are as regular as the real separator, as decimal commas in every row are); a file
    whose separator cannot be told (one column) is read as comma-separated.

    Examples
    --------
    >>> tables = ("a,b\\n1,2\\n", "a;b\\n1,5;2\\n", "a\\tb\\n1,000\\t2\\n", "month\\n2025-01\\n")
    >>> [sniff_delimiter(t) for t in tables]
    [',', ';', '\\t', ',']
    """
    lines = text.splitlines()[:_SAMPLE_LINES]
    header = lines[0] if lines else ""
    columns = {d: _count_cells(header, d) for d in DELIMITERS}
    most = max(DELIMITERS, key=lambda d: columns[d])  # ties go to the earliest: ',' as before
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return most
    return sniffed if columns.get(sniffed, 0) >= columns[most] else most
