"""Read a sheet an editor made: XLSX (any number of sheets), CSV, TSV, or a table on stdin.

Workbooks are read with python-calamine (fast, no pandas). Text tables are
decoded the way Chinese Excel and WPS save them: a BOM if there is one
(UTF-8 or UTF-16), else strict UTF-8, else GB18030 (a superset of GBK).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Problem

__all__ = ["Sheet", "read_sheets", "decode_text"]

_WORKBOOK = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


@dataclass(frozen=True)
class Sheet:
    """One sheet's cells, by 0-based row and column, as the spreadsheet stored them.

    Attributes
    ----------
    name : str
        The sheet's name (for a CSV file, its stem; for standard input, ``stdin``).
    rows : list of list
        Cell values: str, float, int, bool, dates, or ``""`` for an empty cell.
    merged : tuple
        Merged ranges as ``((row0, col0), (row1, col1))``, inclusive.
    """

    name: str
    rows: list[list]
    merged: tuple = field(default=())


def decode_text(raw: bytes, file: str) -> str:
    """Decode a text table: BOM, then strict UTF-8, then GB18030.

    >>> decode_text("合肥".encode("gb18030"), "x.csv")
    '合肥'
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")  # Excel's "Unicode text" (tab-separated)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(file, None, "", "", (
            f"is neither UTF-8 nor GBK/GB18030 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it from Excel as \"CSV UTF-8\" or as an .xlsx workbook"))]) from None


def _read_text(raw: bytes, file: str, name: str, delimiter: str | None) -> list[Sheet]:
    text = decode_text(raw, file)
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = "\t" if first.count("\t") > first.count(",") else ","  # Excel pastes tabs
    if "\x00" in text:
        raise DataError([Problem(file, None, "", "", "contains NUL bytes; it is not a text table")])
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise DataError([Problem(file, None, "", "", f"is not a readable {'TSV' if delimiter == chr(9) else 'CSV'} "
                                 f"table: {exc}")]) from None
    return [Sheet(name, rows)]


def _check_unpacked(raw: bytes, file: str) -> None:
    """Refuse a workbook that unpacks to more than the sheet limit (a zip bomb), before unpacking it."""
    import zipfile

    from ..limits import SHEET_BYTES

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            unpacked = sum(max(info.file_size, 0) for info in book.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return  # not a zip (an old .xls), or a broken one: the workbook reader says what is wrong
    if unpacked > SHEET_BYTES.value:
        raise DataError([Problem(file, None, "", "", "unpacked, the workbook has " + SHEET_BYTES.describe(unpacked))])


def _read_workbook(path: Path, file: str) -> list[Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = []
        for meta in book.sheets_metadata:
            if str(meta.visible).rsplit(".", 1)[-1].lower() != "visible":
                continue  # hidden sheets hold what an editor does not mean to publish
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = tuple(sheet.merged_cell_ranges or ())
            sheets.append(Sheet(meta.name, rows, merged))
        return sheets
    except CalamineError as exc:
        raise DataError([Problem(file, None, "", "", f"cannot be read as a workbook: {exc}")]) from None
    except (OSError, ValueError) as exc:
        raise DataError([Problem(file, None, "", "", f"cannot be read as a workbook: {exc}")]) from None


def read_sheets(source: str | Path, stdin: bytes | None = None) -> list[Sheet]:
    """Read every sheet of a workbook or the one table of a CSV/TSV file.

    Parameters
    ----------
    source : str or Path
        A file, or ``"-"`` for a table pasted on standard input (tabs or commas).
    stdin : bytes, optional
        What standard input held, when ``source`` is ``"-"``.

    Raises
    ------
    DataError
        If the file is missing, unreadable, or in an encoding we cannot tell.
    """
    from ..limits import SHEET_BYTES
    from ..paths import read_input

    if str(source) == "-":
        if len(stdin or b"") > SHEET_BYTES.value:
            raise DataError([Problem("stdin", None, "", "", SHEET_BYTES.describe(len(stdin)))])
        return _read_text(stdin or b"", "stdin", "stdin", None)
    path = Path(source)
    file = str(source)

    def refuse(message: str) -> DataError:
        return DataError([Problem(file, None, "", "", message.removeprefix(f"{path}: "))])

    # a regular file within the limit only: a named pipe would hang, /dev/zero never ends
    raw = read_input(path, "an .xlsx, .csv or .tsv file", SHEET_BYTES, refuse)
    suffix = path.suffix.lower()
    if suffix in _WORKBOOK or raw[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        _check_unpacked(raw, file)
        return _read_workbook(path, file)
    return _read_text(raw, file, path.stem, "\t" if suffix in (".tsv", ".tab") else
                      "," if suffix == ".csv" else None)
