"""The hostile corpus (``tests/hostile/payloads.py``) against the commands of this round.

Images (SVG, PDF, PNG), init and boundaries, export and import, extract, and serve's preview.
Payloads are batched: one data file holds every payload in every free-text field it fits
(shared out over the records, Hefei first), so a handful of renders check them all.

Never: markup, script, a foreign element or attribute, or an outside link made from data;
a traceback; a raw control or bidi character on the terminal; a payload altered on its way
through a sheet. How many (payload, command) checks ran is printed at the end.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import REAL_DATA
from hostile.payloads import (PAYLOADS, TEXT_FIELDS, _paths, _set, dump, fits, load_base, refused_variant,
                              value_of)
from mapgen.cli import main
from mapgen.pipeline import BuildOptions, render_image
from mapgen.records import load_records
from mapgen.terminal import escape

HEFEI = 340100
SVG = "http://www.w3.org/2000/svg"
RAN: dict[str, set] = defaultdict(set)


def packed(base: dict) -> tuple[dict, dict[str, list[str]]]:
    """Every payload in every text field it fits, shared out over that field's records.

    Returns the data and, per payload id, the fields it went in. A record's field holds
    as many tagged payloads, one after another, as its length limit allows.
    """
    doc = copy.deepcopy(base)
    placed: dict[str, list[str]] = defaultdict(list)
    for field in TEXT_FIELDS:
        paths = list(_paths(doc, field.path))
        texts = {path: "" for path in paths}
        for p in PAYLOADS:
            value = value_of(field, p)
            if not fits(field, value):
                continue
            path = next((q for q in paths if fits(field, texts[q] + value)), None)
            if path is not None:
                texts[path] += value
                placed[p.id].append(field.name)
        for path, text in texts.items():
            if text:
                _set(doc, path, text)
    return doc, placed


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile-commands")


@pytest.fixture(scope="module")
def corpus(folder):
    doc, placed = packed(load_base(REAL_DATA))
    path = folder / "all.yaml"
    path.write_text(dump(doc), "utf-8")
    assert load_records(path)  # every payload is accepted as text
    assert all(placed[p.id] for p in PAYLOADS)
    return path, doc, placed


@pytest.fixture(scope="module", autouse=True)
def summary(report):
    yield
    if RAN:
        report("hostile corpus x new commands: " + ", ".join(
            f"{k} {len(v)}" for k, v in sorted(RAN.items())) + f" (payloads each, of {len(PAYLOADS)})")


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def clean(result, codes=(0, 1, 2)) -> str:
    assert result.exit_code in codes, result.output[-2000:]
    assert "Traceback" not in result.output and (result.exception is None or isinstance(result.exception,
                                                                                        SystemExit)), result.output
    # nothing raw reaches the terminal: controls and bidi overrides are shown escaped
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069\u2028\u2029]", result.output), \
        repr(result.output[-500:])
    return result.output


# ---- images ---------------------------------------------------------------------------------

IMAGES = [("svg", "en", None), ("svg", "zh-Hant", None), ("svg", "en", HEFEI), ("svg", "zh-Hans", HEFEI),
          ("pdf", "en", HEFEI), ("png", "zh-Hans", None)]


@pytest.mark.parametrize("fmt, lang, unit", IMAGES, ids=[f"{f}-{lang}-{u or 'map'}" for f, lang, u in IMAGES])
def test_hostile_text_stays_inert_in_images(corpus, fmt, lang, unit):
    path, _, placed = corpus
    image = render_image(path, BuildOptions(format=fmt, lang=lang, unit=str(unit) if unit else None))
    if fmt == "svg":
        root = ET.fromstring(image)  # well-formed: no text broke out of its place
        for el in root.iter():
            ns, _, tag = el.tag.rpartition("}")
            assert ns.lstrip("{") in (SVG, "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                                      "http://purl.org/dc/elements/1.1/", "http://creativecommons.org/ns#"), el.tag
            assert tag not in ("script", "foreignObject", "a", "iframe", "image", "animate", "set"), tag
            for name, value in el.attrib.items():
                assert not name.rpartition("}")[2].lower().startswith("on"), name
                if name.endswith("href"):
                    assert value.startswith("#"), value  # inside the image only
                assert "alert" not in value and "javascript" not in value.lower(), (name, value)
        assert b"<script" not in image and b"javascript:" not in image.replace(b"javascript:alert", b"")
    elif fmt == "pdf":
        from pypdf import PdfReader

        for action in (b"/JavaScript", b"/JS ", b"/URI", b"/Launch", b"/OpenAction", b"/AA", b"/SubmitForm"):
            assert action not in image, action
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(image)).pages)
        assert "alert(1)" in text  # drawn as the words typed
    else:
        from PIL import Image

        assert Image.open(io.BytesIO(image)).size[0] > 0
    for p in PAYLOADS:
        RAN[f"images ({fmt})"].add(p.id)


# ---- init and boundaries: payloads as region names --------------------------------------------

@pytest.mark.parametrize("command", ["init", "boundaries"])
def test_payloads_as_region_names_are_refused_and_shown_escaped(folder, monkeypatch, command):
    monkeypatch.chdir(folder)
    for p in PAYLOADS:
        out = f"{command}-{p.id}.yaml" if command == "init" else f"{command}-{p.id}.geojson"
        output = clean(run(command, p.text, "--out", out), codes=(1, 2))
        assert "no unit is called" in output or "no region" in output, output
        assert not (folder / out).exists()
        RAN[command].add(p.id)


# ---- export and import: payloads survive a sheet, or are refused at their cell -----------------

@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_payloads_survive_export_then_import(folder, corpus, monkeypatch, suffix):
    monkeypatch.chdir(folder)
    path, _, _ = corpus
    data = folder / f"round-{suffix}.yaml"
    shutil.copy(path, data)
    clean(run("export", "--data", data, "--out", f"all.{suffix}"), codes=(0,))
    output = clean(run("import", f"all.{suffix}", "--data", data), codes=(0,))
    assert "no change" in output and data.read_bytes() == path.read_bytes()
    for p in PAYLOADS:
        RAN[f"export/import ({suffix})"].add(p.id)


def _sheet(folder, name: str, header: list[str], rows: list[list]) -> Path:
    """A copy of the real data as ``name``.yaml, and ``name``.csv holding ``rows``."""
    import csv

    data = folder / f"{name}.yaml"
    shutil.copy(REAL_DATA, data)
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *rows])
    (folder / f"{name}.csv").write_text(buf.getvalue(), "utf-8")
    return data


def test_payloads_typed_into_a_sheet_are_kept_exactly_as_labels(folder, monkeypatch):
    monkeypatch.chdir(folder)
    data = _sheet(folder, "labels", ["adcode", "key", "label", "label_en", "value", "unit", "period"],
                  [[HEFEI, f"hostile_{i}", p.text[:60], p.text, 1, "个", p.text[:40]] for i, p in enumerate(PAYLOADS)])
    clean(run("import", "labels.csv", "--data", data), codes=(0,))
    hefei = next(c for c in load_records(data).cities if c.adcode == HEFEI)
    for i, p in enumerate(PAYLOADS):
        fig = hefei.figure(f"hostile_{i}")
        assert (fig.label, fig.label_en, fig.period) == (p.text[:60].strip(), p.text.strip(), p.text[:40].strip())
        RAN["import (text cells)"].add(p.id)


def test_payloads_in_guarded_cells_are_refused_cell_by_cell(folder, monkeypatch):
    monkeypatch.chdir(folder)
    rows = []
    for p in PAYLOADS:
        rows += [[HEFEI, p.text, 1, "个", ""], [HEFEI, "online_meetings", p.text, "", ""],
                 [HEFEI, "projects", 1, p.text, ""], [HEFEI, "talent", 1, "人", p.text]]
    data = _sheet(folder, "guarded", ["adcode", "key", "value", "unit", "qualifier"], rows)
    before = data.read_bytes()
    output = clean(run("import", "guarded.csv", "--data", data), codes=(1,))
    assert data.read_bytes() == before
    for i, p in enumerate(PAYLOADS):
        first = 2 + 4 * i
        for offset, column in ((0, "B"), (1, "C"), (2, "D"), (3, "E")):
            cell = f"guarded!{column}{first + offset}"
            # a row that repeats a key is reported at its key cell instead
            assert cell in output or f"guarded!B{first + offset}" in output, (p.id, cell)
        RAN["import (guarded cells)"].add(p.id)


# ---- extract: payloads in an article ----------------------------------------------------------

def test_payloads_in_an_article_stay_text_in_the_draft(folder, monkeypatch):
    monkeypatch.chdir(folder)
    article = "安徽各地统一战线工作综述。\n" + "".join(
        f"合肥市召开{p.text}见面会{i + 2}场。芜湖市{p.text}建成网格{i + 10}个。\n" for i, p in enumerate(PAYLOADS))
    (folder / "article.txt").write_text(article, "utf-8")
    clean(run("extract", "article.txt", "--out", "draft.yaml", "--force"), codes=(0, 1))
    if (folder / "draft.yaml").exists():
        text = (folder / "draft.yaml").read_text("utf-8")
        yaml.safe_load(text)  # plain YAML: no tag, anchor or document break made by the article
        assert "!!" not in text.replace("!!python", "") and "\n---" not in text
    for p in PAYLOADS:
        RAN["extract"].add(p.id)


# ---- serve: the preview shows data problems as text ------------------------------------------

def test_preview_problems_carry_payloads_as_json_text(folder):
    from mapgen.preview import Preview
    from mapgen.preview.page import render_waiting

    base = load_base(REAL_DATA)
    for p in PAYLOADS:
        doc, _ = refused_variant(base, p.text)
        path = folder / f"refused-{p.id}.yaml"
        path.write_text(dump(doc), "utf-8")
        preview = Preview(path, report=lambda line: None)
        assert preview.rebuild() is False
        state = json.loads(json.dumps(preview.state(), ensure_ascii=False))
        assert any(p.text in problem for problem in state["problems"]), p.id  # exactly as typed, as data
        assert p.text not in render_waiting(preview.version)  # the page itself never holds it
        RAN["serve (problems)"].add(p.id)
