"""Readers on phones and in embeds (issue 14): labels, legend, tooltip, history,
no-JS first screen, header, notebook and iframe sizes, measured in Chromium.

Pages are built once for the module; every check measures boxes the reader sees.
Screenshots of each size land in the module's folder (``SHOTS`` overrides it).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import mapgen
from browser import city_point, open_page
from conftest import REAL_DATA
from mapgen import BuildOptions
from mapgen.records import load_records

pytestmark = pytest.mark.browser
DATA = load_records(REAL_DATA)
CODES = sorted(c.adcode for c in DATA.cities)
LANGS = ("zh-Hans", "zh-Hant", "en")

# (name, host file, viewport width, viewport height, expected map size or None)
SIZES = [
    ("desktop", "map.html", 1280, 800, None),
    ("phone", "map.html", 390, 844, None),
    ("fragment-390", "fragment.html", 390, 760, (390, 350)),
    ("fragment-320", "fragment.html", 320, 700, (320, 300)),
    ("iframe-390", "iframe.html", 390, 800, (390, 350)),
    ("iframe-320", "iframe.html", 320, 760, (320, 300)),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory, built):
    folder = tmp_path_factory.mktemp("phone")
    shutil.copyfile(built, folder / "map.html")  # the session's build of the real data
    fragment = mapgen.render(REAL_DATA, BuildOptions(format="fragment"))
    snippet = mapgen.render(REAL_DATA, BuildOptions(format="iframe-snippet", src="map.html"))
    head = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Host</title></head>'
            '<body style="margin:0"><p style="margin:8px">A host article.</p>')
    (folder / "fragment.html").write_text(head + fragment + "</body></html>", "utf-8")
    (folder / "iframe.html").write_text(head + snippet + "</body></html>", "utf-8")
    # the snippet with its script taken out: the frame's height before (or without) height messages
    (folder / "noscript-frame.html").write_text(head + snippet.split("<script>")[0] + "</body></html>", "utf-8")
    return folder


def shots_dir(site: Path) -> Path:
    out = Path(os.environ.get("SHOTS", site / "shots"))
    out.mkdir(parents=True, exist_ok=True)
    return out


def poll(fn, timeout=10.0, step=0.05):
    """Wait until fn() is truthy (the page's CSP forbids the eval wait_for_function uses)."""
    end = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > end:
            return value
        time.sleep(step)


def map_frame(page, host: str):
    """The frame that holds the map (the page itself, or the iframe's page)."""
    if host == "iframe.html":
        poll(lambda: len(page.frames) > 1 and page.frames[1].url.endswith("map.html"))
        return page.frames[1]
    return page


def settle(frame):
    frame.wait_for_selector(".mg-root[data-ready=true][data-settled=true]", timeout=15_000)
    frame.wait_for_timeout(150)


# Everything a reader sees of the labels and controls, as viewport boxes.
MEASURE = """() => {
  const root = document.querySelector('.mg-root');
  const box = (n) => { const b = n.getBoundingClientRect(); return {l: b.left, r: b.right, t: b.top, b: b.bottom}; };
  const shown = (n) => n && n.offsetParent !== null && getComputedStyle(n).visibility !== 'hidden'
      && getComputedStyle(n).display !== 'none' && n.getBoundingClientRect().width > 0;
  const labels = [...root.querySelectorAll('.mg-icon')].map((icon) => {
    const label = icon.firstChild, name = label.firstChild, chip = label.children[1];
    return {name: name.textContent, visible: shown(name), nameBox: box(name),
            chip: chip && shown(chip) ? chip.textContent : null, chipBox: chip && shown(chip) ? box(chip) : null};
  });
  const controls = [...root.querySelectorAll('.leaflet-control-zoom, .leaflet-control-attribution, .mg-legend')]
      .filter(shown).map((n) => ({cls: n.className, box: box(n)}));
  const legend = root.querySelector('.mg-legend');
  return {labels, controls, map: box(root.querySelector('.mg-map')),
          legend: {box: box(legend), scroll: legend.scrollHeight, client: legend.clientHeight,
                   expanded: legend.querySelector('.mg-legend-toggle').getAttribute('aria-expanded'),
                   collapsed: legend.classList.contains('mg-collapsed')},
          attribution: box(root.querySelector('.leaflet-control-attribution'))};
}"""


def hit(a, b, slack=0.5):
    return a["l"] < b["r"] - slack and a["r"] > b["l"] + slack and a["t"] < b["b"] - slack and a["b"] > b["t"] + slack


def inside(a, b, slack=1):
    return a["l"] >= b["l"] - slack and a["r"] <= b["r"] + slack and a["t"] >= b["t"] - slack and a["b"] <= b["b"] + slack


def check_layout(m, where, default=True):
    """No label overlaps another or a control; labels and the legend stay in the map."""
    boxes = []
    for i, lab in enumerate(m["labels"]):
        if not lab["visible"]:
            continue
        for key in ("nameBox", "chipBox"):
            if lab[key]:
                boxes.append((i, f"{lab['name']} {key[:4]}", lab[key]))
    for i, name, b in boxes:
        assert inside(b, m["map"]), f"{where}: {name} leaves the map"
        for j, other, o in boxes:
            if j > i:
                assert not hit(b, o), f"{where}: {name} overlaps {other}"
        for c in m["controls"]:
            assert not hit(b, c["box"]), f"{where}: {name} overlaps {c['cls']}"
    legend, attr = m["legend"], m["attribution"]
    assert inside(legend["box"], m["map"]), f"{where}: the legend leaves the map"
    assert not hit(legend["box"], attr), f"{where}: the attribution covers the legend"
    assert legend["scroll"] <= legend["client"] + 1, f"{where}: the legend's rows are cut off"
    assert legend["expanded"] == ("false" if legend["collapsed"] else "true")
    if default and not legend["collapsed"]:  # a legend the reader opened may cover more
        lb, mb = legend["box"], m["map"]
        area = (lb["r"] - lb["l"]) * (lb["b"] - lb["t"])
        assert area <= 0.25 * (mb["r"] - mb["l"]) * (mb["b"] - mb["t"]), f"{where}: the open legend covers > 1/4"
    return [lab["name"] for lab in m["labels"] if not lab["visible"]]


def hidden_names_return_on_zoom(frame, where):
    """Each name dropped at this zoom shows once the reader zooms in on it."""
    missing = frame.evaluate("""() => {
      const root = document.querySelector('.mg-root'), map = mapgen.maps[root.id];
      const data = JSON.parse(root.querySelector('script[data-mapgen]').textContent);
      const start = {c: map.getCenter(), z: map.getZoom()}, out = [];
      const visible = (name) => [...root.querySelectorAll('.mg-icon')].some((i) =>
          i.firstChild.firstChild.textContent === name && getComputedStyle(i).visibility !== 'hidden');
      const lang = root.getAttribute('data-lang');
      const key = data.languages.find((l) => l.code === lang).key;
      data.cities.forEach((c) => {
        const name = c.short[key];
        if (visible(name)) return;
        let ok = false;
        for (let dz = 1; dz <= 3 && !ok; dz++) {
          map.setView([c.label[1], c.label[0]], start.z + dz, {animate: false});
          ok = visible(name);
        }
        if (!ok) out.push(name);
        map.setView(start.c, start.z, {animate: false});
      });
      return out;
    }""")
    assert missing == [], f"{where}: names never shown even zoomed in: {missing}"


def open_size(tabs, site, host, w, h):
    """The host page loaded afresh in the module's page of this size (``tabs``), settled."""
    visit = tabs.open((site / host).as_uri(), width=w, height=h)
    frame = map_frame(visit.page, host)
    settle(frame)
    return visit, frame


@pytest.mark.parametrize("name,host,w,h,stage", SIZES, ids=[s[0] for s in SIZES])
def test_labels_legend_and_names_at_every_size_and_language(tabs, site, name, host, w, h, stage):
    visit, frame = open_size(tabs, site, host, w, h)
    if stage:  # an embed on a phone: the map is about this size
        size = frame.evaluate("() => { const b = document.querySelector('.mg-map').getBoundingClientRect();"
                              " return [b.width, b.height]; }")
        assert abs(size[0] - stage[0]) <= 2 and abs(size[1] - stage[1]) <= 3, size
    for lang in LANGS:
        frame.click(f".mg-lang[data-lang={lang}]")
        frame.wait_for_timeout(100)
        where = f"{name} {lang}"
        m = frame.evaluate(MEASURE)
        check_layout(m, where)
        if lang == "en":  # English figures keep their noun: "412 firms", not "412"
            chips = [lab["chip"] for lab in m["labels"] if lab["chip"]]
            assert chips and all(any(ch.isalpha() or ch == "%" for ch in chip) for chip in chips), chips
        hidden_names_return_on_zoom(frame, where)
        # the legend opens and closes by keyboard, its state announced
        toggle = frame.locator(".mg-legend-toggle")
        before = toggle.get_attribute("aria-expanded")
        toggle.focus()
        visit.page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") != before
        check_layout(frame.evaluate(MEASURE), where + " legend toggled", default=False)
        visit.page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == before
        visit.page.screenshot(path=str(shots_dir(site) / f"{name}-{lang}.png"), full_page=host != "map.html")
    assert visit.errors == [] and visit.outside == []


@pytest.mark.parametrize("name,host,w,h", [("desktop", "map.html", 1280, 800),
                                          ("fragment-390", "fragment.html", 390, 760),
                                          ("iframe-320", "iframe.html", 320, 760)])
def test_tooltip_at_the_pointer_inside_the_map(tabs, site, name, host, w, h):
    visit, frame = open_size(tabs, site, host, w, h)
    page = visit.page
    offset = (0, 0)
    if host == "iframe.html":
        fb = page.locator("iframe").bounding_box()
        offset = (fb["x"], fb["y"])
    frame.evaluate("() => document.querySelector('.mg-root').scrollIntoView()") if host != "map.html" else None
    for lang in ("zh-Hans", "en"):
        frame.click(f".mg-lang[data-lang={lang}]")
        for code in CODES:
            pt = city_point(frame, code)
            if pt is None:
                continue
            page.mouse.move(pt[0] + offset[0], pt[1] + offset[1])
            frame.wait_for_timeout(30)
            tip = frame.evaluate("""() => { const t = document.querySelector('.mg-tip');
              const m = document.querySelector('.mg-map').getBoundingClientRect();
              if (!t || t.hidden) return null; const b = t.getBoundingClientRect();
              return {t: {l: b.left, r: b.right, t: b.top, b: b.bottom}, m: {l: m.left, r: m.right, t: m.top, b: m.bottom},
                      lines: Math.round(b.height / parseFloat(getComputedStyle(t).lineHeight)), text: t.innerText}; }""")
            where = f"{name} {lang} {code}"
            assert tip is not None, f"{where}: no tooltip"
            b = tip["t"]
            assert inside(b, tip["m"]), f"{where}: tooltip leaves the map {tip}"
            x, y = pt
            assert not (b["l"] <= x <= b["r"] and b["t"] <= y <= b["b"]), f"{where}: tooltip covers the pointer"
            gap = max(b["t"] - y, y - b["b"], 0)
            assert gap <= 30, f"{where}: tooltip {gap}px from the pointer"
            assert b["l"] - 2 <= x <= b["r"] + 2 or b["l"] <= 6 or b["r"] >= tip["m"]["r"] - 6, where
            assert tip["lines"] <= 3, f"{where}: {tip['text']!r} takes {tip['lines']} lines"
    # a focused city shows its tooltip too, inside the map
    frame.focus('path[data-adcode="340100"]')
    assert frame.evaluate("() => !document.querySelector('.mg-tip').hidden")
    assert visit.errors == []


def back_steps_to_leave(page, start_url: str) -> int:
    for n in range(1, 12):
        page.go_back()
        if poll(lambda: page.url.startswith("about:blank"), timeout=1.5):
            return n
    return 99


def test_back_leaves_after_one_step_per_opened_city(browser, site):
    visit = open_page(browser, (site / "map.html").as_uri(), width=390, height=844)
    page = visit.page
    page.goto("about:blank")  # the page before the map, where Back should land
    page.goto((site / "map.html").as_uri())
    settle(page)
    view = lambda: page.evaluate("() => { const m = mapgen.maps[document.querySelector('.mg-root').id];"
                                 " const c = m.getCenter(); return [c.lat.toFixed(4), c.lng.toFixed(4), m.getZoom()]; }")
    whole = view()
    # open three cities in a row, switch language twice: one entry
    for code in (340100, 340200, 341600):
        page.mouse.click(*city_point(page, code))
        page.locator(".mg-panel").wait_for(state="visible")
        page.wait_for_timeout(400)  # the map pans the city clear of the sheet
        assert f"#{code}" in page.url
    page.click(".mg-lang[data-lang=en]")
    page.click(".mg-lang[data-lang=zh-Hant]")
    assert "341600" in page.url and "lang=zh-Hant" in page.url
    page.click(".mg-close")
    page.locator(".mg-panel").wait_for(state="hidden")
    assert view() == whole  # closing the sheet returns the map to where it was
    assert back_steps_to_leave(page, "") == 2  # closing replaced the entry; Back: no city, then leave
    page.go_forward()
    settle(page)

    # deep link, then another city: Back leaves at once; Forward comes back to the city
    page.goto("about:blank")
    page.goto((site / "map.html").as_uri() + "#340100")
    settle(page)
    page.mouse.click(*city_point(page, 340200))
    assert poll(lambda: page.locator(".mg-pname").inner_text() == "芜湖市")
    page.keyboard.press("Escape")
    page.locator(".mg-panel").wait_for(state="hidden")
    assert view() == whole  # opened by a deep link, closing shows the whole region
    assert back_steps_to_leave(page, "") == 1
    page.go_forward()
    settle(page)
    assert page.locator(".mg-panel").is_hidden()

    # Back and Forward still move between no city and an opened one
    page.mouse.click(*city_point(page, 340100))
    page.locator(".mg-panel").wait_for(state="visible")
    page.go_back()
    page.locator(".mg-panel").wait_for(state="hidden")
    page.go_forward()
    page.locator(".mg-panel").wait_for(state="visible")
    assert page.locator(".mg-pname").inner_text() == "合肥市"
    assert visit.errors == []
    visit.page.context.close()


def test_desktop_panel_closes_back_to_the_readers_view(tabs, site):
    visit, page = open_size(tabs, site, "map.html", 1280, 800)
    mid = page.evaluate("document.querySelector('.mg-root').id")
    page.evaluate(f"() => mapgen.maps['{mid}'].setView([31.5, 118.6], 9, {{animate: false}})")
    before = page.evaluate(f"() => {{ const m = mapgen.maps['{mid}']; return [m.getCenter().lat, m.getCenter().lng, m.getZoom()]; }}")
    page.mouse.click(*city_point(page, 340200))  # Wuhu, under the side panel: the map pans
    page.locator(".mg-panel").wait_for(state="visible")
    page.keyboard.press("Escape")
    page.locator(".mg-panel").wait_for(state="hidden")
    after = page.evaluate(f"() => {{ const m = mapgen.maps['{mid}']; return [m.getCenter().lat, m.getCenter().lng, m.getZoom()]; }}")
    assert [round(x, 4) for x in after] == [round(x, 4) for x in before]


@pytest.mark.parametrize("w,h", [(390, 844), (320, 640)])
def test_without_javascript_the_first_screen_is_the_title_and_the_list(browser, site, w, h):
    ctx = browser.new_context(viewport={"width": w, "height": h}, java_script_enabled=False)
    page = ctx.new_page()
    page.goto((site / "map.html").as_uri())
    assert page.locator(".mg-title").is_visible()
    assert page.locator(".mg-stage").is_hidden()  # no empty box
    rows = page.locator(".mg-table tbody tr")
    assert rows.count() == 16
    first = rows.first.bounding_box()
    assert first["y"] + first["height"] <= h  # the list starts on the first screen
    headline = DATA.cities[0].text("headline")
    assert headline in page.locator(".mg-table").inner_text()
    page.screenshot(path=str(shots_dir(site) / f"nojs-{w}.png"))
    ctx.close()


def test_header_fits_320_px_in_every_language(tabs, site):
    visit, page = open_size(tabs, site, "map.html", 320, 640)
    for lang in LANGS:
        page.click(f".mg-lang[data-lang={lang}]")
        m = page.evaluate("""() => {
          const q = document.querySelector('.mg-q'), cs = getComputedStyle(q);
          const ctx = document.createElement('canvas').getContext('2d');
          ctx.font = cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
          const room = q.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
          const box = (n) => { const b = n.getBoundingClientRect(); return {l: b.left, r: b.right, t: b.top, b: b.bottom}; };
          const parts = [...document.querySelectorAll('.mg-search, .mg-view, .mg-lang')].map(box);
          const cut = [...document.querySelectorAll('.mg-view, .mg-lang, .mg-title')].filter((n) => n.scrollWidth > n.clientWidth + 1).length;
          return {text: ctx.measureText(q.placeholder).width, room, parts, cut,
                  scroll: document.documentElement.scrollWidth};
        }""")
        assert m["text"] <= m["room"], f"{lang}: the search hint is cut ({m['text']:.0f} > {m['room']:.0f})"
        assert m["scroll"] <= 320, f"{lang}: the page scrolls sideways"
        assert m["cut"] == 0
        for i, a in enumerate(m["parts"]):
            assert a["r"] <= 320 and a["l"] >= 0
            for b in m["parts"][i + 1:]:
                assert not hit(a, b), f"{lang}: header controls overlap"


def test_list_sorts_figures_like_with_like(tabs, site):
    visit, page = open_size(tabs, site, "map.html", 1280, 800)
    page.click(".mg-view[data-view=list]")
    page.click(".mg-table thead th:nth-child(4) .mg-sort")
    rows = page.eval_on_selector_all(".mg-table tbody tr", "rs => rs.map(r => +r.dataset.adcode)")
    heads = {c.adcode: c.figure(c.headline_figure) if c.headline_figure else None for c in DATA.cities}
    seq = [heads[code] for code in rows if heads.get(code) is not None]
    units = [f.unit for f in seq]
    # each unit's rows are together, ascending within it
    groups = [u for i, u in enumerate(units) if i == 0 or units[i - 1] != u]
    assert len(groups) == len(set(units)), units
    for u in set(units):
        amounts = [f.amount for f in seq if f.unit == u]
        assert amounts == sorted(amounts), (u, amounts)


def test_notebook_frame_shows_the_whole_map_and_legend(browser, site):
    m = mapgen.make_map(REAL_DATA)
    (site / "notebook.html").write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                                        f'<div style="width: 900px; margin: 20px">{m._repr_html_()}</div>'
                                        '</body></html>', "utf-8")
    visit = open_page(browser, (site / "notebook.html").as_uri(), width=1280, height=1000)
    page = visit.page
    poll(lambda: len(page.frames) > 1)
    frame = page.frames[1]
    settle(frame)
    inner = frame.evaluate("() => innerHeight")
    assert inner >= 600
    r = frame.evaluate("""() => { const b = (s) => document.querySelector(s).getBoundingClientRect().bottom;
      return {stage: b('.mg-stage'), legend: b('.mg-legend'),
              cities: Math.max(...[...document.querySelectorAll('path[data-adcode]')].map((p) => p.getBoundingClientRect().bottom))}; }""")
    assert r["stage"] <= inner + 1 and r["legend"] <= inner and r["cities"] <= inner, r
    page.screenshot(path=str(shots_dir(site) / "notebook.png"))
    visit.page.context.close()


def test_iframe_default_height_leaves_a_usable_map_on_a_phone(browser, site):
    # without height messages (no script, or before the page reports) ...
    visit = open_page(browser, (site / "noscript-frame.html").as_uri(), width=390, height=844)
    page = visit.page
    poll(lambda: len(page.frames) > 1 and page.frames[1].url.endswith("map.html"))
    frame = page.frames[1]
    settle(frame)
    frame_h = page.locator("iframe").bounding_box()["height"]
    stage = frame.evaluate("() => { const b = document.querySelector('.mg-map').getBoundingClientRect();"
                           " return [b.top, b.bottom, innerHeight]; }")
    assert stage[1] <= stage[2] + 1  # the whole map shows in the frame
    assert stage[1] - stage[0] >= 300 and frame_h >= 500
    visit.page.context.close()
    # ... and with them the frame takes the page's height
    visit = open_page(browser, (site / "iframe.html").as_uri(), width=390, height=844)
    page = visit.page
    frame = map_frame(page, "iframe.html")
    settle(frame)
    content = frame.evaluate("() => Math.ceil(document.querySelector('.mg-root').getBoundingClientRect().height)")
    assert poll(lambda: abs(page.locator("iframe").bounding_box()["height"] - content) <= 2)
    visit.page.context.close()
