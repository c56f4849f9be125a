"""The one exception family of mapgen.

Library code raises these; only the CLI turns them into an exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MapgenError", "DataError", "GeodataError", "OutputError", "UsageError", "Problem", "SheetError", "dotted"]


def dotted(path) -> str:
    """A field's path as messages show it: ``figures[2].value``.

    >>> dotted(("cities", 0, "figures", 2, "value"))
    'cities[0].figures[2].value'
    """
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can.

    Parameters
    ----------
    file : str
        The file the problem is in.
    line : int or None
        1-based line number, when known.
    where : str
        The record it concerns, e.g. ``"city 340100 (合肥市)"``, or ``""``.
    field : str
        Dotted path of the field, e.g. ``"figures[2].value"``, or ``""``.
    message : str
        What was found, what was expected and, where useful, the fix.
    found, expected : str
        The same two, on their own, where a check can name them (a boundary file's
        ``'big'`` and ``a number``), for tools that read problems rather than text.

    Examples
    --------
    >>> str(Problem.mismatch("a.topo.json", "cities[1] (adcode 340200)", "properties.area_km2", "'big'", "a number"))
    "a.topo.json: cities[1] (adcode 340200): properties.area_km2: is 'big', expected a number"
    """

    file: str
    line: int | None
    where: str
    field: str
    message: str
    found: str = ""
    expected: str = ""

    @classmethod
    def mismatch(cls, file: str, where: str, field: str, found: str, expected: str,
                 line: int | None = None) -> Problem:
        """A problem that is a found value where another was expected: "is FOUND, expected EXPECTED"."""
        return cls(file, line, where, field, f"is {found}, expected {expected}", found, expected)

    def located(self, file: bool = True) -> str:
        """The problem as a line of a report; ``file=False`` when the report's heading names the file."""
        parts = []
        if file and self.file:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        parts += [p for p in (self.where, self.field) if p]
        return ": ".join([*parts, self.message])

    def __str__(self) -> str:
        return self.located()


def report(head: str, problems: Sequence[Problem], file: bool = True, tail: str = "") -> str:
    """The one text of a list of problems: a heading, one line per problem, and a closing hint.

    >>> print(report("2 problems:", [Problem("d.yaml", 3, "", "page.title", "is empty"),
    ...                              Problem("d.yaml", None, "", "", "too long")]))
    2 problems:
      - d.yaml:3: page.title: is empty
      - d.yaml: too long
    """
    return "\n".join([head, *(f"  - {p.located(file)}" for p in problems), *([tail] if tail else [])])


def count(n: int, what: str = "problem") -> str:
    """``1 problem``, ``3 problems``."""
    return f"{n} {what}{'s' if n != 1 else ''}"


class MapgenError(Exception):
    """Base class of every error mapgen raises on purpose.

    Those about inputs (:class:`DataError`, :class:`GeodataError`) carry their
    :class:`Problem` records in ``problems``; the CLI turns any of them into exit status 1.
    """

    problems: tuple[Problem, ...] = ()


class DataError(MapgenError):
    """The initiative data cannot be used; carries every problem found at once."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__(report(f"{count(len(self.problems))} in the data:", self.problems))


class GeodataError(MapgenError):
    """The boundary files are missing, unreadable or inconsistent; carries every problem found.

    Parameters
    ----------
    problems : str or sequence of Problem
        What is wrong. A bare message (the boundary build tooling's) is one problem
        with no file or place.
    file : str, optional
        The boundary file, when every problem is in it: the report is headed by it
        (``FILE: 2 problems in the boundary file:``) and ends with the fix.

    Examples
    --------
    >>> print(GeodataError([Problem("b.json", None, "object 'cities', geometry 0", "", "not a JSON object")],
    ...                    file="b.json"))
    b.json: 1 problem in the boundary file:
      - object 'cities', geometry 0: not a JSON object
    Rebuild it with `mapgen geodata`.
    """

    def __init__(self, problems: str | Sequence[Problem], file: str = ""):
        if isinstance(problems, str):
            problems = [Problem("", None, "", "", problems)]
        self.problems = tuple(problems)
        self.file = file
        if file:
            text = report(f"{file}: {count(len(self.problems))} in the boundary file:", self.problems, file=False,
                          tail="Rebuild it with `mapgen geodata`.")
        else:
            text = "\n".join(str(p) for p in self.problems)
        super().__init__(text)


class OutputError(MapgenError):
    """The output could not be written where it was asked to go."""


class UsageError(MapgenError):
    """The options asked for something impossible; the CLI exits with status 2."""


class SheetError(DataError):
    """A sheet cannot be imported: every problem at once, each at its sheet and cell.

    Raised before anything is written, so the data file is as it was.
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        super().__init__(problems)
        self.args = (report(f"{count(len(self.problems))} in the sheet; the data file was not changed:", self.problems),)
