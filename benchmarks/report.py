"""The targets (met / not met, judged on medians) and the printed Markdown table.

Sizes are in kB of 1000 bytes, as ``mapgen build`` prints them.
"""

from __future__ import annotations

KB = 1000


def _target(name: str, measured, limit: float, unit: str) -> dict:
    return {"name": name, "measured": measured, "limit": limit, "unit": unit,
            "met": None if measured is None else measured <= limit}


def _median(block) -> float | None:
    return block["median"] if block else None


def targets(r: dict) -> list[dict]:
    b, p, c = r["build"], r["page"]["mapgen"], r["counties"]
    return [
        _target("cold build wall time, mapgen / baseline", b["ratio"], 0.6, "x"),
        _target("mapgen page size", round(b["mapgen"]["size_bytes"] / KB, 1), 350, "kB"),
        _target("first render of all 16 polygons", _median(p["first_render_ms"]), 300, "ms"),
        _target("click to panel visible", _median(p["click_to_panel_ms"]), 50, "ms"),
        _target("104 counties: page size", round(c["size_bytes"] / KB, 1) if c["ok"] else None, 1000, "kB"),
        _target("104 counties: first render", _median(c["first_render_ms"]) if c["ok"] else None, 1000, "ms"),
    ]


def _spread(block, digits: int, scale: float = 1) -> str:
    if not block or block["median"] is None:
        return "n/a"
    f = f"{{:.{digits}f}}"
    med, lo, hi = (f.format(block[k] * scale) for k in ("median", "min", "max"))
    return med if block["n"] == 1 else f"{med} ({lo}–{hi})"


def _met(t: dict) -> str:
    if t["met"] is None:
        return "not measured"
    return ("met" if t["met"] else "NOT met") + f" (≤ {t['limit']:g} {t['unit']})"


def table(r: dict) -> str:
    b, pb, pm, c = r["build"], r["page"]["baseline"], r["page"]["mapgen"], r["counties"]
    t = {x["name"]: x for x in r["targets"]}
    rows = [
        ("cold build, wall time (s)", _spread(b["baseline"]["wall_s"], 2), _spread(b["mapgen"]["wall_s"], 2),
         f"{b['ratio']:.2f}x; " + _met(t["cold build wall time, mapgen / baseline"])),
        ("cold build, CPU time user+sys (s)", _spread(b["baseline"]["cpu_s"], 2), _spread(b["mapgen"]["cpu_s"], 2),
         f"{b['cpu_ratio']:.2f}x (for information)"),
        ("peak memory, max RSS (MB)", _spread(b["baseline"]["max_rss_mb"], 0), _spread(b["mapgen"]["max_rss_mb"], 0), ""),
        ("output size (kB)", f"{b['baseline']['size_bytes'] / KB:.1f}", f"{b['mapgen']['size_bytes'] / KB:.1f}",
         _met(t["mapgen page size"])),
        ("outside requests to render", str(pb["outside_requests"]), str(pm["outside_requests"]), ""),
        ("polygons drawn offline", f"{pb['polygons_drawn']}/16", f"{pm['polygons_drawn']}/16", ""),
        ("first render, offline (ms)", pb["first_render_note"] or _spread(pb["first_render_ms"], 0),
         _spread(pm["first_render_ms"], 0), _met(t["first render of all 16 polygons"])),
        ("  of which script done, DOM ready (ms)", "", _spread(pm["dom_ready_ms"], 0), ""),
        ("click to panel visible (ms)", "n/a (nothing to click)", _spread(pm["click_to_panel_ms"], 1),
         _met(t["click to panel visible"])),
        ("  of which click handlers (ms)", "", _spread(pm["click_handler_ms"], 1), ""),
    ]
    if c["ok"]:
        rows += [
            (f"{c['units']} counties: build wall time (s)", "", _spread(c["wall_s"], 2), ""),
            (f"{c['units']} counties: page size (kB)", "", f"{c['size_bytes'] / KB:.1f}", _met(t["104 counties: page size"])),
            (f"{c['units']} counties: first render (ms)", "", _spread(c["first_render_ms"], 0)
             + f", {c['polygons_drawn']}/{c['units']} drawn", _met(t["104 counties: first render"])),
        ]
    else:
        rows.append((f"{c['units']} counties", "", "build refused: " + " ".join(
                     line.strip() for line in c["error"].splitlines()) if c["error"] else "build failed", "not measured"))
    head = ("measure", "baseline (plain folium)", "mapgen", "target")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    m = r["machine"]
    lines.append("")
    lines.append(f"Median (min–max) of {r['repetitions']} repetition(s); machine: {m['nproc']} CPUs, {m['cpu']}, "
                 f"{m['ram_gb']} GB RAM, Python {m['python']}, Chromium {m.get('chromium', '?')}; "
                 f"1-min load average {m['loadavg_1min_at_start']} at start, {m.get('loadavg_1min_at_end', '?')} at end.")
    return "\n".join(lines)
