"""`mapgen build` and `mapgen check` from the editor's side: files, exit codes, diffs."""

from __future__ import annotations

import difflib
import re
import shutil

import pytest
from click.testing import CliRunner

from conftest import REAL_DATA, ROOT
from mapgen.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def data_copy(tmp_path):
    path = tmp_path / "initiatives.yaml"
    shutil.copy(REAL_DATA, path)
    return path


def test_check_reports_sixteen_of_sixteen():
    result = run("check", "--data", str(REAL_DATA))
    assert result.exit_code == 0, result.output
    assert "16 records, 16/16 cities matched" in result.output
    assert "publishable" in result.output
    assert re.search(r"341700 池州市\s+0", result.output)


def test_build_writes_one_self_contained_page_within_budget(tmp_path):
    out = tmp_path / "map.html"
    result = run("build", "--data", str(REAL_DATA), "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert out.stat().st_size <= 350_000
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", html)  # nothing loaded from outside
    assert not re.search(r"(src|href)=\"https?://", html)
    for asset in ("jquery", "bootstrap", "font-awesome", "awesome-markers"):
        assert asset not in html.lower()
    assert "Leaflet 1.9.3" in html  # inlined, with its licence notice
    assert '<html lang="zh-CN">' in html


def test_two_builds_are_byte_identical(tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    run("build", "--data", str(REAL_DATA), "--out", str(a))
    run("build", "--data", str(REAL_DATA), "--out", str(b))
    assert a.read_bytes() == b.read_bytes()


def test_a_changed_figure_changes_only_its_lines(tmp_path, data_copy):
    before, after = tmp_path / "before.html", tmp_path / "after.html"
    run("build", "--data", str(data_copy), "--out", str(before))
    data_copy.write_text(data_copy.read_text("utf-8").replace("value: 480.4", "value: 512.6"), "utf-8")
    run("build", "--data", str(data_copy), "--out", str(after))
    diff = [line for line in difflib.unified_diff(before.read_text("utf-8").splitlines(),
                                                  after.read_text("utf-8").splitlines(), n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
            and line[1:].strip() not in ("{", "}", "},", "]", "],")]  # difflib may re-pair JSON braces
    removed = [d for d in diff if d.startswith("-")]
    added = [d for d in diff if d.startswith("+")]
    # the figure's text in three languages, the same on the marker, the marker's amount
    # (for sorting the list) and the list's cell, and the summary that cites the figure
    # (three languages, and the list's no-JS copy), and the value in the change-report snapshot: nothing else moves
    assert len(removed) == len(added) == 13, added
    assert all(re.search(r"480\.4|48\.04|48040000000", d) for d in removed), removed
    assert all(re.search(r"512\.6|51\.26|51260000000", d) for d in added), added


def test_bad_data_exits_1_and_leaves_the_published_file_untouched(tmp_path, data_copy):
    out = tmp_path / "map.html"
    run("build", "--data", str(REAL_DATA), "--out", str(out))
    published = out.read_bytes()
    data_copy.write_text(data_copy.read_text("utf-8").replace("value: 480.4", "value: 四百八十"), "utf-8")
    result = run("build", "--data", str(data_copy), "--out", str(out))
    assert result.exit_code == 1
    assert re.search(r"initiatives.yaml:\d+: city 340100 \(合肥市\): figures\[3\].value: expected a number", result.output)
    assert "Traceback" not in result.output
    assert out.read_bytes() == published
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files left


def test_check_exit_1_on_bad_data(data_copy):
    data_copy.write_text(data_copy.read_text("utf-8").replace("theme: rural_revitalisation", "theme: farming", 1),
                         "utf-8")
    result = run("check", "--data", str(data_copy))
    assert result.exit_code == 1
    assert "unknown theme 'farming'" in result.output


def test_color_by_a_figure_has_class_legend_and_no_data_entry(tmp_path):
    out = tmp_path / "map.html"
    result = run("build", "--data", str(REAL_DATA), "--out", str(out), "--color-by", "projects")
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    legend = html[html.index('class="mg-legend"'):html.index("</section>", html.index('class="mg-legend"'))]
    assert "无此数据" in legend  # cities without the figure
    with_figure = sum(1 for line in REAL_DATA.read_text("utf-8").splitlines() if line.strip() == "- key: projects")
    counts = [int(n) for n in re.findall(r'class="mg-count"[^>]*>(\d+)市', legend)]
    assert sum(counts) == 16 and counts[-1] == 16 - with_figure


def test_unknown_color_by_key_is_a_clear_error(tmp_path):
    result = run("build", "--data", str(REAL_DATA), "--out", str(tmp_path / "m.html"), "--color-by", "nope")
    assert result.exit_code == 1
    assert "no city has a figure with that key; known keys:" in result.output


def test_usage_errors_exit_2():
    assert run("build", "--tiles", "mapbox").exit_code == 2


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["geodata"]])
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output and len(result.output) > 200


def test_defaults_read_data_and_write_output_in_the_project(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    shutil.copy(REAL_DATA, tmp_path / "data" / "initiatives.yaml")
    monkeypatch.chdir(tmp_path)
    assert run("build").exit_code == 0
    assert (tmp_path / "output" / "map.html").stat().st_size > 100_000


@pytest.mark.geodata
def test_geodata_command_reproduces_the_shipped_files(rebuilt_geodata):
    # `mapgen geodata --out DIR --no-national`, run once for the session (conftest.py);
    # the national set: tests/test_regions_*
    result, [(args, _, _)] = rebuilt_geodata
    assert result.exit_code == 0, result.output
    folder = args[0]
    for name in ("anhui.topo.json", "anhui_counties.topo.json"):
        assert f"wrote {folder / name}" in result.output
        assert (folder / name).read_bytes() == (ROOT / "geodata" / name).read_bytes()


@pytest.mark.parametrize("args, message", [
    (["--breaks", "1e9"], "--breaks goes with --scheme user"),
    (["--map-id", "a_b"], "use a letter, then letters, digits or -"),
    (["--format", "iframe-snippet", "--src", "javascript:alert(1)"], "give an http(s) address or a relative path"),
])
def test_usage_mistakes_exit_2_with_a_message(tmp_path, args, message):
    result = CliRunner().invoke(main, ["build", "--data", str(REAL_DATA), "--out", str(tmp_path / "m.html"), *args])
    assert result.exit_code == 2 and message in result.output


def test_different_options_give_different_map_ids():
    import mapgen
    from mapgen import BuildOptions

    ids = {re.search(r'<div class="mg-root[^"]*" id="([^"]+)"', mapgen.render(REAL_DATA, o)).group(1)
           for o in (BuildOptions(), BuildOptions(lang="en"), BuildOptions(color_by="projects"),
                     BuildOptions(color_by="projects", scheme="natural_breaks"), BuildOptions(tiles="osm"))}
    assert len(ids) == 5


def test_builds_in_separate_processes_with_different_hash_seeds_are_identical(tmp_path):
    import os
    import subprocess
    import sys

    procs = []
    for seed in ("1", "2"):  # side by side: the two builds take a CPU each
        out = tmp_path / f"map{seed}.html"
        procs.append((out, subprocess.Popen([sys.executable, "-m", "mapgen", "build", "--data", str(REAL_DATA),
                                             "--out", str(out), "--color-by", "projects", "--tiles", "osm"],
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                            env={**os.environ, "PYTHONHASHSEED": seed})))
    outs = []
    for out, proc in procs:
        output, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, output.decode("utf-8", "replace")
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_rendering_a_map_twice_gives_the_same_page():
    import mapgen

    m = mapgen.make_map(REAL_DATA, mapgen.BuildOptions(tiles="osm"))
    first = m.get_root().render()
    assert m.get_root().render() == first
    assert first.count("tile.openstreetmap.org/{z}") == 1


def test_check_warns_about_keys_that_mean_different_things():
    result = run("check", "--data", str(REAL_DATA))
    assert "warning: these figure keys carry different labels in different cities: " in result.output
    assert "investment" in result.output.split("warning: these figure keys")[1]
