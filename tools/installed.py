"""Exit 0 if mapgen is installed (editable, from this checkout) with every requirement of EXTRAS met.

Usage: python tools/installed.py [EXTRAS]     e.g. test,geodata
tools/setup.sh runs it to skip a pip install that would change nothing.
"""

from __future__ import annotations

import importlib.metadata as md
import json
import sys
from pathlib import Path
from urllib.parse import unquote

try:
    from packaging.requirements import Requirement
except ImportError:  # pip vendors it
    from pip._vendor.packaging.requirements import Requirement


def main(extras: set[str]) -> int:
    try:
        dist = md.distribution("mapgen")
    except md.PackageNotFoundError:
        return 1
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    here = Path(__file__).resolve().parent.parent
    if not direct.get("dir_info", {}).get("editable") or unquote(direct.get("url", "")) != here.as_uri():
        return 1  # installed from somewhere else, or not editable
    for line in dist.requires or []:
        req = Requirement(line)
        if req.marker and not any(req.marker.evaluate({"extra": e}) for e in extras | {""}):
            continue
        try:
            version = md.version(req.name)
        except md.PackageNotFoundError:
            return 1
        if not req.specifier.contains(version, prereleases=True):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main({e for e in (sys.argv[1] if len(sys.argv) > 1 else "").split(",") if e}))
