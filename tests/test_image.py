"""Static images: formats, sizes, PDF text and fonts, SVG safety, colours, determinism."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from mapgen import style
from mapgen.errors import MapgenError
from mapgen.image import render_image
from mapgen.pipeline import BuildOptions, scene as _page

from conftest import REAL_DATA, ROOT

LANGS = ("zh-Hans", "zh-Hant", "en")
KEY = {"zh-Hans": "zh", "zh-Hant": "hant", "en": "en"}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def pages():
    return {lang: _page(REAL_DATA, BuildOptions(lang=lang)) for lang in LANGS}


@pytest.fixture(scope="module")
def images(pages):
    return {(lang, fmt): render_image(pages[lang], fmt) for lang in LANGS for fmt in ("png", "svg", "pdf")}


def _png_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        return im.size


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("lang", LANGS)
def test_png_is_wechat_width_and_small(images, lang):
    data = images[lang, "png"]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = _png_size(data)
    assert width == 1080 and 1000 < height < 2400
    assert len(data) < 2_000_000


def test_width_changes_the_png(pages):
    assert _png_size(render_image(pages["en"], "png", width=720))[0] == 720
    with pytest.raises(MapgenError, match="--width"):
        render_image(pages["en"], "png", width=10)


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_keeps_every_unit_name_as_text_with_fonts_embedded(images, pages, lang):
    from pypdf import PdfReader

    data = images[lang, "pdf"]
    text = re.sub(r"\s+", "", _pdf_text(data))
    for city in pages[lang].payload["cities"]:
        assert re.sub(r"\s+", "", city["short"][KEY[lang]]) in text
    assert re.sub(r"\s+", "", pages[lang].payload["text"]["title"][KEY[lang]]) in text
    fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"]
    assert fonts
    for ref in fonts.values():
        font = ref.get_object()
        assert font["/Subtype"] == "/Type0" and "+MapgenSans" in font["/BaseFont"]
        cid = font["/DescendantFonts"][0].get_object()
        assert cid["/Subtype"] == "/CIDFontType2"  # TrueType outlines, as FontFile2 requires
        embedded = cid["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
        assert embedded[:4] == b"\x00\x01\x00\x00"


def test_traditional_text_uses_the_tc_face(images):
    from pypdf import PdfReader

    fonts = PdfReader(io.BytesIO(images["zh-Hant", "pdf"])).pages[0]["/Resources"]["/Font"]
    names = {f.get_object()["/BaseFont"].split("+")[1] for f in fonts.values()}
    assert "MapgenSansTC-Regular" in names


def _check_svg(data: bytes) -> ET.Element:
    root = ET.fromstring(data)  # parses: well-formed XML
    assert root.tag == SVG + "svg"
    for el in root.iter():
        assert el.tag not in (SVG + "script", SVG + "foreignObject", SVG + "image")
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), name
            if name.endswith("href"):
                assert value.startswith("#"), value  # only references inside the file
    assert b"<script" not in data and b"@import" not in data and b"url(http" not in data
    return root


@pytest.mark.parametrize("lang", LANGS)
def test_svg_parses_and_refers_to_nothing_outside(images, lang):
    root = _check_svg(images[lang, "svg"])
    assert not list(root.iter(SVG + "text"))  # text is drawn as paths: no font needed to view


def _fills(svg: bytes) -> dict[int, str]:
    root = ET.fromstring(svg)
    out = {}
    for g in root.iter(SVG + "g"):
        gid = g.get("id", "")
        if gid.startswith("unit-"):
            path = next(g.iter(SVG + "path"))
            out[int(gid[5:])] = re.search(r"fill:\s*(#[0-9a-f]{6})", path.get("style")).group(1)
    return out


def test_fill_colours_are_the_pages(images, pages):
    fills = _fills(images["zh-Hans", "svg"])
    page = pages["zh-Hans"]
    assert fills == {c["adcode"]: c["color"].lower() for c in page.payload["cities"]}


def test_no_data_units_use_the_page_no_data_style():
    page = _page(REAL_DATA, BuildOptions(color_by="investment", lang="en"))
    svg = render_image(page, "svg")
    fills = _fills(svg)
    cities = page.payload["cities"]
    assert any(c["color"] is None for c in cities) and any(c["color"] for c in cities)
    for c in cities:
        assert fills[c["adcode"]] == (c["color"] or style.NO_DATA).lower()
    # the no-data outline is dashed, as on the page
    root = ET.fromstring(svg)
    missing = next(c["adcode"] for c in cities if c["color"] is None)
    g = next(g for g in root.iter(SVG + "g") if g.get("id") == f"unit-{missing}")
    assert "stroke-dasharray" in next(g.iter(SVG + "path")).get("style")


def test_image_states_come_from_mapgen_style():
    from mapgen.image.inputs import states

    table = states()
    if hasattr(style, "STATES"):
        assert table is style.STATES
    assert table["noData"]["fillColor"] == style.NO_DATA


def test_same_inputs_same_bytes(images, pages):
    for fmt in ("png", "svg", "pdf"):
        assert render_image(pages["zh-Hans"], fmt) == images["zh-Hans", fmt]


def test_same_bytes_in_another_process(images):
    # and what drawing the three imports: not matplotlib's Figure and PDF backend nor fontTools'
    # subsetter (0.7 s of a cold PDF between them)
    script = (
        "import sys, hashlib\n"
        "from mapgen.pipeline import scene as _page, BuildOptions\n"
        "from mapgen.image import render_image\n"
        f"page = _page({str(REAL_DATA)!r}, BuildOptions(lang='zh-Hans'))\n"
        "for f in ('png', 'svg', 'pdf'): print(hashlib.sha256(render_image(page, f)).hexdigest())\n"
        "heavy = ('matplotlib.figure', 'matplotlib.backends.backend_pdf', 'fontTools.subset')\n"
        "print('imported:', *[m for m in heavy if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    import hashlib

    *digests, imported = out.stdout.splitlines()
    assert digests == [hashlib.sha256(images["zh-Hans", f]).hexdigest() for f in ("png", "svg", "pdf")]
    assert imported == "imported:"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_card_in_every_format_and_language(pages, lang, fmt):
    data = render_image(pages[lang], fmt, unit=340100)
    if fmt == "png":
        assert _png_size(data)[0] == 1080 and len(data) < 2_000_000
    elif fmt == "svg":
        _check_svg(data)
    else:
        text = re.sub(r"\s+", "", _pdf_text(data))
        city = pages[lang].payload["cities"][0]
        assert re.sub(r"\s+", "", city["name"][KEY[lang]]) in text
        assert re.sub(r"\s+", "", city["record"]["headline"][KEY[lang]]) in text


@pytest.mark.parametrize("query", ["340100", 340100, "合肥", "合肥市", "Hefei", "hefei"])
def test_card_unit_in_any_form(pages, query):
    assert render_image(pages["en"], "svg", unit=query) == render_image(pages["en"], "svg", unit=340100)


def test_every_units_card_draws(pages):
    for city in pages["zh-Hans"].payload["cities"]:
        _check_svg(render_image(pages["zh-Hans"], "svg", unit=city["adcode"]))


def test_unknown_unit_is_refused_with_candidates(pages):
    with pytest.raises(MapgenError, match=r"'北京' is not a unit of this map; give one of: 340100 合肥市 \(Hefei\)"):
        render_image(pages["zh-Hans"], "png", unit="北京")


def test_unknown_format_is_refused(pages):
    with pytest.raises(MapgenError, match="unknown image format 'gif'"):
        render_image(pages["en"], "gif")
