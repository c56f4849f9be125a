"""The page's languages, one row each in :data:`LANGUAGES`.

Every text the page shows is carried in all of them, as ``{"zh": ..., "hant":
..., "en": ...}`` (the rows' keys), so readers switch language in the page with
no rebuild and no network. A row says which text of the data it is made from:
Traditional Chinese is converted from the Simplified with OpenCC ``s2tw``:
character by character, in the glyph forms Traditional readers everywhere use
(為, 群, 眾, not OpenCC's own 爲, 羣, 衆), and with no Taiwan vocabulary swapped
in (社区 -> 社區, never 社群; 优化 -> 優化, never 最佳化). Of our summaries' word
pairs that also occur in the Traditional source article, s2tw writes 1,145 as
the article does (s2t 1,133, s2hk 1,127); the other 30 are characters the
article itself left simplified (余, 范, 游, 愿). English comes from the data's
``*_en`` fields, falling back to Chinese where an editor left one out.

The page's language buttons, its script (``payload["languages"]``) and
``<html lang>`` all read this table: adding a language is adding a row (and,
for a language not converted from Chinese, its strings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

__all__ = ["Language", "LANGUAGES", "LANGS", "HTML_LANG", "KEY", "hant", "tri", "ui_strings", "languages_payload"]


@dataclass(frozen=True)
class Language:
    code: str  # the page's name for it: BCP 47, as in ?lang= and --lang
    key: str  # its key in every three-language text
    html_lang: str  # for <html lang>
    label: str  # its button in the page's language switch
    source: str  # "zh" or "en": the data text it is made from
    convert: str | None  # the OpenCC configuration applied to that text, if any
    sort_names: str  # the list view sorts city names by "pinyin" or by the "name" as shown
    other_name: str  # key of the name shown under the city's name in the panel


LANGUAGES = (  # the first row is the default
    Language("zh-Hans", "zh", "zh-CN", "简", source="zh", convert=None, sort_names="pinyin", other_name="en"),
    Language("zh-Hant", "hant", "zh-Hant", "繁", source="zh", convert="s2tw", sort_names="pinyin", other_name="en"),
    Language("en", "en", "en", "EN", source="en", convert=None, sort_names="name", other_name="zh"),
)
LANGS = tuple(lang.code for lang in LANGUAGES)
HTML_LANG = {lang.code: lang.html_lang for lang in LANGUAGES}
KEY = {lang.code: lang.key for lang in LANGUAGES}


@cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def hant(text: str) -> str:
    """Simplified -> Traditional characters (OpenCC s2tw: glyph forms only, no vocabulary).

    >>> hant("统战工作")
    '統戰工作'
    """
    return _converter(next(lang.convert for lang in LANGUAGES if lang.code == "zh-Hant")).convert(text)


def languages_payload() -> list[dict]:
    """The table as the page script reads it (``payload["languages"]``)."""
    return [{"code": lang.code, "key": lang.key, "htmlLang": lang.html_lang, "label": lang.label,
             "sortNames": lang.sort_names, "otherName": lang.other_name} for lang in LANGUAGES]


def tri(zh: str | None, en: str | None = None) -> dict | None:
    """One text in every language of :data:`LANGUAGES`; ``None`` stays ``None``.

    >>> tri("合肥市", "Hefei")
    {'zh': '合肥市', 'hant': '合肥市', 'en': 'Hefei'}
    """
    if zh is None:
        return None
    sources = {"zh": zh, "en": en or zh}
    return {lang.key: _converter(lang.convert).convert(sources[lang.source]) if lang.convert else sources[lang.source]
            for lang in LANGUAGES}


_UI = {
    # key: (Simplified Chinese, English); the other rows are converted.
    "close": ("关闭", "Close"),
    "legend": ("图例", "Legend"),
    "keyFigures": ("关键数字", "Key figures"),
    "noRecord": ("本报道未涉及该{unit}举措", "The report names no initiative for this {en}"),
    "noFigures": ("原文未报道具体数字。", "The source reports no figures for this {en}."),
    "count": ("{{n}}{unit}", "{{n}}"),
    "source": ("来源：{publication}，{date}；文字由{supplier}提供。",
               "Source: {publication}, {date}; text supplied by the {supplier}."),
    "boundaryNote": ("{attribution}。地图边界仅供示意；在中国大陆公开刊载须用经审核批准的标准地图（审图号），"
                     "mapgen 不提供。",
                     "{attribution}. Illustrative boundaries: publication in mainland China needs an approved "
                     "standard map (审图号), which mapgen does not supply."),
    "software": ("地图由 mapgen 生成；Leaflet 1.9.3 © Vladimir Agafonkin，BSD-2-Clause 许可。",
                 "Map made with mapgen; Leaflet 1.9.3 © Vladimir Agafonkin, BSD-2-Clause licence."),
    "updatesTitle": ("更正记录：", "Corrections:"),
    "search": ("查找{noun}", "Find a {en}"),
    "searchHint": ("输入{noun}名、拼音或英文", "{En} name, pinyin or English"),
    "noMatch": ("没有匹配的{noun}", "No matching {en}"),
    "moreMatches": ("另有 {n} 个匹配，请多输入几个字", "{n} more: type more to narrow the list"),
    "viewMap": ("地图", "Map"),
    "viewList": ("列表", "List"),
    "listTitle": ("{each}举措一览", "All {ens}"),
    "colCity": ("{noun}", "{En}"),
    "colTheme": ("主题", "Theme"),
    "colHeadline": ("举措", "Initiative"),
    "colFigure": ("关键数字", "Key figure"),
    "opened": ("已打开：{name}", "Opened: {name}"),
    "language": ("语言", "Language"),
    "inset": ("南海诸岛", "South China Sea Islands"),
    "mapLabel": ("{each}地图：用 Tab 键逐{unit}浏览，回车键打开详情",
                 "Map of the {ens}: Tab moves between them, Enter opens one"),
}


# Strings that take the level's words ({unit}, {noun}, ...); the rest hold other
# placeholders ({publication}, {name}) that the page fills in later.
_LEVEL_WORDS = ("noRecord", "noFigures", "count", "search", "searchHint", "noMatch", "listTitle", "colCity",
                "mapLabel")


def ui_strings(level: str = "city", names: Iterable[str] = ()) -> dict[str, dict]:
    """The interface strings in the three languages, in the words of the map's ``level`` that
    fit its units' ``names`` (:func:`mapgen.levels.words_for`)."""
    from .levels import words_for

    words = words_for(level, names).words()
    return {k: tri(zh.format(**words), en.format(**words)) if k in _LEVEL_WORDS else tri(zh, en)
            for k, (zh, en) in _UI.items()}
