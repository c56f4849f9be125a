"""Pure-Python checks of a TopoJSON boundary file: structure, numbers, properties.

Every boundary file passes through these before anything reads its geometry: finite
numbers, arcs of two or more 2-D positions, references in range, closed rings, WGS84
ranges, the properties each unit needs. A map build needs nothing more (no numpy, no
shapely). Every problem is a :class:`~mapgen.errors.Problem` placed at its object, geometry
or unit and field (its file is left empty: the loader, :mod:`mapgen.boundaries`, fills it
in and reports every problem at once).
"""

from __future__ import annotations

import math
import re
from typing import Any

from mapgen.errors import GeodataError, Problem

__all__ = ["UNITS", "CONTEXT", "RingDecoder", "check_units", "collection", "geometry_where", "mismatch", "problem",
           "show", "unit_where"]

UNITS, CONTEXT = "cities", "neighbours"  # the file's object names: the map's units, grey context
_EXPECTED_COUNT = {UNITS: 16, CONTEXT: 6}  # the shipped Anhui file
_NUMBER = (int, float)
_NAME_MAX = 400  # characters in a unit name (the longest real one is under 30)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_PROPERTIES: dict[str, dict[str, type | tuple[type, ...]]] = {
    UNITS: {"adcode": int, "name": str, "short": str, "name_en": str, "area_km2": _NUMBER, "label": list},
    CONTEXT: {"adcode": int, "name": str, "short": str, "name_en": str, "label": list},
}


def problem(where: str, field: str, message: str, found: str = "", expected: str = "") -> Problem:
    """A problem in the boundary file being checked (its file is filled in by the loader)."""
    return Problem("", None, where, field, message, found, expected)


def mismatch(where: str, field: str, found: Any, expected: str) -> Problem:
    """A property or value that is not what it should be: "is FOUND, expected EXPECTED"."""
    return Problem.mismatch("", where, field, _show(found), expected)


def _fail(where: str, field: str, message: str, found: str = "", expected: str = "") -> GeodataError:
    return GeodataError([problem(where, field, message, found, expected)])


def collection(topology: Any, name: str) -> list:
    """The ``geometries`` of object ``name``; a GeodataError (one Problem) if the file has none."""
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        found = _show(topology.get("type")) if isinstance(topology, dict) else f"a JSON {type(topology).__name__}"
        raise _fail("", "type", "not a TopoJSON Topology (no \"type\": \"Topology\")", found, '"Topology"')
    if not isinstance(topology.get("arcs"), list):
        raise _fail("", "arcs", "the Topology has no \"arcs\" list", _show(topology.get("arcs")), "a list")
    objects = topology.get("objects")
    if not isinstance(objects, dict) or name not in objects:
        found = sorted(objects) if isinstance(objects, dict) else []
        raise _fail("", "objects", f"no object {name!r} in the Topology (found {found})", _show(found),
                    f"an object {name!r}")
    obj = objects[name]
    if not isinstance(obj, dict) or obj.get("type") != "GeometryCollection" \
            or not isinstance(obj.get("geometries"), list):
        raise _fail("", f"objects.{name}", f"object {name!r} is not a GeometryCollection with a \"geometries\" list",
                    _show(obj.get("type") if isinstance(obj, dict) else obj), "a GeometryCollection")
    return obj["geometries"]


_MAX_COORD = 1e9  # quantised integers of any real topology are far below this


class _Bad(Exception):
    """An arc that cannot be used: the message, and the arc's index if it exists."""


class RingDecoder:
    """Pure-Python checks of a topology's structure, and the units' extent.

    Every file goes through it before anything else reads the geometry: finite
    numbers, arcs of two or more 2-D positions, references in range, closed rings,
    positions inside the world. A build needs nothing more (no numpy, no shapely).
    Problems are raised as a :class:`GeodataError` holding :class:`Problem` records.
    """

    def __init__(self, topology: dict):
        arcs = topology.get("arcs")
        if not isinstance(arcs, list):
            raise _fail("", "arcs", "the Topology has no \"arcs\" list", _show(arcs), "a list")
        transform = topology.get("transform")
        self.scale: tuple[float, float] | None = None
        self.translate: tuple[float, float] = (0.0, 0.0)
        if transform is not None:
            expected = "two positive finite scale numbers and two finite translate numbers"
            try:
                scale = [float(v) for v in transform["scale"]]
                translate = [float(v) for v in transform["translate"]]
            except (KeyError, TypeError, ValueError, OverflowError):
                raise _fail("", "transform", "\"transform\" needs numeric \"scale\" and \"translate\"",
                            _show(transform), expected) from None
            if len(scale) != 2 or len(translate) != 2 or not all(math.isfinite(v) for v in scale + translate) \
                    or not all(v > 0 for v in scale):
                found = f"scale {_show(scale)}, translate {_show(translate)}"
                raise _fail("", "transform", f"\"transform\" needs {expected}, found {found}", found, expected)
            self.scale, self.translate = (scale[0], scale[1]), (translate[0], translate[1])
        self.arcs = arcs
        self.decoded: dict[int, list[tuple[float, float]]] = {}

    def arc(self, ref: Any) -> list[tuple[float, float]]:
        if not isinstance(ref, int) or isinstance(ref, bool):
            raise _Bad(f"arc reference {_show(ref)} is not an integer")
        index = ref if ref >= 0 else ~ref
        if index >= len(self.arcs):
            raise _Bad(f"arc {_show(index)} does not exist (the Topology has {len(self.arcs)})")
        if index not in self.decoded:
            self.decoded[index] = self._decode(index)
        xy = self.decoded[index]
        return xy if ref >= 0 else xy[::-1]

    def _decode(self, index: int) -> list[tuple[float, float]]:
        raw = self.arcs[index]
        bad = _Bad(f"arc {index} is not a list of two or more [x, y] positions of finite numbers")
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
                raise _Bad(f"arc {index} reaches [{lon:.5g}, {lat:.5g}], outside longitudes -180..180 "
                           "and latitudes -90..90 (boundary files are in WGS84 degrees)")
        return out

    def check_collection(self, name: str, collection: list) -> tuple[float, float, float, float] | None:
        """Check every geometry of a collection; return the extent (west, south, east, north).

        Raises a GeodataError with the first problem found, placed at its geometry and the
        position of the arc reference or ring in the geometry's ``arcs``.
        """
        west = south = math.inf
        east = north = -math.inf
        for i, geom in enumerate(collection):
            what = geometry_where(name, i, geom)
            if not isinstance(geom, dict):
                raise _fail(what, "", "not a JSON object", _show(geom), "a JSON object")
            kind, refs = geom.get("type"), geom.get("arcs")
            polygons = [refs] if kind == "Polygon" else refs if kind == "MultiPolygon" else None
            if polygons is None or not isinstance(polygons, list) or not polygons:
                found = f"type {_show(kind)} with arcs {_show(refs)}"
                raise _fail(what, "type" if polygons is None else "arcs", f"{found}, expected a Polygon or "
                            "MultiPolygon with arcs", found, "a Polygon or MultiPolygon with arcs")
            for p, rings in enumerate(polygons):
                at = "arcs" + (f"[{p}]" if kind == "MultiPolygon" else "")
                if not isinstance(rings, list) or not rings:
                    raise _fail(what, at, "a polygon needs a non-empty list of rings", _show(rings),
                                "a non-empty list of rings")
                for r, ring in enumerate(rings):
                    if not isinstance(ring, list) or not ring:
                        raise _fail(what, f"{at}[{r}]", "a ring needs a non-empty list of arc references",
                                    _show(ring), "a non-empty list of arc references")
                    parts = []
                    for k, ref in enumerate(ring):
                        try:
                            parts.append(self.arc(ref))
                        except _Bad as exc:
                            raise _fail(what, f"{at}[{r}][{k}]", str(exc), _show(ref),
                                        "a reference to an arc of two or more positions in WGS84 degrees") from None
                    points = parts[0] + [p for part in parts[1:] for p in part[1:]]
                    if len(points) < 4 or not _same(points[0], points[-1]):
                        raise _fail(what, f"{at}[{r}]", "a ring is not closed or has fewer than four positions",
                                    f"{len(points)} positions", "a closed ring of four or more positions")
                    for lon, lat in points:
                        west, east = min(west, lon), max(east, lon)
                        south, north = min(south, lat), max(north, lat)
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            return None if not collection else _raise_extent(name, (west, south, east, north))
        return (round(west, 5), round(south, 5), round(east, 5), round(north, 5))


def _same(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 1e-9 and abs(a[1] - b[1]) < 1e-9


def _raise_extent(name: str, extent: tuple) -> None:
    found = _show([round(v, 3) for v in extent])
    raise _fail(f"object {name!r}", "", f"reaches {found}, outside longitudes -180..180 and latitudes -90..90 "
                "(boundary files are in WGS84 degrees)", found, "WGS84 degrees")


def check_units(name: str, props_list: list[Any], shipped: bool) -> list[Problem]:
    """Every problem with the units' properties, each placed at its unit and property."""
    problems = []
    # The shipped file is Anhui's; a file the editor supplies may cover any region.
    expected = _EXPECTED_COUNT[name] if shipped else None
    if expected is not None and len(props_list) != expected:
        problems.append(problem("", f"objects.{name}.geometries",
                                f"object {name!r} has {len(props_list)} geometries, expected {expected}",
                                str(len(props_list)), str(expected)))
    elif name == UNITS and not props_list:
        problems.append(problem("", f"objects.{name}.geometries", f"object {name!r} has no geometries", "0",
                                "one or more"))
    seen: set[int] = set()
    for i, props in enumerate(props_list):
        where = unit_where(name, i, props)
        if not isinstance(props, dict):
            problems.append(problem(where, "properties", "no properties object; each unit needs "
                                    f"{', '.join(_PROPERTIES[name])}", _show(props), "an object"))
            continue
        for key, kind in _PROPERTIES[name].items():
            value = props.get(key)
            if not isinstance(value, kind) or isinstance(value, bool):
                problems.append(mismatch(where, f"properties.{key}", value, _kind_name(kind)))
            elif isinstance(value, str) and (not value.strip() or len(value) > _NAME_MAX or _CONTROL.search(value)):
                problems.append(mismatch(where, f"properties.{key}", value,
                                         f"a name of 1 to {_NAME_MAX} printable characters"))
        if "pinyin" in props and not isinstance(props["pinyin"], str):
            problems.append(mismatch(where, "properties.pinyin", props["pinyin"], "a string"))
        adcode, label, area = props.get("adcode"), props.get("label"), props.get("area_km2")
        if isinstance(adcode, int) and not isinstance(adcode, bool):
            if not 100000 <= adcode <= 999999:
                problems.append(problem(where, "properties.adcode", f"adcode {_show(adcode)} is not a six-digit "
                                        "GB/T 2260 code", _show(adcode), "a six-digit GB/T 2260 code"))
            if adcode in seen:
                problems.append(problem(where, "properties.adcode", f"adcode {adcode} appears twice", str(adcode),
                                        "each adcode once"))
            seen.add(adcode)
        if isinstance(area, _NUMBER) and not isinstance(area, bool) and not (math.isfinite(area) and area > 0):
            problems.append(mismatch(where, "properties.area_km2", area, "a positive finite number"))
        if isinstance(label, list):
            if len(label) != 2 or not all(isinstance(v, _NUMBER) and not isinstance(v, bool) for v in label) \
                    or not (-180 <= label[0] <= 180 and -90 <= label[1] <= 90):
                problems.append(mismatch(where, "properties.label", label, "[lon, lat] in degrees"))
    return problems


def unit_where(name: str, i: int, props: Any) -> str:
    """Where a unit's properties are: ``cities[3] (adcode 340400)``."""
    return f"{name}[{i}]" + (f" (adcode {_show(props.get('adcode'))})" if isinstance(props, dict) else "")


def geometry_where(name: str, i: int, geom: Any) -> str:
    """Where a unit's geometry is: ``object 'cities', geometry 3 (adcode 340400)``."""
    props = geom.get("properties") if isinstance(geom, dict) else None
    adcode = f" (adcode {_show(props['adcode'])})" if isinstance(props, dict) and "adcode" in props else ""
    return f"object {name!r}, geometry {i}{adcode}"


def _show(value: Any) -> str:
    """A value for a message: shortened, so a huge one cannot flood the terminal."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind_name(kind: type | tuple[type, ...]) -> str:
    return "a number" if kind == _NUMBER else {int: "an integer", str: "a string", list: "a list"}[kind]


show = _show
