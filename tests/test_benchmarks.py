"""The benchmark command runs in quick mode and reports every measured field.

Size and polygon count are quality bars and fail the test; timings vary with
the machine and are reported (in the JSON and the test output), never asserted.

Not part of the default run (it runs the whole benchmark, about a minute): select it with
``python -m pytest -m benchmark``. The default run checks the same bars on the built page:
``tests/test_build.py`` (at most 350 kB) and ``tests/test_page.py`` (16 polygons, offline).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from browser import require_chromium
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.benchmark]

MEASURED = [
    ("build", "baseline", "wall_s", "median"),
    ("build", "mapgen", "wall_s", "median"),
    ("build", "baseline", "max_rss_mb", "median"),
    ("build", "mapgen", "max_rss_mb", "median"),
    ("build", "baseline", "size_bytes"),
    ("build", "mapgen", "size_bytes"),
    ("build", "ratio"),
    ("page", "baseline", "outside_requests"),
    ("page", "mapgen", "outside_requests"),
    ("page", "baseline", "polygons_drawn"),
    ("page", "mapgen", "polygons_drawn"),
    ("page", "mapgen", "first_render_ms", "median"),
    ("page", "mapgen", "click_to_panel_ms", "median"),
    ("counties", "units"),
    ("profile", "top_cumulative"),
    ("import_time", "import_mapgen_cli", "total_ms"),
    ("machine", "nproc"),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    require_chromium()
    out = tmp_path_factory.mktemp("bench") / "benchmarks.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    print(proc.stdout)  # the table, shown with pytest -s
    return json.loads(out.read_text("utf-8"))


def _get(results: dict, path: tuple):
    value = results
    for key in path:
        assert isinstance(value, dict) and key in value, f"benchmarks.json lacks {'.'.join(path)}"
        value = value[key]
    return value


def test_json_has_every_measured_field(results):
    missing = []
    for path in MEASURED:
        try:
            value = _get(results, path)
        except AssertionError as exc:
            missing.append(str(exc))
            continue
        if value is None:
            missing.append(f"benchmarks.json: {'.'.join(path)} is null")
    assert not missing, "\n".join(missing)
    assert len(results["profile"]["top_cumulative"]) == 10
    assert {t["name"] for t in results["targets"]} >= {"mapgen page size", "click to panel visible"}
    counties = results["counties"]
    # The county layer is measured, or the reason it could not be is recorded.
    assert counties["ok"] or counties["error"]
    if counties["ok"]:
        assert counties["size_bytes"] > 0 and counties["first_render_ms"]["median"] is not None


def test_mapgen_page_is_at_most_350_kb(results):
    size = results["build"]["mapgen"]["size_bytes"]
    assert size <= 350_000, f"map.html is {size / 1000:.1f} kB; the quality bar is 350 kB"


def test_mapgen_page_draws_all_16_polygons_offline(results):
    page = results["page"]["mapgen"]
    assert page["polygons_drawn"] >= 16, f"only {page['polygons_drawn']} of 16 polygons drawn"
    assert page["outside_requests"] == 0, page["outside_urls"]


def test_baseline_is_measured_as_the_plain_folium_map(results):
    # The yardstick itself: a page that needs CDN files and draws nothing offline.
    base = results["page"]["baseline"]
    assert base["outside_requests"] > 0
    assert base["polygons_drawn"] == 0
    assert results["build"]["baseline"]["size_bytes"] > results["build"]["mapgen"]["size_bytes"]


def test_per_map_benchmark_reports_both_sides(tmp_path):
    """benchmarks/maps.py on its smallest map: mapgen and folium side by side, every field there."""
    require_chromium()
    out = tmp_path / "maps.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "maps.py"), "--quick", "--maps", "hefei",
                           "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    print(proc.stdout)
    hefei = json.loads(out.read_text("utf-8"))["maps"]["hefei"]
    for side in ("mapgen", "folium"):
        assert hefei["build"][side]["size_bytes"] > 0 and hefei["build"][side]["cpu_s"]["median"] > 0
        assert hefei["pages"]["desktop"][side]["median"] > 0 and hefei["pages"]["throttled"][side]["median"] > 0
    assert hefei["pages"]["drawn"]["mapgen"] == 9 and hefei["pages"]["drawn"]["mapgen_outside"] == 0
    assert hefei["build"]["mapgen"]["size_bytes"] <= 350_000
    assert "| hefei (9) |" in proc.stdout
