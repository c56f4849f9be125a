"""Numbers as printed: Arabic and Chinese numerals, magnitudes, measures, qualifiers.

A figure keeps its value *as printed* and its magnitude in the unit, the way the data
file wants it: ``480.4亿元`` is value 480.4, unit 亿元; ``2万余人次`` is value 2, unit
万人次, qualifier more_than. ``cn2an`` reads Chinese numerals (十项 -> 10); it cannot read
万亿, which stays a magnitude prefix here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from .tables import MAGNITUDES, MEASURES, NOT_FIGURES, QUALIFIERS_AFTER, QUALIFIERS_BEFORE

__all__ = ["Number", "find_numbers", "parse_numeral"]

_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_MEASURE_OF = dict(MEASURES)
_NOT_FIGURE = dict(NOT_FIGURES)
_AFTER = dict(QUALIFIERS_AFTER)
_BEFORE = dict(QUALIFIERS_BEFORE)

_NUMBER = re.compile(
    rf"(?P<num>{_ARABIC}|[{_CN_DIGITS}]+)"
    rf"(?: (?=[^ \d]))?"  # 9465.40 万人: a space copied from a table
    rf"(?P<q1>余|多)?"
    rf"(?P<mag>{_alternation(MAGNITUDES)})?"
    rf"(?P<q2>余|多)?"
    rf"(?P<measure>{_alternation([*_MEASURE_OF, *_NOT_FIGURE])})?"
    rf"(?P<q3>以上|左右|以下|以内)?"
)
_BEFORE_RE = re.compile(rf"(?:{_alternation(_BEFORE)})了?$")


@dataclass(frozen=True)
class Number:
    """One number in the text, and what the words around it make of it.

    ``unit`` is None when the number is not a figure; ``reason`` then says why.
    """

    start: int
    end: int
    printed: str          # the whole match, e.g. "2万余人次"
    value: Decimal | None
    unit: str | None      # as the data file writes it: 万人次, 亿元, %, 百分点
    qualifier: str | None  # more_than, nearly, about, less_than
    reason: str = ""      # why this is not a figure


@cache
def _cn2an():
    import cn2an  # 0.1 s to import: only when an article is read

    return cn2an


def parse_numeral(text: str) -> Decimal | None:
    """Value of an Arabic or Chinese numeral, without magnitude.

    >>> parse_numeral("480.4"), parse_numeral("12,013"), parse_numeral("十"), parse_numeral("三千")
    (Decimal('480.4'), Decimal('12013'), Decimal('10'), Decimal('3000'))
    >>> parse_numeral("一二三") is None  # a code, not a number
    True
    """
    if text[0].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    return _chinese(text)


@cache
def _chinese(text: str) -> Decimal | None:
    # cached: cn2an builds its regular expressions on every call, and an article repeats
    # the same few numerals (一, 两, 十)
    try:
        value = _cn2an().cn2an(text.replace("两", "二").replace("〇", "零"), "strict")
    except (ValueError, KeyError, IndexError):
        return None
    return Decimal(str(value))


def find_numbers(text: str) -> list[Number]:
    """Every number in ``text`` (Simplified, NFKC-normalised), read as a figure or not.

    >>> [(n.value, n.unit, n.qualifier) for n in find_numbers("共引进各类人才200余人")]
    [(Decimal('200'), '人', 'more_than')]
    >>> [(n.value, n.unit, n.qualifier) for n in find_numbers("参观者2万余人次，近80个")]
    [(Decimal('2'), '万人次', 'more_than'), (Decimal('80'), '个', 'nearly')]
    >>> [n.reason for n in find_numbers("第三届，2018年")]
    ['an ordinal (第…)', 'a year or a duration']
    """
    out = []
    for m in _NUMBER.finditer(text):
        num = m.group("num")
        if not num[0].isdigit() and not m.group("measure") and not m.group("mag"):
            continue  # a Chinese numeral with no measure is a word (统一, 之一), not a number
        if not num[0].isdigit() and m.group("mag") and len(num) == 0:
            continue
        out.append(_read(text, m))
    return out


def _read(text: str, m: re.Match) -> Number:
    num, mag, measure = m.group("num"), m.group("mag") or "", m.group("measure") or ""
    start, end = m.start(), m.end()
    value = parse_numeral(num)

    def no(reason: str) -> Number:
        return Number(start, end, m.group(0).rstrip(), value, None, None, reason)

    before = text[max(0, start - 6):start]
    after = text[end:end + 3]
    if before.endswith("第"):
        return no("an ordinal (第…)")
    if measure in _NOT_FIGURE:
        return no(_NOT_FIGURE[measure])
    if value is None:
        return no("a word, not a number" if not num[0].isdigit() else "not a number")
    if before.endswith(("数", "几", "上", "唯一")) and not num[0].isdigit():
        return no("a vague amount (数百, 上千, 唯一)")
    if re.search(r"[A-Za-z#\-/_.:]$", before) or re.match(r"[A-Za-z_]", after) and not measure:
        return no("part of a code, date or range")
    if after.startswith(("-", ":", "/", "~")) and not measure:
        return no("part of a date, time or range")
    if not num[0].isdigit() and re.match(r"[性式体]", after):
        return no("a word (一次性, 一站式)")
    if num == "一" and not mag and measure in ("个", "位", "名", "家", "项", "条", "种", "批"):
        return no("一个 is mostly the article 'a', not a count")
    if before.endswith(("距离", "距")):
        return no("a threshold (距离…), not a figure")
    if not measure and not mag:
        if re.fullmatch(r"(19|20)\d\d", num):
            return no("a year")
        return no("no unit of measure")
    unit = mag + _MEASURE_OF.get(measure, "")
    qualifier = None
    for q in (m.group("q1"), m.group("q2"), m.group("q3")):
        if q:
            qualifier = _AFTER[q]
    if qualifier is None:
        hit = _BEFORE_RE.search(text[max(0, start - 4):start])
        if hit:
            qualifier = _BEFORE[hit.group(0).rstrip("了") if hit.group(0) != "超过了" else "超过了"]
    return Number(start, end, m.group(0).rstrip(), value, unit, qualifier)
