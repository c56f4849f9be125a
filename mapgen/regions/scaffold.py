"""``mapgen init REGION [--level L] [--out FILE]``: a data file for any region of China.

One stub record per unit of the region at the level (adcode and name), the region
and level recorded in the data, and placeholders (【待填写】) for what the editor
writes. ``mapgen check`` accepts it with a warning per placeholder, and
``mapgen build --data FILE`` draws the map at once.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import OutputError
from .catalogue import CHINA, children, default_level, resolve, unit

__all__ = ["PLACEHOLDER", "scaffold", "init_command"]

PLACEHOLDER = "【待填写】"
_LEVELS = ("province", "city", "county")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def scaffold(region: str, level: str | None = None) -> tuple[str, int, str]:
    """The data file's text for ``region`` at ``level``; also the unit count and the level.

    >>> text, n, level = scaffold("四川")
    >>> n, level, "adcode: 510100" in text
    (21, 'city', True)
    """
    reg = unit(int(region)) if str(region).strip().isdigit() else resolve(str(region))
    level = level or default_level(reg.adcode)
    units = children(reg.adcode, level)  # raises LevelError for a level with no units there
    where = "中国" if reg.adcode == CHINA else reg.name
    noun = {"province": "省级单位", "city": "地级单位", "county": "县级单位"}[level]
    lines = [
        "# yaml-language-server: $schema=../mapgen/schema/initiatives.schema.json",
        f"# mapgen data for {where}: one record per {level}-level unit ({len(units)}), written by `mapgen init`.",
        f"# Replace every {PLACEHOLDER} and TODO, add figures, then run `mapgen check` and `mapgen build`.",
        "region:",
        f"  name: {_q(reg.name)}",
        f"  adcode: {reg.adcode}",
        f"  level: {level}",
        "source:",
        f"  title: {_q(PLACEHOLDER + '报道标题')}",
        f"  publication: {_q(PLACEHOLDER + '刊发媒体')}",
        '  date: "1970-01-01"  # TODO: the report\'s date',
        f"  supplier: {_q(PLACEHOLDER + '供稿单位')}",
        f"  note: {_q(PLACEHOLDER + '说明摘要为改写、数字按原文照录')}",
        "page:",
        f"  title: {_q(PLACEHOLDER + where + '各' + noun)}",
        f"  dek: {_q(PLACEHOLDER + '一句话导语')}",
        "themes:",
        "  todo:  # TODO: the map's themes (at most 7); each unit gets one",
        f"    name: {_q(PLACEHOLDER + '主题')}",
        '    name_en: "TODO: theme"',
        "cities:",
    ]
    for u in units:
        lines += [
            f"  - adcode: {u.adcode}",
            f"    name: {_q(u.name)}",
            "    theme: todo",
            f"    headline: {_q(PLACEHOLDER + u.short)}",
            '    headline_en: "TODO: headline"',
            f"    summary: {_q(PLACEHOLDER + '用自己的话概括')}",
            '    summary_en: "TODO: summary in your own words"',
            "    figures: []",
        ]
    lines.append("updates: []")
    return "\n".join(lines) + "\n", len(units), level


@click.command("init")
@click.argument("region")
@click.option("--level", type=click.Choice(_LEVELS), default=None,
              help="Level of the map's units (default: the level below REGION).")
@click.option("--out", default="data/initiatives.yaml", show_default=True, type=click.Path(dir_okay=False),
              help="The data file to write.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def init_command(region: str, level: str | None, out: str, force: bool) -> None:
    """Write a data file with one stub record per unit of REGION (a name in any form, an adcode, or 中国)."""
    from ..cli import _run, echo
    from ..paths import confined
    from ..write import write_atomic

    def run() -> tuple[Path, int, str]:
        text, n, lvl = scaffold(region, level)
        target = Path(confined(out, "the output folder", parent_only=True))
        if target.exists() and not force:
            raise OutputError(f"{target}: exists; choose another --out, or add --force to replace it")
        return write_atomic(target, text), n, lvl

    path, n, lvl = _run(run)
    echo(f"wrote {path}: {n} {lvl}-level units; replace the {PLACEHOLDER} placeholders, then "
         f"`mapgen check --data {path}`")
