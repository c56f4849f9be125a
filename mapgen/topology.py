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

__all__ = ["encode_arc", "decode_arc", "page_topology", "page_detail", "opening_zoom", "detail_mask"]

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


def page_topology(topology: dict, objects: tuple[str, ...] = ("cities", "neighbours")) -> dict:
    """The topology to embed: encoded arcs, and geometry with only its adcode."""
    return {
        "transform": topology["transform"],
        "arcs": [encode_arc(a) for a in topology["arcs"]],
        "objects": {
            name: [{"type": g["type"], "arcs": g["arcs"], "adcode": g["properties"]["adcode"]}
                   for g in topology["objects"][name]["geometries"]]
            for name in objects
        },
    }


def page_detail(topology: dict, view: tuple[float, float, float, float]) -> dict | None:
    """What the page carries as ``detail`` beside :func:`page_topology`: the zoom a desktop page
    opens ``view`` (the extent the map opens on) at, and the bits of :func:`detail_mask` for it;
    None where every point shows at that zoom anyway."""
    zoom = opening_zoom(view)
    mask = detail_mask(topology, zoom)
    return None if mask is None else {"zoom": zoom, "keep": mask}


def _world(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator (EPSG:3857, as Leaflet projects) in pixels at zoom 0, 256 across the world."""
    lat = math.radians(max(min(lat, 85.0511287798), -85.0511287798))
    return (lon + 180.0) / 360.0 * 256.0, (1.0 - math.log(math.tan(math.pi / 4 + lat / 2)) / math.pi) * 128.0


def opening_zoom(view: tuple[float, float, float, float], size: tuple[int, int] = DESKTOP_MAP) -> float:
    """The zoom at which Leaflet's ``fitBounds`` shows ``view`` (west, south, east, north) in a
    map of ``size`` pixels: the largest multiple of the zoom snap at which it fits.

    >>> opening_zoom((97.35, 26.05, 108.55, 34.32))  # Sichuan, as a desktop page opens it
    6.5
    """
    w, s, e, n = view
    x0, y0 = _world(w, n)
    x1, y1 = _world(e, s)
    scale = min(size[0] / max(x1 - x0, 1e-9), size[1] / max(y1 - y0, 1e-9))
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
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    tol2 = (tolerance / 2.0 ** zoom) ** 2
    flags: list[bool] = []
    for arc in topology["arcs"]:
        points, x, y = [], 0, 0
        for dx, dy in arc:
            x += dx
            y += dy
            points.append(_world(x * sx + tx, y * sy + ty))
        flags += _douglas_peucker(points, tol2)
    if not flags or sum(flags) > DETAIL_WORTH * len(flags):
        return None
    flags += [False] * (-len(flags) % 6)
    return "".join(chr(63 + sum(1 << i for i in range(6) if flags[k + i])) for k in range(0, len(flags), 6))


def _douglas_peucker(points: list[tuple[float, float]], tol2: float) -> list[bool]:
    """Which points of a line to keep so that every other one lies within sqrt(``tol2``) of the
    kept line; its ends are kept, and a ring (first point == last) keeps three distinct points.

    The points ``mapgen._geodata.simplify.dp_keep`` keeps, in plain Python: a map of Anhui then
    needs no numpy (importing it costs more time and memory than this takes: 16 ms).

    >>> _douglas_peucker([(0, 0), (1, 0.1), (2, 0), (3, 5), (4, 0)], 0.25)
    [True, False, True, True, True]
    """
    n = len(points)
    keep = [True] * n if n <= 2 else [True] + [False] * (n - 2) + [True]
    stack = [(0, n - 1)] if n > 2 else []
    while stack:
        i, j = stack.pop()
        k, d = _farthest(points, i, j)
        if d > tol2:
            keep[k] = True
            stack += [(i, k)] * (k - i >= 2) + [(k, j)] * (j - k >= 2)
    if n > 3 and points[0] == points[-1] and sum(keep) < 4:  # a ring smaller than the tolerance
        far, _ = _farthest(points, 0, n - 1)
        keep[far] = True
        keep[max(_farthest(points, 0, far), _farthest(points, far, n - 1), key=lambda kd: kd[1])[0]] = True
    return keep


def _farthest(points: list[tuple[float, float]], i: int, j: int) -> tuple[int, float]:
    """The first point strictly between ``i`` and ``j`` farthest from the segment i-j (to point
    i where they coincide), and its squared distance; (i, -1.0) when there is none."""
    (ax, ay), (bx, by) = points[i], points[j]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    best, at = -1.0, i
    for k in range(i + 1, j):
        px, py = points[k][0] - ax, points[k][1] - ay
        t = min(max((px * dx + py * dy) / length2, 0.0), 1.0) if length2 > 0 else 0.0
        ex, ey = px - t * dx, py - t * dy
        if ex * ex + ey * ey > best:
            best, at = ex * ex + ey * ey, k
    return at, best
