"""Run one command as a fresh process; measure its wall time, CPU time and peak memory.

Peak memory is the child's own ``ru_maxrss``, read from ``os.wait4(pid)``:
the kernel reports the resource usage of exactly that child (and of any
grandchildren it waited for), so nothing from earlier runs leaks in, unlike
deltas of ``getrusage(RUSAGE_CHILDREN)``, whose ``ru_maxrss`` is a maximum
over every child ever reaped. No wrapper process is added, so the wall time
is the command's own (fork/exec included). CPU time (user + system, from the
same rusage) is less disturbed than wall time when other work shares the CPUs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float  # user + system time of the child
    max_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def mapgen_command(*args: str) -> list[str]:
    """``mapgen ...`` through the installed console script (not a pyenv/venv shim)."""
    script = BIN / "mapgen"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from mapgen.cli import main; main()", *args]


def baseline_command(out: Path) -> list[str]:
    return [sys.executable, str(ROOT / "benchmarks" / "baseline_folium.py"), str(out)]


def run(cmd: list[str], cwd: Path = ROOT) -> Run:
    """Run ``cmd`` to completion; wall time from spawn to reaping."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode,  # Linux: ru_maxrss in KiB
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def checked(cmd: list[str], cwd: Path = ROOT) -> Run:
    result = run(cmd, cwd)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {result.returncode}:\n{result.stderr.strip()}")
    return result


def stats(samples: list[float], digits: int = 3) -> dict:
    """Median and spread of a list of samples (all kept, rounded)."""
    if not samples:
        return {"median": None, "min": None, "max": None, "n": 0, "samples": []}
    return {
        "median": round(statistics.median(samples), digits),
        "min": round(min(samples), digits),
        "max": round(max(samples), digits),
        "n": len(samples),
        "samples": [round(s, digits) for s in samples],
    }
