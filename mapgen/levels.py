"""Administrative levels: what the units of a map are called, in every language.

A map shows the units of one level of a region (Anhui's cities, Sichuan's
prefectures, China's provinces, Hefei's counties). Interface texts say the
level's own words; adding a level is adding a row here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Level", "LEVELS", "MIXED", "level", "words_for"]


@dataclass(frozen=True)
class Level:
    """The words for one level's units.

    ``unit`` follows a count (4市, 4省); ``noun`` stands alone (城市); ``each``
    heads a list (各市); the English forms are singular and plural.
    """

    key: str
    unit: str
    noun: str
    each: str
    en: str
    en_plural: str

    def words(self) -> dict[str, str]:
        """The placeholders interface strings use: {unit} {noun} {each} {en} {ens} {En} {Ens}."""
        return {"unit": self.unit, "noun": self.noun, "each": self.each, "en": self.en, "ens": self.en_plural,
                "En": self.en.capitalize(), "Ens": self.en_plural.capitalize()}


LEVELS = {row.key: row for row in (
    Level("province", "省", "省份", "各省", "province", "provinces"),
    Level("city", "市", "城市", "各市", "city", "cities"),
    Level("county", "县", "区县", "各区县", "county", "counties"),
)}


# The words when a map's units are not all of the level's commonest kind: "4省" would
# count 香港 and 澳门 as provinces, "21市" 阿坝州 as a city, "9县" Hefei's districts.
MIXED = {row.key: row for row in (
    Level("province", "省区市", "省份", "各省区市", "province", "provinces"),
    Level("city", "地", "地区", "各地", "prefecture", "prefectures"),
    Level("county", "区县", "区县", "各区县", "county", "counties"),
)}


def level(key: str) -> Level:
    """The level called ``key`` (province, city or county)."""
    return LEVELS[key]


def words_for(key: str, names: Iterable[str] = ()) -> Level:
    """The words for a map of ``names``, units of level ``key``: the level's own when every
    name is of its kind (Anhui's 16 市), else the words that fit them all.

    >>> words_for("city", ["合肥市", "芜湖市"]).unit, words_for("city", ["成都市", "阿坝藏族羌族自治州"]).unit
    ('市', '地')
    >>> words_for("province", ["安徽省", "香港特别行政区"]).each, words_for("county", ["瑶海区", "肥西县"]).unit
    ('各省区市', '区县')
    """
    row = LEVELS[key]
    names = list(names)
    return row if not names or all(n.endswith(row.unit) for n in names) else MIXED[key]
