"""What the command line says, in the editor's language.

Library code writes its messages in English (they are also the Python API's
exception texts); the CLI passes every line it prints through :func:`say`,
which renders it in Simplified Chinese when the editor's locale is Chinese
(``LANG=zh_CN.UTF-8``) or ``--messages zh`` was given. The catalogue below is
the one place the translations live: rows of (English pattern, Chinese
template), tried in order; a line no row matches is printed as it is, so a
new message is never lost, only untranslated.
"""

from __future__ import annotations

import os
import re

__all__ = ["CATALOGUE", "HELP_ZH", "choose", "help_text", "language", "say"]

_LANG: list[str] = []  # the chosen language, set once by the CLI


def language() -> str:
    """``zh`` or ``en``: the choice made with :func:`choose`, else the locale."""
    if _LANG:
        return _LANG[0]
    for var in ("MAPGEN_MESSAGES", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def choose(lang: str | None) -> None:
    """Fix the language (``zh``, ``en``, or ``None`` for the locale's)."""
    _LANG.clear()
    if lang:
        _LANG.append(lang)


# (English, Chinese). Patterns match a whole clause; {name} in the Chinese template
# takes the group of that name. Longer, more specific rows come first.
_ROWS: tuple[tuple[str, str], ...] = (
    # headers and reports
    (r"error: ", "错误："),
    (r"warning: ", "警告："),
    (r"(?P<n>\d+) problems? in the data:", "数据中有 {n} 处问题："),
    (r"(?P<n>\d+) problems? in the boundary file:", "边界文件中有 {n} 处问题："),
    (r"(?P<f>\S+): (?P<r>\d+) records, (?P<m>\d+)/(?P<t>\d+) cities matched",
     "{f}：{r} 条记录，已匹配 {m}/{t} 个单位"),
    (r"themes:", "主题："),
    (r"figures per city:", "各单位的数字："),
    (r"no record: drawn as 'no initiative reported'", "无记录：地图上显示为“未报道举措”"),
    (r"publishable, with cities lacking records", "可以发布，但有单位缺少记录"),
    (r"publishable", "可以发布"),
    (r"marker (?P<m>.+)", "标注 {m}"),
    (r"wrote (?P<p>.+) \((?P<k>\d+) KB\)", "已写入 {p}（{k} KB）"),
    # where a problem is
    (r"city (?P<c>\d{6}) \((?P<n>[^)]*)\)", "单位 {c}（{n}）"),
    (r"YAML syntax error at column (?P<c>\d+)", "YAML 语法错误（第 {c} 列）"),
    (r"YAML syntax error", "YAML 语法错误"),
    # YAML mistakes
    (r"this quote is never closed; add the closing (?P<q>.) at the end of the text, or remove the opening one",
     "引号没有闭合：请在文字末尾补上 {q}，或删去开头的引号"),
    (r"a tab character; YAML indents with spaces only: replace the tab with spaces",
     "这里有制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成空格"),
    (r"the colon after '(?P<k>[^']+)' is a full-width ：; type an ASCII colon followed by a space \(key: value\)",
     "“{k}”后面是全角冒号“：”；请改成半角冒号加一个空格（key: value）"),
    (r"a colon is missing after '(?P<k>[^']+)': write the key, a colon and a space, then the value \(value: 480\.4\)",
     "“{k}”后面缺少冒号：请写成 键、半角冒号、空格、值（value: 480.4）"),
    (r"a colon is missing: write the key, a colon and a space, then the value \(value: 480\.4\)",
     "缺少冒号：请写成 键、半角冒号、空格、值（value: 480.4）"),
    (r"this text contains ': ' \(a colon and a space\), which YAML reads as a new key; put the whole text in quotes",
     "这段文字含有“: ”（冒号加空格），YAML 会把它当成新的键；请给整段文字加上引号"),
    (r"the indentation does not line up: indent this line with the same number of spaces as the fields beside it",
     "缩进没有对齐：请让这一行与同级字段使用相同数量的空格"),
    # schema and rules
    (r"missing field '(?P<f>[^']+)'", "缺少字段“{f}”"),
    (r"expected a number, found text (?P<v>.+?)(?=;|$)", "应为数字，实际是文字 {v}"),
    (r"expected (?P<w>a number|a whole number|text), found (?P<v>.+?)(?=;|$)", "应为{w}，实际是 {v}"),
    (r"write value: (?P<v>\S+) and unit: (?P<u>\S+)(?P<q>; and qualifier: more_than)? \(the unit holds 万/亿\)",
     "请写成 value: {v} 和 unit: {u}（万、亿写在单位里）"),
    (r"unknown theme '(?P<t>[^']+)'; expected one of: (?P<k>.+)", "未知主题“{t}”；应为以下之一：{k}"),
    (r"unknown field (?P<f>'[^']+'); (?:did you mean '(?P<d>[^']+)'\? )?expected one of: (?P<k>.+)",
     "未知字段 {f}；应为以下之一：{k}"),
    (r"found (?P<v>.+?), which is not one of this city's figure keys \((?P<k>.+)\)",
     "{v} 不是本单位的数字键（{k}）"),
    (r"\{(?P<k>[a-z0-9_]+)\} names no figure of this record; (?:did you mean \{(?P<d>[a-z0-9_]+)\}\? )?"
     r"its figure keys: (?P<ks>.+)", "{{{k}}} 不是本记录的数字；本记录的数字键：{ks}"),
    (r"is empty; write the text or remove the field", "为空；请填写文字或删去该字段"),
    (r"text is (?P<n>\d+) characters long; at most (?P<m>\d+) allowed", "文字长 {n} 个字符；最多 {m} 个"),
    (r"found (?P<v>.+?), expected one of: (?P<k>.+)", "实际为 {v}，应为以下之一：{k}"),
    (r"found (?P<v>.+?); expected a unit as printed, without digits, spaces or markup, e.g\. 亿元 or 万人次 "
     r"\(the number goes in value\)", "实际为 {v}；单位应按原文书写，不含数字和空格，例如 亿元、万人次（数字写在 value 里）"),
    (r"duplicate figure key '(?P<k>[^']+)' \(also (?P<o>[^)]+)\)", "数字键“{k}”重复（另见 {o}）"),
    (r"found (?P<v>\S+); a count of (?P<u>\S+) must be a whole number", "实际为 {v}；以“{u}”计数必须是整数"),
    # join
    (r"name '(?P<n>[^']+)' matches no unit of the map; did you mean (?P<d>.+)\?",
     "名称“{n}”与地图上的单位都不匹配；是不是 {d}？"),
    (r"name '(?P<n>[^']+)' matches no unit of the map; check the spelling or add its adcode",
     "名称“{n}”与地图上的单位都不匹配；请检查拼写或填写行政区划代码"),
    (r"duplicate city: (?P<c>\d+) (?P<n>\S+) already has a record \(line (?P<l>\d+)\); keep one",
     "单位重复：{c} {n} 已有记录（第 {l} 行）；请只保留一条"),
    # warnings
    (r"(?P<f>\w+): the number (?P<v>.+?) matches none of its figures; cite the figure as \{key\} so a correction "
     r"reaches the text, or correct the number",
     "{f}：数字 {v} 与本单位的任何数字都对不上；请用 {{键}} 引用数字，使更正能同步到文字，或改正这个数字"),
    (r"has figures but no headline_figure; its marker shows only the name",
     "有数字但没有 headline_figure；地图标注只显示名称"),
    (r"these figure keys carry different labels in different cities: (?P<k>.+?); a map coloured by one of them "
     r"compares those different things", "这些数字键在不同单位中含义不同：{k}；按其中一个着色的地图是在比较不同的事物"),
    (r"--color-by (?P<k>\S+): the key labels different things in different units \((?P<d>.+)\); the map compares "
     r"them as one figure", "--color-by {k}：这个键在不同单位中含义不同（{d}）；地图把它们当作同一个数字比较"),
    (r"--color-by (?P<k>\S+): the class (?P<c>.+) holds no unit; choose fewer classes or other breaks",
     "--color-by {k}：分级 {c} 中没有任何单位；请减少分级数或换用其他分界值"),
    (r"city (?P<c>\d{6}) \((?P<n>[^)]*)\) has no record", "单位 {c}（{n}）没有记录"),
    # options
    (r"classes (?P<v>\S+): give a whole number from 1 to (?P<m>\d+)", "classes {v}：请给出 1 到 {m} 之间的整数"),
    (r"--breaks goes with --scheme user \(the breaks are the upper bounds of its classes\)",
     "--breaks 需要与 --scheme user 一起使用（分界值是各级的上限）"),
    (r"(?P<o>format|lang|tiles|scheme) (?P<v>'[^']*'): expected one of (?P<k>.+)", "{o} {v}：应为以下之一：{k}"),
    # files
    (r"no such file", "文件不存在"),
    (r"is a folder, expected a YAML file", "是一个文件夹，应为 YAML 文件"),
)
CATALOGUE: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p), zh) for p, zh in _ROWS)


def _translate(text: str) -> str:
    for pattern, zh in CATALOGUE:
        text = pattern.sub(lambda m, zh=zh: zh.format(**{k: v or "" for k, v in m.groupdict().items()}), text)
    return text


# Help texts of the commands and options, by their exact English text.
HELP_ZH: dict[str, str] = {
    "Turn a city-by-city report into a self-contained interactive map.": "把逐地区的报道变成一个自包含的交互式地图。",
    "Validate the data and print a readable report (exit 1 on problems).": "校验数据并打印易读的报告（有问题时退出码为 1）。",
    "Validate the data and write the map page (or image) atomically.": "校验数据并以原子方式写出地图页面（或图片）。",
    "The initiatives YAML file.": "数据文件（YAML）。",
    "The HTML file to write.": "要写出的 HTML 文件。",
    "A boundary file to use instead of the shipped one.": "用来代替内置边界的边界文件。",
    "Colour cities by theme, or by the figure with this key (e.g. investment).": "按主题着色，或按此键的数字着色（如 investment）。",
    "Classification for --color-by FIGURE_KEY (mapclassify).": "--color-by 数字时的分级方法（mapclassify）。",
    "Upper class bounds as plain numbers, for --scheme user.": "各级上限（普通数字），配合 --scheme user 使用。",
    "Optional base tiles (need a network; the map is complete without them).": "可选的底图瓦片（需要网络；没有也能完整显示）。",
    "Page title (default: page.title in the data).": "页面标题（默认取数据中的 page.title）。",
    "Language the page opens in (readers can switch in the page).": "页面打开时的语言（读者可在页面中切换）。",
    "With --format iframe-snippet: the address of the published page.": "配合 --format iframe-snippet：已发布页面的地址。",
    "Element id of the map (default: stable, derived from the data and options).": "地图元素的 id（默认由数据和选项生成，保持稳定）。",
    "Language of mapgen's messages (default: from the locale, LANG).": "mapgen 提示信息的语言（默认取自系统区域设置 LANG）。",
    "Show this message and exit.": "显示此帮助并退出。",
    "Number of classes (1 to 5).": "分级数（1 到 5）。",
    "page: standalone file; fragment: markup to paste into a page; iframe-snippet: the <iframe> code that embeds a "
    "published page.": "page：独立文件；fragment：可粘贴进网页的片段；iframe-snippet：嵌入已发布页面的 <iframe> 代码。",
    "Show the version and exit.": "显示版本并退出。",
}


def help_text(text: str | None) -> str | None:
    """A command's or option's help in the chosen language."""
    if text is None or language() != "zh":
        return text
    return HELP_ZH.get(text.strip(), text)


def say(text: str) -> str:
    """``text`` (one or more lines) in the chosen language.

    >>> choose("zh")
    >>> say("error: 1 problem in the data:")
    '错误：数据中有 1 处问题：'
    >>> choose(None)
    """
    if language() != "zh":
        return text
    return "\n".join(_translate(line) for line in text.split("\n"))
