"""Renderers of a scene as HTML. Pure: they return strings and write nothing.

Our templates, rendered by one Jinja environment with autoescaping, build the
page; the Leaflet map is made by a few lines of script from the scene's view
options (JSON), so building a page imports neither folium nor branca.

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

import jinja2
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..scene import Scene
from .css import scope_css
from ..jsbundle import NAMESPACE
from ..jsbundle import app_js as _app_js
from ..jsbundle import inset_js as _inset_js
from ..style import states_css
from .registry import register

__all__ = ["environment", "render_map", "render_page", "render_fragment", "render_iframe_snippet"]
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
    env.filters["payload_json"] = payload_json
    env.filters["compact_json"] = lambda value: htmlsafe_json_dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return env


def payload_json(payload: dict) -> Markup:
    """The page data as JSON text that is safe inside <script> (tojson's escaping).

    A map of a few dozen units puts one field on a line, so a changed figure changes
    its own line; a crowded map (more than ``crowd.denseUnits`` units: China's 2,851
    counties) puts one unit on a line, which keeps the page a sixth smaller while a
    change still touches only its unit's line.

    >>> print(payload_json({"cities": [{"a": 1}, {"a": "<b>"}], "crowd": {"denseUnits": 1}}))
    {"cities": [
    {"a":1},
    {"a":"\\u003cb\\u003e"}
    ], "crowd": {"denseUnits": 1}}
    """
    if len(payload.get("cities", ())) <= payload.get("crowd", {}).get("denseUnits", 60):
        return htmlsafe_json_dumps(payload, indent=1, sort_keys=True, ensure_ascii=False)

    def dumps(value, **kwargs) -> str:
        return str(htmlsafe_json_dumps(value, sort_keys=True, ensure_ascii=False, **kwargs))

    def rows(units: list) -> str:
        return "[\n" + ",\n".join(dumps(u, separators=(",", ":")) for u in units) + "\n]" if units else "[]"

    fields = (f"{dumps(key)}: {rows(value) if key in ('cities', 'neighbours') else dumps(value)}"
              for key, value in sorted(payload.items()))
    return Markup("{" + ", ".join(fields) + "}")


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
        "(function () {\n" + NAMESPACE + "if (mg.L) return;\n"
        "var define, exports, module, hadL = \"L\" in window, ns = window.leaflet;\n"
        f"{code}\n"
        "mg.L = window.L.noConflict();\nif (!hadL) delete window.L;\n"
        "if (ns === undefined) delete window.leaflet; else window.leaflet = ns;\n})();"
    )


@cache
def _css(map_id: str, inset: bool = False) -> str:
    leaflet = _asset("xstatic.pkg.leaflet", "data/leaflet.css")
    extra = "\n" + _asset("mapgen.templates", "inset.css") if inset else ""
    return scope_css(leaflet + "\n" + _asset("mapgen.templates", "app.css") + extra, f"#{map_id}")


def _colors_css(scene: Scene) -> str:
    scope = f"#{scene.map_id}"
    rules = [f"{scope} .mg-sw-{i}{{background:{c}}}" for i, c in enumerate(scene.legend_colors)]
    rules += [f"{scope} .mg-th-{i}{{background:{c}}}" for i, c in enumerate(scene.theme_colors)]
    return "\n".join(rules + [states_css(scope)])


def _init_js(scene: Scene) -> str:
    """Make the Leaflet map from the scene's view and tiles, then hand it to the page script.

    Only options and ids reach this script (validated, never record text), as JSON.
    """
    element = scene.map_id + "-map"
    lines = ["(function (L) {",
             f"if (window.mapgen.prepare) window.mapgen.prepare({json.dumps(scene.map_id)});",
             f"var map = L.map({json.dumps(element)}, {json.dumps(scene.view, sort_keys=True)});"]
    if scene.tiles is not None:
        lines.append(f"L.tileLayer({json.dumps(scene.tiles.url)}, "
                     f"{json.dumps(scene.tiles.options, sort_keys=True, ensure_ascii=False)}).addTo(map);")
    lines += [f"window.mapgen.start({json.dumps(scene.map_id)}, map);", "})(window.mapgen.L);"]
    return "\n".join(lines)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _csp(scripts: list[str], styles: list[str], tile_origin: str, connect_self: bool = False) -> str:
    """A policy that lets the page run its own inline code, by hash, and nothing else.

    Leaflet positions elements through the CSSOM (``el.style.x = ...``), which
    a policy does not block, so no ``'unsafe-inline'`` is needed for styles.
    ``connect_self`` lets a preview page ask its own server for new versions.
    """
    return "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_sha256(s) for s in scripts),
        "style-src " + " ".join(_sha256(s) for s in styles),
        "img-src data:" + (f" {tile_origin}" if tile_origin else ""),
        *(["connect-src 'self'"] if connect_self else []),
        "base-uri 'none'",
        "form-action 'none'",
    ])


def render_map(scene: Scene, mode: str = "page", hook: str | None = None) -> str:
    """Render the standalone page (``mode="page"``) or a pasteable fragment.

    ``hook``: a script the preview server adds to a page (``mapgen serve``); the
    policy then allows it by hash, and requests to the page's own origin.
    """
    template = environment().get_template("page.html" if mode == "page" else "fragment.html")
    css = _css(scene.map_id, scene.inset is not None) + "\n" + _colors_css(scene)
    leaflet_js = _leaflet_js()
    app_js = _app_js()
    inset_js = _inset_js() if scene.inset is not None else ""  # only maps of all China carry it
    init_js = _init_js(scene)
    tile_origin = scene.tiles.origin if scene.tiles is not None else ""
    return template.render(
        page=scene,
        mode=mode,
        text=scene.text,
        t=scene.t,
        csp=_csp([leaflet_js, app_js, *([inset_js] if inset_js else []), init_js, *([hook] if hook else [])],
                 [BASE_CSS, css], tile_origin,
                 connect_self=bool(hook)),
        base_css=Markup(BASE_CSS),
        css=Markup(css),
        map_html=Markup(f'<div class="mg-map" id="{scene.map_id}-map"></div>'),
        init_js=Markup(init_js),
        leaflet_js=Markup(leaflet_js),
        app_js=Markup(app_js),
        inset_js=Markup(inset_js),
        hook_js=Markup(hook or ""),
    )


@register("page")
def render_page(scene: Scene) -> str:
    """The standalone page."""
    return render_map(scene, "page")


@register("fragment")
def render_fragment(scene: Scene) -> str:
    """One root element to paste into any page; several may share a page."""
    return render_map(scene, "fragment")


@register("iframe-snippet")
def render_iframe_snippet(scene: Scene) -> str:
    """The ``<iframe>`` markup for a hosted page, with its resizing script."""
    return environment().get_template("iframe.html").render(page=scene, src=scene.src, namespace=Markup(NAMESPACE),
                                                            title=scene.t(scene.text["title"]))
