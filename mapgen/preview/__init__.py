"""Live preview while editing: ``mapgen serve`` (issue 19).

``watch`` polls the files a map is built from; ``server`` rebuilds in-process
and serves the last good page with the problems of the current data; ``page``
is the preview renderer (the real page plus a small reload hook, allowed by
the page's content security policy); ``command`` is the click command.
"""

from importlib import import_module

__all__ = ["Preview", "PreviewServer", "Watcher", "make_server"]
_HOME = {"Preview": "server", "PreviewServer": "server", "make_server": "server", "Watcher": "watch"}


def __getattr__(name: str):
    # Imported when first asked for: every CLI start registers `mapgen serve`, and the
    # server (http.server, the page renderer) is not needed to build a map.
    if name in _HOME:
        return getattr(import_module(f".{_HOME[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
