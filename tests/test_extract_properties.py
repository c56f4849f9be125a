"""mapgen extract never crashes on odd text, and never drops a number silently."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from mapgen.draft.candidates import Region, Unit
from mapgen.draft.extract import extract
from mapgen.draft.numbers import find_numbers
from mapgen.draft.read import normalise, read_article

REGION = Region("安徽省", "city", ("安徽省", "全省"), (Unit(340100, "合肥市", "合肥"), Unit(340200, "芜湖市", "芜湖")))
PIECES = ["合肥市", "芜湖", "安徽省", "全省", "分别", "和", "、", ",", "。", "\n", "“", "”", "《", "》", "第", "近",
          "约", "超过", "余", "多", "以上", "万", "亿", "万亿", "元", "个", "%", "年", "以来", "每年", "一", "十",
          "两", "三", "百", "千", "0", "1", "2.5", "12,013", "-", ":", "(wu)", "岁", "周年", "增长", " "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_every_number_is_a_figure_or_reported(pieces):
    text = normalise("".join(pieces))
    result = extract(text, REGION)
    numbers = find_numbers(text)
    assert len(result.figures) + len(result.unattributed) == len(numbers)
    for f in result.figures:
        assert f.value >= 0 and f.measure and f.label and f.key.isascii()
        assert f.printed in text


def test_nothing_silently_dropped_in_the_source_article():
    text = read_article(ROOT / "tests" / "articles" / "anhui_united_front_2022.txt").text
    result = extract(text, Region("安徽省", "city", ("安徽省", "全省"), REGION.units))
    assert len(result.figures) + len(result.unattributed) == len(find_numbers(text))
