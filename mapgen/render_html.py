"""Stage 5b: render the map. Pure: returns strings, writes nothing.

folium builds the Leaflet map (its options and tiles); our templates, rendered
by one Jinja environment with autoescaping, build everything around it. Record
text never passes through branca's templates: branca re-parses rendered output
as a template, so ``{{`` in a summary would be evaluated there.

Three formats share one body (``_map.html``): ``page`` (a standalone file),
``fragment`` (one root element to paste into any page; several may share a
page) and ``iframe-snippet`` (the markup that embeds a hosted page).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import folium
import jinja2
from branca.element import Element, Figure
from markupsafe import Markup

from .css import scope_css
from .payload import PageData

__all__ = ["FORMATS", "TILES", "build_map", "render_map", "render_iframe_snippet", "environment"]

FORMATS = ("page", "fragment", "iframe-snippet")
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


@cache
def _leaflet_js() -> str:
    # Leaflet ships in the pinned PyPI package XStatic-Leaflet; its header comment
    # carries the copyright notice its BSD licence asks us to keep.
    code = _asset("xstatic.pkg.leaflet", "data/leaflet.js").replace("//# sourceMappingURL=leaflet.js.map", "")
    # The attribution prefix (a link to leafletjs.com, which we switch off) is the
    # page's only absolute URL; escaped quotes inside the JS string change nothing
    # at run time and keep link scanners from flagging it.
    code = code.replace('href="https://leafletjs.com"', 'href=\\"https://leafletjs.com\\"')
    # Loaded once per page however many maps it holds, kept off the host's globals:
    # local `define`/`exports`/`module` make the UMD wrapper take its browser
    # branch even on pages with an AMD loader, and noConflict() gives the host
    # back its own window.L, if it had one.
    return (
        "(function () {\nvar mg = window.mapgen = window.mapgen || {};\nif (mg.L) return;\n"
        "var define, exports, module, hadL = \"L\" in window, ns = window.leaflet;\n"
        f"{code}\n"
        "mg.L = window.L.noConflict();\nif (!hadL) delete window.L;\n"
        "if (ns === undefined) delete window.leaflet; else window.leaflet = ns;\n})();"
    )


@cache
def _css(map_id: str) -> str:
    leaflet = _asset("xstatic.pkg.leaflet", "data/leaflet.css")
    return scope_css(leaflet + "\n" + _asset("mapgen.templates", "app.css"), f"#{map_id}")


def _colors_css(page: PageData) -> str:
    scope = f"#{page.map_id}"
    rules = [f"{scope} .mg-sw-{i}{{background:{c}}}" for i, c in enumerate(page.legend_colors)]
    rules += [f"{scope} .mg-th-{i}{{background:{c}}}" for i, c in enumerate(page.theme_colors)]
    return "\n".join(rules)


class MapgenFigure(Figure):
    """A branca Figure whose document is our template, not branca's."""

    def __init__(self, page: PageData, mode: str = "page"):
        super().__init__()
        self.page = page
        self.mode = mode

    def render(self, **kwargs) -> str:
        for child in self._children.values():
            child.render(**kwargs)
        # folium's header (CDN links, a viewport that blocks pinch-zoom) is not used.
        return render_map(self.page, self.html.render(), self.script.render(), self.mode)


def build_map(page: PageData, tiles: str = "none", mode: str = "page") -> folium.Map:
    """Build the folium Map; ``m.get_root().render()`` is the page or fragment.

    Element ids derive from the page's map id, never random, so output is stable.
    """
    (s, w), (n, e) = page.payload["bounds"]
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
    MapgenFigure(page, mode).add_child(m)
    _stable_ids(m, page.map_id)
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


def render_map(page: PageData, map_html: str, map_script: str, mode: str = "page") -> str:
    """Render the standalone page (``mode="page"``) or a pasteable fragment."""
    template = environment().get_template("page.html" if mode == "page" else "fragment.html")
    return template.render(
        page=page,
        mode=mode,
        text=page.text,
        t=page.t,
        css=Markup(_css(page.map_id) + "\n" + _colors_css(page)),
        map_html=Markup(map_html),
        map_script=Markup(map_script),
        leaflet_js=Markup(_leaflet_js()),
        app_js=Markup(_asset("mapgen.templates", "app.js")),
    )


def render_iframe_snippet(page: PageData, src: str) -> str:
    """The ``<iframe>`` markup for a hosted page, with its resizing script."""
    return environment().get_template("iframe.html").render(page=page, src=src, title=page.t(page.text["title"]))
