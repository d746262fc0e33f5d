"""Numbers written in each language read back as typed; what is not a number is refused."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.i18n import LANGUAGES, number_text, parse_number, using


@pytest.mark.parametrize("code", list(LANGUAGES))
@given(value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), digits=st.integers(0, 3))
def test_a_number_as_the_language_writes_it_reads_back(code, value, digits):
    with using(code):
        assert parse_number(number_text(value, digits)) == pytest.approx(round(value, digits), abs=10**-digits)


@pytest.mark.parametrize(
    ("code", "typed", "read"),
    [
        ("en", "1,234.5", 1234.5),
        ("en", "2.5", 2.5),
        ("en", "2,5", 2.5),
        ("es", "1.234,5", 1234.5),
        ("es", "2,5", 2.5),
        ("es", "2.5", 2.5),
        ("es", "1.500", 1500.0),
        ("ru", "1 234,5", 1234.5),
        ("ru", "1\xa0234,5", 1234.5),
        ("ru", "−3,5", -3.5),
        ("ar", "1,234.5", 1234.5),
        ("ar", "\u20661,234.5\u2069", 1234.5),
    ],
)
def test_a_typed_number_is_read_with_either_mark(code, typed, read):
    with using(code):
        assert parse_number(typed) == read


@pytest.mark.parametrize("typed", ["", "abc", "1,2,3", "1.23,5", "nan", "inf", "1e400", "2,5 meses", "-"])
def test_what_is_not_a_number_is_refused(typed):
    with using("es"), pytest.raises(ValueError, match="not a number"):
        parse_number(typed)
