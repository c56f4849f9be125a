"""Drive Debian's headless Chromium with Playwright, with the network blocked.

Every request that is not for the page file itself (or a ``data:`` URL) is
aborted and recorded, so a test can assert the page asked for nothing.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; tests/run.sh installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")


@dataclass
class Visit:
    page: object
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    folder: str = ""  # file: URLs in this folder may load (the page and files beside it)


def _folder(url: str) -> str:
    return url.split("#")[0].split("?")[0].rsplit("/", 1)[0] + "/"


def open_page(browser, url: str, width: int = 1280, height: int = 800, init_script: str | None = None,
              **context) -> Visit:
    """Open ``url`` in a fresh context with outside requests blocked.

    ``init_script`` runs in the page before any of its own scripts.
    """
    ctx = browser.new_context(viewport={"width": width, "height": height}, **context)
    if init_script:
        ctx.add_init_script(init_script)
    page = ctx.new_page()
    visit = Visit(page, folder=_folder(url))
    # The page itself and files beside it (an iframe's page) are allowed; nothing else.

    def route(r):
        u, folder = r.request.url, visit.folder
        if u.startswith("data:") or (u.startswith("file:") and u.startswith(folder) and "/" not in u[len(folder):]):
            r.continue_()
        else:
            visit.outside.append(u)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: visit.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.errors.append(f"page error: {e}"))
    page.goto(url)
    return visit


KEPT: set = set()  # contexts a Tabs fixture keeps open across tests (the autouse closer leaves them)


class Tabs:
    """Pages kept open across a module's tests, one per viewport and context options.

    Opening a context and its first page costs about twice a load in an open page, so
    tests that each need a freshly loaded page (a deep link, a language in the URL) share
    one: :meth:`open` goes through ``about:blank`` so every URL is a new document load, as a
    reader arriving from a link gets, never a same-document hash change. Nothing persists
    between loads: the page keeps no storage or cookies. The files a load may fetch are
    those beside its own URL, whichever folder the page loaded before.
    """

    def __init__(self, browser):
        self.browser = browser
        self.visits: dict[tuple, Visit] = {}

    def open(self, url: str, width: int = 1280, height: int = 800, **context) -> Visit:
        key = (width, height, tuple(sorted(context.items())))
        visit = self.visits.get(key)
        if visit is None or visit.page.is_closed():
            visit = self.visits[key] = open_page(self.browser, url, width, height, **context)
            KEPT.add(visit.page.context)
            return visit
        visit.page.goto("about:blank")
        visit.outside.clear()
        visit.errors.clear()
        visit.folder = _folder(url)
        visit.page.goto(url)
        return visit

    def close(self) -> None:
        for visit in self.visits.values():
            KEPT.discard(visit.page.context)
            visit.page.context.close()
        self.visits.clear()


def city_point(page, adcode: int) -> tuple[float, float]:
    """A viewport point where a click lands on the city's own polygon."""
    return page.evaluate("""(code) => {
        const path = document.querySelector(`path[data-adcode="${code}"]`);
        const b = path.getBoundingClientRect();
        for (let gy = 1; gy < 20; gy++) {
            for (let gx = 1; gx < 20; gx++) {
                const x = b.left + b.width * gx / 20, y = b.top + b.height * gy / 20;
                if (document.elementFromPoint(x, y) === path) return [x, y];
            }
        }
        return null;
    }""", adcode)
