"""Reader features: keyboard, screen-reader audit, search, languages, list view, no-JS fallback."""

from __future__ import annotations

from importlib import resources

import pytest

from browser import open_page
from conftest import REAL_DATA
from mapgen.i18n import hant
from mapgen.records import load_records

pytestmark = pytest.mark.browser
DATA = load_records(REAL_DATA)
BOUNDARY_EN = {340100: "Hefei", 340200: "Wuhu", 340300: "Bengbu", 340400: "Huainan", 340500: "Ma'anshan",
               340600: "Huaibei", 340700: "Tongling", 340800: "Anqing", 341000: "Huangshan", 341100: "Chuzhou",
               341200: "Fuyang", 341300: "Suzhou", 341500: "Lu'an", 341600: "Bozhou", 341700: "Chizhou",
               341800: "Xuancheng"}
PINYIN = {340100: "hefei", 340200: "wuhu", 340300: "bengbu", 340400: "huainan", 340500: "maanshan",
          340600: "huaibei", 340700: "tongling", 340800: "anqing", 341000: "huangshan", 341100: "chuzhou",
          341200: "fuyang", 341300: "suzhou", 341500: "luan", 341600: "bozhou", 341700: "chizhou",
          341800: "xuancheng"}


def ready(visit):
    visit.page.wait_for_selector(".mg-root[data-settled=true]", timeout=10_000)
    return visit.page


def test_tab_reaches_every_city_north_to_south_and_enter_esc_work(tabs, built):
    page = ready(tabs.open(built.as_uri()))
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        code = page.evaluate("document.activeElement.getAttribute('data-adcode')")
        if code and page.evaluate("document.activeElement.tagName") == "path":
            reached.append(int(code))
            if len(reached) == 16:
                break
    assert sorted(reached) == sorted(BOUNDARY_EN)
    lats = page.evaluate("""(codes) => { const d = JSON.parse(document.querySelector('script[data-mapgen]').textContent);
        return codes.map(c => d.cities.find(x => x.adcode === c).label[1]); }""", reached)
    assert lats == sorted(lats, reverse=True)  # north to south
    for code in reached[:4]:
        page.focus(f'path[data-adcode="{code}"]')
        label = page.get_attribute(f'path[data-adcode="{code}"]', "aria-label")
        city = next(c for c in DATA.cities if c.adcode == code)
        assert label == f"{city.name}: {city.text('headline')}"
        page.keyboard.press("Enter")
        assert page.locator(".mg-pname").inner_text() == city.name
        assert city.name in page.locator(".mg-announce").inner_text()  # announced to screen readers
        page.keyboard.press("Escape")
        page.locator(".mg-panel").wait_for(state="hidden")
        assert page.evaluate("document.activeElement.getAttribute('data-adcode')") == str(code)


def test_focused_city_has_a_visible_focus_ring(tabs, built):
    page = ready(tabs.open(built.as_uri()))
    page.focus('path[data-adcode="340100"]')
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    width = page.evaluate("getComputedStyle(document.activeElement).strokeWidth")
    assert float(width.rstrip("px")) >= 4


AXE = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("state", ["map", "panel", "list"])
def test_no_serious_accessibility_violations(tabs, built, lang, state):
    page = ready(tabs.open(built.as_uri() + f"#lang={lang}" + ("&340100" if state == "panel" else "")))
    if state == "list":
        page.click(".mg-view[data-view=list]")
    page.evaluate(AXE)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []


@pytest.fixture(scope="module")
def search_page(browser, built):
    """One page for the search of every city: each search ends by opening its city's panel."""
    visit = open_page(browser, built.as_uri())
    yield ready(visit)
    visit.page.context.close()


@pytest.mark.parametrize("code", sorted(BOUNDARY_EN))
def test_search_finds_every_city_by_every_form(search_page, code):
    page = search_page
    # the page is shared, in order: the panel open now is the previous city's, never this one's
    assert page.locator(".mg-pname").count() == 0 or page.locator(".mg-pname").inner_text() != \
        next(c for c in DATA.cities if c.adcode == code).name
    city = next(c for c in DATA.cities if c.adcode == code)
    short = city.name.removesuffix("市")
    for query in (short, city.name, hant(short), BOUNDARY_EN[code], BOUNDARY_EN[code].lower(), PINYIN[code]):
        page.fill(".mg-q", query)
        hits = page.locator(".mg-hit").all_inner_texts()
        assert city.name in hits, (query, hits)
    page.fill(".mg-q", PINYIN[code])
    while page.locator(".mg-hit[aria-selected=true]").inner_text() != city.name:
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator(".mg-pname").inner_text() == city.name


def test_search_by_pinyin_initials(search_page):
    page = search_page
    page.fill(".mg-q", "hf")
    assert page.locator(".mg-hit").all_inner_texts() == ["合肥市"]
    page.fill(".mg-q", "南京")
    assert page.locator(".mg-nohit").count() == 1


def test_switching_language_changes_names_panel_and_numbers(tabs, built):
    page = ready(tabs.open(built.as_uri() + "#340100"))
    assert page.locator(".mg-value").first.inner_text() == "8场"
    page.click(".mg-lang[data-lang=en]")
    assert page.get_attribute(".mg-root", "lang") == "en" and page.get_attribute("html", "lang") == "en"
    assert page.locator(".mg-pname").inner_text() == "Hefei"
    values = page.locator(".mg-value").all_inner_texts()
    assert "48.04 billion yuan" in values and "more than 200 people" in values
    assert page.locator(".mg-title").inner_text() == DATA.page.title_en
    assert "lang=en" in page.evaluate("location.hash")
    page.click(".mg-lang[data-lang=zh-Hant]")
    assert page.locator(".mg-pname").inner_text() == "合肥市"  # the same in both scripts
    assert page.locator(".mg-title").inner_text() == hant(DATA.page.title)
    assert "480.4億元" in page.locator(".mg-value").all_inner_texts()
    assert page.get_attribute("html", "lang") == "zh-Hant"
    labels = page.locator(".mg-lname").all_inner_texts()
    assert "蕪湖" in labels and "馬鞍山" in labels


@pytest.mark.parametrize("url_suffix", ["?lang=en", "#lang=en", "#lang=en&340200"])
def test_language_in_the_url_opens_in_that_language(tabs, built, url_suffix):
    page = ready(tabs.open(built.as_uri() + url_suffix))
    assert page.get_attribute("html", "lang") == "en"
    assert "Wuhu" in page.locator(".mg-lname").all_inner_texts()
    if "340200" in url_suffix:
        assert page.locator(".mg-pname").inner_text() == "Wuhu"


def test_list_view_selects_on_the_map_and_sorts(tabs, built):
    page = ready(tabs.open(built.as_uri(), width=390, height=844))
    page.click(".mg-view[data-view=list]")
    assert page.locator(".mg-stage").is_hidden()
    rows = page.locator(".mg-table tbody tr")
    assert rows.count() == 16
    page.click(".mg-table thead th:nth-child(4) .mg-sort")  # by headline figure
    page.click(".mg-table thead th:nth-child(4) .mg-sort")  # descending
    assert page.get_attribute(".mg-table thead th:nth-child(4)", "aria-sort") == "descending"
    # like with like (issue 14): each unit's figures together, largest first; no figure last
    cells = page.eval_on_selector_all(".mg-table tbody td.mg-num", "cs => cs.map(c => c.textContent)")
    counts = [int(t[:-1]) for t in cells if t.endswith("个")]
    assert counts == sorted(counts, reverse=True) and len(counts) == 7
    units = ["个" if t.endswith("个") else "" for t in cells]
    assert "".join(units).count("个个个个个个个") == 1  # together
    assert page.locator(".mg-table tbody tr").last.get_attribute("data-adcode") == "341700"  # none
    page.click(".mg-rowbtn >> text=芜湖市")
    assert page.locator(".mg-stage").is_visible()
    assert page.locator(".mg-pname").inner_text() == "芜湖市"
    assert page.get_attribute('.mg-table tr[data-adcode="340200"]', "aria-selected") == "true"


def test_without_javascript_the_list_and_summaries_are_readable(tabs, built):
    page = tabs.open(built.as_uri(), java_script_enabled=False).page
    rows = page.locator(".mg-table tbody tr")
    assert rows.count() == 16
    text = page.locator(".mg-table").inner_text()
    for city in DATA.cities:
        assert city.name in text and city.text("headline") in text and city.text("summary") in text
    assert page.locator(".mg-table").is_visible()


@pytest.mark.parametrize("url_suffix", ["#lang=constructor", "?lang=toString", "#lang=__proto__&340100"])
def test_a_bogus_language_in_the_url_keeps_the_default(tabs, built, url_suffix):
    visit = tabs.open(built.as_uri() + url_suffix)
    page = ready(visit)
    assert page.get_attribute(".mg-root", "lang") == "zh-CN" and page.get_attribute(".mg-root", "data-lang") == "zh-Hans"
    assert visit.errors == []
