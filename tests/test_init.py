"""Any region of China at any level: mapgen init scaffolds a data file that builds a map at once."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from mapgen.cli import main

REGIONS = [("四川", None, "city", 21), ("合肥", None, "county", 9), ("中国", None, "province", 34),
           ("Sichuan", "county", "county", 183)]


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("regions")
    pages = {}
    for name, level, _, _ in REGIONS[:3]:
        data = folder / f"{name}.yaml"
        assert run("init", name, "--out", data, *(["--level", level] if level else [])).exit_code == 0
        assert run("build", "--data", data, "--out", folder / f"{name}.html").exit_code == 0
        pages[name] = folder / f"{name}.html"
    return pages


@pytest.mark.parametrize("name, level, expected_level, count", REGIONS)
def test_init_writes_one_stub_per_unit_that_check_accepts_with_warnings(tmp_path, name, level, expected_level, count):
    data = tmp_path / "d.yaml"
    result = run("init", name, "--out", data, *(["--level", level] if level else []))
    assert result.exit_code == 0, result.output
    text = data.read_text("utf-8")
    assert f"level: {expected_level}" in text and text.count("  - adcode: ") == count
    checked = run("check", "--data", data)
    assert checked.exit_code == 0, checked.output
    assert "placeholders" in checked.output and checked.output.rstrip().endswith("publishable")


def test_every_form_of_a_region_name_gives_the_same_file(tmp_path):
    texts = set()
    for form in ("四川", "四川省", "四川", "Sichuan", "510000"):
        out = tmp_path / f"{len(texts)}-{form}.yaml"
        assert run("init", form, "--out", out).exit_code == 0
        texts.add(out.read_text("utf-8"))
    assert len(texts) == 1


@pytest.mark.parametrize("args, message", [
    (["火星"], "no unit is called '火星'"),
    (["香港", "--level", "county"], "has no county-level units below it"),
])
def test_bad_regions_are_refused_and_nothing_is_written(tmp_path, args, message):
    out = tmp_path / "d.yaml"
    result = run("init", *args, "--out", out)
    assert result.exit_code == 1 and message in result.output
    assert not out.exists()


def test_init_never_overwrites_unless_told(tmp_path):
    out = tmp_path / "d.yaml"
    out.write_text("mine", "utf-8")
    result = run("init", "四川", "--out", out)
    assert result.exit_code == 1 and "add --force" in result.output and out.read_text("utf-8") == "mine"
    assert run("init", "四川", "--out", out, "--force").exit_code == 0 and out.read_text("utf-8") != "mine"


def test_a_record_outside_the_region_is_refused(tmp_path):
    data = tmp_path / "d.yaml"
    run("init", "合肥", "--out", data)
    text = data.read_text("utf-8").replace("adcode: 340102", "adcode: 510104", 1)
    data.write_text(text, "utf-8")
    result = run("check", "--data", data)
    assert result.exit_code == 1 and re.search(r"d\.yaml:\d+: .*adcode 510104 is not one of the boundaries", result.output)


@pytest.mark.browser
@pytest.mark.parametrize("name, count", [("四川", 21), ("合肥", 9), ("中国", 34)])
@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_region_maps_draw_every_unit_offline(tabs, built, name, count, size):
    visit = tabs.open(built[name].as_uri(), *size)
    page = visit.page
    page.wait_for_selector(".mg-root[data-settled=true]")
    paths = page.locator("path.leaflet-interactive[data-adcode]")
    assert paths.count() == count
    assert page.locator("path.leaflet-interactive[data-adcode][tabindex]").count() == count  # keyboard reaches all
    first = paths.first.get_attribute("data-adcode")
    box = paths.first.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    page.evaluate("code => document.querySelector(`path[data-adcode='${code}']`).dispatchEvent("
                  "new MouseEvent('click', {bubbles: true}))", first)
    page.wait_for_selector(".mg-panel:not([hidden])")
    assert page.locator(".mg-pname").inner_text().strip()
    assert visit.outside == [] and visit.errors == []


# Inside the page: each unit's points as drawn, and in full; the largest distance, in pixels
# of the view, from a point left out to the drawn line between the kept points around it.
DETAIL = """() => {
  const mg = window.mapgen, root = document.querySelector(".mg-root"), map = mg.maps[root.id], L = mg.L;
  const topo = JSON.parse(root.querySelector("script[data-mapgen-topology]").textContent);
  const count = rings => rings.flat(3).length;
  const full = {}, drawn = {};
  // a ring of the topology repeats its first point at its end; Leaflet drops the repeat
  const arcs = mg.topology.decodeFlat(topo).map(f => Array.from({ length: f.length / 2 }, (_, i) => [f[2 * i], f[2 * i + 1]]));
  mg.topology.shapes(topo, arcs, "cities").forEach(s => {
    full[s.adcode] = (s.type === "Polygon" ? s.rings : s.rings.flat(1)).reduce((n, r) => n + r.length - 1, 0); });
  map.eachLayer(l => { const e = l.getElement && l.getElement();
                       if (e && e.hasAttribute("data-adcode")) drawn[e.getAttribute("data-adcode")] = count(l.getLatLngs()); });
  let worst = 0, k = 0;
  const px = (f, i) => map.project([f[2 * i + 1], f[2 * i]]);  // unrounded pixels of this zoom
  if (topo.detail) mg.topology.decodeFlat(topo).forEach(f => {
    const n = f.length / 2, kept = [];
    for (let i = 0; i < n; i++, k++) if (mg.topology.kept(topo.detail.keep, k)) kept.push(i);
    for (let j = 0; j + 1 < kept.length; j++)
      for (let i = kept[j] + 1; i < kept[j + 1]; i++)
        worst = Math.max(worst, L.LineUtil.pointToSegmentDistance(px(f, i), px(f, kept[j]), px(f, kept[j + 1])));
  });
  return { zoom: map.getZoom(), detailZoom: topo.detail && topo.detail.zoom, full, drawn, worst };
}"""


@pytest.mark.browser
def test_a_region_map_opens_with_the_points_its_view_shows_and_gains_the_rest_as_you_zoom_in(tabs, built):
    visit = tabs.open(built["四川"].as_uri(), 1280, 800)
    page = visit.page
    page.wait_for_selector(".mg-root[data-settled=true]")
    seen = page.evaluate(DETAIL)
    assert seen["zoom"] == seen["detailZoom"]  # the page opens at the zoom its points were chosen for
    assert seen["full"].keys() == seen["drawn"].keys() and len(seen["full"]) == 21
    assert all(0 < seen["drawn"][c] <= seen["full"][c] for c in seen["full"])
    assert sum(seen["drawn"].values()) < 0.5 * sum(seen["full"].values())
    assert seen["worst"] <= 1.001  # what is left out is within a pixel of the drawn border
    page.evaluate("() => { const m = window.mapgen.maps[document.querySelector('.mg-root').id];"
                  " m.setZoom(m.getZoom() + 0.5, {animate: false}); }")
    page.wait_for_function("(z) => { const m = window.mapgen.maps[document.querySelector('.mg-root').id];"
                           " return m.getZoom() > z; }", arg=seen["zoom"])
    closer = page.evaluate(DETAIL)
    assert closer["drawn"] == closer["full"]  # past that zoom every point is drawn
    page.evaluate("document.querySelector(`path[data-adcode='510100']`).dispatchEvent("
                  "new MouseEvent('click', {bubbles: true}))")
    page.wait_for_selector(".mg-panel:not([hidden])")
    assert page.locator("path[data-outline='510100']").count() == 1
    assert visit.outside == [] and visit.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_national_map_shows_the_south_sea_inset_and_opens_on_the_main_body(tabs, built, size):
    visit = tabs.open(built["中国"].as_uri(), *size)
    page = visit.page
    page.wait_for_selector(".mg-root[data-settled=true]")
    seen = page.evaluate("""() => {
        const r = s => { const b = document.querySelector(s).getBoundingClientRect();
                         return [b.left, b.top, b.right, b.bottom]; };
        const root = document.querySelector(".mg-root"), b = window.mapgen.maps[root.id].getBounds();
        return { inset: r(".mg-inset"), legend: r(".mg-legend"), map: r(".mg-map"),
                 dashes: document.querySelectorAll(".mg-inset .mg-inset-dash").length,
                 dots: document.querySelector(".mg-inset-islands").getAttribute("d").split("h0").length - 1,
                 land: document.querySelectorAll(".mg-inset path[data-adcode]").length,
                 caption: document.querySelector(".mg-inset-caption").textContent,
                 south: b.getSouth(), north: b.getNorth(), west: b.getWest(), east: b.getEast() };
    }""")
    width, height = size
    left, top, right, bottom = seen["inset"]
    assert 0 <= left < right <= width and 0 <= top < bottom <= height  # inside the window ...
    m = seen["map"]
    assert m[0] <= left and right <= m[2] and m[1] <= top and bottom <= m[3]  # ... and the map
    assert right - left >= 56 and bottom - top > right - left  # a portrait frame, big enough to read
    g = seen["legend"]
    assert right <= g[0] or g[2] <= left or bottom <= g[1] or g[3] <= top  # clear of the legend
    assert seen["dashes"] == 10 and seen["dots"] > 100 and seen["land"] >= 5
    assert seen["caption"] == "南海诸岛"
    # the map opens on the main body: Hainan's southern tip (18.2 N) and 漠河 (53.5 N) in view ...
    assert seen["south"] < 18.15 and seen["north"] > 53.5 and seen["west"] < 73.6 and seen["east"] > 135
    if width > 600:  # ... and, where the height decides the zoom, not the reefs down to 3.8 N
        assert seen["south"] > 15
    page.click('.mg-lang[data-lang="en"]')
    assert page.locator(".mg-inset-caption").inner_text() == "South China Sea Islands"
    page.evaluate("document.querySelector(`path[data-adcode='110000']`).dispatchEvent("
                  "new MouseEvent('click', {bubbles: true}))")
    page.wait_for_selector(".mg-panel:not([hidden])")
    covered = page.evaluate("""([x, y]) => { const e = document.elementFromPoint(x, y);
        return !!(e && e.closest(".mg-panel")) || !e || !e.closest(".mg-inset"); }""",
                            [(left + right) / 2, (top + bottom) / 2])
    assert covered  # the open panel is never under the inset
    assert visit.outside == [] and visit.errors == []
