"""Traditional Chinese that mainland, Hong Kong and Macao readers expect: characters
converted without Taiwan vocabulary, checked against our own Traditional source article."""

from __future__ import annotations

import json
import re
from pathlib import Path

import opencc
import pytest

import mapgen
from mapgen import BuildOptions
from mapgen.i18n import hant
from mapgen.records import load_records
from conftest import REAL_DATA

ARTICLE = Path(__file__).resolve().parent / "articles" / "anhui_united_front_2022.txt"  # our source article
TAIWAN_WORDS = ("社群", "最佳化", "視窗", "釋出", "網路", "資訊")
# Characters the source article itself leaves in simplified form inside Traditional text.
ARTICLE_LEFT_SIMPLIFIED = set("余范游愿咨托干并系核")


def test_taiwan_vocabulary_is_not_swapped_in():
    assert hant("社区 优化 窗口 发布 网络 信息") == "社區 優化 窗口 發佈 網絡 信息"


def test_our_summaries_read_as_the_traditional_source_article_writes():
    article = ARTICLE.read_text("utf-8")
    simplified = opencc.OpenCC("t2s").convert(article)
    assert len(simplified) == len(article)  # character for character, so positions line up
    data = load_records(REAL_DATA)
    agree, differ = 0, []
    for city in data.cities:
        for text in (city.text("summary"), city.text("headline")):
            converted = hant(text)
            for i in range(len(text) - 1):
                at = simplified.find(text[i:i + 2])
                if at < 0:
                    continue
                if article[at:at + 2] == converted[i:i + 2]:
                    agree += 1
                else:
                    differ.append((converted[i:i + 2], article[at:at + 2]))
    assert agree > 1000
    # Every disagreement is a character the article left simplified; none is ours.
    assert all(set(theirs) - set(ours) <= ARTICLE_LEFT_SIMPLIFIED for ours, theirs in differ), differ


def test_the_traditional_page_has_no_taiwan_vocabulary():
    html = mapgen.render(REAL_DATA, BuildOptions(lang="zh-Hant"))
    payload = json.loads(re.search(r'<script type="application/json" data-mapgen="[^"]+">(.*?)</script>',
                                   html, re.S).group(1))
    hant_texts = json.dumps(payload, ensure_ascii=False)
    assert "社區" in hant_texts
    for word in TAIWAN_WORDS:
        assert word not in hant_texts
