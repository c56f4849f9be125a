"""Loading and validating initiatives.yaml: every bad input gets a located message."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapgen.errors import DataError, MapgenError
from mapgen.records import load_records, schema
from mapgen.units import UNITS
from conftest import REAL_DATA


def problems(path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_records(path)
    return [str(p) for p in info.value.problems]


def test_tiny_file_loads_into_typed_records(write_data, tiny_text):
    data = load_records(write_data(tiny_text))
    assert [c.adcode for c in data.cities] == [340100, 340200]
    hefei = data.cities[0]
    assert hefei.figure("investment").amount == 48_040_000_000
    assert hefei.figure("people").text_zh == "200余人"
    assert data.cities[1].figures == ()


def test_real_data_has_sixteen_cities_and_chizhou_has_no_figures():
    data = load_records(REAL_DATA)
    assert len(data.cities) == 16
    assert len({c.adcode for c in data.cities}) == 16
    chizhou = next(c for c in data.cities if c.adcode == 341700)
    assert chizhou.figures == ()
    hefei = next(c for c in data.cities if c.adcode == 340100)
    assert {(f.value, f.unit) for f in hefei.figures} >= {(480.4, "亿元"), (133, "个"), (200, "人")}


def test_real_data_validates_against_the_shipped_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    doc = yaml.safe_load(REAL_DATA.read_text("utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(doc)
    assert REAL_DATA.read_text("utf-8").startswith("# yaml-language-server: $schema=")


def test_every_unit_the_code_knows_passes_the_schema():
    import re

    unit = schema()["properties"]["cities"]["items"]["properties"]["figures"]["items"]["properties"]["unit"]
    assert len(UNITS) > 100
    for text in UNITS:
        assert re.search(unit["pattern"], text) and len(text) <= unit["maxLength"], text


@pytest.mark.parametrize("old, new, expected", [
    # wrong type
    ("value: 480.4", 'value: "lots"', r"initiatives.yaml:\d+: city 340100 \(合肥市\): figures\[0\].value: expected a number, found text \"lots\""),
    # missing field
    ("    headline: 合肥的举措\n", "", r"city 340100 \(合肥市\): missing field 'headline'"),
    # unknown theme
    ("theme: beta", "theme: gamma", r":\d+: city 340200 \(芜湖\): theme: unknown theme 'gamma'; expected one of: alpha, beta"),
    # negative count
    ("value: 200", "value: -200", r"figures\[1\].value: found -200; expected a number of at least 0"),
    # empty text
    ("summary: 芜湖的摘要。", "summary: '  '", r"city 340200 \(芜湖\): summary: is empty"),
    # unknown unit
    ("unit: 亿元", "unit: 亿 元", r"figures\[0\].unit: found \"亿 元\"; expected a unit as printed, without digits, spaces or markup"),
    ("value: 480.4", "value: 480.4亿", r"figures\[0\].value: expected a number, found text \"480.4亿\"; write value: 480.4 and unit: 亿元"),
    # over-long text
    ("summary: 芜湖的摘要。", "summary: " + "长" * 401, r"summary: text is 401 characters long; at most 400 allowed"),
    # duplicate figure key
    ("key: people", "key: investment", r"figures\[1\].key: duplicate figure key 'investment'"),
    # headline figure that does not exist
    ("headline_figure: investment", "headline_figure: budget", r"headline_figure: found 'budget', which is not one"),
    # misspelt field
    ("summary_en: Wuhu summary.", "sumary_en: Wuhu summary.", r"unknown field 'sumary_en'; did you mean 'summary_en'\?"),
    # not-finite number
    ("value: 480.4", "value: .nan", r"figures\[0\].value: found nan; expected a finite number"),
])
def test_each_bad_input_is_located_and_explained(write_data, tiny_text, old, new, expected):
    assert old in tiny_text
    found = problems(write_data(tiny_text.replace(old, new, 1)))
    assert any(__import__("re").search(expected, p) for p in found), found


def test_duplicate_city_names_both_lines(write_data, tiny_text):
    text = tiny_text.replace("adcode: 340200", "adcode: 340100")
    (msg,) = problems(write_data(text))
    assert "duplicate city: adcode 340100 is also used by the record on line 18" in msg


def test_every_problem_is_reported_at_once(write_data, tiny_text):
    text = tiny_text.replace("value: 480.4", "value: x").replace("theme: beta", "theme: zeta")
    assert len(problems(write_data(text))) == 2


def test_broken_yaml_syntax_names_the_line(write_data, tiny_text):
    text = tiny_text.replace("  dek: 两个城市的测试数据", "  dek: [两个城市")
    (msg,) = problems(write_data(text))
    assert "initiatives.yaml:" in msg and "YAML syntax error" in msg


def test_duplicate_yaml_key_is_not_silently_overwritten(write_data, tiny_text):
    text = tiny_text.replace("    headline_figure: investment\n", "    headline_figure: investment\n    theme: beta\n")
    (msg,) = problems(write_data(text))
    assert "duplicate key 'theme' (first on line 20)" in msg


def test_a_plain_time_like_number_is_not_read_as_base_60(write_data, tiny_text):
    (msg,) = problems(write_data(tiny_text.replace("value: 200", "value: 1:30")))
    assert "1:30 would be read as a base-60 number (90)" in msg and "figures[1].value" in msg
    assert load_records(write_data(tiny_text.replace("period: 2018年以来", "period: '1:30'")))


@pytest.mark.parametrize("encoding, name", [("gbk", "GB18030"), ("big5", "BIG5")])
def test_non_utf8_file_says_which_encoding_it_looks_like(write_data, tiny_text, encoding, name):
    text = tiny_text if encoding == "gbk" else tiny_text.replace("测试", "測試")
    raw = text.encode(encoding, errors="replace")
    (msg,) = problems(write_data(raw))
    assert "not UTF-8" in msg and f"looks like {name}" in msg


def test_utf8_bom_is_accepted(write_data, tiny_text):
    assert len(load_records(write_data(b"\xef\xbb\xbf" + tiny_text.encode())).cities) == 2


@pytest.mark.parametrize("content, expected", [
    ("", "the file is empty"),
    ("- 1\n- 2\n", "expected a mapping"),
    ("just text\n", "expected a mapping"),
])
def test_wrong_top_level(write_data, content, expected):
    (msg, *_) = problems(write_data(content))
    assert expected in msg


def test_folder_and_missing_file(tmp_path):
    assert "is a folder" in problems(tmp_path)[0]
    assert "no such file" in problems(tmp_path / "nope.yaml")[0]


def test_unquoted_date_is_accepted_as_text(write_data, tiny_text):
    data = load_records(write_data(tiny_text.replace('date: "2022-07-27"', "date: 2022-07-27")))
    assert data.source.date == "2022-07-27"


yamlish = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(doc=yamlish)
def test_loader_raises_only_its_own_error_on_arbitrary_documents(tmp_path_factory, doc):
    path = tmp_path_factory.mktemp("h") / "x.yaml"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    try:
        load_records(path)
    except MapgenError:
        pass


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=200))
def test_loader_raises_only_its_own_error_on_arbitrary_bytes(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("b") / "x.yaml"
    path.write_bytes(raw)
    try:
        load_records(path)
    except MapgenError:
        pass
