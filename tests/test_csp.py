"""The content security policy: the page runs its own code, and nothing injected runs."""

from __future__ import annotations

import re

import pytest

from browser import open_page

WATCH = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));"""


def policy(html: str) -> str:
    return re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1).replace("&#39;", "'")


def test_policy_allows_only_hashed_inline_code(built):
    csp = policy(built.read_text("utf-8"))
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert len(re.findall(r"'sha256-[A-Za-z0-9+/=]{44}'", csp)) == 5  # 3 scripts, 2 style blocks
    assert "img-src data:;" in csp or csp.endswith("img-src data:")
    assert "http" not in csp  # no tile host when tiles are off


def test_tiles_add_only_their_host(tmp_path):
    import mapgen
    from conftest import REAL_DATA

    html = mapgen.render(REAL_DATA, mapgen.BuildOptions(tiles="osm"))
    assert "img-src data: https://tile.openstreetmap.org" in policy(html)


@pytest.mark.browser
def test_the_page_works_under_its_policy_without_violations(browser, built):
    visit = open_page_with(browser, built.as_uri() + "#340100")
    page = visit.page
    page.wait_for_selector(".mg-root[data-ready=true]")
    assert page.locator(".mg-pname").inner_text() == "合肥市"
    assert page.evaluate("window.__violations") == []
    assert visit.errors == []


@pytest.mark.browser
def test_injected_inline_script_and_handler_are_blocked(browser, built, tmp_path):
    html = built.read_text("utf-8").replace(
        "</main>", '<script>window.pwned = 1;</script><img src="data:," onload="window.pwned2 = 1"></main>')
    hacked = tmp_path / "hacked.html"
    hacked.write_text(html, "utf-8")
    visit = open_page_with(browser, hacked.as_uri())
    page = visit.page
    page.wait_for_selector(".mg-root[data-ready=true]")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.evaluate("typeof window.pwned2") == "undefined"
    assert "script-src-elem" in page.evaluate("window.__violations") or "script-src" in page.evaluate(
        "window.__violations.join(' ')")


def open_page_with(browser, url):
    return open_page(browser, url, init_script=WATCH)
