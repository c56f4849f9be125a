"""Time the static images: each format of the Anhui map, cold and warm.

    python benchmarks/images.py            # 3 repetitions
    python benchmarks/images.py --reps 5

Cold: a fresh Python process that imports mapgen, builds the page data and draws one
image (what ``mapgen build --format X`` costs, less click). Warm: a second image of the
same format from the same process (what a server or ``mapgen serve`` pays). Targets
(issue 16): <= 1.5 s cold, <= 0.3 s warm per format. Wall time and CPU time are both
printed: on a shared machine CPU time is the steadier of the two. Never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "initiatives.yaml"
FORMATS = ("png", "svg", "pdf")
TARGET = {"cold": 1.5, "warm": 0.3}

_CHILD = """
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from mapgen.pipeline import _page, BuildOptions
from mapgen.image import render_image
page = _page(sys.argv[1], BuildOptions())
t1, c1 = time.perf_counter(), time.process_time()
fmt, unit = sys.argv[2], (sys.argv[3] or None)
size = len(render_image(page, fmt, unit=unit))
t2, c2 = time.perf_counter(), time.process_time()
render_image(page, fmt, unit=unit)
t3, c3 = time.perf_counter(), time.process_time()
print(json.dumps({"cold": t2 - t0, "cold_cpu": c2 - c0, "page": t1 - t0, "image": t2 - t1,
                  "warm": t3 - t2, "warm_cpu": c3 - c2, "bytes": size}))
"""


def sample(fmt: str, unit: str = "") -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(DATA), fmt, unit], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for what, fmt, unit in [*(("map", f, "") for f in FORMATS), ("card", "png", "340100")]:
        runs = [sample(fmt, unit) for _ in range(args.reps)]
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        rows.append((what, fmt, med))
    print("| image | format | cold s (cpu) | warm s (cpu) | of cold: page data / first image | bytes | target |")
    print("|---|---|---|---|---|---|---|")
    for what, fmt, m in rows:
        ok = m["cold"] <= TARGET["cold"] and m["warm"] <= TARGET["warm"]
        print(f"| {what} | {fmt} | {m['cold']:.2f} ({m['cold_cpu']:.2f}) | {m['warm']:.2f} ({m['warm_cpu']:.2f}) "
              f"| {m['page']:.2f} / {m['image']:.2f} | {int(m['bytes']):,} | {'met' if ok else 'not met'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
