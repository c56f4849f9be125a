"""Embedding: fragments that share a host page, an iframe that sizes itself, the Python API."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

import mapgen
from browser import open_page
from conftest import REAL_DATA
from mapgen import BuildOptions
from mapgen.cli import main

HOST_CSS = """
* { box-sizing: content-box !important; }
h1, h2, h3 { font-size: 44px; color: red; text-transform: uppercase; margin: 40px; }
p { font-size: 30px; line-height: 3; color: green; }
table { display: block; background: black; color: yellow; }
td, th { padding: 30px; border: 4px solid red; }
button { padding: 25px; background: hotpink; border: 6px solid blue; font-size: 28px; }
ul, li { list-style: square; margin: 30px; }
div { border-radius: 0; }
section, aside { background: orange; }
"""


@pytest.fixture(scope="module")
def host(tmp_path_factory, built):
    """A host page with its own aggressive CSS, two fragments and an iframe."""
    folder = tmp_path_factory.mktemp("host")
    theme = mapgen.render(REAL_DATA, BuildOptions(format="fragment"))
    figure = mapgen.render(REAL_DATA, BuildOptions(format="fragment", color_by="projects"))
    shutil.copyfile(built, folder / "map.html")  # the session's build of the real data
    snippet = mapgen.render(REAL_DATA, BuildOptions(format="iframe-snippet", src="map.html"))
    (folder / "host.html").write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Host</title><style>{HOST_CSS}</style></head>
<body><h1>Our newsroom</h1><p>Article text before the maps.</p>
<div id="one">{theme}</div>
<p>Between the maps.</p>
<div id="two">{figure}</div>
<div id="three" style="width: 700px">{snippet}</div>
<script>window.hostReady = true;</script>
</body></html>""", "utf-8")
    (folder / "bare.html").write_text("<!DOCTYPE html><html><body><script>window.hostReady = true;</script>"
                                      "</body></html>", "utf-8")
    return folder


def map_ids(page) -> list[str]:
    return page.eval_on_selector_all(".mg-root", "rs => rs.map(r => r.id)")


@pytest.mark.browser
def test_two_fragments_and_an_iframe_each_work_on_their_own(tabs, host):
    visit = tabs.open((host / "host.html").as_uri())
    page = visit.page
    page.wait_for_function("document.querySelectorAll('.mg-root[data-settled=true]').length === 2")
    one, two = map_ids(page)
    assert one != two
    for mid in (one, two):
        assert page.locator(f"#{mid} path.leaflet-interactive[data-adcode]").count() == 16
    # a click in the first map opens its panel only
    click_city(page, one, 340800)
    assert page.locator(f"#{one} .mg-panel").is_visible()
    assert not page.locator(f"#{two} .mg-panel").is_visible()
    assert page.locator(f"#{one} .mg-pname").inner_text() == "安庆市"
    # and one in the second map opens its own
    click_city(page, two, 341000)
    assert page.locator(f"#{two} .mg-pname").inner_text() == "黄山市"
    assert page.locator(f"#{one} .mg-pname").inner_text() == "安庆市"
    # deep links carry each map's prefix, so both selections live in the URL at once
    hash_ = page.evaluate("decodeURIComponent(location.hash)")
    assert f"{one}-340800" in hash_ and f"{two}-341000" in hash_
    frame = page.frame_locator("iframe[data-mapgen-frame]")
    assert frame.locator("path.leaflet-interactive[data-adcode]").count() == 16
    assert visit.outside == []
    assert visit.errors == []


def click_city(page, map_id, adcode):
    """Click a city's polygon in one map (a click event on the SVG path, as Leaflet receives it)."""
    page.locator(f"#{map_id} path[data-adcode='{adcode}']").dispatch_event("click")


@pytest.mark.browser
def test_leaflet_is_loaded_once_and_only_one_global_is_added(tabs, host):
    bare = tabs.open((host / "bare.html").as_uri()).page
    bare.wait_for_function("window.hostReady")
    before = set(bare.evaluate("Object.keys(window)"))
    page = tabs.open((host / "host.html").as_uri()).page
    page.wait_for_function("document.querySelectorAll('.mg-root[data-settled=true]').length === 2")
    # Frames show up as window[0]; Leaflet marks what it listens on (window too) with _leaflet_events.
    added = {k for k in set(page.evaluate("Object.keys(window)")) - before
             if not k.isdigit() and k != "_leaflet_events"}
    assert added == {"mapgen"}
    one, two = map_ids(page)
    assert page.evaluate("""([a, b]) => {
        const mg = window.mapgen;
        return mg.L.version === "1.9.3" && mg.maps[a] instanceof mg.L.Map && mg.maps[b] instanceof mg.L.Map
            && typeof window.L === "undefined";
    }""", [one, two])


@pytest.mark.browser
def test_host_css_cannot_break_the_panel_or_the_list(tabs, host):
    page = tabs.open((host / "host.html").as_uri(), width=1280, height=900).page
    page.wait_for_function("document.querySelectorAll('.mg-root[data-settled=true]').length === 2")
    one, _ = map_ids(page)
    click_city(page, one, 340100)
    style = page.evaluate("""(m) => {
        const s = (sel, p) => getComputedStyle(document.querySelector(`#${m} ${sel}`))[p];
        return { title: s('.mg-pname', 'fontSize'), color: s('.mg-pname', 'color'), upper: s('.mg-pname', 'textTransform'),
                 close: s('.mg-close', 'backgroundColor'), closeW: s('.mg-close', 'width'),
                 summary: s('.mg-summary', 'fontSize'), panelBg: s('.mg-panel', 'backgroundColor') };
    }""", one)
    assert style["title"] == "20.8px" and style["color"] == "rgb(29, 29, 31)" and style["upper"] == "none"
    assert style["close"] == "rgb(238, 238, 238)" and style["closeW"] == "36px"
    assert style["summary"] == "16px"
    assert style["panelBg"] == "rgb(255, 255, 255)"
    page.click(f"#{one} .mg-view[data-view=list]")
    table = page.evaluate("""(m) => { const t = getComputedStyle(document.querySelector(`#${m} .mg-table`));
        return [t.display, t.backgroundColor]; }""", one)
    assert table == ["table", "rgba(0, 0, 0, 0)"]


@pytest.mark.browser
def test_the_iframe_reports_its_height_and_the_host_applies_it(tabs, host):
    page = tabs.open((host / "host.html").as_uri()).page
    frame_el = page.locator("iframe[data-mapgen-frame]")
    page.wait_for_function("""() => { const f = document.querySelector('iframe[data-mapgen-frame]');
        return f.style.height.endsWith('px'); }""", timeout=10_000)
    inner = page.frame_locator("iframe[data-mapgen-frame]").locator(".mg-root").evaluate(
        "r => Math.ceil(r.getBoundingClientRect().height)")
    assert abs(frame_el.bounding_box()["height"] - inner) <= 2
    # switching to the list changes the content's height, and the frame follows
    page.frame_locator("iframe[data-mapgen-frame]").locator(".mg-view[data-view=list]").click()
    page.wait_for_function(f"""() => Math.abs(parseFloat(document.querySelector('iframe[data-mapgen-frame]').style.height)
        - {inner}) > 50""", timeout=5000)


def test_iframe_snippet_markup():
    snippet = mapgen.render(REAL_DATA, BuildOptions(format="iframe-snippet", src="https://example.org/map.html"))
    assert '<iframe src="https://example.org/map.html" title="安徽16市统战工作亮点" loading="lazy"' in snippet
    assert "height:min(640px, 90vh)" in snippet  # the height without scripts, usable on a phone
    assert "mapgen:height" in snippet


def test_fragment_is_one_root_element_with_no_document_markup():
    fragment = mapgen.render(REAL_DATA, BuildOptions(format="fragment"))
    body = fragment.split("-->", 1)[1].strip()
    assert body.startswith('<div class="mg-root"') and body.endswith("</div>")
    for tag in ("<html", "<head>", "<body", "<!DOCTYPE"):
        assert tag not in fragment


@pytest.mark.parametrize("fmt", ["page", "fragment", "iframe-snippet"])
def test_api_returns_the_same_bytes_as_the_cli(tmp_path, fmt):
    out = tmp_path / "out.html"
    result = CliRunner().invoke(main, ["build", "--data", str(REAL_DATA), "--out", str(out), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8") == mapgen.render(REAL_DATA, BuildOptions(format=fmt))


def test_api_raises_the_cli_message_for_bad_data(write_data, tiny_text, tmp_path):
    bad = write_data(tiny_text.replace("theme: beta", "theme: gamma"))
    result = CliRunner().invoke(main, ["build", "--data", str(bad), "--out", str(tmp_path / "x.html")])
    with pytest.raises(mapgen.DataError) as info:
        mapgen.render(bad)
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {info.value}".strip()


def test_make_map_is_a_folium_map_that_renders_the_page():
    import folium

    m = mapgen.make_map(REAL_DATA)
    assert isinstance(m, folium.Map)
    assert m.get_root().render() == mapgen.render(REAL_DATA)
    assert "srcdoc" in m._repr_html_()  # shows itself in a notebook


def test_map_id_option_is_validated():
    with pytest.raises(mapgen.MapgenError, match="--map-id"):
        mapgen.render(REAL_DATA, BuildOptions(map_id="1 bad id"))
