"""The PDF of a recorded page, written directly: one page, vector paths, text kept as text.

matplotlib's PDF backend cannot be imported without ``matplotlib.figure`` and the
artist classes behind it (about 0.4 s of a cold start) nor used without
``fontTools.subset`` (0.3 s more); a page of filled and stroked paths and lines of
text needs neither. Paths are turned into PDF operators by the same C routine that
backend uses; fonts are embedded by :mod:`.pdffont`. Output has no date, no id and no
producer, so the same page gives the same bytes.
"""

from __future__ import annotations

import zlib

from .layout import glyph_run
from .pdffont import font_objects, load_program

__all__ = ["Writer", "render_pdf"]

_COMPRESSION = 6  # zlib level for content and font streams
_JOINS = {"miter": 0, "round": 1, "bevel": 2}


class Writer:
    """Numbered PDF objects, written out with their cross-reference table."""

    def __init__(self):
        self.objects: list[bytes | None] = []
        self.version = "1.4"  # 1.6 once an OpenType font program is embedded (FontFile3 /OpenType)

    def reserve(self) -> int:
        self.objects.append(None)
        return len(self.objects)

    def put(self, num: int, body: str | bytes) -> int:
        self.objects[num - 1] = body.encode("latin-1") if isinstance(body, str) else body
        return num

    def add(self, body: str | bytes) -> int:
        return self.put(self.reserve(), body)

    def stream(self, entries: str, data: bytes) -> int:
        packed = zlib.compress(data, _COMPRESSION)
        head = f"<< {entries} /Filter /FlateDecode /Length {len(packed)} >>\nstream\n".encode("latin-1")
        return self.add(head + packed + b"\nendstream")

    def finish(self, root: int) -> bytes:
        out = bytearray(f"%PDF-{self.version}\n".encode("ascii") + b"%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for num, body in enumerate(self.objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(self.objects) + 1, root, xref)
        return bytes(out)


def _num(x: float) -> str:
    text = f"{x:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _color(rgb: tuple[float, float, float], op: str) -> str:
    return " ".join(_num(c) for c in rgb) + " " + op


def render_pdf(ops: list[tuple], width: float, height: float, glyphs: dict[str, dict[int, int]], rgb) -> bytes:
    """The page ``width`` x ``height`` points of ``ops`` (see :class:`mapgen.image.canvas.Canvas`).

    ``glyphs`` maps each font file to its character map (code point -> glyph id),
    ``rgb`` a colour to (r, g, b).
    """
    from matplotlib import _path
    from matplotlib.transforms import Affine2D

    flip = Affine2D().scale(1, -1).translate(0, height)  # y down (the canvas) -> y up (PDF)
    fonts: dict[str, str] = {}  # font file -> resource name
    used: dict[str, dict[int, str]] = {}  # font file -> glyph id -> the character it shows
    states: dict[float, str] = {}  # fill alpha -> ExtGState name
    body = [f"1 1 1 rg 0 0 {_num(width)} {_num(height)} re f"]
    for op in ops:
        kind = op[0]
        if kind == "text":
            _, x, y, text, size, color, font = op
            res = fonts.setdefault(font, f"F{len(fonts) + 1}")
            body.append(f"BT {_color(rgb(color), 'rg')} /{res} {_num(size)} Tf "
                        f"1 0 0 1 {_num(x)} {_num(height - y)} Tm {_show(text, font, glyphs[font], used)} ET")
        elif kind == "path":
            _, path, fill, edge, lw, dash, alpha, join, clip = op
            stroke = bool(edge) and lw > 0
            if not fill and not stroke:
                continue
            parts = ["q"]
            if clip is not None:
                left, top, w, h = clip
                parts.append(f"{_num(left)} {_num(height - top - h)} {_num(w)} {_num(h)} re W n")
            if fill:
                if alpha < 1.0:
                    parts.append(f"/{states.setdefault(alpha, f'A{len(states) + 1}')} gs")
                parts.append(_color(rgb(fill), "rg"))
            if stroke:
                parts.append(f"{_color(rgb(edge), 'RG')} {_num(lw)} w {_JOINS[join]} j")
                if dash:  # a Leaflet dashArray ("4 3", pixels): points here
                    parts.append("[" + " ".join(_num(float(v)) for v in dash.replace(",", " ").split()) + "] 0 d")
            # unfilled paths are clipped to the page and long ones simplified, as matplotlib's backend does
            page = None if fill else (0.0, 0.0, width, height)
            drawn = _path.convert_to_string(path, flip, page, bool(page) and path.should_simplify, None, 6,
                                            [b"m", b"l", b"", b"c", b"h"], True).decode("ascii")
            parts.append(drawn)
            parts.append("B" if fill and stroke else "f" if fill else "S")
            parts.append("Q")
            body.append("\n".join(parts))
    return _document(body, width, height, fonts, used, states)


def _show(text: str, font: str, cmap: dict[int, int], used: dict[str, dict[int, str]]) -> str:
    """The operator that shows ``text`` (two bytes a glyph id): ``Tj`` where each character is
    a glyph at its advance; where the font kerns or forms ligatures, ``TJ`` with the glyphs
    and shifts the text was laid out with (the PNG's and SVG's positions)."""
    seen = used.setdefault(font, {})
    run = glyph_run(text, font)
    if run is None:
        ids = []
        for ch in text:
            gid = cmap.get(ord(ch), 0)
            seen.setdefault(gid, ch)
            ids.append(gid)
        return "<" + "".join(f"{g:04X}" for g in ids) + "> Tj"
    parts, pending = [], ""
    for i, (gid, chars, x, advance) in enumerate(run):
        seen.setdefault(gid, chars)
        pending += f"{gid:04X}"
        if i + 1 < len(run):
            # TJ moves the next glyph back by n/1000 em from where its advance puts it
            shift = advance - (run[i + 1][2] - x)
            if abs(shift) >= 0.005:
                parts.append(f"<{pending}> {_num(round(shift, 2))}")
                pending = ""
    if pending:
        parts.append(f"<{pending}>")
    return "[" + " ".join(parts) + "] TJ"


def _document(body: list[str], width: float, height: float, fonts: dict[str, str], used: dict[str, dict[int, str]],
              states: dict[float, str]) -> bytes:
    pdf = Writer()
    catalog, pages = pdf.reserve(), pdf.reserve()
    font_refs = []
    for font, res in fonts.items():
        program = load_program(font, set(used[font]))
        font_refs.append(f"/{res} {font_objects(pdf, program, used[font])} 0 R")
    contents = pdf.stream("", "\n".join(body).encode("latin-1"))
    gs = " ".join(f"/{name} << /Type /ExtGState /ca {_num(a)} >>" for a, name in states.items())
    resources = f"/Font << {' '.join(font_refs)} >> /ExtGState << {gs} >>"
    page = pdf.add(f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {_num(width)} {_num(height)}] "
                   f"/Resources << {resources} >> /Contents {contents} 0 R >>")
    pdf.put(pages, f"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>")
    pdf.put(catalog, f"<< /Type /Catalog /Pages {pages} 0 R >>")
    return pdf.finish(catalog)
