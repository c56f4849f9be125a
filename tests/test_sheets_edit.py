"""An import that swaps values in place is checked without reading the file again: it must read back the same."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TINY
from mapgen.sheets.yamledit import DataText
from mapgen.yamlsource import compose

# The tiny file with the layouts editors write: quotes, comments, CRLF comes below. The texts
# have characters YAML refuses raw (U+0080) or reads as line breaks (U+0085, U+2028).
LAYOUTS = [
    TINY,
    TINY.replace("value: 480.4", "value: 480.4  # 亿元").replace("label: 人才", "label: '人才'"),
    TINY.replace("label: 投资额", 'label: "投资额"').replace("period: 2018年以来", "period: 2018年以来 # 原文"),
]
TEXTS = st.text(st.sampled_from(list("合肥 ab:#'\"-,[]{}!&*?|>%@`\\é\t0.\x80\x85\u2028")), min_size=1, max_size=12).filter(
    lambda t: t.strip() == t)
NUMBERS = st.one_of(st.integers(0, 10**9), st.floats(0, 1e9, allow_nan=False).map(lambda x: round(x, 3)))


@settings(max_examples=150, deadline=None)
@given(layout=st.sampled_from(LAYOUTS), crlf=st.booleans(), value=NUMBERS, label=TEXTS, period=TEXTS)
def test_swapped_scalars_read_back_as_the_document_the_import_checks(layout, crlf, value, label, period):
    text = layout.replace("\n", "\r\n") if crlf else layout
    doc = DataText(text, "x.yaml")
    hefei = doc.cities[0]
    first, second = hefei.figures
    doc.set_figure(0, 0, {**first.values, "value": value}, "A2")
    doc.set_figure(0, 1, {**second.values, "label": label, "period": period}, "A3")
    new_text, _ = doc.apply()
    assert not doc.structural
    _, read, problems = compose(new_text, "x.yaml")
    checked = doc.edited_document()
    assert not problems and read.data == checked.data
    for path in [("cities", 0, "figures", 0, "value"), ("cities", 0, "figures", 1, "period"), ("cities", 1, "name")]:
        assert read.line(path) == checked.line(path)


def test_adding_or_clearing_a_field_is_read_back_in_full():
    doc = DataText(TINY, "x.yaml")
    second = doc.cities[0].figures[1].values
    doc.set_figure(0, 1, {k: v for k, v in second.items() if k != "period"}, "A3")
    doc.apply()
    assert doc.structural


def test_a_value_an_alias_repeats_is_read_back_in_full():
    text = TINY.replace("unit: 亿元", "unit: &u 亿元").replace("summary_en: Wuhu summary.", "summary_en: *u")
    doc = DataText(text, "x.yaml")
    first = doc.cities[0].figures[0].values
    doc.set_figure(0, 0, {**first, "unit": "万元"}, "A2")
    doc.apply()
    assert doc.structural  # Wuhu's summary_en would change too: the import reads the text back
