"""Which units an article may be about: the one place that knows where units come from.

The units are those of the region catalogue (``mapgen.regions.catalogue``: all units of
China with their names and parents). The extractor only needs each unit's adcode, full
name and short name, and the words that name the region itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import MapgenError
from .read import ArticleError

__all__ = ["Unit", "Region", "candidate_units", "guess_region"]

# Words naming the whole region, by the region's own level: a figure said of it is a total.
_WHOLE = {"country": ("全国",), "province": ("全省",), "city": ("全市",), "county": ("全县",)}


@dataclass(frozen=True)
class Unit:
    """A unit an article can name: ``name`` (合肥市) and ``short`` (合肥), in Simplified script."""

    adcode: int
    name: str
    short: str


@dataclass(frozen=True)
class Region:
    """The area a map covers, the level of its units, and the words that name the whole.

    ``aliases`` name the region itself (安徽省, 全省): a figure said of it is a total, not a
    unit's figure.
    """

    name: str
    level: str
    aliases: tuple[str, ...]
    units: tuple[Unit, ...]


def candidate_units(region: str, level: str | None = None) -> Region:
    """The units of ``region`` at ``level`` (default: the level below the region).

    ``region`` is a name in any script or form, or an adcode.

    >>> r = candidate_units("安徽")
    >>> r.level, len(r.units), r.units[0].name, r.aliases
    ('city', 16, '合肥市', ('安徽省', '安徽', '全省'))
    >>> len(candidate_units("China").units), len(candidate_units("安徽", "county").units)
    (34, 104)
    """
    from ..regions import catalogue

    try:
        whole = catalogue.resolve(region)
        level = level or catalogue.default_level(whole.adcode)
        children = catalogue.children(whole.adcode, level)
    except MapgenError as exc:
        given = f"--region {region}" + (f" --level {level}" if level else "")
        raise ArticleError(f"{given}: {exc}") from None
    whole_words = _WHOLE.get(whole.level, ()) + (("全区",) if whole.name.endswith("区") else ())
    aliases = tuple(dict.fromkeys((whole.name, whole.short, *whole.aliases, *whole_words)))
    return Region(whole.name, level, aliases, tuple(Unit(u.adcode, u.name, u.short) for u in children))


def guess_region(text: str) -> Region:
    """The region whose units the text names most: a province's cities, or China's provinces.

    >>> guess_region("合肥市增长5%,芜湖市增长6%。").name
    '安徽省'
    """
    from ..regions import catalogue

    provinces = catalogue.children(catalogue.CHINA, "province")
    best, best_hits = None, 0
    province_hits = sum(1 for p in provinces if p.short in text)
    for p in provinces:
        try:
            cities = catalogue.children(p.adcode, "city")
        except MapgenError:
            continue  # drawn as a single unit (香港, 澳门)
        hits = sum(1 for c in cities if c.adcode != p.adcode and len(c.short) >= 2 and c.short in text)
        if hits > best_hits:
            best, best_hits = p, hits
    if best_hits == 0 and province_hits == 0:
        raise ArticleError("the article names no province or city of China; "
                           "give the region with --region (and --level)")
    if province_hits >= best_hits:
        return candidate_units("中国", "province")
    return candidate_units(str(best.adcode), "city")
