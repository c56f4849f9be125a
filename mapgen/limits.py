"""The documented limits of mapgen, in one table.

Every input is checked against these before it is parsed, and every page before it
is written, so a mistaken or hostile file is refused in a moment with the limit named
instead of taking minutes, gigabytes, or a reader's browser. They leave room for the
largest map mapgen is meant for: all 2,875 county-level units of China (a page of
about 4 MB).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import MapgenError

__all__ = ["Limit", "LIMITS", "DATA_BYTES", "BOUNDARY_BYTES", "SOURCE_BYTES", "SHEET_BYTES", "ARTICLE_BYTES",
           "UNITS", "RECORDS", "VERTICES", "PAGE_BYTES", "LimitError", "check"]


class LimitError(MapgenError):
    """An input or output is over one of the documented limits."""


@dataclass(frozen=True)
class Limit:
    """One limit: its value, what it counts, and why it is where it is."""

    name: str
    value: int
    counts: str
    why: str

    def describe(self, found: int) -> str:
        return (f"{found:,} {self.counts}, over the limit of {self.value:,} {self.counts} ({self.name}: "
                f"{self.why})")


DATA_BYTES = Limit("data file size", 4_000_000, "bytes",
                   "2,875 records of about 1.6 KB; measured: 3.4 MB read and checked in 12 s on a busy 2-core machine")
BOUNDARY_BYTES = Limit("boundary file size", 16_000_000, "bytes",
                       "estimated: Anhui's 104 counties take 144 KB, so China's 2,875 about 4 MB")
SOURCE_BYTES = Limit("boundary source size", 500_000_000, "bytes",
                     "read by geopandas at build time only; a detailed national source is far smaller")
SHEET_BYTES = Limit("sheet size", 50_000_000, "bytes",
                    "measured: a figure takes 126 bytes of CSV, 850 of unpacked workbook; 5 figures for each of "
                    "China's 2,875 counties make 1.8 MB of CSV, 12 MB unpacked (a workbook is held to it unpacked)")
ARTICLE_BYTES = Limit("article size", 1_000_000, "bytes", "a long news report is under 0.1 MB")
UNITS = Limit("units", 5_000, "units", "China has 2,875 county-level units")
RECORDS = Limit("records", 5_000, "records", "one record per unit; China has 2,875 county-level units")
VERTICES = Limit("vertices", 1_500_000, "vertices",
                 "estimated: Anhui's 104 counties have 10,463, so China's 2,875 about 290,000")
PAGE_BYTES = Limit("page size", 16_000_000, "bytes",
                   "estimated: a national county map is about 4 MB; a 33 MB page froze a browser for minutes")

LIMITS = (DATA_BYTES, BOUNDARY_BYTES, SOURCE_BYTES, SHEET_BYTES, ARTICLE_BYTES, UNITS, RECORDS, VERTICES, PAGE_BYTES)


def check(limit: Limit, found: int, where: str, error: type[MapgenError] = LimitError) -> None:
    """Raise ``error`` naming ``limit`` if ``found`` is over it (``where`` says "FILE: has")."""
    if found > limit.value:
        raise error(f"{where} {limit.describe(found)}")
