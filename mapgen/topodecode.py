"""Boundary geometry with shapely and geopandas: for supplied files, tests and exports.

A map build of the shipped boundaries never comes here (the page draws the topology
as it is); a boundary file from elsewhere is decoded here to check that its polygons
are valid and its label points inside them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from mapgen.errors import GeodataError, Problem
from mapgen.topocheck import _NUMBER, collection, geometry_where, problem, unit_where

if TYPE_CHECKING:
    import geopandas
    import shapely

__all__ = ["decode_topology", "check_geometry", "frame"]


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

    geometries = collection(topology, object_name)
    arcs = _ArcDecoder(topology)
    out = []
    for i, geom in enumerate(geometries):
        what = geometry_where(object_name, i, geom)
        if not isinstance(geom, dict):
            raise GeodataError([problem(what, "", "not a JSON object", found=repr(geom)[:60],
                                        expected="a JSON object")])
        props = geom.get("properties") or {}
        kind, refs = geom.get("type"), geom.get("arcs")
        try:
            if kind == "Polygon":
                shape = _polygon(arcs, refs, "arcs")
            elif kind == "MultiPolygon":
                if not isinstance(refs, list):
                    raise _Bad("arcs", "a MultiPolygon needs a list of polygons")
                shape = shapely.MultiPolygon([_polygon(arcs, part, f"arcs[{p}]") for p, part in enumerate(refs)])
            else:
                raise _Bad("type", f"type {kind!r}, expected Polygon or MultiPolygon")
        except _Bad as exc:
            field, message = exc.args
            raise GeodataError([problem(what, field, message)]) from None
        except (TypeError, ValueError, IndexError) as exc:
            raise GeodataError([problem(what, "arcs", str(exc))]) from None
        if not shape.is_valid:
            raise GeodataError([problem(what, "arcs", f"invalid polygon ({shapely.is_valid_reason(shape)})",
                                        found=shapely.is_valid_reason(shape), expected="a valid polygon")])
        out.append((dict(props) if isinstance(props, dict) else props, shape))
    return out


class _Bad(Exception):
    """A geometry that cannot be decoded: ``(field, message)``."""


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
                raise GeodataError([problem("", "transform", "\"transform\" needs numeric \"scale\" and "
                                            "\"translate\"")]) from None
            d = -math.log10(self.scale[0]) if self.scale[0] > 0 else 0.5
            if self.scale[0] == self.scale[1] and d == round(d) and d >= 0:
                self.decimals = int(round(d))

    def __call__(self, ref: int, field: str) -> Any:
        import numpy as np

        if not isinstance(ref, int) or isinstance(ref, bool):
            raise _Bad(field, f"arc reference {ref!r} is not an integer")
        index = ref if ref >= 0 else ~ref
        if index >= len(self.arcs):
            raise _Bad(field, f"arc {index} does not exist (the Topology has {len(self.arcs)})")
        if index not in self.cache:
            try:
                xy = np.asarray(self.arcs[index], dtype=float)
            except (TypeError, ValueError):
                xy = np.zeros((0,))
            if xy.ndim != 2 or xy.shape[0] < 2 or xy.shape[1] < 2:
                raise _Bad(field, f"arc {index} is not a list of two or more [x, y] positions")
            xy = xy[:, :2]
            if self.scale is not None:
                xy = np.cumsum(xy, axis=0) * self.scale + self.translate
                if self.decimals is not None:
                    xy = np.round(xy, self.decimals)
            self.cache[index] = xy
        xy = self.cache[index]
        return xy if ref >= 0 else xy[::-1]


def _polygon(arcs: _ArcDecoder, rings: Any, field: str) -> shapely.Polygon:
    """One polygon from its rings of arc references; ``field`` is where they are (``arcs[2]``)."""
    import numpy as np
    import shapely

    if not isinstance(rings, list) or not rings:
        raise _Bad(field, "a polygon needs a non-empty list of rings")
    coords = []
    for r, ring in enumerate(rings):
        if not isinstance(ring, list) or not ring:
            raise _Bad(f"{field}[{r}]", "a ring needs a non-empty list of arc references")
        parts = [arcs(ref, f"{field}[{r}][{k}]") for k, ref in enumerate(ring)]
        xy = np.concatenate([parts[0], *(p[1:] for p in parts[1:])])
        if len(xy) < 4 or not np.array_equal(xy[0], xy[-1]):
            raise _Bad(f"{field}[{r}]", "a ring is not closed or has fewer than four positions")
        coords.append(xy)
    return shapely.Polygon(coords[0], coords[1:])


def check_geometry(topology: dict, name: str) -> list[Problem]:
    """A supplied file: every polygon valid and every label inside its unit (needs shapely)."""
    import shapely

    try:
        pairs = decode_topology(topology, name)
    except GeodataError as exc:
        return list(exc.problems)
    problems = []
    for i, (props, geom) in enumerate(pairs):
        label = props.get("label") if isinstance(props, dict) else None
        if isinstance(label, list) and len(label) == 2 and all(isinstance(v, _NUMBER) for v in label) \
                and not geom.contains(shapely.Point(label)):
            problems.append(problem(unit_where(name, i, props), "properties.label",
                                    f"label {label} is not inside the polygon", found=str(label),
                                    expected="a point inside the unit's polygon"))
    return problems


def frame(pairs: list[tuple[dict, Any]]) -> geopandas.GeoDataFrame:
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
