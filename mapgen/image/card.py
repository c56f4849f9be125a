"""The card of one unit: what the page's panel shows, as a shareable image."""

from __future__ import annotations

from .canvas import INK, MUTED, Canvas
from .draw import MARGIN, draw_units
from .geometry import Projection
from .inputs import Drawing, Unit
from .layout import LEADING, Box, measure, wrap

__all__ = ["draw_card"]

LOCATOR = 150.0
FIG_BG = "#f3f3f1"


def _other_name(drawing: Drawing, unit: Unit) -> str:
    """The unit's name in the other script: English under Chinese, Chinese under English."""
    return unit.names["zh"] if drawing.lang == "en" else unit.names["en"]


def _figures(canvas: Canvas, unit: Unit, top: float) -> float:
    left, width = MARGIN, canvas.width - 2 * MARGIN
    gap = 8.0
    col_w = (width - gap) / 2
    pad = 8.0
    for row in range(0, len(unit.figures), 2):
        cells = unit.figures[row:row + 2]
        # measure both cells first: a row is as tall as its taller card
        heights = []
        for value, label, period in cells:
            h = pad + 15 * LEADING
            h += len(_lines(canvas, label, 9, col_w - 2 * pad, 3)) * 9 * LEADING
            h += len(_lines(canvas, period, 8, col_w - 2 * pad, 2)) * 8 * LEADING
            heights.append(h + pad)
        row_h = max(heights)
        for i, (value, label, period) in enumerate(cells):
            x = left + i * (col_w + gap)
            canvas.rect(x, top, col_w, row_h, FIG_BG)
            y = canvas.para(x + pad, top + pad, value, 15, col_w - 2 * pad, INK, max_lines=1)
            if label:
                y = canvas.para(x + pad, y, label, 9, col_w - 2 * pad, INK, max_lines=3)
            if period:
                canvas.para(x + pad, y, period, 8, col_w - 2 * pad, MUTED, max_lines=2)
        top += row_h + gap
    return top


def _lines(canvas: Canvas, text: str, size: float, width: float, max_lines: int) -> list[str]:
    if not text:
        return []
    font, text = canvas.fonts.pick(text)
    return wrap(text, font, size, width, max_lines)


def draw_card(drawing: Drawing, unit: Unit, canvas: Canvas) -> float:
    """Lay out the card of ``unit``; return its height in points."""
    t = drawing.texts
    width = canvas.width - 2 * MARGIN
    text_w = width - LOCATOR - 16
    # the locator map, top right: every unit in grey, this one in its colour and outlined
    minx, miny, maxx, maxy = drawing.bounds
    proj, loc_h = Projection.fit((minx, miny, maxx, maxy), LOCATOR, LOCATOR, canvas.width - MARGIN - LOCATOR, MARGIN)
    frame = Box(canvas.width - MARGIN - LOCATOR, MARGIN, canvas.width - MARGIN, MARGIN + loc_h)
    draw_units(canvas, drawing, proj, frame, highlight=unit.adcode, context=False)
    top = MARGIN
    if unit.theme:
        font, theme = canvas.fonts.pick(unit.theme)
        chip_w = min(measure(theme, font, 9.5) + 14, text_w)
        canvas.rect(MARGIN, top, chip_w, 9.5 * 1.7, unit.fill or "#f4f4f4")
        canvas.para(MARGIN + 7, top + 9.5 * 0.25, theme, 9.5, text_w - 14, INK, max_lines=1)
        top += 9.5 * 1.7 + 8
    top = canvas.para(MARGIN, top, unit.name, 24, text_w, INK, max_lines=2)
    top = canvas.para(MARGIN, top + 1, _other_name(drawing, unit), 12, text_w, MUTED, max_lines=2) + 8
    if unit.headline:
        top = canvas.para(MARGIN, top, unit.headline, 13.5, text_w, INK, max_lines=4)
    top = max(top, frame.bottom) + 12
    if not unit.theme:
        top = canvas.para(MARGIN, top, t["noRecord"], 11, width, MUTED) + 8
    if unit.summary:
        top = canvas.para(MARGIN, top, unit.summary, 10.5, width, INK, max_lines=24) + 12
    if unit.theme:
        canvas.text(MARGIN, top, t["keyFigures"], 11, INK)
        top += 11 * 1.6
        if unit.figures:
            top = _figures(canvas, unit, top) + 4
        else:
            top = canvas.para(MARGIN, top, t["noFigures"], 10, width, MUTED) + 8
    canvas.rect(MARGIN, top, width, 0.6, "#d9d9d9")
    top += 8
    for key in ("title", "source", "boundary"):
        if t[key]:
            top = canvas.para(MARGIN, top, t[key], 8, width, MUTED) + 3
    return top + MARGIN - 3
