"""mapgen serve as an editor uses it: a real server process, a page in headless
Chromium (only 127.0.0.1 reachable), and edits to a copy of the Anhui data."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import REAL_DATA

ORIGINAL = REAL_DATA.read_text("utf-8")
HEFEI = "value: 480.4"
# Generous: the machine running the tests may be busy; benchmarks/serve.py measures the real delay.
WAIT = 15_000


class Server:
    """``mapgen serve`` in a subprocess; its output lines are collected as they come."""

    def __init__(self, cwd: Path, *args: str):
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "mapgen", "serve", *args], cwd=cwd, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.out: list[str] = []
        self.err: list[str] = []
        threading.Thread(target=self._read, args=(self.proc.stdout, self.out), daemon=True).start()
        threading.Thread(target=self._read, args=(self.proc.stderr, self.err), daemon=True).start()

    def _read(self, stream, into):
        for line in stream:
            into.append(line)
            self.lines.put(line)

    def wait_for(self, pattern: str, timeout: float = 30) -> re.Match:
        while True:
            line = self.lines.get(timeout=timeout)
            if m := re.search(pattern, line):
                return m

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)  # Ctrl-C
        return self.proc.wait(timeout=10)


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mapgen", "serve", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60)


@pytest.fixture
def data(tmp_path) -> Path:
    path = tmp_path / "initiatives.yaml"
    path.write_text(ORIGINAL, "utf-8")
    return path


@pytest.fixture
def served(tmp_path, data):
    server = Server(tmp_path, "--data", data.name, "--port", "0", "--interval", "0.1")
    server.url = server.wait_for(r"serving (http://127\.0\.0\.1:\d+/)").group(1)
    yield server
    assert server.stop() == 0
    assert "stopped" in "".join(server.out)
    assert "Traceback" not in "".join(server.err)


def save(path: Path, text: str, atomic: bool = False) -> None:
    if atomic:  # as vim and VS Code do: a new file renamed over the old one
        tmp = path.with_name(path.name + ".swp")
        tmp.write_text(text, "utf-8")
        os.replace(tmp, path)
    else:
        path.write_text(text, "utf-8")


def open_served(browser, url: str):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    outside, errors = [], []

    def route(r):
        if r.request.url.startswith(url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, outside, errors


def check_lines(cwd: Path, data: Path) -> list[str]:
    """The problems exactly as ``mapgen check`` prints them."""
    done = subprocess.run([sys.executable, "-m", "mapgen", "check", "--data", data.name], cwd=cwd,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    return [line[4:] for line in done.stderr.splitlines() if line.startswith("  - ")]


@pytest.mark.browser
def test_the_open_page_follows_edits_keeps_unit_language_and_view_and_shows_problems(browser, served, data,
                                                                                     tmp_path):
    page, outside, errors = open_served(browser, served.url)
    page.goto(served.url + "#340100&lang=en")
    page.wait_for_selector(".mg-root[data-ready=true]")
    panel = page.locator(".mg-panel")
    assert "48.04 billion yuan" in panel.inner_text()
    # The reader moves the map; the view must survive the reloads.
    map_id = page.evaluate("Object.keys(window.mapgen.maps)[0]")
    page.evaluate(f"window.mapgen.maps['{map_id}'].setView([31.5, 117.5], 9, {{animate: false}})")
    page.evaluate("window.notReloaded = true")

    save(data, ORIGINAL.replace(HEFEI, "value: 512.6"))
    expect(panel).to_contain_text("51.26 billion yuan", timeout=WAIT)
    assert page.evaluate("window.notReloaded") is None  # the page reloaded itself
    assert page.evaluate("location.hash") == "#340100&lang=en"
    assert page.locator(".mg-lang[aria-pressed=true]").get_attribute("data-lang") == "en"
    view = page.evaluate(f"(m => [m.getCenter().lat, m.getCenter().lng, m.getZoom()])"
                         f"(window.mapgen.maps['{map_id}'])")
    assert view == pytest.approx([31.5, 117.5, 9], abs=1e-3)

    # A broken edit: its problems, as `mapgen check` prints them, over the last good map.
    broken = ORIGINAL.replace(HEFEI, "value: 5l2.6").replace("theme: ", "theme: <img src=x onerror=alert(1)>", 1)
    save(data, broken)
    overlay = page.locator(".mg-preview-problems")
    overlay.wait_for(state="visible", timeout=WAIT)
    expected = check_lines(tmp_path, data)
    assert len(expected) >= 2 and any("figures[" in line for line in expected)
    assert overlay.locator("li").all_inner_texts() == expected
    assert overlay.locator("img").count() == 0  # data text stays text
    assert page.locator("path.leaflet-interactive[data-adcode]").count() == 16
    assert "51.26 billion yuan" in panel.inner_text()
    assert served.proc.poll() is None

    # Fixed with an atomic save: the overlay goes and the new figure shows.
    save(data, ORIGINAL.replace(HEFEI, "value: 600.1"), atomic=True)
    expect(panel).to_contain_text("60.01 billion yuan", timeout=WAIT)
    assert page.locator(".mg-preview-problems").count() == 0
    assert served.proc.poll() is None

    # A reader on the list view stays on it.
    page.locator('.mg-view[data-view="list"]').click()
    page.evaluate("window.notReloaded = true")
    save(data, ORIGINAL.replace(HEFEI, "value: 700.1"))
    expect(page.locator('tr[data-adcode="340100"]')).to_contain_text("70.01 bn yuan", timeout=WAIT)
    assert page.evaluate("window.notReloaded") is None
    assert page.locator('.mg-view[data-view="list"]').get_attribute("aria-pressed") == "true"
    assert outside == []
    assert errors == []
    assert not (tmp_path / "output").exists()  # a preview writes nothing
    page.context.close()


@pytest.mark.browser
def test_data_broken_at_start_is_served_as_its_problems_until_fixed(browser, tmp_path, data):
    save(data, ORIGINAL.replace(HEFEI, "value: [1"))
    server = Server(tmp_path, "--data", data.name, "--port", "0", "--interval", "0.1")
    try:
        url = server.wait_for(r"serving (http://\S+)").group(1)
        page, outside, errors = open_served(browser, url)
        page.goto(url)
        page.locator(".mg-preview-problems").wait_for(state="visible", timeout=WAIT)
        assert "initiatives.yaml:" in page.locator(".mg-preview-problems").inner_text()
        save(data, ORIGINAL)
        page.wait_for_selector(".mg-root[data-ready=true]", timeout=WAIT)
        assert page.locator(".mg-preview-problems").count() == 0
        assert errors == [] and outside == []
    finally:
        assert server.stop() == 0


def test_write_updates_the_output_as_build_does(tmp_path, data):
    server = Server(tmp_path, "--data", data.name, "--port", "0", "--interval", "0.1", "--write")
    try:
        server.wait_for(r"serving")
        save(data, ORIGINAL.replace(HEFEI, "value: 512.6"))
        server.wait_for(r"wrote output/map\.html")
        from mapgen import render

        assert (tmp_path / "output" / "map.html").read_text("utf-8") == render(data)
    finally:
        assert server.stop() == 0


def test_a_port_in_use_is_a_message_and_exit_1(tmp_path, data):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = run(tmp_path, "--data", data.name, "--port", str(taken.getsockname()[1]))
    assert done.returncode == 1
    assert "already in use" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_missing_data_file_is_a_message_and_exit_1(tmp_path):
    done = run(tmp_path, "--data", "nowhere.yaml", "--port", "0")
    assert done.returncode == 1
    assert done.stderr.startswith("error: nowhere.yaml: no such data file")
    assert "Traceback" not in done.stderr


def test_impossible_options_are_usage_errors(tmp_path, data):
    done = run(tmp_path, "--data", data.name, "--classes", "9")
    assert done.returncode == 2
    assert "classes 9" in done.stderr and "Traceback" not in done.stderr


def test_serve_has_help():
    from click.testing import CliRunner

    from mapgen.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--write" in result.output and "127.0.0.1" in result.output
