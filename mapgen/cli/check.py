"""``mapgen check``: validate the data and print a readable report."""

from __future__ import annotations

import click

from . import Command, DATA, echo, run


@click.command(cls=Command)
@click.option("--data", "data_path", default=DATA, show_default=True, type=click.Path(dir_okay=True),
              help="The initiatives YAML file.")
@click.option("--geodata", default=None, type=click.Path(), help="A boundary file to use instead of the shipped one.")
def check(data_path: str, geodata: str | None) -> None:
    """Validate the data and print a readable report (exit 1 on problems)."""
    from ..pipeline import check as run_check

    report = run(lambda: run_check(data_path, geodata))
    echo(report.summary())
