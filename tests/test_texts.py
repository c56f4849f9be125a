"""Text that cannot contradict its figures: {key} references, and stale numbers flagged."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

import mapgen
from mapgen import BuildOptions, DataError
from mapgen.cli import main
from conftest import REAL_DATA


def payload(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" data-mapgen="[^"]+">(.*?)</script>',
                                html, re.S).group(1))


def hefei(html: str) -> dict:
    return next(c for c in payload(html)["cities"] if c["adcode"] == 340100)["record"]


def test_correcting_a_figure_corrects_every_text_that_cites_it_in_three_languages(tmp_path):
    text = REAL_DATA.read_text("utf-8")
    assert text.count("value: 480.4\n") == 1
    edited = tmp_path / "initiatives.yaml"
    edited.write_text(text.replace("value: 480.4\n", "value: 512.6\n").replace(
        "$schema=../mapgen", "$schema=../../mapgen"), "utf-8")
    before, after = hefei(mapgen.render(REAL_DATA)), hefei(mapgen.render(edited))
    assert "480.4亿元" in before["summary"]["zh"] and "480.4億元" in before["summary"]["hant"]
    assert "48.04 billion yuan" in before["summary"]["en"]
    assert "512.6亿元" in after["summary"]["zh"] and "512.6億元" in after["summary"]["hant"]
    assert "51.26 billion yuan" in after["summary"]["en"]
    assert "480.4" not in json.dumps(after, ensure_ascii=False) and "48.04" not in json.dumps(after)
    assert after["marker"]["zh"] == "512.6亿元"


def test_a_stale_number_is_reported_by_check_and_build(write_data, tiny_text, tmp_path):
    # The tiny data's Hefei has one figure; a hand-written number that is none of its figures goes stale.
    bad = write_data(tiny_text.replace("summary: 合肥的摘要。", "summary: 合肥的摘要，引进人才250人。"))
    checked = CliRunner().invoke(main, ["check", "--data", str(bad)])
    built = CliRunner().invoke(main, ["build", "--data", str(bad), "--out", str(tmp_path / "m.html")])
    for result in (checked, built):
        assert result.exit_code == 0, result.output
        assert "city 340100 (合肥市): summary: the number 250 matches none of its figures" in result.output


def test_the_shipped_data_has_no_stale_numbers():
    report = mapgen.check(REAL_DATA)
    assert not [w for w in report.warnings if "matches none of its figures" in w]


def test_an_unknown_reference_is_a_problem_with_its_line(write_data, tiny_text):
    bad = write_data(tiny_text.replace("summary: 合肥的摘要。", "summary: 合肥投资{investmnet}。"))
    with pytest.raises(DataError) as info:
        mapgen.render(bad)
    assert re.search(r"initiatives\.yaml:\d+: city 340100 \(合肥市\): summary: \{investmnet\} names no figure of "
                     r"this record; did you mean \{investment\}\?", str(info.value)), str(info.value)


def test_other_braces_stay_text(write_data, tiny_text):
    ok = write_data(tiny_text.replace("summary: 合肥的摘要。", "summary: '合肥{{ 7*7 }} {0} {A}'"))
    assert "合肥{{ 7*7 }} {0} {A}" in json.dumps(payload(mapgen.render(ok)), ensure_ascii=False)


def test_a_build_coloured_by_a_mixed_key_prints_the_warning(tmp_path):
    result = CliRunner().invoke(main, ["build", "--data", str(REAL_DATA), "--out", str(tmp_path / "m.html"),
                                       "--color-by", "investment"])
    assert result.exit_code == 0, result.output
    assert ("warning: --color-by investment: the key labels different things in different units "
            "(台资侨资项目合同投资额: 合肥市; ") in result.output
    theme = CliRunner().invoke(main, ["build", "--data", str(REAL_DATA), "--out", str(tmp_path / "t.html")])
    assert "labels different things" not in theme.output and "different labels" not in theme.output
