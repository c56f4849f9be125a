"""Which column holds what: header names editors use, as rows of a table.

A sheet's columns may come in any order, with English headers as ``mapgen
export`` writes them or Chinese ones an editor types. Adding a name is adding
it to a row of :data:`HEADERS`. The header row need not be the first: a title
row above it, and header cells merged over two rows (城市 spanning both, 指标
over 键 and 名称), are read as an editor means them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["HEADERS", "EXPORT_COLUMNS", "Header", "find_header", "header_key", "column_letter"]

# field: names accepted (compared after header_key); the first is what export writes.
HEADERS: dict[str, tuple[str, ...]] = {
    "adcode": ("adcode", "code", "代码", "行政区划代码", "区划代码", "地区代码", "城市代码", "编码"),
    "name": ("name", "unit name", "city", "region", "城市", "地区", "单位名称", "城市名称", "地区名称", "地市",
             "区县", "市"),
    "key": ("key", "figure", "指标", "键", "指标键", "指标代码", "指标key"),
    "label": ("label", "名称", "指标名称", "说明", "指标说明"),
    "label_en": ("label_en", "label en", "英文名称", "指标英文名称", "英文说明"),
    "value": ("value", "数值", "值", "数据", "数字"),
    "unit": ("unit", "单位", "计量单位"),
    "qualifier": ("qualifier", "限定", "限定词", "修饰"),
    "period": ("period", "时期", "期间", "时间"),
    "period_en": ("period_en", "period en", "英文时期", "英文期间"),
}
EXPORT_COLUMNS = tuple(names[0] for names in HEADERS.values())
REQUIRED = ("key", "value")

_DROP = re.compile(r"[\s_\-:：*()（）\[\]【】/]+")


def header_key(text: str) -> str:
    """Normalise a header cell: width, case, spaces and punctuation do not matter.

    >>> header_key("Label (EN)") == header_key("label_en")
    True
    """
    return _DROP.sub("", unicodedata.normalize("NFKC", text).casefold())


_LOOKUP = {header_key(name): field for field, names in HEADERS.items() for name in names}


def column_letter(col: int) -> str:
    """0-based column index to the spreadsheet's letters: 0 -> A, 27 -> AB."""
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass(frozen=True)
class Header:
    """The header of one sheet.

    Attributes
    ----------
    row : int
        0-based index of the header's last row; data starts below it.
    columns : dict
        field -> 0-based column.
    ignored : tuple of str
        Header cells that name no field, e.g. ``"备注 (H1)"``.
    problems : tuple of str
        Fields named twice, or required columns missing.
    """

    row: int
    columns: dict[str, int]
    ignored: tuple[str, ...]
    problems: tuple[str, ...]


def _text(cell: object) -> str:
    return cell.strip() if isinstance(cell, str) else ""


def _merged_origin(merged, r: int, c: int):
    for (r0, c0), (r1, c1) in merged:
        if r0 <= r <= r1 and c0 <= c <= c1 and (r, c) != (r0, c0):
            return r0, c0
    return None


def _row_fields(rows, merged, r: int) -> dict[int, tuple[str, str]]:
    """For row r, each column's (field or "", text), taking merged cells above into account."""
    out = {}
    for c in range(max((len(x) for x in rows[max(r - 1, 0): r + 1]), default=0)):
        lower = _text(rows[r][c]) if c < len(rows[r]) else ""
        origin = _merged_origin(merged, r, c)
        if not lower and origin is not None:
            lower = _text(rows[origin[0]][origin[1]])  # 城市 merged over two header rows
        upper = ""
        if r > 0:
            upper = _text(rows[r - 1][c]) if c < len(rows[r - 1]) else ""
            o = _merged_origin(merged, r - 1, c)
            if not upper and o is not None:
                upper = _text(rows[o[0]][o[1]])  # 指标 merged over 键 and 名称
        field = _LOOKUP.get(header_key(lower), "") if lower else ""
        if not field and lower and upper:
            field = _LOOKUP.get(header_key(upper + lower), "")
        if lower or field:
            out[c] = (field, lower)
    return out


def find_header(rows: list[list], merged=(), scan: int = 20) -> Header | None:
    """Find the header among the first ``scan`` rows; ``None`` if the sheet has none.

    The row naming the most fields wins (the first of equals). A sheet whose best
    row names fewer than two fields is not a figure sheet (a notes sheet, say).
    """
    best, best_r = None, -1
    for r in range(min(scan, len(rows))):
        found = _row_fields(rows, merged, r)
        n = len({f for f, _ in found.values() if f})
        if best is None or n > len({f for f, _ in best.values() if f}):
            best, best_r = found, r
    if best is None or len({f for f, _ in best.values() if f}) < 2:
        return None
    columns: dict[str, int] = {}
    problems, ignored = [], []
    for c, (field, text) in sorted(best.items()):
        cell = f"{column_letter(c)}{best_r + 1}"
        if not field:
            ignored.append(f"{text} ({cell})")
        elif field in columns:
            problems.append(f"{cell}: a second {field!r} column (the first is {column_letter(columns[field])}); "
                            "keep one")
        else:
            columns[field] = c
    for field in REQUIRED:
        if field not in columns:
            problems.append(f"no {field!r} column; name one of: {', '.join(HEADERS[field])}")
    if "adcode" not in columns and "name" not in columns:
        problems.append(f"no column says which unit a row is for; name one adcode ({', '.join(HEADERS['adcode'])}) "
                        f"or name ({', '.join(HEADERS['name'])})")
    return Header(best_r, columns, tuple(ignored), tuple(problems))
