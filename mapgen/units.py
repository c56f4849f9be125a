"""Units of the figures: their multipliers and how to say them in English.

A figure keeps its value *as printed* (480.4 with unit 亿元); this module knows
what that means as a plain number (48,040,000,000 yuan) so figures can be
compared, classified and formatted for English readers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

__all__ = ["Unit", "UNITS", "BASE_UNITS", "PREFIXES", "QUALIFIERS", "parse_unit", "amount", "format_zh", "format_en",
           "format_en_short", "number_zh", "number_en"]


@dataclass(frozen=True)
class Unit:
    """A unit as printed in Chinese: its multiplier and English noun.

    ``known`` is False for a unit mapgen cannot say in English (it is kept as
    printed, and ``mapgen check`` warns); ``whole`` for units that count things
    one by one (a count of 人 cannot be 2.5).
    """

    multiplier: int
    noun_en: str  # singular English noun ("" for a bare number)
    plural_en: str
    percent: bool = False
    known: bool = True
    whole: bool = False


# Base units, one row each: (as printed, English singular, plural, counted one by one).
# Measure words become the English noun a reader expects; where the figure's label
# says what is counted, the noun stays generic ("12 units" would read worse than "12").
_BASE: tuple[tuple[str, str, str, bool], ...] = (
    ("", "", "", False),
    ("个", "", "", True), ("家", "", "", True), ("座", "", "", True), ("支", "", "", True),
    ("项", "", "", True), ("条", "", "", True), ("件", "", "", True), ("篇", "", "", True),
    ("所", "", "", True), ("台", "", "", True), ("部", "", "", True), ("处", "", "", True),
    ("套", "set", "sets", True), ("批", "batch", "batches", True), ("期", "session", "sessions", True),
    ("村", "village", "villages", True), ("户", "household", "households", True),
    ("人", "person", "people", True), ("名", "person", "people", True),
    ("人次", "visit", "visits", True), ("场", "event", "events", True), ("场次", "event", "events", True),
    ("次", "time", "times", True), ("辆", "vehicle", "vehicles", True), ("艘", "vessel", "vessels", True),
    ("株", "plant", "plants", True), ("棵", "tree", "trees", True), ("头", "head", "head", True),
    ("元", "yuan", "yuan", False), ("美元", "US dollar", "US dollars", False),
    ("亩", "mu", "mu", False), ("公顷", "hectare", "hectares", False),
    ("平方米", "square metre", "square metres", False), ("平方公里", "square kilometre", "square kilometres", False),
    ("公里", "kilometre", "kilometres", False), ("千米", "kilometre", "kilometres", False),
    ("米", "metre", "metres", False), ("吨", "tonne", "tonnes", False),
    ("千瓦", "kilowatt", "kilowatts", False), ("小时", "hour", "hours", False), ("天", "day", "days", False),
    ("倍", "times", "times", False), ("百分点", "percentage point", "percentage points", False),
)
BASE_UNITS = {text: (en, plural, whole) for text, en, plural, whole in _BASE}
# Prefixes of magnitude, longest first: 万亿元 is 10^12 yuan, not 万 of 亿元.
PREFIXES: tuple[tuple[str, int], ...] = (("万亿", 10**12), ("亿", 10**8), ("万", 10**4))


@cache
def parse_unit(text: str) -> Unit:
    """The unit printed as ``text``: its magnitude prefix and base.

    >>> parse_unit("万人次").multiplier, parse_unit("万人次").plural_en
    (10000, 'visits')
    >>> parse_unit("万亿元").multiplier
    1000000000000
    >>> parse_unit("座桥").known
    False
    """
    if text == "%":
        return Unit(1, "", "", percent=True)
    for prefix, multiplier in PREFIXES:
        if text.startswith(prefix) and text[len(prefix):] in BASE_UNITS:
            en, plural, whole = BASE_UNITS[text[len(prefix):]]
            return Unit(multiplier, en, plural, whole=False)
    if text in BASE_UNITS:
        en, plural, whole = BASE_UNITS[text]
        return Unit(1, en, plural, whole=whole)
    for prefix, multiplier in PREFIXES:  # 万吨 of an unknown base still scales
        if text.startswith(prefix):
            return Unit(multiplier, text[len(prefix):], text[len(prefix):], known=False)
    return Unit(1, text, text, known=False)


class _Units(Mapping):
    """Every unit mapgen can scale and say in English, looked up as printed."""

    def __getitem__(self, text: str) -> Unit:
        unit = parse_unit(text)
        if not unit.known:
            raise KeyError(text)
        return unit

    def __iter__(self):
        yield "%"
        for base in BASE_UNITS:
            yield from (p + base for p, _ in PREFIXES)
            if base:
                yield base

    def __len__(self) -> int:
        return sum(1 for _ in self)


UNITS: Mapping[str, Unit] = _Units()

QUALIFIERS: dict[str, tuple[str, str]] = {
    # key: (Chinese, English). Chinese is placed as the article prints it:
    # 近80个, 约51%, 200余人, 不足10%.
    "more_than": ("余", "more than"),
    "nearly": ("近", "nearly"),
    "about": ("约", "about"),
    "less_than": ("不足", "less than"),
}


def amount(value: float, unit: str) -> float:
    """Return the plain number a printed value stands for.

    >>> amount(480.4, "亿元")
    48040000000.0
    """
    return float(Decimal(str(value)) * parse_unit(unit).multiplier)


def _decimal(value: float) -> Decimal:
    # + 0 turns -0.0 into 0.0: a figure of nothing is "0场", never "-0场"
    return Decimal(str(value + 0))


def _plain(value: float) -> str:
    d = _decimal(value).normalize()
    if d.is_zero():
        d = Decimal(0)  # -0.0 reads as 0, never "-0场"
    return format(d, "f")


def format_zh(value: float, unit: str, qualifier: str | None = None) -> str:
    """Format a figure the way the article prints it.

    >>> format_zh(200, "人", "more_than")
    '200余人'
    >>> format_zh(2, "万人次", "more_than")
    '2万余人次'
    >>> format_zh(80, "个", "nearly")
    '近80个'
    """
    number = _plain(value)
    if qualifier == "more_than":
        # 余 follows the magnitude: 2万余人次, 200余人
        head, tail = (unit[0], unit[1:]) if unit[:1] in ("万", "亿") else ("", unit)
        return f"{number}{head}余{tail}"
    prefix = QUALIFIERS[qualifier][0] if qualifier else ""
    return f"{prefix}{number}{unit}"


def _group(d: Decimal) -> str:
    d = d.normalize()
    return format(Decimal(0) if d.is_zero() else d, ",f")


def _english(value: float, unit: str, billion: str, million: str) -> tuple[str, str]:
    """The number in English words of magnitude, and the noun that follows it."""
    u = parse_unit(unit)
    total = _decimal(value) * u.multiplier
    if u.percent:
        return f"{_plain(value)}%", ""
    if total >= 1_000_000_000_000:
        number = f"{_group(total / 1_000_000_000_000)} {'trillion' if billion == 'billion' else 'tn'}"
    elif total >= 1_000_000_000:
        number = f"{_group(total / 1_000_000_000)} {billion}"
    elif total >= 1_000_000 and u.multiplier > 1:
        number = f"{_group(total / 1_000_000)} {million}"
    else:
        number = _group(total)
    return number, u.noun_en if total == 1 else u.plural_en


def number_zh(value: float, unit: str) -> str:
    """The number of a figure as Chinese prints it, with its magnitude: 480.4亿元 -> 480.4亿.

    >>> number_zh(480.4, "亿元"), number_zh(200, "人")
    ('480.4亿', '200')
    """
    prefix = next((p for p, _ in PREFIXES if unit.startswith(p) and parse_unit(unit).multiplier > 1), "")
    return _plain(value) + prefix + ("%" if unit == "%" else "")


def number_en(value: float, unit: str) -> str:
    """The number of a figure in English, without its noun: 480.4亿元 -> 48.04 billion.

    >>> number_en(480.4, "亿元"), number_en(1.97, "万人"), number_en(83, "%")
    ('48.04 billion', '19,700', '83%')
    """
    return _english(value, unit, "billion", "million")[0]


def format_en(value: float, unit: str, qualifier: str | None = None) -> str:
    """Format a figure for English readers.

    >>> format_en(480.4, "亿元")
    '48.04 billion yuan'
    >>> format_en(1.97, "万人")
    '19,700 people'
    >>> format_en(51, "%", "about")
    'about 51%'
    """
    number, noun = _english(value, unit, "billion", "million")
    text = f"{number} {noun}".strip()
    return f"{QUALIFIERS[qualifier][1]} {text}" if qualifier else text


def format_en_short(value: float, unit: str, qualifier: str | None = None) -> str:
    """A figure short enough for a map label.

    >>> format_en_short(2, "万人次", "more_than")
    '20,000+ visits'
    >>> format_en_short(480.4, "亿元")
    '48.04 bn yuan'
    >>> format_en_short(80, "个", "nearly")
    '~80'
    """
    number, noun = _english(value, unit, "bn", "m")
    if qualifier == "more_than":
        number = number.replace(" ", "+ ", 1) if " " in number else number + "+"
    elif qualifier:
        number = "~" + number
    return f"{number} {noun}".strip()
