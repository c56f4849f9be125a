"""Issue 12, class 4: no traceback, ever, whatever the input.

Hypothesis drives every command (check, build with many option combinations and the image
formats, geodata on junk sources, extract on junk bytes, init and boundaries on any region
name, import on junk sheets: CSV/TSV in any encoding, workbooks, cut workbooks, stdin; diff on
junk data and on pages whose snapshot is junk; export to any name) with arbitrary file
contents and option values through click's CliRunner, and asserts the outcome is exit 0, 1
or 2 with no traceback and no exception escaping, and the data file unchanged unless exit 0.

Bounded and deterministic in CI: about 270 examples in all, derandomized, no deadline.
``MAPGEN_FUZZ_SCALE=30`` runs thirty times as many, randomized: how the bugs were found.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REAL_DATA, TINY
from mapgen.cli import main

SHIPPED = REAL_DATA.parent.parent / "geodata" / "anhui.topo.json"
REAL_TEXT = REAL_DATA.read_text("utf-8")
REAL_BYTES = REAL_DATA.read_bytes()
# MAPGEN_FUZZ_SCALE=50 runs 50 times the examples, randomized: how bugs are found; CI runs the fixed few.
SCALE = int(os.environ.get("MAPGEN_FUZZ_SCALE", "1"))
SETTINGS = dict(deadline=None, derandomize=SCALE == 1, suppress_health_check=[HealthCheck.function_scoped_fixture,
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


@settings(max_examples=30 * SCALE, **SETTINGS)
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


@settings(max_examples=40 * SCALE, **SETTINGS)
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


@settings(max_examples=20 * SCALE, **SETTINGS)
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
@settings(max_examples=10 * SCALE, **SETTINGS)
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


@settings(max_examples=20 * SCALE, **SETTINGS)
@given(region=region_names, level=levels, out=st.sampled_from(["n.yaml", "d.yaml", "o/", "."]) | hard_text)
def test_init_never_tracebacks(folder, region, level, out):
    before = (folder / "d.yaml").read_bytes()
    args = ["init", region, "--out", out] + (["--level", level] if level is not None else [])
    _ok(_invoke(args), "init")
    assert (folder / "d.yaml").read_bytes() == before  # never over a file that exists, unless --force


@settings(max_examples=15 * SCALE, **SETTINGS)
@given(region=region_names, level=levels, out=st.sampled_from(["b.geojson", "b.topo.json", "b.txt", "d.yaml"])
       | hard_text)
def test_boundaries_never_tracebacks(folder, region, level, out):
    before = (folder / "d.yaml").read_bytes()
    args = ["boundaries", region, "--out", out] + (["--level", level] if level is not None else [])
    _ok(_invoke(args), "boundaries")
    assert (folder / "d.yaml").read_bytes() == before


@settings(max_examples=8 * SCALE, **SETTINGS)
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


# ---- sheets: import, diff, export -----------------------------------------------------------

_HEADERS = ["adcode", "name", "key", "label", "label_en", "value", "unit", "qualifier", "period", "period_en",
            "城市", "代码", "指标", "数值", "单位", "限定", "时期", "名称", "备注", ""]
cells = st.one_of(
    hard_text, st.integers(-10**20, 10**20).map(str), st.floats().map(repr),
    st.sampled_from(["340100", "３４０１００", "340100.0", "合肥", "合肥市", "Hefei", "亳州", "毫州", "investment",
                     "online_meetings", "投资额", "480.4亿元", "２万余人次", "近80个", "1,234", "1,23", "=1+1",
                     "余", "more_than", "nearly", "亿元", "人", "2018年以来", "1e309", "-5", "0", "", " "]))
junk_tables = st.tuples(
    st.lists(st.sampled_from(_HEADERS) | hard_text, min_size=0, max_size=8),
    st.lists(st.lists(cells, max_size=9), max_size=5),
    st.integers(0, 2))  # title rows above the header


def _exported() -> list[list[str]]:
    from mapgen.records import load_records
    from mapgen.sheets.export import figure_rows

    return [[str(c) for c in row] for row in figure_rows(load_records(REAL_DATA))]


EXPORTED = _exported()


def _edited(t) -> tuple:
    """Rows of the real export, some columns kept (in any order), some cells replaced by junk."""
    columns, picks, pokes, above = t
    from mapgen.sheets.headers import EXPORT_COLUMNS

    columns = columns + [c for c in (columns[0] % 2, 2, 5) if c not in columns]  # a unit, key and value
    rows = [[EXPORTED[r % len(EXPORTED)][c] for c in columns] for r in picks]
    for r, c, value in pokes:
        if rows and columns:
            rows[r % len(rows)][c % len(columns)] = value
    return [EXPORT_COLUMNS[c] for c in columns], rows, above


edited_tables = st.tuples(st.lists(st.integers(0, 9), min_size=1, max_size=8, unique=True),
                          st.lists(st.integers(0, 10**6), max_size=6),
                          st.lists(st.tuples(st.integers(0, 99), st.integers(0, 99), cells), max_size=4),
                          st.integers(0, 1)).map(_edited)
tables = junk_tables | edited_tables | edited_tables


def _xlsx(table) -> bytes:
    import io

    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    header, rows, above = table
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["标题"]] * above + [header] + rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c)[:32767] if isinstance(c, str) else c for c in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _text_table(t) -> bytes:
    (header, rows, above), sep, encoding = t
    text = "\n".join(sep.join(r) for r in [["标题"]] * above + [header] + rows) + "\n"
    return text.encode(encoding, "replace") if encoding != "utf-8-sig" else b"\xef\xbb\xbf" + text.encode("utf-8")


sheet_bytes = st.one_of(
    st.binary(max_size=300),
    st.tuples(tables, st.sampled_from([",", "\t", ";"]), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16",
                                                                            "utf-16-le", "latin-1"])).map(_text_table),
    tables.map(_xlsx),
    st.tuples(tables.map(_xlsx), st.integers(0, 4000), st.binary(min_size=1, max_size=8)).map(
        lambda t: t[0][:t[1]] + t[2] + t[0][t[1] + len(t[2]):]),  # a workbook with bytes overwritten or cut
)
sheet_names = st.sampled_from(["s.csv", "s.tsv", "s.xlsx", "s.txt", "s", "s.xls", "s.ods", "-"])


@settings(max_examples=40 * SCALE, **SETTINGS)
@given(sheet=sheet_bytes, name=sheet_names, data=st.none() | data_contents, dry=st.booleans())
def test_import_never_tracebacks(folder, sheet, name, data, dry):
    target = folder / "d.yaml"
    target.write_bytes(REAL_BYTES if data is None else data)  # the folder is shared by the examples
    before = target.read_bytes()
    if name != "-":
        (folder / name).write_bytes(sheet)
    result = CliRunner().invoke(main, ["import", name, "--data", "d.yaml"] + (["--dry-run"] if dry else []),
                                input=sheet if name == "-" else None, catch_exceptions=True)
    _ok(result, "import")
    if result.exit_code != 0 or dry:
        assert target.read_bytes() == before


def _real_snapshot() -> dict:
    from mapgen.changes import snapshot
    from mapgen.records import load_records

    return snapshot(load_records(REAL_DATA))


SNAPSHOT = _real_snapshot()
json_junk = st.recursive(st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats() | hard_text,
                         lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hard_text, inner, max_size=3),
                         max_leaves=6)


def _poke_snapshot(t) -> dict:
    """The real page snapshot with the value at one path (of any depth) replaced by junk."""
    path, value = t
    doc = json.loads(json.dumps(SNAPSHOT))
    node = doc
    for step in path:
        keys = list(node) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
        if not keys:
            break
        key = keys[step % len(keys)]
        if not isinstance(node[key], (dict, list)) or step % 5 == 0:
            node[key] = value
            return doc
        node = node[key]
    return doc if node is doc else {**doc, "junk": value}


def _page(snap) -> bytes:
    body = json.dumps(snap, ensure_ascii=False, allow_nan=True).replace("</", "<\\/")
    return (f'<!DOCTYPE html><p>a page</p><script type="application/json" data-mapgen-snapshot="mg">{body}'
            "</script>\n").encode("utf-8", "surrogatepass")


page_bytes = st.one_of(st.binary(max_size=200), hard_text.map(_page),
                       st.tuples(st.lists(st.integers(0, 50), min_size=1, max_size=5), json_junk).map(
                           _poke_snapshot).map(_page),
                       json_junk.map(_page))
sides = st.one_of(st.just(("d.yaml", None)), data_contents.map(lambda b: ("x.yaml", b)),
                  page_bytes.map(lambda b: ("p.html", b)), st.binary(max_size=50).map(lambda b: ("q.htm", b)),
                  st.sampled_from([("missing.yaml", None), (".", None), ("d.yaml/x.html", None)]))


@settings(max_examples=40 * SCALE, **SETTINGS)
@given(old=sides, new=sides)
def test_diff_never_tracebacks(folder, old, new):
    before = (folder / "d.yaml").read_bytes()

    def side(prefix: str, name: str, content: bytes | None) -> str:
        if content is None:
            return name  # d.yaml, or a name that is not a file
        (folder / (prefix + name)).write_bytes(content)
        return prefix + name

    _ok(_invoke(["diff", side("a-", *old), side("b-", *new)]), "diff")
    assert (folder / "d.yaml").read_bytes() == before


@settings(max_examples=15 * SCALE, **SETTINGS)
@given(content=st.none() | data_contents,
       out=st.sampled_from(["o.xlsx", "o.csv", "O.CSV", "d.yaml", "o.txt", "o/", "sub/o.xlsx", ".", "/dev/null",
                            "d.yaml/o.csv", "o" * 300 + ".csv", ".xlsx"]) | hard_text)
def test_export_never_tracebacks(folder, content, out):
    data = "d.yaml"
    if content is not None:
        (folder / "x.yaml").write_bytes(content)
        data = "x.yaml"
    before = (folder / data).read_bytes()
    _ok(_invoke(["export", "--data", data, "--out", out]), "export")
    assert (folder / data).read_bytes() == before


@pytest.fixture(scope="module", autouse=True)
def summary(report):
    """Print how many examples each command's fuzz ran."""
    yield
    if RAN:
        report("no-traceback fuzz: " + ", ".join(f"{k} {v}" for k, v in sorted(RAN.items())))
