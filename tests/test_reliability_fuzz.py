"""Issue 12, class 4: no traceback, ever, whatever the input.

Hypothesis drives every command (check, build with many option combinations and the image
formats, geodata on junk sources, extract on junk bytes, init and boundaries on any region
name) with arbitrary file contents and option values
through click's CliRunner, and asserts the outcome is exit 0, 1 or 2 with no traceback
and no exception escaping. Bounded: about 100 examples in all, no deadline.
"""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REAL_DATA, TINY
from mapgen.cli import main

SHIPPED = REAL_DATA.parent.parent / "geodata" / "anhui.topo.json"
REAL_TEXT = REAL_DATA.read_text("utf-8")
SETTINGS = dict(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
RAN: dict[str, int] = {}

# Text that is hard on a program: controls, bidi, surrogate-free astral, YAML and JSON syntax.
hard_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from([
    "", " ", "\n", "\x1b[8m", "\u202e", "nan", "inf", "-0", "1:30", "0x" + "f" * 5000, "1e309", "~", "null",
    "[", "{", "&a", "*a", "!!python/object:os.system", "#ffffff\n", "2022-13-45", "٢٠٢٢-٠٧-٢٧", "//evil",
    "\\\\evil", "main", "mapgen", "合肥", "a" * 300])


def _mutations(text: str) -> st.SearchStrategy[str]:
    """The real data with one line replaced, cut, or doubled."""
    lines = text.split("\n")
    return st.tuples(st.integers(0, len(lines) - 1), hard_text, st.sampled_from(["replace", "cut", "double",
                                                                                  "append"])).map(
        lambda t: "\n".join(lines[:t[0]] + {"replace": [t[1]], "cut": [], "double": [lines[t[0]]] * 2,
                                            "append": [lines[t[0]] + t[1]]}[t[2]] + lines[t[0] + 1:]))


data_contents = st.one_of(
    st.binary(max_size=400),
    hard_text.map(lambda s: s.encode("utf-8")),
    _mutations(REAL_TEXT).map(lambda s: s.encode("utf-8", "surrogatepass")),
    _mutations(TINY).map(lambda s: s.encode("utf-8", "surrogatepass")),
)


def _topo_junk() -> st.SearchStrategy[bytes]:
    shipped = json.loads(SHIPPED.read_text("utf-8"))
    numbers = st.one_of(st.integers(-10**30, 10**30), st.floats(allow_nan=True, allow_infinity=True),
                        st.just(None), st.text(max_size=3))

    def poke(t):
        what, value = t
        doc = json.loads(json.dumps(shipped))
        if what == "transform":
            doc["transform"] = {"scale": [value, value], "translate": [value, 0]}
        elif what == "no-transform":
            doc.pop("transform", None)
        elif what == "arc":
            doc["arcs"][0][0] = [value, value, value]
        elif what == "area":
            doc["objects"]["cities"]["geometries"][0]["properties"]["area_km2"] = value
        elif what == "adcode":
            doc["objects"]["cities"]["geometries"][0]["properties"]["adcode"] = value
        elif what == "label":
            doc["objects"]["cities"]["geometries"][0]["properties"]["label"] = [value, 500]
        elif what == "ref":
            doc["objects"]["cities"]["geometries"][0]["arcs"] = [[value]]
        return json.dumps(doc, allow_nan=True).encode("utf-8")

    kinds = st.sampled_from(["transform", "no-transform", "arc", "area", "adcode", "label", "ref"])
    return st.one_of(st.binary(max_size=300), st.tuples(kinds, numbers).map(poke))


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(REAL_DATA, tmp_path / "d.yaml")
    return tmp_path


def _ok(result, command: str) -> None:
    RAN[command] = RAN.get(command, 0) + 1
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.output, result.output[-3000:]
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)


def _invoke(args):
    return CliRunner().invoke(main, args, catch_exceptions=True)


@settings(max_examples=30, **SETTINGS)
@given(content=data_contents, geodata=st.none() | _topo_junk())
def test_check_never_tracebacks(folder, content, geodata):
    (folder / "x.yaml").write_bytes(content)
    args = ["check", "--data", "x.yaml"]
    if geodata is not None:
        (folder / "g.json").write_bytes(geodata)
        args += ["--geodata", "g.json"]
    _ok(_invoke(args), "check")


option_values = {
    "--color-by": st.sampled_from(["theme", "projects", "investment", "activities", "nope", ""]) | hard_text,
    "--scheme": st.sampled_from(["quantiles", "natural_breaks", "equal_interval", "user"]) | hard_text,
    "--classes": st.integers(-3, 12).map(str) | hard_text,
    "--breaks": st.sampled_from(["1,2,3", "nan", "inf,1", "-0", "1e309", "3,2,1", "", ",", "1"]) | hard_text,
    "--tiles": st.sampled_from(["none", "osm", "carto"]) | hard_text,
    "--title": hard_text,
    "--lang": st.sampled_from(["zh-Hans", "zh-Hant", "en"]) | hard_text,
    "--format": st.sampled_from(["page", "fragment", "iframe-snippet"]) | hard_text,
    "--src": st.sampled_from(["map.html", "https://example.org/map.html", "//x", "\\\\x", "a b"]) | hard_text,
    "--map-id": st.sampled_from(["m1", "main", "a-b", "x" * 41]) | hard_text,
    "--out": st.sampled_from(["o.html", "o/", "d.yaml", "sub/o.html", ".", "/dev/null", "o" * 300]) | hard_text,
}


@settings(max_examples=40, **SETTINGS)
@given(options=st.dictionaries(st.sampled_from(sorted(option_values)), st.none(), max_size=6).flatmap(
    lambda keys: st.fixed_dictionaries({k: option_values[k] for k in keys})),
    content=st.none() | data_contents)
def test_build_never_tracebacks(folder, options, content):
    data = "d.yaml"
    if content is not None:
        (folder / "x.yaml").write_bytes(content)
        data = "x.yaml"
    args = ["build", "--data", data]
    for key, value in options.items():
        args += [key, value]
    if "--out" not in options:
        args += ["--out", "o.html"]
    before = (folder / "d.yaml").read_bytes()
    _ok(_invoke(args), "build")
    assert (folder / "d.yaml").read_bytes() == before


@settings(max_examples=20, **SETTINGS)
@given(content=st.binary(max_size=600) | hard_text.map(lambda s: s.encode("utf-8"))
       | st.text(alphabet="合肥市芜湖蚌埠安徽省召开8场亿元万人。,\n 0123456789.%余近", max_size=200).map(
           lambda s: s.encode("utf-8")),
       region=st.none() | st.sampled_from(["安徽", "中国", "火星", ""]) | hard_text,
       level=st.none() | st.sampled_from(["province", "city", "county"]))
def test_extract_never_tracebacks(folder, content, region, level):
    (folder / "a.txt").write_bytes(content)
    args = ["extract", "a.txt", "--out", "draft.yaml", "--force"]
    if region is not None:
        args += ["--region", region]
    if level is not None:
        args += ["--level", level]
    _ok(_invoke(args), "extract")


@pytest.mark.skipif(not __import__("importlib").util.find_spec("geopandas"), reason="geopandas not installed")
@settings(max_examples=10, **SETTINGS)
@given(content=st.binary(max_size=300) | _topo_junk() | st.sampled_from([
    b'{"type":"FeatureCollection","features":[]}',
    b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"adcode":"x"},'
    b'"geometry":{"type":"Point","coordinates":[1e309,0]}}]}',
    b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"adcode":340100},'
    b'"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}']),
    field=st.sampled_from(["adcode", "name", ""]) | hard_text)
def test_geodata_never_tracebacks(folder, content, field):
    (folder / "src.json").write_bytes(content)
    _ok(_invoke(["geodata", "--source", "src.json", "--out", "gd", "--adcode-field", field]), "geodata")


region_names = st.sampled_from(["四川", "合肥", "中国", "China", "510000", "香港", "火星", "北京 朝阳区", "朝阳区", ""]) \
    | hard_text
levels = st.none() | st.sampled_from(["province", "city", "county"]) | hard_text


@settings(max_examples=20, **SETTINGS)
@given(region=region_names, level=levels, out=st.sampled_from(["n.yaml", "d.yaml", "o/", "."]) | hard_text)
def test_init_never_tracebacks(folder, region, level, out):
    before = (folder / "d.yaml").read_bytes()
    args = ["init", region, "--out", out] + (["--level", level] if level is not None else [])
    _ok(_invoke(args), "init")
    assert (folder / "d.yaml").read_bytes() == before  # never over a file that exists, unless --force


@settings(max_examples=15, **SETTINGS)
@given(region=region_names, level=levels, out=st.sampled_from(["b.geojson", "b.topo.json", "b.txt", "d.yaml"])
       | hard_text)
def test_boundaries_never_tracebacks(folder, region, level, out):
    before = (folder / "d.yaml").read_bytes()
    args = ["boundaries", region, "--out", out] + (["--level", level] if level is not None else [])
    _ok(_invoke(args), "boundaries")
    assert (folder / "d.yaml").read_bytes() == before


@settings(max_examples=8, **SETTINGS)
@given(fmt=st.sampled_from(["png", "svg", "pdf"]), unit=st.none() | st.sampled_from(["340100", "合肥", "Hefei", "火星"])
       | hard_text, width=st.sampled_from(["1080", "10", "99999", "abc"]),
       font=st.none() | st.sampled_from(["d.yaml", "missing.ttf"]))
def test_images_never_traceback(folder, fmt, unit, width, font):
    before = (folder / "d.yaml").read_bytes()
    args = ["build", "--data", "d.yaml", "--format", fmt, "--width", width, "--out", f"o.{fmt}"]
    args += ["--unit", unit] if unit is not None else []
    args += ["--font", font] if font is not None else []
    _ok(_invoke(args), "image")
    assert (folder / "d.yaml").read_bytes() == before


def test_zz_report_how_many_ran(request):
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and RAN:
        reporter.write_line("")
        reporter.write_line("no-traceback fuzz: " + ", ".join(f"{k} {v}" for k, v in sorted(RAN.items())))
