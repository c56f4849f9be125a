"""The scaling input: Anhui's 104 county-level units drawn as if they were cities.

``write_inputs`` writes, into a folder:

- ``counties.topo.json``: one Topology whose object ``cities`` holds the 104
  counties of ``geodata/anhui_counties.topo.json`` and whose object
  ``neighbours`` holds the 6 provinces of ``geodata/anhui.topo.json``. Both
  files are quantised with the same scale (1e-5 degrees) but different
  translates, so the neighbours' arcs are shifted onto the counties' grid (in
  a delta-encoded arc only the first position changes), appended after the
  counties' arcs, and their arc indexes offset to match. Only the arcs the
  neighbours use are copied.
- ``counties.yaml``: the real file's source, page and themes, and one synthetic
  record per county (its adcode and name, a theme in turn, a short headline
  and summary, one figure).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT / "geodata"


def _remap(refs, mapping: dict[int, int]):
    if isinstance(refs, int):
        return mapping[refs] if refs >= 0 else ~mapping[~refs]
    return [_remap(r, mapping) for r in refs]


def combined_topology(counties: dict, anhui: dict) -> dict:
    """Counties as ``cities`` plus the neighbours, on the counties' quantisation grid."""
    if counties["transform"]["scale"] != anhui["transform"]["scale"]:
        raise ValueError("the two topologies are quantised with different scales")
    scale = counties["transform"]["scale"]
    shift = [round((a - c) / s) for a, c, s in
             zip(anhui["transform"]["translate"], counties["transform"]["translate"], scale)]
    neighbours = anhui["objects"]["neighbours"]["geometries"]

    used: list[int] = []

    def collect(refs) -> None:
        if isinstance(refs, int):
            i = refs if refs >= 0 else ~refs
            if i not in used:
                used.append(i)
        else:
            for r in refs:
                collect(r)

    for g in neighbours:
        collect(g["arcs"])
    arcs = [list(map(list, a)) for a in counties["arcs"]]
    mapping = {}
    for old in used:
        arc = [list(p) for p in anhui["arcs"][old]]
        arc[0] = [arc[0][0] + shift[0], arc[0][1] + shift[1]]
        mapping[old] = len(arcs)
        arcs.append(arc)
    (ax0, ay0, ax1, ay1), (cx0, cy0, cx1, cy1) = anhui["bbox"], counties["bbox"]
    return {
        "type": "Topology",
        "bbox": [min(ax0, cx0), min(ay0, cy0), max(ax1, cx1), max(ay1, cy1)],
        "transform": counties["transform"],
        "objects": {
            "cities": counties["objects"]["counties"],
            "neighbours": {"type": "GeometryCollection",
                           "geometries": [{**g, "arcs": _remap(g["arcs"], mapping)} for g in neighbours]},
        },
        "arcs": arcs,
    }


def synthetic_records(units: list[dict], real: dict) -> dict:
    """One record per unit, cycling through the real file's themes."""
    themes = list(real["themes"])
    cities = []
    for i, p in enumerate(sorted(units, key=lambda p: p["adcode"])):
        short, en = p["short"], p.get("name_en") or str(p["adcode"])
        value = 3 + (i * 37) % 211
        cities.append({
            "adcode": p["adcode"],
            "name": p["name"],
            "theme": themes[i % len(themes)],
            "headline": f"{short}推进基层统战工作",
            "headline_en": f"{en} builds its grassroots united front work",
            "headline_figure": "projects",
            "summary": f"{p['name']}（合成的基准测试记录）：建立工作站、联系点和服务平台，共推进{value}个项目。",
            "summary_en": f"{en} (a synthetic benchmark record): work stations, contact points and a service "
                          f"platform, {value} projects in all.",
            "figures": [{"key": "projects", "label": "推进项目", "label_en": "projects", "value": value, "unit": "个"}],
        })
    return {"source": real["source"], "page": {"title": "安徽104个县级单位（基准测试）",
                                               "dek": "合成数据，仅用于测量规模"},
            "themes": real["themes"], "cities": cities}


def write_inputs(folder: Path) -> tuple[Path, Path, int]:
    """Write the county topology and records into ``folder``; return their paths and the unit count."""
    counties = json.loads((GEODATA / "anhui_counties.topo.json").read_text("utf-8"))
    anhui = json.loads((GEODATA / "anhui.topo.json").read_text("utf-8"))
    real = yaml.safe_load((ROOT / "data" / "initiatives.yaml").read_text("utf-8"))
    topo = combined_topology(counties, anhui)
    units = [g["properties"] for g in topo["objects"]["cities"]["geometries"]]
    folder.mkdir(parents=True, exist_ok=True)
    topo_path, data_path = folder / "counties.topo.json", folder / "counties.yaml"
    topo_path.write_text(json.dumps(topo, ensure_ascii=False, separators=(",", ":")), "utf-8")
    data_path.write_text(yaml.safe_dump(synthetic_records(units, real), allow_unicode=True, sort_keys=False), "utf-8")
    return data_path, topo_path, len(units)
