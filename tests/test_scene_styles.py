"""Python owns the options, JS applies them: region styles and the language
table are defined once in Python and reach the page as JSON and generated CSS."""

from __future__ import annotations

import html
import json
import re
from importlib import resources

import pytest

import mapgen
from mapgen.i18n import HTML_LANG, KEY, LANGS, LANGUAGES, languages_payload, tri
from mapgen.style import STATES, states_css

TEMPLATES = resources.files("mapgen.templates")
JS = {p.name: p.read_text("utf-8") for p in TEMPLATES.joinpath("js").iterdir() if p.name.endswith(".js")}
CSS = TEMPLATES.joinpath("app.css").read_text("utf-8")


@pytest.fixture(scope="module")
def page(tmp_path_factory, tiny_text_module):
    path = tmp_path_factory.mktemp("data") / "initiatives.yaml"
    path.write_text(tiny_text_module, "utf-8")
    return mapgen.render(path, mapgen.BuildOptions(lang="en"))


@pytest.fixture(scope="module")
def tiny_text_module():
    from conftest import TINY

    return TINY


def payload(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" data-mapgen="[^"]+">(.*?)</script>', page, re.S).group(1))


def test_the_page_carries_the_style_states(page):
    assert payload(page)["styles"] == STATES


def test_every_state_is_a_table_of_leaflet_path_options():
    options = {"color", "weight", "opacity", "fill", "fillColor", "fillOpacity", "dashArray"}
    assert set(STATES) == {"normal", "noData", "hover", "selected", "focus", "context"}
    for state, table in STATES.items():
        assert set(table) <= options, state
        for key in ("color", "fillColor"):
            if key in table:
                assert re.fullmatch(r"#[0-9a-f]{6}", table[key]), (state, key)


def test_no_colour_of_a_state_is_written_in_the_script_or_the_stylesheet():
    for name, code in JS.items():
        # the script holds no colour at all: every one it applies comes from payload.styles
        assert not re.search(r"[\"']#[0-9a-fA-F]{3,8}[\"']|rgba?\(|hsla?\(", code), name
    colours = {v.lower() for table in STATES.values() for k, v in table.items() if k in ("color", "fillColor")}
    # white, the page's background, is also the border between cities
    for colour in colours - {"#ffffff"}:
        assert colour not in CSS.lower(), colour


def test_the_no_data_swatch_and_focus_styles_are_made_from_the_states(page):
    css = states_css("#X")
    assert f"background:{STATES['noData']['fillColor']}" in css and STATES["noData"]["color"] in css
    assert f"stroke:{STATES['focus']['color']};stroke-width:{STATES['focus']['weight']}px" in css
    map_id = payload(page)["mapId"]
    assert states_css(f"#{map_id}") in page


def test_derived_names_follow_the_language_table():
    assert LANGS == tuple(lang.code for lang in LANGUAGES)
    assert HTML_LANG == {lang.code: lang.html_lang for lang in LANGUAGES}
    assert KEY == {lang.code: lang.key for lang in LANGUAGES}
    assert set(tri("合肥", "Hefei")) == {lang.key for lang in LANGUAGES}


def test_the_language_switch_and_the_script_read_the_table(page):
    assert payload(page)["languages"] == languages_payload()
    buttons = re.findall(r'<button type="button" class="mg-lang" data-lang="([^"]+)" lang="([^"]+)" '
                         r'aria-pressed="(true|false)">([^<]+)</button>', page)
    assert buttons == [(lang.code, lang.html_lang, "true" if lang.code == "en" else "false", html.escape(lang.label))
                       for lang in LANGUAGES]
    for name, code in JS.items():  # the script keeps no copy of the table
        for lang in LANGUAGES:
            assert f'"{lang.code}"' not in code and f'"{lang.html_lang}"' not in code, (name, lang.code)
