"""Stage 3: join the records to the boundaries by adcode, checking names.

The adcode is the key. A record's ``name`` must agree with the boundary of that
adcode (any script, with or without 市, English or pinyin); a record without an
adcode is matched by name when exactly one boundary answers to it. Boundaries
without a record are kept and marked, never painted as if they had data.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import DataError, Problem
from .names import aliases, name_key
from .records import City, Dataset

__all__ = ["JoinResult", "join"]


@dataclass(frozen=True)
class JoinResult:
    """The joined table and what did not join.

    Attributes
    ----------
    frame : geopandas.GeoDataFrame
        One row per boundary, indexed by adcode, with a ``record`` column holding
        the :class:`~mapgen.records.City` or ``None`` ("no initiative reported").
    missing : tuple of int
        Adcodes of boundaries that have no record.
    """

    frame: object
    missing: tuple[int, ...]

    @property
    def matched(self) -> int:
        return int(self.frame["record"].notna().sum())


def join(data: Dataset, cities) -> JoinResult:
    """Join ``data.cities`` to the boundary frame ``cities``.

    Raises
    ------
    DataError
        For unknown or mismatched names, ambiguous names and duplicates,
        all at once.
    """
    rows = {int(code): row for code, row in cities.iterrows()}
    keyed = {code: aliases(r["name"], r["short"], r["name_en"]) for code, r in rows.items()}
    problems: list[Problem] = []
    assigned: dict[int, City] = {}

    def fail(city: City, message: str, field: str = "name") -> None:
        problems.append(Problem(data.path, city.line, city.label(), field, message))

    for city in data.cities:
        key = name_key(city.name)
        by_name = [code for code, keys in keyed.items() if key in keys]
        if not by_name:
            by_name = [code for code, r in rows.items()
                       if key in aliases(r["name"], r["short"], r["name_en"], with_pinyin=True)]
        if city.adcode is None:
            if len(by_name) != 1:
                what = "matches no city" if not by_name else "is ambiguous: " + ", ".join(
                    f"{c} {rows[c]['name']}" for c in by_name)
                fail(city, f"name {city.name!r} {what}; add its adcode")
                continue
            code = by_name[0]
        else:
            code = city.adcode
            if code not in rows:
                fail(city, f"adcode {code} is not one of the boundaries ({_known(rows)})", "adcode")
                continue
            if code not in by_name:
                other = f"it names {by_name[0]} {rows[by_name[0]]['name']}" if by_name else "it matches no city"
                fail(city, f"name {city.name!r} does not match adcode {code} ({rows[code]['name']}): {other}")
                continue
        if code in assigned:
            fail(city, f"duplicate city: {code} {rows[code]['name']} already has a record (line "
                 f"{assigned[code].line}); keep one", "adcode")
            continue
        assigned[code] = city
    if problems:
        raise DataError(problems)
    frame = cities.copy()
    frame["record"] = [assigned.get(int(code)) for code in frame.index]
    missing = tuple(int(c) for c in frame.index if int(c) not in assigned)
    return JoinResult(frame=frame, missing=missing)


def _known(rows: dict) -> str:
    codes = sorted(rows)
    return f"{codes[0]}..{codes[-1]}" if len(codes) > 4 else ", ".join(map(str, codes))
