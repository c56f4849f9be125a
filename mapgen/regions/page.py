"""The boundaries of a region's map in the form the page draws: one TopoJSON per map.

Regions with a prebuilt file (Anhui's cities, in ``geodata/``) use it as it is; any other
region is cut from the shipped layers by its arcs (:mod:`mapgen.regions.cut`): a topology
of its units (``cities``) and their grey context (``neighbours``), the object names every
boundary file uses. Shared borders stay shared arcs, so the page stays small. Only what
must be measured is decoded into shapely geometry (the neighbours' label points, the
main body the map opens on, the units the 南海诸岛 inset shows); geopandas is not
imported. Cut once per process and region.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from ..boundaries import DEFAULT_FILE, Boundaries, boundaries_from_topology, load_boundaries
from ..errors import GeodataError
from ..topocheck import CONTEXT, UNITS
from .catalogue import CHINA, children, unit
from .cut import Layer, TopologyCut, dissolve, layer, neighbours_of, polygons, simplify_others

__all__ = ["PREBUILT", "region_boundaries"]

# (region adcode, level) -> the shipped file built for it (with its neighbours and labels).
PREBUILT = {(340000, "city"): DEFAULT_FILE}
_DECIMALS = 5
# The grey neighbours' own borders are simplified to half a pixel of the first view (the
# region's larger side spans about 1,000 pixels): Sichuan's 13,400 positions become 6,800.
_CONTEXT_DETAIL = 1 / 2000


def region_boundaries(adcode: int, level: str) -> Boundaries:
    """The boundaries of the map of region ``adcode`` at ``level``.

    >>> b = region_boundaries(510000, "city")
    >>> len(b.units), b.units[0].name_en, [p.short for p in b.context]
    (21, 'Chengdu', ['重庆', '贵州', '云南', '西藏', '陕西', '甘肃', '青海'])
    """
    if (adcode, level) in PREBUILT:
        return load_boundaries()
    return _encoded(adcode, level)


@lru_cache(maxsize=4)
def _encoded(adcode: int, level: str) -> Boundaries:
    from .boundaries import _OBJECT, layer_file

    region = unit(adcode)
    wanted = [u.adcode for u in children(adcode, level)]
    name = layer_file(adcode, level)
    lay = layer(name, _OBJECT[level])
    missing = sorted(set(wanted) - set(lay.units))
    if missing:
        raise GeodataError(f"{name}: lacks {len(missing)} unit(s) of {region.name} "
                           f"({', '.join(map(str, missing[:10]))}); rebuild with `mapgen geodata`")
    attribution = lay.topology.get("metadata", {}).get("attribution", "")
    if adcode == CHINA:
        topology, bbox, geometries = _whole(lay, wanted, attribution)
    else:
        cut = TopologyCut(lay)
        for code in wanted:
            g = lay.units[code]
            cut.add(UNITS, polygons(g), lay, _unit_properties(g["properties"]))
        _add_context(cut, region.adcode, level)
        topology = cut.topology((UNITS, CONTEXT), {"attribution": attribution})
        bbox = cut.extent(UNITS)
        geometries = _shapes(topology, UNITS)
        _label_context(topology, bbox)  # on the neighbours' full detail
        simplify_others(topology, UNITS, _CONTEXT_DETAIL * max(bbox[2] - bbox[0], bbox[3] - bbox[1]))
    bounds = boundaries_from_topology(topology, f"{region.name} ({level})", bbox)
    main = _main_extent(adcode, level, geometries)
    inset = _inset(wanted, geometries) if adcode == CHINA else None
    return dataclasses.replace(bounds, inset=inset, main_bbox=main if main != bounds.bbox else None)


def _whole(lay: Layer, wanted: list[int], attribution: str) -> tuple[dict, tuple[float, ...], list]:
    """A map of a whole national layer: its own arcs, as shipped."""
    import shapely

    units = [{"type": g["type"], "arcs": g["arcs"], "properties": _unit_properties(g["properties"])}
             for g in (lay.units[code] for code in wanted)]
    topology = {"type": "Topology", "transform": lay.topology["transform"], "arcs": lay.arcs,
                "objects": {UNITS: {"type": "GeometryCollection", "geometries": units},
                            CONTEXT: {"type": "GeometryCollection", "geometries": []}},
                "metadata": {"attribution": attribution}}
    geometries = _shapes(topology, UNITS)
    bbox = tuple(round(float(v), _DECIMALS) for v in shapely.total_bounds(geometries))
    return topology, bbox, geometries


def _unit_properties(props: dict) -> dict:
    out = {"adcode": int(props["adcode"]), "name": props["name"], "short": props["short"], "name_en": props["name_en"],
           "label": [round(float(v), _DECIMALS) for v in props["label"]]}
    if isinstance(props.get("pinyin"), str) and props["pinyin"]:
        out["pinyin"] = props["pinyin"]
    out["area_km2"] = round(float(props["area_km2"]), 1)
    return out


def _add_context(cut: TopologyCut, adcode: int, level: str) -> None:
    """The units of the region's own level that border it, each dissolved from its units at
    ``level`` in the layer the map is drawn from (so the grey meets the map's units)."""
    from .boundaries import _NATIONAL, _OBJECT, _drawn, layer_file

    own = unit(adcode).level
    # who borders the region: shared arcs in the national layer of its own level
    for cand in neighbours_of(layer(_NATIONAL[own], _OBJECT[own]), [adcode]):
        try:
            other: Layer = layer(layer_file(cand, level), _OBJECT[level])
        except GeodataError:
            continue
        parts = [other.units[u.adcode] for u in _drawn(cand, level) if u.adcode in other.units]
        if not parts:
            continue
        u = unit(cand)
        props = {"adcode": u.adcode, "name": u.name, "short": u.short, "name_en": u.name_en, "label": [0.0, 0.0]}
        if u.pinyin:
            props["pinyin"] = u.pinyin
        cut.add(CONTEXT, dissolve(other, parts, u.name), other, props)


def _shapes(topology: dict, name: str) -> list:
    from .boundaries import _decode

    return _decode(topology, name)[1]


def _label_context(topology: dict, bbox: tuple[float, float, float, float]) -> None:
    """Place each neighbour's label inside the part of it nearest the region (its largest
    piece within the region's box grown by a share of its size)."""
    import shapely

    from .boundaries import _CONTEXT_WINDOW, _decode, _polylabel

    minx, miny, maxx, maxy = bbox
    pad = _CONTEXT_WINDOW * max(maxx - minx, maxy - miny)
    window = shapely.box(minx - pad, miny - pad, maxx + pad, maxy + pad)
    for props, geom in zip(*_decode(topology, CONTEXT)):
        near = shapely.intersection(geom, window)
        near_parts = [p for p in shapely.get_parts(near) if p.geom_type == "Polygon" and p.area > 0]
        target = max(near_parts, key=lambda p: p.area) if near_parts else geom
        props["label"] = list(_polylabel(target))


def _main_extent(adcode: int, level: str, geometries: list) -> tuple[float, ...]:
    from .mainbody import main_extent

    if adcode == CHINA and level != "province":
        return _china_main()  # all China's main body is the same land at every level
    return tuple(round(v, _DECIMALS) for v in main_extent(geometries))


@lru_cache(maxsize=1)
def _china_main() -> tuple[float, ...]:
    from .boundaries import _NATIONAL
    from .mainbody import main_extent

    provinces = layer(_NATIONAL["province"], "provinces").topology
    return tuple(round(v, _DECIMALS) for v in main_extent(_shapes(provinces, "provinces")))


def _inset(adcodes: list[int], geometries: list) -> dict:
    from .boundaries import inset_features
    from .inset import inset_from

    return inset_from(list(inset_features()), adcodes, geometries)
