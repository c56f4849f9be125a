"""Stage 1: the initiative records, loaded and validated once at the edge.

``load_records`` reads ``initiatives.yaml``, checks it against the JSON Schema
shipped with the package plus the rules a schema cannot say (themes exist,
keys are unique, numbers are finite), and returns frozen dataclasses the rest
of the pipeline trusts. Every problem is collected and raised at once.
"""

from __future__ import annotations

import datetime
import difflib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError, Problem, dotted
from .schemacheck import schema, surely_valid
from .texts import FORMS, references
from .units import amount, format_en, format_zh, parse_unit
from .yamlsource import YamlDocument, read_yaml

__all__ = ["Figure", "City", "Theme", "Source", "Page", "Update", "Region", "Dataset", "load_records", "check_document",
           "schema"]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: float
    unit: str
    qualifier: str | None = None
    period: str | None = None
    label_en: str | None = None
    period_en: str | None = None

    @property
    def amount(self) -> float:
        """The plain number (480.4 亿元 -> 48,040,000,000)."""
        return amount(self.value, self.unit)

    @property
    def text_zh(self) -> str:
        return format_zh(self.value, self.unit, self.qualifier)

    @property
    def text_en(self) -> str:
        return format_en(self.value, self.unit, self.qualifier)


@dataclass(frozen=True)
class City:
    name: str
    theme: str
    headline: str
    headline_en: str
    summary: str
    summary_en: str
    figures: tuple[Figure, ...]
    adcode: int | None = None
    headline_figure: str | None = None
    line: int | None = None  # where the record starts, for messages

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    def text(self, field: str, lang: str = "zh") -> str:
        """A text field with its figure references filled in (``lang`` zh or en)."""
        from .texts import fill

        return fill(getattr(self, field), {f.key: f for f in self.figures}, lang)

    def label(self) -> str:
        """How messages name this record."""
        return f"city {self.adcode} ({self.name})" if self.adcode else f"city {self.name!r}"


@dataclass(frozen=True)
class Theme:
    key: str
    name: str
    name_en: str
    color: str | None = None


@dataclass(frozen=True)
class Source:
    title: str
    publication: str
    date: str
    supplier: str
    note: str
    title_en: str | None = None
    publication_en: str | None = None
    supplier_en: str | None = None
    note_en: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Page:
    title: str
    dek: str
    title_en: str | None = None
    dek_en: str | None = None
    font: str | None = None  # a house font for images, relative to the data file
    font_line: int | None = field(default=None, compare=False)  # where ``font`` is written, for messages


@dataclass(frozen=True)
class Update:
    date: str
    note: str
    note_en: str | None = None


@dataclass(frozen=True)
class Region:
    """The region a map shows and the level of its units."""

    level: str = "city"
    name: str | None = None
    adcode: int | None = None


@dataclass(frozen=True)
class Dataset:
    source: Source
    page: Page
    themes: tuple[Theme, ...]
    cities: tuple[City, ...]
    updates: tuple[Update, ...] = ()
    path: str = field(default="", compare=False)
    region: Region = Region()

    def figure_keys(self) -> list[str]:
        return sorted({f.key for c in self.cities for f in c.figures})


def load_records(path: str | Path) -> Dataset:
    """Load and validate an initiatives file.

    Parameters
    ----------
    path : str or Path
        The YAML file.

    Returns
    -------
    Dataset

    Raises
    ------
    DataError
        With every problem found, each located by file:line, record and field.
    """
    return check_document(read_yaml(path))


def check_document(doc: YamlDocument) -> Dataset:
    """What :func:`load_records` does once the file is parsed (the import checks its edits so)."""
    from .limits import RECORDS

    cities = doc.data.get("cities") if isinstance(doc.data, dict) else None
    if isinstance(cities, list) and len(cities) > RECORDS.value:
        raise DataError([Problem(doc.file, doc.line(("cities",)), "", "cities", RECORDS.describe(len(cities)))])
    located = _schema_problems(doc)
    problems = [p for _, p in located] + _rule_problems(doc, {path for path, _ in located})
    if problems:
        # one schema error per missing field says the same sentence: keep each once
        raise DataError(sorted(dict.fromkeys(problems), key=lambda p: (p.line or 0, p.field)))
    return _build(doc)


def _where(doc: YamlDocument, path: tuple) -> str:
    if len(path) >= 2 and path[0] == "cities" and isinstance(path[1], int):
        rec = doc.data["cities"][path[1]]
        if isinstance(rec, dict):
            name, code = rec.get("name"), rec.get("adcode")
            if isinstance(name, str) and len(name) > 40:
                name = name[:37] + "..."  # the message stays readable when the name is the problem
            if code is not None:
                return f"city {code} ({name})" if isinstance(name, str) else f"city {code}"
            if isinstance(name, str):
                return f"city {name!r}"
        return f"cities[{path[1]}]"
    return ""


def _field(path: tuple) -> str:
    """The field within its record (``figures[2].value``), or the whole path outside a record."""
    return dotted(path[2:] if path[:1] == ("cities",) and len(path) >= 2 else path)


def _found(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, (dict, list)) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


_TYPE_NAMES = {"string": "text", "number": "a number", "integer": "a whole number",
               "object": "a mapping (key: value lines)", "array": "a list (lines starting with -)"}


# What the schema's patterns mean, for editors. They match in full: "(?!\\n)$" because
# JSON Schema's pattern is a search, and "$" also matches before a final newline.
_PATTERNS = {
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}(?!\\n)$": "a date written YYYY-MM-DD in ASCII digits, e.g. 2022-07-27",
    "^#[0-9a-fA-F]{6}(?!\\n)$": "a colour written #rrggbb, e.g. #1b9e77 (nothing before or after it)",
    "^[a-z][a-z0-9_]{0,39}(?!\\n)$": "a key of lower-case ascii letters, digits and _ (at most 40, "
                                      "starting with a letter, nothing after it)",
}


def _schema_problems(doc: YamlDocument) -> list[tuple[tuple, Problem]]:
    if surely_valid(doc.data):  # the compiled schema passes it: the walk would find nothing
        return []
    from jsonschema import Draft202012Validator  # only needed while checking (0.3 s to import)

    validator = Draft202012Validator(schema())
    problems = []
    for err in validator.iter_errors(doc.data):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties":
            extra = sorted(k for k in err.instance if k not in err.schema.get("properties", {}))
            path += (extra[0],)
        problems.append((path, Problem(doc.file, doc.line(path), _where(doc, path), _field(path), _say(err))))
    return problems


_NUMBER_WITH_UNIT = re.compile(r"\s*([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*(余|多)?\s*([^\s0-9]{1,8})\s*")


def _number_fix(err) -> str:
    """'480.4亿' in value: spell out the fix (the number in value, the rest in unit)."""
    path, inst = tuple(err.absolute_path), err.instance
    m = _NUMBER_WITH_UNIT.fullmatch(inst) if path[-1:] == ("value",) and isinstance(inst, str) else None
    if not m:
        return ""
    import unicodedata

    number = unicodedata.normalize("NFKC", m.group(1))
    unit = m.group(3)
    if unit in ("亿", "万"):  # 480.4亿 of a figure in 元 is most often 亿元
        unit += "元"
    more = "; and qualifier: more_than" if m.group(2) else ""
    return f"; write value: {number} and unit: {unit}{more} (the unit holds 万/亿)"


def _say(err) -> str:
    v, kind, inst = err.validator_value, err.validator, err.instance
    if kind == "type":
        want = _TYPE_NAMES.get(v, v) if isinstance(v, str) else " or ".join(_TYPE_NAMES.get(t, t) for t in v)
        found = "nothing" if inst is None else f"{type(inst).__name__.replace('str', 'text')} {_found(inst)}"
        return f"expected {want}, found {found}" + _number_fix(err)
    if kind == "required":
        missing = [k for k in v if k not in inst]
        return f"missing field {missing[0]!r}" + (f" (also {', '.join(map(repr, missing[1:]))})" if missing[1:] else "")
    if kind == "additionalProperties":
        extra = sorted(k for k in inst if k not in err.schema.get("properties", {}))
        known = sorted(err.schema.get("properties", {}))
        close = difflib.get_close_matches(extra[0], known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return f"unknown field {', '.join(map(repr, extra))}; {hint}expected one of: {', '.join(known)}"
    if kind == "enum":
        return f"found {_found(inst)}, expected one of: {', '.join(map(str, v))}"
    if kind in ("minLength", "pattern") and isinstance(inst, str) and not inst.strip():
        return "is empty; write the text or remove the field"
    if kind == "maxLength":
        return f"text is {len(inst)} characters long; at most {v} allowed"
    if kind == "minimum":
        return f"found {_found(inst)}; expected a number of at least {v}"
    if kind == "maximum":
        return f"found {_found(inst)}; expected at most {v}"
    if kind == "pattern":
        return f"found {_found(inst)}; expected {err.schema.get('x-hint') or _PATTERNS.get(v, f'text matching {v}')}"
    if kind in ("maxItems", "maxProperties"):
        return f"has {len(inst)} entries; at most {v} allowed"
    if kind in ("minItems", "minProperties"):
        return f"has {len(inst)} entries; at least {v} needed"
    if kind == "propertyNames":
        return f"key {_found(inst)} is not a valid key: use lower-case ascii letters, digits and _"
    return err.message


# Texts that may cite the record's figures as {key}.
_TEXT_FIELDS = ("headline", "headline_en", "summary", "summary_en")


def _rule_problems(doc: YamlDocument, broken: set[tuple]) -> list[Problem]:
    """Rules a schema cannot express, on the parts the schema found sound."""
    data = doc.data
    problems: list[Problem] = []
    if any(p in ((), ("cities",)) or p[:1] == ("themes",) for p in broken):
        return problems  # the file's shape is wrong: its rules cannot be judged yet

    def add(path: tuple, message: str) -> None:
        problems.append(Problem(doc.file, doc.line(path), _where(doc, path), _field(path), message))

    def sound(path: tuple) -> bool:  # the schema found nothing wrong at or below this path
        return not any(b[:len(path)] == path for b in broken)

    for path in _date_paths(data):
        value = data[path[0]][path[1]] if len(path) == 2 else data[path[0]][path[1]][path[2]]
        if path not in broken and isinstance(value, str):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                add(path, f"found {_found(value)}, which is not a date on the calendar; "
                          "write a real date as YYYY-MM-DD, e.g. 2022-07-27")
    themes = data["themes"]
    seen_codes: dict[int, int] = {}
    # Every rule is judged on whatever parts of a record are sound, so a record with
    # several mistakes reports all of them at once.
    for i, rec in enumerate(data["cities"]):
        base = ("cities", i)
        if not isinstance(rec, dict):
            continue
        if sound(base + ("theme",)) and isinstance(rec.get("theme"), str) and rec["theme"] not in themes:
            add(base + ("theme",), f"unknown theme {rec['theme']!r}; expected one of: {', '.join(sorted(themes))}")
        code = rec.get("adcode")
        if sound(base + ("adcode",)) and code is not None:
            if code in seen_codes:
                add(base + ("adcode",), f"duplicate city: adcode {code} is also used by the record on line "
                    f"{doc.line(('cities', seen_codes[code]))}; keep one record per city")
            else:
                seen_codes[code] = i
        keys: dict[str, int] = {}
        figures = rec.get("figures") if isinstance(rec.get("figures"), list) else []
        for j, fig in enumerate(figures):
            fpath = base + ("figures", j)
            if not isinstance(fig, dict):
                continue
            if isinstance(fig.get("key"), str):
                if fig["key"] in keys:
                    add(fpath + ("key",), f"duplicate figure key {fig['key']!r} (also figures[{keys[fig['key']]}])")
                keys.setdefault(fig["key"], j)
            value = fig.get("value")
            if not sound(fpath + ("value",)) or not isinstance(value, (int, float)) or isinstance(value, bool):
                continue
            if isinstance(value, float) and not math.isfinite(value):
                add(fpath + ("value",), f"found {value}; expected a finite number as printed in the source")
            elif value > 1e12:
                add(fpath + ("value",), f"found {value}; that is not a plausible figure (use the unit 万 or 亿)")
            elif (sound(fpath + ("unit",)) and isinstance(fig.get("unit"), str)  # a missing unit breaks fpath itself
                  and parse_unit(fig["unit"]).whole and value != int(value)):
                add(fpath + ("value",), f"found {value}; a count of {fig['unit']} must be a whole number")
        for name in _TEXT_FIELDS:
            text = rec.get(name)
            if not isinstance(text, str):
                continue
            for key, form in references(text):
                if key not in keys:
                    close = difflib.get_close_matches(key, list(keys), n=1)
                    hint = f"did you mean {{{close[0]}}}? " if close else ""
                    add(base + (name,), f"{{{key}}} names no figure of this record; {hint}its figure keys: "
                        f"{', '.join(keys) or 'none'}")
                elif form not in FORMS:
                    add(base + (name,), f"{{{key}:{form}}}: write {{{key}}} for the figure or "
                        f"{{{key}:number}} for its number alone")
        head = rec.get("headline_figure")
        if head is not None and head not in keys:
            add(base + ("headline_figure",), f"found {head!r}, which is not one of this city's figure keys"
                f" ({', '.join(keys) or 'it has none'})")
    return problems


def _date_paths(data: dict) -> list[tuple]:
    """Where dates are: source.date and updates[i].date (those present)."""
    paths = []
    if isinstance(data.get("source"), dict) and "date" in data["source"]:
        paths.append(("source", "date"))
    updates = data.get("updates")
    if isinstance(updates, list):
        paths += [("updates", i, "date") for i, u in enumerate(updates) if isinstance(u, dict) and "date" in u]
    return paths


def _build(doc: YamlDocument) -> Dataset:
    d = doc.data
    themes = tuple(Theme(key=k, **v) for k, v in d["themes"].items())
    cities = []
    for i, rec in enumerate(d["cities"]):
        # -0.0 is 0 as printed (+ 0 makes it so): the page and JSON never show "-0"
        figures = tuple(Figure(**{**f, "value": f["value"] + 0}) for f in rec["figures"])
        fields = {k: v for k, v in rec.items() if k != "figures"}
        cities.append(City(**fields, figures=figures, line=doc.line(("cities", i))))
    cities.sort(key=lambda c: (c.adcode is None, c.adcode or 0, c.name))
    return Dataset(
        source=Source(**d["source"]),
        page=Page(**d["page"], font_line=doc.line(("page", "font")) if "font" in d["page"] else None),
        themes=themes,
        cities=tuple(cities),
        updates=tuple(Update(**u) for u in d.get("updates") or ()),
        path=doc.file,
        region=Region(**d["region"]) if "region" in d else Region(),
    )
