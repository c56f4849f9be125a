"""Issue 12, classes 4, 5, 6 and 7: inputs.

4. No traceback, ever: every failure is a message and exit 1 (or 2 for usage).
5. What passes validation works: full-match patterns, real dates, no "-0".
6. Bounded work: documented limits, checked before parsing and before writing.
7. Nothing raw to the terminal: control and bidi characters are shown escaped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import REAL_DATA
from mapgen import limits
from mapgen.cli import main
from mapgen.records import load_records
from mapgen.terminal import escape
from mapgen.units import format_en, format_zh

SHIPPED = REAL_DATA.parent.parent / "geodata" / "anhui.topo.json"
ARTICLE = Path(__file__).parent / "articles" / "anhui_united_front_2022.txt"
REAL = yaml.safe_load(REAL_DATA.read_text("utf-8"))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def cli(*args: str | bytes | Path, env: dict | None = None, timeout: float = 60, cwd=None):
    """mapgen in a real process: real argv bytes, real terminal encodings."""
    argv = [sys.executable, "-m", "mapgen", *(a if isinstance(a, bytes) else str(a) for a in args)]
    return subprocess.run(argv, capture_output=True, timeout=timeout, env={**os.environ, **(env or {})}, cwd=cwd)


def clean_exit(proc, codes=(0, 1, 2)) -> str:
    out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    assert b"Traceback" not in proc.stderr, out[-3000:]
    assert proc.returncode in codes, out[-3000:]
    return out


@pytest.fixture
def here(tmp_path, monkeypatch):
    shutil.copy(REAL_DATA, tmp_path / "d.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_doc(path: Path, doc: dict) -> Path:
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    return path


# ---- 4. no traceback, ever ----------------------------------------------------------------------

def _loop(here):
    (here / "loop1").symlink_to(here / "loop2")
    (here / "loop2").symlink_to(here / "loop1")


NO_TRACEBACK = {
    # name: (arguments; what the message says)
    "data-symlink-loop": (["check", "--data", "loop1"], "symbolic links loop"),
    "geodata-symlink-loop": (["check", "--data", "d.yaml", "--geodata", "loop1"], "symbolic links loop"),
    "out-in-looping-folder": (["build", "--data", "d.yaml", "--out", "loop1/map.html"], "loop1"),
    "data-name-over-255": (["check", "--data", "a" * 300 + ".yaml"], "too long"),
    "out-name-over-255": (["build", "--data", "d.yaml", "--out", "b" * 300 + ".html"], "at most 255 bytes"),
    "geodata-name-over-255": (["check", "--data", "d.yaml", "--geodata", "c" * 256], "too long"),
    "out-folder-name-over-255": (["build", "--data", "d.yaml", "--out", "d" * 260 + "/map.html"], "too long"),
    "article-name-over-255": (["extract", "e" * 300 + ".txt"], "too long"),
    "data-through-a-file": (["check", "--data", "d.yaml/x.yaml"], "cannot be read"),
    "out-through-a-file": (["build", "--data", "d.yaml", "--out", "d.yaml/x.html"], "d.yaml/x.html"),
    "data-dev-zero": (["check", "--data", "/dev/zero"], "not a regular file"),
    "data-dev-urandom": (["build", "--data", "/dev/urandom", "--out", "m.html"], "not a regular file"),
    "data-folder": (["check", "--data", "."], "is a folder"),
    "geodata-folder": (["check", "--data", "d.yaml", "--geodata", "."], "is a folder"),
    "geodata-dev-zero": (["build", "--data", "d.yaml", "--geodata", "/dev/zero", "--out", "m.html"],
                         "not a regular file"),
    "article-dev-zero": (["extract", "/dev/zero"], "not a regular file"),
    "source-dev-zero": (["geodata", "--source", "/dev/zero", "--out", "gd"], "not a regular file"),
}


@pytest.mark.parametrize("case", sorted(NO_TRACEBACK))
def test_no_traceback_for_the_file_system(here, case):
    _loop(here)
    args, said = NO_TRACEBACK[case]
    proc = cli(*args, timeout=60)
    out = clean_exit(proc, codes=(1, 2))
    assert said in out, out[-2000:]
    assert not (here / "m.html").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and lists any folder")
def test_no_traceback_for_an_unreadable_folder(here):
    (here / "locked").mkdir()
    shutil.copy(REAL_DATA, here / "locked" / "d.yaml")
    (here / "locked").chmod(0o000)
    try:
        out = clean_exit(cli("check", "--data", "locked/d.yaml"), codes=(1,))
        assert "Permission denied" in out
        out = clean_exit(cli("build", "--data", "d.yaml", "--out", "locked/map.html"), codes=(1,))
    finally:
        (here / "locked").chmod(0o755)


@pytest.mark.parametrize("args", [
    [b"check", b"--data", b"\xff\xfe.yaml"],
    [b"build", b"--data", b"d.yaml", b"--out", b"\xff\xfe.html"],
    [b"build", b"--data", b"d.yaml", b"--title", b"caf\xe9", b"--out", b"t.html"],
    [b"build", b"--data", b"d.yaml", b"--map-id", b"mg\xff", b"--out", b"i.html"],
    [b"build", b"--data", b"d.yaml", b"--color-by", b"\xc3\x28", b"--out", b"c.html"],
    [b"extract", b"\x80.txt"],
])
def test_no_traceback_for_bytes_that_are_not_utf8_in_options_or_names(here, args):
    clean_exit(cli(*args))


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"},
                                 {"LANG": "C", "LC_ALL": "C"}, {"PYTHONIOENCODING": "ascii", "LC_ALL": "C"}])
def test_no_traceback_on_a_terminal_that_is_not_utf8(here, env):
    out = clean_exit(cli("check", "--data", "d.yaml", env=env), codes=(0,))
    assert "16 records" in out
    (here / "地图.html").write_text("old page", "utf-8")
    clean_exit(cli("build", "--data", "d.yaml", "--out", "地图.html", env=env), codes=(0,))
    assert (here / "地图.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    out = clean_exit(cli("check", "--data", "缺失.yaml", env=env), codes=(1,))
    assert "no such file" in out


# ---- 5. what passes validation works ------------------------------------------------------------

def _set(path, value):
    def edit(doc):
        node = doc
        for p in path[:-1]:
            node = node[p]
        node[path[-1]] = value
    return edit


def _theme_key(key):
    def edit(doc):
        doc["themes"][key] = doc["themes"].pop("ethnic_unity")
        for c in doc["cities"]:
            if c["theme"] == "ethnic_unity":
                c["theme"] = key
    return edit


def _update(date):
    return lambda doc: doc.__setitem__("updates", [{"date": date, "note": "更正"}])


REFUSED = {
    "date-month-13": (_set(("source", "date"), "2022-13-45"), "source.date"),
    "date-feb-30": (_set(("source", "date"), "2022-02-30"), "not a date on the calendar"),
    "date-arabic-indic": (_set(("source", "date"), "٢٠٢٢-٠٧-٢٧"), "source.date"),
    "date-fullwidth": (_set(("source", "date"), "２０２２-０７-２７"), "source.date"),
    "date-trailing-newline": (_set(("source", "date"), "2022-07-27\n"), "source.date"),
    "date-leading-space": (_set(("source", "date"), " 2022-07-27"), "source.date"),
    "update-date-invalid": (_update("2022-04-31"), "updates[0].date"),
    "update-date-newline": (_update("2022-07-28\n"), "updates[0].date"),
    "update-date-devanagari": (_update("२०२२-०७-२८"), "updates[0].date"),
    "colour-trailing-newline": (_set(("themes", "ethnic_unity", "color"), "#ffffff\n"), "color"),
    "colour-short": (_set(("themes", "ethnic_unity", "color"), "#fff"), "color"),
    "colour-css-injection": (_set(("themes", "ethnic_unity", "color"), "#ffffff;x"), "color"),
    "theme-key-newline": (_theme_key("ethnic_unity\n"), "themes"),
    "figure-key-newline": (lambda d: d["cities"][0]["figures"][0].__setitem__("key", "investment\n"), "key"),
    "headline-figure-newline": (lambda d: d["cities"][0].__setitem__("headline_figure", "investment\n"),
                                "headline_figure"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_values_that_would_not_work_are_refused(here, case):
    doc = json.loads(json.dumps(REAL))
    edit, said = REFUSED[case]
    edit(doc)
    write_doc(here / "bad.yaml", doc)
    result = run("build", "--data", "bad.yaml", "--out", "m.html")
    assert result.exit_code == 1, result.output
    assert said in result.output
    assert not (here / "m.html").exists()


@pytest.mark.parametrize("date", ["2024-02-29", "2022-07-27", "1999-12-31"])
def test_real_dates_pass(here, date):
    doc = json.loads(json.dumps(REAL))
    doc["source"]["date"] = date
    doc["updates"] = [{"date": date, "note": "更正"}]
    assert load_records(write_doc(here / "ok.yaml", doc)).source.date == date


@pytest.mark.parametrize("unit", ["场", "亿元", "%", "万人次", "个"])
def test_minus_zero_shows_as_zero(here, unit):
    assert not format_zh(-0.0, unit).startswith("-") and not format_en(-0.0, unit).startswith("-")
    doc = json.loads(json.dumps(REAL))
    fig = doc["cities"][0]["figures"][0]
    fig.update(value=-0.0, unit=unit)
    data = load_records(write_doc(here / "z.yaml", doc))
    shown = next(f for c in data.cities for f in c.figures if f.key == fig["key"] and f.value == 0)
    assert shown.text_zh.startswith("0") and "-0" not in shown.text_en
    assert json.dumps(shown.value) == "0.0"


# ---- 6. bounded work ---------------------------------------------------------------------------

def test_the_limits_leave_room_for_a_national_county_map():
    assert limits.UNITS.value >= 2 * 2875 * 0.85
    assert limits.RECORDS.value >= 2875
    assert limits.PAGE_BYTES.value >= 3 * 4_000_000
    assert limits.BOUNDARY_BYTES.value >= 3 * 4_000_000
    assert limits.DATA_BYTES.value >= 2 * 1_500_000
    for limit in limits.LIMITS:
        assert limit.name and limit.why and limit.value > 0


def _big_data(path: Path, size: int) -> Path:
    text = REAL_DATA.read_text("utf-8")
    path.write_text(text + ("# padding\n" * (size // 10)), "utf-8")
    return path


def _units(path: Path, n: int) -> Path:
    topo = json.loads(SHIPPED.read_text("utf-8"))
    one = topo["objects"]["cities"]["geometries"][0]
    topo["objects"]["cities"]["geometries"] = [one] * n
    path.write_text(json.dumps(topo), "utf-8")
    return path


def _vertices(path: Path, n: int) -> Path:
    topo = json.loads(SHIPPED.read_text("utf-8"))
    topo["arcs"].append([[0, 0]] * n)
    path.write_text(json.dumps(topo, separators=(",", ":")), "utf-8")
    return path


BOUNDED = {
    # name: (make the input, arguments, the limit named)
    "data-10-mb": (lambda h: _big_data(h / "big.yaml", 10_000_000), ["check", "--data", "big.yaml"],
                   "data file size"),
    "data-just-over": (lambda h: _big_data(h / "big.yaml", limits.DATA_BYTES.value + 10),
                       ["build", "--data", "big.yaml", "--out", "m.html"], "data file size"),
    "boundary-60000-units": (lambda h: _units(h / "g.json", 60_000),
                             ["build", "--data", "d.yaml", "--geodata", "g.json", "--out", "m.html"], "units"),
    "boundary-5001-units": (lambda h: _units(h / "g.json", 5_001),
                            ["check", "--data", "d.yaml", "--geodata", "g.json"], "units"),
    "boundary-vertices": (lambda h: _vertices(h / "g.json", limits.VERTICES.value + 1),
                          ["check", "--data", "d.yaml", "--geodata", "g.json"], "vertices"),
    "boundary-20-mb": (lambda h: (h / "g.json").write_bytes(b" " * 20_000_000),
                       ["check", "--data", "d.yaml", "--geodata", "g.json"], "boundary file size"),
    "article-2-mb": (lambda h: (h / "a.txt").write_bytes("合肥市召开8场见面会。".encode() * 70_000),
                     ["extract", "a.txt"], "article size"),
}


@pytest.mark.parametrize("case", sorted(BOUNDED))
def test_inputs_over_a_limit_are_refused_quickly_with_the_limit_named(here, case):
    make, args, named = BOUNDED[case]
    make(here)
    start = time.monotonic()
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert time.monotonic() - start < 30  # parsing 9 MB of JSON on a loaded 2-core machine
    assert named in result.output and "over the limit" in result.output
    assert not (here / "m.html").exists()


@pytest.mark.parametrize("args", [["check", "--data", "pipe"], ["build", "--data", "pipe", "--out", "m.html"],
                                  ["check", "--data", "d.yaml", "--geodata", "pipe"], ["extract", "pipe"],
                                  ["geodata", "--source", "pipe", "--out", "gd"]])
def test_a_named_pipe_as_input_does_not_hang(here, args):
    os.mkfifo(here / "pipe")
    try:
        out = clean_exit(cli(*args, timeout=30), codes=(1,))
    except subprocess.TimeoutExpired:
        pytest.fail(f"mapgen {' '.join(args)} hangs on a named pipe")
    assert "named pipe" in out


def test_a_page_over_the_limit_is_refused_before_writing(here, monkeypatch):
    (here / "m.html").write_text("old page", "utf-8")
    monkeypatch.setattr(limits, "PAGE_BYTES", limits.Limit("page size", 100_000, "bytes", "test"))
    result = run("build", "--data", "d.yaml", "--out", "m.html")
    assert result.exit_code == 1 and "page size" in result.output
    assert (here / "m.html").read_text("utf-8") == "old page"


# ---- 7. nothing raw to the terminal -------------------------------------------------------------

RAW = ["\x1b[8m", "\x1b]0;owned\x07", "\u202e", "\u2066", "\x9b31m", "\x7f", "\r", "\x00"]


def _raw_in(text: str) -> list[str]:
    return [repr(c) for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f
            or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]


@pytest.mark.parametrize("raw", RAW)
def test_a_report_shows_control_characters_escaped(here, raw):
    doc = json.loads(json.dumps(REAL))
    doc["themes"]["ethnic_unity"]["name"] = f"民族{raw}团结"
    doc["themes"]["ethnic_unity"]["name_en"] = f"Ethnic{raw}unity"
    write_doc(here / "c.yaml", doc)
    proc = cli("check", "--data", "c.yaml")
    out = proc.stdout.decode("utf-8") + proc.stderr.decode("utf-8")
    if proc.returncode == 0:
        assert escape(raw) in out
    assert _raw_in(out) == []


@pytest.mark.parametrize("args", [
    ["check", "--data", "\x1b[8mhidden.yaml"],
    ["check", "--data", "d.yaml", "--geodata", "\u202egeo.json"],
    ["build", "--data", "d.yaml", "--scheme", "\x1b[2J"],
    ["build", "--data", "d.yaml", "--map-id", "a\x1b[8m"],
    ["build", "--data", "d.yaml", "--lang", "\u2066x"],
    ["build", "--data", "d.yaml", "--classes", "\x1b[8m"],
    ["extract", "\x9b1m.txt"],
    ["extract", "a.txt", "--level", "\x1b[8m"],
])
def test_errors_show_control_characters_escaped(here, args):
    proc = cli(*args)
    out = clean_exit(proc, codes=(1, 2))
    assert _raw_in(out) == [], out
    assert "\\x1b" in out or "\\u202e" in out or "\\u2066" in out or "\\x9b" in out


def test_escape_is_reversible_enough_to_read():
    assert escape("a\x1b[8mb") == "a\\x1b[8mb"
    assert escape("\u202e\u2069\x85\x7f") == "\\u202e\\u2069\\x85\\x7f"
    assert escape("合肥\n\tx") == "合肥\n\tx"
    assert escape("bad\udcffname") == "bad\\xffname"


def test_every_limit_is_documented_in_the_readme():
    readme = (REAL_DATA.parent.parent / "README.md").read_text("utf-8")
    for limit in limits.LIMITS:
        assert f"| {limit.name} | {limit.value:,} {limit.counts} |" in readme, limit.name
