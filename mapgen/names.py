"""Name normalisation: one function used on both sides of every name match.

Editors write a city as 合肥市, 合肥, 合肥 in Traditional script, Hefei or
hefei. ``name_key`` maps all of those to the same key, so a record's name can
be compared with a boundary's names without special cases.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["name_key", "aliases", "pinyin", "pinyin_syllables"]

_DROP = re.compile(r"[\s'’`·\-_.]+")


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def name_key(text: str) -> str:
    """Normalise a place name for matching.

    >>> name_key("蕪湖市") == name_key("芜湖") == "芜湖"
    True
    >>> name_key("Ma'anshan")
    'maanshan'
    """
    t = unicodedata.normalize("NFKC", text).casefold()
    t = _DROP.sub("", t)
    if any(ord(ch) > 0x2E80 for ch in t):
        t = _t2s().convert(t)
    for suffix in ("市", "city"):
        if t.endswith(suffix) and len(t) > len(suffix) + 1:
            t = t[: -len(suffix)]
    return t


@cache
def pinyin_syllables(text: str) -> tuple[str, ...]:
    """Toneless pinyin syllables of a Chinese name, lower case: 六安 -> ('lu', 'an').

    Boundary files store them, so a build loads the dictionary only for a
    supplied file that lacks them.
    """
    from pypinyin import lazy_pinyin  # 0.25 s and 55 MB to load: only when a name needs it

    return tuple(lazy_pinyin(text))


def pinyin(text: str) -> str:
    """Toneless pinyin of a Chinese name, lower case, no spaces: 六安 -> luan."""
    return "".join(pinyin_syllables(text))


def aliases(name: str, short: str, name_en: str, with_pinyin: bool = False) -> frozenset[str]:
    """Every key under which a boundary can be found."""
    keys = {name_key(name), name_key(short), name_key(name_en)}
    if with_pinyin:
        keys.add(name_key(pinyin(short)))
    return frozenset(keys)
