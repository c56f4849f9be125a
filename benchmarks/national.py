"""What the 南海诸岛 inset and the main-body view cost a map of all China.

    python benchmarks/national.py            # prints a Markdown table; writes output/national.json

In one process, after the boundaries are loaded (their decoding is not measured here):
CPU time (user+sys of this process) and wall time of the main-body rule
(``mapgen.regions.mainbody.main_extent``) on the layers the maps use, and of the inset
(``mapgen.regions.inset.inset_data``); then the bytes of pages built from ``mapgen init``
stubs: the national maps carry the inset's data, script and CSS, Anhui's page none of them.

Measured 2 December 2026 on the shared 2-CPU machine (load average 10 to 22, six helpers at
work: wall times are noisy, CPU times less so):

| what | CPU s | wall s |
|---|---|---|
| main body, 中国 provinces (1,974 polygons; the city and county maps reuse it) | 0.30-0.37 | 0.4-1.7 |
| main body, 海南 cities (252 polygons) | 0.01-0.03 | 0.07 |
| inset data, 中国 (any level) | 0.005-0.01 | 0.02 |

A whole national province build (``render``, fresh process, user+sys): 2.46-2.98 s CPU before
(03b2b09), 2.69-2.72 s after (scipy's csgraph, 0.47 s of imports, is not used). Pages:

| page | before (03b2b09) | after |
|---|---|---|
| 中国, provinces | 422,037 B | 435,366 B (inset: 6.6 kB payload, 4.8 kB script, 0.6 kB CSS) |
| Anhui (data/initiatives.yaml) | 341,189 B | 341,436 B (+247 B: the longer 审图号 note, the 50 B hook) |
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(fn, reps: int = 3) -> dict:
    """Best CPU and wall seconds of ``reps`` calls (the first call also imports what it needs)."""
    cpu, wall = [], []
    for _ in range(reps):
        c, w = _cpu(), time.perf_counter()
        fn()
        cpu.append(_cpu() - c)
        wall.append(time.perf_counter() - w)
    return {"cpu_s": round(min(cpu), 3), "wall_s": round(min(wall), 3)}


def main() -> int:
    from click.testing import CliRunner

    from mapgen import render
    from mapgen.cli import main as cli
    from mapgen.regions.boundaries import load_region
    from mapgen.regions.inset import inset_data
    from mapgen.regions.mainbody import main_extent

    china, hainan = load_region("中国", "province"), load_region("海南", "city")
    results = {
        "main body, 中国 provinces": timed(lambda: main_extent(list(china.units.geometry.values))),
        "main body, 海南 cities": timed(lambda: main_extent(list(hainan.units.geometry.values))),
        "inset data, 中国": timed(lambda: inset_data(china)),
    }
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        for region, level in (("中国", "province"),):  # the city and county maps exceed the 200-record limit
            data = Path(tmp) / f"{region}-{level}.yaml"
            CliRunner().invoke(cli, ["init", region, "--level", level, "--out", str(data)])
            sizes[f"{region} {level}"] = len(render(data).encode("utf-8"))
    sizes["Anhui"] = len(render(ROOT / "data" / "initiatives.yaml").encode("utf-8"))
    print("| what | CPU s | wall s |\n|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['cpu_s']} | {r['wall_s']} |")
    print("\n| page | bytes |\n|---|---|")
    for name, size in sizes.items():
        print(f"| {name} | {size:,} |")
    out = ROOT / "output" / "national.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"timings": results, "bytes": sizes}, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
