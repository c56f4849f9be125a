"""The scene: one renderer-neutral description of one map.

The pipeline builds it once (``payload.page_data``); every output format is a
renderer of it (``mapgen.render``). It holds the units with their fills, label
anchors and texts in every language (``payload``), the geometry (``topology``),
the legend, the drawing styles of every state, the map's view and its optional
tiles. Renderers read it and never go back to the records or the options.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import HTML_LANG, KEY
from .options import TILES
from .style import INSET_STYLES, LegendEntry

__all__ = ["ImageSpec", "Inset", "Scene", "Tiles", "tiles", "view_options"]

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


def view_options(bbox: tuple[float, float, float, float],
                 main: tuple[float, float, float, float] | None = None) -> dict:
    """Leaflet map options for a region of extent ``(west, south, east, north)``.

    The page fits the region's main body ``main`` (default: the whole extent; see
    :mod:`mapgen.regions.mainbody`) once it knows its size; these give the start
    there, and bounds that keep the reader near the whole region, far-flung
    islands included.

    >>> view_options((114.9, 29.4, 119.6, 34.7))["center"]
    [32.05, 117.25]
    >>> hainan = view_options((108.6, 3.8, 117.8, 20.2), main=(108.6, 18.2, 111.3, 20.2))
    >>> hainan["center"], hainan["maxBounds"]
    ([19.2, 109.95], [[-6.2, 98.6], [30.2, 127.8]])
    """
    w, s, e, n = bbox
    mw, ms, me, mn = main or bbox
    return {
        "center": [round((ms + mn) / 2, 5), round((mw + me) / 2, 5)],
        "zoom": 7,
        "zoomSnap": 0.25,
        "zoomDelta": 0.5,
        "maxBounds": [[round(s - 10, 5), round(w - 10, 5)], [round(n + 10, 5), round(e + 10, 5)]],
        "maxBoundsViscosity": 0.8,
    }


@dataclass(frozen=True)
class Inset:
    """The 南海诸岛 inset of a map of all China: a small framed map beside the main one.

    Plain numbers in WGS84 degrees, ``[lon, lat]`` like GeoJSON; a renderer projects
    them as it projects the main map (the page: Web Mercator) into a frame of the
    extent's shape, and draws, in this order: the frame, the map's units listed in
    ``units`` (taken from the scene's topology, object ``cities``, in their fills,
    clipped to the frame), the ``islands`` as dots, the ``lines`` as solid strokes,
    and the ``caption`` inside the frame.

    Attributes
    ----------
    extent : tuple of float
        ``(west, south, east, north)`` the frame shows.
    caption : dict
        The frame's caption in every language (``{"zh": "南海诸岛", ...}``).
    lines : tuple
        The ten-dash line: ten dashes, each a list of ``[lon, lat]``.
    islands : tuple
        One ``[lon, lat]`` per group of islands and reefs (one per 0.1 degree): at the
        inset's scale each is a dot.
    units : tuple of int
        Adcodes of the map's units that reach into the frame (南海's coasts).
    styles : dict
        How to stroke them, in pixels: ``land`` (borders of units with data; a unit
        without keeps the no-data border colour), ``islands`` (the dots' diameter),
        ``line`` (the dashes), each ``{"color", "weight"}`` (:data:`mapgen.style.INSET_STYLES`).
        The frame's background is the main map's (``#f3f6f9``), its border ``#595959``.
    """

    extent: tuple[float, float, float, float]
    caption: dict
    lines: tuple
    islands: tuple
    units: tuple[int, ...]
    styles: dict = field(default_factory=lambda: {k: dict(v) for k, v in INSET_STYLES.items()})

    def as_json(self) -> dict:
        """The inset as the page script receives it (``payload["inset"]``; its caption is ``text.inset``)."""
        return {"extent": list(self.extent), "lines": [list(d) for d in self.lines],
                "islands": list(self.islands), "units": list(self.units), "styles": self.styles}


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
    templates and other renderers read in the build language ``lang``. ``inset``
    (see :class:`Inset`) is set for maps of all China at any level, and is also in
    the payload as ``payload["inset"]``.
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
    inset: Inset | None = None  # a map of all China: the 南海诸岛 inset; None for any other map

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]

    def t(self, text: dict | None) -> str:
        """A three-language text in the build language."""
        return "" if text is None else text[KEY[self.lang]]

    @property
    def text(self) -> dict:
        return self.payload["text"]
