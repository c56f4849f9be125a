"""Import figures from a sheet into the data file, all or nothing.

Every row is read and matched first; every problem is collected with its
sheet and cell. Only a sheet with none is applied: the data the new text makes
is checked with :func:`mapgen.records.check_document` (the same rules as
``mapgen check``) before it replaces the data file atomically. A refused sheet
leaves the data file's bytes as they were.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, MapgenError, Problem, SheetError
from ..units import UNITS, format_zh
from ..yamlsource import gc_paused
from .headers import HEADERS, column_letter, find_header
from .match import Matcher, NoMatch
from .read import Sheet, read_sheets
from .values import CellValueError, parse_adcode, parse_qualifier, parse_text, parse_unit, parse_value
from .yamledit import FIELD_ORDER, DataText, read_data_text

__all__ = ["ImportReport", "import_figures"]

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_TEXTS = ("label_en", "period", "period_en")  # optional: an empty cell clears them


@dataclass(frozen=True)
class _Tag:
    cell: str
    unit: str


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do)."""

    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False

    def summary(self) -> str:
        lines = [*self.notes, *self.changes]
        if not self.changes:
            lines.append("no change: the data file already holds these figures")
        return "\n".join(lines)


def _fmt(fig: dict) -> str:
    try:
        return format_zh(fig["value"], fig["unit"], fig.get("qualifier"))
    except (KeyError, TypeError, ValueError):
        return f"{fig.get('value')}{fig.get('unit', '')}"


def _describe(unit: str, old: dict | None, new: dict) -> list[str]:
    key = new["key"]
    if old is None:
        return [f"{unit} {key} added: {_fmt(new)} ({new['label']})"]
    out = []
    if any(old.get(k) != new.get(k) for k in ("value", "unit", "qualifier")):
        out.append(f"{unit} {key}: {_fmt(old)} → {_fmt(new)}")
    for k in ("label", *_TEXTS):
        if old.get(k) != new.get(k):
            if new.get(k) is None:
                out.append(f"{unit} {key} {k} removed (was {old[k]})")
            else:
                out.append(f"{unit} {key} {k}: {old.get(k) or '(none)'} → {new[k]}")
    return out


class _SheetReader:
    """Reads the rows of every sheet into wanted figures, collecting problems."""

    def __init__(self, doc: DataText, file: str):
        self.doc, self.file = doc, file
        self.match = Matcher([c.values for c in doc.cities])
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.seen: dict[tuple[int, str], str] = {}
        self.wanted: list[tuple[int, int | None, dict, _Tag]] = []  # (city, figure index or None, fields, tag)

    def problem(self, ref: str, unit: str, field: str, message: str) -> None:
        where = f"{ref} ({unit})" if unit else ref
        self.problems.append(Problem(self.file, None, where, field, message))

    def sheet(self, sheet: Sheet) -> bool:
        header = find_header(sheet.rows, sheet.merged)
        if header is None:
            if any(any(c not in ("", None) for c in row) for row in sheet.rows):
                self.notes.append(f"sheet {sheet.name}: skipped, no header naming figures")
            return False
        for message in header.problems:
            self.problem(f"{sheet.name}!{header.row + 1}", "", "header", message)
        if header.ignored:
            self.notes.append(f"sheet {sheet.name}: ignored columns {', '.join(header.ignored)}")
        if not header.problems:
            for r in range(header.row + 1, len(sheet.rows)):
                self.row(sheet, r, header.columns)
        return True

    def row(self, sheet: Sheet, r: int, columns: dict[str, int]) -> None:
        cells = sheet.rows[r]

        def get(name):
            c = columns.get(name)
            return cells[c] if c is not None and c < len(cells) else ""

        def ref(name):
            return f"{sheet.name}!{column_letter(columns[name])}{r + 1}"

        figure_fields = [n for n in columns if n not in ("adcode", "name")]
        if all(get(n) in ("", None) for n in figure_fields):
            return  # an empty row, or a unit with no figures yet
        try:
            name = parse_text(get("name"))
            code = parse_adcode(get("adcode"))
            city = self.match.find(code, name)
        except (CellValueError, NoMatch) as exc:
            # the cell that names the unit: the adcode when given, else the name (a sheet may lack either column)
            col = "adcode" if "adcode" in columns and (get("adcode") not in ("", None) or "name" not in columns) \
                else "name"
            self.problem(ref(col), name[:40] if col == "adcode" and name else "", col, str(exc))
            shown = name if name is None or len(name) <= 40 else name[:37] + "..."
            self.fields({}, columns, get, ref, shown or "")  # its cells' own problems, all at once
            return
        rec = self.doc.cities[city]
        unit = rec.values.get("name", "")
        key = parse_text(get("key"))
        if key is None:
            self.problem(ref("key"), unit, "key", "the key cell is empty; say which figure the row is for "
                         "(e.g. investment), or clear the row")
            return
        figs = rec.values["figures"]
        index = next((j for j, f in enumerate(figs) if f.get("key") == key), None)
        if index is None and not _KEY.match(key):
            by_label = [j for j, f in enumerate(figs) if f.get("label") == key]
            if len(by_label) != 1:
                known = ", ".join(f.get("key", "?") for f in figs) or "none yet"
                self.problem(ref("key"), unit, "key", f"found {key[:40]!r}; expected a key of lower-case ascii "
                             f"letters, digits and _ (this unit's keys: {known})")
                return
            index, key = by_label[0], figs[by_label[0]]["key"]
        if (city, key) in self.seen:
            self.problem(ref("key"), unit, "key", f"{key} appears twice for this unit (also {self.seen[city, key]}); "
                         "keep one row")
            return
        self.seen[city, key] = ref("key")
        old = figs[index] if index is not None else {"key": key}
        want = self.fields(old, columns, get, ref, unit)
        if want is None:
            return
        if index is None:
            missing = [n for n in ("label", "value", "unit") if n not in want]
            if missing:
                self.problem(ref("key"), unit, ", ".join(missing), f"{key} is a new figure for this unit: it needs "
                             f"{' and '.join(missing)} ({'; '.join(f'{m}: ' + '/'.join(HEADERS[m][:3]) for m in missing)})")
                return
        self.wanted.append((city, index, want, _Tag(ref("key"), unit)))

    def fields(self, old: dict, columns, get, ref, unit) -> dict | None:
        want = dict(old)
        ok = True

        def read(name, parse):
            nonlocal ok
            if name not in columns:
                return None
            try:
                return parse(get(name))
            except CellValueError as exc:
                self.problem(ref(name), unit, name, str(exc))
                ok = False
                return None

        value = read("value", parse_value)
        unit_cell = read("unit", parse_unit)
        qualifier = read("qualifier", parse_qualifier)
        if value is not None:
            want["value"] = value.value
            said = value.unit
            if said and unit_cell and said != unit_cell:
                if said in ("万", "亿") and said + unit_cell in UNITS:
                    said, unit_cell = said + unit_cell, None  # 1.97万 with unit 人 is 1.97万人
                else:
                    self.problem(ref("value"), unit, "unit", f"the value says {said} but the unit cell says "
                                 f"{unit_cell}; keep one")
                    ok = False
            if said:
                want["unit"] = said
            if value.qualifier:
                if qualifier and qualifier != value.qualifier:
                    self.problem(ref("value"), unit, "qualifier", f"the value says {value.qualifier} but the "
                                 f"qualifier cell says {qualifier}; keep one")
                    ok = False
                qualifier = value.qualifier
        if unit_cell:
            want["unit"] = unit_cell
        if "qualifier" in columns or (value is not None and value.qualifier):
            if qualifier:
                want["qualifier"] = qualifier
            elif value is not None or "qualifier" in columns:
                want.pop("qualifier", None)
        label = read("label", parse_text)
        if label:
            want["label"] = label
        for name in _TEXTS:
            if name in columns:
                text = read(name, parse_text)
                if text:
                    want[name] = text
                else:
                    want.pop(name, None)
        return {k: want[k] for k in FIELD_ORDER if k in want} if ok else None


def _validate(doc: DataText, text: str, data_path: Path, spans, file: str) -> list[Problem]:
    """Check the data the new text makes with the rules of ``mapgen check``; problems at their cells.

    When the edits only swapped one-line scalars, the new text reads as the old
    document with those values changed, on the same lines: that document is
    checked without parsing the text again. Other edits (fields or figures added
    or removed) are checked by reading the new text back in full.
    """
    from ..limits import DATA_BYTES
    from ..records import check_document, load_records

    try:
        if doc.sound and not doc.structural and len(text.encode("utf-8")) <= DATA_BYTES.value:
            check_document(doc.edited_document())
            return []
        with tempfile.TemporaryDirectory(prefix="mapgen-import-") as folder:
            tmp = Path(folder) / data_path.name
            tmp.write_bytes(text.encode("utf-8"))
            data = load_records(tmp)
    except DataError as exc:
        out = []
        for p in exc.problems:
            tag = next((t for a, b, t in spans if p.line is not None and a <= p.line <= b), None)
            if tag is not None:
                out.append(Problem(file, None, f"{tag.cell} ({tag.unit})", p.field.rsplit(".", 1)[-1], p.message))
            else:
                out.append(Problem(str(data_path), p.line, p.where, p.field, "after the import: " + p.message))
        return out
    got = {(c.adcode, c.name): [f.__dict__ for f in c.figures] for c in data.cities}
    for city in doc.cities:
        want = [f.want if f.want is not None else f.values for f in city.figures] + [w for w, _ in city.new]
        have = got.get((city.values.get("adcode"), city.values.get("name")))
        if have is None or [{k: v for k, v in f.items() if v is not None} for f in have] != want:
            raise MapgenError(f"{data_path}: the updated text of {city.values.get('name')} does not read back as "
                              "intended (unusual YAML layout?); the data file was not changed. Edit it by hand.")
    return []


def import_figures(source: str | Path, data_path: str | Path, *, stdin: bytes | None = None,
                   dry_run: bool = False) -> ImportReport:
    """Update the data file in place from a sheet; see the module docstring.

    Raises
    ------
    SheetError
        With every problem of the sheet (and of the data it would make), each at its cell.
    """
    with gc_paused():  # objects for every row and field of the data, none to free until the end
        return _import(source, Path(data_path), stdin, dry_run)


def _import(source: str | Path, data_path: Path, stdin: bytes | None, dry_run: bool) -> ImportReport:
    from ..write import write_atomic

    doc = read_data_text(data_path)
    file = "stdin" if str(source) == "-" else str(source)
    reader = _SheetReader(doc, file)
    sheets = read_sheets(source, stdin)
    if not [s for s in sheets if reader.sheet(s)]:
        raise SheetError([Problem(file, None, "", "header", "no sheet has a header row naming at least a key and "
                                  "a value column (see docs/sheets.md for the names accepted)")])
    report = ImportReport(notes=list(reader.notes))
    for city, index, want, tag in reader.wanted:
        if index is None:
            doc.add_figure(city, want, tag)
            report.changes += _describe(tag.unit, None, want)
        elif want != doc.cities[city].figures[index].values:
            doc.set_figure(city, index, want, tag)
            report.changes += _describe(tag.unit, doc.cities[city].figures[index].values, want)
    text, spans = doc.apply()
    problems = list(reader.problems)
    if report.changes:
        problems += _validate(doc, text, data_path, spans, file)
    if problems:
        raise SheetError(problems)
    if report.changes and not dry_run:
        write_atomic(data_path, text, inputs=() if str(source) == "-" else (source,))
        report.written = True
    return report
