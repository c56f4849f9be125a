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
