"""The boundary topology as the page carries it.

The shipped TopoJSON stores each arc as a JSON list of quantised, delta-encoded
integer pairs: about 12 bytes a vertex. In the page each arc becomes one string
in the polyline encoding (zig-zag varints in printable ASCII, the scheme of
Google's encoded polylines): about 5 bytes a vertex, decoded by a dozen lines
of the page script. Only the geometry and the adcode travel; names and labels
are in the page data.

At the zoom the map opens on, most of a border's points lie within a pixel of the line
through their neighbours: Leaflet would still make, project and clip each of them before
its own one-pixel simplification drops them. So the page also carries, one bit a point,
which points a Douglas-Peucker simplification keeps at one pixel of that view (in the
Web Mercator pixels Leaflet draws in, each arc's ends kept, so a shared border stays one
line): the page draws those first and the rest when the reader zooms in past that view.
"""

from __future__ import annotations

import math

__all__ = ["encode_arc", "decode_arc", "page_topology", "opening_zoom", "detail_mask"]

# The map of a desktop page (1280 x 800 pixels) below a one-line header, less the padding
# start.js fits the region with (8 pixels, and the attribution's line at the bottom).
DESKTOP_MAP = (1280 - 16, 658 - 8 - 21)
ZOOM_SNAP = 0.25  # scene.view_options
DETAIL_PX = 1.0  # the simplification's tolerance, in pixels at the opening zoom (Leaflet's smoothFactor)
DETAIL_WORTH = 0.8  # carry the bits only where they leave out a fifth of the points or more


def _varint(value: int, out: list[str]) -> None:
    v = ~(value << 1) if value < 0 else value << 1
    while v >= 0x20:
        out.append(chr((0x20 | (v & 0x1F)) + 63))
        v >>= 5
    out.append(chr(v + 63))


def encode_arc(arc: list[list[int]]) -> str:
    """Encode one TopoJSON arc (already delta-encoded integers).

    >>> encode_arc([[0, 0], [1, -1], [-150, 3]])
    '??A@jHE'
    """
    out: list[str] = []
    for x, y in arc:
        _varint(int(x), out)
        _varint(int(y), out)
    return "".join(out)


def decode_arc(text: str) -> list[list[int]]:
    """Inverse of :func:`encode_arc` (the page script does the same).

    >>> decode_arc(encode_arc([[840325, 742437], [-681, -705]]))
    [[840325, 742437], [-681, -705]]
    """
    values, shift, acc = [], 0, 0
    for ch in text:
        b = ord(ch) - 63
        acc |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            values.append(~(acc >> 1) if acc & 1 else acc >> 1)
            shift = acc = 0
    return [values[i:i + 2] for i in range(0, len(values), 2)]


def page_topology(topology: dict, objects: tuple[str, ...] = ("cities", "neighbours"),
                  view: tuple[float, float, float, float] | None = None) -> dict:
    """The topology to embed: encoded arcs, and geometry with only its adcode.

    ``view``: the extent the map opens on; the points a desktop page shows of it are then
    marked (``detail``: the opening zoom and the bits of :func:`detail_mask`).
    """
    page = {
        "transform": topology["transform"],
        "arcs": [encode_arc(a) for a in topology["arcs"]],
        "objects": {
            name: [{"type": g["type"], "arcs": g["arcs"], "adcode": g["properties"]["adcode"]}
                   for g in topology["objects"][name]["geometries"]]
            for name in objects
        },
    }
    if view is not None:
        zoom = opening_zoom(view)
        mask = detail_mask(topology, zoom)
        if mask is not None:
            page["detail"] = {"zoom": zoom, "keep": mask}
    return page


def _world(lon, lat):
    """Web Mercator (EPSG:3857, as Leaflet projects) in pixels at zoom 0, 256 across the world."""
    import numpy as np

    lat = np.radians(np.clip(lat, -85.0511287798, 85.0511287798))
    return (lon + 180.0) / 360.0 * 256.0, (1.0 - np.log(np.tan(np.pi / 4 + lat / 2)) / np.pi) * 128.0


def opening_zoom(view: tuple[float, float, float, float], size: tuple[int, int] = DESKTOP_MAP) -> float:
    """The zoom at which Leaflet's ``fitBounds`` shows ``view`` (west, south, east, north) in a
    map of ``size`` pixels: the largest multiple of the zoom snap at which it fits.

    >>> opening_zoom((97.35, 26.05, 108.55, 34.32))  # Sichuan, as a desktop page opens it
    6.5
    """
    import numpy as np

    w, s, e, n = view
    x, y = _world(np.array([w, e]), np.array([n, s]))
    scale = min(size[0] / max(x[1] - x[0], 1e-9), size[1] / max(y[1] - y[0], 1e-9))
    zoom = round(math.log2(scale) * 400) / 400  # Leaflet rounds to a hundredth of the snap first
    return math.floor(zoom / ZOOM_SNAP) * ZOOM_SNAP


def detail_mask(topology: dict, zoom: float, tolerance: float = DETAIL_PX) -> str | None:
    """Which points of ``topology``'s arcs a view at ``zoom`` needs: one bit a point, in arc
    order, six to a character (``chr(63 + bits)``, least significant first; the alphabet of
    the arcs' own encoding). None when it would leave out less than a fifth of them.

    >>> topo = {"transform": {"scale": [1e-05, 1e-05], "translate": [117.0, 31.0]},
    ...         "arcs": [[[0, 0], [50000, 10], [50000, -10]], [[0, 0], [1, 1]]]}
    >>> [ord(c) - 63 for c in detail_mask(topo, 6)]  # kept: 1, 0, 1 (a point 0.0002 px off), 1, 1
    [29]
    >>> detail_mask(topo, 20) is None  # at street level every point shows
    True
    """
    import numpy as np

    from .arcs import dp_keep_lines

    arcs = topology["arcs"]
    if not arcs:
        return None
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    sizes = np.array([len(a) for a in arcs])
    last = np.cumsum(sizes) - 1
    lines = np.column_stack([last - sizes + 1, last])
    q = np.concatenate([np.cumsum(np.asarray(a, dtype=np.int64), axis=0) for a in arcs])
    closed = np.flatnonzero((q[lines[:, 0]] == q[lines[:, 1]]).all(axis=1) & (sizes > 3))
    x, y = _world(q[:, 0] * sx + tx, q[:, 1] * sy + ty)
    flags = dp_keep_lines(np.column_stack([x, y]), lines, tolerance / 2.0 ** zoom, closed)
    if flags.sum() > DETAIL_WORTH * len(flags):
        return None
    flags = np.concatenate([flags, np.zeros(-len(flags) % 6, dtype=bool)]).reshape(-1, 6)
    values = flags.astype(np.uint8) @ (1 << np.arange(6, dtype=np.uint8))
    return (values + 63).astype(np.uint8).tobytes().decode("ascii")
