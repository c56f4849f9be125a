"""English map labels keep their noun (issue 14): "412 firms", not "412"."""

from __future__ import annotations

import pytest

from conftest import REAL_DATA
from mapgen.payload import label_noun, marker_en
from mapgen.records import Figure, load_records

DATA = load_records(REAL_DATA)


def head(adcode):
    city = next(c for c in DATA.cities if c.adcode == adcode)
    return city.figure(city.headline_figure)


@pytest.mark.parametrize("adcode,text", [
    (341600, "412 firms"),          # 家: the noun comes from what is counted
    (340200, "4,356 grids"),
    (340500, "1,000+ people"),      # 人次 for people helped: not "visits"
    (341300, "20,000+ visits"),     # 万人次 at an exhibition hall: visits
    (340100, "48.04 bn yuan"),      # a unit with its own noun keeps it
    (340400, "83%"),
])
def test_english_marker_keeps_a_noun(adcode, text):
    assert marker_en(head(adcode)) == text


def test_every_english_marker_has_a_word_or_percent():
    for city in DATA.cities:
        if city.headline_figure:
            text = marker_en(city.figure(city.headline_figure))
            assert any(ch.isalpha() or ch == "%" for ch in text), (city.name, text)


def test_label_noun_needs_a_plural_head():
    assert label_noun(None) is None
    assert label_noun("growth in visitor numbers") is None
    assert marker_en(Figure("k", "个数", 80, "个", "nearly", label_en=None)) == "~80"
