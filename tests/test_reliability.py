"""Issue 12, classes 1, 2, 3 and 8: files.

1. No command writes over a file it reads, however the path is spelled.
2. Only regular files are written, only where asked, with their permissions kept, and
   only this write's own temp file is ever removed.
3. Every command resolves a path, then checks it stays in the project.
8. Writers racing on one output each succeed, and the file is always one whole page.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REAL_DATA
from mapgen.cli import main
from mapgen.errors import OutputError
from mapgen.write import check_output, write_atomic

ARTICLE = Path(__file__).parent / "articles" / "anhui_united_front_2022.txt"
SHIPPED = REAL_DATA.parent.parent / "geodata" / "anhui.topo.json"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REAL_DATA, root / "d.yaml")
    shutil.copy(SHIPPED, root / "g.json")
    monkeypatch.chdir(root)
    return root


def _snapshot(*paths):
    return {p: (p.read_bytes(), stat.S_IMODE(p.stat().st_mode)) for p in paths}


# ---- 1. never destroy an input ----------------------------------------------------------

def _hardlink(root):
    os.link(root / "d.yaml", root / "same.html")
    return "same.html"


def _symlink(root):
    (root / "link.html").symlink_to(root / "d.yaml")
    return "link.html"


INPUT_AS_OUTPUT = {
    # name: (command arguments given the project folder, the input that must survive)
    "data-as-out": (lambda r: ["build", "--data", "d.yaml", "--out", "d.yaml"], "d.yaml"),
    "data-spelled-otherwise": (lambda r: ["build", "--data", "./d.yaml", "--out", f"{r}/sub/../d.yaml"], "d.yaml"),
    "data-dot-slash": (lambda r: ["build", "--data", "d.yaml", "--out", "././d.yaml"], "d.yaml"),
    "data-hardlink": (lambda r: ["build", "--data", "d.yaml", "--out", _hardlink(r)], "d.yaml"),
    "data-symlink": (lambda r: ["build", "--data", "d.yaml", "--out", _symlink(r)], "d.yaml"),
    "geodata-as-out": (lambda r: ["build", "--data", "d.yaml", "--geodata", "g.json", "--out", "g.json"], "g.json"),
    "geodata-absolute": (lambda r: ["build", "--data", "d.yaml", "--geodata", "g.json", "--out", r / "g.json"],
                         "g.json"),
    "fragment-over-data": (lambda r: ["build", "--data", "d.yaml", "--format", "fragment", "--out", "d.yaml"],
                           "d.yaml"),
    "article-as-draft": (lambda r: ["extract", "a.txt", "--out", "./a.txt", "--force"], "a.txt"),
    "source-as-geodata-output": (lambda r: ["geodata", "--source", "out/anhui.topo.json", "--out", "out"],
                                 "out/anhui.topo.json"),
}


@pytest.mark.parametrize("case", sorted(INPUT_AS_OUTPUT))
def test_no_command_writes_over_a_file_it_reads(project, case):
    shutil.copy(ARTICLE, project / "a.txt")
    (project / "sub").mkdir()
    (project / "out").mkdir()
    shutil.copy(SHIPPED, project / "out" / "anhui.topo.json")
    args, survivor = INPUT_AS_OUTPUT[case]
    before = (project / survivor).read_bytes()
    result = run(*args(project))
    assert result.exit_code == 1, result.output
    assert (project / survivor).read_bytes() == before
    assert "Traceback" not in result.output


def test_the_shipped_boundaries_are_an_input_too(tmp_path):
    before = SHIPPED.read_bytes()
    with pytest.raises(OutputError, match="is also an input"):
        check_output(SHIPPED, inputs=[SHIPPED.parent / "." / SHIPPED.name])
    assert SHIPPED.read_bytes() == before


# ---- 2. regular files only, where asked ---------------------------------------------------

def test_named_pipe_and_device_outputs_are_refused(project):
    os.mkfifo(project / "pipe.html")
    result = run("build", "--data", "d.yaml", "--out", "pipe.html")
    assert result.exit_code == 1 and "named pipe" in result.output
    assert stat.S_ISFIFO(os.lstat(project / "pipe.html").st_mode)
    for device in ("/dev/null", "/dev/zero", "/dev/full"):  # checked, never written
        if os.path.exists(device):
            with pytest.raises(OutputError, match="device, not a regular file"):
                check_output(device)
            assert stat.S_ISCHR(os.stat(device).st_mode)


@pytest.mark.parametrize("out", ["newdir/", "newdir//", "newdir/.", "out/..", "existing", "existing/"])
def test_a_folder_name_is_never_written_as_a_file(project, out):
    (project / "existing").mkdir()
    (project / "out").mkdir()
    result = run("build", "--data", "d.yaml", "--out", out)
    assert result.exit_code == 1, result.output
    assert "folder" in result.output
    assert not (project / "newdir").exists()
    assert (project / "existing").is_dir() and list((project / "existing").iterdir()) == []


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604, 0o755])
def test_an_existing_outputs_permission_bits_are_kept(project, mode):
    out = project / "map.html"
    out.write_text("old", "utf-8")
    out.chmod(mode)
    assert run("build", "--data", "d.yaml", "--out", "map.html").exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_a_new_output_follows_the_umask(project):
    old = os.umask(0o077)
    try:
        write_atomic(project / "private.html", "x")
        os.umask(0o022)
        write_atomic(project / "public.html", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((project / "private.html").stat().st_mode) == 0o600
    assert stat.S_IMODE((project / "public.html").stat().st_mode) == 0o644


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000])
def test_a_read_only_output_is_refused_not_replaced(project, mode):
    out = project / "map.html"
    out.write_text("published", "utf-8")
    out.chmod(mode)
    try:
        result = run("build", "--data", "d.yaml", "--out", "map.html")
        assert result.exit_code == 1 and "read-only" in result.output
        assert stat.S_IMODE(out.stat().st_mode) == mode
    finally:
        out.chmod(0o644)
    assert out.read_text("utf-8") == "published"


def test_only_this_writes_own_temp_file_is_ever_removed(project):
    lookalikes = [".map.html.abc123.tmp", ".map.html.mapgen-1-abcdef.tmp", ".map.html.mapgen-99999999-x.tmp",
                  "map.html.tmp", ".map.html.tmp"]
    for name in lookalikes:
        (project / name).write_text("user's file", "utf-8")
        os.utime(project / name, (0, 0))
    assert run("build", "--data", "d.yaml", "--out", "map.html").exit_code == 0
    assert sorted(p.name for p in project.iterdir()) == sorted(["d.yaml", "g.json", "map.html", *lookalikes])
    assert all((project / n).read_text("utf-8") == "user's file" for n in lookalikes)


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\xff", b"", "文本".encode("utf-8"), bytes(range(256))])
def test_bytes_are_written_as_they_are(tmp_path, data):
    assert write_atomic(tmp_path / "image.png", data).read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["image.png"]


def test_a_long_name_gets_a_temp_name_that_fits(tmp_path):
    name = "地" * 80 + ".html"  # 245 bytes: fits, and its temp name must too
    assert write_atomic(tmp_path / name, "x").read_text("utf-8") == "x"
    with pytest.raises(OutputError, match="at most 255 bytes"):
        write_atomic(tmp_path / ("a" * 256), "x")


# ---- 3. every command confined alike ------------------------------------------------------

@pytest.fixture
def linked(project, tmp_path):
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    shutil.copy(REAL_DATA, outside / "x.yaml")
    shutil.copy(SHIPPED, outside / "g.json")
    shutil.copy(ARTICLE, outside / "a.txt")
    (project / "assets").symlink_to(outside / "deep", target_is_directory=True)
    (project / "geodata").symlink_to(outside, target_is_directory=True)
    return outside


CONFINED = {
    "build-out-dotdot": ["build", "--data", "d.yaml", "--out", "assets/../map.html"],
    "build-out-in-link": ["build", "--data", "d.yaml", "--out", "geodata/map.html"],
    "build-data-dotdot": ["build", "--data", "assets/../x.yaml", "--out", "map.html"],
    "build-geodata-link": ["build", "--data", "d.yaml", "--geodata", "geodata/g.json", "--out", "map.html"],
    "check-data-dotdot": ["check", "--data", "assets/../x.yaml"],
    "check-geodata-dotdot": ["check", "--data", "d.yaml", "--geodata", "assets/../g.json"],
    "geodata-out-link": ["geodata", "--source", "g.json", "--out", "geodata"],
    "geodata-out-dotdot": ["geodata", "--source", "g.json", "--out", "assets/.."],
    "geodata-source-link": ["geodata", "--source", "geodata/g.json", "--out", "mine"],
    "extract-out-dotdot": ["extract", "geodata/a.txt", "--out", "draft.yaml"],
    "extract-draft-dotdot": ["extract", "a.txt", "--out", "assets/../draft.yaml"],
}


@pytest.mark.parametrize("case", sorted(CONFINED))
def test_every_command_resolves_then_checks(project, linked, case):
    shutil.copy(ARTICLE, project / "a.txt")
    before = sorted(p.relative_to(linked) for p in linked.rglob("*"))
    result = run(*CONFINED[case])
    assert result.exit_code == 1, result.output
    assert "leads out of the project through a symbolic link" in result.output
    assert sorted(p.relative_to(linked) for p in linked.rglob("*")) == before
    assert not (project / "mine").exists() and not (project / "map.html").exists()


# ---- 8. concurrent writers ------------------------------------------------------------------

WRITER = textwrap.dedent("""\
    import sys
    from mapgen.write import write_atomic
    from mapgen.errors import OutputError
    target, me, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    page = ("<!DOCTYPE html><title>" + me + "</title>" + me * 20000 + "</html>")
    failed = 0
    for i in range(n):
        try:
            write_atomic(target, page)
        except OutputError as exc:
            failed += 1
            print("failed:", exc, file=sys.stderr)
    print(failed)
    """)


@pytest.mark.parametrize("writers, each", [(3, 150), (5, 40)])
def test_concurrent_writers_all_succeed_and_leave_one_whole_page(tmp_path, writers, each):
    target = tmp_path / "map.html"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(target), chr(ord("a") + k), str(each)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for k in range(writers)]
    pages = set()
    while any(p.poll() is None for p in procs):
        try:
            text = target.read_text("utf-8")
        except FileNotFoundError:
            continue
        pages.add(text[:40])
        me = text[len("<!DOCTYPE html><title>")]
        assert text == "<!DOCTYPE html><title>" + me + "</title>" + me * 20000 + "</html>"
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out.strip() == "0", err
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
    assert len(pages) >= 1
