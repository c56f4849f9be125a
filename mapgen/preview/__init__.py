"""Live preview while editing: ``mapgen serve`` (issue 19).

``watch`` polls the files a map is built from; ``server`` rebuilds in-process
and serves the last good page with the problems of the current data; ``page``
is the preview renderer (the real page plus a small reload hook, allowed by
the page's content security policy); ``command`` is the click command.
"""

from .server import Preview, PreviewServer, make_server
from .watch import Watcher

__all__ = ["Preview", "PreviewServer", "Watcher", "make_server"]
