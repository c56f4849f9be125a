"""The words the extractor knows, as rows of data: adding one is adding a row.

Every table is read by :mod:`mapgen.draft.numbers` and :mod:`mapgen.draft.extract`;
none of them holds code. Text is matched after conversion to Simplified script.
"""

from __future__ import annotations

__all__ = ["MEASURES", "NOT_FIGURES", "MAGNITUDES", "QUALIFIERS_BEFORE", "QUALIFIERS_AFTER",
           "PERIODS", "KEYS", "UNIT_KEYS"]

# Measure words that make a number a figure, as the data file spells them.
# (as printed, as written in the data file). Longest first is done by the reader.
MEASURES: tuple[tuple[str, str], ...] = (
    ("%", "%"), ("个百分点", "百分点"), ("百分点", "百分点"),
    ("元人民币", "元"), ("美元", "美元"), ("元", "元"),
    ("人次", "人次"), ("人", "人"), ("名", "名"), ("位", "位"), ("户", "户"),
    ("场次", "场次"), ("场", "场"), ("次", "次"), ("批次", "批次"),
    ("个", "个"), ("家", "家"), ("座", "座"), ("支", "支"), ("项", "项"), ("条", "条"),
    ("件", "件"), ("篇", "篇"), ("村", "村"), ("所", "所"), ("套", "套"), ("台", "台"),
    ("辆", "辆"), ("艘", "艘"), ("架", "架"), ("株", "株"), ("头", "头"), ("只", "只"),
    ("平方公里", "平方公里"), ("平方米", "平方米"), ("公顷", "公顷"), ("亩", "亩"),
    ("公里", "公里"), ("千米", "千米"), ("米", "米"), ("吨", "吨"), ("千瓦", "千瓦"),
    ("千瓦时", "千瓦时"), ("倍", "倍"),
)

# Measures that make a number something other than a figure, with the reason reported.
NOT_FIGURES: tuple[tuple[str, str], ...] = (
    ("周年", "an anniversary"), ("个月", "a duration"), ("小时", "a duration"), ("分钟", "a duration"), ("年", "a year or a duration"), ("月", "a date or a duration"),
    ("日", "a date"), ("号", "a date or a number"), ("时", "a time"), ("届", "an ordinal (届)"),
    ("岁", "an age band"), ("级", "a level"), ("期", "an issue or a phase"), ("代", "a generation"),
    ("星", "a rating"), ("强", "a ranking"), ("大", "a name (三大…)"),
)

# Magnitude prefixes kept in the unit, as the data file expects (480.4 with 亿元).
MAGNITUDES: tuple[str, ...] = ("万亿", "亿", "万")

# Before the number. None: emphasis only ("达", "共"), no qualifier.
QUALIFIERS_BEFORE: tuple[tuple[str, str | None], ...] = (
    ("将近", "nearly"), ("接近", "nearly"), ("近", "nearly"),
    ("大约", "about"), ("约有", "about"), ("约", "about"), ("大概", "about"),
    ("超过了", "more_than"), ("超过", "more_than"), ("超出", "more_than"), ("超", "more_than"),
    ("逾", "more_than"), ("突破", "more_than"), ("多于", "more_than"),
    ("不足", "less_than"), ("不到", "less_than"), ("低于", "less_than"),
    ("高达", None), ("多达", None), ("达到", None), ("达", None), ("共计", None), ("共", None),
    ("累计", None), ("总计", None), ("合计", None),
)

# After the number (余/多 sit between number and measure: 200余人, 2万余人次).
QUALIFIERS_AFTER: tuple[tuple[str, str], ...] = (
    ("余", "more_than"), ("多", "more_than"), ("以上", "more_than"), ("左右", "about"),
    ("以下", "less_than"), ("以内", "less_than"),
)

# Period phrases, as regular expressions over Simplified text; the nearest one before a
# figure in its sentence is its period.
PERIODS: tuple[str, ...] = (
    r"自?(?:\d{4}年|今年|去年|开馆|活动开展|开展|成立|实施|启动|近年)以来",
    r"(?:截至|截止|到)?\d{4}年(?:底|末)",
    r"(?:\d{4}年|今年|去年)?(?:前|第)[一二三四1-4]季度",
    r"(?:\d{4}年|今年|去年)?[上下]半年",
    r"(?:\d{4}年|今年|去年)?1-\d{1,2}月",
    r"近\d{1,2}年", r"近[一二三四五六七八九十]年",
    r"每年|每季度|每月|每周|每天|全年|目前|累计|年底前",
    r"\d{4}年",
)

# Suggested figure keys: the first row whose word is in the label wins, so the same kind
# of figure gets the same key in every unit. (word in label, key)
KEYS: tuple[tuple[str, str], ...] = (
    ("生产总值", "gdp"), ("GDP", "gdp"), ("增速", "growth"), ("增长", "growth"), ("增幅", "growth"), ("城镇化率", "urbanisation_rate"),
    ("常住人口", "population"), ("户籍人口", "registered_population"), ("出生人口", "births"),
    ("人口", "population"), ("投资", "investment"), ("贷款", "loans"), ("收入", "income"),
    ("人才", "talent"), ("项目", "projects"), ("企业", "enterprises"), ("民企", "enterprises"),
    ("社区", "communities"), ("活动", "activities"), ("基地", "bases"), ("平台", "platforms"),
    ("制度", "systems"), ("机制", "mechanisms"), ("标准", "standards"), ("网格", "grids"),
    ("服务站", "stations"), ("队伍", "teams"), ("会", "meetings"), ("面积", "area"),
    ("就业", "jobs"), ("游客", "visitors"), ("旅游", "visitors"), ("参观", "visitors"),
)

# When no word of KEYS is in the label: a key from the unit's kind.
UNIT_KEYS: dict[str, str] = {
    "%": "rate", "百分点": "change_points", "元": "amount", "美元": "amount_usd",
    "人": "people", "名": "people", "位": "people", "人次": "visits", "平方米": "area",
    "平方公里": "area", "亩": "area", "公顷": "area",
}
