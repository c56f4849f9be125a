"""``mapgen extract ARTICLE``: draft the records from an article, for the editor to confirm.

The command is thin: read (:mod:`.read`), choose the units (:mod:`.candidates`), extract
(:mod:`.extract`), render (:mod:`.to_yaml`), write atomically, and print the report. A
:class:`~mapgen.errors.MapgenError` becomes a message and exit code 1.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from ..errors import MapgenError
from ..terminal import TEXT
from .extract import Extraction

__all__ = ["extract_command", "draft", "report"]

_DATE = re.compile(r"(\d{4})(?:年|-|/)(\d{1,2})(?:月|-|/)(\d{1,2})")


def draft(article_path: str | Path, region: str | None = None, level: str | None = None):
    """Read an article and return ``(article, extraction, yaml_text)``; write nothing.

    Raises
    ------
    mapgen.draft.read.ArticleError
        The file cannot be read, or it names no unit of the region.
    """
    from .candidates import candidate_units, guess_region
    from .extract import extract
    from .read import ArticleError, read_article
    from .to_yaml import to_yaml

    article = read_article(article_path)
    units = candidate_units(region, level) if region else guess_region(article.text)
    result = extract(article.text, units)
    if not result.figures:
        named = "names none of" if not _names_any(article.text, units) else "gives no figure for any of"
        raise ArticleError(f"{article_path}: the article {named} the {len(units.units)} {units.level}-level "
                           f"units of {units.name}; nothing written. Give another --region or --level.")
    return article, result, to_yaml(result, str(article_path), title=_title(article.text),
                                     date=_date(article.text))


def report(result: Extraction) -> str:
    """What the editor reads: units found, figures per unit, every number left out and why."""
    by_unit = result.by_unit()
    r = result.region
    lines = [f"Units found: {len(by_unit)} of the {len(r.units)} {r.level}-level units of {r.name}"]
    for unit, figures in by_unit.items():
        shown = ", ".join(f.printed.replace(" ", "") for f in figures)
        lines.append(f"  {unit.adcode} {unit.name}: {len(figures)} figure{'s' if len(figures) != 1 else ''}"
                     f" ({shown})")
    missing = [u.name for u in r.units if u not in by_unit]
    if missing and len(missing) <= 40:
        lines.append(f"No figures for: {'、'.join(missing)}")
    lines.append(f"Numbers seen but not attributed to a unit: {len(result.unattributed)}")
    for u in result.unattributed:
        sentence = u.sentence if len(u.sentence) <= 80 else u.sentence[:79] + "…"
        lines.append(f"  {u.printed} ({u.reason}): 「{sentence}」")
    return "\n".join(lines)


@click.command("extract")
@click.argument("article", type=click.Path(dir_okay=False))
@click.option("--region", default=None, type=TEXT, metavar="REGION",
              help="安徽 (its cities, or counties with --level county) or 中国 (provinces). "
                   "Default: guessed from the names in the text.")
@click.option("--level", default=None, type=click.Choice(["province", "city", "county"]),
              help="Level of the units to map (default: the level below the region).")
@click.option("--out", default="draft.yaml", show_default=True, type=click.Path(dir_okay=False),
              help="The draft data file to write.")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
def extract_command(article: str, region: str | None, level: str | None, out: str, force: bool) -> None:
    """Draft the records (units, figures, sentences) from ARTICLE, a plain-text report.

    \b
    Every figure is written with its source sentence as a comment beside it; headlines,
    summaries and themes are placeholders to write in your own words. Then:
      mapgen check --data draft.yaml
    """
    from ..paths import confined
    from ..terminal import echo
    from ..write import check_output, write_atomic

    try:
        confined(article, "the article")
        confined(out, "the draft", parent_only=True)
        if os.path.exists(out) and os.path.exists(article) and os.path.samefile(out, article):
            raise MapgenError(f"{out}: is the article itself; give another --out")
        target = check_output(out, inputs=(article,))
        if os.path.lexists(target) and not force:
            raise MapgenError(f"{out}: exists; give another --out, or --force to replace it")
        _, result, text = draft(article, region, level)
        echo(report(result))
        path = write_atomic(out, text, inputs=(article,))
    except MapgenError as exc:
        raise click.ClickException(str(exc)) from None
    echo(f"wrote {path}: confirm each figure, write headlines, summaries and themes, "
               f"then run: mapgen check --data {path}")


def _names_any(text: str, region) -> bool:
    return any(u.name in text or (len(u.short) >= 2 and u.short in text) for u in region.units)


def _title(text: str) -> str | None:
    for line in text.split("\n")[:5]:
        line = line.strip()
        if line:
            return line if len(line) <= 60 and not re.search(r"[\d。,;]", line) else None
    return None


def _date(text: str) -> str | None:
    m = _DATE.search(text[:600])
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1900 < y < 2100 and 1 <= mo <= 12 and 1 <= d <= 31 else None
