"""Where a map page's first render goes: a Chromium trace of one load, summed up.

    python benchmarks/pagetrace.py PAGE.html [PAGE.html ...] [--throttle 4] [--reps 3]

Each page is opened from a ``file:`` URL (offline, as ``pages.py`` opens it, at 1280x800),
once untimed, then ``--reps`` times under a DevTools trace (``devtools.timeline`` and V8's
sampling profiler). The same watcher as ``pages.py`` marks *first render* (all polygons
drawn, ``data-ready``, the next frame painted). Up to that mark the main thread's time is
split by what it did (self time of each trace event: parsing HTML, compiling and running
script, style recalculation, layout, paint, ...), and the script's sampled time by where it
ran: Leaflet, the payload parse, or each ``templates/js/*.js`` feature file. A layout or
style recalculation run inside script is a *forced* one. ``Performance.getMetrics`` gives the
page's task, script, layout and style totals, which depend less on the machine's load than
wall times. Prints a Markdown summary; never fails on a timing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import pages  # noqa: E402

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "v8",
              "blink.user_timing", "disabled-by-default-v8.cpu_profiler", "loading",
              "disabled-by-default-devtools.timeline.stack"]
# pages.py's watcher, also leaving a mark in the trace at first render
WATCH = pages.WATCH.replace("B.render_ms = performance.now();",
                            "B.render_ms = performance.now(); performance.mark(\"mg-first-render\");")
assert WATCH != pages.WATCH
# What a trace event is, in the words of this summary.
KIND = {
    "ParseHTML": "parse HTML", "EvaluateScript": "run script (top level)", "v8.compile": "compile script",
    "v8.compileModule": "compile script", "V8.CompileCode": "compile script", "v8.produceCache": "compile script",
    "V8.ScriptCompiler": "compile script", "v8.parseOnBackground": "compile script",
    "FunctionCall": "run script (callbacks)", "TimerFire": "run script (callbacks)",
    "FireAnimationFrame": "run script (callbacks)", "EventDispatch": "run script (callbacks)",
    "v8.callFunction": "run script (callbacks)", "RunMicrotasks": "run script (callbacks)",
    "V8.GC_SCAVENGER": "garbage collection", "MinorGC": "garbage collection", "MajorGC": "garbage collection",
    "V8.GCScavenger": "garbage collection", "V8.GCFinalizeMC": "garbage collection",
    "UpdateLayoutTree": "style recalc", "RecalculateStyles": "style recalc", "ParseAuthorStyleSheet": "parse CSS",
    "Layout": "layout", "PrePaint": "pre-paint", "Paint": "paint", "PaintImage": "paint", "Layerize": "layerize",
    "UpdateLayer": "layerize", "UpdateLayerTree": "layerize", "Commit": "commit", "HitTest": "hit test",
    "IntersectionObserverController::computeIntersections": "other",
}


def script_sections(html: str) -> list[tuple[int, int, str]]:
    """(first line, last line, name) of each part of the page a script can run from, 0-based lines."""
    lines = html.split("\n")
    out, start, name = [], None, None
    for i, line in enumerate(lines):
        if start is None and "<script" in line:
            start = i
            body = line.split(">", 1)[1] if ">" in line else ""
            name = ("leaflet" if "mg.L) return" in "\n".join(lines[i:i + 6]) else
                    "payload JSON" if "application/json" in line else
                    "inset.js" if "drawInset" in "\n".join(lines[i:i + 4]) else "init" if "L.map(" in body else "app")
        if start is not None and "</script>" in line:
            out.append((start, i, name))
            start = None
    # the app script, by feature file
    sections = []
    for first, last, name in out:
        if name != "app":
            sections.append((first, last, name))
            continue
        cur, cur_name = first, "app.js (head)"
        for i in range(first, last + 1):
            m = re.search(r"/\* ---- js/(\w+)\.js \*/", lines[i])
            if m:
                sections.append((cur, i - 1, cur_name))
                cur, cur_name = i, m.group(1) + ".js"
        sections.append((cur, last, cur_name))
    return sections


def where(sections, url: str, line: int, page_url: str) -> str:
    if not url:
        return "(native / GC / idle)"
    if url != page_url:
        return "(injected: benchmark watcher)" if url.startswith("__") or not url.startswith("file:") else url
    for first, last, name in sections:
        if first <= line <= last:
            return name
    return "(page, other)"


def summarise(events: list[dict], html: str, page_url: str) -> dict:
    # the renderer's main thread: the one that parsed this page
    parse = [e for e in events if e.get("name") == "ParseHTML" and page_url in json.dumps(e.get("args", {}))]
    if not parse:
        raise SystemExit("pagetrace: no ParseHTML of the page in the trace")
    pid, tid = parse[0]["pid"], parse[0]["tid"]
    mark = [e for e in events if e.get("name") == "mg-first-render" and e["pid"] == pid]
    nav = [e for e in events if e.get("name") == "navigationStart" and e["pid"] == pid]
    start = min(e["ts"] for e in parse) if not nav else max(e["ts"] for e in nav if e["ts"] <= parse[0]["ts"])
    end = mark[0]["ts"] if mark else max(e["ts"] for e in events if e["pid"] == pid)
    main = sorted((e for e in events if e["pid"] == pid and e["tid"] == tid and e.get("ph") == "X"
                   and start <= e["ts"] < end and "dur" in e), key=lambda e: (e["ts"], -e["dur"]))
    # self time per kind: an event's duration minus its children's (events nest on one thread)
    self_us: dict[str, float] = defaultdict(float)
    forced = defaultdict(float)
    forced_list: list[tuple] = []
    big_list: list[tuple] = []
    stack: list[dict] = []
    busy = 0.0
    for e in main:
        e_end = e["ts"] + e["dur"]
        while stack and stack[-1]["_end"] <= e["ts"]:
            stack.pop()
        # an event this summary does not name keeps its trace name, in brackets
        kind = KIND.get(e["name"], f"[{e['name']}]")
        if not stack:
            busy += e.get("tdur", e["dur"])
        # thread (CPU) time where the trace has it: what the page costs, less the machine's load
        e["_cpu"] = e.get("tdur", e["dur"])
        e["_end"], e["_kind"], e["_child"] = e_end, kind, 0.0
        if stack:  # the parent's self time is its duration less its children's
            stack[-1]["_child"] += e["_cpu"]
        if kind in ("layout", "style recalc") and e["_cpu"] >= 2000:
            data = (e.get("args", {}).get("beginData") or {})
            frames = data.get("stackTrace") or []
            big_list.append((round((e["ts"] - start) / 1000, 1), kind, round(e["_cpu"] / 1000, 1),
                             {k: v for k, v in data.items() if k in ("dirtyObjects", "totalObjects", "elementCount")},
                             " < ".join(f"{f.get('functionName') or '?'}" for f in frames[:4]) or "(frame)"))
        if kind in ("layout", "style recalc") and any(a["_kind"].startswith("run script") for a in stack):
            forced[kind] += e["_cpu"]
            frames = (e.get("args", {}).get("beginData", {}) or {}).get("stackTrace") or []
            who = " < ".join(f"{f.get('functionName') or '?'}" for f in frames[:4])
            forced_list.append((round((e["ts"] - start) / 1000, 1), kind, round(e["_cpu"] / 1000, 1), who))
        stack.append(e)
    for e in main:
        self_us[e["_kind"]] += max(0.0, e["_cpu"] - e["_child"])
    # the sampled JS profile, by section of the page
    nodes, by_section, by_function = {}, defaultdict(float), defaultdict(float)
    sections = script_sections(html)
    for e in events:
        if e.get("name") not in ("Profile", "ProfileChunk") or e["pid"] != pid:
            continue
        data = e.get("args", {}).get("data", {})
        prof = data.get("cpuProfile", {})
        for n in prof.get("nodes", []):
            nodes[n["id"]] = n["callFrame"]
        t = data.get("_t", None)
        samples, deltas = prof.get("samples", []), data.get("timeDeltas", [])
        for s, d in zip(samples, deltas):
            cf = nodes.get(s)
            if cf is None:
                continue
            name = cf.get("functionName") or "(anonymous)"
            if name in ("(idle)", "(program)", "(root)"):
                continue
            sec = where(sections, cf.get("url", ""), cf.get("lineNumber", -1), page_url)
            by_section[sec] += d
            by_function[f"{name} [{sec}:{cf.get('lineNumber', -1) + 1}]"] += d
    return {"wall_ms": (end - start) / 1000, "busy_ms": busy / 1000,
            "kinds_ms": {k: v / 1000 for k, v in sorted(self_us.items(), key=lambda kv: -kv[1])},
            "forced_ms": {k: v / 1000 for k, v in forced.items()}, "forced": forced_list, "big": big_list,
            "js_sections_ms": {k: v / 1000 for k, v in sorted(by_section.items(), key=lambda kv: -kv[1])},
            "js_functions_ms": {k: v / 1000 for k, v in sorted(by_function.items(), key=lambda kv: -kv[1])[:25]}}


def metrics(cdp) -> dict:
    """The page's main-thread totals from navigation to ``data-settled`` (fonts placed)."""
    got = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {k: round(got[k] * 1000, 1) for k in ("TaskDuration", "ScriptDuration", "LayoutDuration",
                                                   "RecalcStyleDuration") if k in got}


def trace_once(browser, path: Path, units: int, throttle: float, save: Path | None = None,
               categories: list[str] = CATEGORIES) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    if throttle != 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page.add_init_script(WATCH % {"count": units, "selector": json.dumps("path.leaflet-interactive[data-adcode]"),
                                        "ready": "true"})
    browser.start_tracing(page=page, categories=categories)
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function("window.__bench && window.__bench.render_ms !== null", timeout=60000 * throttle)
    page.wait_for_function("document.querySelector('.mg-root').getAttribute('data-settled') === 'true'")
    bench = page.evaluate("window.__bench")
    raw = browser.stop_tracing()
    if save:
        save.write_bytes(raw)
    trace = json.loads(raw)
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    out = summarise(events, path.read_text("utf-8"), path.resolve().as_uri())
    out["render_ms"], out["dom_ms"] = bench["render_ms"], bench["dom_ms"]
    out["metrics"] = metrics(cdp)
    context.close()
    return out


def units_of(path: Path) -> int:
    """How many units the page draws: the cities of its payload."""
    found = re.search(r'<script type="application/json" data-mapgen="[^"]+">(.*?)</script>', path.read_text("utf-8"), re.S)
    return len(json.loads(found.group(1))["cities"])


GROUPS = {"parse HTML": "parse HTML", "parse CSS": "parse HTML", "compile script": "compile script",
          "run script (top level)": "script", "run script (callbacks)": "script", "[v8.run]": "script",
          "[V8.BytecodeBudgetInterrupt]": "script", "[V8.BytecodeBudgetInterruptWithStackCheck]": "script",
          "[V8.HandleInterrupts]": "script", "[V8.DeoptimizeCode]": "script", "[V8.StackGuard]": "script",
          "[v8.callFunction]": "script", "garbage collection": "garbage collection",
          "style recalc": "style recalc", "layout": "layout", "pre-paint": "paint", "paint": "paint",
          "layerize": "paint", "commit": "paint"}


def grouped(kinds: dict) -> dict:
    """Self times by the groups of :data:`GROUPS` (V8's GC events go to garbage collection; the rest is other)."""
    out: dict = defaultdict(float)
    for k, v in kinds.items():
        out[GROUPS.get(k, "garbage collection" if k.startswith(("[V8.GC", "[MinorGC", "[MajorGC")) else "other")] += v
    return out


def report(name: str, runs: list[dict], verbose: bool = False) -> str:
    def med(values):
        v = sorted(values)
        return v[len(v) // 2]
    groups = [grouped(r["kinds_ms"]) for r in runs]
    lines = [f"### {name}: first render {med([r['render_ms'] for r in runs]):.0f} ms (median of {len(runs)}); "
             f"main thread CPU to it {med([r['busy_ms'] for r in runs]):.0f} ms",
             "", "| main thread CPU (thread time) to first render | ms |", "|---|---|"]
    lines += [f"| {k} | {med([g.get(k, 0) for g in groups]):.1f} |"
              for k in ("parse HTML", "compile script", "script", "garbage collection", "style recalc", "layout",
                        "paint", "other")]
    for k in ("layout", "style recalc"):
        lines.append(f"| of {k}: forced by script | {med([r['forced_ms'].get(k, 0) for r in runs]):.1f} |")
    lines += ["", "Performance.getMetrics, load to settled (median, ms): " +
              ", ".join(f"{k} {med([r['metrics'].get(k, 0) for r in runs]):.0f}" for k in runs[0]["metrics"]), ""]
    if any(r["js_sections_ms"] for r in runs):
        lines += ["| script, sampled self time by source (wall) | ms |", "|---|---|"]
        secs = sorted({k for r in runs for k in r["js_sections_ms"]}, key=lambda k: -med([r["js_sections_ms"].get(k, 0) for r in runs]))
        lines += [f"| {k} | {med([r['js_sections_ms'].get(k, 0) for r in runs]):.1f} |" for k in secs]
        lines += ["", "Top functions (last run): " + "; ".join(f"{k} {v:.1f}" for k, v in list(runs[-1]["js_functions_ms"].items())[:12]), ""]
    if verbose:
        lines += ["Every trace event kind, self CPU (median, ms): " +
                  "; ".join(f"{k} {med([r['kinds_ms'].get(k, 0) for r in runs]):.1f}"
                            for k in sorted({k for r in runs for k in r["kinds_ms"]}, key=lambda k: -runs[-1]["kinds_ms"].get(k, 0))
                            if med([r['kinds_ms'].get(k, 0) for r in runs]) >= 0.5), ""]
        lines += ["Forced layouts and style recalcs (last run: at ms, kind, CPU ms, script stack):"]
        lines += [f"- {at} {kind} {dur} {who}" for at, kind, dur, who in runs[-1]["forced"]] + [""]
        lines += ["Layouts and style recalcs of 2 ms or more (last run):"]
        lines += [f"- {at} {kind} {dur} {what} {who}" for at, kind, dur, what, who in runs[-1]["big"]] + [""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--throttle", type=float, default=1)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--save-trace", type=Path, metavar="DIR/x", help="keep each raw trace beside this path")
    parser.add_argument("--js", action="store_true", help="also sample the script (V8's profiler: slower, and it inflates script time)")
    parser.add_argument("--forced", action="store_true", help="list every forced layout and style recalc")
    args = parser.parse_args(argv)
    categories = CATEGORIES if args.js else [c for c in CATEGORIES if "cpu_profiler" not in c]
    from playwright.sync_api import sync_playwright
    everything = {}
    with sync_playwright() as pw:
        browser = pages.launch(pw)
        counts = {path: units_of(path) for path in args.pages}
        for path in args.pages:  # warm-up
            trace_once(browser, path, counts[path], args.throttle, categories=categories)
        runs: dict = {path: [] for path in args.pages}
        for i in range(args.reps):  # the pages alternate, so a change in the machine's load hits each alike
            for path in args.pages:
                save = args.save_trace and args.save_trace.with_name(f"{path.stem}.{i}.trace.json")
                runs[path].append(trace_once(browser, path, counts[path], args.throttle, save, categories))
        for path in args.pages:
            everything[str(path)] = runs[path]
            print(report(f"{path} ({counts[path]} units, throttle {args.throttle:g}x)", runs[path], args.forced), flush=True)
        browser.close()
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1, sort_keys=True), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
