"""The page script's pure functions, tested by Node's own runner (tests/js/*.test.mjs).

Node is the one tool these need (Debian ``nodejs``; tests/run.sh installs it).
Also checks that the script is joined from every feature file, once each.
"""

from __future__ import annotations

import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from mapgen.jsbundle import ORDER, SEPARATE, app_js, inset_js

HERE = Path(__file__).resolve().parent


def test_node_runner_passes():
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs; tests/run.sh does it)")
    run = subprocess.run([node, "--test", str(HERE / "js")], capture_output=True, text=True, timeout=120,
                         cwd=HERE.parent)
    assert run.returncode == 0, f"node --test tests/js/ failed:\n{run.stdout}\n{run.stderr}"


def test_every_feature_file_is_joined_once_in_order():
    shipped = {p.name[:-3] for p in resources.files("mapgen.templates").joinpath("js").iterdir()
               if p.name.endswith(".js")}
    assert shipped == set(ORDER) | set(SEPARATE) and len(ORDER) == len(set(ORDER)) and not set(ORDER) & set(SEPARATE)
    js = app_js()
    marks = [js.index(f"/* ---- js/{name}.js */") for name in ORDER]
    assert marks == sorted(marks)
    assert js.count("<script") == 0 and js.count("</script") == 0  # it is printed inside one <script>
    assert "drawInset:" not in js and "drawInset:" in inset_js() and "</script" not in inset_js()
