"""China's 370 prefectures and 2,851 counties on one page stay usable, on a desktop and a phone.

Labels shown never overlap; a name hidden at the first view comes back when its unit is
zoomed in on, and the unit is then selectable by a click on it; every unit is in the list
and found by search. One page load per map and size, shared by the tests of this module.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import open_page
from mapgen.cli import main

pytestmark = pytest.mark.browser

REACH = (Path(__file__).resolve().parent.parent / "benchmarks" / "reach.js").read_text("utf-8")
MAPS = {"prefectures": ("city", 370), "counties": ("county", 2851)}
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture(scope="module")
def china(tmp_path_factory):
    """The two national maps, scaffolded by `mapgen init` and built once."""
    folder = tmp_path_factory.mktemp("china")
    pages = {}
    for name, (level, _) in MAPS.items():
        data, out = folder / f"{name}.yaml", folder / f"{name}.html"
        for args in (["init", "中国", "--level", level, "--out", data], ["build", "--data", data, "--out", out]):
            result = CliRunner().invoke(main, [str(a) for a in args])
            assert result.exit_code == 0, result.output
        pages[name] = out
    return pages


@pytest.fixture(scope="module", params=[(m, s) for m in MAPS for s in SIZES], ids=lambda p: "-".join(p))
def shown(request, browser, china):
    """One map at one size, loaded and settled, with what a reader can reach at the first view."""
    name, size = request.param
    visit = open_page(browser, china[name].as_uri(), *SIZES[size])
    visit.page.wait_for_selector(".mg-root[data-settled=true]", timeout=120_000)
    visit.name, visit.units = name, MAPS[name][1]
    visit.first = visit.page.evaluate(REACH)
    yield visit
    visit.page.context.close()


def wait_named(page, code: int) -> None:
    """Until the unit's name is shown on the map."""
    page.wait_for_function("""(code) => {
        const l = document.querySelector(`.mg-label[data-unit='${code}']`);
        return l && getComputedStyle(l).visibility === 'visible' && l.offsetWidth > 0;
    }""", arg=code, timeout=10_000)


def name_in_list(page, code: int) -> str:
    return page.locator(f".mg-table tr[data-adcode='{code}'] th").inner_text().strip()


def test_labels_do_not_overlap_and_shown_units_are_clickable(shown):
    first = shown.first
    assert first["units"] == shown.units
    assert first["labels_shown"] > 0 and first["label_overlaps"] == 0
    # a labelled unit is big enough to click; the labels take no unit's last pixel
    assert set(first["labelled"]) <= set(first["reachable"])
    assert first["reachable_by_pointer"] >= 0.45 * shown.units
    assert shown.errors == [] and shown.outside == []


def test_a_hidden_name_comes_back_zoomed_in_and_the_unit_takes_a_click(shown):
    page, first = shown.page, shown.first
    labelled = set(first["labelled"])
    codes = page.eval_on_selector_all(".mg-table tbody tr", "rs => rs.map(r => +r.dataset.adcode)")
    hidden = [c for c in codes if c not in labelled]
    sample = [hidden[0], hidden[len(hidden) // 2], hidden[-1]]  # north, middle and south of the adcode order
    for code in sample:
        # zoom in on the unit as a reader would, until it fills a good part of the map
        page.evaluate("""(code) => {
            const root = document.querySelector('.mg-root'), map = mapgen.maps[root.id];
            let layer = null;
            map.eachLayer(l => { if (l.feature && l.feature.properties.adcode === code) layer = l; });
            map.fitBounds(layer.getBounds(), { padding: [60, 60], animate: false });
        }""", code)
        wait_named(page, code)
        reach = page.evaluate(REACH)
        assert code in reach["labelled"] and reach["label_overlaps"] == 0
        assert code in reach["reachable"]
        # a click on the unit (its label point, under its own name) opens it
        x, y = page.evaluate("""(code) => {
            const root = document.querySelector('.mg-root'), map = mapgen.maps[root.id];
            const data = JSON.parse(root.querySelector('script[data-mapgen]').textContent);
            const c = data.cities.find(c => c.adcode === code);
            const p = map.latLngToContainerPoint([c.label[1], c.label[0]]), box = map.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""", code)
        page.mouse.click(x, y)
        page.wait_for_selector(".mg-panel:not([hidden])")
        assert page.locator(".mg-pname").inner_text().strip() == name_in_list(page, code)
        page.locator(".mg-close").click()
        page.wait_for_selector(".mg-panel[hidden]", state="attached")
    assert shown.errors == []


def test_every_unit_is_in_the_list_and_search_finds_it(shown):
    page = shown.page
    codes = page.eval_on_selector_all(".mg-table tbody tr", "rs => rs.map(r => +r.dataset.adcode)")
    code = codes[len(codes) // 3]
    name = name_in_list(page, code)
    page.locator(".mg-view[data-view='list']").click()
    assert page.locator(".mg-rowbtn").count() == shown.units  # every unit has a button in the list
    page.locator(f".mg-table tr[data-adcode='{code}'] .mg-rowbtn").click()
    page.wait_for_selector(".mg-panel:not([hidden])")
    assert page.locator(".mg-pname").inner_text().strip() == name
    assert page.locator(f"path[data-outline='{code}']").count() == 1
    page.locator(".mg-close").click()
    # search: one letter lists a screenful and says how many more; the name finds the unit
    q = page.locator(".mg-q")
    q.fill("x")
    assert 1 <= page.locator(".mg-hit").count() <= 50
    q.fill(name)
    q.press("Enter")
    page.wait_for_selector(".mg-panel:not([hidden])")
    assert page.locator(".mg-pname").inner_text().strip() == name
    page.locator(".mg-close").click()
    assert shown.errors == []


# A unit under a pixel at the first view (澳门 among the prefectures, 阳泉's 城区 among the
# counties) and a zoom at which its name fits it.
SMALL = {"prefectures": (820000, 9), "counties": (140302, 10)}


def test_a_unit_too_small_to_see_at_first_is_named_once_zoomed_in_on(shown):
    """The page opens with the points of its first view only; a name must still be judged by the
    unit's whole outline once the reader zooms in and every point is back."""
    code, zoom = SMALL[shown.name]
    page = shown.page
    page.evaluate("""([code, zoom]) => {
        const root = document.querySelector('.mg-root'), map = mapgen.maps[root.id];
        const c = JSON.parse(root.querySelector('script[data-mapgen]').textContent).cities.find(c => c.adcode === code);
        map.setView([c.label[1], c.label[0]], zoom, { animate: false });
    }""", [code, zoom])
    wait_named(page, code)
    reach = page.evaluate(REACH)
    assert code in reach["labelled"] and reach["label_overlaps"] == 0
    assert shown.errors == []
