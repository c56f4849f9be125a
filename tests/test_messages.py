"""Every problem at once, in words an editor reads: YAML mistakes on the right line with the fix."""

from __future__ import annotations

import re

import pytest

import mapgen
from mapgen import DataError
from conftest import REAL_DATA

LINES = REAL_DATA.read_text("utf-8").split("\n")
SUMMARY = next(i for i, line in enumerate(LINES) if line.strip().startswith("summary:"))  # Hefei's, 0-based


def broken(tmp_path, edit) -> str:
    lines = list(LINES)
    edit(lines)
    path = tmp_path / "initiatives.yaml"
    path.write_text("\n".join(lines), "utf-8")
    with pytest.raises(DataError) as info:
        mapgen.check(path)
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


def at(line: int) -> str:
    return rf"initiatives\.yaml:{line}: "


@pytest.mark.parametrize("name, edit, message", [
    ("unbalanced quote", lambda L: L.__setitem__(SUMMARY, L[SUMMARY].replace("summary: ", 'summary: "')),
     r"column 14: this quote is never closed; add the closing \""),
    ("tab", lambda L: L.__setitem__(SUMMARY, L[SUMMARY].replace("    summary", "\tsummary")),
     r"a tab character; YAML indents with spaces only"),
    ("full-width colon", lambda L: L.__setitem__(SUMMARY, L[SUMMARY].replace("summary: ", "summary：")),
     r"the colon after 'summary' is a full-width ："),
    ("missing colon", lambda L: L.__setitem__(SUMMARY, L[SUMMARY].replace("summary: ", "summary ")),
     r"a colon is missing after 'summary'"),
])
def test_yaml_mistakes_are_named_on_their_own_line(tmp_path, name, edit, message):
    text = broken(tmp_path, edit)
    assert re.search(at(SUMMARY + 1) + ".*" + message, text), text


def test_five_mistakes_in_two_records_are_reported_at_once(tmp_path):
    text = REAL_DATA.read_text("utf-8")
    for old, new in [("value: 480.4\n", "value: 480.4亿\n"),            # Hefei: value with its unit
                     ("theme: investment_enterprise\n", "theme: investment\n"),  # Hefei: unknown theme
                     ("headline_figure: investment\n", "headline_figure: invest\n"),  # Hefei: unknown key
                     ("value: 4356\n", "value: 很多\n"),                 # Wuhu: not a number
                     ("unit: 亿元\n", "unit: 亿 元\n")]:                   # Hefei again: a unit with a space
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "initiatives.yaml"
    path.write_text(text.replace("$schema=../mapgen", "$schema=../../mapgen"), "utf-8")
    with pytest.raises(DataError) as info:
        mapgen.check(path)
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 5, messages
    assert any("write value: 480.4 and unit: 亿元" in m for m in messages)
    assert any("unknown theme 'investment'" in m for m in messages)
    assert any("headline_figure" in m and "invest" in m for m in messages)
    assert any("340200" in m and "value" in m for m in messages)
    assert any("found \"亿 元\"" in m for m in messages)


def _cli(args, env_lang: str):
    import os
    import subprocess
    import sys

    env = {**os.environ, "LANG": env_lang, "LC_ALL": "", "LC_MESSAGES": "", "MAPGEN_MESSAGES": ""}
    return subprocess.run([sys.executable, "-m", "mapgen", *args], capture_output=True, text=True, env=env)


def test_a_chinese_locale_gets_chinese_messages_and_help(tmp_path):
    bad = tmp_path / "initiatives.yaml"
    bad.write_text(REAL_DATA.read_text("utf-8").replace("value: 480.4\n", "value: 480.4亿\n")
                   .replace("$schema=../mapgen", "$schema=../../mapgen"), "utf-8")
    from concurrent.futures import ThreadPoolExecutor

    runs = [(["check", "--data", str(bad)], "zh_CN.UTF-8"), (["check", "--data", str(bad)], "en_US.UTF-8"),
            (["build", "--help"], "zh_CN.UTF-8"), (["--messages", "zh", "check", "--data", str(REAL_DATA)], "en_US.UTF-8")]
    with ThreadPoolExecutor(len(runs)) as pool:  # four processes side by side
        zh, en, help_zh, report = pool.map(lambda run: _cli(*run), runs)
    assert zh.returncode == en.returncode == 1
    assert zh.stderr.startswith("错误：数据中有 1 处问题：") and "单位 340100（合肥市）" in zh.stderr
    assert "请写成 value: 480.4 和 unit: 亿元" in zh.stderr
    assert en.stderr.startswith("error: 1 problem in the data:") and "write value: 480.4 and unit: 亿元" in en.stderr
    assert "校验数据并以原子方式写出地图页面（或图片）。" in help_zh.stdout
    assert report.returncode == 0 and report.stdout.rstrip().endswith("可以发布")
