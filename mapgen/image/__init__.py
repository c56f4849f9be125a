"""Static images of the map (and a card per unit) as PNG, SVG or PDF, with no browser.

>>> from mapgen.pipeline import scene, BuildOptions              # doctest: +SKIP
>>> png = render_image(scene("data/initiatives.yaml", BuildOptions()), "png")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from ..errors import MapgenError
from .canvas import FORMATS, Canvas

__all__ = ["render_image", "FORMATS"]


def render_image(page, fmt: str, width: int = 1080, unit=None, font: str | Path | None = None) -> bytes:
    """Draw the map (or, with ``unit``, that unit's card) and return the file's bytes.

    Parameters
    ----------
    page : mapgen.scene.Scene
        What the pipeline built for the page (see :func:`mapgen.image.inputs.from_scene`).
    fmt : str
        ``"png"``, ``"svg"`` or ``"pdf"``.
    width : int
        PNG width in pixels (default 1080, WeChat's article width, drawn at 2x);
        SVG and PDF are 540 pt wide vectors whatever it is.
    unit : int or str, optional
        An adcode or a unit name in any form: draw that unit's card instead of the map.
    font : str or pathlib.Path, optional
        A house font file (.ttf/.otf) tried before the shipped Noto-derived faces.

    Raises
    ------
    MapgenError
        Unknown format or unit, a width out of range, or an unreadable font.
    """
    from .fonts import load_fonts
    from .inputs import find_unit, from_scene

    if fmt not in FORMATS:
        raise MapgenError(f"unknown image format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    if not isinstance(width, int) or isinstance(width, bool) or not 200 <= width <= 6000:
        raise MapgenError(f"--width {width!r}: give a whole number of pixels from 200 to 6000")
    fonts = load_fonts(page.lang, font)
    drawing = from_scene(page)
    canvas = Canvas(fonts)
    if unit is not None:
        from .card import draw_card

        height = draw_card(drawing, find_unit(drawing, unit), canvas)
    else:
        from .draw import draw_map

        height = draw_map(drawing, canvas)
    return canvas.save(height, fmt, width)
