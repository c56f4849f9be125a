"""Write the figures as a sheet an editor can work in: XLSX or CSV.

One row per figure, and one row per unit with none, so every unit is there to
add figures to. XLSX gets a frozen header, adcodes as text, readable widths and
the same bytes for the same data (no clock: the workbook's dates are the
source's date, zip entries carry a fixed time). CSV is UTF-8 with a BOM, which
Excel needs to read Chinese correctly.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import unicodedata
import zipfile
from pathlib import Path

from ..errors import MapgenError
from ..records import Dataset
from ..yamlsource import gc_paused
from .headers import EXPORT_COLUMNS
from .yamledit import render_scalar

__all__ = ["figure_rows", "to_csv", "to_xlsx", "export_figures"]


def figure_rows(data: Dataset) -> list[list]:
    """The sheet's rows under the header :data:`~mapgen.sheets.headers.EXPORT_COLUMNS`."""
    rows = []
    for city in data.cities:
        code = str(city.adcode) if city.adcode is not None else ""
        if not city.figures:
            rows.append([code, city.name] + [""] * (len(EXPORT_COLUMNS) - 2))
        for f in city.figures:
            rows.append([code, city.name, f.key, f.label, f.label_en or "", f.value, f.unit, f.qualifier or "",
                         f.period or "", f.period_en or ""])
    return rows


def to_csv(data: Dataset) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in figure_rows(data):
        writer.writerow([render_scalar(v) if isinstance(v, (int, float)) else v for v in row])
    return buf.getvalue().encode("utf-8-sig")


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _stamp(data: Dataset) -> _dt.datetime:
    try:
        return _dt.datetime.fromisoformat(data.source.date)
    except ValueError:
        return _dt.datetime(2000, 1, 1)


def to_xlsx(data: Dataset) -> bytes:
    # openpyxl's write-only mode streams rows out instead of keeping a cell object for each
    # (3,000 rows of a county-level national map); layout is set before the first row.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("figures")
    rows = figure_rows(data)
    for i, name in enumerate(EXPORT_COLUMNS):
        longest = max([_width(name)] + [_width(str(r[i])) for r in rows])
        sheet.column_dimensions[chr(65 + i)].width = min(max(longest + 2, 8), 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{chr(64 + len(EXPORT_COLUMNS))}{len(rows) + 1}"
    bold = Font(bold=True)
    header = []
    for name in EXPORT_COLUMNS:
        header.append(WriteOnlyCell(sheet, value=name))
        header[-1].font = bold
    sheet.append(header)
    for row in rows:
        code = WriteOnlyCell(sheet, value=row[0])
        code.number_format = "@"  # adcodes stay text: no 3.4E+05, no lost leading zeros
        sheet.append([code, *row[1:]])
    stamp = _stamp(data)
    book.properties.creator = "mapgen"
    book.properties.created = stamp
    buf = io.BytesIO()
    book.save(buf)
    return _fix_zip(buf.getvalue(), stamp)


def _fix_zip(raw: bytes, stamp: _dt.datetime) -> bytes:
    """Same data, same bytes: openpyxl stamps the save time into core.xml and the zip entries."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + when.encode(), body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, body)
    return out.getvalue()


def export_figures(data: Dataset, out: str | Path, inputs=()) -> Path:
    """Write ``data``'s figures to ``out`` (.xlsx or .csv) atomically and return the path.

    ``inputs``: the files the data came from, never written over (a data file named d.csv).
    """
    from ..paths import confined
    from ..write import write_atomic

    suffix = Path(out).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise MapgenError(f"--out {out}: write a .xlsx or .csv file")
    with gc_paused():  # openpyxl makes an object or two per cell
        body = to_xlsx(data) if suffix == ".xlsx" else to_csv(data)
    return write_atomic(confined(out, "the output folder", parent_only=True), body, inputs=inputs)
