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

import base64
import hashlib
import json
from functools import cache
from importlib import resources

import folium
import jinja2
from branca.element import Element, Figure
from markupsafe import Markup

from .css import scope_css
from .jsbundle import app_js as _app_js
from .payload import PageData
from .style import states_css

__all__ = ["TILES", "build_map", "render_iframe_snippet", "environment"]
TILES = {  # name: (URL template, attribution, origin for the content security policy)
    "none": None,
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors",
            "https://tile.openstreetmap.org"),
    "carto": ("https://{s}.basemaps.cartocdn.com/light_nolabels/{z}/{x}/{y}.png",
              "© OpenStreetMap contributors © CARTO", "https://*.basemaps.cartocdn.com"),
}
BASE_CSS = "html, body { margin: 0; padding: 0; background: #fff; }"


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
    return "\n".join(rules + [states_css(scope)])


class MapgenFigure(Figure):
    """A branca Figure whose document is our template, not branca's."""

    def __init__(self, page: PageData, mode: str = "page", tile_origin: str = ""):
        super().__init__()
        self.page = page
        self.mode = mode
        self.tile_origin = tile_origin

    def render(self, **kwargs) -> str:
        # Fresh parts each time: rendering twice (a notebook shows the map, then
        # saves it) must give the same page, not the map's code twice.
        self.header, self.html, self.script = Element(), Element(), Element()
        for part in (self.header, self.html, self.script):
            part._parent = self
        (the_map,) = self._children.values()
        the_map.render(**kwargs)
        # folium's header (CDN links, a viewport that blocks pinch-zoom) is not used.
        return render_map(self.page, self.html.render(), self.script.render(), the_map.get_name(),
                          self.mode, self.tile_origin)


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
        url, attr, _ = choice
        layer = folium.TileLayer(url, attr=attr, max_zoom=12, name=tiles)
        layer.default_js, layer.default_css = [], []
        m.add_child(layer)
    MapgenFigure(page, mode, choice[2] if choice else "").add_child(m)
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


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _csp(scripts: list[str], styles: list[str], tile_origin: str) -> str:
    """A policy that lets the page run its own inline code, by hash, and nothing else.

    Leaflet positions elements through the CSSOM (``el.style.x = ...``), which
    a policy does not block, so no ``'unsafe-inline'`` is needed for styles.
    """
    return "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_sha256(s) for s in scripts),
        "style-src " + " ".join(_sha256(s) for s in styles),
        "img-src data:" + (f" {tile_origin}" if tile_origin else ""),
        "base-uri 'none'",
        "form-action 'none'",
    ])


def render_map(page: PageData, map_html: str, map_script: str, map_var: str, mode: str = "page",
               tile_origin: str = "") -> str:
    """Render the standalone page (``mode="page"``) or a pasteable fragment."""
    template = environment().get_template("page.html" if mode == "page" else "fragment.html")
    css = _css(page.map_id) + "\n" + _colors_css(page)
    leaflet_js = _leaflet_js()
    app_js = _app_js()
    # map_var is folium's name for the map, made from the validated map id: an identifier, never data.
    init_js = (f"(function (L) {{\n{map_script}\n"
               f"window.mapgen.start({json.dumps(page.map_id)}, {map_var});\n}})(window.mapgen.L);")
    return template.render(
        page=page,
        mode=mode,
        text=page.text,
        t=page.t,
        csp=_csp([leaflet_js, app_js, init_js], [BASE_CSS, css], tile_origin),
        base_css=Markup(BASE_CSS),
        css=Markup(css),
        map_html=Markup(map_html),
        init_js=Markup(init_js),
        leaflet_js=Markup(leaflet_js),
        app_js=Markup(app_js),
    )



def render_iframe_snippet(page: PageData, src: str) -> str:
    """The ``<iframe>`` markup for a hosted page, with its resizing script."""
    return environment().get_template("iframe.html").render(page=page, src=src, title=page.t(page.text["title"]))
