"""Units of the figures: their multipliers and how to say them in English.

A figure keeps its value *as printed* (480.4 with unit 亿元); this module knows
what that means as a plain number (48,040,000,000 yuan) so figures can be
compared, classified and formatted for English readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Unit", "UNITS", "QUALIFIERS", "amount", "format_zh", "format_en", "format_en_short"]


@dataclass(frozen=True)
class Unit:
    """A unit as printed in Chinese: its multiplier and English noun."""

    multiplier: int
    noun_en: str  # singular English noun ("" for a bare number)
    plural_en: str
    percent: bool = False


def _count(noun: str, plural: str | None = None) -> Unit:
    return Unit(1, noun, plural or (noun + "s" if noun else ""))


# Measure words become the English noun a reader expects; the figure's label says
# what is counted, so the noun stays generic ("12 units" would read worse than "12").
UNITS: dict[str, Unit] = {
    "个": _count(""),
    "家": _count(""),
    "座": _count(""),
    "支": _count(""),
    "项": _count(""),
    "条": _count(""),
    "件": _count(""),
    "篇": _count(""),
    "村": _count("village"),
    "人": _count("person", "people"),
    "名": _count("person", "people"),
    "人次": _count("visit", "visits"),
    "场": _count("event"),
    "场次": _count("event"),
    "次": _count("time"),
    "平方米": Unit(1, "square metre", "square metres"),
    "万": Unit(10_000, "", ""),
    "亿": Unit(100_000_000, "", ""),
    "万人": Unit(10_000, "person", "people"),
    "万人次": Unit(10_000, "visit", "visits"),
    "万元": Unit(10_000, "yuan", "yuan"),
    "亿元": Unit(100_000_000, "yuan", "yuan"),
    "%": Unit(1, "", "", percent=True),
}

QUALIFIERS: dict[str, tuple[str, str]] = {
    # key: (Chinese, English). Chinese is placed as the article prints it:
    # 近80个, 约51%, 200余人.
    "more_than": ("余", "more than"),
    "nearly": ("近", "nearly"),
    "about": ("约", "about"),
}


def amount(value: float, unit: str) -> float:
    """Return the plain number a printed value stands for.

    >>> amount(480.4, "亿元")
    48040000000.0
    """
    return float(Decimal(str(value)) * UNITS[unit].multiplier)


def _decimal(value: float) -> Decimal:
    # + 0 turns -0.0 into 0.0: a figure of nothing is "0场", never "-0场"
    return Decimal(str(value + 0))


def _plain(value: float) -> str:
    d = _decimal(value).normalize()
    text = format(d, "f")
    return text


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
    return format(d.normalize(), ",f")


def _english(value: float, unit: str, billion: str, million: str) -> tuple[str, str]:
    """The number in English words of magnitude, and the noun that follows it."""
    u = UNITS[unit]
    total = _decimal(value) * u.multiplier
    if u.percent:
        return f"{_plain(value)}%", ""
    if total >= 1_000_000_000:
        number = f"{_group(total / 1_000_000_000)} {billion}"
    elif total >= 1_000_000 and u.multiplier > 1:
        number = f"{_group(total / 1_000_000)} {million}"
    else:
        number = _group(total)
    return number, u.noun_en if total == 1 else u.plural_en


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
