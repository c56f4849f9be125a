"""mapgen extract, the numbers: values as printed, magnitudes, measures, qualifiers, periods,
and what is not a figure (ordinals, years, dates, anniversaries, codes)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mapgen.draft.candidates import Region, Unit
from mapgen.draft.extract import extract
from mapgen.draft.numbers import find_numbers, parse_numeral
from mapgen.draft.read import normalise

HEFEI = Unit(340100, "合肥市", "合肥")
REGION = Region("安徽省", "city", ("安徽省", "安徽", "全省"), (HEFEI, Unit(340200, "芜湖市", "芜湖")))


def figures(text: str):
    """(value, unit, qualifier) of every number read as a figure."""
    return [(str(n.value), n.unit, n.qualifier) for n in find_numbers(normalise(text)) if n.unit]


def reasons(text: str):
    return [(n.printed, n.reason) for n in find_numbers(normalise(text)) if not n.unit]


@pytest.mark.parametrize("text, expected", [
    ("合同投资额总计480.4亿元人民币", [("480.4", "亿元", None)]),
    ("投资1.85万亿元", [("1.85", "万亿元", None)]),
    ("贷款3000万元", [("3000", "万元", None)]),
    ("GDP为12,013亿元", [("12013", "亿元", None)]),
    ("全年增长5.7％", [("5.7", "%", None)]),             # full-width sign
    ("人口１２６５６.８萬人", [("12656.8", "万人", None)]),  # full-width digits, Traditional
    ("总人口约有375.6萬", [("375.6", "万", "about")]),
    ("超过1亿", [("1", "亿", "more_than")]),
    ("提高 0.16 个百分点", [("0.16", "百分点", None)]),
    ("十项制度", [("10", "项", None)]),
    ("每季度召开一次交流会", [("1", "次", None)]),
    ("三千万元", [("3000", "万元", None)]),
    ("面积6500平方米", [("6500", "平方米", None)]),
    ("产量12万吨", [("12", "万吨", None)]),                # a measure the data file does not know yet
])
def test_values_magnitudes_and_measures(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text, qualifier", [
    ("人才200余人", "more_than"), ("参观者2万余人次", "more_than"), ("活动100多场次", "more_than"),
    ("100人以上", "more_than"), ("超过50万元", "more_than"), ("逾30家", "more_than"),
    ("突破100亿元", "more_than"), ("超过了5%", "more_than"),
    ("近80个", "nearly"), ("将近80个", "nearly"), ("接近80个", "nearly"),
    ("约51%", "about"), ("51%左右", "about"), ("约有375.6万", "about"),
    ("不足10个", "less_than"), ("不到10个", "less_than"),
    ("共引进133个", None), ("累计3000万元", None), ("达到4502亿元", None), ("高达20亿元", None),
])
def test_qualifiers(text, qualifier):
    [(_, _, found)] = figures(text)
    assert found == qualifier


@pytest.mark.parametrize("text, reason", [
    ("第三届博览会", "an ordinal (第…)"),
    ("第3届", "an ordinal (第…)"),
    ("2018年以来", "a year or a duration"),
    ("2022年07月27日", "a year or a duration"),
    ("建党100周年", "an anniversary"),
    ("实施“三年行动”计划", "a year or a duration"),
    ("0-14岁人口", "part of a date, time or range"),
    ("G60科创走廊", "part of a code, date or range"),
    ("Copyright ©1999", "a year"),
    ("创新“345”工作模式", "no unit of measure"),
    ("唯一一个超过", "a word, not a number"),
    ("一次性补贴", "a word (一次性, 一站式)"),
    ("成为一个新一线城市", "一个 is mostly the article 'a', not a count"),
    ("距离1.2万亿,仅差", "a threshold (距离…), not a figure"),
])
def test_not_figures(text, reason):
    assert reasons(text)[0][1] == reason
    assert figures(text) == []


def test_words_made_of_numerals_are_not_figures():
    assert figures("统一战线、之一、一批诤友、三大平台、前三、百强、市县两级") == []


def test_parse_numeral():
    assert parse_numeral("9465.40") == Decimal("9465.40")
    assert parse_numeral("两") == 2
    assert parse_numeral("一百二十") == 120


@pytest.mark.parametrize("text, period", [
    ("合肥市自2018年以来,共引进各类人才200余人。", "2018年以来"),
    ("合肥市每年形成提案200余件。", "每年"),
    ("合肥市今年前三季度GDP为8000亿元。", "今年前三季度"),
    ("合肥市2021年底有3个村收入超过50万元。", "2021年底"),
    ("合肥市目前有省级示范基地4个。", "目前"),
    ("合肥市全年接待游客100万人次。", "全年"),
    ("合肥市近3年引进人才100人。", "近3年"),
    ("合肥市开馆以来接待参观者2万余人次。", "开馆以来"),
    ("合肥市召开8场见面会。", None),
])
def test_periods(text, period):
    fig = extract(normalise(text), REGION).figures[0]
    assert fig.period == period


def test_period_does_not_leak_past_a_semicolon():
    result = extract(normalise("合肥市每年形成提案200余件;召开8场见面会。"), REGION)
    assert [f.period for f in result.figures] == ["每年", None]
