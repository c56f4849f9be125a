"""``mapgen serve``: preview the map while editing the data (issue 19).

Binds first (a port in use fails at once), builds, prints the address, then
serves until Ctrl-C while a watcher rebuilds on every saved change. Exit 0 on
Ctrl-C or SIGTERM, 1 for a missing file or an unusable address, 2 for usage.
"""

from __future__ import annotations

import errno
import signal
import sys
import threading
from pathlib import Path

import click

from ..cli.build import options as build_options, view_options
from ..options import FORMATS

__all__ = ["serve_command"]

DATA = "data/initiatives.yaml"
OUT = "output/map.html"


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def _stop(_signum, _frame) -> None:
    raise KeyboardInterrupt  # SIGTERM (docker stop, a test) ends the server as Ctrl-C does


@click.command("serve")
@click.option("--data", "data_path", default=DATA, show_default=True, type=click.Path(),
              help="The initiatives YAML file.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to serve on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on. Only this computer can see 127.0.0.1; another address shows "
                   "the preview to your network.")
@click.option("--write", is_flag=True, help="Also write --out, as mapgen build does, after every good change.")
@click.option("--out", default=OUT, show_default=True, type=click.Path(), help="The HTML file --write updates.")
@click.option("--interval", default=0.1, show_default=True, type=click.FloatRange(0.01, 10),
              help="Seconds between checks of the files for changes.")
@view_options
@click.option("--format", "fmt", default="page", show_default=True, metavar="|".join(FORMATS),
              help="What --write writes (the preview always shows the page).")
def serve_command(data_path, port, host, write, out, interval, fmt, **view) -> None:
    """Preview the map in a browser; it updates on every save of the data.

    \b
    Serves http://127.0.0.1:8000/ and rebuilds when the data file (or the
    --geodata file) changes; the open page updates itself and keeps the
    selected city, the language and the view. A broken edit shows its
    problems over the last good map. Writes nothing unless --write.
    """
    from .server import Preview, make_server
    from .watch import Watcher

    options = build_options(**view, format=fmt)
    geodata = view["geodata"]
    for path, what, hint in ((data_path, "data file", "give --data FILE, or create one with mapgen init"),
                             (geodata, "boundary file", "give --geodata FILE, or leave it out")):
        if path is not None and not Path(path).is_file():
            _fail(f"{path}: {'is not a file' if Path(path).exists() else 'no such ' + what}; {hint}")
    preview = Preview(data_path, options, out if write else None, report=click.echo)
    try:
        server = make_server(preview, host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            _fail(f"port {port} is already in use (another mapgen serve?); choose another with --port, "
                  "or --port 0 for any free port")
        _fail(f"cannot serve on {host}:{port}: {exc.strerror or exc}")
    if threading.current_thread() is threading.main_thread():  # signals reach only the main thread
        signal.signal(signal.SIGTERM, _stop)
    watcher = None
    try:
        preview.rebuild()
        watcher = Watcher(preview.inputs, preview.rebuild, interval=interval).start()
        if not server.local:
            click.echo(f"warning: serving on {host}: other computers on your network can see the preview", err=True)
        click.echo(f"serving {server.url}  (watching {', '.join(map(str, preview.inputs()))}; Ctrl-C to stop)")
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        if watcher is not None:
            watcher.stop()
        preview.close()
        server.server_close()
    click.echo("stopped")
