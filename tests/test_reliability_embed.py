"""Issue 12, class 9: embedding edges.

A host element whose id (or name) is ``mapgen`` makes ``window.mapgen`` that element
(named access); fragments must still start. The iframe snippet resizes its frame only
for height messages from that frame's window and from the published page's origin.
"""

from __future__ import annotations

import pytest

import mapgen
from conftest import REAL_DATA
from mapgen import BuildOptions

# Host markup that puts something other than mapgen's namespace at window.mapgen.
HOSTILE_HOSTS = {
    "div-id": '<div id="mapgen">host content</div>',
    "form-name": '<form name="mapgen"><input name="start"></form>',
    "two-elements": '<p id="mapgen">one</p><p id="mapgen">two</p>',
    "img-name": '<img name="mapgen" alt="">',
    "script-number": "<script>window.mapgen = 42;</script>",
    "script-string": '<script>window.mapgen = "taken";</script>',
}


@pytest.fixture(scope="module")
def fragments(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hosts")
    one = mapgen.render(REAL_DATA, BuildOptions(format="fragment"))
    two = mapgen.render(REAL_DATA, BuildOptions(format="fragment", color_by="projects"))
    return folder, one, two


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(HOSTILE_HOSTS))
def test_fragments_start_whatever_the_host_put_at_window_mapgen(tabs, fragments, name):
    folder, one, two = fragments
    page_file = folder / f"{name}.html"
    page_file.write_text(f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head>
<body>{HOSTILE_HOSTS[name]}<div id="a">{one}</div><div id="b">{two}</div></body></html>""", "utf-8")
    visit = tabs.open(page_file.as_uri())
    visit.page.wait_for_function("document.querySelectorAll('.mg-root[data-ready=true]').length === 2",
                                 timeout=15000)
    for root in visit.page.eval_on_selector_all(".mg-root", "rs => rs.map(r => r.id)"):
        assert visit.page.locator(f"#{root} path.leaflet-interactive[data-adcode]").count() == 16
    assert visit.errors == []


# (src of the snippet, origin the message claims, whether it comes from the frame's window, resized?)
MESSAGES = [
    ("frame.html", "same", True, True),
    ("frame.html", "null", True, True),  # a file: page's opaque origin, as Chromium's messages name it
    ("frame.html", "https://evil.example", True, False),
    ("frame.html", "https://example.org", True, False),
    ("frame.html", "same", False, False),  # the right origin, but from another window
    ("frame.html", "http://localhost", True, False),
    ("https://example.org/map.html", "https://example.org", True, True),
    ("https://example.org/map.html", "https://example.org:8443", True, False),
    ("https://example.org/map.html", "null", True, False),
    ("https://example.org/map.html", "https://evil.example", True, False),
    ("https://example.org/map.html", "https://example.org", False, False),
]


@pytest.mark.browser
@pytest.mark.parametrize("src, claimed, from_frame, resized", MESSAGES)
def test_the_snippet_accepts_heights_only_from_its_frame_and_the_published_origin(
        tabs, tmp_path, src, claimed, from_frame, resized):
    snippet = mapgen.render(REAL_DATA, BuildOptions(format="iframe-snippet", src=src))
    (tmp_path / "frame.html").write_text("<!DOCTYPE html><title>frame</title><p>map</p>", "utf-8")
    (tmp_path / "host.html").write_text(f"<!DOCTYPE html><title>host</title><div style='width:600px'>{snippet}"
                                        "</div>", "utf-8")
    visit = tabs.open((tmp_path / "host.html").as_uri())
    page = visit.page
    page.wait_for_function("document.querySelector('iframe').contentWindow !== null")
    own = page.evaluate("(src) => new URL(src, document.baseURI).origin", src)
    origin = own if claimed == "same" else claimed
    before = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
    page.evaluate("""([origin, fromFrame]) => {
        const frame = document.querySelector('iframe');
        const source = fromFrame ? frame.contentWindow : window;
        window.dispatchEvent(new MessageEvent('message',
            {data: {type: 'mapgen:height', height: 1234}, origin: origin, source: source}));
    }""", [origin, from_frame])
    after = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
    assert (after == 1234) is resized, (origin, before, after)
