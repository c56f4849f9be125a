"""Figures inside text: a headline or summary cites its record's figures by key.

``{investment}`` in a summary becomes the figure as each language prints it
(480.4亿元 / 48.04 billion yuan, with its qualifier: 200余人 / more than 200
people); ``{investment:number}`` gives the number alone, for English prose that
puts words between number and noun ("more than {talent:number} skilled people").
Any other brace is text. Correcting a figure then corrects every
sentence that cites it.

A number written out by hand can go stale when its figure is corrected:
:func:`stale_numbers` finds every number in a text that matches none of the
record's figures (after 万/亿 scaling, in either language's form).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .units import format_en, format_zh, number_en, number_zh, parse_unit

__all__ = ["FORMS", "references", "fill", "stale_numbers"]

FORMS = ("", "number")
# {key} or {key:form}: a figure key (lower-case ascii, digits, _) in braces; any other brace is text.
_REFERENCE = re.compile(r"\{([a-z][a-z0-9_]{0,63})(?::([a-z]+))?\}")
# A number as texts write it: 1.97万, 480.4亿, 19,700, 48.04 billion, 83%.
_NUMBER = re.compile(r"(?<![0-9.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万亿|亿|万|千|trillion|billion|million|bn|m\b)?",
                     re.I)
_SCALE = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3, "trillion": 10**12, "billion": 10**9,
          "million": 10**6, "bn": 10**9, "m": 10**6}
# Numbers that are not figures: years and dates, ordinals, ages, the article's own count of units.
_NOT_FIGURE_AFTER = re.compile(r"\s*(年|月|日|号|届|周年|世纪|后|岁|s\b)")
_NOT_FIGURE_BEFORE = re.compile(r"(第|No\.\s?|since |in |from |until |of |top[- ])$", re.I)
# Quoted words are names and slogans ("345"模式, "万企兴万村"), not figures.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|‘[^’]*’")


def references(text: str) -> list[tuple[str, str]]:
    """The ``(key, form)`` references in ``text``; every other brace is text.

    >>> references("落地{projects}，总投资{investment}")
    [('projects', ''), ('investment', '')]
    >>> references("{{ 7*7 }} {0} {talent:number}")
    [('talent', 'number')]
    """
    return [(m.group(1), m.group(2) or "") for m in _REFERENCE.finditer(text)]


def fill(text: str, figures: dict, lang: str) -> str:
    """``text`` with each reference replaced by its figure in language ``lang`` (zh or en).

    >>> from mapgen.records import Figure
    >>> f = {"talent": Figure("talent", "人才", 200, "人", "more_than")}
    >>> fill("引进人才{talent}", f, "zh"), fill("brought in {talent}", f, "en")
    ('引进人才200余人', 'brought in more than 200 people')
    """
    def one(m: re.Match) -> str:
        f = figures[m.group(1)]
        if m.group(2) == "number":
            return number_en(f.value, f.unit) if lang == "en" else number_zh(f.value, f.unit)
        return format_en(f.value, f.unit, f.qualifier) if lang == "en" else format_zh(f.value, f.unit, f.qualifier)

    return _REFERENCE.sub(one, text)


def _amounts(figures: dict) -> set[Decimal]:
    out = set()
    for f in figures.values():
        value = Decimal(str(f.value))
        out.add(value.normalize())
        out.add((value * parse_unit(f.unit).multiplier).normalize())
    return out


def stale_numbers(text: str, figures: dict) -> list[str]:
    """Numbers written in ``text`` (references removed) that match none of ``figures``.

    >>> from mapgen.records import Figure
    >>> f = {"investment": Figure("investment", "投资额", 480.4, "亿元")}
    >>> stale_numbers("总投资480.4亿元，2018年以来引进8场", f)
    ['8']
    >>> stale_numbers("worth 48.04 billion yuan since 2018", f)
    []
    """
    plain = _QUOTED.sub(" ", _REFERENCE.sub(" ", text))
    known = _amounts(figures)
    stale = []
    for m in _NUMBER.finditer(plain):
        whole, frac, scale = m.group(1).replace(",", ""), m.group(2), m.group(3)
        if _NOT_FIGURE_AFTER.match(plain, m.end(1) + (len(frac) + 1 if frac else 0)) and not scale:
            continue
        before = _NOT_FIGURE_BEFORE.search(plain[:m.start()])
        if before and not scale and (len(whole) == 4 or before.group(1).lower().startswith(("top", "第"))):
            continue
        try:
            value = Decimal(whole + ("." + frac if frac else ""))
        except InvalidOperation:  # pragma: no cover - the pattern only admits digits
            continue
        scaled = value * _SCALE[scale.lower()] if scale else value
        if value.normalize() in known or scaled.normalize() in known:
            continue
        stale.append(m.group(0).strip())
    return stale
