"""`mapgen export` / `mapgen import` from the editor's side: sheets in, one-line diffs out."""

from __future__ import annotations

import difflib
import shutil

import pytest
from click.testing import CliRunner

from conftest import REAL_DATA
from mapgen.cli import main
from mapgen.records import load_records


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def data_copy(tmp_path):
    path = tmp_path / "initiatives.yaml"
    shutil.copy(REAL_DATA, path)
    return path


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_round_trip_through_excel_changes_exactly_one_line(data_copy, tmp_path):
    import openpyxl

    sheet = tmp_path / "figures.xlsx"
    assert run("export", "--data", data_copy, "--out", sheet).exit_code == 0
    book = openpyxl.load_workbook(sheet)  # as Excel would: load, edit one cell, save
    rows = list(book.active.iter_rows(min_row=2))
    row = next(r for r in rows if r[0].value == "340100" and r[2].value == "investment")
    row[5].value = 512.6
    book.save(sheet)
    before = data_copy.read_text("utf-8")

    result = run("import", sheet, "--data", data_copy)

    assert result.exit_code == 0, result.output
    assert "合肥市 investment: 480.4亿元 → 512.6亿元" in result.output
    assert changed_lines(before, data_copy.read_text("utf-8")) == ["-        value: 480.4", "+        value: 512.6"]
    fig = next(c for c in load_records(data_copy).cities if c.adcode == 340100).figure("investment")
    assert fig.text_zh == "512.6亿元"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_changes_nothing(data_copy, tmp_path, suffix):
    sheet = tmp_path / f"figures{suffix}"
    before = data_copy.read_bytes()
    assert run("export", "--data", data_copy, "--out", sheet).exit_code == 0
    result = run("import", sheet, "--data", data_copy)
    assert result.exit_code == 0, result.output
    assert "no change" in result.output
    assert data_copy.read_bytes() == before


def test_export_is_laid_out_for_editors_and_deterministic(data_copy, tmp_path):
    import openpyxl

    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    run("export", "--data", data_copy, "--out", a)
    run("export", "--data", data_copy, "--out", b)
    assert a.read_bytes() == b.read_bytes()
    sheet = openpyxl.load_workbook(a).active
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:3] == ["adcode", "name", "key"]
    assert sheet["A2"].value == "340100" and sheet["A2"].data_type == "s"  # adcodes as text
    chizhou = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "341700"]
    assert chizhou == [("341700", "池州市") + (None,) * 8]  # a unit without figures still has its row
    csv_path = tmp_path / "f.csv"
    run("export", "--data", data_copy, "--out", csv_path)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbfadcode,name,key,")


def test_gb18030_csv_with_full_width_digits_and_chinese_headers(data_copy):
    sheet = data_copy.parent / "表.csv"
    sheet.write_bytes("城市,指标,数值\r\n合肥,investment,５１２．６亿元\r\n蕪湖市,grids,４，３５６\r\n"
                      "Bengbu,proposals,２５０余件\r\n".encode("gb18030"))
    result = run("import", sheet, "--data", data_copy)
    assert result.exit_code == 0, result.output
    cities = {c.adcode: c for c in load_records(data_copy).cities}
    assert cities[340100].figure("investment").text_zh == "512.6亿元"
    assert cities[340200].figure("grids").value == 4356
    assert "芜湖市 grids" not in result.output  # 4,356 was already the value
    assert cities[340300].figure("proposals").text_zh == "250余件"


def test_broken_sheet_is_refused_whole_with_cells_named(data_copy):
    sheet = data_copy.parent / "figures.csv"
    sheet.write_text("adcode,name,key,value,unit\n"
                     "340100,合肥市,investment,512.6,亿元\n"       # fine, but must not be written alone
                     "340200,芜湖市,grids,abc,个\n"               # D3: not a number
                     ",毫州,visits,3,个\n"                        # B4: no such unit
                     "340300,蚌埠市,communities,21,12个\n"         # E5: not a unit as printed
                     "340300,蚌埠市,communities,22,个\n",          # C6: the same figure twice
                     encoding="utf-8")
    before = data_copy.read_bytes()

    result = run("import", sheet, "--data", data_copy)

    assert result.exit_code == 1
    out = result.output
    assert "the data file was not changed" in out
    assert "figures!D3 (芜湖市): value: found 'abc'" in out
    assert "figures!B4: name: no unit named '毫州'" in out and "did you mean 亳州市?" in out
    assert "figures!E5 (蚌埠市): unit: '12个' is not a unit as printed" in out
    assert "figures!C6 (蚌埠市): key: communities appears twice" in out
    assert "Traceback" not in out
    assert data_copy.read_bytes() == before


def test_problem_found_by_the_data_rules_points_at_the_cell(data_copy):
    sheet = data_copy.parent / "f.csv"
    sheet.write_text(f"城市,指标,名称,数值\n合肥,investment,{'长' * 70},1\n芜湖,grids,,4356.5\n", encoding="utf-8")
    before = data_copy.read_bytes()
    result = run("import", sheet, "--data", data_copy)
    assert result.exit_code == 1
    assert "f!B2 (合肥市): label: text is 70 characters long" in result.output
    assert "f!B3 (芜湖市): value: found 4356.5; a count of 个 must be a whole number" in result.output
    assert data_copy.read_bytes() == before


def test_new_figures_are_added_with_the_file_layout(data_copy):
    sheet = data_copy.parent / "new.csv"
    sheet.write_text("name,key,label,value,unit,period\n"
                     "池州市,visits,参观人次,2万余人次,,2021年\n"
                     "合肥市,offices,海外联络处,12,个,\n", encoding="utf-8")
    before = data_copy.read_text("utf-8")
    result = run("import", sheet, "--data", data_copy)
    assert result.exit_code == 0, result.output
    assert "池州市 visits added: 2万余人次 (参观人次)" in result.output
    after = data_copy.read_text("utf-8")
    assert "    figures:\n      - key: visits\n        label: 参观人次\n        value: 2\n        unit: 万人次\n" \
           "        qualifier: more_than\n        period: 2021年\n" in after
    assert all(line.startswith(("+", "-    figures: []")) for line in changed_lines(before, after))
    cities = {c.adcode: c for c in load_records(data_copy).cities}
    assert cities[340100].figures[-1].key == "offices" and cities[340100].figure("offices").value == 12


def test_comments_and_quoting_are_kept(write_data, tiny_text, tmp_path):
    text = tiny_text.replace("      - key: investment\n",
                             "      # checked with the source, 2022-08-01\n      - key: investment\n")
    assert "# checked" in text
    text = text.replace("value: 480.4", "value: 480.4  # 亿元, as printed")
    data = write_data(text)
    sheet = tmp_path / "s.tsv"
    sheet.write_text("adcode\tkey\tvalue\tqualifier\n340100\tinvestment\t500\t约\n340100\tpeople\t210\t\n",
                     encoding="utf-8")
    assert run("import", sheet, "--data", data).exit_code == 0
    lines = changed_lines(text, data.read_text("utf-8"))
    assert sorted(lines) == sorted([
        "-        value: 480.4  # 亿元, as printed", "+        value: 500  # 亿元, as printed",
        "+        qualifier: about",
        "-        value: 200", "+        value: 210", "-        qualifier: more_than"])
    assert "      # checked with the source, 2022-08-01\n" in data.read_text("utf-8")


def test_table_pasted_on_stdin(data_copy):
    pasted = "城市\t指标\t数值\t单位\n合肥市\tonline_meetings\t9\t场\n".encode("utf-8")
    result = run("import", "-", "--data", data_copy, input=pasted)
    assert result.exit_code == 0, result.output
    assert "合肥市 online_meetings: 8场 → 9场" in result.output


def test_workbook_with_notes_sheet_title_row_and_merged_header(data_copy, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "说明"
    notes["A1"] = "本表由编辑部维护"
    data = book.create_sheet("数据")
    data["A1"] = "安徽各市数据"
    data.merge_cells("A1:E1")
    data["A2"], data["B2"], data["D2"], data["E2"] = "城市", "指标", "数值", "单位"
    data.merge_cells("A2:A3")
    data.merge_cells("B2:C2")
    data.merge_cells("D2:D3")
    data.merge_cells("E2:E3")
    data["B3"], data["C3"] = "键", "名称"
    data.append(["六安", "cadres", "干部", "3,500", "名"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    result = run("import", path, "--data", data_copy, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run" in result.output


def test_unknown_header_names_are_listed(data_copy):
    sheet = data_copy.parent / "x.csv"
    sheet.write_text("城市,数值,备注\n合肥,1,x\n", encoding="utf-8")
    result = run("import", sheet, "--data", data_copy)
    assert result.exit_code == 1
    assert "x!1: header: no 'key' column; name one of: key, figure, 指标" in result.output


def test_every_command_has_help():
    for name in ("export", "import", "diff"):
        result = run(name, "--help")
        assert result.exit_code == 0 and "Usage" in result.output


def test_hostile_cells_are_refused_or_kept_as_inert_text(data_copy):
    sheet = data_copy.parent / "h.csv"
    sheet.write_text('key,name,label,value,unit\n'
                     'investment,合肥,"</script><img src=x onerror=alert(1)>",1,亿元\n'
                     'grids,芜湖,"a: b # c\n{{ 7*7 }}",2,个\n'
                     f'x,{"长" * 100_000},y,=1+1,个\n', encoding="utf-8")
    before = data_copy.read_bytes()
    result = run("import", sheet, "--data", data_copy)
    assert result.exit_code == 1 and len(result.output) < 2000
    assert "h!D4 (长长长" in result.output and "'=1+1'" in result.output and "Traceback" not in result.output
    assert data_copy.read_bytes() == before
    sheet.write_text("\n".join(sheet.read_text("utf-8").splitlines()[:4]) + "\n", encoding="utf-8")
    assert run("import", sheet, "--data", data_copy).exit_code == 0
    cities = {c.adcode: c for c in load_records(data_copy).cities}
    assert cities[340100].figure("investment").label == "</script><img src=x onerror=alert(1)>"
    assert cities[340200].figure("grids").label == "a: b # c\n{{ 7*7 }}"


def test_county_level_national_round_trip_changes_exactly_one_line(tmp_path):
    # The issue's own example: every county of China (mapgen init 中国 --level county), one figure each.
    from mapgen.regions.scaffold import scaffold

    text, units, _ = scaffold("中国", "county")
    one = "    figures:\n      - key: investment\n        label: 投资额\n        value: 1.5\n        unit: 亿元\n"
    data = tmp_path / "china.yaml"
    data.write_text(text.replace("    figures: []\n", one), "utf-8")
    sheet = tmp_path / "figures.csv"
    assert run("export", "--data", data, "--out", sheet).output.startswith(f"wrote {sheet}: {units} figures")
    rows = sheet.read_text("utf-8-sig").splitlines()
    assert len(rows) == units + 1
    at = next(i for i, row in enumerate(rows) if row.startswith("440305,南山区,investment,"))
    rows[at] = rows[at].replace(",1.5,", ",2.5,")
    sheet.write_text("\r\n".join(rows) + "\r\n", "utf-8-sig")
    before = data.read_text("utf-8")

    result = run("import", sheet, "--data", data)

    assert result.exit_code == 0, result.output
    assert "南山区 investment: 1.5亿元 → 2.5亿元" in result.output
    assert changed_lines(before, data.read_text("utf-8")) == ["-        value: 1.5", "+        value: 2.5"]
