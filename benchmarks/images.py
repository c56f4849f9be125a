"""Time the static images: each format of the Anhui map and of national maps, cold and warm.

    python benchmarks/images.py            # 3 repetitions
    python benchmarks/images.py --reps 5
    python benchmarks/images.py --quick    # 1 repetition, no national PDF/SVG, no browser

Cold: a fresh Python process that imports mapgen, builds the page data and draws one
image (what ``mapgen build --format X`` costs, less click). Warm: a second image of the
same format from the same process (what a server or ``mapgen serve`` pays). Targets
(issue 16): <= 1.5 s cold, <= 0.3 s warm per format of the Anhui map; the map of China's
370 prefectures (written by ``mapgen init 中国 --level city``, with its 南海诸岛 inset)
<= 5 s cold. The 34-province map is measured beside it, without a target. Wall time and CPU time are both
printed: on a shared machine CPU time is the steadier of the two. Never asserted in tests.

For comparison, the way an editor would do it without mapgen's images: build the page and
take a screenshot of it in headless Chromium (Debian's, launched as ``benchmarks/pages.py``
launches it), 540 CSS px wide at device scale 2 = 1080 px. Cold includes starting the
browser; warm is a second screenshot from the same browser. Its CPU column counts only the
Python side (the browser runs in its own processes): compare wall times. Skipped without Chromium.
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
NATIONAL_TARGET = 5.0  # cold, the 370-prefecture map

_CHILD = """
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from mapgen.pipeline import scene as _page, BuildOptions
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


_SCREENSHOT = """
import json, sys, time, tempfile
from pathlib import Path
t0, c0 = time.perf_counter(), time.process_time()
sys.path.insert(0, "benchmarks")
import pages
from mapgen.pipeline import build
from playwright.sync_api import sync_playwright
out = Path(tempfile.mkdtemp()) / "map.html"
build(sys.argv[1], out)
def shot(browser):
    context = browser.new_context(viewport={"width": 540, "height": 900}, device_scale_factor=2)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page.goto(out.resolve().as_uri(), wait_until="load")
    page.wait_for_selector(".mg-root[data-ready=true]", timeout=10000)
    data = page.screenshot(full_page=True)
    context.close()
    return len(data)
with sync_playwright() as pw:
    browser = pages.launch(pw)
    size = shot(browser)
    t2, c2 = time.perf_counter(), time.process_time()
    shot(browser)
    t3, c3 = time.perf_counter(), time.process_time()
    browser.close()
print(json.dumps({"cold": t2 - t0, "cold_cpu": c2 - c0, "page": 0.0, "image": 0.0,
                  "warm": t3 - t2, "warm_cpu": c3 - c2, "bytes": size}))
"""


def screenshot() -> dict | None:
    import shutil

    if not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()):
        return None
    out = subprocess.run([sys.executable, "-c", _SCREENSHOT, str(DATA)], cwd=ROOT, capture_output=True, text=True)
    return json.loads(out.stdout) if out.returncode == 0 else None


def sample(fmt: str, unit: str = "", data: Path = DATA) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(data), fmt, unit], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def national(folder: Path, level: str | None) -> Path:
    """The data file ``mapgen init 中国`` writes (placeholders and all): what an editor starts from."""
    from mapgen.regions.scaffold import scaffold

    text, _count, _level = scaffold("中国", level)
    path = folder / f"china-{level or 'province'}.yaml"
    path.write_text(text, "utf-8")
    return path


def main() -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one repetition, national PNG only, no browser")
    args = parser.parse_args()
    reps = 1 if args.quick else args.reps
    load_before = _load()
    folder = Path(tempfile.mkdtemp(prefix="mapgen-images-"))
    provinces, prefectures = national(folder, None), national(folder, "city")
    national_formats = ("png",) if args.quick else FORMATS
    cases = [*(("Anhui map", f, "", DATA) for f in FORMATS), ("Anhui card", "png", "340100", DATA),
             *(("China, 34 provinces", f, "", provinces) for f in national_formats),
             *(("China, 370 prefectures", f, "", prefectures) for f in national_formats)]
    rows = []
    for what, fmt, unit, data in cases:
        runs = [sample(fmt, unit, data) for _ in range(reps)]
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        rows.append((what, fmt, med))
    shots = [] if args.quick else [r for r in (screenshot() for _ in range(reps)) if r]
    if shots:
        rows.append(("chromium screenshot", "png", {k: statistics.median(r[k] for r in shots) for k in shots[0]}))
    print("| image | format | cold s (cpu) | warm s (cpu) | of cold: page data / first image | bytes | target |")
    print("|---|---|---|---|---|---|---|")
    for what, fmt, m in rows:
        if what.startswith("China, 370"):
            ok = "met" if m["cold"] <= NATIONAL_TARGET else "not met"
        elif what.startswith("China"):
            ok = "-"
        else:
            ok = "met" if m["cold"] <= TARGET["cold"] and m["warm"] <= TARGET["warm"] else "not met"
        print(f"| {what} | {fmt} | {m['cold']:.2f} ({m['cold_cpu']:.2f}) | {m['warm']:.2f} ({m['warm_cpu']:.2f}) "
              f"| {m['page']:.2f} / {m['image']:.2f} | {int(m['bytes']):,} | {ok} |")
    print(f"\n1-minute load average at start / end: {load_before} / {_load()} (2 CPUs)")
    return 0


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
