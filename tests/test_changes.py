"""The change report: snapshots, their comparison, and what `mapgen build` / `mapgen diff` print."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from conftest import REAL_DATA
from mapgen.changes import compare, read_page_snapshot, report, snapshot
from mapgen.cli import main
from mapgen.records import load_records


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def tiny(write_data, tiny_text):
    return load_records(write_data(tiny_text))


def snap_of(write_data, text, name="b.yaml"):
    return snapshot(load_records(write_data(text, name)))


def test_same_data_is_no_change(tiny):
    assert report(compare(snapshot(tiny), snapshot(tiny))) == "no change"


def test_changed_figure_is_named_with_both_values(write_data, tiny_text, tiny):
    new = snap_of(write_data, tiny_text.replace("value: 480.4", "value: 512.6"))
    assert [str(c) for c in compare(snapshot(tiny), new)] == ["合肥市 investment: 480.4亿元 → 512.6亿元"]


def test_texts_are_named_not_stored(write_data, tiny_text, tiny):
    new = snap_of(write_data, tiny_text.replace("summary: 合肥的摘要。", "summary: 合肥的新摘要。")
                  .replace("title: 测试地图", "title: 新地图"))
    assert "合肥的" not in str(snapshot(tiny))
    assert [str(c) for c in compare(snapshot(tiny), new)] == ["page title changed", "合肥市 summary changed"]


def test_added_removed_and_relabelled(write_data, tiny_text, tiny):
    text = (tiny_text.replace("        qualifier: more_than\n", "")
            .replace("label: 投资额", "label: 合同投资额")
            .replace("    figures: []", "    figures:\n      - {key: x, label: 新, value: 3, unit: 个}")
            .replace("name: 乙\n", "name: 丙\n"))
    lines = [str(c) for c in compare(snapshot(tiny), snap_of(write_data, text))]
    assert lines == ["theme beta name: 乙 → 丙", "合肥市 investment label: 投资额 → 合同投资额",
                     "合肥市 people: 200余人 → 200人", "芜湖 x added: 3个 (新)"]
    back = [str(c) for c in compare(snap_of(write_data, text), snapshot(tiny))]
    assert "芜湖 x removed (was 3个)" in back


@pytest.mark.parametrize("html", [
    "", "<p>not a map</p>", '<script type="application/json" data-mapgen-snapshot="m">{broken</script>',
    '<script type="application/json" data-mapgen-snapshot="m">{"v": 99, "units": {}}</script>',
    '<script type="application/json" data-mapgen-snapshot="m">[1, 2]</script>',
    '<script type="application/json" data-mapgen-snapshot="m">' + "[" * 100_000 + "</script>",
])
def test_pages_without_a_usable_snapshot_give_none(html):
    assert read_page_snapshot(html) is None


def test_hostile_text_stays_inside_the_snapshot_block(write_data, tiny_text):
    text = tiny_text.replace("label: 投资额", 'label: "</script><script>alert(1)</script>"')
    snap = snap_of(write_data, text)
    from mapgen.renderers.html import environment

    page = environment().from_string('<script type="application/json" data-mapgen-snapshot="m">'
                                     '{{ s|tojson }}</script><script>x</script>').render(s=snap)
    assert read_page_snapshot(page) == snap


def test_build_reports_what_changed_since_the_page_it_replaces(tmp_path):
    data = tmp_path / "initiatives.yaml"
    shutil.copy(REAL_DATA, data)
    out = tmp_path / "map.html"
    first = run("build", "--data", data, "--out", out)
    assert first.exit_code == 0 and "since the last build" not in first.output  # nothing to compare with yet
    old_page = out.read_text("utf-8")
    data.write_text(data.read_text("utf-8").replace("value: 480.4", "value: 512.6"), "utf-8")

    second = run("build", "--data", data, "--out", out)

    assert "changes since the last build:\n  合肥市 investment: 480.4亿元 → 512.6亿元\n" in second.output
    assert run("build", "--data", data, "--out", out).output.endswith("no change since the last build\n")
    (tmp_path / "old.html").write_text(old_page, "utf-8")
    assert run("diff", tmp_path / "old.html", data).output == "合肥市 investment: 480.4亿元 → 512.6亿元\n"
    assert run("diff", REAL_DATA, out).output == "合肥市 investment: 480.4亿元 → 512.6亿元\n"


def test_diff_of_a_page_without_snapshot_is_a_clear_error(tmp_path):
    page = tmp_path / "old.html"
    page.write_text("<html><body>an old map</body></html>", "utf-8")
    result = run("diff", page, REAL_DATA)
    assert result.exit_code == 1 and "carries no mapgen data snapshot" in result.output
