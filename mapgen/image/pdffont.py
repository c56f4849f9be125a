"""A font for the PDF: the glyphs a page uses, embedded as a CID font whose text stays text.

Each face becomes a Type0 font (Identity-H: two bytes per glyph, the glyph id) over a
CIDFontType2 with the widths the text is laid out with and a ToUnicode map, so the
PDF's text can be searched, selected and copied.

A TrueType face (the shipped ones are) is trimmed by copying tables: every glyph the
page does not use is left empty in 'glyf', glyph ids stay as they are (so no character
map or glyph names are read or rewritten), and only the tables a PDF viewer reads are
kept. That takes milliseconds, where ``fontTools.subset`` (what matplotlib's PDF
backend uses) costs a third of a second to import and as much again to read the
character map and derive glyph names of a 7,759-glyph CJK face; fontTools' ``ttLib``
alone, decompiling and recompiling 'glyf' and 'hmtx', was no quicker. An
OpenType/CFF house font is cut down by ``fontTools.subset`` (imported only then) and
embedded as FontFile3 /OpenType under a CIDFontType0.
"""

from __future__ import annotations

import hashlib
import os
import struct
from dataclasses import dataclass
from functools import lru_cache

from ..errors import MapgenError

__all__ = ["FontProgram", "load_program", "font_objects"]

# What a viewer needs of a TrueType program inside a PDF (ISO 32000, 9.9); glyph
# instructions may call into fpgm/prep and read cvt, so those stay when present.
_KEEP = ("head", "hhea", "maxp", "hmtx", "loca", "glyf", "cvt ", "fpgm", "prep")


@dataclass(frozen=True)
class FontProgram:
    data: bytes  # the font file to embed
    truetype: bool  # glyf outlines (FontFile2) or CFF (FontFile3 /OpenType)
    widths: dict[int, int]  # glyph id -> advance in 1/1000 em
    bbox: tuple[int, int, int, int]  # in 1/1000 em
    ascent: int
    descent: int
    postscript_name: str


def load_program(path: str, gids: set[int]) -> FontProgram:
    """The embeddable program of the face at ``path`` (face 0 of a collection) with glyphs ``gids``.

    Raises
    ------
    MapgenError
        If the file's table directory or glyph data do not hold together.
    """
    from matplotlib.ft2font import FT2Font

    data = _read(path, os.stat(path).st_mtime_ns)
    try:
        tables = _tables(data)
        head, hhea = tables["head"], tables["hhea"]
        count = struct.unpack_from(">H", tables["maxp"], 4)[0]
        upem, x0, y0, x1, y1 = struct.unpack_from(">H16x4h", head, 18)
        ascent, descent = struct.unpack_from(">hh", hhea, 4)
        metrics = struct.unpack_from(">H", hhea, 34)[0]
        gids = {g for g in gids if 0 <= g < count} | {0}
        truetype = "glyf" in tables
        if truetype:
            gids = _trim(tables, count, gids)
            tables = {tag: body for tag, body in tables.items() if tag in _KEEP}
        advances = [struct.unpack_from(">H", tables["hmtx"], 4 * min(g, metrics - 1))[0] for g in sorted(gids)]
    except (KeyError, struct.error, IndexError) as exc:
        raise MapgenError(f"font {path}: its tables cannot be read for the PDF ({exc})") from None
    em = 1000.0 / upem
    try:
        program = _sfnt(tables, truetype) if truetype else _subset_cff(path, gids)
    except Exception as exc:  # fontTools reading a damaged OpenType/CFF face: any of its errors
        raise MapgenError(f"font {path}: its glyphs cannot be cut out for the PDF ({type(exc).__name__}: {exc})") \
            from None
    return FontProgram(program, truetype, {g: round(a * em) for g, a in zip(sorted(gids), advances)},
                       (round(x0 * em), round(y0 * em), round(x1 * em), round(y1 * em)),
                       round(ascent * em), round(descent * em), _clean_name(FT2Font(path).postscript_name, path))


@lru_cache(maxsize=4)
def _read(path: str, _mtime: int) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _tables(data: bytes) -> dict[str, bytes]:
    """The tables of the font in ``data`` (of its first face if it is a collection)."""
    start = struct.unpack_from(">I", data, 12)[0] if data[:4] == b"ttcf" else 0
    count = struct.unpack_from(">H", data, start + 4)[0]
    tables = {}
    for i in range(count):
        tag, _sum, offset, length = struct.unpack_from(">4sIII", data, start + 12 + 16 * i)
        tables[tag.decode("latin-1")] = data[offset:offset + length]
    return tables


def _trim(tables: dict[str, bytes], count: int, gids: set[int]) -> set[int]:
    """Keep only the outlines of ``gids`` (and of the parts of composite glyphs) in 'glyf';
    glyph ids stay as they are. Rewrites 'glyf', 'loca' and 'head' in ``tables``."""
    glyf, head = tables["glyf"], tables["head"]
    if struct.unpack_from(">h", head, 50)[0]:
        loca = struct.unpack_from(f">{count + 1}I", tables["loca"])
    else:
        loca = [2 * o for o in struct.unpack_from(f">{count + 1}H", tables["loca"])]
    todo, keep = list(gids), set()
    while todo:
        g = todo.pop()
        if g in keep:
            continue
        keep.add(g)
        glyph = glyf[loca[g]:loca[g + 1]]
        if len(glyph) >= 10 and struct.unpack_from(">h", glyph)[0] < 0:
            todo += _components(glyph)
    out, offsets = bytearray(), []
    for g in range(count):
        offsets.append(len(out))
        if g in keep:
            out += glyf[loca[g]:loca[g + 1]]
            out += b"\0" * (-len(out) % 4)
    offsets.append(len(out))
    tables["glyf"], tables["loca"] = bytes(out), struct.pack(f">{count + 1}I", *offsets)
    tables["head"] = head[:50] + struct.pack(">h", 1) + head[52:]  # long offsets in 'loca'
    return keep


def _components(glyph: bytes) -> list[int]:
    """The glyph ids a composite glyph is made of."""
    out, pos = [], 10
    while True:
        flags, gid = struct.unpack_from(">HH", glyph, pos)
        out.append(gid)
        pos += 4 + (4 if flags & 0x0001 else 2)
        pos += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0
        if not flags & 0x0020:
            return out


def _subset_cff(path: str, gids: set[int]) -> bytes:
    """A CFF-outline face cut down to ``gids`` by fontTools, glyph ids kept (so CID = glyph id)."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(retain_gids=True, layout_features=[], name_IDs=[], notdef_outline=True,
                             recalc_timestamp=False)  # hints kept: removing them takes seconds on a CJK face
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx", "DSIG"]
    font = TTFont(path, fontNumber=0, recalcBBoxes=False, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=sorted(gids))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _sfnt(tables: dict[str, bytes], truetype: bool) -> bytes:
    """A font file of ``tables``, directory sorted by tag, with its checksums."""
    if "head" in tables:  # its checksum adjustment is computed over the file with it zeroed
        tables = {**tables, "head": tables["head"][:8] + bytes(4) + tables["head"][12:]}
    tags = sorted(tables)
    n = len(tags)
    power = 1 << (n.bit_length() - 1)
    header = struct.pack(">4sHHHH", b"\x00\x01\x00\x00" if truetype else b"OTTO", n, 16 * power,
                         power.bit_length() - 1, 16 * n - 16 * power)
    offset = 12 + 16 * n
    directory, body = bytearray(), bytearray()
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    if "head" in tables:
        at = offset + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in tags[:tags.index("head")]) + 8
        struct.pack_into(">I", font, at, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


def _clean_name(name: str, path: str) -> str:
    """The face's PostScript name, reduced to what a PDF name may hold unescaped."""
    import re
    from pathlib import Path

    return re.sub(r"[^A-Za-z0-9_.+-]", "", name or "") or re.sub(r"[^A-Za-z0-9_.+-]", "", Path(path).stem) or "Font"


def _tag(program: FontProgram) -> str:
    """The six capital letters that mark a subset, derived from its glyphs (so stable)."""
    digest = hashlib.sha256(",".join(map(str, program.widths)).encode()).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


def font_objects(pdf, program: FontProgram, to_unicode: dict[int, str]) -> int:
    """Write the Type0 font and what it refers to with ``pdf`` (a :class:`mapgen.image.pdf.Writer`);
    return the Type0 font's object number."""
    name = f"{_tag(program)}+{program.postscript_name}"
    if program.truetype:
        file_ref = pdf.stream(f"/Length1 {len(program.data)}", program.data)
        file_key, cid_type = "/FontFile2", "/CIDFontType2"
    else:
        file_ref = pdf.stream("/Subtype /OpenType", program.data)
        pdf.version = "1.6"  # FontFile3 /OpenType is PDF 1.6
        file_key, cid_type = "/FontFile3", "/CIDFontType0"
    x0, y0, x1, y1 = program.bbox
    descriptor = pdf.add(
        f"<< /Type /FontDescriptor /FontName /{name} /Flags 4 /FontBBox [{x0} {y0} {x1} {y1}] "
        f"/ItalicAngle 0 /Ascent {program.ascent} /Descent {program.descent} /CapHeight {program.ascent} "
        f"/StemV 80 {file_key} {file_ref} 0 R >>")
    widths = " ".join(f"{g} [{w}]" for g, w in program.widths.items())
    cid_map = " /CIDToGIDMap /Identity" if program.truetype else ""
    cid = pdf.add(
        f"<< /Type /Font /Subtype {cid_type} /BaseFont /{name} "
        f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/FontDescriptor {descriptor} 0 R /DW 1000 /W [{widths}]{cid_map} >>")
    cmap = pdf.stream("", _to_unicode_cmap(to_unicode).encode("ascii"))
    return pdf.add(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
        f"/DescendantFonts [{cid} 0 R] /ToUnicode {cmap} 0 R >>")


def _to_unicode_cmap(to_unicode: dict[int, str]) -> str:
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(to_unicode.items())
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{g:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for g, ch in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)
