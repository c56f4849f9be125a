"""Name matching and the join of records to boundaries."""

from __future__ import annotations

import pytest

from mapgen.boundaries import Place
from mapgen.errors import DataError
from mapgen.join import join
from mapgen.names import aliases, name_key
from mapgen.records import load_records

THREE = [  # three boxes standing in for cities
    (340100, "合肥市", "合肥", "Hefei"),
    (340200, "芜湖市", "芜湖", "Wuhu"),
    (340500, "马鞍山市", "马鞍山", "Ma'anshan"),
]


@pytest.fixture
def boxes():
    return tuple(Place(c, n, s, e, label=(i + 0.5, 0.5)) for i, (c, n, s, e) in enumerate(THREE))


@pytest.mark.parametrize("written", ["芜湖", "芜湖市", "蕪湖", "蕪湖市", "Wuhu", "wuhu", "WUHU", " Wuhu City "])
def test_name_forms_all_find_the_boundary(written):
    assert name_key(written) in aliases("芜湖市", "芜湖", "Wuhu")


def test_join_by_adcode_keeps_boundaries_without_records(write_data, tiny_text, boxes):
    result = join(load_records(write_data(tiny_text)), boxes)
    assert result.matched == 2
    assert result.missing == (340500,)
    assert result.record(340500) is None
    assert result.record(340200).headline == "芜湖的举措"


def test_record_without_adcode_is_matched_by_name(write_data, tiny_text, boxes):
    text = tiny_text.replace("  - adcode: 340200\n    name: 芜湖", "  - name: 蕪湖市")
    result = join(load_records(write_data(text)), boxes)
    assert result.record(340200) is not None


def test_pinyin_matches_when_english_differs(write_data, tiny_text, boxes):
    text = tiny_text.replace("name: 芜湖\n", "name: wu hu\n")
    assert join(load_records(write_data(text)), boxes).matched == 2


def test_name_of_another_city_is_an_error_naming_both(write_data, tiny_text, boxes):
    text = tiny_text.replace("name: 芜湖\n", "name: Ma'anshan\n")
    with pytest.raises(DataError) as info:
        join(load_records(write_data(text)), boxes)
    msg = str(info.value)
    assert "name \"Ma'anshan\" does not match adcode 340200 (芜湖市): it names 340500 马鞍山市" in msg
    assert ":37: city 340200" in msg  # where the record starts


def test_unknown_name_without_adcode(write_data, tiny_text, boxes):
    text = tiny_text.replace("  - adcode: 340200\n    name: 芜湖", "  - name: 南京")
    with pytest.raises(DataError, match="name '南京' matches no unit of the map; check the spelling or add its adcode"):
        join(load_records(write_data(text)), boxes)


def test_unknown_adcode(write_data, tiny_text, boxes):
    text = tiny_text.replace("adcode: 340200", "adcode: 320100")
    with pytest.raises(DataError, match="adcode 320100 is not one of the boundaries"):
        join(load_records(write_data(text)), boxes)


def test_same_city_twice_by_name_is_a_duplicate(write_data, tiny_text, boxes):
    text = tiny_text.replace("  - adcode: 340200\n    name: 芜湖", "  - name: Hefei")
    with pytest.raises(DataError, match="duplicate city: 340100 合肥市 already has a record"):
        join(load_records(write_data(text)), boxes)
