"""The page's compact arc encoding loses nothing."""

import json
from importlib import resources

from hypothesis import given
from hypothesis import strategies as st

from mapgen.topology import decode_arc, detail_mask, encode_arc, opening_zoom, page_detail, page_topology

SHIPPED = json.loads(resources.files("mapgen.geodata").joinpath("anhui.topo.json").read_text("utf-8"))


@given(st.lists(st.tuples(st.integers(-2**28, 2**28), st.integers(-2**28, 2**28)), max_size=50))
def test_round_trip(points):
    arc = [list(p) for p in points]
    assert decode_arc(encode_arc(arc)) == arc


def test_every_shipped_arc_survives_and_the_encoding_is_printable_json_safe():
    page = page_topology(SHIPPED)
    assert [decode_arc(a) for a in page["arcs"]] == SHIPPED["arcs"]
    text = "".join(page["arcs"])
    assert all(63 <= ord(c) <= 126 for c in text) and not set(text) & set("<>&'\"")
    assert len(json.dumps(page)) < len(json.dumps(SHIPPED["arcs"])) / 2


def _bits(mask: str) -> list[int]:
    return [(ord(c) - 63) >> i & 1 for c in mask for i in range(6)]


def test_the_page_marks_the_points_its_opening_view_shows():
    from mapgen.boundaries import load_boundaries

    bounds = load_boundaries()
    detail = page_detail(SHIPPED, bounds.view_bbox)
    assert detail["zoom"] == opening_zoom(bounds.view_bbox) == 7  # Anhui fills a desktop page at zoom 7
    sizes = [len(a) for a in SHIPPED["arcs"]]
    bits = _bits(detail["keep"])
    assert len(bits) - 6 < sum(sizes) <= len(bits) and not any(bits[sum(sizes):])
    first = 0
    for size in sizes:
        assert bits[first] and bits[first + size - 1]  # each arc keeps its ends: shared borders stay shared
        first += size
    assert sum(bits) < 0.6 * sum(sizes)  # most points are finer than a pixel of the first view
    assert set(detail["keep"]) <= {chr(c) for c in range(63, 127)}
    # at street level every point shows: the page carries no bits
    assert detail_mask(SHIPPED, 14) is None and "detail" not in page_topology(SHIPPED)
