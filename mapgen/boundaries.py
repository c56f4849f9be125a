"""Stage 2: load the shipped boundaries (TopoJSON) into GeoDataFrames.

The boundary file is built ahead of time by ``mapgen geodata`` (see ``geodata/README.md``);
this module only reads it, with numpy, shapely and geopandas, imported when first needed
so that ``import mapgen.boundaries`` stays cheap.
"""

from __future__ import annotations

import importlib.resources
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mapgen.errors import GeodataError

if TYPE_CHECKING:
    import geopandas
    import shapely

__all__ = ["Boundaries", "load_boundaries", "decode_topology", "DEFAULT_FILE"]

DEFAULT_FILE = "anhui.topo.json"
_EXPECTED_COUNT = {"cities": 16, "neighbours": 6}
_NUMBER = (int, float)
_PROPERTIES: dict[str, dict[str, type | tuple[type, ...]]] = {
    "cities": {"adcode": int, "name": str, "short": str, "name_en": str, "area_km2": _NUMBER, "label": list},
    "neighbours": {"adcode": int, "name": str, "short": str, "name_en": str, "label": list},
}


@dataclass(frozen=True)
class Boundaries:
    """The boundaries a map is drawn with.

    Attributes
    ----------
    cities : geopandas.GeoDataFrame
        One row per prefecture-level city, indexed by adcode (int, sorted); columns
        ``adcode, name, short, name_en, area_km2, label_lon, label_lat, geometry``
        (WGS84, EPSG:4326).
    neighbours : geopandas.GeoDataFrame
        The neighbouring provinces, drawn as grey context: ``adcode, name, short,
        name_en, label_lon, label_lat, geometry``.
    topology : dict
        The parsed TopoJSON, to embed in the page as it is.
    source_path : str
        Where it was read from.
    """

    cities: geopandas.GeoDataFrame
    neighbours: geopandas.GeoDataFrame
    topology: dict
    source_path: str


def load_boundaries(path: str | Path | None = None) -> Boundaries:
    """Read and check a boundary TopoJSON file.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A TopoJSON file with objects ``cities`` and ``neighbours`` (which may be empty).
        Default: the shipped ``anhui.topo.json``, which must hold 16 cities and 6 neighbours.

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
    >>> len(b.cities), b.cities.loc[340100, "name_en"]
    (16, 'Hefei')
    """
    raw, where = _read(path)
    try:
        topology = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise GeodataError(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise GeodataError(f"{where}: not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise GeodataError(f"{where}: the JSON is nested too deeply to be a boundary file") from None
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        raise GeodataError(f"{where}: not a TopoJSON Topology (no \"type\": \"Topology\"); "
                           "rebuild it with `mapgen geodata`")
    frames = {}
    problems: list[str] = []
    meta = topology.get("metadata", {})
    if not isinstance(meta, dict) or not isinstance(meta.get("attribution", ""), str):
        problems.append("'metadata' must be an object whose 'attribution' is text (the credit line for the map)")
    for name in ("cities", "neighbours"):
        try:
            pairs = decode_topology(topology, name)
        except GeodataError as exc:
            problems.append(str(exc))
            continue
        problems += _check_units(name, pairs, shipped=path is None)
        frames[name] = pairs
    if problems:
        head = f"{where}: {len(problems)} problem{'s' if len(problems) > 1 else ''} in the boundary file"
        raise GeodataError("\n  - ".join([head + ":", *problems]) + "\nRebuild it with `mapgen geodata`.")
    return Boundaries(
        cities=_frame(frames["cities"]),
        neighbours=_frame(frames["neighbours"]),
        topology=topology,
        source_path=where,
    )


def _read(path: str | Path | None) -> tuple[bytes, str]:
    if path is not None:
        target: Any = Path(path)
    else:
        try:
            target = importlib.resources.files("mapgen.geodata") / DEFAULT_FILE
        except ModuleNotFoundError:
            # Not installed (running from a source checkout): geodata/ sits beside mapgen/.
            target = Path(__file__).resolve().parent.parent / "geodata" / DEFAULT_FILE
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


def _check_units(name: str, pairs: list[tuple[dict, Any]], shipped: bool) -> list[str]:
    import shapely

    problems = []
    # The shipped file is Anhui's; a file the editor supplies may cover any region.
    expected = _EXPECTED_COUNT[name] if shipped else None
    if expected is not None and len(pairs) != expected:
        problems.append(f"object {name!r} has {len(pairs)} geometries, expected {expected}")
    elif name == "cities" and not pairs:
        problems.append("object 'cities' has no geometries")
    seen: set[int] = set()
    for i, (props, geom) in enumerate(pairs):
        where = f"{name}[{i}]" + (f" (adcode {props.get('adcode')})" if isinstance(props, dict) else "")
        if not isinstance(props, dict):
            problems.append(f"{where}: no properties object")
            continue
        for key, kind in _PROPERTIES[name].items():
            value = props.get(key)
            if not isinstance(value, kind) or isinstance(value, bool):
                problems.append(f"{where}: property {key!r} is {value!r}, expected {_kind_name(kind)}")
        if "pinyin" in props and not isinstance(props["pinyin"], str):
            problems.append(f"{where}: property 'pinyin' is {props['pinyin']!r}, expected a string")
        adcode, label = props.get("adcode"), props.get("label")
        if isinstance(adcode, int):
            if adcode in seen:
                problems.append(f"{where}: adcode {adcode} appears twice")
            seen.add(adcode)
        if isinstance(label, list):
            if len(label) != 2 or not all(isinstance(v, _NUMBER) for v in label):
                problems.append(f"{where}: property 'label' must be [lon, lat], found {label!r}")
            elif not geom.contains(shapely.Point(label)):
                problems.append(f"{where}: label {label} is not inside the polygon")
    return problems


def _kind_name(kind: type | tuple[type, ...]) -> str:
    return "a number" if kind == _NUMBER else {int: "an integer", str: "a string", list: "a list"}[kind]


def _frame(pairs: list[tuple[dict, Any]]) -> geopandas.GeoDataFrame:
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
