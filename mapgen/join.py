"""Stage 3: join the records to the boundaries by adcode, checking names.

The adcode is the key. A record's ``name`` must agree with the boundary of that
adcode (any script, with or without 市, English or pinyin); a record without an
adcode is matched by name when exactly one boundary answers to it. Boundaries
without a record are kept and marked, never painted as if they had data.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .boundaries import Place
from .errors import DataError, Problem
from .names import aliases, name_key
from .records import City, Dataset

__all__ = ["Joined", "JoinResult", "join"]


@dataclass(frozen=True)
class Joined:
    """One boundary unit and its record (``None``: no initiative reported)."""

    place: Place
    record: City | None

    @property
    def adcode(self) -> int:
        return self.place.adcode


@dataclass(frozen=True)
class JoinResult:
    """The joined units and what did not join.

    Attributes
    ----------
    rows : tuple of Joined
        One per boundary unit, sorted by adcode.
    missing : tuple of int
        Adcodes of units that have no record.
    """

    rows: tuple[Joined, ...]
    missing: tuple[int, ...]

    @property
    def matched(self) -> int:
        return sum(1 for r in self.rows if r.record is not None)

    def record(self, adcode: int) -> City | None:
        """The record joined to ``adcode`` (``None`` if it has none)."""
        return next(r.record for r in self.rows if r.adcode == adcode)


def _keys(p: Place, with_pinyin: bool = False) -> frozenset[str]:
    return aliases(p.name, p.short, p.name_en, with_pinyin=with_pinyin)


def join(data: Dataset, units: tuple[Place, ...]) -> JoinResult:
    """Join ``data.cities`` to the boundary units.

    Raises
    ------
    DataError
        For unknown or mismatched names, ambiguous names and duplicates,
        all at once.
    """
    rows = {p.adcode: p for p in units}
    keyed = {code: _keys(p) for code, p in rows.items()}
    problems: list[Problem] = []
    assigned: dict[int, City] = {}

    def fail(city: City, message: str, field: str = "name") -> None:
        problems.append(Problem(data.path, city.line, city.label(), field, message))

    for city in data.cities:
        key = name_key(city.name)
        by_name = [code for code, keys in keyed.items() if key in keys]
        if not by_name:
            by_name = [code for code, p in rows.items() if key in _keys(p, with_pinyin=True)]
        if city.adcode is None:
            if len(by_name) != 1:
                what = "matches no unit of the map" if not by_name else "is ambiguous: " + ", ".join(
                    f"{c} {rows[c].name}" for c in by_name)
                fail(city, f"name {city.name!r} {what}; {_suggest(city.name, rows) if not by_name else 'add its adcode'}")
                continue
            code = by_name[0]
        else:
            code = city.adcode
            if code not in rows:
                fail(city, f"adcode {code} is not one of the boundaries ({_known(rows)})", "adcode")
                continue
            if code not in by_name:
                other = f"it names {by_name[0]} {rows[by_name[0]].name}" if by_name else "it matches no unit"
                fail(city, f"name {city.name!r} does not match adcode {code} ({rows[code].name}): {other}")
                continue
        if code in assigned:
            fail(city, f"duplicate city: {code} {rows[code].name} already has a record (line "
                 f"{assigned[code].line}); keep one", "adcode")
            continue
        assigned[code] = city
    if problems:
        raise DataError(problems)
    joined = tuple(Joined(rows[code], assigned.get(code)) for code in sorted(rows))
    missing = tuple(code for code in sorted(rows) if code not in assigned)
    return JoinResult(rows=joined, missing=missing)


def _suggest(name: str, rows: dict[int, Place]) -> str:
    """'did you mean' for a name in any script: closest Chinese or English name."""
    key = name_key(name)
    choices = {}
    for code, p in rows.items():
        for alias in _keys(p):
            choices.setdefault(alias, code)
    close = difflib.get_close_matches(key, list(choices), n=3, cutoff=0.6)
    codes = list(dict.fromkeys(choices[c] for c in close))
    if codes:
        return "did you mean " + " or ".join(f"{rows[c].name} ({rows[c].name_en}, {c})" for c in codes) + "?"
    return "check the spelling or add its adcode"


def _known(rows: dict) -> str:
    codes = sorted(rows)
    return f"{codes[0]}..{codes[-1]}" if len(codes) > 4 else ", ".join(map(str, codes))
