"""The page's three languages: Simplified Chinese, Traditional Chinese, English.

Every text the page shows is carried in all three, as ``{"zh": ..., "hant": ...,
"en": ...}``, so readers switch language in the page with no rebuild and no
network. Traditional text is converted from Simplified with OpenCC
``s2tw``: character by character, in the glyph forms Traditional readers
everywhere use (為, 群, 眾, not OpenCC's own 爲, 羣, 衆), and with no Taiwan
vocabulary swapped in (社区 -> 社區, never 社群; 优化 -> 優化, never 最佳化). Of
our summaries' word pairs that also occur in the Traditional source article,
s2tw writes 1,145 as the article does (s2t 1,133, s2hk 1,127); the other 30 are
characters the article itself left simplified (余, 范, 游, 愿). English comes from
the data's ``*_en`` fields, falling back to Chinese where an editor left one out.
"""

from __future__ import annotations

from functools import cache

__all__ = ["LANGS", "HTML_LANG", "KEY", "hant", "tri", "ui_strings"]

LANGS = ("zh-Hans", "zh-Hant", "en")
HTML_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-Hant", "en": "en"}
KEY = {"zh-Hans": "zh", "zh-Hant": "hant", "en": "en"}


@cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2tw")


def hant(text: str) -> str:
    """Simplified -> Traditional characters (OpenCC s2tw: glyph forms only, no vocabulary).

    >>> hant("统战工作")
    '統戰工作'
    """
    return _s2t().convert(text)


def tri(zh: str | None, en: str | None = None) -> dict | None:
    """One text in the three languages; ``None`` stays ``None``."""
    if zh is None:
        return None
    return {"zh": zh, "hant": hant(zh), "en": en or zh}


_UI = {
    # key: (Simplified Chinese, English); Traditional is converted.
    "close": ("关闭", "Close"),
    "legend": ("图例", "Legend"),
    "keyFigures": ("关键数字", "Key figures"),
    "noRecord": ("本报道未涉及该{unit}举措", "The report names no initiative for this {en}"),
    "noFigures": ("原文未报道具体数字。", "The source reports no figures for this {en}."),
    "count": ("{{n}}{unit}", "{{n}}"),
    "source": ("来源：{publication}，{date}；文字由{supplier}提供。",
               "Source: {publication}, {date}; text supplied by the {supplier}."),
    "boundaryNote": ("{attribution}。地图边界仅供示意，不是经审核批准的标准地图（无审图号）。",
                     "{attribution}. The boundaries are illustrative, not an approved standard map."),
    "software": ("地图由 mapgen 生成；Leaflet 1.9.3 © Vladimir Agafonkin，BSD-2-Clause 许可。",
                 "Map made with mapgen; Leaflet 1.9.3 © Vladimir Agafonkin, BSD-2-Clause licence."),
    "updatesTitle": ("更正记录：", "Corrections:"),
    "search": ("查找{noun}", "Find a {en}"),
    "searchHint": ("输入{noun}名、拼音或英文", "{En} name, pinyin or English"),
    "noMatch": ("没有匹配的{noun}", "No matching {en}"),
    "viewMap": ("地图", "Map"),
    "viewList": ("列表", "List"),
    "listTitle": ("{each}举措一览", "All {ens}"),
    "colCity": ("{noun}", "{En}"),
    "colTheme": ("主题", "Theme"),
    "colHeadline": ("举措", "Initiative"),
    "colFigure": ("关键数字", "Key figure"),
    "opened": ("已打开：{name}", "Opened: {name}"),
    "language": ("语言", "Language"),
    "mapLabel": ("{each}地图：用 Tab 键逐{unit}浏览，回车键打开详情",
                 "Map of the {ens}: Tab moves between them, Enter opens one"),
}


# Strings that take the level's words ({unit}, {noun}, ...); the rest hold other
# placeholders ({publication}, {name}) that the page fills in later.
_LEVEL_WORDS = ("noRecord", "noFigures", "count", "search", "searchHint", "noMatch", "listTitle", "colCity",
                "mapLabel")


def ui_strings(level: str = "city") -> dict[str, dict]:
    """The interface strings in the three languages, in the words of the map's ``level``."""
    from .levels import LEVELS

    words = LEVELS[level].words()
    return {k: tri(zh.format(**words), en.format(**words)) if k in _LEVEL_WORDS else tri(zh, en)
            for k, (zh, en) in _UI.items()}
