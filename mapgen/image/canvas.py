"""A page measured in points, y down, drawn once its height is known, saved deterministically.

Layout code records text, rectangles and paths on a :class:`Canvas` as it goes down
the page; :meth:`Canvas.save` then hands them straight to one of matplotlib's backend
renderers (Agg for PNG, SVG) with no Figure, no Axes and no pyplot: those cost about
half a second of imports and a layout pass the page does not need. The PDF is written
by :mod:`.pdf` itself (matplotlib's PDF backend cannot be imported without them).
Output has no clock, no random ids and no outside references.
"""

from __future__ import annotations

import io
from contextlib import contextmanager

from .fonts import Fonts
from .layout import LEADING, measure, wrap

__all__ = ["Canvas", "WIDTH_PT", "FORMATS"]

WIDTH_PT = 540.0  # design width; a 1080 px PNG is this at 2x
FORMATS = ("png", "svg", "pdf")
INK, MUTED = "#1a1a1a", "#555555"
_ASCENT = 0.95  # baseline below a line's top, in font sizes (CJK glyphs sit within 1 em)
_RC = {"svg.fonttype": "path", "svg.hashsalt": "mapgen", "svg.id": None,
       "text.hinting": "no_hinting"}  # hinted advances would make PNG text wider than measured
_PNG_COMPRESSION = 3  # zlib level: 6 takes half as long again for 0.5% fewer bytes, 9 five times for 3%


class Canvas:
    def __init__(self, fonts: Fonts, width: float = WIDTH_PT):
        self.fonts = fonts
        self.width = width
        self.ops: list[tuple] = []
        self.drawn_text: list[tuple[str, str]] = []  # (text, font file): for coverage checks

    # -- recording -------------------------------------------------------------
    def text(self, x: float, top: float, text: str, size: float, color: str = INK, ha: str = "left",
             font: str | None = None) -> float:
        """One line; returns its width. ``font`` given: ``text`` was already picked for it."""
        if font is None:
            font, text = self.fonts.pick(text)
        width = measure(text, font, size)
        if text:
            left = x - width / 2 if ha == "center" else x - width if ha == "right" else x
            self.ops.append(("text", left, top + _ASCENT * size, text, size, color, font))
            self.drawn_text.append((text, font))
        return width

    def para(self, x: float, top: float, text: str, size: float, width: float, color: str = INK,
             max_lines: int | None = None, ha: str = "left") -> float:
        """Wrapped text; returns the top of what follows it."""
        font, text = self.fonts.pick(text)
        for line in wrap(text, font, size, width, max_lines):
            self.text(x, top, line, size, color, ha, font)
            top += size * LEADING
        return top

    def rect(self, left: float, top: float, w: float, h: float, fill: str | None, edge: str | None = None,
             lw: float = 0.0, dash: str | None = None, alpha: float = 1.0) -> None:
        from matplotlib.path import Path

        box = Path([(left, top), (left + w, top), (left + w, top + h), (left, top + h), (left, top)],
                   [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY])
        self.ops.append(("path", box, fill, edge, lw, dash, alpha, "miter", None))

    def path(self, path, fill: str | None, edge: str | None, lw: float, dash: str | None = None,
             alpha: float = 1.0, gid: str | None = None, clip: tuple | None = None) -> None:
        if path is not None:
            if gid:
                self.ops.append(("group", gid))
            self.ops.append(("path", path, fill, edge, lw, dash, alpha, "round", clip))
            if gid:
                self.ops.append(("end", gid))

    @contextmanager
    def group(self, gid: str):
        """Everything drawn inside is one ``<g id=gid>`` in SVG (and nothing different elsewhere)."""
        self.ops.append(("group", gid))
        yield
        self.ops.append(("end", gid))

    # -- output ----------------------------------------------------------------
    def save(self, height: float, fmt: str, width_px: int) -> bytes:
        """Draw the recorded page ``height`` points tall as ``fmt`` bytes (a PNG ``width_px`` wide)."""
        if fmt == "pdf":
            from .pdf import render_pdf

            return render_pdf(self.ops, self.width, height, {f.path: f.glyphs for f in self.fonts.faces}, _rgb)
        import matplotlib

        with matplotlib.rc_context({k: v for k, v in _RC.items() if k in matplotlib.rcParams}):
            if fmt == "png":
                return self._png(height, width_px)
            return self._svg(height)

    def _paint(self, renderer, height: float, scale: float) -> None:
        """Replay the ops on an Agg or SVG ``renderer``: points, y down -> its units (``scale`` per
        point), y up for paths (the PDF has a writer of its own, :mod:`mapgen.image.pdf`)."""
        from matplotlib.font_manager import FontProperties
        from matplotlib.transforms import Affine2D, Bbox

        flip = Affine2D().scale(scale, -scale).translate(0, height * scale)
        for op in self.ops:
            kind = op[0]
            if kind == "group":
                renderer.open_group(op[1], gid=op[1])
            elif kind == "end":
                renderer.close_group(op[1])
            elif kind == "text":
                _, x, y, text, size, color, font = op
                gc = renderer.new_gc()
                gc.set_foreground(color)
                # Agg and SVG take text positions y down, as the canvas records them
                renderer.draw_text(gc, x * scale, y * scale, text, FontProperties(fname=font, size=size), 0.0)
                gc.restore()
            else:
                _, path, fill, edge, lw, dash, alpha, join, clip = op
                gc = renderer.new_gc()
                if edge and lw > 0:
                    gc.set_foreground(edge)
                    gc.set_linewidth(lw * scale)
                    if dash:  # a Leaflet dashArray ("4 3", pixels): points here
                        gc.set_dashes(0, [float(v) * scale for v in dash.replace(",", " ").split()])
                else:
                    gc.set_linewidth(0)
                gc.set_joinstyle(join)
                if clip is not None:
                    left, top, w, h = clip
                    gc.set_clip_rectangle(Bbox.from_extents(left * scale, (height - top - h) * scale,
                                                            (left + w) * scale, (height - top) * scale))
                face = None if not fill else (*_rgb(fill), alpha)  # translucent fill, opaque outline
                renderer.draw_path(gc, path, flip, face)
                gc.restore()

    def _png(self, height: float, width_px: int) -> bytes:
        from matplotlib.backends.backend_agg import RendererAgg
        from PIL import Image

        scale = width_px / self.width
        w, h = width_px, max(1, int(round(height * scale)))
        renderer = RendererAgg(w, h, 72 * scale)
        renderer.clear()
        self._background(renderer, height, scale)
        self._paint(renderer, height, scale)
        image = Image.frombuffer("RGBA", (w, h), renderer.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=_PNG_COMPRESSION)
        return out.getvalue()

    def _svg(self, height: float) -> bytes:
        from matplotlib.backends.backend_svg import RendererSVG

        text = io.StringIO()
        renderer = RendererSVG(self.width, height, text, image_dpi=72,
                               metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
        self._background(renderer, height, 1.0)
        self._paint(renderer, height, 1.0)
        renderer.finalize()
        return text.getvalue().encode("utf-8")

    def _background(self, renderer, height: float, scale: float) -> None:
        from matplotlib.path import Path
        from matplotlib.transforms import Affine2D

        gc = renderer.new_gc()
        gc.set_linewidth(0)
        page = Path.unit_rectangle()
        renderer.draw_path(gc, page, Affine2D().scale(self.width * scale, height * scale), (1.0, 1.0, 1.0, 1.0))
        gc.restore()


def _rgb(color: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(color)
