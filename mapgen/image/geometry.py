"""Boundaries for images: decode the page's topology, project, turn into matplotlib paths.

The page draws on Leaflet's Web Mercator, so images use the same projection and
the two look alike.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["decode_page_topology", "mercator", "Projection", "to_path", "lines_path", "dots_path"]


def decode_page_topology(topology: dict) -> dict[str, dict[int, object]]:
    """The page topology (polyline-encoded arcs) -> ``{object: {adcode: shapely geometry}}``."""
    from ..boundaries import decode_topology
    from ..topology import decode_arc

    plain = {
        "type": "Topology", "transform": topology["transform"],
        "arcs": [decode_arc(a) for a in topology["arcs"]],
        "objects": {name: {"type": "GeometryCollection", "geometries": [
            {"type": g["type"], "arcs": g["arcs"], "properties": {"adcode": g["adcode"]}} for g in geoms]}
            for name, geoms in topology["objects"].items()},
    }
    return {name: {int(p["adcode"]): shape for p, shape in decode_topology(plain, name)} for name in plain["objects"]}


def mercator(lon, lat):
    """Spherical (Web) Mercator in degrees-equivalent units (x = lon)."""
    import numpy as np

    lat = np.clip(np.asarray(lat, dtype=float), -85.0, 85.0)
    return np.asarray(lon, dtype=float), np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))


@dataclass(frozen=True)
class Projection:
    """lon/lat -> points on the page (y down), fitted to a box."""

    x0: float  # projected left
    y1: float  # projected top
    scale: float  # points per projected unit
    left: float  # box position in points
    top: float

    @classmethod
    def fit(cls, bounds: tuple[float, float, float, float], width: float, max_height: float,
            left: float, top: float) -> tuple[Projection, float]:
        """Fit lon/lat ``bounds`` into ``width`` (and at most ``max_height``); return it and the height used."""
        (x0, x1), (y0, y1) = mercator([bounds[0], bounds[2]], [bounds[1], bounds[3]])
        scale = min(width / (x1 - x0), max_height / (y1 - y0))
        height = (y1 - y0) * scale
        # centre horizontally when the height limit bound
        pad = (width - (x1 - x0) * scale) / 2
        return cls(float(x0), float(y1), float(scale), left + pad, top), height

    def points(self, lon, lat):
        x, y = mercator(lon, lat)
        return self.left + (x - self.x0) * self.scale, self.top + (self.y1 - y) * self.scale


def to_path(geom, proj: Projection):
    """A shapely (Multi)Polygon -> one matplotlib Path in points (holes kept), projected in one go."""
    import numpy as np
    import shapely
    from matplotlib.path import Path

    if geom is None or geom.is_empty:
        return None
    rings = shapely.get_rings(shapely.get_parts(geom))  # each polygon's exterior, then its holes
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    if not len(xy):
        return None
    px, py = proj.points(xy[:, 0], xy[:, 1])
    codes = np.full(len(xy), Path.LINETO, dtype=np.uint8)
    starts = np.flatnonzero(np.r_[True, ring[1:] != ring[:-1]])
    codes[starts] = Path.MOVETO
    codes[np.r_[starts[1:], len(xy)] - 1] = Path.CLOSEPOLY
    return Path(np.column_stack([px, py]), codes)


def lines_path(lines, proj: Projection):
    """Polylines (each a sequence of ``[lon, lat]``) -> one open matplotlib Path in points."""
    import numpy as np
    from matplotlib.path import Path

    verts, codes = [], []
    for line in lines:
        xy = np.asarray(line, dtype=float)
        if len(xy) < 2:
            continue
        px, py = proj.points(xy[:, 0], xy[:, 1])
        verts.append(np.column_stack([px, py]))
        c = np.full(len(xy), Path.LINETO, dtype=np.uint8)
        c[0] = Path.MOVETO
        codes.append(c)
    if not verts:
        return None
    return Path(np.concatenate(verts), np.concatenate(codes))


def dots_path(points, proj: Projection, radius: float):
    """Points (``[lon, lat]``) -> one Path of dots (octagons) of ``radius`` points."""
    import numpy as np
    from matplotlib.path import Path

    if not len(points):
        return None
    xy = np.asarray(points, dtype=float)
    px, py = proj.points(xy[:, 0], xy[:, 1])
    angles = np.linspace(0, 2 * np.pi, 9)[:-1] + np.pi / 8
    ring = np.column_stack([np.cos(angles), np.sin(angles)]) * radius  # an octagon reads as a dot at this size
    verts = (np.column_stack([px, py])[:, None, :] + np.vstack([ring, ring[:1]])[None, :, :]).reshape(-1, 2)
    one = np.full(9, Path.LINETO, dtype=np.uint8)
    one[0], one[-1] = Path.MOVETO, Path.CLOSEPOLY
    return Path(verts, np.tile(one, len(xy)))
