"""Image layout: wrapping, labels that never overlap, hostile text, the command line."""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner

from mapgen.cli import main
from mapgen.image import render_image
from mapgen.image.fonts import SHIPPED
from mapgen.image.layout import Box, measure, place_labels, wrap
from mapgen.pipeline import BuildOptions, scene as _page

from conftest import REAL_DATA

SC = str(SHIPPED["SC"])


def test_wrap_breaks_chinese_anywhere_and_english_at_spaces():
    zh = wrap("合肥借助统一战线的广泛人脉，为民营企业打通与市政府的沟通渠道。", SC, 10, 80)
    assert len(zh) > 1 and all(measure(line, SC, 10) <= 80 for line in zh)
    assert "".join(zh) == "合肥借助统一战线的广泛人脉，为民营企业打通与市政府的沟通渠道。"
    assert not any(line.startswith(("，", "。")) for line in zh)
    en = wrap("United front work in Anhui's sixteen cities", SC, 10, 90)
    assert " ".join(en) == "United front work in Anhui's sixteen cities"
    assert all(measure(line, SC, 10) <= 90 for line in en)


def test_wrap_cuts_with_an_ellipsis_and_breaks_overlong_words():
    lines = wrap("x" * 400, SC, 10, 100, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(measure(line, SC, 10) <= 100 for line in lines)


def test_labels_never_overlap_and_stay_in_the_frame():
    frame = Box(0, 0, 200, 120)
    long = ("一个很长很长很长的地名", 9.5, SC)
    items = [(i, (100 + (i % 3) * 5, 60 + (i % 2) * 4), [[long, ("480.4亿元", 8.5, SC)], [long], [("短", 7, SC)]])
             for i in range(12)]
    placed = place_labels(items, frame)
    assert 1 <= len(placed) < 12  # crowded: some are left out rather than drawn over others
    for a, b in itertools.combinations(placed, 2):
        assert not a.box.overlaps(b.box)
    assert all(p.box.inside(frame) for p in placed)


def test_every_anhui_unit_gets_a_label(monkeypatch):
    import mapgen.image.draw as draw

    seen = []
    original = draw.place_labels
    monkeypatch.setattr(draw, "place_labels", lambda items, frame: seen.extend(original(items, frame)) or seen)
    for lang in ("zh-Hans", "en"):
        seen.clear()
        render_image(_page(REAL_DATA, BuildOptions(lang=lang)), "svg")
        units = {label.key for label in seen if label.key > 0}
        assert len(units) == 16, lang
        for a, b in itertools.combinations(seen, 2):
            assert not a.box.overlaps(b.box)


HOSTILE = "<script>alert(1)</script>]]>&$x^2$\u202e🗺"  # fits a headline (40 characters)
LONG = HOSTILE + " <![CDATA[ x ]]> --> <!-- \"' {{ 7*7 }} a\u200bb"


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    doc = yaml.safe_load(REAL_DATA.read_text("utf-8"))
    doc["page"]["title"] = HOSTILE
    doc["page"]["dek"] = HOSTILE
    doc["page"]["title_en"] = HOSTILE
    for city in doc["cities"]:
        city["headline"] = HOSTILE
        city["summary"] = LONG * 3
        city["summary_en"] = LONG
        for fig in city.get("figures") or []:
            fig["label"] = HOSTILE
    path = tmp_path_factory.mktemp("hostile") / "initiatives.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_hostile_text_stays_inert_and_readable(hostile_data, lang):
    page = _page(hostile_data, BuildOptions(lang=lang))
    for unit in (None, 340100):
        svg = render_image(page, "svg", unit=unit)
        root = ET.fromstring(svg)
        assert not [el for el in root.iter() if el.tag.endswith("script")]
        # Text is drawn as paths; matplotlib keeps each text only in an escaped XML comment,
        # where "-->" in the data cannot end the comment early.
        outside_comments = re.sub(rb"<!--.*?-->", b"", svg, flags=re.S)
        assert b"alert" not in outside_comments and b"<script" not in svg
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;]]&gt;&amp;" in svg
        from pypdf import PdfReader

        pdf = render_image(page, "pdf", unit=unit)
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "<script>alert(1)</script>]]>&$x^2$" in text  # as typed: no markup, no math
        assert unit is None or "{{ 7*7 }}" in text  # the card shows the summary
        render_image(page, "png", unit=unit)


def test_cli_writes_each_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for fmt, magic in (("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")):
        result = runner.invoke(main, ["build", "--data", str(REAL_DATA), "--format", fmt, "--lang", "en"])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "output" / f"map.{fmt}").read_bytes().startswith(magic)
    result = runner.invoke(main, ["build", "--data", str(REAL_DATA), "--format", "png", "--unit", "Hefei",
                                  "--width", "600", "--out", "hefei.png"])
    assert result.exit_code == 0, result.output
    from PIL import Image

    assert Image.open(tmp_path / "hefei.png").size[0] == 600


def test_cli_usage_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--data", str(REAL_DATA), "--unit", "340100"])
    assert result.exit_code == 2 and "--unit goes with an image format: add --format png, svg or pdf" in result.output
    result = runner.invoke(main, ["build", "--data", str(REAL_DATA), "--format", "png", "--unit", "nowhere"])
    assert result.exit_code == 1 and "give one of: 340100" in result.output
    assert not (tmp_path / "output").exists()


def test_a_long_name_wraps_where_one_line_does_not_fit():
    name = "克孜勒苏柯尔克孜自治州"
    half = measure(name, SC, 8) / 2 + 8
    two = [(line, 8, SC) for line in wrap(name, SC, 8, half, max_lines=2)]
    frame = Box(0, 0, half + 6, 60)
    placed = place_labels([(1, (frame.right / 2, 30), [[(name, 8, SC)], two])], frame)
    assert len(placed) == 1 and len(placed[0].lines) == 2
    assert "".join(t for t, _s, _f in placed[0].lines) == name
