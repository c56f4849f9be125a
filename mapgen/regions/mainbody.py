"""The main body of a region: the extent its map opens on, without far-flung islands.

Hainan province reaches from 20 N to 3.8 N because of 三沙's reefs; fitted whole, the
island of Hainan would be a speck at the top of its own map, and a map of all China
would shrink to fit 曾母暗沙. The rule, on the polygons of all the map's units:

1. Two polygons belong together when they are at most ``max(1°, half the smaller
   one's diagonal)`` apart (about 100 km; a large island such as 台湾, 1.2° from
   福建, joins the coast it faces, a reef 150 km out does not). Single linkage: a
   chain of islands a few dozen kilometres apart stays one group.
2. The group with the largest land area is the main body; any other group with at
   least :data:`KEEP_RATIO` of its area is kept too (a region of two large islands
   keeps both).
3. If the groups left out hold every part of more than :data:`WHOLE_UNITS` of the
   units, nothing is left out: a map of an archipelago (三沙 and its two districts)
   shows all of it, while Hainan's map may leave out 三沙, one unit of nineteen.

The parts left out stay on the map, reachable by zooming and panning, and a map of all
China shows 南海诸岛 in its inset. Areas are in square degrees, which is enough to
compare parts of one region.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["GAP", "KEEP_RATIO", "WHOLE_UNITS", "main_extent"]

GAP = 1.0  # degrees, about 100 km
KEEP_RATIO = 0.25  # a group with this share of the main body's area is never left out
WHOLE_UNITS = 0.1  # at most this share of the units may be left out whole
_SIMPLIFY = 0.01  # degrees: distances are measured on outlines simplified this much


def main_extent(geometries: Sequence) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` of the main body of the union of ``geometries`` (shapely).

    A unit with a far reef opens on its land; a reef that is a unit of its own, one
    of two, is kept; an island 0.5 degrees off the coast is part of the main body:

    >>> import shapely
    >>> land, reef = shapely.box(0, 0, 4, 4), shapely.box(6, -10, 6.1, -9.9)
    >>> main_extent([shapely.union(land, reef)]), main_extent([land, reef])
    ((0.0, 0.0, 4.0, 4.0), (0.0, -10.0, 6.1, 4.0))
    >>> main_extent([shapely.union(land, reef), shapely.box(4.5, 0, 5, 1)])
    (0.0, 0.0, 5.0, 4.0)
    """
    import numpy as np
    import shapely

    geoms = np.asarray(list(geometries), dtype=object)
    if len(geoms) == 0:
        raise ValueError("no polygons")
    parts, unit = shapely.get_parts(geoms, return_index=True)
    full = tuple(float(v) for v in shapely.total_bounds(parts))
    if len(parts) == 1:
        return full
    bounds = shapely.bounds(parts)
    diag = np.hypot(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
    left, right = _candidates(bounds, np.maximum(GAP, diag / 2))
    limit = np.maximum(GAP, np.minimum(diag[left], diag[right]) / 2)
    # Bounds on the distance from the boxes: at least the gap between them, at most the
    # distance between their centres plus half of each diagonal. Only pairs between the
    # two, and not already joined, need their outlines measured.
    lo, hi = bounds[left], bounds[right]
    gap = np.hypot(np.maximum(0, np.maximum(lo[:, 0], hi[:, 0]) - np.minimum(lo[:, 2], hi[:, 2])),
                   np.maximum(0, np.maximum(lo[:, 1], hi[:, 1]) - np.minimum(lo[:, 3], hi[:, 3])))
    centre = (bounds[:, :2] + bounds[:, 2:]) / 2
    most = np.hypot(*(centre[left] - centre[right]).T) + (diag[left] + diag[right]) / 2
    sure = most <= limit
    group = _components(len(parts), left[sure], right[sure])
    maybe = (gap <= limit) & ~sure & (group[left] != group[right])
    left, right, limit = left[maybe], right[maybe], limit[maybe]
    outlines = shapely.simplify(parts, _SIMPLIFY)
    shapely.prepare(outlines)
    near = shapely.dwithin(outlines[left], outlines[right], limit)
    group = _components(len(parts), left[near], right[near], group)
    totals = np.bincount(group, weights=shapely.area(parts))
    main = int(np.argmax(totals))
    kept = totals >= KEEP_RATIO * totals[main]
    kept[main] = True
    inside = kept[group]
    # units with no part in the main body (counted without np.unique, which imports numpy.ma)
    whole = len(geoms) - np.count_nonzero(np.bincount(unit[inside], minlength=len(geoms)))
    if whole > WHOLE_UNITS * len(geoms):
        return full
    return tuple(float(v) for v in shapely.total_bounds(parts[inside]))


def _candidates(bounds, reach):
    """Pairs ``(i, j)``, ``i != j``, of parts whose boxes, ``i``'s grown by ``reach[i]``, meet."""
    import shapely

    boxes = shapely.box(bounds[:, 0], bounds[:, 1], bounds[:, 2], bounds[:, 3])
    grown = shapely.box(bounds[:, 0] - reach, bounds[:, 1] - reach, bounds[:, 2] + reach, bounds[:, 3] + reach)
    i, j = shapely.STRtree(boxes).query(grown, predicate="intersects")
    other = i != j
    return i[other], j[other]


def _components(n: int, left, right, start=None):
    """Groups of ``n`` parts joined by the edges ``left[k] - right[k]`` (and by ``start``, earlier
    groups), as labels 0..k-1: each part takes the smallest index it reaches, by min-label
    propagation with pointer jumping (numpy only; scipy's csgraph costs half a second to import)."""
    import numpy as np

    if start is None:
        label = np.arange(n)
    else:  # each part starts with the first part of its earlier group
        first = np.unique(start, return_index=True)[1]
        label = first[start]
    while True:
        before = label.copy()
        np.minimum.at(label, left, label[right])
        np.minimum.at(label, right, label[left])
        label = label[label]
        if np.array_equal(label, before):
            return np.unique(label, return_inverse=True)[1]
