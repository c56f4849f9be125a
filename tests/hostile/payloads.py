"""The hostile-input corpus: payloads, the fields they go in, and the data files built from them.

Every variant starts from the real ``data/initiatives.yaml``: it is loaded with PyYAML, one
kind of field is overwritten, and the result is dumped back as UTF-8 YAML. Three kinds of
variant are built per payload:

- ``text_variant``: the payload in every free-text field whose length limit it fits, in every
  record at once (all cities, all figures, all themes, the corrections log). These must build,
  and the page must show each value exactly as typed.
- ``refused_variant``: the payload in every field that a pattern, an enum or a type guards
  (dates, keys, units, qualifiers, colours, numbers...), in the first record of each kind.
  These must be refused, every field reported at once with ``file:line`` and its name.
- ``name_variant``: the payload as a city's name, which the join must refuse.

The text variants are checked in batches (``text_batches``): several payloads in one file, each
in the same fields as in its own ``text_variant``, so one page load checks them all.

Each free-text value is the payload behind a short tag naming its field, ``[hl]`` for a
headline: the page then shows which field each text came from, and a tag seen without its
whole payload means the text was cut or altered on its way to the page.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from mapgen.records import schema

__all__ = ["Payload", "Field", "PAYLOADS", "TEXT_FIELDS", "GUARDED_FIELDS", "CITY_NAME", "HUGE", "load_base", "dump",
           "value_of", "text_variant", "refused_variant", "name_variant", "huge_variant", "value_lines",
           "message_field", "max_length", "load", "Batch", "text_batches"]

HEADER = "# yaml-language-server: $schema=../mapgen/schema/initiatives.schema.json\n"


@dataclass(frozen=True)
class Payload:
    id: str
    text: str


PAYLOADS = [
    Payload("script", "<script>alert(1)</script>"),
    Payload("close_script", "</script><script>alert(1)</script>"),
    Payload("close_script_short", "</script><!--"),
    Payload("img_onerror", "<img src=x onerror=alert(1)>"),
    Payload("svg_onload", "<svg onload=alert(1)>"),
    Payload("svg_onload_short", "<svg onload=alert()>"),
    Payload("bold", "<b>x</b>"),
    Payload("js_url", "javascript:alert(1)"),
    Payload("template_literal", "${alert(1)}"),
    Payload("backticks", "`${alert(1)}`"),
    Payload("quotes_js", "\"';alert(1);//"),
    Payload("quotes_attr", "\" autofocus onfocus=\"alert(1)"),
    Payload("jinja_expr", "{{ 7*7 }}"),
    Payload("jinja_stmt", "{% for x in y %}"),
    Payload("format_str", "{0} {date} %s %(x)s"),
    Payload("entities", "&lt;b&gt; &amp; &#60;"),
    Payload("json_escape", "\\u003c/script\\u003e\\"),
    Payload("rtl_override", "a\u202egnp.exe\u202c"),
    Payload("zero_width", "a\u200bb\u200dc\ufeffd"),
    Payload("line_separators", "a\u2028b\u2029c"),
    Payload("emoji", "🗺️👨\u200d👩\u200d👧 ✅"),
]

# 100 KB of markup: far beyond every length limit in the schema.
HUGE = ("<script>alert(1)</script>" * 5000)[:102_400]


@dataclass(frozen=True)
class Field:
    """A field of the data file.

    ``path`` uses ``"*"`` for "every item of this list" or "every value of this mapping";
    ``lang`` is the page language that must show the field (``"zh"`` for both Chinese
    scripts, ``"en"``), or None when the page need not show it.
    """

    name: str
    path: tuple
    code: str
    lang: str | None = None


TEXT_FIELDS = [
    Field("page.title", ("page", "title"), "pt", "zh"),
    Field("page.title_en", ("page", "title_en"), "pte", "en"),
    Field("page.dek", ("page", "dek"), "pd", "zh"),
    Field("page.dek_en", ("page", "dek_en"), "pde", "en"),
    Field("source.title", ("source", "title"), "st"),
    Field("source.title_en", ("source", "title_en"), "ste"),
    Field("source.publication", ("source", "publication"), "sp", "zh"),
    Field("source.publication_en", ("source", "publication_en"), "spe", "en"),
    Field("source.supplier", ("source", "supplier"), "ss", "zh"),
    Field("source.supplier_en", ("source", "supplier_en"), "sse", "en"),
    Field("source.note", ("source", "note"), "sn", "zh"),
    Field("source.note_en", ("source", "note_en"), "sne", "en"),
    Field("themes.*.name", ("themes", "*", "name"), "tn", "zh"),
    Field("themes.*.name_en", ("themes", "*", "name_en"), "tne", "en"),
    Field("cities[].headline", ("cities", "*", "headline"), "hl", "zh"),
    Field("cities[].headline_en", ("cities", "*", "headline_en"), "hle", "en"),
    Field("cities[].summary", ("cities", "*", "summary"), "sm", "zh"),
    Field("cities[].summary_en", ("cities", "*", "summary_en"), "sme", "en"),
    Field("cities[].figures[].label", ("cities", "*", "figures", "*", "label"), "fl", "zh"),
    Field("cities[].figures[].label_en", ("cities", "*", "figures", "*", "label_en"), "fle", "en"),
    Field("cities[].figures[].period", ("cities", "*", "figures", "*", "period"), "fp", "zh"),
    Field("cities[].figures[].period_en", ("cities", "*", "figures", "*", "period_en"), "fpe", "en"),
    Field("updates[].note", ("updates", "*", "note"), "un", "zh"),
    Field("updates[].note_en", ("updates", "*", "note_en"), "une", "en"),
]

# Fields a pattern, an enum or a type guards: any payload must be refused there.
# "themes.<key>" is the key of a theme itself (the references to it are renamed too).
GUARDED_FIELDS = [
    Field("source.date", ("source", "date"), "sd"),
    Field("source.url", ("source", "url"), "su"),
    Field("themes.<key>", ("themes", "<key>"), "tk"),
    Field("themes.*.color", ("themes", "*", "color"), "tc"),
    Field("cities[].adcode", ("cities", "*", "adcode"), "ca"),
    Field("cities[].theme", ("cities", "*", "theme"), "ct"),
    Field("cities[].headline_figure", ("cities", "*", "headline_figure"), "hf"),
    Field("cities[].figures[].key", ("cities", "*", "figures", "*", "key"), "fk"),
    Field("cities[].figures[].value", ("cities", "*", "figures", "*", "value"), "fv"),
    Field("cities[].figures[].unit", ("cities", "*", "figures", "*", "unit"), "fu"),
    Field("cities[].figures[].qualifier", ("cities", "*", "figures", "*", "qualifier"), "fq"),
    Field("updates[].date", ("updates", "*", "date"), "ud"),
]

CITY_NAME = Field("cities[].name", ("cities", "*", "name"), "cn")


def load_base(path: str | Path) -> dict:
    """The real data, with one entry in the corrections log so its fields can be exercised."""
    doc = yaml.safe_load(Path(path).read_text("utf-8"))
    if not doc.get("updates"):
        doc["updates"] = [{"date": "2022-08-01", "note": "更正了一处笔误。", "note_en": "Corrected a typo."}]
    return doc


def dump(doc: dict) -> str:
    # libyaml's emitter writes the same text as PyYAML's, many times faster (the 100 KB strings),
    # except that it escapes characters beyond U+FFFF: those documents keep PyYAML's.
    dumper = yaml.SafeDumper if _beyond_bmp(doc) else getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return HEADER + yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100_000)


def load(text: str):
    """PyYAML's safe loader, with libyaml's parser when it is there."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _beyond_bmp(node) -> bool:
    if isinstance(node, str):
        return any(ord(ch) > 0xFFFF for ch in node)
    if isinstance(node, dict):
        return any(_beyond_bmp(k) or _beyond_bmp(v) for k, v in node.items())
    if isinstance(node, list):
        return any(_beyond_bmp(v) for v in node)
    return False


def value_of(field: Field, payload: Payload | str) -> str:
    """The text a field gets: its tag, then the payload exactly."""
    text = payload.text if isinstance(payload, Payload) else payload
    return f"[{field.code}]{text}"


def max_length(field: Field) -> int:
    """The field's maxLength in the schema shipped with mapgen."""
    node = schema()
    for part in field.path:
        if part == "*":
            node = node["items"] if node.get("type") == "array" else node["additionalProperties"]
        else:
            node = node["properties"][part]
    return node["maxLength"]


def _paths(doc, pattern: tuple, first_only: bool = False, prefix: tuple = ()):
    """Concrete paths matching ``pattern`` whose parent exists in ``doc``."""
    if len(pattern) == 1:
        yield prefix + pattern
        return
    head, rest = pattern[0], pattern[1:]
    node = doc[head] if head != "*" else None
    if head != "*":
        yield from _paths(node, rest, first_only, prefix + (head,))
        return
    keys = list(range(len(doc))) if isinstance(doc, list) else list(doc)
    for k in keys[:1] if first_only else keys:
        yield from _paths(doc[k], rest, first_only, prefix + (k,))


def _set(doc, path: tuple, value) -> None:
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


# Headlines and summaries cite their record's figures as {key}: there a payload holding
# such a reference is refused ("names no figure of this record"), which
# test_reference_payloads_are_refused_in_texts_that_cite_figures checks.
REFERENCE_FIELDS = ("cities[].headline", "cities[].headline_en", "cities[].summary", "cities[].summary_en")
REFERENCE = re.compile(r"\{[a-z][a-z0-9_]*(?::[a-z]+)?\}")


def fits(field: Field, value: str) -> bool:
    """Whether a text field takes ``value`` as text: within its limit, and not a figure reference."""
    return len(value) <= max_length(field) and not (field.name in REFERENCE_FIELDS and REFERENCE.search(value))


def text_variant(base: dict, payload: Payload) -> tuple[dict, list[Field]]:
    """The payload in every free-text field it fits; returns the data and those fields."""
    doc = copy.deepcopy(base)
    placed = []
    for field in TEXT_FIELDS:
        value = value_of(field, payload)
        if not fits(field, value):
            continue  # the length limit refuses it (huge_variant covers that), or it cites a figure
        for path in _paths(doc, field.path):
            _set(doc, path, value)
        placed.append(field)
    return doc, placed


def refused_variant(base: dict, text: str) -> tuple[dict, list[tuple[Field, tuple]]]:
    """``text`` in the first record of every guarded field; returns (field, concrete path) pairs."""
    doc = copy.deepcopy(base)
    placed = []
    for field in GUARDED_FIELDS:
        if field.path == ("themes", "<key>"):
            old = next(iter(doc["themes"]))
            doc["themes"] = {(text if k == old else k): v for k, v in doc["themes"].items()}
            placed.append((field, ("themes",)))
            continue
        path = next(_paths(doc, field.path, first_only=True))
        _set(doc, path, text)
        placed.append((field, path))
    return doc, placed


def name_variant(base: dict, text: str) -> dict:
    """``text`` as the name of the first city (which keeps its adcode)."""
    doc = copy.deepcopy(base)
    doc["cities"][0]["name"] = text
    return doc


def huge_variant(base: dict, fields: list[Field]) -> tuple[dict, list[tuple[Field, tuple]]]:
    """HUGE in the first occurrence of each of ``fields``; returns (field, concrete path) pairs."""
    doc = copy.deepcopy(base)
    placed = []
    for field in fields:
        path = next(_paths(doc, field.path, first_only=True))
        _set(doc, path, HUGE)
        placed.append((field, path))
    return doc, placed


def value_lines(yaml_text: str, paths: list[tuple]) -> list[int]:
    """1-based line where the value at each path starts in ``yaml_text``."""
    root = yaml.compose(yaml_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    lines = []
    for path in paths:
        node = root
        for part in path:
            if isinstance(part, int):
                node = node.value[part]
            else:
                node = next(v for k, v in node.value if k.value == part)
        lines.append(node.start_mark.line + 1)
    return lines


def message_field(path: tuple) -> tuple[str, str]:
    """How a problem names its record and field: ("city 340100", "figures[0].unit") or ("", "source.date")."""

    def dotted(parts) -> str:
        out = ""
        for p in parts:
            out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
        return out

    if path[:1] == ("cities",) and len(path) > 2:
        return "city", dotted(path[2:])
    return "", dotted(path)


# ---- batches: many payloads on one page ------------------------------------------------------

HEFEI = 340100


@dataclass
class Batch:
    """Several payloads in one data file, so one page load checks them all.

    Each payload goes in every free-text field it fits (the same fields as ``text_variant``),
    with its usual tagged value. A field holds the values of all the batch's payloads, one
    after another, in every record; where that is longer than the field's limit, the values
    are shared out over the records (themes, cities) instead, so each record holds a few whole
    values and every value is in at least one record. ``clicks`` lists the cities (other than
    Hefei) whose panel must be opened to see a value.
    """

    payloads: list[Payload]
    doc: dict
    placed: dict[str, list[Field]]  # payload id -> the fields it is in (as text_variant places them)
    slots: dict[str, list[str]]  # field name -> the distinct texts its records hold
    clicks: list[int]

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.payloads]


def _group(path: tuple) -> tuple:
    """The record a concrete path belongs to: a city, a theme, an update; () for the page and source."""
    return path[:2] if path[0] in ("cities", "themes", "updates") else ()


def _city(doc: dict, group: tuple) -> int | None:
    return doc["cities"][group[1]]["adcode"] if group[:1] == ("cities",) else None


def _layout(base: dict, payloads: list[Payload]) -> Batch | None:
    """Place ``payloads`` in a copy of ``base``; None when some value fits no record."""
    doc = copy.deepcopy(base)
    placed: dict[str, list[Field]] = {p.id: [] for p in payloads}
    slots: dict[str, list[str]] = {}
    clicks: set[int] = set()
    for field in TEXT_FIELDS:
        limit = max_length(field)
        values = []
        for p in payloads:
            value = value_of(field, p)
            if fits(field, value):  # the same rule as text_variant
                values.append(value)
                placed[p.id].append(field)
        if not values:
            continue
        # a tag must begin one of its values, whole (the browser test's check for cut text):
        # that proves nothing if one value begins another
        assert not [(a, b) for a in values for b in values if a != b and b.startswith(a)], field.name
        paths = list(_paths(doc, field.path))
        if len("".join(values)) <= limit:  # all of them, in every record
            for path in paths:
                _set(doc, path, "".join(values))
            slots[field.name] = ["".join(values)]
            continue
        groups: dict[tuple, list[tuple]] = {}
        for path in paths:
            groups.setdefault(_group(path), []).append(path)
        order = sorted(groups, key=lambda g: _city(doc, g) != HEFEI)
        texts = {g: "" for g in order}
        for value in values:
            g = next((g for g in order if len(texts[g] + value) <= limit), None)
            if g is None:
                return None
            texts[g] += value
        for g, text in texts.items():
            if not text:
                continue
            for path in groups[g]:
                _set(doc, path, text)
            if _city(doc, g) not in (None, HEFEI):
                clicks.add(_city(doc, g))
        slots[field.name] = [t for t in texts.values() if t]
    return Batch(list(payloads), doc, placed, slots, sorted(clicks))


def text_batches(base: dict, payloads: list[Payload] = PAYLOADS) -> list[Batch]:
    """All ``payloads`` in as few batches as the length limits allow (first fit, longest first)."""
    rounds: list[list[Payload]] = []
    for p in sorted(payloads, key=lambda p: -len(p.text)):
        for members in rounds:
            if _layout(base, members + [p]) is not None:
                members.append(p)
                break
        else:
            assert _layout(base, [p]) is not None, p.id
            rounds.append([p])
    order = {p.id: i for i, p in enumerate(payloads)}
    return [_layout(base, sorted(members, key=lambda p: order[p.id])) for members in rounds]
