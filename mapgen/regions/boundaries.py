"""The shipped boundaries of any region of China at any level, ready to draw.

:func:`load_region` picks the file simplified for the scale the map is seen at (an
overview for maps of all China, regional detail for a province or a city), keeps the units
of the region, and adds the context around it: the units of the region's own level that
border it (Anhui's neighbouring provinces, Hefei's neighbouring cities), dissolved from the
same coverage so their borders meet the region's units exactly. A map of all China gets
the 南海诸岛 inset instead. Decoded files are cached, so a second map costs nothing to read.

The files are in ``mapgen.geodata`` (``geodata/`` in the source tree), built by
``mapgen geodata``; see ``geodata/README.md``.
"""

from __future__ import annotations

import gc
import importlib.resources
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from mapgen.errors import GeodataError
from mapgen.regions.catalogue import CHINA, RegionError, Unit, ancestors, children, default_level, resolve, unit

if TYPE_CHECKING:
    import geopandas

__all__ = ["RegionBoundaries", "load_region", "layer_file", "INSET_FILE"]

INSET_FILE = "china_south_sea.geojson"
_NATIONAL = {"province": "china_provinces.topo.json", "city": "china_cities_overview.topo.json",
             "county": "china_counties_overview.topo.json"}
_REGIONAL = {"city": "china_cities.topo.json", "county": "counties/{province}.topo.json"}
_OBJECT = {"province": "provinces", "city": "cities", "county": "counties"}
_CONTEXT_WINDOW = 0.15  # context labels go inside the region's box grown by this share of its size


@dataclass(frozen=True)
class RegionBoundaries:
    """What a map of one region at one level draws.

    Attributes
    ----------
    region : Unit
        The region mapped (中国, a province or a city).
    level : str
        ``"province"``, ``"city"`` or ``"county"``.
    units : geopandas.GeoDataFrame
        One row per unit, indexed by adcode, sorted: ``name``, ``short``, ``name_en``,
        ``pinyin``, ``parent``, ``area_km2`` (of the unsimplified source), ``label_lon``,
        ``label_lat`` (pole of inaccessibility) and the WGS84 ``geometry``.
    context : geopandas.GeoDataFrame
        The units of the region's own level that border it, same columns less ``area_km2``
        and ``parent``, labels placed near the region. Empty for 中国.
    inset : geopandas.GeoDataFrame or None
        For a map of 中国: the ten-dash line (``kind`` ``"ten_dash_line"``) and the 南海诸岛
        islands (``"islands"``), for the inset. None otherwise.
    attribution : str
        Credit line for the boundaries.
    """

    region: Unit
    level: str
    units: geopandas.GeoDataFrame
    context: geopandas.GeoDataFrame
    inset: geopandas.GeoDataFrame | None
    attribution: str


def layer_file(region: int, level: str) -> str:
    """The shipped file a map of ``region`` at ``level`` is drawn from.

    >>> layer_file(100000, "province"), layer_file(510000, "county"), layer_file(340100, "county")
    ('china_provinces.topo.json', 'counties/510000.topo.json', 'counties/340000.topo.json')
    """
    if region == CHINA:
        return _NATIONAL[level]
    province = region if unit(region).level == "province" else _ancestor_at(unit(region), "province").adcode
    return _REGIONAL[level].format(province=province)


def load_region(region: int | str | Unit, level: str | None = None) -> RegionBoundaries:
    """Load the boundaries of a map of ``region`` at ``level``.

    Parameters
    ----------
    region : int, str or Unit
        An adcode, any name :func:`mapgen.regions.resolve` accepts (四川, Sichuan, 中国), or a Unit.
    level : str, optional
        ``"province"``, ``"city"`` or ``"county"``; default: the level below the region.

    Raises
    ------
    RegionError
        If the region is unknown or ambiguous, or has no units at ``level``.
    GeodataError
        If a shipped file is missing or lacks units of the catalogue.

    Examples
    --------
    >>> b = load_region("四川")
    >>> len(b.units), b.units.loc[510100, "name_en"], 500000 in b.context.index
    (21, 'Chengdu', True)
    """
    if isinstance(region, Unit):
        reg = region
    elif isinstance(region, int) or str(region).strip().isdigit():
        reg = unit(region)
    else:
        reg = resolve(str(region))
    level = level or default_level(reg.adcode)
    wanted = [u.adcode for u in children(reg.adcode, level)]
    frame, attribution = _layer(layer_file(reg.adcode, level), level)
    missing = sorted(set(wanted) - set(frame.index))
    if missing:
        raise GeodataError(f"{layer_file(reg.adcode, level)}: lacks {len(missing)} unit(s) of {reg.name} "
                           f"({', '.join(map(str, missing[:10]))}); rebuild with `mapgen geodata`")
    units = frame.loc[wanted]
    if reg.adcode == CHINA:
        return RegionBoundaries(reg, level, units, _empty_context(), _inset(), attribution)
    return RegionBoundaries(reg, level, units, _context(reg, level, units), None, attribution)


def _ancestor_at(u: Unit, level: str) -> Unit:
    if u.level == level:
        return u
    for a in ancestors(u.adcode):
        if a.level == level:
            return a
    return u  # 东莞 at county level groups as itself


@lru_cache(maxsize=64)
def _layer(name: str, level: str) -> tuple[geopandas.GeoDataFrame, str]:
    """Decode one shipped file into a frame indexed by adcode (cached)."""
    import geopandas

    resource = importlib.resources.files("mapgen.geodata").joinpath(name)
    try:
        raw = resource.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise GeodataError(f"geodata/{name} is missing from the package; rebuild with `mapgen geodata`") from None
    # Parsing makes millions of small lists; the cyclic GC would rescan them all for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        topology = json.loads(raw)
        pairs = sorted(zip(*_decode(topology, _OBJECT[level])), key=lambda pg: pg[0]["adcode"])
    finally:
        if enabled:
            gc.enable()
    props, geoms = [p for p, _ in pairs], [g for _, g in pairs]
    data = {c: [p.get(c) for p in props] for c in ("adcode", "name", "short", "name_en", "pinyin", "parent", "area_km2")}
    data["label_lon"] = [float(p["label"][0]) for p in props]
    data["label_lat"] = [float(p["label"][1]) for p in props]
    frame = geopandas.GeoDataFrame(data, geometry=geoms, crs="EPSG:4326")
    frame.index = frame["adcode"].rename("adcode")
    return frame, topology.get("metadata", {}).get("attribution", "")


def _decode(topology: dict, name: str) -> tuple[list[dict], list]:
    """Decode a quantised, delta-encoded TopoJSON object with numpy, all arcs at once.

    Ten times faster than building shapely objects ring by ring.
    """
    import numpy as np
    import shapely

    from .cut import grid_positions

    try:
        collection = topology["objects"][name]["geometries"]
        arcs = topology["arcs"]
        scale = np.array(topology["transform"]["scale"], dtype=float)
        translate = np.array(topology["transform"]["translate"], dtype=float)
    except (KeyError, TypeError):
        raise GeodataError(f"not a quantised TopoJSON with object {name!r}; rebuild with `mapgen geodata`") from None
    if not collection:
        return [], []
    grid, starts, lengths = grid_positions(arcs)
    xy = grid * scale + translate
    decimals = int(round(-np.log10(scale[0])))
    xy = np.round(xy, decimals)

    # Flatten geometry -> polygon -> ring -> arc reference, then gather every ring's points
    # with one fancy index and build all rings, polygons and units with vectorised shapely.
    refs, ref_ring, ring_poly, poly_unit, props = [], [], [], [], []
    for u, g in enumerate(collection):
        props.append(g["properties"])
        for poly in (g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]):
            for ring in poly:
                refs += ring
                ref_ring += [len(ring_poly)] * len(ring)
                ring_poly.append(len(poly_unit))
            poly_unit.append(u)
    r = np.asarray(refs, dtype=np.int64)
    ref_ring = np.asarray(ref_ring, dtype=np.int64)
    forward = r >= 0
    a = np.where(forward, r, ~r)
    first = np.r_[True, ref_ring[1:] != ref_ring[:-1]]  # a ring's first arc keeps its first point
    skip = (~first).astype(np.int64)
    take = lengths[a] - skip
    seg = np.repeat(np.arange(len(r)), take)
    offset = np.arange(take.sum()) - np.repeat(np.cumsum(take) - take, take)
    base = np.where(forward, starts[a] + skip, starts[a] + lengths[a] - 1 - skip)[seg]
    index = np.where(forward[seg], base + offset, base - offset)
    rings = shapely.linearrings(xy[index], indices=ref_ring[seg])
    polygons = shapely.polygons(rings, indices=np.asarray(ring_poly))
    parts = np.bincount(np.asarray(poly_unit), minlength=len(collection))
    multi = shapely.multipolygons(polygons, indices=np.asarray(poly_unit))
    single = np.flatnonzero(parts == 1)
    first_poly = np.cumsum(parts) - parts
    geoms = multi.astype(object)
    geoms[single] = polygons[first_poly[single]]
    return props, list(geoms)


def _empty_context() -> geopandas.GeoDataFrame:
    import geopandas

    cols = ["adcode", "name", "short", "name_en", "pinyin", "label_lon", "label_lat"]
    frame = geopandas.GeoDataFrame({c: [] for c in cols}, geometry=[], crs="EPSG:4326")
    frame.index = frame["adcode"].rename("adcode")
    return frame


def _context(region: Unit, level: str, units: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """Units of the region's own level bordering it, dissolved from the same layer."""
    import geopandas
    import numpy as np
    import shapely

    outline = shapely.coverage_union_all(np.array(units.geometry.values, dtype=object))
    # Who borders the region: the neighbours at its own level in the coarse national layer
    # (cheap), confirmed on the layer the map is drawn from (exact).
    peers, _ = _layer(_NATIONAL[region.level], region.level)
    grown = shapely.buffer(outline, 0.05)
    candidates = [int(a) for a, g in zip(peers.index, peers.geometry.values)
                  if a != region.adcode and shapely.intersects(g, grown)]
    pieces: dict[int, list] = {}
    for cand in candidates:
        try:
            layer = _layer(layer_file(cand, level), level)[0]
        except GeodataError:
            continue
        for u in _drawn(cand, level):
            if u.adcode in layer.index:
                pieces.setdefault(cand, []).append(layer.geometry.loc[u.adcode])
    minx, miny, maxx, maxy = outline.bounds
    pad = _CONTEXT_WINDOW * max(maxx - minx, maxy - miny)
    window = shapely.box(minx - pad, miny - pad, maxx + pad, maxy + pad)
    rows, geoms = [], []
    for cand, parts in sorted(pieces.items()):
        geom = shapely.coverage_union_all(np.array(parts, dtype=object))
        if not shapely.touches(geom, outline) and not shapely.intersects(geom, shapely.buffer(outline, 1e-6)):
            continue
        near = shapely.intersection(geom, window)
        near_parts = [p for p in shapely.get_parts(near) if p.geom_type == "Polygon" and p.area > 0]
        target = max(near_parts, key=lambda p: p.area) if near_parts else geom
        label = _polylabel(target)
        u = unit(cand)
        rows.append({"adcode": u.adcode, "name": u.name, "short": u.short, "name_en": u.name_en,
                     "pinyin": u.pinyin, "label_lon": label[0], "label_lat": label[1]})
        geoms.append(geom)
    if not rows:
        return _empty_context()
    frame = geopandas.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
    frame.index = frame["adcode"].rename("adcode")
    return frame


def _drawn(adcode: int, level: str) -> tuple[Unit, ...]:
    """The units that make up ``adcode`` at ``level`` (itself when it has none below)."""
    u = unit(adcode)
    if u.level == level:
        return (u,)
    try:
        return children(adcode, level)
    except RegionError:
        return (u,) if level in u.levels else ()


def _polylabel(polygon) -> tuple[float, float]:
    import shapely
    from shapely.ops import polylabel

    parts = shapely.get_parts(polygon)
    part = max(parts, key=lambda p: p.area)
    minx, miny, maxx, maxy = part.bounds
    point = polylabel(part, tolerance=max(maxx - minx, maxy - miny) / 200)
    return round(point.x, 5), round(point.y, 5)


@lru_cache(maxsize=1)
def inset_features() -> tuple[dict, ...]:
    """The shipped 南海诸岛 inset: ``kind``, ``name``, ``name_en`` and shapely ``geometry`` per feature."""
    import shapely

    resource = importlib.resources.files("mapgen.geodata").joinpath(INSET_FILE)
    try:
        features = json.loads(resource.read_bytes())["features"]
    except FileNotFoundError:
        raise GeodataError(f"geodata/{INSET_FILE} is missing from the package; rebuild with `mapgen geodata`") \
            from None
    return tuple({"kind": f["properties"]["kind"], "name": f["properties"]["name"],
                  "name_en": f["properties"]["name_en"], "geometry": shapely.from_geojson(json.dumps(f["geometry"]))}
                 for f in features)


@lru_cache(maxsize=1)
def _inset() -> geopandas.GeoDataFrame:
    import geopandas

    features = inset_features()
    rows = [{k: f[k] for k in ("kind", "name", "name_en")} for f in features]
    return geopandas.GeoDataFrame(rows, geometry=[f["geometry"] for f in features], crs="EPSG:4326")
