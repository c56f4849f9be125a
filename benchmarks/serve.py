"""Benchmark ``mapgen serve`` on the Anhui map: warm rebuild, and save to visible.

    python benchmarks/serve.py [--reps 7] [--json output/serve-benchmark.json]

1. **Warm rebuild**: a :class:`mapgen.preview.Preview` on a temporary copy of
   ``data/initiatives.yaml`` builds once (cold: imports, boundary file, page
   script), then Hefei's ``480.4`` is edited ``--reps`` times; each
   ``Preview.rebuild()`` (read, validate, join, style, scene, render the
   preview page) is timed. Target: median <= 150 ms.
2. **Save to visible**: the preview is served (in this process, a thread) with
   the command's defaults (poll every 0.1 s, 0.2 s debounce) and opened in
   headless Chromium (Debian's, as ``tests/browser.py``; only 127.0.0.1
   reachable) at ``#340100&lang=en``, Hefei's panel open. Each repetition
   writes a new figure and times, from just before the write, until the
   panel of the reloaded page shows it (``expect`` polling at animation
   frames, read from this process). Split: save -> rebuilt (the poll, the
   debounce and the rebuild) and rebuilt -> visible (the long poll answering,
   the reload, the page drawing itself). Target: median <= 1 s.

Timings are reported, never asserted; on a busy machine they grow.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "initiatives.yaml"
HEFEI = "value: 480.4"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",  # as tests/browser.py
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _stats(samples: list[float]) -> dict:
    return {"median": round(statistics.median(samples), 1), "min": round(min(samples), 1),
            "max": round(max(samples), 1), "samples": [round(s, 1) for s in samples]}


def _edit(path: Path, original: str, i: int) -> str:
    """Write Hefei's figure as 500.1 + i and return how the English panel prints it."""
    value = 5001 + 10 * i  # ends in 1: printed with every digit (50.01 billion, not 50)
    path.write_text(original.replace(HEFEI, f"value: {value / 10:.1f}"), "utf-8")
    return f"{value / 100:.2f} billion yuan"


def warm_rebuild(folder: Path, reps: int) -> dict:
    from mapgen.preview import Preview

    data = folder / "initiatives.yaml"
    original = DATA.read_text("utf-8")
    data.write_text(original, "utf-8")
    preview = Preview(data, report=lambda _line: None)
    started = time.perf_counter()
    preview.rebuild()
    cold = (time.perf_counter() - started) * 1000
    samples, cpu = [], []
    for i in range(reps):
        _edit(data, original, i)
        started, started_cpu = time.perf_counter(), time.thread_time()
        assert preview.rebuild([data]), preview.problems
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    # CPU time of the rebuilding thread: what the rebuild costs when the machine is not shared.
    return {"cold_ms": round(cold, 1), "warm_ms": _stats(samples), "warm_cpu_ms": _stats(cpu), "target_ms": 150}


def save_to_visible(folder: Path, reps: int) -> dict:
    from playwright.sync_api import expect, sync_playwright

    from mapgen.preview import Preview, Watcher, make_server

    data = folder / "initiatives.yaml"
    original = DATA.read_text("utf-8")
    data.write_text(original, "utf-8")
    rebuilt: list[float] = []
    preview = Preview(data, report=lambda line: rebuilt.append(time.perf_counter()))
    preview.rebuild()
    server = make_server(preview, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    watcher = Watcher(preview.inputs, preview.rebuild).start()  # the command's defaults
    total, detect, show = [], [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server.url) else r.abort())
            page.goto(server.url + "#340100&lang=en")
            page.wait_for_selector(".mg-root[data-ready=true]")
            panel = page.locator(".mg-panel")
            for i in range(reps):
                time.sleep(0.5)  # let the page settle into its long poll
                rebuilt.clear()
                saved = time.perf_counter()
                want = _edit(data, original, i)
                expect(panel).to_contain_text(want, timeout=30_000)
                seen = time.perf_counter()
                total.append((seen - saved) * 1000)
                detect.append((rebuilt[0] - saved) * 1000)
                show.append((seen - rebuilt[0]) * 1000)
            browser.close()
    finally:
        watcher.stop()
        preview.close()
        server.shutdown()
        server.server_close()
    return {"save_to_visible_ms": _stats(total), "save_to_rebuilt_ms": _stats(detect),
            "rebuilt_to_visible_ms": _stats(show), "target_ms": 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = {"rebuild": warm_rebuild(Path(tmp), args.reps),
                   "browser": save_to_visible(Path(tmp), args.reps)}
    r, b = results["rebuild"], results["browser"]
    met = lambda value, target: "met" if value <= target else "NOT met"  # noqa: E731
    print("| measure | median | min | max | target |\n|---|---|---|---|---|")
    for name, s, target in (("warm rebuild (ms)", r["warm_ms"], 150),
                            ("  warm rebuild, CPU time of its thread (ms)", r["warm_cpu_ms"], None),
                            ("save -> visible in Chromium (ms)", b["save_to_visible_ms"], 1000),
                            ("  save -> rebuilt (poll + debounce + rebuild)", b["save_to_rebuilt_ms"], None),
                            ("  rebuilt -> visible (notify + reload + draw)", b["rebuilt_to_visible_ms"], None)):
        goal = f"<= {target}: {met(s['median'], target)}" if target else ""
        print(f"| {name} | {s['median']} | {s['min']} | {s['max']} | {goal} |")
    load = os.getloadavg()[0]
    results["machine"] = {"nproc": os.cpu_count(), "loadavg_1min": round(load, 2)}
    print(f"cold first build: {r['cold_ms']} ms; {os.cpu_count()} CPUs, load average {load:.1f} "
          "(above the CPU count, every wall time grows)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1), "utf-8")


if __name__ == "__main__":
    main()
