"""The one exception family of mapgen.

Library code raises these; only the CLI turns them into an exit code.
"""

from __future__ import annotations

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
    """

    file: str
    line: int | None
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        loc = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [loc]
        if self.where:
            parts.append(self.where)
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + f": {self.message}"


class MapgenError(Exception):
    """Base class of every error mapgen raises on purpose."""


class DataError(MapgenError):
    """The initiative data cannot be used; carries every problem found at once."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the data:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


class GeodataError(MapgenError):
    """The boundary files are missing, unreadable or inconsistent."""


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
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the sheet; the data file was not changed:"
        self.args = ("\n".join([head, *(f"  - {p}" for p in self.problems)]),)
