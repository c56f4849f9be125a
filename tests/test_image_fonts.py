"""Image fonts: every unit name of China renders, no tofu anywhere, house fonts, bad fonts."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from mapgen.cli import main
from mapgen.errors import MapgenError
from mapgen.i18n import hant
from mapgen.image import render_image
from mapgen.image.canvas import Canvas
from mapgen.image.card import draw_card
from mapgen.image.draw import draw_map
from mapgen.image.fonts import FONT_DIR, SHIPPED, load_fonts
from mapgen.image.inputs import from_scene
from mapgen.pipeline import BuildOptions, render, scene as _page

from conftest import REAL_DATA, ROOT

# 亳 is GB 2312 level 2; the rest are outside GB 2312 altogether.
RARE = "亳埇埗沚浉瀍猇硚鄠"


@functools.lru_cache(maxsize=None)
def _cmap(path) -> frozenset[int]:
    """The code points a font maps (read once per font: a CJK face's cmap takes 0.3 s to decode)."""
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _unit_names() -> list[str]:
    rows = (ROOT / "tools" / "fonts" / "unit_names.tsv").read_text("utf-8").splitlines()
    return [r.split("\t")[1] for r in rows if r and not r.startswith("#")]


def test_every_unit_name_of_china_is_in_the_sc_face():
    names = _unit_names()
    assert len(names) > 3000
    assert all(ch in "".join(names) for ch in RARE)
    sc = _cmap(SHIPPED["SC"])
    missing = sorted({ch for name in names for ch in name if ord(ch) not in sc})
    assert not missing
    assert all(ord(ch) in sc for ch in RARE)


def test_every_unit_name_in_traditional_script_renders_without_replacement():
    fonts = load_fonts("zh-Hant")
    for name in _unit_names():
        _font, drawn = fonts.pick(hant(name))
        assert drawn == hant(name)
    assert not fonts.missing


def test_rare_characters_draw_in_every_format():
    page = _page(REAL_DATA, BuildOptions(title=f"测试 {RARE}", lang="zh-Hans"))
    from pypdf import PdfReader
    import io

    pdf = render_image(page, "pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert RARE in text.replace(" ", "")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_no_tofu_anywhere(lang):
    """Every character of every text drawn, on the map and on every card, is in its font."""
    page = _page(REAL_DATA, BuildOptions(lang=lang))
    drawing = from_scene(page)
    canvases = []
    canvas = Canvas(load_fonts(lang))
    draw_map(drawing, canvas)
    canvases.append(canvas)
    for unit in drawing.units:
        canvas = Canvas(load_fonts(lang))
        draw_card(drawing, unit, canvas)
        canvases.append(canvas)
    cmaps = {}
    for canvas in canvases:
        assert not canvas.fonts.missing
        assert canvas.drawn_text
        for text, font in canvas.drawn_text:
            cmap = cmaps.setdefault(font, _cmap(font))
            assert all(ord(ch) in cmap for ch in text), (text, font)
            if lang == "zh-Hant" and any("\u4e00" <= ch <= "\u9fff" for ch in text):
                # Traditional glyph forms unless the TC face lacks a character (浉, 硚)
                assert font == str(SHIPPED["TC"]) or any(ord(ch) not in _cmap(SHIPPED["TC"]) for ch in text)


def test_characters_no_font_has_become_question_marks_not_tofu():
    fonts = load_fonts("en")
    font, drawn = fonts.pick("map 🗺 ok\u200b\u202e")
    assert drawn == "map ? ok"
    assert fonts.missing == {"🗺"}


def test_house_font_goes_first():
    fonts = load_fonts("zh-Hans", SHIPPED["TC"])
    assert fonts.pick("合肥")[0] == str(SHIPPED["TC"])
    assert fonts.pick("浉河")[0] == str(SHIPPED["SC"])  # what the house font lacks falls back


def test_missing_or_unreadable_font_is_a_clear_error(tmp_path):
    with pytest.raises(MapgenError, match="cannot be read"):
        load_fonts("en", tmp_path / "nope.ttf")
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font at all")
    with pytest.raises(MapgenError, match="junk.ttf: cannot be read as a TrueType/OpenType font"):
        load_fonts("en", junk)
    with pytest.raises(MapgenError, match="is not a file"):
        load_fonts("en", tmp_path)


def test_cli_bad_font_exits_1_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "map.png"
    out.write_bytes(b"previous")
    result = CliRunner().invoke(main, ["build", "--data", str(REAL_DATA), "--format", "png", "--font", "missing.ttf",
                                       "--out", str(out)])
    assert result.exit_code == 1
    assert "font missing.ttf: cannot be read" in result.output
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_shipped_fonts_carry_the_ofl_and_a_new_name():
    ofl = (FONT_DIR / "OFL.txt").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in ofl and "Reserved Font Name 'Source'" in ofl
    for face, path in SHIPPED.items():
        with TTFont(path, lazy=True) as font:
            assert font["name"].getDebugName(1) == f"Mapgen Sans {face}"
            assert "Noto" not in font["name"].getDebugName(6)
            assert font.sfntVersion == "\x00\x01\x00\x00"  # TrueType outlines
    assert Path(SHIPPED["SC"]).stat().st_size < 3_000_000


# -- a house font named in the data file (page: font:) -------------------------------------------

DEJAVU = Path(__import__("matplotlib").get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"  # no CJK


def _with_font(folder: Path, font: str) -> Path:
    """The Anhui data with ``page: font: <font>`` on the line after the page's title."""
    text = REAL_DATA.read_text("utf-8")
    head, rest = text.split("\npage:\n", 1)
    data = folder / "data.yaml"
    data.write_text(f"{head}\npage:\n  font: {font}\n{rest}", "utf-8")
    return data


def _pdf_fonts(data: bytes) -> set[str]:
    import io

    from pypdf import PdfReader

    fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"]
    return {f.get_object()["/BaseFont"].split("+")[1] for f in fonts.values()}


def _font_line(data: Path) -> int:
    return next(i for i, line in enumerate(data.read_text("utf-8").splitlines(), 1) if line.startswith("  font:"))


def test_house_font_from_the_data_file_is_used_and_falls_back_for_what_it_lacks(tmp_path):
    import io

    from pypdf import PdfReader

    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "house.ttf").write_bytes(DEJAVU.read_bytes())
    data = _with_font(tmp_path, "fonts/house.ttf")
    pdf = render(data, BuildOptions(lang="en", format="pdf", title="Anhui 安徽"))
    assert {"DejaVuSans", "MapgenSansSC-Regular"} <= _pdf_fonts(pdf)  # Latin in the house font, 安徽 not
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "安徽" in text and "Hefei" in text
    # an HTML build does not need the font
    assert _page(data, BuildOptions(lang="en")).image.font is None


def test_font_on_the_command_line_wins_over_the_data_files(tmp_path):
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "house.ttf").write_bytes(DEJAVU.read_bytes())
    data = _with_font(tmp_path, "fonts/house.ttf")
    fonts = _pdf_fonts(render(data, BuildOptions(lang="en", format="pdf", font=str(SHIPPED["TC"]))))
    assert "DejaVuSans" not in fonts and "MapgenSansTC-Regular" in fonts


@pytest.mark.parametrize("content", [None, b"not a font at all"])
def test_missing_or_broken_house_font_in_the_data_is_located_exit_1_nothing_written(tmp_path, monkeypatch, content):
    monkeypatch.chdir(tmp_path)
    if content is not None:
        (tmp_path / "fonts").mkdir()
        (tmp_path / "fonts" / "house.ttf").write_bytes(content)
    data = _with_font(tmp_path, "fonts/house.ttf")
    result = CliRunner().invoke(main, ["build", "--data", "data.yaml", "--format", "png", "--out", "map.png"])
    assert result.exit_code == 1
    assert f"data.yaml:{_font_line(data)}: page.font: font " in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "map.png").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.yaml"] + (["fonts"] if content else [])


def _pdf_font(data: bytes, name: str):
    """The descendant CID font of the PDF's font ``name`` (its BaseFont less the subset tag)."""
    import io

    from pypdf import PdfReader

    fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"]
    font = next(f.get_object() for f in fonts.values() if f.get_object()["/BaseFont"].split("+")[1] == name)
    return font["/DescendantFonts"][0].get_object()


def _cff_font(path: Path) -> None:
    """A house .otf with CFF outlines: A and B (boxes) and a space."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    names = [".notdef", "space", "A", "B"]
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({0x20: "space", ord("A"): "A", ord("B"): "B"})
    outlines = {}
    for name in names:
        pen = T2CharStringPen(600, None)
        if name != "space":
            pen.moveTo((50, 0))
            pen.lineTo((550, 0))
            pen.lineTo((550, 700 if name != "B" else 600))
            pen.lineTo((50, 700))
            pen.closePath()
        outlines[name] = pen.getCharString()
    builder.setupCFF("MapgenTestHouse-Regular", {"FullName": "Mapgen Test House"}, outlines, {})
    builder.setupHorizontalMetrics({name: (600, 50) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Mapgen Test House", "styleName": "Regular",
                            "psName": "MapgenTestHouse-Regular"})
    builder.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))


def test_house_cff_font_is_embedded_as_opentype_and_its_text_stays_text(tmp_path):
    import io

    from pypdf import PdfReader

    house = tmp_path / "house.otf"
    _cff_font(house)
    pdf = render_image(_page(REAL_DATA, BuildOptions(lang="en", title="ABBA BAAB")), "pdf", font=house)
    cid = _pdf_font(pdf, "MapgenTestHouse-Regular")
    assert cid["/Subtype"] == "/CIDFontType0"
    program = cid["/FontDescriptor"].get_object()["/FontFile3"].get_object()
    assert program["/Subtype"] == "/OpenType" and program.get_data()[:4] == b"OTTO"
    assert pdf.startswith(b"%PDF-1.6\n")  # the version that has FontFile3 /OpenType
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "ABBA BAAB" in text and "Hefei" in text  # the rest in the shipped face


def test_pdf_font_keeps_the_parts_of_composite_glyphs_and_only_the_glyphs_drawn():
    import io

    pdf = render_image(_page(REAL_DATA, BuildOptions(lang="en", title="Café")), "pdf", font=DEJAVU)
    data = _pdf_font(pdf, "DejaVuSans")["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
    with TTFont(DEJAVU, lazy=True) as original:
        order = original.getGlyphOrder()
    embedded = TTFont(io.BytesIO(data))
    embedded.setGlyphOrder(order)  # glyph ids are kept; the embedded program carries no names
    glyf = embedded["glyf"]
    assert glyf["eacute"].isComposite()  # é is e + acute in DejaVu: both parts must come along
    assert glyf["e"].numberOfContours > 0 and glyf["acute"].numberOfContours > 0
    assert glyf["ntilde"].numberOfContours == 0 and glyf["tilde"].numberOfContours == 0  # not on the map
    assert len(data) < DEJAVU.stat().st_size / 4


def test_a_cff_house_font_fonttools_cannot_cut_is_a_clear_error_and_nothing_is_written(tmp_path, monkeypatch):
    """FreeType draws it, fontTools fails on it (as on a face with a damaged table): the build
    fails with the font named, exit 1, no traceback, no file."""
    from click.testing import CliRunner
    from fontTools import subset
    from fontTools.ttLib import TTLibError

    from mapgen.cli import main

    def damaged(self, font):
        raise TTLibError("bad 'post' table")

    monkeypatch.setattr(subset.Subsetter, "subset", damaged)
    house = tmp_path / "house.otf"
    _cff_font(house)
    out = tmp_path / "map.pdf"
    result = CliRunner().invoke(main, ["build", "--data", str(REAL_DATA), "--format", "pdf", "--font", str(house),
                                       "--lang", "en", "--title", "ABBA BAAB", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and str(house) in result.output and "bad 'post' table" in result.output
    assert not out.exists()


def _shown(pdf: bytes, name: str) -> list[tuple[float, float, list[int], float]]:
    """Each text the PDF shows in font ``name``: (x, size, glyph ids, width in points as a viewer
    sets it: the glyphs' /W advances less the shifts of a TJ array)."""
    import io
    import re

    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    res = next(k for k, f in page["/Resources"]["/Font"].items() if f.get_object()["/BaseFont"].endswith("+" + name))
    w = list(_pdf_font(pdf, name)["/W"])
    widths = {int(w[i]): float(w[i + 1][0]) for i in range(0, len(w), 2)}
    out = []
    content = page.get_contents().get_data().decode("latin-1")
    for size, x, shown in re.findall(rf"{res} ([\d.]+) Tf 1 0 0 1 ([\d.]+) [\d.]+ Tm (.*?) T[jJ] ET", content):
        gids, shift = [], 0.0
        for hexed, number in re.findall(r"<([0-9A-F]*)>|(-?[\d.]+)", shown):
            if number:
                shift += float(number)
            gids += [int(hexed[i:i + 4], 16) for i in range(0, len(hexed), 4)]
        out.append((float(x), float(size), gids, (sum(widths[g] for g in gids) - shift) * float(size) / 1000))
    return out


def test_a_kerning_house_font_is_set_in_the_pdf_as_in_the_png_and_svg():
    """DejaVu kerns AV and To and joins f+i: the PDF shows the glyphs HarfBuzz chose, moved by TJ
    to where the layout (and so the PNG and SVG) put them, so the title spans the width it was
    fitted in; without the shifts it would run 6 % longer."""
    import io

    from pypdf import PdfReader

    from mapgen.image.layout import measure

    title = "AVAV Tokyo fi"
    pdf = render_image(_page(REAL_DATA, BuildOptions(lang="en", title=title)), "pdf", font=DEJAVU)
    with TTFont(DEJAVU, lazy=True) as font:
        a, v = font.getGlyphID("A"), font.getGlyphID("V")
    shown = [s for s in _shown(pdf, "DejaVuSans") if s[2][:3] == [a, v, a]]
    assert len(shown) == 1
    x, size, gids, width = shown[0]
    assert len(gids) == len(title) - 1  # f and i are one glyph
    assert abs(width - measure(title, str(DEJAVU), size)) < 0.01
    unkerned = sum(measure(ch, str(DEJAVU), size) for ch in title)
    assert unkerned - width > 0.05 * width
    assert title in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()  # the ligature still reads as f, i
