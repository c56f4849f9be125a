"""Units: multipliers and the number formats readers see."""

import pytest

from mapgen.units import amount, format_en, format_zh


@pytest.mark.parametrize("value, unit, qualifier, zh, en", [
    (480.4, "亿元", None, "480.4亿元", "48.04 billion yuan"),
    (1.97, "万人", None, "1.97万人", "19,700 people"),
    (60, "万人", None, "60万人", "600,000 people"),
    (3000, "万元", None, "3000万元", "30 million yuan"),
    (200, "人", "more_than", "200余人", "more than 200 people"),
    (80, "个", "nearly", "近80个", "nearly 80"),
    (51, "%", "about", "约51%", "about 51%"),
    (2, "万人次", "more_than", "2万余人次", "more than 20,000 visits"),
    (6500, "平方米", None, "6500平方米", "6,500 square metres"),
    (1, "次", None, "1次", "1 time"),
])
def test_formats(value, unit, qualifier, zh, en):
    assert format_en(value, unit, qualifier) == en
    assert format_zh(value, unit, qualifier) == zh


def test_amount_uses_the_multiplier_exactly():
    assert amount(480.4, "亿元") == 48_040_000_000
    assert amount(1.08, "万人") == 10_800


@pytest.mark.parametrize("text, multiplier, english", [
    ("元", 1, "12 yuan"), ("亩", 1, "12 mu"), ("户", 1, "12 households"), ("吨", 1, "12 tonnes"),
    ("辆", 1, "12 vehicles"), ("公里", 1, "12 kilometres"), ("万亩", 10_000, "120,000 mu"),
    ("亿元", 10**8, "1.2 billion yuan"), ("万亿元", 10**12, "12 trillion yuan"), ("万吨", 10_000, "120,000 tonnes"),
])
def test_any_unit_an_article_uses_scales_and_reads_in_english(text, multiplier, english):
    from mapgen.units import format_en, parse_unit

    assert parse_unit(text).known and parse_unit(text).multiplier == multiplier
    assert format_en(12, text) == english


def test_a_unit_the_code_cannot_say_is_kept_as_printed_and_still_scales():
    from mapgen.units import format_zh, parse_unit

    unit = parse_unit("万座桥")
    assert not unit.known and unit.multiplier == 10_000
    assert format_zh(3, "万座桥") == "3万座桥"


def test_minus_zero_reads_as_zero():
    from mapgen.units import format_en, format_zh

    assert format_zh(-0.0, "场") == "0场" and format_en(-0.0, "场") == "0 events"
