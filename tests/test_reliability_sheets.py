"""Issue 12 for the commands of this round that read sheets and pages: import, export, diff.

Each case is one the no-traceback fuzz (``test_reliability_fuzz.py``) or a look at the
code found: kept here as plain examples of their class.

1. Never destroy an input: ``export`` never writes over its data file, however named.
4. No traceback: a sheet without a name column, a page snapshot of the wrong shape, a
   figure without a unit, a 5,000-digit hex number.
6. Bounded work: sheets, pages and the last build's page are read only if they are
   regular files within a limit (a named pipe hung, ``/dev/zero`` never ended).
Lone surrogates given through the Python API are refused naming the field.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

import mapgen
from conftest import REAL_DATA
from mapgen import limits
from mapgen.cli import main
from mapgen.errors import MapgenError, UsageError

SNAPSHOT = '<!DOCTYPE html><script type="application/json" data-mapgen-snapshot="m">{}</script>\n'


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


@pytest.fixture
def here(tmp_path, monkeypatch):
    shutil.copy(REAL_DATA, tmp_path / "d.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def said(result) -> str:
    assert "Traceback" not in result.output and not isinstance(result.exception, (KeyError, TypeError)), \
        repr(result.exception)
    return result.output


# ---- 6. only regular files, never a hang: every case in one process, under one timeout --------

NOT_REGULAR = {
    # name: (arguments, what the message says); pipe.* are named pipes, zero.html links to /dev/zero
    "import-sheet-device": (["import", "/dev/zero", "--data", "d.yaml"], "is a device"),
    "import-sheet-pipe": (["import", "pipe.csv", "--data", "d.yaml"], "is a named pipe"),
    "import-data-device": (["import", "s.csv", "--data", "/dev/zero"], "is a device"),
    "import-data-pipe": (["import", "s.csv", "--data", "pipe.yaml"], "is a named pipe"),
    "export-data-pipe": (["export", "--data", "pipe.yaml", "--out", "o.csv"], "is a named pipe"),
    "diff-page-pipe": (["diff", "d.yaml", "pipe.html"], "is a named pipe"),
    "diff-data-device": (["diff", "/dev/zero", "d.yaml"], "is a device"),
    "build-over-a-link-to-dev-zero": (["build", "--data", "d.yaml", "--out", "zero.html"], "wrote zero.html"),
}
_RUN_ALL = textwrap.dedent("""
    import json, sys
    from click.testing import CliRunner
    from mapgen.cli import main
    out = {}
    for name, args in json.loads(sys.argv[1]).items():
        r = CliRunner().invoke(main, args)
        out[name] = [r.exit_code, r.output, repr(r.exception)]
    print(json.dumps(out))
""")


def test_sheets_pages_and_data_that_are_not_regular_files_are_refused_without_reading(here):
    for name in ("pipe.csv", "pipe.yaml", "pipe.html"):
        os.mkfifo(here / name)
    (here / "zero.html").symlink_to("/dev/zero")
    (here / "s.csv").write_text("name,key,value\n合肥,online_meetings,9\n", "utf-8")
    cases = {name: args for name, (args, _) in NOT_REGULAR.items()}
    try:
        proc = subprocess.run([sys.executable, "-c", _RUN_ALL, json.dumps(cases)], capture_output=True,
                              timeout=120, cwd=here)
    except subprocess.TimeoutExpired:
        pytest.fail("a command hangs on a named pipe or /dev/zero")
    results = json.loads(proc.stdout)
    for name, (_, expected) in NOT_REGULAR.items():
        code, output, exc = results[name]
        assert "Traceback" not in output and expected in output, (name, output, exc)
        assert code == (0 if name.startswith("build") else 1), (name, output)
    assert not (here / "zero.html").is_symlink()  # the link was replaced; /dev/zero never read or written
    assert (here / "d.yaml").read_bytes() == REAL_DATA.read_bytes()


def test_sheets_over_the_size_limit_are_refused_with_the_limit_named(here, monkeypatch):
    monkeypatch.setattr(limits, "SHEET_BYTES", limits.Limit("sheet size", 20_000, "bytes", "test"))
    row = "合肥,online_meetings,9\n"
    big = ("name,key,value\n" + row * 2000).encode("utf-8")
    result = run("import", "-", "--data", "d.yaml", input=big)
    assert result.exit_code == 1 and "sheet size" in said(result) and "stdin" in result.output
    (here / "big.csv").write_bytes(big)
    result = run("import", "big.csv", "--data", "d.yaml")
    assert result.exit_code == 1 and "sheet size" in said(result)
    assert run("export", "--data", "d.yaml", "--out", "f.xlsx").exit_code == 0
    assert (here / "f.xlsx").stat().st_size < 20_000  # small packed, 49 KB unpacked: a zip bomb in miniature
    result = run("import", "f.xlsx", "--data", "d.yaml")
    assert result.exit_code == 1 and "unpacked, the workbook has" in said(result) and "sheet size" in result.output
    assert (here / "d.yaml").read_bytes() == REAL_DATA.read_bytes()


# ---- 1. export never over its data file -----------------------------------------------------

@pytest.mark.parametrize("make", ["same-name", "hard-link", "symbolic-link"])
def test_export_never_writes_over_its_data_file(here, make):
    shutil.copy(REAL_DATA, here / "data.csv")  # a data file may have any name
    out = {"same-name": "data.csv", "hard-link": "hard.csv", "symbolic-link": "soft.csv"}[make]
    if make == "hard-link":
        os.link(here / "data.csv", here / out)
    elif make == "symbolic-link":
        (here / out).symlink_to(here / "data.csv")
    result = run("export", "--data", "data.csv", "--out", out)
    assert result.exit_code == 1 and "is also an input" in said(result)
    assert (here / "data.csv").read_bytes() == REAL_DATA.read_bytes()


# ---- 4. what the fuzz found -----------------------------------------------------------------

@pytest.mark.parametrize("snapshot", [
    {"v": 1, "units": {}, "updates": 5},
    {"v": 1, "units": {"340100": {"theme": [1]}}},
    {"v": 1, "units": {"340100": {"figures": {"investment": {"value": [1], "unit": {"a": 1}}}}}},
    {"v": 1, "units": {"340100": {"figures": {"investment": {"value": 1, "unit": "亿元", "label": [1]}}}}},
    {"v": 1, "units": {"340100": {"figures": []}}},
    {"v": 1, "units": [], "texts": 3},
    {"v": 1, "units": {}, "themes": {"a": {"name": None}}},
], ids=lambda s: json.dumps(s, ensure_ascii=True)[:50])
def test_a_page_snapshot_of_the_wrong_shape_is_no_snapshot(here, snapshot):
    (here / "p.html").write_text(SNAPSHOT.format(json.dumps(snapshot)), "utf-8")
    for args in (["diff", "d.yaml", "p.html"], ["diff", "p.html", "d.yaml"]):
        result = run(*args)
        assert result.exit_code == 1 and "carries no mapgen data snapshot" in said(result)
    result = run("build", "--data", "d.yaml", "--out", "p.html")  # the last build's page is read too
    assert result.exit_code == 0 and "changes since" not in said(result)


@pytest.mark.parametrize("header", ["adcode,key,value", "key,value,adcode"])
def test_a_row_naming_no_unit_in_a_sheet_without_a_name_column(here, header):
    cells = {"adcode": "", "key": "online_meetings", "value": "9"}
    (here / "s.csv").write_text(f"{header}\n" + ",".join(cells[h] for h in header.split(",")) + "\n", "utf-8")
    result = run("import", "s.csv", "--data", "d.yaml")
    column = "ABC"[header.split(",").index("adcode")]
    assert result.exit_code == 1 and f"s!{column}2: adcode: the row has neither an adcode nor a name" in said(result)


@pytest.mark.parametrize("edit, expected", [
    (("        value: 100\n        unit: 次\n        qualifier: more_than", "        value: 100\n"
      "        qualifier: more_than"), "city 340300 (蚌埠市): figures[3]: missing field 'unit'"),
    (("value: 480.4", "value: 0x" + "f" * 5000), "(5,002 characters) is far too large"),
    (("value: 480.4", "value: 0" + "7" * 3000), "(3,001 characters) is far too large"),
], ids=["figure-without-unit", "hex-5000-digits", "octal-3000-digits"])
def test_data_the_fuzz_broke_is_reported(here, edit, expected):
    text = REAL_DATA.read_text("utf-8")
    assert edit[0] in text
    (here / "x.yaml").write_text(text.replace(edit[0], edit[1], 1), "utf-8")
    for args in (["check", "--data", "x.yaml"], ["diff", "d.yaml", "x.yaml"], ["export", "--data", "x.yaml",
                                                                               "--out", "x.csv"]):
        result = run(*args)
        assert result.exit_code == 1 and expected in said(result), args


# ---- lone surrogates through the Python API -------------------------------------------------

@pytest.mark.parametrize("field, options", [
    ("title", {"title": "标题\ud800"}),
    ("unit", {"format": "svg", "unit": "合肥\udfff"}),
    ("src", {"format": "iframe-snippet", "src": "m\ud800.html"}),
    ("color_by", {"color_by": "\ud800"}),
    ("map_id", {"map_id": "m\udc00"}),
    ("lang", {"lang": "en\ud800"}),
    ("geodata", {"geodata": "g\ud800.json"}),
    ("font", {"format": "png", "font": "\ud800.ttf"}),
])
def test_lone_surrogates_in_options_are_refused_naming_the_field(field, options):
    with pytest.raises(UsageError, match=f"^{field} .*holds U\\+D[89A-F][0-9A-F]{{2}}, half of a surrogate pair"):
        mapgen.BuildOptions(**options)


def test_lone_surrogates_in_paths_through_the_api_are_refused(here):
    with pytest.raises(MapgenError, match="the data file: the name holds U\\+D800"):
        mapgen.render("d\ud800.yaml")
    with pytest.raises(MapgenError, match="the name holds U\\+DC00"):
        mapgen.check("d.yaml", geodata="g\udc00.json")
    with pytest.raises(MapgenError, match="the output: the name holds U\\+D800"):
        mapgen.build("d.yaml", "map\ud800.html")
    assert list(here.iterdir()) == [here / "d.yaml"]
    # a byte that is not UTF-8 in a real file name is no surrogate pair: Python keeps it as \udcff
    shutil.copy(REAL_DATA, os.fsencode(here) + b"/d\xff.yaml")
    assert mapgen.check("d\udcff.yaml").matched == 16
