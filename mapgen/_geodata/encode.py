"""Encode simplified polygons as TopoJSON (https://github.com/topojson/topojson-specification).

Quantisation is chosen to be lossless for coordinates already rounded to ``decimals``:
``scale`` is exactly ``10**-decimals`` and ``translate`` the rounded south-west corner, so
every position is an integer and decoding (then rounding) gives back the very coordinates
that were validated. Over the Anhui-plus-neighbours box that is a ~1.2 million step grid,
1.1 m per step; positions are delta-encoded, so the bytes depend on vertex spacing, not
on the size of the grid.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import shapely

from mapgen.arcs import build_topology

__all__ = ["encode_topology", "dumps"]


def encode_topology(
    objects: dict[str, list[tuple[dict[str, Any], shapely.Geometry]]],
    decimals: int,
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Build a TopoJSON Topology from named lists of (properties, polygon) pairs.

    Parameters
    ----------
    objects : dict
        Object name -> list of ``(properties, geometry)``; geometries are Polygons or
        MultiPolygons with coordinates already rounded to ``decimals`` and forming a
        coverage (shared borders with identical vertices), so borders become shared arcs.
    decimals : int
        Decimal places of the coordinates; sets the quantisation.
    metadata : dict, optional
        Stored as the foreign member ``metadata`` (provenance, attribution).

    Returns
    -------
    dict
        The Topology, ready for :func:`dumps`.

    Examples
    --------
    >>> a, b = shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)
    >>> topo = encode_topology({"u": [({"k": 1}, a), ({"k": 2}, b)]}, decimals=0)
    >>> len(topo["arcs"]), topo["objects"]["u"]["geometries"][1]["arcs"]
    (3, [[-1, 2]])
    """
    rings: list[np.ndarray] = []
    shapes: list[list[list[int]]] = []  # per geometry: per part: ring indices
    for pairs in objects.values():
        for _, geom in pairs:
            parts = []
            for poly in shapely.get_parts(geom):
                parts.append(list(range(len(rings), len(rings) + 1 + len(poly.interiors))))
                rings += [shapely.get_coordinates(r) for r in (poly.exterior, *poly.interiors)]
            shapes.append(parts)
    topo = build_topology(rings)
    grid = np.rint(topo.points * 10**decimals).astype(np.int64)
    origin = grid.min(axis=0)
    grid -= origin
    arcs = []
    for ids in topo.arcs:
        q = grid[ids]
        arcs.append(np.vstack([q[:1], np.diff(q, axis=0)]).tolist())

    out_objects: dict[str, Any] = {}
    shape_iter = iter(shapes)
    for name, pairs in objects.items():
        geometries = []
        for props, _ in pairs:
            parts = [[topo.rings[r] for r in part] for part in next(shape_iter)]
            kind = "Polygon" if len(parts) == 1 else "MultiPolygon"
            geometries.append({"type": kind, "arcs": parts[0] if kind == "Polygon" else parts,
                               "properties": props})
        out_objects[name] = {"type": "GeometryCollection", "geometries": geometries}

    scale = 10.0**-decimals
    top = (grid.max(axis=0) + origin) / 10**decimals
    topology: dict[str, Any] = {
        "type": "Topology",
        "bbox": [*(origin / 10**decimals).tolist(), *top.tolist()],
        "transform": {"scale": [scale, scale], "translate": (origin / 10**decimals).tolist()},
        "objects": out_objects,
        "arcs": arcs,
    }
    if metadata:
        topology["metadata"] = metadata
    return topology


def dumps(topology: dict[str, Any]) -> bytes:
    """Serialise compactly and reproducibly (sorted keys, no spaces, UTF-8, final newline).

    ``"type":"Topology"`` comes first, then the other keys sorted: GDAL (QGIS, geopandas)
    recognises TopoJSON only when it sees the type near the start of the file.

    >>> dumps({"type": "Topology", "arcs": [], "objects": {}})[:30]
    b'{"type":"Topology","arcs":[],"'
    """
    rest = {k: v for k, v in topology.items() if k != "type"}
    text = json.dumps(rest, separators=(",", ":"), ensure_ascii=False, sort_keys=True, allow_nan=False)
    head = json.dumps({"type": topology["type"]}, separators=(",", ":"))
    return (head[:-1] + ("," + text[1:] if rest else "}") + "\n").encode("utf-8")
