"""What editors type in cells, and the header names they use."""

from __future__ import annotations

import datetime

import pytest

from mapgen.sheets.headers import HEADERS, find_header, header_key
from mapgen.sheets.read import decode_text
from mapgen.sheets.values import CellValueError, Parsed, parse_adcode, parse_qualifier, parse_unit, parse_value


@pytest.mark.parametrize("cell, expected", [
    (480.4, Parsed(480.4)),
    (8.0, Parsed(8)),
    (512.6000000000001, Parsed(512.6)),  # Excel's binary noise
    ("480.4", Parsed(480.4)),
    ("１２３", Parsed(123)),
    ("１２３，４５６", Parsed(123456)),
    ("4,356", Parsed(4356)),
    (" 480.4 亿元 ", Parsed(480.4, "亿元")),
    ("４８０．４亿元", Parsed(480.4, "亿元")),
    ("200余人", Parsed(200, "人", "more_than")),
    ("2万余人次", Parsed(2, "万人次", "more_than")),
    ("30多个", Parsed(30, "个", "more_than")),
    ("近80个", Parsed(80, "个", "nearly")),
    ("约51%", Parsed(51, "%", "about")),
    ("５１％", Parsed(51, "%")),
    ("200人左右", Parsed(200, "人", "about")),
    ("1.97万", Parsed(1.97, "万")),
])
def test_values_as_editors_type_them(cell, expected):
    assert parse_value(cell) == expected


@pytest.mark.parametrize("cell, message", [
    ("abc", "expected a number"),
    ("123,4", "thousands or decimals"),
    ("大概200", "before the number"),
    ("约200余人", "more than one qualifier"),
    ("2018年以来", "a date or period, not a figure"),
    (True, "expected a number"),
    (-3, "at least 0"),
    (float("nan"), "at least 0"),
    (datetime.datetime(2022, 7, 27), "took this cell for a date"),
])
def test_values_that_are_refused_say_what_was_expected(cell, message):
    with pytest.raises(CellValueError, match=message):
        parse_value(cell)


def test_empty_cells_are_none():
    assert parse_value("") is None and parse_value(None) is None and parse_value("  ") is None
    assert parse_unit("") is None and parse_qualifier(None) is None and parse_adcode("") is None


@pytest.mark.parametrize("word, key", [("余", "more_than"), ("多", "more_than"), ("超过", "more_than"),
                                       ("More than", "more_than"), ("more_than", "more_than"), ("近", "nearly"),
                                       ("约", "about"), ("左右", "about"), ("about", "about")])
def test_qualifiers(word, key):
    assert parse_qualifier(word) == key


def test_units_and_adcodes():
    assert parse_unit("亿元") == "亿元" and parse_unit("％") == "%"
    assert parse_unit("公里") == "公里" and parse_unit("km") == "km"  # any unit an article prints
    with pytest.raises(CellValueError, match="not a unit as printed"):
        parse_unit("12个")
    assert parse_adcode(340100.0) == 340100 and parse_adcode("３４０１００") == 340100
    with pytest.raises(CellValueError, match="six-digit adcode"):
        parse_adcode("3401")


def test_every_documented_header_name_is_recognised():
    for field, names in HEADERS.items():
        for name in names:
            rows = [[name, "指标" if field != "key" else "数值"]]
            header = find_header(rows)
            assert header is not None and header.columns[field] == 0, name
    assert header_key("Label (EN)") == header_key("label_en") == header_key("ｌａｂｅｌ＿ｅｎ")


def test_header_below_a_title_row_with_unknown_columns_listed():
    rows = [["安徽数据", "", "", ""], ["城市", "指标", "数值", "备注"], ["合肥", "investment", 1, "x"]]
    header = find_header(rows)
    assert header.row == 1 and header.columns == {"name": 0, "key": 1, "value": 2}
    assert header.ignored == ("备注 (D2)",) and header.problems == ()


def test_text_tables_decode_as_excel_and_wps_save_them():
    assert decode_text("\ufeff合肥".encode("utf-8"), "x") == "合肥"
    assert decode_text("合肥".encode("utf-8"), "x") == "合肥"
    assert decode_text("合肥".encode("gb18030"), "x") == "合肥"
    assert decode_text("合肥".encode("utf-16"), "x") == "合肥"


def test_a_figure_as_the_page_prints_it_reads_back():
    from hypothesis import given, strategies as st

    from mapgen.units import QUALIFIERS, UNITS, format_zh

    @given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
           st.sampled_from(sorted(UNITS)), st.sampled_from([None, *QUALIFIERS]))
    def check(value, unit, qualifier):
        number = float(value)
        assert parse_value(format_zh(number, unit, qualifier)) == Parsed(number if number % 1 else int(number),
                                                                        unit, qualifier)

    check()
