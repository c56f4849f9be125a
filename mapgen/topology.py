"""The boundary topology as the page carries it.

The shipped TopoJSON stores each arc as a JSON list of quantised, delta-encoded
integer pairs: about 12 bytes a vertex. In the page each arc becomes one string
in the polyline encoding (zig-zag varints in printable ASCII, the scheme of
Google's encoded polylines): about 5 bytes a vertex, decoded by a dozen lines
of the page script. Only the geometry and the adcode travel; names and labels
are in the page data.
"""

from __future__ import annotations

__all__ = ["encode_arc", "decode_arc", "page_topology"]


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
