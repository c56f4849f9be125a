"""The page's compact arc encoding loses nothing."""

import json
from importlib import resources

from hypothesis import given
from hypothesis import strategies as st

from mapgen.topology import decode_arc, encode_arc, page_topology

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
