"""Files as spreadsheets in other languages save them: encodings, separators, Arabic digits and decimal marks."""

import codecs
import csv
import io
import re

import pytest

from simulator import Scenario
from simulator.files.cells import parse_number, read_number
from simulator.files.scenario_csv import ScenarioFileError, read_scenarios, write_scenarios
from simulator.files.text import (
    MAX_CELL_CHARACTERS,
    MAX_FILE_BYTES,
    FileTextError,
    csv_rows,
    decode_text,
    read_text,
    sniff_delimiter,
)


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (b"month,visits\n", "month,visits\n", "utf-8"),
        (codecs.BOM_UTF8 + "Mes;Año\n".encode(), "Mes;Año\n", "utf-8-sig"),
        ("Mes;Año\n".encode("utf-16"), "Mes;Año\n", "utf-16"),  # BOM then little-endian
        (codecs.BOM_UTF16_BE + "Mes;Año\n".encode("utf-16-be"), "Mes;Año\n", "utf-16"),
        ("Месяц;Визиты;Выручка\nянв 2025;4000;52000\n".encode("cp1251"), None, "cp1251"),
        ("الشهر,الزيارات,الإيرادات\n2025-01,4000,52000\n".encode("cp1256"), None, "cp1256"),
        ("Mes;Facturación;Campaña\nene 2025;52.000;Año nuevo\n".encode("cp1252"), None, "cp1252"),
    ],
)
def test_encodings_spreadsheets_write_are_read_and_named(data, text, encoding):
    file = read_text(data)
    assert file.encoding == encoding
    assert file.text == (text if text is not None else data.decode(encoding))


def test_text_given_as_text_has_no_encoding_to_report():
    file = read_text("\ufeffmonth\tvisits\n")
    assert (file.text, file.encoding, file.delimiter) == ("month\tvisits\n", None, "\t")
    assert file.describe() == "Read tab-separated."


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe garbage",  # a UTF-16 byte-order mark on bytes that are no table
        codecs.BOM_UTF8 + b"month,\xff\xfe\n",  # a UTF-8 BOM on bytes that are not UTF-8
        bytes(range(256)) * 4,  # binary
    ],
)
def test_bytes_that_are_no_text_give_one_plain_message(data):
    with pytest.raises(FileTextError, match="save it as 'CSV UTF-8'"):
        decode_text(data)


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("month,visits\n2025-01,4000\n", ","),
        ("Mes;Visitas\nene 2025;4.000,5\n", ";"),
        ("month\tvisits\n2025-01\t4,000\n", "\t"),
        ("month|visits\n2025-01|4,000\n", "|"),
        # commas in every row (decimal commas) and in the header: the header's columns settle it
        ("Mes;Visitas;Ingresos, USD\n" + "ene 2025;4.000;52.000,50\n" * 30, ";"),
        # thousands commas in every row of a long tab file: the sniffer would prefer ','
        ("month\tvisits\n" + "2025-01\t4,000\n" * 30, "\t"),
        ('"Revenue, USD";"Visits"\n"52,5";"4000"\n', ";"),  # quoted commas do not count
        ("month\n2025-01\n", ","),  # one column: nothing to tell, the reader's default
        ("", ","),
        ("\n\n", ","),
        ("just some words\n", ","),
    ],
)
def test_separators_are_sniffed_and_weird_files_do_not_crash(text, delimiter):
    assert sniff_delimiter(text) == delimiter


@pytest.mark.parametrize(
    ("text", "delimiter", "expected", "mark"),
    [
        ("٤٨٠٠٠٫٥", ",", 48000.5, "\u066b"),  # Arabic-Indic digits, Arabic decimal separator
        ("٥٢٬٠٠٠٫٠٠", ";", 52000.0, "\u066b"),  # with the Arabic thousands separator
        ("١٬٢٣٤", ",", 1234.0, None),
        ("۱۲۳", ",", 123.0, None),  # Eastern Arabic-Indic (Persian, Urdu)
        ("1,234٫5", ",", 1234.5, "\u066b"),  # beside ٫, a comma can only group thousands
        ("5,000", "\t", 5000.0, None),  # tab files read thousands like comma files
        ("4.000", "\t", 4.0, "."),
        ("48000,5", "\t", 48000.5, ","),  # no group of three: a decimal comma
        ("5,000", ";", 5.0, ","),
        ("1.234,5", ";", 1234.5, ","),
    ],
)
def test_numbers_in_every_script(text, delimiter, expected, mark):
    assert read_number(text, delimiter=delimiter) == (pytest.approx(expected), mark)


def test_arabic_percent_sign():
    assert parse_number("٣٪", percent=True) == pytest.approx(0.03)


@pytest.mark.parametrize("text", ["٤٫٥.٠", "١٫٢٫٣", "٫", "abc٫"])
def test_malformed_arabic_numbers_are_not_numbers(text):
    with pytest.raises(ValueError, match=text):
        parse_number(text)


SCENARIOS = [Scenario(name="Campaña de verano", trials=500), Scenario(name="Café y promoción", trials=500)]


def redelimited(text: str, delimiter: str) -> str:
    """`text` (comma-separated CSV) with another separator, as a tab export writes it."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(csv.reader(io.StringIO(text)))
    return out.getvalue()


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [("\t", "utf-8"), ("\t", "cp1252"), ("\t", "utf-16"), (",", "cp1252"), (";", "cp1252"), ("|", "utf-8")],
)
def test_scenario_files_in_other_encodings_and_separators_read_the_same(delimiter, encoding):
    text = (
        write_scenarios(SCENARIOS, delimiter=";")
        if delimiter == ";"
        else redelimited(write_scenarios(SCENARIOS), delimiter)
    )
    assert read_text(text.encode(encoding)).encoding == encoding
    assert read_text(text.encode(encoding)).delimiter == delimiter
    assert read_scenarios(text.encode(encoding)) == SCENARIOS


def test_a_scenario_file_that_is_no_text_still_says_how_to_save_it():
    with pytest.raises(ScenarioFileError, match="CSV UTF-8"):
        read_scenarios(bytes(range(256)) * 4)


@pytest.mark.parametrize(
    ("text", "delimiter", "expected"),
    [
        ("$52,000.00", ",", 52000.0),
        ("52.000,00 €", ";", 52000.0),
        ("£48,000.50", ",", 48000.5),
        ("52 000 ₽", ";", 52000.0),
        ("USD 52,000", ",", 52000.0),
        ("52,000 USD", ",", 52000.0),
        ("US$ 1,250", ",", 1250.0),
        ("R$ 5.000,50", ";", 5000.5),
        ("-€5", ",", -5.0),
    ],
)
def test_money_with_a_currency_reads_as_the_amount(text, delimiter, expected):
    assert parse_number(text, delimiter=delimiter, currency=True) == expected
    with pytest.raises(ValueError, match=re.escape(text)):
        parse_number(text, delimiter=delimiter)  # only where money is expected


@pytest.mark.parametrize("text", ["$", "USD", "$ $5", "5 USDX", "abc"])
def test_a_currency_alone_or_garbled_is_not_a_number(text):
    with pytest.raises(ValueError, match=re.escape(text)):
        parse_number(text, currency=True)


def test_a_file_above_the_limit_is_refused_by_its_size_alone(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: the reader must not need to read it to refuse it
    for source in (path, b"x" * (MAX_FILE_BYTES + 1), "x" * (MAX_FILE_BYTES + 1)):
        with pytest.raises(FileTextError, match="files of up to 5 MB are read"):
            decode_text(source)
    assert read_text(b"a,b\n" + b"1,2\n" * ((MAX_FILE_BYTES - 4) // 4)).delimiter == ","  # at the limit: read


@pytest.mark.parametrize(
    ("text", "row", "fragment"),
    [
        ('a,b\n1,"2\n3,4\n', 2, "never closed"),
        ('a,b\n1,2\n"3"x,4\n', 3, "do not pair up"),
        ("a,b\n1,2\n3," + "9" * (MAX_CELL_CHARACTERS + 1) + "\n", 3, "longer than 131,072 characters"),
    ],
)
def test_rows_whose_quotes_do_not_pair_up_are_named(text, row, fragment):
    with pytest.raises(FileTextError, match=f"^Row {row}: .*{fragment}"):
        list(csv_rows(text, ","))


def test_a_header_cell_too_long_for_the_csv_reader_does_not_stop_the_separator_sniffing():
    assert sniff_delimiter("x" * (MAX_CELL_CHARACTERS + 1) + ";y,z\n") == ","
