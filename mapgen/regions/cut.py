"""A region's map cut out of the shipped topology by its arcs.

The shipped layers (``geodata/``) are TopoJSON coverages quantised on one grid (five
decimals). A map of a region draws some units of one layer and, in grey, the units of the
region's own level around it, each dissolved from its units below (Sichuan's neighbouring
provinces from their cities, Hefei's neighbouring cities from their counties). Both are
done on the topology itself:

- the map's units are their rings of arcs;
- a neighbour's outline is the arcs used by exactly one of its units, stitched into rings
  (the dissolve of a coverage, as topojson-client's ``merge`` does it), so the grey meets
  the map's units exactly.

Rings are counter-clockwise outside and clockwise around holes in every shipped file, so a
stitched ring's signed area says which it is. The rings are then cut into shared arcs
again with :func:`mapgen.arcs.build_topology`, as the shipped files were, so every border
is one arc, also one the region shares with a neighbour from another file (a county map
across a province border), and the page stays small. numpy only: no
shapely, no geopandas; :mod:`mapgen.regions.page` measures (labels, main body) afterwards.
"""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain

from mapgen.errors import GeodataError
from mapgen.yamlsource import gc_paused

__all__ = ["Layer", "TopologyCut", "dissolve", "grid_positions", "layer", "neighbours_of", "simplify_others"]

Point = tuple[int, int]
Rings = list[list[int]]  # a polygon: rings of arc references


@dataclass
class Layer:
    """One shipped file, parsed: its units by adcode and its arcs (quantised, delta-encoded)."""

    name: str
    topology: dict
    units: dict[int, dict]  # adcode -> geometry object (type, arcs, properties)
    origin: Point  # translate, in grid steps

    @property
    def arcs(self) -> list:
        return self.topology["arcs"]

    @cached_property
    def _positions(self):
        """Every arc's absolute grid positions, decoded at once: ``(xy, first, last)``."""
        xy, first, lengths = grid_positions(self.arcs)
        return xy, first, first + lengths - 1

    @cached_property
    def _ends(self) -> tuple[list, list]:
        xy, first, last = self._positions
        return [tuple(p) for p in xy[first].tolist()], [tuple(p) for p in xy[last].tolist()]

    def start(self, ref: int) -> Point:
        starts, ends = self._ends
        return starts[ref] if ref >= 0 else ends[~ref]

    def end(self, ref: int) -> Point:
        starts, ends = self._ends
        return ends[ref] if ref >= 0 else starts[~ref]

    def ring_points(self, ring: Sequence[int]):
        """The closed ring's grid positions, an ``(n, 2)`` integer array."""
        import numpy as np

        xy, first, last = self._positions
        parts = []
        for i, ref in enumerate(ring):
            piece = xy[first[ref]:last[ref] + 1] if ref >= 0 else xy[first[~ref]:last[~ref] + 1][::-1]
            parts.append(piece if i == 0 else piece[1:])
        return np.concatenate(parts)


_SCALE = 1e-5  # every shipped file's quantisation step, in degrees


def grid_positions(arcs: list):
    """Undo the delta encoding of every arc at once (numpy): ``(xy, first, lengths)``, the
    absolute integer positions of all arcs one after another, where each arc starts, and
    how many positions it has."""
    import numpy as np

    lengths = np.fromiter((len(a) for a in arcs), dtype=np.int64, count=len(arcs))
    flat = np.fromiter(chain.from_iterable(chain.from_iterable(arcs)), dtype=np.int64,
                       count=2 * int(lengths.sum())).reshape(-1, 2)
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    total = np.cumsum(flat, axis=0)
    before = np.where(first[:, None] > 0, total[np.maximum(first - 1, 0)], 0)
    return total - np.repeat(before, lengths, axis=0), first, lengths


@lru_cache(maxsize=16)
def layer(name: str, object_name: str) -> Layer:
    """Parse the shipped file ``name`` and index object ``object_name``'s units by adcode (cached)."""
    resource = importlib.resources.files("mapgen.geodata").joinpath(name)
    try:
        raw = resource.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise GeodataError(f"geodata/{name} is missing from the package; rebuild with `mapgen geodata`") from None
    with gc_paused():  # a million small lists the collector would rescan for nothing
        topology = json.loads(raw)
    try:
        geometries = topology["objects"][object_name]["geometries"]
        scale = [float(v) for v in topology["transform"]["scale"]]
        translate = [float(v) for v in topology["transform"]["translate"]]
        units = {int(g["properties"]["adcode"]): g for g in geometries}
    except (KeyError, TypeError, ValueError):
        raise GeodataError(f"geodata/{name}: not a quantised TopoJSON with object {object_name!r}; "
                           "rebuild with `mapgen geodata`") from None
    origin = tuple(round(t / _SCALE) for t in translate)
    if any(abs(s - _SCALE) > 1e-12 for s in scale) or any(abs(o * _SCALE - t) > 1e-9 for o, t in zip(origin, translate)):
        raise GeodataError(f"geodata/{name}: quantised with scale {scale} and translate {translate}, not on the "
                           f"{_SCALE:g}-degree grid of the other files; rebuild with `mapgen geodata`")
    return Layer(name, topology, units, origin)  # type: ignore[arg-type]


def polygons(geometry: dict) -> list[Rings]:
    """The polygons of a TopoJSON Polygon or MultiPolygon, as rings of arc references."""
    return geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]


def dissolve(lay: Layer, geometries: Iterable[dict], where: str) -> list[Rings]:
    """The union of a coverage's units, as polygons of arc references of ``lay``.

    The outline is every arc used exactly once; it is stitched into closed rings by
    following each arc's end to the next unused arc starting there (the first found, so
    a ring pinched at a point may be walked as one: it draws the same). Counter-clockwise
    rings are outsides; each hole goes to the smallest outside that holds it.
    """
    count: dict[int, int] = {}
    refs: dict[int, int] = {}
    for g in geometries:
        for poly in polygons(g):
            for ring in poly:
                for ref in ring:
                    arc = ref if ref >= 0 else ~ref
                    count[arc] = count.get(arc, 0) + 1
                    refs[arc] = ref
    outline = [refs[a] for a in refs if count[a] == 1]  # in order of first use: deterministic
    starting: dict[Point, list[int]] = {}
    for ref in outline:
        starting.setdefault(lay.start(ref), []).append(ref)
    used: set[int] = set()
    rings: list[list[int]] = []
    for ref in outline:
        if ref in used:
            continue
        ring, first, end = [ref], lay.start(ref), lay.end(ref)
        used.add(ref)
        while end != first:
            following = next((r for r in starting.get(end, ()) if r not in used), None)
            if following is None:
                raise GeodataError(f"geodata/{lay.name}: the outline of {where} does not close at "
                                   f"{_degrees(lay, end)}; rebuild with `mapgen geodata`")
            ring.append(following)
            used.add(following)
            end = lay.end(following)
        rings.append(ring)
    return _nest(lay, rings, where)


def _nest(lay: Layer, rings: list[list[int]], where: str) -> list[Rings]:
    outsides: list[tuple[list[int], object, float]] = []
    holes: list[tuple[list[int], object]] = []
    for ring in rings:
        pts = lay.ring_points(ring)
        area = _area(pts)
        if area > 0:
            outsides.append((ring, pts, area))
        elif area < 0:
            holes.append((ring, pts))
    result: list[Rings] = [[ring] for ring, _, _ in outsides]
    boxes = [(*pts.min(axis=0), *pts.max(axis=0)) for _, pts, _ in outsides]
    for ring, pts in holes:
        (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
        holders = [i for i, (bx0, by0, bx1, by1) in enumerate(boxes)
                   if bx0 <= x0 and by0 <= y0 and x1 <= bx1 and y1 <= by1 and _inside(pts[0], outsides[i][1])]
        if not holders:
            raise GeodataError(f"geodata/{lay.name}: a hole in the outline of {where} lies in no outside ring; "
                               "rebuild with `mapgen geodata`")
        result[min(holders, key=lambda i: outsides[i][2])].append(ring)
    return result


def _area(pts) -> int:
    """Twice the signed area (shoelace) of a closed ring of grid positions; positive counter-clockwise."""
    x, y = pts[:, 0], pts[:, 1]
    return int((x[:-1] * y[1:] - x[1:] * y[:-1]).sum())


def _inside(point, ring) -> bool:
    """Even-odd ray cast: is ``point`` inside the closed ``ring``? (A vertex of the ring counts
    as inside: a hole touching its outside at a node.)"""
    import numpy as np

    x, y = point
    if ((ring[:, 0] == x) & (ring[:, 1] == y)).any():
        return True
    x0, y0, x1, y1 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
    crossing = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x0 + (y - y0) * (x1 - x0) / np.where(crossing, y1 - y0, 1)
    return bool(np.count_nonzero(crossing & (x < at)) % 2)


def _degrees(lay: Layer, p: Point) -> str:
    return f"{(p[0] + lay.origin[0]) * _SCALE:.5f}, {(p[1] + lay.origin[1]) * _SCALE:.5f}"


def neighbours_of(lay: Layer, adcodes: Iterable[int]) -> list[int]:
    """The units of ``lay`` that share a border (an arc) with any of ``adcodes``, sorted."""
    inside = set(adcodes)
    theirs = {ref if ref >= 0 else ~ref for code in inside if code in lay.units
              for poly in polygons(lay.units[code]) for ring in poly for ref in ring}
    return sorted(code for code, g in lay.units.items() if code not in inside
                  and any((ref if ref >= 0 else ~ref) in theirs for poly in polygons(g) for ring in poly for ref in ring))


class TopologyCut:
    """A new topology on the shipped grid, built from polygons of any shipped layers.

    Polygons are taken as rings of grid positions (a neighbour from another file moved onto
    ``base``'s origin: every file shares the grid, and the national coverages share their
    border vertices, so positions stay exact); :meth:`topology` cuts them into shared arcs
    with :func:`mapgen.arcs.build_topology`, as the shipped files were, so a border between
    the map's units and their grey neighbours is one arc whichever file each came from.
    """

    def __init__(self, base: Layer):
        self.base = base
        self.objects: dict[str, list[tuple[list[list], dict]]] = {}  # rings as (n, 2) arrays

    def add(self, object_name: str, polys: list[Rings], lay: Layer, properties: dict) -> None:
        """Add one geometry (``polys``, arc references of ``lay``) with its properties."""
        shift = (lay.origin[0] - self.base.origin[0], lay.origin[1] - self.base.origin[1])
        rings = [[lay.ring_points(ring) + shift for ring in poly] for poly in polys]
        self.objects.setdefault(object_name, []).append((rings, properties))

    def topology(self, object_names: Sequence[str], metadata: dict) -> dict:
        """The TopoJSON Topology of the objects, quantised on the shipped grid from the
        south-west corner of everything in it."""
        import numpy as np

        from mapgen.arcs import build_topology

        flat = [ring for name in object_names for polys, _ in self.objects.get(name, [])
                for poly in polys for ring in poly]
        topo = build_topology(flat)
        grid = np.rint(topo.points).astype(np.int64)
        origin = grid.min(axis=0)
        grid -= origin
        # delta-encode every arc at once: the first position absolute, then differences
        lengths = [len(ids) for ids in topo.arcs]
        q = grid[np.concatenate(topo.arcs)] if topo.arcs else np.empty((0, 2), dtype=np.int64)
        delta = np.empty_like(q)
        delta[1:] = q[1:] - q[:-1]
        first = np.cumsum([0, *lengths[:-1]]).astype(np.int64)
        delta[first] = q[first]
        flat = delta.tolist()
        arcs = [flat[a:a + n] for a, n in zip(first.tolist(), lengths)]
        refs = iter(topo.rings)
        objects = {}
        for name in object_names:
            geometries = []
            for polys, props in self.objects.get(name, []):
                moved = [[next(refs) for _ in poly] for poly in polys]
                geometry = {"type": "Polygon", "arcs": moved[0]} if len(moved) == 1 else \
                    {"type": "MultiPolygon", "arcs": moved}
                geometries.append({**geometry, "properties": props})
            objects[name] = {"type": "GeometryCollection", "geometries": geometries}
        translate = [round((int(o) + b) * _SCALE, 5) for o, b in zip(origin, self.base.origin)]
        return {"type": "Topology", "transform": {"scale": [_SCALE, _SCALE], "translate": translate}, "arcs": arcs,
                "objects": objects, "metadata": metadata}

    def extent(self, object_name: str) -> tuple[float, float, float, float]:
        """``(west, south, east, north)`` in degrees of the object's positions."""
        import numpy as np

        every = np.concatenate([poly[0] for polys, _ in self.objects.get(object_name, []) for poly in polys])
        (x0, y0), (x1, y1) = every.min(axis=0) + self.base.origin, every.max(axis=0) + self.base.origin
        return tuple(round(float(v) * _SCALE, 5) for v in (x0, y0, x1, y1))  # type: ignore[return-value]


def simplify_others(topology: dict, keep: str, tolerance: float) -> int:
    """Simplify, in place, the arcs no geometry of object ``keep`` uses (Douglas-Peucker,
    ``tolerance`` in degrees); return how many positions that saved.

    The grey neighbours around a region carry the detail of the region's own layer out to
    their far edges; at the map's first view most of it is under a pixel. Their arcs alone
    are simplified (each between its fixed end points, so borders stay shared and the
    region's units are untouched); a closed arc that would collapse keeps its detail.
    """
    import numpy as np
    import shapely

    used = {ref if ref >= 0 else ~ref for g in topology["objects"][keep]["geometries"]
            for poly in polygons(g) for ring in poly for ref in ring}
    scale = float(topology["transform"]["scale"][0])
    xy, first, lengths = grid_positions(topology["arcs"])
    saved = 0
    arcs = topology["arcs"]
    for arc in range(len(arcs)):
        if arc in used or lengths[arc] <= 2:
            continue
        points = xy[first[arc]:first[arc] + lengths[arc]]
        kept = shapely.get_coordinates(shapely.simplify(shapely.LineString(points), tolerance / scale,
                                                        preserve_topology=False)).astype(np.int64)
        closed = bool((points[0] == points[-1]).all())
        if len(kept) >= len(points) or (closed and len(kept) < 4):
            continue
        saved += len(points) - len(kept)
        arcs[arc] = [kept[0].tolist(), *np.diff(kept, axis=0).tolist()]
    return saved
