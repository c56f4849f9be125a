"""The map image: header, the units coloured as on the page, labels, legend, notes."""

from __future__ import annotations

from .canvas import INK, MUTED, Canvas
from .geometry import Projection, to_path
from .inputs import Drawing
from .inset import GAP, draw_inset, inset_box
from .layout import Box, measure, place_labels, wrap

__all__ = ["draw_map", "draw_units", "MARGIN"]

MARGIN = 24.0
CONTEXT_INK = "#6b6b6b"


def _points_geometry(geom, proj: Projection):
    import numpy as np
    import shapely

    return shapely.transform(geom, lambda xy: np.column_stack(proj.points(xy[:, 0], xy[:, 1])))


def draw_units(canvas: Canvas, drawing: Drawing, proj: Projection, frame: Box, highlight: int | None = None,
               context: bool = True) -> None:
    """Neighbours in grey, then the units in their page styles; ``highlight`` outlines one unit."""
    st = drawing.states
    clip = (frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top)
    if context:
        ctx = st["context"]
        for n in drawing.context:
            canvas.path(to_path(n.geometry, proj), ctx.get("fillColor"), ctx.get("color"), ctx.get("weight", 1),
                        ctx.get("dashArray"), gid=f"context-{n.adcode}", clip=clip)
    for u in drawing.units:
        style = st["normal"] if u.fill else st["noData"]
        fill = u.fill or style.get("fillColor")
        if highlight is not None and u.adcode != highlight:
            style, fill = st["context"], st["context"].get("fillColor")
        canvas.path(to_path(u.main_geometry, proj), fill, style.get("color"), style.get("weight", 1),
                    style.get("dashArray"), style.get("fillOpacity", 1.0), gid=f"unit-{u.adcode}", clip=clip)
    if highlight is not None:
        sel = st["selected"]
        u = next(u for u in drawing.units if u.adcode == highlight)
        canvas.path(to_path(u.main_geometry, proj), None, sel.get("color"), min(sel.get("weight", 2), 1.6), None,
                    gid=f"selected-{u.adcode}", clip=clip)


def _labels(canvas: Canvas, drawing: Drawing, proj: Projection, frame: Box, obstacles: tuple = ()) -> None:
    import shapely
    from shapely.ops import polylabel

    pick = canvas.fonts.pick
    items = []
    for u in sorted(drawing.units, key=lambda u: (u.geometry.area, u.adcode)):
        anchor = tuple(float(v) for v in proj.points(*u.label))
        name, fig = pick(u.short), pick(u.marker) if u.marker else None
        rich = [(name[1], 9.5, name[0])] + ([(fig[1], 8.5, fig[0])] if fig else [])
        small = [(name[1], 8.0, name[0])] + ([(fig[1], 7.0, fig[0])] if fig else [])
        variants = [rich, small, rich[:1], small[:1], [(name[1], 7.0, name[0])]]
        # a long name may fit on two lines where it does not on one (Latin only between words)
        if len(name[1]) > 4 and (" " in name[1] or not name[1].isascii()):
            half = measure(name[1], name[0], 8.0) / 2 + 8.0
            variants.append([(line, 8.0, name[0]) for line in wrap(name[1], name[0], 8.0, half, max_lines=2)])
        items.append((u.adcode, anchor, variants))
    box = shapely.box(frame.left, frame.top, frame.right, frame.bottom)
    for n in drawing.context:
        part = _points_geometry(n.geometry, proj).intersection(box)
        if part.is_empty or part.area < 400:  # too little of it in view to name
            continue
        largest = max(getattr(part, "geoms", [part]), key=lambda g: g.area)
        spot = polylabel(largest, tolerance=1.0)
        name = pick(n.name)
        items.append((-n.adcode, (spot.x, spot.y), [[(name[1], 8.5, name[0])], [(name[1], 7.0, name[0])]]))
    for label in place_labels(items, frame, obstacles) if obstacles else place_labels(items, frame):
        ink = CONTEXT_INK if label.key < 0 else INK
        top = label.box.top + 1.5
        for i, (text, size, font) in enumerate(label.lines):
            canvas.text(label.x, top, text, size, ink if i == 0 else "#333333", ha="center", font=font)
            top += size * 1.2


def _legend(canvas: Canvas, drawing: Drawing, top: float) -> float:
    left, right = MARGIN, canvas.width - MARGIN
    canvas.text(left, top, drawing.legend_title, 10.5, INK)
    top += 10.5 * 1.5
    x, row_h = left, 9.5 * 1.6
    st = drawing.states["noData"]
    for item in drawing.legend:
        font, label = canvas.fonts.pick(item.label)
        cfont, count = canvas.fonts.pick(item.count)
        w = 14 + measure(label, font, 9.5) + 4 + measure(count, cfont, 9.5) + 14
        if x > left and x + w > right:
            x, top = left, top + row_h
        if item.no_data:
            canvas.rect(x, top + 1.5, 10, 10, item.color, st.get("color"), 0.8, st.get("dashArray"))
        else:
            canvas.rect(x, top + 1.5, 10, 10, item.color, "#ffffff", 0.5)
        x += 14 + canvas.text(x + 14, top, label, 9.5, INK, font=font)
        x += 4 + canvas.text(x + 4, top, count, 9.5, MUTED, font=cfont) + 14
    return top + row_h


def draw_map(drawing: Drawing, canvas: Canvas, map_height: float = 560.0) -> float:
    """Lay the whole map image out on ``canvas``; return its height in points."""
    t = drawing.texts
    width = canvas.width - 2 * MARGIN
    top = canvas.para(MARGIN, MARGIN, t["title"], 19, width, INK, max_lines=3)
    if t["dek"]:
        top = canvas.para(MARGIN, top + 4, t["dek"], 10.5, width, MUTED, max_lines=4)
    top += 10
    minx, miny, maxx, maxy = drawing.bounds
    padx, pady = (maxx - minx) * 0.04, (maxy - miny) * 0.04
    proj, height = Projection.fit((minx - padx, miny - pady, maxx + padx, maxy + pady), width, map_height,
                                  MARGIN, top)
    frame = Box(MARGIN, top, MARGIN + width, top + height)
    inset = inset_box(drawing, proj, frame) if drawing.inset else None
    # the inset may hang below the main map's frame: the map area grows to hold it
    bottom = max(frame.bottom, inset.bottom + GAP) if inset else frame.bottom
    canvas.rect(frame.left, frame.top, width, bottom - frame.top, "#fbfbfa", "#d9d9d9", 0.6)
    draw_units(canvas, drawing, proj, frame)
    if inset:
        draw_inset(canvas, drawing, inset)
    _labels(canvas, drawing, proj, frame, (inset,) if inset else ())
    top = _legend(canvas, drawing, bottom + 12)
    top += 4
    for key in ("source", "note", "boundary"):
        if t[key]:
            top = canvas.para(MARGIN, top, t[key], 8, width, MUTED) + 3
    return top + MARGIN - 3
