"""mapgen extract, the units: which passage is about which unit."""

from __future__ import annotations

from mapgen.draft.candidates import Region, Unit
from mapgen.draft.extract import extract
from mapgen.draft.read import normalise

HEFEI, WUHU, BENGBU = Unit(340100, "合肥市", "合肥"), Unit(340200, "芜湖市", "芜湖"), Unit(340300, "蚌埠市", "蚌埠")
ANHUI = Region("安徽省", "city", ("安徽省", "安徽", "全省"), (HEFEI, WUHU, BENGBU))
GUANGDONG, SHANDONG = Unit(440000, "广东省", "广东"), Unit(370000, "山东省", "山东")
CHINA = Region("中国", "province", ("中国", "全国"), (GUANGDONG, SHANDONG, Unit(120000, "天津市", "天津")))


def attributed(text: str, region: Region = ANHUI):
    return [(f.unit.short, f.printed) for f in extract(normalise(text), region).figures]


def left_out(text: str, region: Region = ANHUI):
    return [(u.printed, u.reason) for u in extract(normalise(text), region).unattributed]


def test_respectively_zips_values_to_units_in_order():
    assert attributed("合肥、芜湖两市分别增长5.2%和7.1%。") == [("合肥", "5.2%"), ("芜湖", "7.1%")]


def test_respectively_with_two_figures_per_unit():
    text = "合肥市、芜湖市、蚌埠市GDP分别为12013亿元、4502亿元、2000亿元,增长5.8%、5.5%、3.1%。"
    assert attributed(text) == [("合肥", "12013亿元"), ("芜湖", "4502亿元"), ("蚌埠", "2000亿元"),
                                ("合肥", "5.8%"), ("芜湖", "5.5%"), ("蚌埠", "3.1%")]


def test_respectively_about_places_that_are_not_units_keeps_the_section():
    text = "合肥市\n八公山景区门票收入、旅游人次分别增长约51%和83%。"
    assert attributed(text) == [("合肥", "51%"), ("合肥", "83%")]


def test_section_headings_name_the_unit():
    text = "  合肥市\n\n  标题\n\n  召开8场见面会。\n\n  芜湖市\n\n  设立4356个网格。"
    assert attributed(text) == [("合肥", "8场"), ("芜湖", "4356个")]


def test_numbered_heading():
    assert attributed("1.合肥市\n召开8场见面会。") == [("合肥", "8场")]


def test_unit_named_as_subject_without_headings():
    text = "合肥市GDP为12013亿元。\n芜湖市位居第二,GDP总量达到4502亿元,但被赣州市超过了。"
    assert attributed(text) == [("合肥", "12013亿元"), ("芜湖", "4502亿元")]


def test_nearest_unit_in_the_sentence_wins():
    assert attributed("合肥市增长5%,芜湖市增长7%。") == [("合肥", "5%"), ("芜湖", "7%")]


def test_a_unit_mentioned_in_passing_does_not_take_a_sections_figures():
    text = "合肥市\n与芜湖市等地客商交流,引进项目133个。"
    assert attributed(text) == [("合肥", "133个")]


def test_paragraph_carries_its_unit_to_later_sentences():
    assert attributed("芜湖市别称江城。总人口约有375.6万。") == [("芜湖", "375.6万")]


def test_no_unit_no_attribution():
    assert attributed("只有这两个城市的增速超过了5%。") == []
    assert ("5%", "no unit named in its sentence, paragraph or section") in left_out("只有这两个城市的增速超过了5%。")


def test_province_wide_totals_are_left_out_when_mapping_cities():
    text = "近日,安徽省统计局发布了安徽省16个城市的GDP排名。全省GDP达到45000亿元,合肥市为12013亿元。"
    assert attributed(text) == [("合肥", "12013亿元")]
    reasons = dict(left_out(text))
    assert reasons["45000亿元"] == "a total for the whole region"
    assert reasons["16个"] == "a count of city-level units"


def test_the_region_named_in_passing_is_not_a_total():
    text = "马鞍山市是安徽省辖地级市,地处安徽省东部,总人口约有219.1万。"
    region = Region("安徽省", "city", ANHUI.aliases, (Unit(340500, "马鞍山市", "马鞍山"),))
    assert attributed(text, region) == [("马鞍山", "219.1万")]


def test_units_named_to_be_excluded():
    text = "山东省常住人口10162.79万人,是中国除广东省外常住人口唯一一个超过1亿的省份。"
    assert attributed(text, CHINA) == [("山东", "10162.79万人"), ("山东", "1亿")]


def test_a_count_of_the_units_just_named_is_not_a_figure():
    text = "广东省继续位居上海、北京、天津3个地区之后。"
    assert attributed(text, CHINA) == []
    assert left_out(text, CHINA) == [("3个", "a count of the units just named")]
    assert left_out("广东省继续位居上海、北京、天津3个直辖市后。", CHINA) == [
        ("3个", "a count of province-level units")]


def test_slogans_in_quotes_are_not_figures():
    text = "合肥市以“出一个金点子、提一个好建议”为主要内容,征集金点子300余条。"
    assert attributed(text) == [("合肥", "300余条")]


def test_traditional_script_and_pinyin_junk():
    text = "2023年,蕪(wu)湖(hu)市(shi)地(di)區(qu)生(sheng)產總值為4741.07億(yi)元(yuan),同比(bi)增長5.7%。"
    assert attributed(text) == [("芜湖", "4741.07亿元"), ("芜湖", "5.7%")]
    assert attributed("合(hé)肥(féi)市召開8場見面會。") == [("合肥", "8场")]


def test_keys_match_across_units_and_are_unique_within_one():
    text = "合肥市\n合同投资额480.4亿元,引进项目133个和项目5个。\n芜湖市\n投资额240亿元。"
    by_unit = extract(normalise(text), ANHUI).by_unit()
    assert [f.key for f in by_unit[HEFEI]] == ["investment", "projects", "projects_2"]
    assert [f.key for f in by_unit[WUHU]] == ["investment"]


def test_a_count_of_the_maps_units_is_not_a_figure_but_lower_levels_are():
    text = "仅合肥、芜湖两市尚未出炉。从发布的13个地级市来看。\n蚌埠市\n8个县(市、区)全部成立了领导小组。"
    assert attributed(text) == [("蚌埠", "8个")]
    assert ("13个", "a count of city-level units") in left_out(text)
