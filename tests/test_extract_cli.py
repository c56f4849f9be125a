"""``mapgen extract``: the draft passes ``mapgen check``; bad input is refused clearly."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT
from mapgen.cli import main
from mapgen.pipeline import check

ARTICLE = ROOT / "tests" / "articles" / "anhui_united_front_2022.txt"


def run(*args):
    return CliRunner().invoke(main, ["extract", *map(str, args)], catch_exceptions=False)


@pytest.fixture()
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_anhui_draft_passes_check(here):
    result = run(ARTICLE, "--out", "draft.yaml")
    assert result.exit_code == 0, result.output
    assert "Units found: 15 of the 16 city-level units of 安徽省" in result.output
    assert "340100 合肥市: 4 figures (8场, 200余人, 133个, 480.4亿元人民币)" in result.output
    assert "No figures for: 池州市" in result.output
    assert "1234 (no unit of measure)" in result.output  # every number left out is reported
    report = check(here / "draft.yaml")
    assert report.matched == 15
    text = (here / "draft.yaml").read_text("utf-8")
    # each figure has its sentence beside it; the editor's texts are placeholders
    assert "# 「自2018年以来,共引进各类人才200余人" in text
    data = yaml.safe_load(text)
    hefei = data["cities"][0]
    assert hefei["headline"].startswith("【待填写】") and hefei["summary"].startswith("【待填写】")
    assert {"key": "investment", "label": "合同投资额", "value": 480.4, "unit": "亿元",
            "period": "2018年以来"} in hefei["figures"]
    assert data["source"]["date"] == "2022-07-27"


def test_region_guessed_or_given(here):
    article = ROOT / "tests" / "articles" / "provinces_population_2022_hant_pinyin.txt"
    guessed = run(article, "--out", "a.yaml")
    given = run(article, "--region", "中国", "--level", "province", "--out", "b.yaml")
    assert guessed.exit_code == given.exit_code == 0
    assert "2 of the 34 province-level units of 中国" in guessed.output
    # any unit an article uses is a unit the data file holds: 百分点 is written, not lost
    assert 'unit: "百分点"' in (here / "a.yaml").read_text("utf-8")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "big5", "utf-16"])
def test_encodings(here, encoding):
    text = "合肥市\n召開8場海外僑務工作見面會,引進各類人才200餘人。\n"
    if encoding == "gb18030":
        text = "合肥市\n召开8场海外侨务工作见面会,引进各类人才200余人。\n" * 3
    (here / "a.txt").write_bytes(text.encode(encoding))
    result = run("a.txt", "--region", "安徽")
    assert result.exit_code == 0, result.output
    assert "合肥市: " in result.output and "200余人" in result.output


def test_empty_file(here):
    (here / "a.txt").write_text("  \n\n", encoding="utf-8")
    result = run("a.txt")
    assert result.exit_code == 1
    assert "a.txt: the file is empty" in result.output
    assert not (here / "draft.yaml").exists()


def test_binary_file(here):
    (here / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    result = run("a.png")
    assert result.exit_code == 1
    assert "looks like a binary file" in result.output
    assert "Traceback" not in result.output


def test_text_naming_no_unit(here):
    (here / "a.txt").write_text("今年全国粮食产量6.9亿吨,增长1.3%。", encoding="utf-8")
    result = run("a.txt", "--region", "安徽")
    assert result.exit_code == 1
    assert "names none of the 16 city-level units of 安徽省; nothing written" in result.output
    assert not (here / "draft.yaml").exists()


def test_huge_file_refused_with_the_limit(here):
    (here / "a.txt").write_bytes(("合肥市召开8场见面会。" * 400_000).encode("utf-8"))  # 12 MB
    result = run("a.txt")
    assert result.exit_code == 1
    assert "at most 1 MB" in result.output


def test_never_over_an_existing_file_or_the_input(here):
    (here / "draft.yaml").write_text("mine\n", encoding="utf-8")
    result = run(ARTICLE)
    assert result.exit_code == 1 and "draft.yaml: exists" in result.output
    assert (here / "draft.yaml").read_text("utf-8") == "mine\n"
    (here / "a.txt").write_bytes(ARTICLE.read_bytes())
    result = run("a.txt", "--out", "a.txt", "--force")
    assert result.exit_code == 1 and "is the article itself" in result.output
    assert run(ARTICLE, "--force").exit_code == 0
    assert (here / "draft.yaml").read_text("utf-8").startswith("# yaml-language-server")


def test_unknown_region_or_level(here):
    result = run(ARTICLE, "--region", "火星")
    assert result.exit_code == 1 and "--region 火星" in result.output
    assert "Traceback" not in result.output
    result = run(ARTICLE, "--region", "四川")  # a region with units, none named in the article
    assert result.exit_code == 1 and "names none of the 21 city-level units of 四川省" in result.output


def test_any_region_of_the_catalogue(here):
    (here / "a.txt").write_text("成都市GDP为22074.7亿元,绵阳市为3626.9亿元。", encoding="utf-8")
    result = run("a.txt")
    assert result.exit_code == 0, result.output
    assert "2 of the 21 city-level units of 四川省" in result.output


def test_missing_file_and_help(here):
    assert run("nope.txt").exit_code == 1
    help_text = run("--help").output
    assert "ARTICLE" in help_text and "--region" in help_text and "--force" in help_text
