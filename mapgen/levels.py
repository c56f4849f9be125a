"""Administrative levels: what the units of a map are called, in every language.

A map shows the units of one level of a region (Anhui's cities, Sichuan's
prefectures, China's provinces, Hefei's counties). Interface texts say the
level's own words; adding a level is adding a row here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Level", "LEVELS", "level"]


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


def level(key: str) -> Level:
    """The level called ``key`` (province, city or county)."""
    return LEVELS[key]
