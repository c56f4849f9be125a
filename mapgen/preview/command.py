"""``mapgen serve``: preview the map while editing the data (issue 19).

Binds first (a port in use fails at once), builds, prints the address, then
serves until Ctrl-C while a watcher rebuilds on every saved change. Exit 0 on
Ctrl-C or SIGTERM, 1 for a missing file or an unusable address, 2 for usage.
"""

from __future__ import annotations

import errno
import math
import os
import signal
import sys
import threading

import click

from ..cli import echo, run
from ..cli.build import options as build_options, view_options
from ..errors import MapgenError
from ..options import FORMATS
from ..terminal import TEXT

__all__ = ["serve_command"]

DATA = "data/initiatives.yaml"
OUT = "output/map.html"


def _fail(message: str) -> None:
    echo(f"error: {message}", err=True)
    sys.exit(1)


def _finite(_ctx, _param, value: float) -> float:
    if not math.isfinite(value):  # FloatRange lets nan through; a nan interval polls without pause
        raise click.BadParameter(f"{value}: give a number of seconds from 0.01 to 10")
    return value


def _host(_ctx, _param, value: str) -> str:
    # a NUL, a space or a control character reaches the resolver as a TypeError, not an OSError
    if not value or len(value) > 253 or any(ch.isspace() or not ch.isprintable() for ch in value):
        raise click.BadParameter(f"{value!r}: give an address such as 127.0.0.1, ::1 or localhost "
                                 "(0.0.0.0 for every address of this computer)")
    return value


def _check_files(data_path: str, geodata: str | None, out: str | None) -> None:
    """Refuse, before serving, what every build would refuse: the same checks as mapgen build."""
    from ..limits import BOUNDARY_BYTES, DATA_BYTES
    from ..paths import check_input, confined
    from ..write import check_output

    for path, what, hint, limit in (
            (data_path, "data file", "give --data FILE, or create one with mapgen init", DATA_BYTES),
            (geodata, "boundary file", "give --geodata FILE, or leave it out", BOUNDARY_BYTES)):
        if path is None:
            continue
        if not os.path.lexists(path):
            _fail(f"{path}: no such {what}; {hint}")

        def refuse(message: str, hint=hint) -> MapgenError:
            return MapgenError(f"{message}; {hint}")

        run(lambda path=path, what=what, limit=limit, refuse=refuse: check_input(
            confined(path, f"the {what}"), f"a {what}", limit, refuse))
    if out is not None:  # --write: never over an input, a folder or a device
        run(lambda: check_output(confined(out, "the output folder", parent_only=True), (data_path, geodata)))


def _stop(_signum, _frame) -> None:
    raise KeyboardInterrupt  # SIGTERM (docker stop, a test) ends the server as Ctrl-C does


@click.command("serve")
@click.option("--data", "data_path", default=DATA, show_default=True, type=click.Path(),
              help="The initiatives YAML file.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to serve on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True, type=TEXT, callback=_host,
              help="Address to serve on. Only this computer can see 127.0.0.1; another address shows "
                   "the preview to your network.")
@click.option("--write", is_flag=True, help="Also write --out, as mapgen build does, after every good change.")
@click.option("--out", default=OUT, show_default=True, type=click.Path(), help="The HTML file --write updates.")
@click.option("--interval", default=0.1, show_default=True, type=click.FloatRange(0.01, 10), callback=_finite,
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
    _check_files(data_path, geodata, out if write else None)
    preview = Preview(data_path, options, out if write else None, report=echo)
    try:
        server = make_server(preview, host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            _fail(f"port {port} is already in use (another mapgen serve?); choose another with --port, "
                  "or --port 0 for any free port")
        _fail(f"cannot serve on {host}:{port}: {exc.strerror or exc}")
    except (ValueError, OverflowError) as exc:  # a host name no resolver takes: a 64-letter label
        _fail(f"cannot serve on {host}:{port}: {exc}")
    if threading.current_thread() is threading.main_thread():  # signals reach only the main thread
        signal.signal(signal.SIGTERM, _stop)
    watcher = None
    try:
        preview.rebuild()
        watcher = Watcher(preview.inputs, preview.rebuild, interval=interval).start()
        if not server.local:
            echo(f"warning: serving on {host}: other computers on your network can see the preview", err=True)
        echo(f"serving {server.url}  (watching {', '.join(map(str, preview.inputs()))}; Ctrl-C to stop)")
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        if watcher is not None:
            watcher.stop()
        preview.close()
        server.server_close()
    echo("stopped")
