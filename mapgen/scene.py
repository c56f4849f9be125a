"""The scene: one renderer-neutral description of one map.

The pipeline builds it once (``payload.page_data``); every output format is a
renderer of it (``mapgen.render``). It holds the units with their fills, label
anchors and texts in every language (``payload``), the geometry (``topology``),
the legend, the drawing styles of every state, the map's view and its optional
tiles. Renderers read it and never go back to the records or the options.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import HTML_LANG, KEY
from .options import TILES
from .style import LegendEntry

__all__ = ["ImageSpec", "Scene", "Tiles", "tiles", "view_options"]

MAX_ZOOM = 12


@dataclass(frozen=True)
class Tiles:
    """Optional base tiles: the URL template, Leaflet options, and the origin the CSP allows."""

    name: str
    url: str
    options: dict
    origin: str


def tiles(name: str) -> Tiles | None:
    """The tile layer called ``name`` in :data:`mapgen.options.TILES`, or ``None`` for none."""
    choice = TILES[name]
    if choice is None:
        return None
    url, attribution, origin = choice
    return Tiles(name, url, {"attribution": attribution, "maxNativeZoom": MAX_ZOOM, "maxZoom": MAX_ZOOM}, origin)


def view_options(bbox: tuple[float, float, float, float]) -> dict:
    """Leaflet map options for a region of extent ``(west, south, east, north)``.

    The page fits the region itself once it knows its size; these give the
    start, and bounds that keep the reader near the region.

    >>> view_options((114.9, 29.4, 119.6, 34.7))["center"]
    [32.05, 117.25]
    """
    w, s, e, n = bbox
    return {
        "center": [round((s + n) / 2, 5), round((w + e) / 2, 5)],
        "zoom": 7,
        "zoomSnap": 0.25,
        "zoomDelta": 0.5,
        "maxBounds": [[round(s - 10, 5), round(w - 10, 5)], [round(n + 10, 5), round(e + 10, 5)]],
        "maxBoundsViscosity": 0.8,
    }


@dataclass(frozen=True)
class ImageSpec:
    """How an image renderer draws the scene: PNG width, a unit's card instead of the map, a house font."""

    width: int = 1080
    unit: str | None = None
    font: str | None = None


@dataclass(frozen=True)
class Scene:
    """Everything a renderer receives.

    ``payload`` and ``topology`` go to the page script as JSON; the rest is what
    templates and other renderers read in the build language ``lang``.
    """

    lang: str
    map_id: str
    payload: dict
    topology: dict
    theme_colors: list[str]
    legend_colors: list[str]
    legend_no_data: list[bool]
    legend: tuple[LegendEntry, ...]
    view: dict
    tiles: Tiles | None = None
    src: str = "map.html"
    image: ImageSpec | None = None
    snapshot: dict | None = None  # mapgen.changes.snapshot of the data: the next build's change report

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]

    def t(self, text: dict | None) -> str:
        """A three-language text in the build language."""
        return "" if text is None else text[KEY[self.lang]]

    @property
    def text(self) -> dict:
        return self.payload["text"]
