"""The preview renderer: the real page plus the reload hook, and a waiting page.

The hook (``hook.js``) is passed to the HTML renderer, which adds it to the
page and allows it by hash in the page's content security policy, with
``connect-src 'self'`` so it can ask the server for news. Nothing else in the
page differs from what ``mapgen build`` writes.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from markupsafe import Markup

from ..renderers.html import _csp, environment, render_map
from ..scene import Scene

__all__ = ["STATE_PATH", "hook_js", "render_preview", "render_waiting"]

STATE_PATH = "/_mapgen/state"


@cache
def _hook_source() -> str:
    return resources.files("mapgen.preview").joinpath("hook.js").read_text("utf-8").rstrip("\n")


def hook_js(version: str) -> str:
    """The hook script for a page of ``version`` (server-made text only: no data reaches it).

    >>> hook_js("ab12-3").endswith('({"state": "/_mapgen/state", "version": "ab12-3"});')
    True
    """
    config = json.dumps({"state": STATE_PATH, "version": version}, sort_keys=True)
    return f"{_hook_source()}({config});"


def render_preview(scene: Scene, version: str) -> str:
    """The standalone page of ``scene`` with the reload hook of ``version``."""
    return render_map(scene, "page", hook=hook_js(version))


def render_waiting(version: str) -> str:
    """A page with no map, shown until the data first builds; its hook shows the problems."""
    hook = hook_js(version)
    return environment().get_template("preview.html").render(
        csp=_csp([hook], [], "", connect_self=True), hook_js=Markup(hook))
