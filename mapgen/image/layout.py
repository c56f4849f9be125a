"""Text measurement, wrapping and collision-free label placement, all in points.

Measured from the font's own advances (FreeType, unhinted, as matplotlib's TextToPath
measures), not from a renderer, so PNG, SVG and PDF get the same layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["measure", "glyph_run", "wrap", "Box", "Label", "place_labels"]

# A Latin word (with its trailing spaces) stays whole; every other character may break.
_TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F.,:;!?%'’()\-–/&+]+\s*|\s+|.")
LEADING = 1.2  # line height / font size
_NO_LINE_START = set("，。、；：！？）》」』”’,.;:!?)%")
_NO_LINE_END = set("（《「『“‘(")  # an opening bracket goes down with what it opens


@lru_cache(maxsize=4096)
def measure(text: str, font: str, size: float) -> float:
    """Width of ``text`` in points: what FreeType lays out, unhinted, as matplotlib draws it.

    >>> from mapgen.image.fonts import SHIPPED
    >>> measure("合肥", str(SHIPPED["SC"]), 10)
    20.0
    """
    if not text:
        return 0.0
    return _metrics(font).width(text) / 64.0 * (size / _SCALE)


_SCALE = 100.0  # measured at 100 pt, 72 dpi, in 64ths of a point (as matplotlib's TextToPath does)
# Tables that move or merge glyphs (kerning, ligatures): with any of them a text is laid
# out whole by FreeType; without, its width is the sum of its characters' advances.
_SHAPING = {b"GPOS", b"GSUB", b"kern", b"kerx", b"morx", b"mort"}


class _Metrics:
    """One font's advances, each character loaded once (a CJK glyph takes ~40 us to load,
    and wrapping measures every line again for each character added to it)."""

    def __init__(self, path: str):
        from matplotlib import ft2font

        self.flags = ft2font.LoadFlags.NO_HINTING if hasattr(ft2font, "LoadFlags") else ft2font.LOAD_NO_HINTING
        self.font = ft2font.FT2Font(path)
        self.font.set_size(_SCALE, 72)
        self.plain = not (_table_tags(path) & _SHAPING)
        self.no_scale = ft2font.LoadFlags.NO_SCALE if hasattr(ft2font, "LoadFlags") else ft2font.LOAD_NO_SCALE
        self.advances: dict[str, int] = {}

    def width(self, text: str) -> int:
        if not self.plain:
            self.font.set_text(text, 0.0, flags=self.flags)
            return self.font.get_width_height()[0]
        total = 0
        for ch in text:
            adv = self.advances.get(ch)
            if adv is None:
                glyph = self.font.load_glyph(self.font.get_char_index(ord(ch)), self.flags)
                adv = self.advances[ch] = glyph.horiAdvance
            total += adv
        return total


@lru_cache(maxsize=8)
def _metrics(path: str) -> _Metrics:
    return _Metrics(path)


def glyph_run(text: str, font: str) -> list[tuple[int, str, float, int]] | None:
    """How ``text`` is set in a ``font`` that kerns or substitutes glyphs: for each glyph, its id,
    the characters it shows, its x and its own advance (both in 1/1000 em), as matplotlib
    lays the text out (HarfBuzz through libraqm) when it draws it as paths for the PNG and
    SVG. None for a font without such tables (the shipped ones): there each character is
    its own glyph, set at its advance.

    >>> from mapgen.image.fonts import SHIPPED
    >>> glyph_run("合肥", str(SHIPPED["SC"])) is None
    True
    """
    m = _metrics(font)
    if m.plain or not text:
        return None
    from matplotlib import _text_helpers

    em = 1000.0 / m.font.units_per_EM
    scale = 1000.0 / _SCALE  # the layout's x is in points at _SCALE points
    run = []
    for item in _text_helpers.layout(text, m.font):
        advance = item.ft_object.load_glyph(item.glyph_index, m.no_scale).horiAdvance
        run.append((item.glyph_index, item.char, item.x * scale, round(advance * em)))
    return run


def _table_tags(path: str) -> set[bytes]:
    """The table tags of the font file at ``path`` (of its first face if it is a collection)."""
    import struct

    with open(path, "rb") as fh:
        head = fh.read(12)
        if head[:4] == b"ttcf":
            fh.seek(struct.unpack_from(">I", fh.read(4))[0])
            head = fh.read(12)
        count = struct.unpack_from(">H", head, 4)[0]
        directory = fh.read(16 * count)
    return {directory[16 * i:16 * i + 4] for i in range(count)}


def wrap(text: str, font: str, size: float, width: float, max_lines: int | None = None) -> list[str]:
    """Break ``text`` into lines at most ``width`` points wide (Chinese at any character,
    Latin at spaces; a word longer than a line is broken); an ellipsis ends a cut text.
    Closing punctuation never starts a line and an opening bracket never ends one.

    >>> from mapgen.image.fonts import SHIPPED
    >>> font = str(SHIPPED["SC"])
    >>> text = "须用经审核批准的标准地图（审图号）"
    >>> w = measure("须用经审核批准的标准地图（", font, 10)
    >>> wrap(text, font, 10, w + 1)
    ['须用经审核批准的标准地图', '（审图号）']
    """
    lines: list[str] = []
    line = ""
    for tok in _TOKEN.findall(text):
        trial = line + tok
        if measure(trial.rstrip(), font, size) <= width or not line.strip():
            if measure(trial.rstrip(), font, size) > width:  # one token wider than a line
                for ch in tok:
                    if line and measure((line + ch).rstrip(), font, size) > width:
                        lines.append(line.rstrip())
                        line = ""
                    line += ch
                continue
            line = trial
        elif tok[0] in _NO_LINE_START:  # keep closing punctuation on its line
            line = trial
        else:
            kept = line.rstrip()
            carried = ""
            while kept and kept[-1] in _NO_LINE_END:
                kept, carried = kept[:-1], kept[-1] + carried
            lines.append(kept if kept else line.rstrip())
            line = (carried if kept else "") + tok.lstrip()
    if line.strip():
        lines.append(line.rstrip())
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and measure(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return not (self.right <= other.left or other.right <= self.left
                    or self.bottom <= other.top or other.bottom <= self.top)

    def inside(self, other: Box) -> bool:
        return (self.left >= other.left and self.right <= other.right
                and self.top >= other.top and self.bottom <= other.bottom)


@dataclass(frozen=True)
class Label:
    key: int
    x: float  # centre of the text block, points
    y: float  # top of the text block
    lines: tuple[tuple[str, float, str], ...]  # (text, size, font file)
    box: Box


# Where to try a label relative to its anchor (dx, dy as fractions of the block size): on it first,
# then, for the labels that found no room there (上海, 澳门 in a national map's crowd), beside it.
_OFFSETS = ((0, -0.5), (0, -1.0), (0, 0.0), (0.6, -0.5), (-0.6, -0.5), (0.6, -1.0), (-0.6, 0.0),
            (0.6, 0.0), (-0.6, -1.0))
_BESIDE = ((1.1, -0.5), (-1.1, -0.5), (0, -1.6), (0, 0.6), (1.1, -1.2), (1.1, 0.2), (-1.1, -1.2), (-1.1, 0.2))


def _block(lines, anchor, off, gap) -> tuple[Box, float, float]:
    w = max(measure(t, f, s) for t, s, f in lines)
    h = sum(s * LEADING for _t, s, _f in lines)
    x = anchor[0] + off[0] * w
    top = anchor[1] + off[1] * h
    return Box(x - w / 2 - gap, top - gap, x + w / 2 + gap, top + h + gap), x, top


def place_labels(items, frame: Box, obstacles=(), gap: float = 1.5) -> list[Label]:
    """Place each label without overlapping another or leaving ``frame``.

    ``items`` are ``(key, anchor_xy, variants)`` in priority order, where ``variants``
    lists fallbacks from richest to barest, each a tuple of ``(text, size, font file)`` lines.
    A label that fits nowhere in any variant is left out rather than drawn over another.
    """
    placed: dict[int, Label] = {}
    taken = _Grid()
    for i, box in enumerate(obstacles):
        taken.add(("obstacle", i), box)
    for offsets in (_OFFSETS, _BESIDE):  # every label on its unit before any is moved beside its unit
        for key, anchor, variants in items:
            if key not in placed:
                hit = _first_fit(key, anchor, variants, offsets, frame, taken, gap)
                if hit:
                    placed[key] = hit
                    taken.add(key, hit.box)
    # a label still out may take the place of one that has somewhere else to go; in a crowd
    # (hundreds of units) most cannot, and trying would cost seconds
    missing = [item for item in items if item[0] not in placed]
    if len(missing) <= _ROOM_TRIES:
        spec = {k: (a, v) for k, a, v in items}
        for key, anchor, variants in missing:
            _make_room(key, anchor, variants, spec, placed, frame, taken, gap)
    order = {key: i for i, (key, _a, _v) in enumerate(items)}
    return sorted(placed.values(), key=lambda label: order[label.key])


_ROOM_TRIES = 12


class _Grid:
    """Boxes placed so far, bucketed by 32-point cells: an overlap test looks at its neighbours only."""

    CELL = 32.0

    def __init__(self):
        self.cells: dict[tuple[int, int], dict] = {}
        self.boxes: dict = {}

    def _cells(self, box: Box):
        c = self.CELL
        for i in range(int(box.left // c), int(box.right // c) + 1):
            for j in range(int(box.top // c), int(box.bottom // c) + 1):
                yield i, j

    def add(self, key, box: Box) -> None:
        self.boxes[key] = box
        for cell in self._cells(box):
            self.cells.setdefault(cell, {})[key] = box

    def remove(self, key) -> None:
        box = self.boxes.pop(key)
        for cell in self._cells(box):
            self.cells[cell].pop(key, None)

    def hit(self, left: float, top: float, right: float, bottom: float, ignore=None) -> bool:
        """Whether the box with these sides overlaps any placed box (but ``ignore``)."""
        c = self.CELL
        cells = self.cells
        for i in range(int(left // c), int(right // c) + 1):
            for j in range(int(top // c), int(bottom // c) + 1):
                for key, o in cells.get((i, j), {}).items():
                    if key != ignore and not (right <= o.left or o.right <= left or bottom <= o.top or o.bottom <= top):
                        return True
        return False

    def hits(self, box: Box, ignore=None) -> set:
        """Keys of the boxes ``box`` overlaps (``ignore`` left out)."""
        out = set()
        for cell in self._cells(box):
            for key, other in self.cells.get(cell, {}).items():
                if key != ignore and box.overlaps(other):
                    out.add(key)
        return out


def _first_fit(key, anchor, variants, offsets, frame: Box, taken: _Grid, gap: float, ignore=None) -> Label | None:
    # _block and Box.inside, unrolled: on a national map this loop runs tens of thousands of times
    ax, ay = anchor
    for lines in variants:
        w = max(measure(t, f, s) for t, s, f in lines)
        h = sum(s * LEADING for _t, s, _f in lines)
        for dx, dy in offsets:
            x, top = ax + dx * w, ay + dy * h
            left, right, bottom = x - w / 2 - gap, x + w / 2 + gap, top + h + gap
            if (left >= frame.left and right <= frame.right and top - gap >= frame.top and bottom <= frame.bottom
                    and not taken.hit(left, top - gap, right, bottom, ignore)):
                return Label(key, x, top, tuple(lines), Box(left, top - gap, right, bottom))
    return None


def _make_room(key, anchor, variants, spec: dict, placed: dict, frame: Box, taken: _Grid, gap: float) -> None:
    """Place ``key`` where exactly one placed label is in the way and that label fits elsewhere."""
    for lines in variants:
        for off in _OFFSETS + _BESIDE:
            box, x, top = _block(lines, anchor, off, gap)
            if not box.inside(frame):
                continue
            blocking = taken.hits(box)
            if len(blocking) != 1 or next(iter(blocking)) not in placed:  # obstacles do not move
                continue
            other = next(iter(blocking))
            taken.remove(other)
            taken.add(key, box)
            moved = _first_fit(other, *spec[other], _OFFSETS + _BESIDE, frame, taken, gap)
            if moved:
                placed[other] = moved
                taken.add(other, moved.box)
                placed[key] = Label(key, x, top, tuple(lines), box)
                return
            taken.remove(key)
            taken.add(other, placed[other].box)
