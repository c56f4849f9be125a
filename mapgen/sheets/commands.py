"""``mapgen export``, ``mapgen import`` and ``mapgen diff``: registered in :mod:`mapgen.cli`."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import MapgenError

DATA = "data/initiatives.yaml"
_PAGES = (".html", ".htm")


def echo(text: str) -> None:
    from ..cli import echo as cli_echo  # translated, control characters escaped (a label may hold U+202E)

    cli_echo(text)


def _run(fn):
    from ..cli import _run as run  # the one place errors become exit codes

    return run(fn)


@click.command()
@click.option("--data", "data_path", default=DATA, show_default=True, type=click.Path(),
              help="The initiatives YAML file.")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="The sheet to write: figures.xlsx or figures.csv (UTF-8 with BOM, for Excel).")
def export(data_path: str, out: str) -> None:
    """Write every figure to a sheet, one row each (and a row per unit with none)."""
    if Path(out).suffix.lower() not in (".xlsx", ".csv"):
        raise click.BadParameter(f"{out!r}: give a .xlsx or .csv file name", param_hint="--out")

    def run():
        from ..paths import confined
        from ..records import load_records
        from .export import export_figures

        data = load_records(confined(data_path, "the data file"))
        return data, export_figures(data, out, inputs=(data_path,))

    data, path = _run(run)
    n = sum(len(c.figures) for c in data.cities)
    echo(f"wrote {path}: {n} figures of {len(data.cities)} units")


@click.command("import")
@click.argument("sheet", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--data", "data_path", default=DATA, show_default=True, type=click.Path(),
              help="The initiatives YAML file to update in place.")
@click.option("--dry-run", is_flag=True, help="Check the sheet and print the changes; write nothing.")
def import_(sheet: str, data_path: str, dry_run: bool) -> None:
    """Update figures in the data file from SHEET (.xlsx, .csv, .tsv; - for a table on stdin).

    Rows are matched by adcode, else by unit name. The whole sheet is checked
    first: on any problem nothing is written and every problem is listed with
    its cell. Comments and layout of the data file are kept.
    """
    from ..limits import SHEET_BYTES

    # one byte over the limit is enough to refuse it (stdin may be /dev/zero)
    stdin = click.get_binary_stream("stdin").read(SHEET_BYTES.value + 1) if sheet == "-" else None

    def run():
        from ..paths import confined
        from .update import import_figures

        source = sheet if sheet == "-" else confined(sheet, "the sheet")
        return import_figures(source, confined(data_path, "the data file"), stdin=stdin, dry_run=dry_run)

    result = _run(run)
    echo(result.summary())
    if result.written:
        echo(f"updated {data_path}; run mapgen check and mapgen build")
    elif result.changes:
        echo("dry run: nothing written")


def _snapshot(path: str) -> dict:
    from ..changes import read_page_snapshot, snapshot
    from ..paths import confined
    from ..records import load_records

    p = Path(confined(path, "the file"))
    if p.suffix.lower() in _PAGES:
        from ..limits import PAGE_BYTES
        from ..paths import read_input

        snap = read_page_snapshot(read_input(p, "a page built by mapgen", PAGE_BYTES).decode("utf-8", "replace"))
        if snap is None:
            raise MapgenError(f"{path}: carries no mapgen data snapshot (not a mapgen page, built before "
                              "pages carried one, or its snapshot was edited); compare data files instead")
        return snap
    return snapshot(load_records(p))


@click.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
def diff(old: str, new: str) -> None:
    """Print what changed from OLD to NEW: data files (.yaml) or built pages (.html), or one of each."""
    from ..changes import compare, report

    echo(report(_run(lambda: compare(_snapshot(old), _snapshot(new)))))
