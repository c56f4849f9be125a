"""Where a cold ``mapgen build`` spends its time: cProfile and ``-X importtime``.

(Named ``profiling`` because a ``profile.py`` here would shadow the standard
library module that ``cProfile`` imports.)
"""

from __future__ import annotations

import pstats
import re
import sys
import tempfile
from pathlib import Path

from processes import ROOT, checked, mapgen_command

_IMPORTLIB = "<frozen importlib._bootstrap>"


def _script(out_dir: Path) -> str:
    """A Python file that runs the CLI: the installed console script, or a stand-in."""
    script = mapgen_command()[0]
    if script != sys.executable:
        return script
    runner = out_dir / "mapgen_cli.py"
    runner.write_text("from mapgen.cli import main\nmain()\n", "utf-8")
    return str(runner)


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/lib/python3", str(ROOT) + "/"):
        if marker in filename:
            tail = filename.split(marker, 1)[1]
            return tail.split("/", 1)[1] if marker == "/lib/python3" else tail
    return filename


def _entry(key, row) -> dict:
    filename, line, func = key
    calls, _, tottime, cumtime, _ = row
    where = func if filename == "~" else f"{_short(filename)}:{line}({func})"
    return {"function": where, "calls": calls, "tottime_s": round(tottime, 4), "cumtime_s": round(cumtime, 4)}


def profile_build(out_dir: Path) -> dict:
    """cProfile one fresh ``mapgen build`` process; summarise the top entries."""
    prof = out_dir / "build.prof"
    checked([sys.executable, "-m", "cProfile", "-o", str(prof), _script(out_dir),
             "build", "--out", str(out_dir / "profiled.html")])
    st = pstats.Stats(str(prof))
    rows = st.stats  # {(file, line, func): (cc, nc, tt, ct, callers)}
    total = st.total_tt
    by_cum = sorted(rows.items(), key=lambda kv: kv[1][3], reverse=True)
    imports = sum(row[3] for key, row in rows.items()
                  if key[0] == _IMPORTLIB and key[2] == "_find_and_load")
    mapgen_rows = [kv for kv in by_cum if "/mapgen/" in kv[0][0]]
    return {
        "tool": "cProfile (python -m cProfile mapgen build), whole process",
        "total_s": round(total, 3),
        "import_s": round(imports, 3),
        "import_share": round(imports / total, 3) if total else None,
        "top_cumulative": [_entry(k, r) for k, r in by_cum[:10]],
        "top_mapgen_cumulative": [_entry(k, r) for k, r in mapgen_rows[:10]],
        "top_tottime": [_entry(k, r) for k, r in sorted(rows.items(), key=lambda kv: kv[1][2], reverse=True)[:10]],
    }


_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def parse_importtime(stderr: str) -> dict:
    """Summarise a ``-X importtime`` log.

    ``top``: imports made by the program itself (nesting level 0), by cumulative time.
    ``packages``: every top-level package wherever it was first imported, by cumulative
    time; these overlap (pandas' time includes numpy's when pandas imported it first).
    """
    level0: list[tuple[str, int]] = []
    packages: list[tuple[str, int]] = []
    total_self = 0
    for m in _LINE.finditer(stderr):
        self_us, cum_us, indent, name = int(m[1]), int(m[2]), m[3], m[4]
        total_self += self_us
        if len(indent) <= 1:
            level0.append((name, cum_us))
        if "." not in name and not name.startswith("_"):
            packages.append((name, cum_us))

    def top(pairs):
        pairs = sorted(pairs, key=lambda t: t[1], reverse=True)[:10]
        return [{"module": n, "cumulative_ms": round(us / 1000, 1)} for n, us in pairs]

    return {"total_ms": round(total_self / 1000, 1), "top": top(level0), "packages": top(packages)}


def import_times(out_dir: Path) -> dict:
    """``python -X importtime``: of ``import mapgen.cli``, and of a whole ``mapgen build``."""
    cli = checked([sys.executable, "-X", "importtime", "-c", "import mapgen.cli"])
    build = checked([sys.executable, "-X", "importtime", _script(out_dir),
                     "build", "--out", str(out_dir / "importtime.html")])
    return {"import_mapgen_cli": parse_importtime(cli.stderr),
            "mapgen_build": parse_importtime(build.stderr)}


WARM = """
import sys, time
from mapgen.pipeline import render
t0 = time.perf_counter(); render(sys.argv[1]); t1 = time.perf_counter(); render(sys.argv[1]); t2 = time.perf_counter()
print(f"{t1 - t0:.4f} {t2 - t1:.4f}")
"""


def warm_render() -> dict:
    """In one process: ``render()`` once (with its lazy imports), then again (work only)."""
    first, second = checked([sys.executable, "-c", WARM, str(ROOT / "data" / "initiatives.yaml")]).stdout.split()
    return {"first_render_call_s": float(first), "second_render_call_s": float(second)}


def summary(profile: dict, imports: dict, warm: dict) -> str:
    build = imports["mapgen_build"]
    pkgs = ", ".join(f"{t['module']} {t['cumulative_ms']:.0f}" for t in build["packages"]
                     if t["module"] not in ("mapgen", "site", "encodings"))
    stages = ", ".join(f"{e['function']} {e['cumtime_s'] * 1000:.0f}"
                       for e in profile["top_mapgen_cumulative"] if "cli.py" not in e["function"])
    return (f"Imports dominate a cold build: under cProfile {profile['import_s']:.2f} of {profile['total_s']:.2f} s "
            f"({profile['import_share']:.0%}) is spent importing; -X importtime counts {build['total_ms']:.0f} ms of "
            f"imports in a build (`import mapgen.cli` alone: {imports['import_mapgen_cli']['total_ms']:.0f} ms). "
            f"Heaviest packages, ms, nested and overlapping: {pkgs}. "
            f"In one process, render() takes {warm['first_render_call_s'] * 1000:.0f} ms the first time (lazy imports "
            f"included) and {warm['second_render_call_s'] * 1000:.0f} ms the second (the work itself). "
            f"mapgen functions by cumulative time under cProfile, ms: {stages}.")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        p, i = profile_build(Path(tmp)), import_times(Path(tmp))
        print(summary(p, i, warm_render()))
