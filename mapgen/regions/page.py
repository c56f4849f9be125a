"""The boundaries of a region's map in the form the page draws: one TopoJSON per map.

Regions with a prebuilt file (Anhui's cities and counties, in ``geodata/``) use it as
it is; any other region is cut from the national layers by :func:`load_region` and
encoded here as a TopoJSON of its units (``cities``) and their grey context
(``neighbours``), the object names every boundary file uses. Shared borders stay
shared arcs, so the page stays small. Encoded once per process and region.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from ..boundaries import DEFAULT_FILE, Boundaries, boundaries_from_topology, load_boundaries

__all__ = ["PREBUILT", "region_boundaries"]

# (region adcode, level) -> the shipped file built for it (with its neighbours and labels).
PREBUILT = {(340000, "city"): DEFAULT_FILE}
_DECIMALS = 5


def region_boundaries(adcode: int, level: str) -> Boundaries:
    """The boundaries of the map of region ``adcode`` at ``level``.

    >>> b = region_boundaries(510000, "city")
    >>> len(b.units), b.units[0].name_en
    (21, 'Chengdu')
    """
    if (adcode, level) in PREBUILT:
        return load_boundaries()
    return _encoded(adcode, level)


@lru_cache(maxsize=4)
def _encoded(adcode: int, level: str) -> Boundaries:
    import shapely

    from .._geodata.encode import encode_topology
    from .boundaries import load_region
    from .catalogue import CHINA
    from .inset import inset_data
    from .mainbody import main_extent

    region = load_region(adcode, level)

    def pairs(frame, with_area: bool):
        out = []
        for code, row in frame.iterrows():
            props = {"adcode": int(code), "name": row["name"], "short": row["short"], "name_en": row["name_en"],
                     "label": [round(float(row["label_lon"]), _DECIMALS), round(float(row["label_lat"]), _DECIMALS)]}
            if isinstance(row.get("pinyin"), str) and row["pinyin"]:
                props["pinyin"] = row["pinyin"]
            if with_area:
                props["area_km2"] = round(float(row["area_km2"]), 1)
            out.append((props, shapely.set_precision(row.geometry, 10 ** -_DECIMALS)))
        return out

    topology = encode_topology({"cities": pairs(region.units, True), "neighbours": pairs(region.context, False)},
                               _DECIMALS, {"attribution": region.attribution})
    bounds = boundaries_from_topology(topology, f"{region.region.name} ({level})")
    # all China's main body is the same land at every level: measured on the 34 provinces, cheaply
    land = region if adcode != CHINA or level == "province" else load_region(CHINA, "province")
    main = tuple(round(v, _DECIMALS) for v in main_extent(list(land.units.geometry.values)))
    return dataclasses.replace(bounds, inset=inset_data(region), main_bbox=main if main != bounds.bbox else None)
