"""The 南海诸岛 inset of a map of all China, reduced to what a small frame can show.

The shipped inset (``geodata/china_south_sea.geojson``, read by :func:`load_region`)
keeps reefs of a few hundred metres; in a frame 100 to 250 pixels wide a pixel is
about a tenth of a degree, so every island is a dot. This keeps one dot per
0.1-degree cell (the first island of the cell in a fixed order), the ten dashes
simplified to 0.02 degrees, and the adcodes of the map's units that reach into
the frame. Plain, rounded numbers: the same bytes on every build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .boundaries import RegionBoundaries

__all__ = ["EXTENT", "inset_data", "inset_from"]

# (west, south, east, north): Hainan and the coast of 广东 and 广西, the south of 台湾,
# the ten dashes (108.2 to 122.8 E, 3.4 to 24.6 N) and 曾母暗沙 (3.9 N).
EXTENT = (106.5, 2.5, 123.5, 25.5)
_CELL = 0.1  # degrees: one island dot per cell
_LINE_TOLERANCE = 0.02  # degrees; a fifth of a pixel in a 170-pixel frame
_DIGITS = 2


def inset_data(region: RegionBoundaries) -> dict | None:
    """The inset of ``region`` (a map of 中国 at any level) as plain data; None for other maps.

    Returns ``{"extent", "name", "name_en", "lines", "islands", "units"}``: see
    :class:`mapgen.scene.Inset` for what each holds.

    >>> from mapgen.regions.boundaries import load_region
    >>> d = inset_data(load_region("中国"))
    >>> len(d["lines"]), d["name"], 460000 in d["units"], 110000 in d["units"]
    (10, '南海诸岛', True, False)
    """
    if region.inset is None:
        return None
    features = [{"kind": r["kind"], "name": r["name"], "name_en": r["name_en"], "geometry": g}
                for (_, r), g in zip(region.inset.iterrows(), region.inset.geometry.values)]
    return inset_from(features, [int(c) for c in region.units.index], list(region.units.geometry.values))


def inset_from(features: list[dict], adcodes: list[int], geometries: list) -> dict:
    """The inset from the shipped inset's features (``kind``, ``name``, ``name_en``, shapely
    ``geometry``) and the map's units (adcodes and their shapely geometries)."""
    import numpy as np
    import shapely

    line = next(f["geometry"] for f in features if f["kind"] == "ten_dash_line")
    islands_row = next(f for f in features if f["kind"] == "islands")
    dashes = [[[round(x, _DIGITS), round(y, _DIGITS)] for x, y in d.coords]
              for d in shapely.get_parts(shapely.simplify(line, _LINE_TOLERANCE))]
    parts = shapely.get_parts(islands_row["geometry"])
    points = shapely.get_coordinates(shapely.point_on_surface(parts))
    order = np.lexsort((points[:, 0], -points[:, 1]))  # north to south, then west to east
    seen, dots = set(), []
    for x, y in points[order]:
        cell = (int(np.floor(x / _CELL)), int(np.floor(y / _CELL)))
        if cell not in seen:
            seen.add(cell)
            dots.append([round(float(x), _DIGITS), round(float(y), _DIGITS)])
    reach = shapely.intersects(np.asarray(geometries, dtype=object), shapely.box(*EXTENT))
    units = [code for code, inside in zip(adcodes, reach) if inside]
    return {"extent": EXTENT, "name": islands_row["name"], "name_en": islands_row["name_en"],
            "lines": dashes, "islands": dots, "units": sorted(units)}
