"""One options model: every impossible combination refused where the options are made,
with the same words from the Python API and the command line (exit 2)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

import mapgen
from mapgen import BuildOptions, UsageError
from mapgen.cli import main
from conftest import REAL_DATA


@pytest.mark.parametrize("kwargs, message", [
    ({"classes": 7}, "classes 7: give a whole number from 1 to 5"),
    ({"classes": 0}, "classes 0: give a whole number from 1 to 5"),
    ({"classes": True}, "classes True: give a whole number"),
    ({"color_by": "projects", "breaks": (1e9,)}, "--breaks goes with --scheme user"),
    ({"color_by": "projects", "scheme": "user"}, "--scheme user needs 1 to 4 --breaks"),
    ({"color_by": "projects", "scheme": "user", "breaks": (1e9, 1e8)}, "increasing order"),
    ({"color_by": "projects", "scheme": "user", "breaks": (float("nan"),)}, "finite plain numbers"),
    ({"scheme": "user", "breaks": (1e9,)}, "add --color-by FIGURE_KEY"),
    ({"scheme": "jenks"}, "scheme 'jenks': expected one of quantiles"),
    ({"tiles": "mapbox"}, "tiles 'mapbox': expected one of none, osm, carto"),
    ({"lang": "fr"}, "lang 'fr': expected one of zh-Hans"),
    ({"format": "gif"}, "format 'gif': expected one of page"),
    ({"map_id": "abc\n"}, "--map-id 'abc\\n': use a letter"),
    ({"map_id": "main"}, "a host page may use that id itself"),
    ({"src": "//other.example/x"}, "give an http(s) address or a relative path"),
    ({"src": "\\\\other.example\\x"}, "give an http(s) address or a relative path"),
    ({"color_by": "key with spaces"}, "color_by 'key with spaces'"),
])
def test_impossible_options_are_refused_with_what_to_do(kwargs, message):
    with pytest.raises(UsageError) as info:
        BuildOptions(**kwargs)
    assert message in str(info.value)


def test_every_problem_of_the_options_at_once():
    with pytest.raises(UsageError) as info:
        BuildOptions(classes=7, lang="fr", tiles="x")
    text = str(info.value)
    assert "classes 7" in text and "lang 'fr'" in text and "tiles 'x'" in text


def test_the_api_refuses_what_the_cli_refuses_in_the_same_words(tmp_path):
    out = tmp_path / "m.html"
    cases = [(["--classes", "7"], {"classes": 7}),
             (["--color-by", "projects", "--breaks", "1e9"], {"color_by": "projects", "breaks": (1e9,)}),
             (["--tiles", "mapbox"], {"tiles": "mapbox"})]
    for args, kwargs in cases:
        result = CliRunner().invoke(main, ["build", "--data", str(REAL_DATA), "--out", str(out), *args])
        with pytest.raises(UsageError) as info:
            BuildOptions(**kwargs)
        assert result.exit_code == 2, result.output
        assert str(info.value) in " ".join(result.output.split())
        assert "Traceback" not in result.output
        assert not out.exists()


def test_options_are_frozen_and_sequences_become_tuples():
    o = BuildOptions(color_by="projects", scheme="user", breaks=[1e8, 1e9])
    assert o.breaks == (1e8, 1e9)
    with pytest.raises(AttributeError):
        o.classes = 3  # type: ignore[misc]


def test_make_map_renders_byte_identical_to_render():
    for options in (BuildOptions(), BuildOptions(format="fragment", color_by="projects"), BuildOptions(tiles="osm")):
        m = mapgen.make_map(REAL_DATA, options)
        assert m.get_root().render() == mapgen.render(REAL_DATA, options)


def test_a_build_imports_neither_folium_branca_pandas_nor_requests(tmp_path):
    code = ("import sys, mapgen.cli, mapgen\n"
            f"mapgen.build({str(REAL_DATA)!r}, {str(tmp_path / 'm.html')!r})\n"
            "print(' '.join(sorted(m for m in ('folium', 'branca', 'pandas', 'requests', 'geopandas') "
            "if m in sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
    assert (tmp_path / "m.html").stat().st_size > 100_000
