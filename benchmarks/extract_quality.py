"""Recall and precision of ``mapgen extract`` against hand-annotated gold figures.

Usage:
    python benchmarks/extract_quality.py

Each article under ``tests/articles/`` has a sidecar ``.yaml`` naming its source, region,
level and gold figures (or ``gold_from`` a mapgen data file). A figure is compared as the
tuple (unit, value, unit of measure, qualifier); labels, keys and periods are for the
editor and are not scored. Tuples are compared as sets: a figure the article prints twice
for a unit counts once.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "articles"
sys.path.insert(0, str(ROOT))

from mapgen.draft.candidates import candidate_units  # noqa: E402
from mapgen.draft.extract import extract  # noqa: E402
from mapgen.draft.read import read_article  # noqa: E402
from mapgen.names import name_key  # noqa: E402

Fact = tuple[str, Decimal, str, str | None]


@dataclass(frozen=True)
class Score:
    article: str
    gold: frozenset
    found: frozenset

    @property
    def recall(self) -> float:
        return len(self.gold & self.found) / len(self.gold) if self.gold else 1.0

    @property
    def precision(self) -> float:
        return len(self.gold & self.found) / len(self.found) if self.found else 1.0

    def line(self) -> str:
        return (f"{self.article:45s} gold {len(self.gold):3d}  found {len(self.found):3d}  "
                f"recall {self.recall:.3f}  precision {self.precision:.3f}")


def _fact(unit: str, value, measure: str, qualifier: str | None) -> Fact:
    return (name_key(unit), Decimal(str(value)).normalize(), measure, qualifier)


def gold(sidecar: Path) -> frozenset:
    meta = yaml.safe_load(sidecar.read_text("utf-8"))
    if "gold_from" in meta:
        data = yaml.safe_load((ROOT / meta["gold_from"]).read_text("utf-8"))
        return frozenset(_fact(c["name"], f["value"], f["unit"], f.get("qualifier"))
                         for c in data["cities"] for f in c["figures"])
    return frozenset(_fact(*row) for row in meta["gold"])


def score(article: Path) -> Score:
    sidecar = article.with_suffix(".yaml")
    meta = yaml.safe_load(sidecar.read_text("utf-8"))
    result = extract(read_article(article).text, candidate_units(meta["region"], meta["level"]))
    found = frozenset(_fact(f.unit.name, f.value, f.measure, f.qualifier) for f in result.figures)
    return Score(article.name, gold(sidecar), found)


def articles() -> list[Path]:
    return sorted(ARTICLES.glob("*.txt"))


def main() -> int:
    scores = [score(a) for a in articles()]
    for s in scores:
        print(s.line())
        for fact in sorted(s.gold - s.found, key=str):
            print(f"    missed: {fact}")
        for fact in sorted(s.found - s.gold, key=str):
            print(f"    extra:  {fact}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
