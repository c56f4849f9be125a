"""Stage 2 of a draft: an :class:`~mapgen.draft.extract.Extraction` -> data-file YAML text.

The draft is in the format of ``data/initiatives.yaml`` and passes ``mapgen check`` as it
is: one record per unit found, every figure with its source sentence as a comment above it.
What only the editor can write (headline, summary, theme, English texts) is a placeholder
marked 【待填写】/TODO, never a sentence of the article. A figure the data format cannot
hold yet (a unit of measure or qualifier mapgen does not know) is written as a comment, so
nothing found is lost and nothing invalid is published.

Rendering is pure: this module returns a string; the command writes it.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from ..units import QUALIFIERS, parse_unit
from .extract import Extraction, Figure

__all__ = ["to_yaml", "MAX_FIGURES"]

MAX_FIGURES = 40  # the data file's limit per unit
TODO = "【待填写】"
_MONEY = ("元",)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, limit: int = 240) -> str:
    text = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: Decimal, printed: str) -> str:
    digits = re.match(r"[\d,]+(?:\.\d+)?", printed.strip())
    if digits and "," not in digits.group():
        return digits.group()  # as printed: 9465.40 keeps its zero
    return format(value.normalize(), "f")


def _why_not(f: Figure) -> str | None:
    if not 1 <= len(f.measure) <= 8:
        return f"the unit {f.measure!r} is not one a data file can hold (1 to 8 characters)"
    if f.qualifier is not None and f.qualifier not in QUALIFIERS:
        return f"mapgen has no qualifier {f.qualifier!r} (如 不足/不到) yet; restate or drop the qualifier"
    if parse_unit(f.measure).whole and f.value != f.value.to_integral_value():
        return f"a count of {f.measure} must be a whole number"
    if f.value > Decimal("1e12"):
        return "the value is too large for a figure; use the unit 万 or 亿"
    return None


def _figure_lines(f: Figure) -> list[str]:
    lines = [
        f"- key: {f.key}",
        f"  label: {_q(f.label[:60])}",
        f"  value: {_number(f.value, f.printed)}",
        f"  unit: {_q(f.measure)}",
    ]
    if f.qualifier:
        lines.append(f"  qualifier: {f.qualifier}")
    if f.period:
        lines.append(f"  period: {_q(f.period[:40])}")
    return lines


def _region_lines(name: str, level: str) -> list[str]:
    from ..regions.catalogue import resolve

    region = resolve(name)
    return ["region:", f"  name: {_q(region.name)}", f"  adcode: {region.adcode}", f"  level: {level}"]


def to_yaml(result: Extraction, source_path: str, *, title: str | None = None, date: str | None = None) -> str:
    """The draft data file for ``result``.

    Parameters
    ----------
    result : Extraction
        What :func:`mapgen.draft.extract.extract` found; at least one unit.
    source_path : str
        The article's file name, for the header comment.
    title, date : str, optional
        The article's title and date (YYYY-MM-DD) when the reader found them.
    """
    by_unit = result.by_unit()
    out = [
        "# yaml-language-server: $schema=../mapgen/schema/initiatives.schema.json",
        f"# DRAFT written by `mapgen extract` from {_comment(source_path, 120)}.",
        "# Confirm every figure against its sentence (the comment above it), delete what is not a",
        "# figure, write each headline, summary and theme in your own words (replace every",
        f"# {TODO} and TODO), then run `mapgen check --data` on this file.",
        *_region_lines(result.region.name, result.region.level),
        "source:",
        f"  title: {_q((title or TODO + '报道标题')[:120])}" + ("  # from the article's first line" if title else ""),
        f"  publication: {_q(TODO + '刊发媒体')}",
        f"  date: {_q(date or '1970-01-01')}" + ("  # found in the article; check" if date
                                                 else "  # TODO: the article's date"),
        f"  supplier: {_q(TODO + '供稿单位')}",
        f"  note: {_q(TODO + '说明摘要为改写、数字按原文照录')}",
        "page:",
        f"  title: {_q(TODO + '地图标题')}",
        f"  dek: {_q(TODO + '一句话导语')}",
        "themes:",
        "  todo:  # TODO: the themes of the map; each unit gets one",
        f"    name: {_q(TODO + '主题')}",
        "    name_en: \"TODO: theme\"",
        "cities:",
    ]
    for unit, figures in by_unit.items():
        why_not = {id(f): _why_not(f) for f in figures}
        writable = [f for f in figures if why_not[id(f)] is None][:MAX_FIGURES]
        kept = {id(f) for f in writable}
        head = next((f for f in writable if f.measure.endswith(_MONEY)), writable[0] if writable else None)
        out += [
            f"  - adcode: {unit.adcode}",
            f"    name: {_q(unit.name)}",
            "    theme: todo",
            f"    headline: {_q(TODO + unit.short)}",
            "    headline_en: \"TODO: headline\"",
        ]
        if head is not None:
            out.append(f"    headline_figure: {head.key}  # suggestion: the figure on the map marker")
        out += [
            f"    summary: {_q(TODO + '用自己的话概括，不照抄原文')}",
            "    summary_en: \"TODO: summary in your own words\"",
            "    figures:" + ("" if writable else " []"),
        ]
        for f in figures:
            why = why_not[id(f)] or (None if id(f) in kept else f"more than {MAX_FIGURES} figures for one unit")
            out.append(f"      # 「{_comment(f.sentence)}」")
            if why is None:
                out += [f"      {line}" for line in _figure_lines(f)]
            else:
                out.append(f"      # NOT WRITTEN: {why}:")
                out += [f"      # {line}" for line in _figure_lines(f)]
    out.append("updates: []")
    return "\n".join(out) + "\n"
