"""Build the image fonts shipped in ``mapgen/image/fonts/`` (build-time only).

    pip install 'mapgen[fonts-build]'
    python tools/fonts/build.py

Input: Noto Sans SC and Noto Sans TC 2.004 (single-face OTF, SIL OFL 1.1) from the PyPI
packages ``pylopdf-fonts-zh-cn`` / ``pylopdf-fonts-zh-tw``. Output, per face:

- a subset: printable Latin, common punctuation and symbols, all of GB 2312 (the SC face)
  or Big5 level 1 plus the Traditional form of every GB 2312 character (the TC face), and
  every character of every unit name of China (``unit_names.tsv``; 8 of them, e.g. 埇 and
  鄠, are outside GB 2312);
- converted from CFF to TrueType outlines, so matplotlib embeds it in PDF as a valid
  CIDFontType2 (``FontFile2`` must hold TrueType, not CFF);
- renamed "Mapgen Sans SC/TC": the OFL asks a modified font not to go by the original's
  name; the licence and copyright travel with it (``OFL.txt``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

HERE = Path(__file__).resolve().parent
OUT = HERE.parent.parent / "mapgen" / "image" / "fonts"
BASIC = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2060), *range(0x2190, 0x2194),
         *range(0x2200, 0x2270), *range(0x2460, 0x2474), *range(0x25A0, 0x25D0), *range(0x3000, 0x3040),
         *range(0xFF01, 0xFF5F), 0x2103, 0x2116, 0x2122, 0x00D7, 0x00F7, 0xFFE5]


def _decode_all(codec: str, leads: range, trails: list[int]) -> set[str]:
    out = set()
    for hi in leads:
        for lo in trails:
            try:
                out.add(bytes([hi, lo]).decode(codec))
            except UnicodeDecodeError:
                pass
    return out


def unit_names() -> list[str]:
    rows = (HERE / "unit_names.tsv").read_text("utf-8").splitlines()
    return [r.split("\t")[1] for r in rows if r and not r.startswith("#")]


def charsets() -> dict[str, set[str]]:
    import opencc

    s2t = opencc.OpenCC("s2twp")
    gb2312 = _decode_all("gb2312", range(0xA1, 0xF8), list(range(0xA1, 0xFF)))
    big5_l1 = _decode_all("big5", range(0xA1, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    names = set("".join(unit_names()))
    basic = {chr(c) for c in BASIC}
    # each character alone and each name whole: OpenCC converts phrases (石拐区 -> 石柺區)
    hant = {s2t.convert(c) for c in gb2312 | names} | set("".join(s2t.convert(n) for n in unit_names()))
    hant = set("".join(hant))
    return {"SC": basic | gb2312 | names, "TC": basic | big5_l1 | hant | names}


def to_truetype(font: TTFont) -> None:
    """CFF -> TrueType quadratic outlines (after fontTools' Snippets/otf2ttf.py)."""
    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphset)
        glyphset[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, g in glyf.glyphs.items():
        hmtx[name] = (hmtx[name][0], getattr(g, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and nothing reads them
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, family: str, original: str) -> None:
    name = font["name"]
    ps = family.replace(" ", "") + "-Regular"
    for rec in list(name.names):
        if rec.nameID in (1, 4, 16):
            name.setName(family, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 3:
            name.setName(f"{ps};mapgen subset of {original}", 3, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 6:
            name.setName(ps, 6, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID in (17, 18, 21, 22):
            name.removeNames(nameID=rec.nameID)
    name.setName(f"A subset of {original} 2.004 made for mapgen images; modified under the SIL OFL 1.1.",
                 10, 3, 1, 0x409)


def build(face: str, source: Path, chars: set[str]) -> Path:
    font = TTFont(source, recalcTimestamp=False)  # same input, same bytes
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "DSIG", "vhea", "vmtx", "VORG"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes={ord(c) for c in chars})
    sub.subset(font)
    to_truetype(font)
    rename(font, f"Mapgen Sans {face}", f"Noto Sans {face}")
    out = OUT / f"MapgenSans{face}-Regular.ttf"
    font.save(out)
    return out


def main() -> int:
    import pylopdf_fonts_zh_cn
    import pylopdf_fonts_zh_tw

    sets = charsets()
    for face, pkg in (("SC", pylopdf_fonts_zh_cn), ("TC", pylopdf_fonts_zh_tw)):
        out = build(face, pkg.sans_path(), sets[face])
        print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB, {len(sets[face])} characters asked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
