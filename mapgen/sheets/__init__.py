"""Figures to and from spreadsheets: ``mapgen export`` and ``mapgen import``.

Stages: :mod:`.read` (workbook or text table) -> :mod:`.headers` (which column
is what) -> :mod:`.values` (what editors type) -> :mod:`.match` (which unit)
-> :mod:`.update` (check all, then edit the data file through :mod:`.yamledit`).
:mod:`.export` writes the sheet. Submodules load on first use, so the CLI
starts without openpyxl or calamine.
"""

from __future__ import annotations

__all__ = ["ImportReport", "export_figures", "import_figures"]


def __getattr__(name: str):
    if name == "export_figures":
        from .export import export_figures

        return export_figures
    if name in ("ImportReport", "import_figures"):
        from . import update

        return getattr(update, name)
    raise AttributeError(name)
