"""Stage 2: load the shipped boundaries (TopoJSON) into GeoDataFrames.

The boundary file is built ahead of time by ``mapgen geodata`` (see ``geodata/README.md``);
this module only reads it, with numpy, shapely and geopandas, imported when first needed
so that ``import mapgen.boundaries`` stays cheap.
"""

from __future__ import annotations

import importlib.resources
import hashlib
import json
import math
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mapgen.errors import GeodataError

if TYPE_CHECKING:
    import geopandas
    import shapely

__all__ = ["Boundaries", "Place", "load_boundaries", "decode_topology", "DEFAULT_FILE"]

DEFAULT_FILE = "anhui.topo.json"
UNITS, CONTEXT = "cities", "neighbours"  # the file's object names: the map's units, grey context
_EXPECTED_COUNT = {UNITS: 16, CONTEXT: 6}
_NUMBER = (int, float)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_PROPERTIES: dict[str, dict[str, type | tuple[type, ...]]] = {
    "cities": {"adcode": int, "name": str, "short": str, "name_en": str, "area_km2": _NUMBER, "label": list},
    "neighbours": {"adcode": int, "name": str, "short": str, "name_en": str, "label": list},
}


@dataclass(frozen=True)
class Place:
    """One boundary unit as the map needs it: names, label point, area; no geometry.

    The geometry stays in the topology, which the page draws; geometry work
    (tests, exports) uses :attr:`Boundaries.cities` and friends.
    """

    adcode: int
    name: str
    short: str
    name_en: str
    label: tuple[float, float]
    area_km2: float | None = None
    pinyin: str | None = None


@dataclass(frozen=True)
class Boundaries:
    """The boundaries a map is drawn with.

    Attributes
    ----------
    units : tuple of Place
        The units the map shows (Anhui's cities in the shipped file), sorted by adcode.
    context : tuple of Place
        The units around them drawn as grey context (the neighbouring provinces).
    topology : dict
        The parsed TopoJSON, to embed in the page.
    source_path : str
        Where it was read from.
    bbox : tuple of float
        ``(west, south, east, north)`` of the units, in degrees.
    """

    units: tuple[Place, ...]
    context: tuple[Place, ...]
    topology: dict
    source_path: str
    bbox: tuple[float, float, float, float]

    @cached_property
    def cities(self) -> geopandas.GeoDataFrame:
        """The units as a GeoDataFrame indexed by adcode, for geometry work.

        Columns ``adcode, name, short, name_en, pinyin, area_km2, label_lon, label_lat,
        geometry`` (WGS84); imports geopandas, so the map build never calls it.
        """
        return _frame(decode_topology(self.topology, UNITS))

    @cached_property
    def page_topology(self) -> dict:
        """The topology as the page carries it (encoded once per loaded file)."""
        from .topology import page_topology

        return page_topology(self.topology, (UNITS, CONTEXT))

    @cached_property
    def neighbours(self) -> geopandas.GeoDataFrame:
        """The context units as a GeoDataFrame (as :attr:`cities`, without area)."""
        return _frame(decode_topology(self.topology, CONTEXT))


def load_boundaries(path: str | Path | None = None) -> Boundaries:
    """Read and check a boundary TopoJSON file.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A TopoJSON file with objects ``cities`` and ``neighbours`` (which may be empty).
        Default: the shipped ``anhui.topo.json``, which must hold 16 cities and 6 neighbours.
        A supplied file is also checked geometrically (valid polygons, labels inside);
        the shipped one was checked when it was built, so a build needs no geometry library.

    Returns
    -------
    Boundaries

    Raises
    ------
    GeodataError
        If the file is missing or unreadable, is not JSON, or lacks objects, properties
        or units; the message names the file and every problem found.

    Examples
    --------
    >>> b = load_boundaries()
    >>> len(b.units), b.units[0].name_en
    (16, 'Hefei')
    """
    raw, where = _read(path)
    key = (where, hashlib.sha256(raw).digest())
    if key not in _LOADED:
        _LOADED.clear()  # one file at a time: a preview server rebuilding after an edit
        _LOADED[key] = _parse(raw, where, shipped=path is None)
    return _LOADED[key]


_LOADED: dict[tuple[str, bytes], Boundaries] = {}


def _parse(raw: bytes, where: str, shipped: bool) -> Boundaries:
    try:
        topology = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError as exc:
        raise GeodataError(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise GeodataError(f"{where}: not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})") from None
    except ValueError as exc:
        raise GeodataError(f"{where}: {exc}") from None
    except RecursionError:
        raise GeodataError(f"{where}: the JSON is nested too deeply to be a boundary file") from None
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        raise GeodataError(f"{where}: not a TopoJSON Topology (no \"type\": \"Topology\"); "
                           "rebuild it with `mapgen geodata`")
    _check_limits(topology, where)
    places: dict[str, list[Place]] = {}
    problems: list[str] = []
    meta = topology.get("metadata", {})
    if not isinstance(meta, dict) or not isinstance(meta.get("attribution", ""), str):
        problems.append("'metadata' must be an object whose 'attribution' is text (the credit line for the map)")
    bbox = None
    try:
        rings = RingDecoder(topology)
    except GeodataError as exc:
        problems.append(str(exc))
        rings = None
    for name in (UNITS, CONTEXT):
        if rings is None:
            break
        try:
            collection = _collection(topology, name)
            extent = rings.check_collection(name, collection)
        except GeodataError as exc:
            problems.append(str(exc))
            continue
        if name == UNITS:
            bbox = extent
        props = [g.get("properties") for g in collection]
        found = _check_units(name, props, shipped=shipped)
        if not shipped:  # the shipped file was checked geometrically when it was built
            found += _check_geometry(topology, name)
        problems += found
        if not problems:
            places[name] = sorted((_place(p) for p in props), key=lambda pl: pl.adcode)
    if problems:
        head = f"{where}: {len(problems)} problem{'s' if len(problems) > 1 else ''} in the boundary file"
        raise GeodataError("\n  - ".join([head + ":", *problems]) + "\nRebuild it with `mapgen geodata`.")
    return Boundaries(units=tuple(places[UNITS]), context=tuple(places[CONTEXT]), topology=topology,
                      source_path=where, bbox=bbox)


def _check_limits(topology: dict, where: str) -> None:
    """Units and vertices within the documented limits, counted before anything is decoded."""
    from .limits import UNITS, VERTICES, check

    objects = topology.get("objects")
    units = 0
    if isinstance(objects, dict):
        for obj in objects.values():
            geometries = obj.get("geometries") if isinstance(obj, dict) else None
            units += len(geometries) if isinstance(geometries, list) else 0
    check(UNITS, units, f"{where}: has", GeodataError)
    arcs = topology.get("arcs")
    vertices = sum(len(a) for a in arcs if isinstance(a, list)) if isinstance(arcs, list) else 0
    check(VERTICES, vertices, f"{where}: has", GeodataError)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number a boundary file may hold")


def _place(props: dict) -> Place:
    area = props.get("area_km2")
    pinyin = props.get("pinyin")
    return Place(adcode=props["adcode"], name=props["name"], short=props["short"], name_en=props["name_en"],
                 label=(float(props["label"][0]), float(props["label"][1])),
                 area_km2=float(area) if area is not None else None,
                 pinyin=pinyin if isinstance(pinyin, str) and pinyin else None)


def shipped_file() -> Any:
    """The shipped boundary file (a package resource)."""
    try:
        return importlib.resources.files("mapgen.geodata") / DEFAULT_FILE
    except ModuleNotFoundError:
        # Not installed (running from a source checkout): geodata/ sits beside mapgen/.
        return Path(__file__).resolve().parent.parent / "geodata" / DEFAULT_FILE


def _read(path: str | Path | None) -> tuple[bytes, str]:
    if path is not None:
        from .limits import BOUNDARY_BYTES
        from .paths import read_input

        def refuse(message: str) -> GeodataError:
            return GeodataError(f"{path}: cannot read the boundary file ({message.removeprefix(f'{path}: ')}); "
                                "rebuild it with `mapgen geodata`")

        return read_input(path, "a TopoJSON boundary file", BOUNDARY_BYTES, refuse), str(path)
    target: Any = shipped_file()
    try:
        return target.read_bytes(), str(target)
    except OSError as exc:
        raise GeodataError(f"{target}: cannot read the boundary file ({exc.strerror or exc}); "
                           "rebuild it with `mapgen geodata`") from None


def decode_topology(topology: dict, object_name: str) -> list[tuple[dict, shapely.Geometry]]:
    """Decode one GeometryCollection of a TopoJSON Topology into shapely polygons.

    Parameters
    ----------
    topology : dict
        A parsed TopoJSON Topology (quantised or not).
    object_name : str
        Name of a GeometryCollection of Polygons and MultiPolygons in ``objects``.

    Returns
    -------
    list of (dict, shapely.Geometry)
        Each geometry's properties and its (Multi)Polygon in the topology's coordinates.
        With a quantised topology whose scale is ``10**-d`` coordinates are rounded to
        ``d`` decimals, so they equal the coordinates the file was built from.

    Raises
    ------
    GeodataError
        If the topology or the object is malformed, an arc reference is out of range or a
        polygon is invalid.

    Examples
    --------
    >>> topo = {"type": "Topology", "arcs": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
    ...         "objects": {"a": {"type": "GeometryCollection",
    ...                           "geometries": [{"type": "Polygon", "arcs": [[0]]}]}}}
    >>> decode_topology(topo, "a")[0][1].area
    1.0
    """
    import shapely

    collection = _collection(topology, object_name)
    arcs = _ArcDecoder(topology)
    out = []
    for i, geom in enumerate(collection):
        what = f"object {object_name!r}, geometry {i}"
        if not isinstance(geom, dict):
            raise GeodataError(f"{what}: not a JSON object")
        props = geom.get("properties") or {}
        if isinstance(props, dict) and "adcode" in props:
            what += f" (adcode {props['adcode']})"
        kind, refs = geom.get("type"), geom.get("arcs")
        try:
            if kind == "Polygon":
                shape = _polygon(arcs, refs)
            elif kind == "MultiPolygon":
                shape = shapely.MultiPolygon([_polygon(arcs, part) for part in refs])
            else:
                raise GeodataError(f"type {kind!r}, expected Polygon or MultiPolygon")
        except (GeodataError, TypeError, ValueError, IndexError) as exc:
            raise GeodataError(f"{what}: {exc}") from None
        if not shape.is_valid:
            raise GeodataError(f"{what}: invalid polygon ({shapely.is_valid_reason(shape)})")
        out.append((dict(props) if isinstance(props, dict) else props, shape))
    return out


def _collection(topology: Any, name: str) -> list:
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        raise GeodataError("not a TopoJSON Topology (no \"type\": \"Topology\")")
    if not isinstance(topology.get("arcs"), list):
        raise GeodataError("the Topology has no \"arcs\" list")
    objects = topology.get("objects")
    if not isinstance(objects, dict) or name not in objects:
        found = sorted(objects) if isinstance(objects, dict) else []
        raise GeodataError(f"no object {name!r} in the Topology (found {found})")
    obj = objects[name]
    if not isinstance(obj, dict) or obj.get("type") != "GeometryCollection" \
            or not isinstance(obj.get("geometries"), list):
        raise GeodataError(f"object {name!r} is not a GeometryCollection with a \"geometries\" list")
    return obj["geometries"]


class _ArcDecoder:
    """Decode arcs on first use: undo delta encoding and quantisation."""

    def __init__(self, topology: dict):
        transform = topology.get("transform")
        self.arcs = topology["arcs"]
        self.cache: dict[int, Any] = {}
        self.scale = self.translate = None
        self.decimals: int | None = None
        if transform is not None:
            try:
                self.scale = [float(v) for v in transform["scale"]][:2]
                self.translate = [float(v) for v in transform["translate"]][:2]
            except (KeyError, TypeError, ValueError):
                raise GeodataError("\"transform\" needs numeric \"scale\" and \"translate\"") from None
            d = -math.log10(self.scale[0]) if self.scale[0] > 0 else 0.5
            if self.scale[0] == self.scale[1] and d == round(d) and d >= 0:
                self.decimals = int(round(d))

    def __call__(self, ref: int) -> Any:
        import numpy as np

        if not isinstance(ref, int) or isinstance(ref, bool):
            raise GeodataError(f"arc reference {ref!r} is not an integer")
        index = ref if ref >= 0 else ~ref
        if index >= len(self.arcs):
            raise GeodataError(f"arc {index} does not exist (the Topology has {len(self.arcs)})")
        if index not in self.cache:
            xy = np.asarray(self.arcs[index], dtype=float)
            if xy.ndim != 2 or xy.shape[0] < 2 or xy.shape[1] < 2:
                raise GeodataError(f"arc {index} is not a list of two or more [x, y] positions")
            xy = xy[:, :2]
            if self.scale is not None:
                xy = np.cumsum(xy, axis=0) * self.scale + self.translate
                if self.decimals is not None:
                    xy = np.round(xy, self.decimals)
            self.cache[index] = xy
        xy = self.cache[index]
        return xy if ref >= 0 else xy[::-1]


_MAX_COORD = 1e9  # quantised integers of any real topology are far below this


class RingDecoder:
    """Pure-Python checks of a topology's structure, and the units' extent.

    Every file goes through it before anything else reads the geometry: finite
    numbers, arcs of two or more 2-D positions, references in range, closed rings,
    positions inside the world. A build needs nothing more (no numpy, no shapely).
    """

    def __init__(self, topology: dict):
        arcs = topology.get("arcs")
        if not isinstance(arcs, list):
            raise GeodataError("the Topology has no \"arcs\" list")
        transform = topology.get("transform")
        self.scale: tuple[float, float] | None = None
        self.translate: tuple[float, float] = (0.0, 0.0)
        if transform is not None:
            try:
                scale = [float(v) for v in transform["scale"]]
                translate = [float(v) for v in transform["translate"]]
            except (KeyError, TypeError, ValueError, OverflowError):
                raise GeodataError("\"transform\" needs numeric \"scale\" and \"translate\"") from None
            if len(scale) != 2 or len(translate) != 2 or not all(math.isfinite(v) for v in scale + translate) \
                    or not all(v > 0 for v in scale):
                raise GeodataError("\"transform\" needs two positive finite scale numbers and two finite "
                                   f"translate numbers, found scale {_show(scale)}, translate {_show(translate)}")
            self.scale, self.translate = (scale[0], scale[1]), (translate[0], translate[1])
        self.arcs = arcs
        self.decoded: dict[int, list[tuple[float, float]]] = {}

    def arc(self, ref: Any) -> list[tuple[float, float]]:
        if not isinstance(ref, int) or isinstance(ref, bool):
            raise GeodataError(f"arc reference {_show(ref)} is not an integer")
        index = ref if ref >= 0 else ~ref
        if index >= len(self.arcs):
            raise GeodataError(f"arc {_show(index)} does not exist (the Topology has {len(self.arcs)})")
        if index not in self.decoded:
            self.decoded[index] = self._decode(index)
        xy = self.decoded[index]
        return xy if ref >= 0 else xy[::-1]

    def _decode(self, index: int) -> list[tuple[float, float]]:
        raw = self.arcs[index]
        bad = GeodataError(f"arc {index} is not a list of two or more [x, y] positions of finite numbers")
        if not isinstance(raw, list) or len(raw) < 2:
            raise bad
        out = []
        x = y = 0.0
        for pos in raw:
            if not isinstance(pos, list) or len(pos) != 2 or not all(
                    isinstance(v, _NUMBER) and not isinstance(v, bool) and abs(v) < _MAX_COORD for v in pos):
                raise bad
            if self.scale is None:
                out.append((float(pos[0]), float(pos[1])))
            else:
                x, y = x + pos[0], y + pos[1]
                out.append((x * self.scale[0] + self.translate[0], y * self.scale[1] + self.translate[1]))
        for lon, lat in (out[0], out[-1]):
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise GeodataError(f"arc {index} reaches [{lon:.5g}, {lat:.5g}], outside longitudes -180..180 "
                                   "and latitudes -90..90 (boundary files are in WGS84 degrees)")
        return out

    def check_collection(self, name: str, collection: list) -> tuple[float, float, float, float] | None:
        """Check every geometry of a collection; return the extent (west, south, east, north)."""
        west = south = math.inf
        east = north = -math.inf
        for i, geom in enumerate(collection):
            what = f"object {name!r}, geometry {i}"
            if not isinstance(geom, dict):
                raise GeodataError(f"{what}: not a JSON object")
            kind, refs = geom.get("type"), geom.get("arcs")
            polygons = [refs] if kind == "Polygon" else refs if kind == "MultiPolygon" else None
            if polygons is None or not isinstance(polygons, list) or not polygons:
                raise GeodataError(f"{what}: type {_show(kind)} with arcs {_show(refs)}, expected a Polygon or "
                                   "MultiPolygon with arcs")
            for rings in polygons:
                if not isinstance(rings, list) or not rings:
                    raise GeodataError(f"{what}: a polygon needs a non-empty list of rings")
                for ring in rings:
                    if not isinstance(ring, list) or not ring:
                        raise GeodataError(f"{what}: a ring needs a non-empty list of arc references")
                    try:
                        parts = [self.arc(ref) for ref in ring]
                    except GeodataError as exc:
                        raise GeodataError(f"{what}: {exc}") from None
                    points = parts[0] + [p for part in parts[1:] for p in part[1:]]
                    if len(points) < 4 or not _same(points[0], points[-1]):
                        raise GeodataError(f"{what}: a ring is not closed or has fewer than four positions")
                    for lon, lat in points:
                        west, east = min(west, lon), max(east, lon)
                        south, north = min(south, lat), max(north, lat)
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            return None if not collection else _raise_extent(name, (west, south, east, north))
        return (round(west, 5), round(south, 5), round(east, 5), round(north, 5))


def _same(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 1e-9 and abs(a[1] - b[1]) < 1e-9


def _raise_extent(name: str, extent: tuple) -> None:
    raise GeodataError(f"object {name!r} reaches {_show([round(v, 3) for v in extent])}, outside longitudes "
                       "-180..180 and latitudes -90..90 (boundary files are in WGS84 degrees)")


def _polygon(arcs: _ArcDecoder, rings: Any) -> shapely.Polygon:
    import numpy as np
    import shapely

    if not isinstance(rings, list) or not rings:
        raise GeodataError("a polygon needs a non-empty list of rings")
    coords = []
    for ring in rings:
        if not isinstance(ring, list) or not ring:
            raise GeodataError("a ring needs a non-empty list of arc references")
        parts = [arcs(ref) for ref in ring]
        xy = np.concatenate([parts[0], *(p[1:] for p in parts[1:])])
        if len(xy) < 4 or not np.array_equal(xy[0], xy[-1]):
            raise GeodataError("a ring is not closed or has fewer than four positions")
        coords.append(xy)
    return shapely.Polygon(coords[0], coords[1:])


def _check_units(name: str, props_list: list[Any], shipped: bool) -> list[str]:
    problems = []
    # The shipped file is Anhui's; a file the editor supplies may cover any region.
    expected = _EXPECTED_COUNT[name] if shipped else None
    if expected is not None and len(props_list) != expected:
        problems.append(f"object {name!r} has {len(props_list)} geometries, expected {expected}")
    elif name == UNITS and not props_list:
        problems.append(f"object {name!r} has no geometries")
    seen: set[int] = set()
    for i, props in enumerate(props_list):
        where = _unit_where(name, i, props)
        if not isinstance(props, dict):
            problems.append(f"{where}: no properties object")
            continue
        for key, kind in _PROPERTIES[name].items():
            value = props.get(key)
            if not isinstance(value, kind) or isinstance(value, bool):
                problems.append(f"{where}: property {key!r} is {_show(value)}, expected {_kind_name(kind)}")
            elif isinstance(value, str) and (not value.strip() or len(value) > 100 or _CONTROL.search(value)):
                problems.append(f"{where}: property {key!r} is {_show(value)}, expected a name of 1 to 100 "
                                "printable characters")
        if "pinyin" in props and not isinstance(props["pinyin"], str):
            problems.append(f"{where}: property 'pinyin' is {_show(props['pinyin'])}, expected a string")
        adcode, label, area = props.get("adcode"), props.get("label"), props.get("area_km2")
        if isinstance(adcode, int) and not isinstance(adcode, bool):
            if not 100000 <= adcode <= 999999:
                problems.append(f"{where}: adcode {_show(adcode)} is not a six-digit GB/T 2260 code")
            if adcode in seen:
                problems.append(f"{where}: adcode {adcode} appears twice")
            seen.add(adcode)
        if isinstance(area, _NUMBER) and not isinstance(area, bool) and not (math.isfinite(area) and area > 0):
            problems.append(f"{where}: property 'area_km2' is {area!r}, expected a positive finite number")
        if isinstance(label, list):
            if len(label) != 2 or not all(isinstance(v, _NUMBER) and not isinstance(v, bool) for v in label) \
                    or not (-180 <= label[0] <= 180 and -90 <= label[1] <= 90):
                problems.append(f"{where}: property 'label' must be [lon, lat] in degrees, found {_show(label)}")
    return problems


def _check_geometry(topology: dict, name: str) -> list[str]:
    """A supplied file: every polygon valid and every label inside its unit (needs shapely)."""
    import shapely

    try:
        pairs = decode_topology(topology, name)
    except GeodataError as exc:
        return [str(exc)]
    problems = []
    for i, (props, geom) in enumerate(pairs):
        label = props.get("label") if isinstance(props, dict) else None
        if isinstance(label, list) and len(label) == 2 and all(isinstance(v, _NUMBER) for v in label) \
                and not geom.contains(shapely.Point(label)):
            problems.append(f"{_unit_where(name, i, props)}: label {label} is not inside the polygon")
    return problems


def _unit_where(name: str, i: int, props: Any) -> str:
    return f"{name}[{i}]" + (f" (adcode {_show(props.get('adcode'))})" if isinstance(props, dict) else "")


def _show(value: Any) -> str:
    """A value for a message: shortened, so a huge one cannot flood the terminal."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind_name(kind: type | tuple[type, ...]) -> str:
    return "a number" if kind == _NUMBER else {int: "an integer", str: "a string", list: "a list"}[kind]


def _frame(pairs: list[tuple[dict, Any]]) -> geopandas.GeoDataFrame:
    """The units as a GeoDataFrame indexed by adcode (for geometry work, never the build)."""
    import geopandas  # ~0.4 s to import; only when boundaries are actually loaded

    pairs = sorted(pairs, key=lambda p: p[0]["adcode"])
    # Optional properties (area, pinyin) become columns when any unit has them.
    columns = [c for c in ("adcode", "name", "short", "name_en", "pinyin", "area_km2")
               if c in ("adcode", "name", "short", "name_en") or any(c in props for props, _ in pairs)]
    data = {c: [props.get(c) for props, _ in pairs] for c in columns}
    data["label_lon"] = [float(props["label"][0]) for props, _ in pairs]
    data["label_lat"] = [float(props["label"][1]) for props, _ in pairs]
    frame = geopandas.GeoDataFrame(data, geometry=[g for _, g in pairs], crs="EPSG:4326")
    frame.index = frame["adcode"].rename("adcode")
    return frame
