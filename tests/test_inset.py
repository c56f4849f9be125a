"""Maps of all China (issue 15): the 南海诸岛 inset in the scene, the view fitted to a
region's main body, and the legend naming the few units without data.

The page itself (inset visible, clear of the legend, initial view) is tested in
tests/test_init.py, on the national page that module builds once.
"""

from __future__ import annotations

import shapely

from mapgen import BuildOptions, render
from mapgen.pipeline import scene
from mapgen.regions.boundaries import load_region
from mapgen.regions.inset import EXTENT, inset_data
from mapgen.regions.mainbody import main_extent
from conftest import REAL_DATA


def test_main_body_leaves_out_far_islands_but_not_near_ones_or_whole_units():
    land = shapely.box(0, 0, 4, 4)
    reef = shapely.box(6, -10, 6.1, -9.9)  # a far reef of the same unit
    near = shapely.box(4.5, 0, 5, 1)  # an island 0.5 degrees off the coast, a unit of its own
    big = shapely.box(5.5, 0, 8, 3)  # a large island 1.5 degrees out: half its diagonal reaches the coast
    assert main_extent([shapely.union(land, reef)]) == (0.0, 0.0, 4.0, 4.0)
    assert main_extent([shapely.union(land, reef), near]) == (0.0, 0.0, 5.0, 4.0)
    assert main_extent([shapely.union(land, reef), big]) == (0.0, 0.0, 8.0, 4.0)
    # a reef that is a whole unit of two is not left out: a map of an archipelago shows all of it
    assert main_extent([land, reef]) == (0.0, -10.0, 6.1, 4.0)


def test_china_opens_on_its_main_body_reaching_hainan_and_not_the_spratlys():
    west, south, east, north = main_extent(list(load_region("中国", "province").units.geometry.values))
    assert 18.0 < south < 18.25  # Hainan's southern tip, not 曾母暗沙 at 3.8 N
    assert north > 53.5 and west < 73.6 and east > 135  # 漠河, 帕米尔, 抚远 stay in


def test_hainans_map_fits_the_island_and_sanshas_keeps_its_reefs():
    hainan = main_extent(list(load_region("海南", "city").units.geometry.values))
    assert hainan[1] > 18 and hainan[3] < 20.3 and hainan[2] < 111.5  # the island, without 三沙
    sansha = main_extent(list(load_region("三沙", "county").units.geometry.values))
    assert sansha[1] < 4 and sansha[3] > 16  # 南沙 and 西沙 both


def test_the_inset_holds_the_ten_dashes_the_islands_and_the_coasts():
    d = inset_data(load_region("中国", "province"))
    assert len(d["lines"]) == 10 and all(len(dash) >= 2 for dash in d["lines"])
    assert 100 < len(d["islands"]) < 300  # one dot per 0.1 degree cell
    w, s, e, n = EXTENT
    assert all(w <= x <= e and s <= y <= n for dash in d["lines"] for x, y in dash)
    assert all(w <= x <= e and s <= y <= n for x, y in d["islands"])
    assert min(y for _, y in d["islands"]) < 4.2  # 曾母暗沙
    assert {440000, 450000, 460000, 710000} <= set(d["units"]) and 110000 not in d["units"]
    assert inset_data(load_region("四川")) is None
    assert d == inset_data(load_region("中国", "province"))  # the same numbers on every build


def _national(tmp_path, drop=()):
    from test_init import run

    data = tmp_path / f"china-{'-'.join(map(str, drop))}.yaml"
    assert run("init", "中国", "--out", data).exit_code == 0
    text = data.read_text("utf-8")
    for code in drop:  # take out a unit's stub record
        start = text.index(f"  - adcode: {code}")
        end = text.find("  - adcode: ", start + 1)
        text = text[:start] + (text[end:] if end > 0 else "")
    data.write_text(text, "utf-8")
    return data


def test_a_national_map_without_taiwan_says_taiwan_has_no_data(tmp_path):
    s = scene(_national(tmp_path, drop=(710000,)))
    assert s.inset is not None and s.payload["inset"]["units"] == list(s.inset.units)
    assert s.text["inset"] == {"zh": "南海诸岛", "hant": "南海諸島", "en": "South China Sea Islands"}
    assert s.text["legendItems"][-1] == {"zh": "台湾省资料暂缺", "hant": "臺灣省資料暫缺", "en": "Taiwan: no data"}
    assert s.legend_no_data[-1] and s.text["legendCounts"][-1] == {"zh": "", "hant": "", "en": ""}
    assert s.payload["bounds"][0][0] > 18  # the page fits the main body ...
    assert s.view["maxBounds"][0][0] < 3.8  # ... and the reader can still pan to 曾母暗沙


def test_many_units_without_data_are_counted_not_named(tmp_path):
    s = scene(_national(tmp_path, drop=(710000, 810000, 820000, 460000)))
    assert s.text["legendItems"][-1]["zh"] == "未报道举措"
    assert s.text["legendCounts"][-1]["zh"] == "4省区市"  # 香港 and 澳门 are not provinces
    s = scene(_national(tmp_path, drop=(810000, 820000)))
    assert s.text["legendItems"][-1]["zh"] == "香港特别行政区、澳门特别行政区资料暂缺"


def test_only_national_pages_carry_the_inset_code():
    anhui = render(REAL_DATA, BuildOptions())
    assert "drawInset:" not in anhui and "mg-inset-caption" not in anhui and '"inset"' not in anhui
