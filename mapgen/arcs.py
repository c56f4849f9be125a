"""Cut polygon rings into shared arcs (the topology behind TopoJSON).

A *junction* is a vertex where the rings passing through it do not all have the same
two neighbours: a point where three units meet, or where a shared border ends. Cutting
every ring at the junctions yields arcs that are either used by one ring (an outer
border) or by exactly two rings in opposite directions (a shared border). Each shared
arc is stored once; rings refer to it by index, ``~index`` meaning "reversed", as in the
TopoJSON specification.

The simplifier (one tolerance per arc keeps shared borders identical), the encoder and
the cut of a region's map from the shipped layers (:mod:`mapgen.regions.cut`) use this.
Vertices are compared exactly, so shared borders must be bit-identical, which
:func:`mapgen._geodata.sources.convert_coverage` guarantees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Topology", "build_topology", "ring_coords"]


@dataclass(frozen=True)
class Topology:
    """Arcs and the rings made of them.

    Attributes
    ----------
    points : numpy.ndarray
        ``(P, 2)`` unique vertices.
    arcs : list of numpy.ndarray
        Vertex ids of each arc, in order; closed arcs repeat their first id at the end.
    rings : list of list of int
        For each input ring, its arc references (``~i`` = arc ``i`` reversed).
    """

    points: np.ndarray
    arcs: list[np.ndarray]
    rings: list[list[int]]


def build_topology(rings: list[np.ndarray]) -> Topology:
    """Extract shared arcs from closed rings.

    Parameters
    ----------
    rings : list of numpy.ndarray
        Closed rings, each ``(n, 2)`` with ``ring[0] == ring[-1]`` and no consecutive
        duplicate vertices. Order is kept, so the arc numbering is deterministic.

    Returns
    -------
    Topology

    Examples
    --------
    Two unit squares side by side share one arc:

    >>> a = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], float)
    >>> topo = build_topology([a, a + [1, 0]])
    >>> len(topo.arcs), topo.rings
    (3, [[0, 1], [2, -1]])
    """
    open_rings = [np.asarray(r, dtype=float)[:-1] for r in rings]
    sizes = np.array([len(r) for r in open_rings])
    if len(open_rings) == 0:
        return Topology(np.empty((0, 2)), [], [])
    if (sizes < 3).any():
        raise ValueError("every ring needs at least three distinct vertices")
    # Unique positions, sorted by x then y: as complex numbers, which sort that way, a
    # one-dimensional unique (seven times faster than ``np.unique(axis=0)``).
    xy = np.ascontiguousarray(np.concatenate(open_rings), dtype=float)
    unique, ids = np.unique(xy.view(np.complex128).ravel(), return_inverse=True)
    points = unique.view(np.float64).reshape(-1, 2)
    ids = ids.ravel()
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    ring_of = np.repeat(np.arange(len(sizes)), sizes)
    pos = np.arange(len(ids)) - starts[ring_of]
    size = sizes[ring_of]
    prev = ids[starts[ring_of] + (pos - 1) % size]
    nxt = ids[starts[ring_of] + (pos + 1) % size]
    # A vertex seen with more than one neighbour pair is where borders meet or part.
    pair = np.minimum(prev, nxt).astype(np.int64) * len(points) + np.maximum(prev, nxt)
    order = np.lexsort((pair, ids))
    first = np.r_[True, (ids[order][1:] != ids[order][:-1]) | (pair[order][1:] != pair[order][:-1])]
    counts = np.bincount(ids[order][first], minlength=len(points))
    is_junction = counts > 1

    arcs: list[np.ndarray] = []
    index: dict[tuple[int, ...], int] = {}
    out_rings: list[list[int]] = []
    for k in range(len(sizes)):
        ring = ids[starts[k] : starts[k] + sizes[k]]
        out_rings.append([_arc_ref(piece, arcs, index) for piece in _cut(ring, is_junction)])
    return Topology(points=points, arcs=arcs, rings=out_rings)


def _cut(ring: np.ndarray, is_junction: np.ndarray) -> list[np.ndarray]:
    cuts = np.flatnonzero(is_junction[ring])
    if len(cuts) == 0:
        # A ring of its own (island, enclave): start at its smallest vertex id so the
        # two rings that share it (an enclave and the hole around it) cut it the same way.
        first = int(np.argmin(ring))
        rolled = np.roll(ring, -first)
        return [np.append(rolled, rolled[0])]
    rolled = np.roll(ring, -cuts[0])
    closed = np.append(rolled, rolled[0])
    cuts = np.append(cuts - cuts[0], len(ring))
    return [closed[a : b + 1] for a, b in zip(cuts[:-1], cuts[1:])]


def _arc_ref(piece: np.ndarray, arcs: list[np.ndarray], index: dict[tuple[int, ...], int]) -> int:
    key = tuple(piece.tolist())
    if key in index:
        return index[key]
    if piece[0] == piece[-1] and len(piece) > 2:
        # Closed arc: its reverse starts at the same vertex but runs the other way.
        rev = (piece[0], *piece[-2:0:-1], piece[0])
    else:
        rev = key[::-1]
    if rev in index:
        return ~index[rev]
    index[key] = len(arcs)
    arcs.append(piece)
    return len(arcs) - 1


def ring_coords(topology: Topology, refs: list[int], arc_coords: list[np.ndarray]) -> np.ndarray:
    """Concatenate (possibly simplified) arc coordinates into a closed ring.

    Parameters
    ----------
    topology : Topology
        Only used for its shape; the coordinates come from ``arc_coords``.
    refs : list of int
        Arc references of one ring.
    arc_coords : list of numpy.ndarray
        Coordinates of every arc, indexed like ``topology.arcs``.
    """
    parts = []
    for i, ref in enumerate(refs):
        xy = arc_coords[ref] if ref >= 0 else arc_coords[~ref][::-1]
        parts.append(xy if i == 0 else xy[1:])
    return np.concatenate(parts)
