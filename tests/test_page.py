"""What a reader sees, in headless Chromium with the network blocked."""

from __future__ import annotations

import pytest

from browser import city_point, open_page
from conftest import REAL_DATA
from mapgen.records import load_records

pytestmark = pytest.mark.browser
DATA = load_records(REAL_DATA)
CODES = [c.adcode for c in DATA.cities]


def ready(visit):
    visit.page.wait_for_selector(".mg-root[data-ready=true][data-settled=true]", timeout=10_000)
    return visit.page


@pytest.fixture(scope="module")
def default_view(browser, built):
    """The page as it opens, shared by the tests that only read it (no clicks, no keys)."""
    visit = open_page(browser, built.as_uri())
    ready(visit)
    yield visit
    visit.page.context.close()


def test_sixteen_polygons_drawn_offline_without_errors(default_view):
    visit = default_view
    page = visit.page
    drawn = page.eval_on_selector_all("path.leaflet-interactive[data-adcode]",
                                      "ps => ps.filter(p => p.getBBox().width > 5 && p.getAttribute('d').length > 50)"
                                      ".map(p => +p.dataset.adcode)")
    assert sorted(drawn) == CODES
    assert page.locator(".mg-nlabel").count() == 6  # neighbouring provinces, labelled
    assert visit.outside == []
    assert visit.errors == []


def test_clicking_each_city_opens_its_panel_with_every_figure(tabs, built):
    visit = tabs.open(built.as_uri())
    page = ready(visit)
    for city in DATA.cities:
        point = city_point(page, city.adcode)
        assert point, f"no visible point of {city.name} to click"
        page.mouse.click(*point)
        panel = page.locator(".mg-panel")
        panel.wait_for(state="visible")
        text = panel.inner_text()
        assert city.name in text
        assert city.text("summary") in text
        for f in city.figures:
            assert f.text_zh in text, (city.name, f.key)
            assert f.label in text
        if not city.figures:
            assert "原文未报道具体数字" in text
        assert page.evaluate("location.hash") == f"#{city.adcode}"
        page.keyboard.press("Escape")
        panel.wait_for(state="hidden")
    assert visit.errors == []


@pytest.mark.parametrize("fragment", ["#340100", "#hefei", "#Hefei"])
def test_deep_link_opens_hefei(tabs, built, fragment):
    page = ready(tabs.open(built.as_uri() + fragment))
    assert page.locator(".mg-panel .mg-pname").inner_text() == "合肥市"
    stroke = page.get_attribute('path[data-outline="340100"]', "stroke-width")
    assert float(stroke) >= 3  # the selected city stays outlined


def test_back_and_forward_follow_the_selection(browser, built):
    # Opening a city adds one entry; moving to another city replaces it (issue 14).
    page = ready(open_page(browser, built.as_uri()))
    for code in (340100, 340200):
        page.mouse.click(*city_point(page, code))
    assert page.locator(".mg-pname").inner_text() == "芜湖市"
    page.go_back()
    page.locator(".mg-panel").wait_for(state="hidden")
    page.go_forward()
    page.locator(".mg-panel").wait_for(state="visible")
    assert page.locator(".mg-pname").inner_text() == "芜湖市"


def test_enter_on_a_focused_city_opens_it_and_escape_returns_focus(tabs, built):
    page = ready(tabs.open(built.as_uri()))
    after = page.evaluate("""() => { const ps = [...document.querySelectorAll('path[data-adcode]')];
        return ps[ps.findIndex(p => p.dataset.adcode === '340600') + 1].dataset.adcode; }""")
    page.focus('path[data-adcode="340600"]')
    page.keyboard.press("Enter")
    assert page.locator(".mg-pname").inner_text() == "淮北市"
    assert page.evaluate("document.activeElement.dataset.adcode") == "340600"  # focus stays on the city
    page.keyboard.press("Tab")  # and Tab goes on to the next city south, as before the selection
    assert page.evaluate("document.activeElement.dataset.adcode") == after
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Escape")
    page.locator(".mg-panel").wait_for(state="hidden")
    assert page.evaluate("document.activeElement.dataset.adcode") == "340600"


def test_phone_panel_is_a_bottom_sheet_and_the_map_stays_visible(tabs, built):
    page = ready(tabs.open(built.as_uri() + "#340800", width=390, height=844, is_mobile=True,
                           has_touch=True, device_scale_factor=2))
    panel = page.locator(".mg-panel").bounding_box()
    stage = page.locator(".mg-stage").bounding_box()
    assert panel["width"] >= 380
    assert abs((panel["y"] + panel["height"]) - (stage["y"] + stage["height"])) < 2  # docked at the bottom
    assert panel["y"] - stage["y"] > 250  # at least 250 px of map above the sheet
    page.wait_for_function("""() => {  // the selected city is panned into the part left visible
        const city = document.querySelector('path[data-adcode="340800"]').getBoundingClientRect();
        const sheet = document.querySelector('.mg-panel').getBoundingClientRect();
        return city.top + city.height / 2 < sheet.top;
    }""", timeout=3000)


def test_desktop_panel_sits_beside_the_map(tabs, built):
    page = ready(tabs.open(built.as_uri() + "#340800"))
    panel = page.locator(".mg-panel").bounding_box()
    assert panel["x"] > 1280 / 2 and panel["width"] <= 400


def test_legend_counts_match_the_data(default_view):
    page = default_view.page
    rows = page.locator(".mg-legend li").all_inner_texts()
    expected = [f"{t.name} {sum(c.theme == t.key for c in DATA.cities)}市" for t in DATA.themes]
    assert [" ".join(r.split()) for r in rows] == expected


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_labels_do_not_collide_at_the_default_zoom(tabs, built, width, height, lang):
    page = ready(tabs.open(built.as_uri() + f"#lang={lang}", width=width, height=height))
    boxes = page.eval_on_selector_all(".mg-label", """ls => ls.map(l => {
        const parts = [...l.children].filter(c => getComputedStyle(c).display !== 'none');
        return parts.map(c => { const b = c.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; });
    }).map(ps => [Math.min(...ps.map(p => p[0])), Math.min(...ps.map(p => p[1])),
                  Math.max(...ps.map(p => p[2])), Math.max(...ps.map(p => p[3]))])""")
    assert len(boxes) == 16
    assert_no_overlap(boxes)


def assert_no_overlap(boxes):
    overlaps = [(i, j) for i in range(16) for j in range(i + 1, 16)
                if boxes[i][0] < boxes[j][2] and boxes[j][0] < boxes[i][2]
                and boxes[i][1] < boxes[j][3] and boxes[j][1] < boxes[i][3]]
    assert overlaps == []


LABEL_BOXES = """ls => ls.map(l => {
    const parts = [...l.children].filter(c => getComputedStyle(c).display !== 'none');
    return parts.map(c => { const b = c.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; });
}).map(ps => [Math.min(...ps.map(p => p[0])), Math.min(...ps.map(p => p[1])),
              Math.max(...ps.map(p => p[2])), Math.max(...ps.map(p => p[3]))])"""


def test_labels_are_placed_again_after_switching_language_in_the_list(tabs, built):
    page = ready(tabs.open(built.as_uri(), width=390, height=844))
    page.click(".mg-view[data-view=list]")
    page.click(".mg-lang[data-lang=en]")
    page.click(".mg-view[data-view=map]")
    assert_no_overlap(page.eval_on_selector_all(".mg-label", LABEL_BOXES))


def test_pinch_zoom_is_allowed_and_language_is_set(default_view):
    page = default_view.page
    assert page.get_attribute("html", "lang") == "zh-CN"
    viewport = page.get_attribute('meta[name="viewport"]', "content")
    assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport


def test_a_map_coloured_by_a_figure_labels_that_figure(browser, tmp_path):
    import mapgen

    out = tmp_path / "investment.html"
    mapgen.build(REAL_DATA, out, mapgen.BuildOptions(color_by="investment"))
    page = ready(open_page(browser, out.as_uri()))
    chips = page.eval_on_selector_all(".mg-label", "ls => ls.map(l => l.children[1] ? l.children[1].textContent : null)")
    having = {c.adcode: c.figure("investment").text_zh for c in DATA.cities if c.figure("investment")}
    assert sorted(c for c in chips if c) == sorted(having.values())
    assert chips.count(None) == 16 - len(having)
