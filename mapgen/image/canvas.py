"""A page measured in points, y down, drawn once its height is known, saved deterministically.

Layout code records text, rectangles and paths on a :class:`Canvas` as it goes down
the page; :meth:`Canvas.save` then makes one matplotlib figure of exactly that size and
writes PNG, SVG or PDF bytes with no clock, no random ids and no outside references.
"""

from __future__ import annotations

import io

from .fonts import Fonts
from .layout import LEADING, measure, wrap

__all__ = ["Canvas", "WIDTH_PT", "FORMATS"]

WIDTH_PT = 540.0  # design width; a 1080 px PNG is this at 2x
FORMATS = ("png", "svg", "pdf")
INK, MUTED = "#1a1a1a", "#555555"
_ASCENT = 0.95  # baseline below a line's top, in font sizes (CJK glyphs sit within 1 em)


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
        if text:
            self.ops.append(("text", x, top + _ASCENT * size, text, size, color, ha, font))
            self.drawn_text.append((text, font))
        return measure(text, font, size)

    def para(self, x: float, top: float, text: str, size: float, width: float, color: str = INK,
             max_lines: int | None = None, ha: str = "left") -> float:
        """Wrapped text; returns the top of what follows it."""
        font, text = self.fonts.pick(text)
        for line in wrap(text, font, size, width, max_lines):
            self.text(x, top, line, size, color, ha, font)
            top += size * LEADING
        return top

    def rect(self, left: float, top: float, w: float, h: float, fill: str, edge: str | None = None,
             lw: float = 0.0, dash: str | None = None, alpha: float = 1.0) -> None:
        self.ops.append(("rect", left, top, w, h, fill, edge, lw, dash, alpha))

    def path(self, path, fill: str | None, edge: str | None, lw: float, dash: str | None = None,
             alpha: float = 1.0, gid: str | None = None, clip: tuple | None = None) -> None:
        if path is not None:
            self.ops.append(("path", path, fill, edge, lw, dash, alpha, gid, clip))

    # -- output ----------------------------------------------------------------
    def figure(self, height: float):
        from matplotlib.figure import Figure
        from matplotlib.font_manager import FontProperties
        from matplotlib.patches import PathPatch, Rectangle

        fig = Figure(figsize=(self.width / 72, height / 72), dpi=72, facecolor="white")
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.set_xlim(0, self.width)
        ax.set_ylim(height, 0)
        for op in self.ops:
            kind = op[0]
            if kind == "text":
                _, x, y, text, size, color, ha, font = op
                ax.text(x, y, text, fontproperties=FontProperties(fname=font, size=size), color=color,
                        ha=ha, va="baseline", parse_math=False, usetex=False)
            elif kind == "rect":
                _, left, top, w, h, fill, edge, lw, dash, alpha = op
                ax.add_artist(Rectangle((left, top), w, h, facecolor=fill, edgecolor=edge or "none",
                                       linewidth=lw, linestyle=_dash(dash, lw), alpha=alpha))
            else:
                _, path, fill, edge, lw, dash, alpha, gid, clip = op
                patch = PathPatch(path, facecolor=fill or "none", edgecolor=edge or "none", linewidth=lw,
                                  linestyle=_dash(dash, lw), joinstyle="round")
                if fill and alpha < 1:  # the fill is translucent on the page, the outline is not
                    patch.set_facecolor((*_rgb(fill), alpha))
                if gid:
                    patch.set_gid(gid)
                ax.add_artist(patch)  # not add_patch: the limits are set, and its extent scan is slow
                if clip is not None:
                    clip_rect = Rectangle((clip[0], clip[1]), clip[2], clip[3], transform=ax.transData)
                    patch.set_clip_path(clip_rect)
        return fig

    def save(self, height: float, fmt: str, width_px: int) -> bytes:
        import matplotlib

        fig = self.figure(height)
        out = io.BytesIO()
        meta = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None, "Format": None, "Type": None},
                "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}}[fmt]
        rc = {"pdf.fonttype": 42, "ps.fonttype": 42,  # ps.fonttype: the PDF backend sizes its font subsets by it
              "svg.fonttype": "path", "svg.hashsalt": "mapgen", "path.simplify": False,
              "text.hinting": "no_hinting",  # hinted advances would make PNG text wider than measured
              "pdf.compression": 6, "svg.id": None}
        rc = {k: v for k, v in rc.items() if k in matplotlib.rcParams}
        with matplotlib.rc_context(rc):
            fig.savefig(out, format=fmt, dpi=width_px / (self.width / 72) if fmt == "png" else 72,
                        metadata=meta, facecolor="white")
        return out.getvalue()


def _rgb(color: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(color)


def _dash(dash: str | None, lw: float):
    """A Leaflet ``dashArray`` ("4 3", in pixels) -> a matplotlib dash pattern (in line widths)."""
    if not dash:
        return "solid"
    return (0, tuple(float(v) / max(lw, 0.1) for v in dash.replace(",", " ").split()))
