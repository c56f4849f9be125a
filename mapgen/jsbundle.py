"""The page script: the feature files of ``templates/js/`` joined into one.

Each file is one concern (drawing, labels, search, ...) that extends the
per-map ``View`` of ``core.js``; see ``core.js`` for the pattern. They are
joined in the fixed order of :data:`ORDER` inside one wrapper, so the page
still carries one inline script with one hash in its content security policy,
and a page holding several maps defines the code once.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["ORDER", "SEPARATE", "NAMESPACE", "app_js", "inset_js"]

# The one global every map shares. A host element with id="mapgen" makes window.mapgen that
# element (named access), and a host script may have left something else there: anything
# that is not a plain object is replaced by mapgen's own namespace object.
NAMESPACE = ("var mg = window.mapgen;\n"
             "if (Object.prototype.toString.call(mg) !== \"[object Object]\") mg = window.mapgen = {};\n")

# core first (the View the others extend); start last (it runs them all).
ORDER = ("core", "topology", "detail", "i18n", "format", "draw", "labels", "legend", "list", "search", "panel", "hash", "start")
# Feature files only some pages carry, each as a script of its own after the page script.
SEPARATE = ("inset",)

_HEAD = """/* mapgen page script, joined from mapgen/templates/js/ by mapgen/jsbundle.py.
   Several maps on one page share this code and the global `mapgen` only. */
(function () {
"use strict";
""" + NAMESPACE + """if (mg.start) return;  // another map on this page already defined it
"""


def _lean(code: str) -> str:
    """The code without its whole-line ``//`` comments: the source keeps them, the page
    does not carry them (a line that starts with ``//`` is never inside an ES5 string).

    >>> _lean(chr(10).join(["var a = 1;", "  // why", "var b = 'http://x';  // kept"])).split(chr(10))
    ['var a = 1;', "var b = 'http://x';  // kept"]
    """
    return "\n".join(line for line in code.split("\n") if not line.lstrip().startswith("//"))


@cache
def app_js() -> str:
    """The joined script, the same text on every call.

    >>> app_js().count("/* ---- js/") == len(ORDER)
    True
    """
    folder = resources.files("mapgen.templates").joinpath("js")
    parts = [f"/* ---- js/{name}.js */\n" + _lean(folder.joinpath(f"{name}.js").read_text("utf-8").rstrip("\n"))
             for name in ORDER]
    return _HEAD + "\n".join(parts) + "\n})();"


@cache
def inset_js() -> str:
    """The 南海诸岛 inset's script (``js/inset.js``), a script of its own that only pages with
    an inset carry, after the page script; defined once however many maps a page holds."""
    code = resources.files("mapgen.templates").joinpath("js").joinpath("inset.js").read_text("utf-8").rstrip("\n")
    return ("(function () {\n\"use strict\";\n" + NAMESPACE
            + "if (!mg.View || mg.View.prototype.drawInset) return;\n" + code + "\n})();")
