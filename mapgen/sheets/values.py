"""What editors type in a cell, turned into a figure's value, unit and qualifier.

Excel and WPS give numbers as numbers, but editors also paste text: numbers
stored as text, full-width digits and punctuation (１２３，４５６), thousands
separators, or the figure as the article prints it ("480.4亿元", "200余人",
"近80个"). A cell is split into value, unit and qualifier only when that is
unambiguous; otherwise :class:`CellValueError` says what was expected.

>>> parse_value("480.4亿元")
Parsed(value=480.4, unit='亿元', qualifier=None)
>>> parse_value("２万余人次")
Parsed(value=2, unit='万人次', qualifier='more_than')
>>> parse_value("1,234")
Parsed(value=1234, unit=None, qualifier=None)
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..units import QUALIFIERS

__all__ = ["CellValueError", "Parsed", "parse_value", "parse_qualifier", "parse_unit", "parse_text",
           "parse_adcode", "clean_number"]


class CellValueError(ValueError):
    """A cell that cannot be read as what its column holds; the message says what was expected."""


@dataclass(frozen=True)
class Parsed:
    value: int | float
    unit: str | None = None
    qualifier: str | None = None


# How a qualifier is written around a number; the keys are the data format's.
_BEFORE = {"约": "about", "大约": "about", "近": "nearly", "将近": "nearly", "接近": "nearly",
           "超过": "more_than", "逾": "more_than", "多于": "more_than", "超": "more_than",
           "不足": "less_than", "不到": "less_than", "少于": "less_than"}
_AFTER = {"左右": "about", "以上": "more_than", "有余": "more_than"}
# The qualifier column also takes the data's keys, the article's characters and English.
_QUALIFIER_WORDS = {**{k: k for k in QUALIFIERS}, **_BEFORE, **_AFTER, "余": "more_than", "多": "more_than",
                    "more than": "more_than", "over": "more_than", "morethan": "more_than",
                    "about": "about", "around": "about", "approximately": "about", "nearly": "nearly",
                    "almost": "nearly", "less than": "less_than", "under": "less_than"}

_NUMBER = re.compile(r"(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)")
_GROUPED = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$")
_SPACES = re.compile(r"\s+")
# Any unit an article prints (the data file's own rule): 1 to 8 characters, no digits or spaces.
_UNIT = re.compile(r"[^\s0-9０-９.,，。;；:：<>&\"'`{}()\[\]=/\\\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]{1,8}")
_UNIT_HINT = "write it as printed, 1 to 8 characters without digits or spaces, e.g. 亿元 or 万人次"


def _norm(text: str) -> str:
    # NFKC turns full-width digits, ，．％ and the ideographic space into ASCII.
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def clean_number(value: float) -> int | float:
    """A number as the data file should hold it: whole numbers as int, no binary noise.

    Excel keeps 15 significant digits, so 512.6 may come back as 512.6000000000001.

    >>> clean_number(512.6000000000001), clean_number(8.0)
    (512.6, 8)
    """
    value = float(f"{value:.15g}")
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _number(text: str) -> int | float:
    if "," in text:
        if not _GROUPED.match(text):
            raise CellValueError(f"cannot tell whether the comma in {text!r} separates thousands or decimals; "
                                 "write 1234 or 123.4")
        text = text.replace(",", "")
    try:
        d = Decimal(text)
    except InvalidOperation:
        raise CellValueError(f"{text!r} is not a number") from None
    return clean_number(float(d))


def _check(value: int | float) -> int | float:
    if not math.isfinite(value) or value < 0:
        raise CellValueError(f"found {value}; expected a number of at least 0, as printed in the source")
    return value


def parse_value(cell: object) -> Parsed | None:
    """Read a value cell; ``None`` for an empty cell.

    Raises
    ------
    CellValueError
        If the cell is not a number, or mixes in words that are not a unit or qualifier.
    """
    if cell is None or cell == "":
        return None
    if isinstance(cell, bool):
        raise CellValueError(f"found {cell}; expected a number such as 480.4 or 480.4亿元")
    if isinstance(cell, (int, float)):
        return Parsed(_check(clean_number(cell)))
    if isinstance(cell, (_dt.date, _dt.time, _dt.timedelta)):
        raise CellValueError(f"the spreadsheet took this cell for a date or time ({cell}); "
                             "format the column as text or number and type the figure again")
    text = _norm(str(cell))
    if not text:
        return None
    m = _NUMBER.search(text)
    if m is None:
        raise CellValueError(f"found {str(cell)[:40]!r}; expected a number such as 480.4 or 480.4亿元")
    before, rest = text[: m.start()], text[m.end():]
    qualifiers = []
    if before:
        if before not in _BEFORE:
            raise CellValueError(f"found {before[:20]!r} before the number in {str(cell)[:40]!r}; "
                                 f"expected nothing or one of: {', '.join(_BEFORE)}")
        qualifiers.append(_BEFORE[before])
    for word, key in _AFTER.items():
        if rest.endswith(word):
            rest = rest[: -len(word)]
            qualifiers.append(key)
    # 余/多 follow the magnitude when there is one: 2万余人次, 200余人, 30多个
    mq = re.match(r"^([万亿]?)[余多](.*)$", rest)
    if mq:
        rest = mq.group(1) + mq.group(2)
        qualifiers.append("more_than")
    if len(qualifiers) > 1:
        raise CellValueError(f"{str(cell)[:40]!r} has more than one qualifier; keep one of 余/近/约")
    unit = rest or None
    if unit is not None and unit[:1] in "年月日号":
        raise CellValueError(f"{str(cell)[:40]!r} is a date or period, not a figure; put it in the period column")
    if unit is not None and not _UNIT.fullmatch(unit):
        raise CellValueError(f"{unit!r} in {str(cell)[:40]!r} is not a unit as printed; {_UNIT_HINT}")
    return Parsed(_check(_number(m.group("num"))), unit, qualifiers[0] if qualifiers else None)


def parse_unit(cell: object) -> str | None:
    """Read a unit cell: one of the units the data format knows, or ``None`` when empty."""
    text = parse_text(cell)
    if text is None:
        return None
    unit = _norm(text)
    if not _UNIT.fullmatch(unit):
        raise CellValueError(f"{text!r} is not a unit as printed; {_UNIT_HINT}")
    return unit


def parse_qualifier(cell: object) -> str | None:
    """Read a qualifier cell: more_than/nearly/about, 余/近/约 (and kin), or English words.

    >>> parse_qualifier("余"), parse_qualifier("Nearly"), parse_qualifier("")
    ('more_than', 'nearly', None)
    """
    text = parse_text(cell)
    if text is None:
        return None
    word = unicodedata.normalize("NFKC", text).strip().casefold().replace("-", " ").replace("_", " ")
    key = _QUALIFIER_WORDS.get(word) or _QUALIFIER_WORDS.get(word.replace(" ", "_"))
    if key is None:
        raise CellValueError(f"unknown qualifier {text!r}; expected more_than (余), nearly (近), about (约) "
                             "or an empty cell")
    return key


def parse_text(cell: object) -> str | None:
    """A text cell, trimmed; numbers a spreadsheet made of text (2022) become text again."""
    if cell is None or isinstance(cell, bool):
        return None if cell is None else str(cell)
    if isinstance(cell, float):
        cell = clean_number(cell)
    if isinstance(cell, (_dt.date, _dt.datetime)):
        cell = cell.isoformat()
    text = str(cell).strip()
    return text or None


def parse_adcode(cell: object) -> int | None:
    """An adcode cell (text or number, any digit width) as an int; ``None`` when empty.

    >>> parse_adcode("３４０１００"), parse_adcode(340100.0)
    (340100, 340100)
    """
    text = parse_text(cell)
    if text is None:
        return None
    digits = _norm(text)
    if not re.fullmatch(r"[0-9]{6}", digits):
        raise CellValueError(f"found {text[:40]!r}; expected a six-digit adcode such as 340100")
    return int(digits)
