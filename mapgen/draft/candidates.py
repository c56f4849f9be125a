"""Which units an article may be about: the one place that knows where units come from.

Today: the 16 cities and 104 county-level units of Anhui from the shipped boundaries, and
China's 34 provincial-level units from a small table. When the catalogue of all units of
China lands (``mapgen.regions.catalogue``), :func:`candidate_units` reads it instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from ..names import name_key
from .read import ArticleError

__all__ = ["Unit", "Region", "candidate_units", "guess_region", "REGIONS"]


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


# adcode, name, short: the provincial-level units (GB/T 2260).
_PROVINCES = """\
110000 北京市 北京|120000 天津市 天津|130000 河北省 河北|140000 山西省 山西|150000 内蒙古自治区 内蒙古
210000 辽宁省 辽宁|220000 吉林省 吉林|230000 黑龙江省 黑龙江|310000 上海市 上海|320000 江苏省 江苏
330000 浙江省 浙江|340000 安徽省 安徽|350000 福建省 福建|360000 江西省 江西|370000 山东省 山东
410000 河南省 河南|420000 湖北省 湖北|430000 湖南省 湖南|440000 广东省 广东|450000 广西壮族自治区 广西
460000 海南省 海南|500000 重庆市 重庆|510000 四川省 四川|520000 贵州省 贵州|530000 云南省 云南
540000 西藏自治区 西藏|610000 陕西省 陕西|620000 甘肃省 甘肃|630000 青海省 青海|640000 宁夏回族自治区 宁夏
650000 新疆维吾尔自治区 新疆|710000 台湾省 台湾|810000 香港特别行政区 香港|820000 澳门特别行政区 澳门"""


def _provinces() -> tuple[Unit, ...]:
    rows = (r.split() for line in _PROVINCES.splitlines() for r in line.split("|"))
    return tuple(Unit(int(code), name, short) for code, name, short in rows)


def _anhui_cities() -> tuple[Unit, ...]:
    from ..boundaries import load_boundaries

    frame = load_boundaries().cities
    return tuple(Unit(int(code), row["name"], row["short"]) for code, row in frame.iterrows())


def _anhui_counties() -> tuple[Unit, ...]:
    text = resources.files("mapgen.geodata").joinpath("anhui_counties.topo.json").read_text("utf-8")
    geoms = json.loads(text)["objects"]["counties"]["geometries"]
    return tuple(sorted(Unit(g["properties"]["adcode"], g["properties"]["name"], g["properties"]["short"])
                        for g in geoms))


# (region key, level) -> (region name, words naming the whole, loader). A row per region.
REGIONS = {
    ("安徽", "city"): ("安徽省", ("安徽省", "安徽", "全省"), _anhui_cities),
    ("安徽", "county"): ("安徽省", ("安徽省", "安徽", "全省"), _anhui_counties),
    ("中国", "province"): ("中国", ("中国", "全国"), _provinces),
}
_DEFAULT_LEVEL = {"安徽": "city", "中国": "province"}


def candidate_units(region: str, level: str | None = None) -> Region:
    """The units of ``region`` at ``level`` (default: the level below the region).

    >>> r = candidate_units("安徽")
    >>> r.level, len(r.units), r.units[0].name
    ('city', 16, '合肥市')
    >>> len(candidate_units("China").units)
    34
    """
    key = name_key(region)
    key = {"anhui": "安徽", "安徽省": "安徽", "china": "中国", "全国": "中国"}.get(key, key)
    level = level or _DEFAULT_LEVEL.get(key)
    row = REGIONS.get((key, level))
    if row is None:
        known = ", ".join(f"{r} --level {lv}" for r, lv in REGIONS)
        raise ArticleError(f"mapgen extract does not know the units of {region!r} at level {level!r} yet; "
                           f"it knows: {known}")
    name, aliases, load = row
    return Region(name, level, aliases, load())


def guess_region(text: str) -> Region:
    """The region whose units the text names most (Anhui's cities, or China's provinces)."""
    best, best_hits = None, 0
    for key, level in (("安徽", "city"), ("中国", "province")):
        region = candidate_units(key, level)
        hits = sum(1 for u in region.units if u.short in text)
        if hits > best_hits:
            best, best_hits = region, hits
    if best is None:
        raise ArticleError("the article names no city of Anhui and no province of China; "
                           "give the region with --region (and --level)")
    return best
