"""A map of any region is cut from the shipped layers by its arcs (issues 11 and 15).

The cut (``mapgen.regions.cut``) must draw what the geometry path (``load_region``,
shapely and geopandas, kept for ``mapgen boundaries``) gives: the same units exactly, the
same grey neighbours with the same label points and outlines (their own borders simplified
to half a pixel of the first view), every border one arc; and a build of such a map
imports neither geopandas nor pandas.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import shapely

from mapgen._geodata.encode import encode_topology
from mapgen.regions.boundaries import _decode, load_region
from mapgen.regions.cut import Layer, dissolve, grid_positions, polygons
from mapgen.regions.page import region_boundaries
from mapgen.topocheck import CONTEXT, UNITS
from conftest import REAL_DATA


def _squares(rows: int, cols: int) -> Layer:
    """A coverage of unit squares, adcode 10*row + col, as a shipped layer would hold it."""
    pairs = [({"adcode": 10 * r + c}, shapely.box(c, r, c + 1, r + 1)) for r in range(rows) for c in range(cols)]
    topo = encode_topology({"units": pairs}, decimals=0)
    topo["transform"] = {"scale": [1e-5, 1e-5], "translate": [0, 0]}  # the shipped grid; shapes stay the same
    return Layer("squares", topo, {g["properties"]["adcode"]: g for g in topo["objects"]["units"]["geometries"]},
                 (0, 0))


def _shape(lay: Layer, polys) -> shapely.Geometry:
    parts = [shapely.Polygon(lay.ring_points(p[0]), [lay.ring_points(h) for h in p[1:]]) for p in polys]
    return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]


@pytest.mark.parametrize("picked, want, rings", [
    ([0, 1, 2, 10, 11, 12, 20, 21, 22], shapely.box(0, 0, 3, 3), [1]),  # all: one square, no inner arcs
    ([0, 1, 2, 10, 12, 20, 21, 22], shapely.box(0, 0, 3, 3).difference(shapely.box(1, 1, 2, 2)), [2]),  # a hole
    ([0, 11], shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(1, 1, 2, 2)]), None),  # meet at a point
    ([0, 2, 20], shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(2, 0, 3, 1), shapely.box(0, 2, 1, 3)]),
     [1, 1, 1]),
])
def test_dissolve_keeps_the_outline_holes_and_separate_parts(picked, want, rings):
    lay = _squares(3, 3)
    polys = dissolve(lay, [lay.units[a] for a in picked], "test")
    got = _shape(lay, polys)
    # two squares meeting at a corner may be walked as one pinched ring: it draws the same
    assert shapely.equals(shapely.make_valid(got), want)
    if rings is not None:
        assert got.is_valid and [len(p) for p in polys] == rings


@pytest.mark.parametrize("region, level", [
    (510000, "city"),  # Sichuan: neighbours dissolved from the same national layer
    (340100, "county"),  # Hefei: neighbouring cities from the province's county file
    (110000, "county"),  # Beijing: Hebei and Tianjin from other files, across the border
    (460000, "city"),  # Hainan: no neighbours on land, a main body without 三沙
])
def test_the_cut_draws_what_the_geometry_path_draws(region, level):
    cut = region_boundaries(region, level)
    full = load_region(region, level)
    props, geoms = _decode(cut.topology, UNITS)
    assert [p["adcode"] for p in props] == list(full.units.index)
    for p, g in zip(props, geoms):
        assert shapely.equals(g, full.units.geometry.loc[p["adcode"]]), p["name"]
    props, geoms = _decode(cut.topology, CONTEXT)
    assert [p["adcode"] for p in props] == list(full.context.index)
    w, s, e, n = cut.bbox
    detail = max(e - w, n - s) / 2000  # the neighbours' own borders: half a pixel of the first view
    for p, g in zip(props, geoms):
        row = full.context.loc[p["adcode"]]
        assert shapely.hausdorff_distance(g, row.geometry) <= detail * 1.01, p["name"]
        assert abs(g.area - row.geometry.area) < 0.002 * row.geometry.area, p["name"]
        assert p["label"] == pytest.approx([row.label_lon, row.label_lat], abs=2e-5), p["name"]
    # every border is one arc: every arc is used, by one or two rings, and no two arcs run
    # over the same positions (a border copied beside itself would)
    uses: dict[int, int] = {}
    for name in (UNITS, CONTEXT):
        for g in cut.topology["objects"][name]["geometries"]:
            for poly in polygons(g):
                for ring in poly:
                    for ref in ring:
                        uses[_arc(ref)] = uses.get(_arc(ref), 0) + 1
    assert max(uses.values()) <= 2 and len(uses) == len(cut.topology["arcs"])
    xy, first, lengths = grid_positions(cut.topology["arcs"])
    runs = [frozenset(map(tuple, xy[f:f + n].tolist())) for f, n in zip(first, lengths)]
    assert len(set(runs)) == len(runs)


def test_a_cut_from_another_file_shares_its_border_with_the_region():
    """Beijing's counties (counties/110000) meet Hebei's (counties/130000): one arc per border."""
    cut = region_boundaries(110000, "county")
    names = {p.adcode: p.name for p in cut.context}
    assert set(names) == {120000, 130000}
    hebei = next(g for g in cut.topology["objects"][CONTEXT]["geometries"] if g["properties"]["adcode"] == 130000)
    shared = {_arc(r) for poly in polygons(hebei) for ring in poly for r in ring}
    beijing = {_arc(r) for g in cut.topology["objects"][UNITS]["geometries"]
               for poly in polygons(g) for ring in poly for r in ring}
    assert shared & beijing  # the border is the same arcs, not a copy beside them


def _arc(ref: int) -> int:
    return ref if ref >= 0 else ~ref


def test_a_region_build_imports_neither_geopandas_nor_pandas(tmp_path):
    """Nor the schema walker (a valid file passes the compiled check), nor the other commands' code."""
    from test_init import run

    data, out = tmp_path / "hefei.yaml", tmp_path / "hefei.html"
    assert run("init", "合肥", "--out", data).exit_code == 0
    code = ("import sys, mapgen.cli\n"
            f"sys.argv = ['mapgen', 'build', '--data', {str(data)!r}, '--out', {str(out)!r}]\n"
            "try:\n    mapgen.cli.main()\nexcept SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
            "print('imported:', *sorted(m for m in ('folium', 'branca', 'pandas', 'requests', 'geopandas', 'jsonschema', "
            "'mapgen.draft', 'mapgen.preview', 'mapgen.sheets') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "imported:" and out.stat().st_size > 100_000


@pytest.mark.parametrize("region, unit, each, en", [
    ("四川", "地", "各地", "All prefectures"),  # 阿坝州 and 凉山州 are not cities
    ("合肥", "区县", "各区县", "All counties"),  # districts, counties and 巢湖市
    ("中国", "省区市", "各省区市", "All provinces"),  # 香港, 澳门, 北京 are not provinces
])
def test_a_map_counts_its_units_in_words_that_fit_them_all(tmp_path, region, unit, each, en):
    from test_init import run

    from mapgen.pipeline import scene

    data = tmp_path / "d.yaml"
    assert run("init", region, "--out", data).exit_code == 0
    s = scene(data)
    assert s.text["legendCounts"][0]["zh"].endswith(unit) and s.text["legendCounts"][0]["zh"][:-len(unit)].isdigit()
    assert s.text["ui"]["listTitle"]["zh"] == f"{each}举措一览" and s.text["ui"]["listTitle"]["en"] == en
    anhui = scene(REAL_DATA)  # all 16 are 市: the level's own words
    assert anhui.text["legendCounts"][0]["zh"][-1] == "市" and anhui.text["ui"]["listTitle"]["en"] == "All cities"
