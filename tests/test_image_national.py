"""National images: the 南海诸岛 inset as on the page, the main map fitted to the main body."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest

from mapgen.image import render_image
from mapgen.image.inputs import from_scene
from mapgen.image.inset import FRAME_INK
from mapgen.pipeline import BuildOptions, scene as _scene
from mapgen.regions.scaffold import scaffold

SVG = "{http://www.w3.org/2000/svg}"
KEY = {"zh-Hans": "zh", "zh-Hant": "hant", "en": "en"}
CAPTION = {"zh-Hans": "南海诸岛", "zh-Hant": "南海諸島", "en": "South China Sea Islands"}


def _data(folder, level=None):
    text, _count, _level = scaffold("中国", level)
    path = folder / f"china-{level or 'province'}.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.fixture(scope="module")
def china(tmp_path_factory):
    data = _data(tmp_path_factory.mktemp("china"))
    scenes = {lang: _scene(data, BuildOptions(lang=lang)) for lang in KEY}
    images = {("zh-Hans", fmt): render_image(scenes["zh-Hans"], fmt) for fmt in ("png", "svg", "pdf")}
    images |= {(lang, "pdf"): render_image(scenes[lang], "pdf") for lang in ("zh-Hant", "en")}
    return scenes, images


@pytest.fixture(scope="module")
def prefectures(tmp_path_factory):
    page = _scene(_data(tmp_path_factory.mktemp("china-city"), "city"), BuildOptions())
    return page, render_image(page, "svg")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def _group(root, gid):
    return next((g for g in root.iter(SVG + "g") if g.get("id") == gid), None)


def _ys(group) -> list[float]:
    nums = [float(v) for p in group.iter(SVG + "path") for v in re.findall(r"-?\d+(?:\.\d+)?", p.get("d"))]
    return nums[1::2]


def _clip_bottom(root, group) -> float:
    """The bottom of the rectangle a group's paths are clipped to (the main map's frame)."""
    ref = next(p.get("clip-path") for p in group.iter() if p.get("clip-path"))
    rect = next(c for c in root.iter(SVG + "clipPath") if c.get("id") == ref[5:-1]).find(SVG + "rect")
    return float(rect.get("y")) + float(rect.get("height"))


@pytest.mark.parametrize("lang", list(KEY))
def test_national_pdf_names_every_province_and_the_inset(china, lang):
    scenes, images = china
    text = _pdf_text(images[lang, "pdf"])
    assert CAPTION[lang].replace(" ", "") in text
    for unit in scenes[lang].payload["cities"]:
        assert re.sub(r"\s+", "", unit["short"][KEY[lang]]) in text


def test_national_svg_carries_the_inset_group_ten_dashes_and_caption(china):
    svg = china[1]["zh-Hans", "svg"]
    root = ET.fromstring(svg)
    inset = _group(root, "inset")
    assert inset is not None
    ids = {g.get("id") for g in inset.iter(SVG + "g")}
    assert {"inset-lines", "inset-islands", "inset-caption", "inset-unit-460000", "inset-unit-710000"} <= ids
    lines = _group(inset, "inset-lines").find(f".//{SVG}path").get("d")
    assert lines.count("M") == 10  # the ten dashes
    assert "南海诸岛" in svg.decode("utf-8")  # the caption's text beside its outlines


def test_national_png_has_the_inset_frame_in_the_lower_right(china):
    from PIL import Image

    image = Image.open(io.BytesIO(china[1]["zh-Hans", "png"])).convert("RGB")
    width, height = image.size
    assert width == 1080
    # the inset's grey frame: a vertical line in the right fifth, in the lower half of the map
    column = [image.getpixel((x, y)) for y in range(height // 3, height * 3 // 4) for x in range(width * 3 // 4, width - 40)]
    frame = tuple(int(FRAME_INK[i:i + 2], 16) for i in (1, 3, 5))
    assert sum(1 for px in column if px == frame) > 200


def test_main_map_fits_the_main_body_not_the_far_islands(china, prefectures):
    for page in (china[0]["zh-Hans"], prefectures[0]):
        west, south, east, north = from_scene(page).bounds
        assert 18.0 < south < 18.3 and 53.3 < north < 53.7  # Hainan's southern tip to 漠河
        assert 73 < west < 74 and 134.5 < east < 135.5
    root = ET.fromstring(china[1]["zh-Hans", "svg"])
    hainan, heilongjiang = _group(root, "unit-460000"), _group(root, "unit-230000")
    span = max(_ys(hainan)) - min(_ys(heilongjiang))
    # the main map's frame ends just below Hainan, where 三沙 (down to 3.9 N) would add a third
    assert 0 < _clip_bottom(root, hainan) - max(_ys(hainan)) < 0.08 * span


def test_prefecture_map_draws_sansha_in_the_inset_only(prefectures):
    _page, svg = prefectures
    root = ET.fromstring(svg)
    assert _group(root, "inset-unit-460300") is not None
    assert _group(root, "unit-460300") is None  # all its islands are in the inset
    assert len([g for g in root.iter(SVG + "g") if g.get("id", "").startswith("unit-")]) == 369
    assert "南海诸岛" in svg.decode("utf-8")
