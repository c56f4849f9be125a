"""The 南海诸岛 inset of a national map: a framed small map in the lower right, as on the page.

The frame shows the scene's inset extent at its own scale: the map's units that reach into
it (the coasts of 广东, 广西, 海南, 台湾) in their fills, the islands as dots, the ten
dashes, and the caption. It sits in the main map's lower-right corner, below whatever of
the main map lies above it (台湾, 钓鱼岛), the map area growing downwards if need be.
"""

from __future__ import annotations

from .canvas import MUTED, Canvas
from .geometry import Projection, dots_path, lines_path, mercator, to_path
from .inputs import Drawing
from .layout import LEADING, Box, wrap

__all__ = ["inset_box", "draw_inset"]

SHARE = 0.2  # of the map's width
GAP = 6.0  # points between the inset and the main map's land, and inside the map's frame
FRAME_INK = "#595959"  # the page's inset border
CAPTION_SIZE = 7.5
CAPTION_STRIP = 2 * CAPTION_SIZE * 1.2 + 4  # below the map, so no dash runs through the caption


def inset_box(drawing: Drawing, proj: Projection, frame: Box) -> Box:
    """Where the inset goes: the lower right of ``frame``, clear of the main map's units."""
    import shapely

    west, south, east, north = drawing.inset.extent
    (x0, x1), (y0, y1) = mercator([west, east], [south, north])
    width = max(90.0, (frame.right - frame.left) * SHARE)
    height = width * (y1 - y0) / (x1 - x0) + CAPTION_STRIP
    right = frame.right - GAP
    left = right - width
    # the lowest land of the main map above the inset's columns (lon from the projection's x)
    lon_left = proj.x0 + (left - GAP - proj.left) / proj.scale
    column = shapely.box(lon_left, -90, 180, 90)
    lowest = frame.top
    for u in drawing.units:
        if u.main_geometry.is_empty or u.main_geometry.bounds[2] < lon_left:
            continue
        part = u.main_geometry.intersection(column)
        if not part.is_empty:
            lowest = max(lowest, float(proj.points(part.bounds[0], part.bounds[1])[1]))
    top = max(frame.bottom - GAP - height, min(lowest, frame.bottom) + GAP)
    return Box(left, top, right, top + height)


def draw_inset(canvas: Canvas, drawing: Drawing, box: Box) -> None:
    """Draw the inset in ``box``: one ``<g id="inset">`` in SVG."""
    inset, st = drawing.inset, drawing.states
    width, height = box.right - box.left, box.bottom - box.top
    west, south, east, north = inset.extent
    proj, _h = Projection.fit((west, south, east, north), width, height - CAPTION_STRIP, box.left, box.top)
    clip = (box.left, box.top, width, height)
    with canvas.group("inset"):
        canvas.rect(box.left, box.top, width, height, "#fbfbfa", FRAME_INK, 0.7)
        shown, land, dots, line = set(inset.units), inset.styles["land"], inset.styles["islands"], inset.styles["line"]
        for u in drawing.units:
            if u.adcode not in shown:
                continue
            style = st["normal"] if u.fill else st["noData"]
            # a unit without data keeps its no-data border, as on the page
            edge = land["color"] if u.fill else style.get("color")
            canvas.path(to_path(u.geometry, proj), u.fill or style.get("fillColor"), edge, land["weight"], None,
                        style.get("fillOpacity", 1.0), gid=f"inset-unit-{u.adcode}", clip=clip)
        canvas.path(dots_path(inset.islands, proj, dots["weight"] / 2), dots["color"], None, 0, gid="inset-islands",
                    clip=clip)
        canvas.path(lines_path(inset.lines, proj), None, line["color"], line["weight"], gid="inset-lines", clip=clip)
        with canvas.group("inset-caption"):  # bottom right, as on printed maps; a long caption wraps upwards
            font, caption = canvas.fonts.pick(inset.caption)
            lines = wrap(caption, font, CAPTION_SIZE, width - 8, max_lines=2)
            top = box.bottom - 2 - CAPTION_STRIP / 2 - len(lines) * CAPTION_SIZE * LEADING / 2
            for line in lines:
                canvas.text(box.right - 4, top, line, CAPTION_SIZE, MUTED, ha="right", font=font)
                top += CAPTION_SIZE * LEADING
        canvas.rect(box.left, box.top, width, height, None, FRAME_INK, 0.7)  # the frame over clipped outlines
