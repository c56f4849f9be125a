"""What changed between two versions of the data, in words an editor reads.

Each built page carries a compact :func:`snapshot` of the data it shows (in a
``<script type="application/json" data-mapgen-snapshot>`` block), so the next
build can say what it changes: figures, units, labels, themes and texts,
added, removed or changed, or "no change". Long texts are kept as short
hashes: a changed summary is named without the page carrying it twice.

>>> old = {"v": 1, "units": {"340100": {"name": "合肥市", "figures": {
...     "investment": {"value": 480.4, "unit": "亿元"}}}}}
>>> new = {"v": 1, "units": {"340100": {"name": "合肥市", "figures": {
...     "investment": {"value": 512.6, "unit": "亿元"}}}}}
>>> print(report(compare(old, new)))
合肥市 investment: 480.4亿元 → 512.6亿元
>>> print(report(compare(old, old)))
no change
"""

from __future__ import annotations

import hashlib
import html as _html
import json
import math
import re
from dataclasses import dataclass
from decimal import InvalidOperation

from .records import Dataset
from .units import format_zh

__all__ = ["Change", "snapshot", "compare", "report", "read_page_snapshot", "read_snapshot_file",
           "change_lines", "VERSION"]

VERSION = 1
_PAGE_TEXTS = ("title", "title_en", "dek", "dek_en")
_SOURCE_TEXTS = ("title", "title_en", "publication", "publication_en", "date", "supplier", "supplier_en", "note",
                 "note_en", "url")
_UNIT_TEXTS = ("headline", "headline_en", "summary", "summary_en")


def _h(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _prune(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


def snapshot(data: Dataset) -> dict:
    """A compact, canonical, JSON-able description of ``data`` to compare later.

    Units are keyed by adcode (or ``name:`` and the name when there is none);
    figures keep key, value, unit, qualifier, label and period; long texts are
    8-hex-digit hashes.
    """
    units = {}
    for c in data.cities:
        figures = {f.key: _prune({"value": f.value, "unit": f.unit, "qualifier": f.qualifier, "label": f.label,
                                  "period": f.period, "label_en": _h(f.label_en), "period_en": _h(f.period_en)})
                   for f in c.figures}
        units[str(c.adcode) if c.adcode is not None else f"name:{c.name}"] = _prune({
            "name": c.name, "theme": c.theme, "marker": c.headline_figure,
            "texts": _prune({k: _h(getattr(c, k)) for k in _UNIT_TEXTS}), "figures": figures})
    return {
        "v": VERSION,
        "texts": _prune({**{f"page {k}": _h(getattr(data.page, k)) for k in _PAGE_TEXTS},
                         **{f"source {k}": _h(getattr(data.source, k)) for k in _SOURCE_TEXTS}}),
        "themes": {t.key: _prune({"name": t.name, "name_en": t.name_en, "color": t.color}) for t in data.themes},
        "updates": [_h("\n".join([u.date, u.note, u.note_en or ""])) for u in data.updates],
        "units": units,
    }


@dataclass(frozen=True)
class Change:
    """One change an editor would want to see before publishing.

    ``str(change)`` is the line printed: "合肥市 investment: 480.4亿元 → 512.6亿元".
    """

    where: str  # the unit's name, "page", "source", "theme ethnic_unity", "corrections log"
    what: str  # the figure key or field; "" for the unit itself
    kind: str  # "changed", "added" or "removed"
    old: str | None = None
    new: str | None = None

    def __str__(self) -> str:
        head = f"{self.where} {self.what}".strip()
        if self.kind == "changed" and self.old is not None and self.new is not None:
            return f"{head}: {self.old} → {self.new}"
        if self.kind == "added" and self.new:
            return f"{head} added: {self.new}"
        if self.kind == "removed" and self.old:
            return f"{head} removed (was {self.old})"
        return f"{head} {self.kind}"


def _figure_text(f: dict) -> str:
    try:
        return format_zh(f["value"], f["unit"], f.get("qualifier"))
    except (KeyError, TypeError, ValueError, InvalidOperation):
        return f"{f.get('value')}{f.get('unit', '')}"


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _compare_figures(name: str, old: dict, new: dict) -> list[Change]:
    out = []
    for key in sorted(old.keys() | new.keys()):
        a, b = _dict(old.get(key)), _dict(new.get(key))
        if key not in new:
            out.append(Change(name, key, "removed", old=_figure_text(a)))
        elif key not in old:
            label = f" ({b['label']})" if isinstance(b.get("label"), str) else ""
            out.append(Change(name, key, "added", new=_figure_text(b) + label))
        else:
            if any(a.get(k) != b.get(k) for k in ("value", "unit", "qualifier")):
                out.append(Change(name, key, "changed", _figure_text(a), _figure_text(b)))
            for k in ("label", "period"):
                if a.get(k) != b.get(k):
                    out.append(Change(name, f"{key} {k}", "changed", a.get(k) or "(none)", b.get(k) or "(none)"))
            for k in ("label_en", "period_en"):
                if a.get(k) != b.get(k):
                    out.append(Change(name, f"{key} {k}", "changed"))
    return out


def _compare_unit(old: dict, new: dict, theme_names: dict) -> list[Change]:
    name = str(new.get("name") or old.get("name"))
    out = []
    if old.get("name") != new.get("name"):
        out.append(Change(name, "name", "changed", str(old.get("name")), str(new.get("name"))))
    if old.get("theme") != new.get("theme"):
        out.append(Change(name, "theme", "changed", theme_names.get(old.get("theme"), str(old.get("theme"))),
                          theme_names.get(new.get("theme"), str(new.get("theme")))))
    if old.get("marker") != new.get("marker"):
        out.append(Change(name, "marker figure", "changed", old.get("marker") or "(none)",
                          new.get("marker") or "(none)"))
    a, b = _dict(old.get("texts")), _dict(new.get("texts"))
    for k in sorted(a.keys() | b.keys()):
        if a.get(k) != b.get(k):
            out.append(Change(name, k, "changed" if k in a and k in b else "added" if k in b else "removed"))
    return out + _compare_figures(name, _dict(old.get("figures")), _dict(new.get("figures")))


def compare(old: dict, new: dict) -> list[Change]:
    """The changes from snapshot ``old`` to snapshot ``new``; empty when the data is the same."""
    out: list[Change] = []
    a, b = _dict(old.get("texts")), _dict(new.get("texts"))
    for k in sorted(a.keys() | b.keys()):
        if a.get(k) != b.get(k):
            where, field = k.split(" ", 1) if " " in k else ("page", k)
            out.append(Change(where, field, "changed" if k in a and k in b else "added" if k in b else "removed"))
    ta, tb = _dict(old.get("themes")), _dict(new.get("themes"))
    for k in sorted(ta.keys() | tb.keys()):
        x, y = _dict(ta.get(k)), _dict(tb.get(k))
        if k not in tb:
            out.append(Change(f"theme {k}", "", "removed", old=str(x.get("name"))))
        elif k not in ta:
            out.append(Change(f"theme {k}", "", "added", new=str(y.get("name"))))
        else:
            out += [Change(f"theme {k}", f, "changed", str(x.get(f) or "(none)"), str(y.get(f) or "(none)"))
                    for f in ("name", "name_en", "color") if x.get(f) != y.get(f)]
    ua = [u for u in old.get("updates") or () if isinstance(u, str)]
    ub = [u for u in new.get("updates") or () if isinstance(u, str)]
    added, removed = len([u for u in ub if u not in ua]), len([u for u in ua if u not in ub])
    if added:
        out.append(Change("corrections log", "", "added", new=f"{added} note{'s' if added > 1 else ''}"))
    if removed:
        out.append(Change("corrections log", "", "removed", old=f"{removed} note{'s' if removed > 1 else ''}"))
    names = {k: str(_dict(v).get("name")) for k, v in tb.items()} | {k: str(_dict(v).get("name"))
                                                                      for k, v in ta.items() if k not in tb}
    units_a, units_b = _dict(old.get("units")), _dict(new.get("units"))
    for code in sorted(units_a.keys() | units_b.keys()):
        x, y = _dict(units_a.get(code)), _dict(units_b.get(code))
        if code not in units_b:
            out.append(Change(str(x.get("name") or code), "", "removed"))
        elif code not in units_a:
            n = len(_dict(y.get("figures")))
            out.append(Change(str(y.get("name") or code), "", "added", new=f"{n} figure{'s' if n != 1 else ''}"))
        else:
            out += _compare_unit(x, y, names)
    return out


def report(changes: list[Change]) -> str:
    """The lines to print: one per change, or "no change"."""
    return "\n".join(map(str, changes)) if changes else "no change"


_SCRIPT = re.compile(r"<script\b[^>]*\bdata-mapgen-snapshot=(?:\"([^\"]*)\"|'([^']*)')[^>]*>(.*?)</script>",
                     re.S | re.I)


def read_page_snapshot(html: str, map_id: str | None = None) -> dict | None:
    """The snapshot a built page carries, or ``None`` (no snapshot, or a broken one).

    Parameters
    ----------
    html : str
        The page (or fragment) as text.
    map_id : str, optional
        Which map's snapshot, when a page holds several; by default the first.

    >>> read_page_snapshot('<p>not a map</p>') is None
    True
    """
    if not isinstance(html, str):
        return None
    for m in _SCRIPT.finditer(html):
        if map_id is not None and _html.unescape(m.group(1) or m.group(2) or "") != map_id:
            continue
        try:
            snap = json.loads(m.group(3))
        except (ValueError, RecursionError):
            return None
        return snap if _well_formed(snap) else None
    return None


# The shape a snapshot has (see :func:`snapshot`): a page is an input like any other, and
# one edited by hand or damaged must not reach compare() with a list where a name was.
_FIGURE_FIELDS = ("unit", "qualifier", "label", "period", "label_en", "period_en")


def _texts(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _figure(f: object) -> bool:
    return (isinstance(f, dict) and _number(f.get("value", 0))
            and all(isinstance(f.get(k, ""), str) for k in _FIGURE_FIELDS))


def _unit(u: object) -> bool:
    return (isinstance(u, dict) and all(isinstance(u.get(k, ""), str) for k in ("name", "theme", "marker"))
            and _texts(u.get("texts", {})) and isinstance(u.get("figures", {}), dict)
            and all(_figure(f) for f in u.get("figures", {}).values()))


def _well_formed(snap: object) -> bool:
    return (isinstance(snap, dict) and snap.get("v") == VERSION and isinstance(snap.get("units"), dict)
            and all(_unit(u) for u in snap["units"].values()) and _texts(snap.get("texts", {}))
            and isinstance(snap.get("themes", {}), dict) and all(_texts(t) for t in snap.get("themes", {}).values())
            and isinstance(snap.get("updates", []), list) and all(isinstance(u, str) for u in snap.get("updates", [])))


def change_lines(before: dict | None, after: dict | None) -> list[str]:
    """What ``mapgen build`` prints after writing: nothing when there was no earlier page to compare."""
    if before is None or after is None:
        return []
    changes = compare(before, after)
    if not changes:
        return ["no change since the last build"]
    return ["changes since the last build:", *(f"  {c}" for c in changes)]


def read_snapshot_file(path) -> dict | None:
    """The snapshot in the page at ``path``; ``None`` when there is no such page or it carries none."""
    from .errors import MapgenError
    from .limits import PAGE_BYTES
    from .paths import read_input

    try:  # a regular file within the page limit only: the old output may be a link to /dev/zero
        return read_page_snapshot(read_input(path, "a page", PAGE_BYTES).decode("utf-8", "replace"))
    except MapgenError:
        return None
