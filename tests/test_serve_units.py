"""mapgen serve, piece by piece: the watcher, the preview renderer, the state and the server."""

from __future__ import annotations

import json
import os
import re
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REAL_DATA
from mapgen import render
from mapgen.preview import Preview, Watcher, make_server
from mapgen.preview.page import hook_js, render_preview, render_waiting
from mapgen.renderers.html import _sha256

# Short enough to keep the tests fast; wide enough apart that a busy machine's
# scheduling delays (tens of ms) do not change what is being tested.
FAST = {"interval": 0.02, "debounce": 0.4, "grace": 1.5}


class Calls:
    def __init__(self):
        self.calls: list[list[Path]] = []
        self.event = threading.Event()

    def __call__(self, changed):
        self.calls.append(changed)
        self.event.set()

    def wait(self, seconds=3.0) -> bool:
        ok = self.event.wait(seconds)
        self.event.clear()
        return ok


@pytest.fixture
def watched(tmp_path):
    path = tmp_path / "data.yaml"
    path.write_text("a: 1\n")
    calls = Calls()
    watcher = Watcher(lambda: [path], calls, **FAST).start()
    yield path, calls
    watcher.stop()


def test_an_edit_is_reported_once_even_when_the_editor_writes_twice(watched):
    path, calls = watched
    path.write_text("")            # truncate first, as some editors do
    time.sleep(0.03)
    path.write_text("a: 2\n")
    assert calls.wait()
    time.sleep(0.6)
    assert calls.calls == [[path]]


def test_an_atomic_save_that_removes_and_recreates_the_file_is_one_change(watched):
    path, calls = watched
    path.unlink()                  # vim: the old file goes, the new one is renamed in
    time.sleep(0.6)                # longer than the debounce, shorter than the grace
    tmp = path.with_suffix(".tmp")
    tmp.write_text("a: 3\n")
    os.replace(tmp, path)
    assert calls.wait()
    time.sleep(0.6)
    assert calls.calls == [[path]]


def test_same_size_same_mtime_edits_are_seen_by_their_content(watched):
    path, calls = watched
    st = path.stat()
    path.write_text("a: 9\n")      # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # a coarse-mtime drive: same mtime
    assert calls.wait()


def test_touch_without_a_change_rebuilds_nothing(watched):
    path, calls = watched
    os.utime(path, None)
    path.write_text("a: 1\n")
    assert not calls.wait(1.0)


def test_a_file_that_stays_missing_is_reported_after_the_grace(watched):
    path, calls = watched
    path.unlink()
    assert calls.wait()
    assert calls.calls == [[path]]


def test_the_preview_page_is_the_real_page_plus_the_hook_allowed_by_the_policy():
    from mapgen.pipeline import scene

    real = render(REAL_DATA)
    hook = hook_js("v-1")
    page = render_preview(scene(REAL_DATA), "v-1")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert _sha256(hook).replace("'", "&#39;") in csp
    assert "connect-src &#39;self&#39;" in csp
    assert "connect-src" not in real
    # Remove the hook and the policy: what is left is byte for byte the built page.
    strip = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')
    assert strip.sub("", page.replace(f"<script>{hook}</script>\n", "")) == strip.sub("", real)


def test_the_waiting_page_allows_its_hook_and_nothing_else():
    page = render_waiting("v-0")
    script_src = re.search(r"script-src (.*?); style-src", page).group(1)
    assert script_src == _sha256(hook_js("v-0")).replace("'", "&#39;")
    assert ".innerHTML" not in hook_js("v-0") and ".insertAdjacentHTML" not in hook_js("v-0")


def test_a_broken_edit_keeps_the_last_good_page_and_sets_the_problems(tmp_path):
    data = tmp_path / "initiatives.yaml"
    data.write_text(REAL_DATA.read_text("utf-8"), "utf-8")
    lines: list[str] = []
    preview = Preview(data, report=lines.append)
    assert preview.rebuild()
    good, version = preview.page, preview.version
    data.write_text(REAL_DATA.read_text("utf-8").replace("value: 480.4", "value: 4八0"), "utf-8")
    assert not preview.rebuild([data])
    assert (preview.page, preview.version) == (good, version)
    assert preview.problems and re.match(r".*initiatives\.yaml:\d+: city 340100 \(合肥市\): figures\[\d\]\.value: ",
                                         preview.problems[0])
    assert lines[-1].startswith("error (")
    data.write_text(REAL_DATA.read_text("utf-8"), "utf-8")
    assert preview.rebuild([data])
    assert preview.problems == () and preview.version != version


def test_the_server_answers_only_its_page_and_state_with_no_store(tmp_path):
    data = tmp_path / "initiatives.yaml"
    data.write_text(REAL_DATA.read_text("utf-8"), "utf-8")
    preview = Preview(data, report=lambda _line: None)
    preview.rebuild()
    server = make_server(preview, "127.0.0.1", 0, long_poll=0.2)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(server.url) as r:
            assert r.headers["Cache-Control"] == "no-store"
            assert r.read().decode("utf-8") == preview.page
        with urllib.request.urlopen(server.url + "_mapgen/state?version=x&serial=0") as r:
            assert json.load(r)["version"] == preview.version
        started = time.monotonic()  # a page that is up to date waits (long poll)
        with urllib.request.urlopen(f"{server.url}_mapgen/state?version={preview.version}&serial={preview.serial}"):
            assert time.monotonic() - started >= 0.15
        for path, status in (("../initiatives.yaml", 404), ("initiatives.yaml", 404)):
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(server.url + path)
            assert err.value.code == status
        rebinding = urllib.request.Request(server.url, headers={"Host": f"evil.example:{server.server_port}"})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(rebinding)
        assert err.value.code == 403
    finally:
        preview.close()
        server.shutdown()
        server.server_close()
