"""``mapgen build``: validate, render and write the page, fragment, snippet or image."""

from __future__ import annotations

import click

from ..i18n import LANGS
from ..options import FORMATS, IMAGE_FORMATS, MAX_CLASSES, SCHEMES, TILES, BuildOptions
from ..terminal import TEXT
from . import Command, DATA, OUT, echo, run


def parse_breaks(_ctx, _param, value: str | None) -> tuple[float, ...]:
    """The --breaks option (build and serve): numbers separated by commas."""
    if not value:
        return ()
    try:
        return tuple(float(v) for v in value.split(","))
    except ValueError:
        raise click.BadParameter(f"{value!r}: expected numbers separated by commas, e.g. 1e8,1e9") from None


def options(**kwargs) -> BuildOptions:
    """The one options model; its refusals are usage errors (exit 2), in its words."""
    return run(lambda: BuildOptions(**kwargs))


_VIEW = (  # what the map shows: build and serve take the same options
    click.option("--color-by", default="theme", type=TEXT, show_default=True, metavar="theme|FIGURE_KEY",
                 help="Colour cities by theme, or by the figure with this key (e.g. investment)."),
    click.option("--scheme", default="quantiles", type=TEXT, show_default=True, metavar="|".join(SCHEMES),
                 help="Classification for --color-by FIGURE_KEY (mapclassify)."),
    click.option("--classes", default=5, show_default=True, type=int, help=f"Number of classes (1 to {MAX_CLASSES})."),
    click.option("--breaks", default=None, callback=parse_breaks, metavar="N,N,...",
                 help="Upper class bounds as plain numbers, for --scheme user."),
    click.option("--tiles", default="none", type=TEXT, show_default=True, metavar="|".join(TILES),
                 help="Optional base tiles (need a network; the map is complete without them)."),
    click.option("--title", default=None, type=TEXT, help="Page title (default: page.title in the data)."),
    click.option("--lang", default="zh-Hans", type=TEXT, show_default=True, metavar="|".join(LANGS),
                 help="Language the page opens in (readers can switch in the page)."),
    click.option("--src", default="map.html", type=TEXT, show_default=True,
                 help="With --format iframe-snippet: the address of the published page."),
    click.option("--map-id", default=None, type=TEXT,
                 help="Element id of the map (default: stable, derived from the data and options)."),
    click.option("--geodata", default=None, type=click.Path(), help="A boundary file to use instead of the shipped one."),
)


def view_options(command):
    """Add the options that decide what the map shows (shared by build and serve)."""
    for option in reversed(_VIEW):
        command = option(command)
    return command


@click.command(cls=Command)
@click.option("--data", "data_path", default=DATA, show_default=True, type=click.Path(),
              help="The initiatives YAML file.")
@click.option("--out", default=None, type=click.Path(),
              help=f"The file to write [default: {OUT}, or output/map.png|svg|pdf for an image].")
@view_options
@click.option("--format", "fmt", default="page", type=TEXT, show_default=True, metavar="|".join(FORMATS),
              help="page: standalone file; fragment: markup to paste into a page; "
                   "iframe-snippet: the <iframe> code that embeds a published page; "
                   "png|svg|pdf: a static image for WeChat or print (no browser needed).")
@click.option("--width", default=1080, show_default=True, type=int,
              help="With --format png: the width in pixels (drawn at 2x; 1080 suits WeChat).")
@click.option("--unit", default=None, type=TEXT, metavar="ADCODE|NAME",
              help="With an image format: draw this unit's card (e.g. 340100, 合肥, Hefei) instead of the map.")
@click.option("--font", default=None, type=click.Path(dir_okay=False),
              help="With an image format: a house font file (.ttf/.otf) used before the shipped fonts.")
def build(data_path, out, fmt, width, unit, font, **view) -> None:
    """Validate the data and write the map page (or image) atomically."""
    from ..pipeline import publish

    chosen = options(**view, format=fmt, width=width, unit=unit, font=font)
    out = out or (f"output/map.{fmt}" if fmt in IMAGE_FORMATS else OUT)
    done = run(lambda: publish(data_path, out, chosen))
    for warning in done.warnings:
        echo(f"warning: {warning}")
    size = run(lambda: done.path.stat().st_size)
    echo(f"wrote {done.path} ({size / 1000:.0f} KB)")
    for line in done.changes:
        echo(line)
