"""Names of every unit: short forms, Traditional script, English (build-time only).

The rules, in the order they apply, with the tables they need. Everything here runs
when the catalogue is rebuilt (``python -m mapgen._geodata.regions``); the runtime reads
the finished table and never imports pypinyin or this module.
"""

from __future__ import annotations

from functools import cache

from .. import names

__all__ = ["short_name", "english_name", "pinyin_syllables", "romanise", "traditional", "ETHNIC"]

# The ethnic groups that appear in the names of autonomous units, longest first so that
# 布依族 is stripped before 依族 could be (there is none; the order still matters for 蒙古族).
ETHNIC = sorted("""
蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜
水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒
乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各
""".split(), key=lambda s: (-len(s), s))

PROVINCE_SHORT_EN = {
    110000: ("北京", "Beijing"), 120000: ("天津", "Tianjin"), 130000: ("河北", "Hebei"),
    140000: ("山西", "Shanxi"), 150000: ("内蒙古", "Inner Mongolia"), 210000: ("辽宁", "Liaoning"),
    220000: ("吉林", "Jilin"), 230000: ("黑龙江", "Heilongjiang"), 310000: ("上海", "Shanghai"),
    320000: ("江苏", "Jiangsu"), 330000: ("浙江", "Zhejiang"), 340000: ("安徽", "Anhui"),
    350000: ("福建", "Fujian"), 360000: ("江西", "Jiangxi"), 370000: ("山东", "Shandong"),
    410000: ("河南", "Henan"), 420000: ("湖北", "Hubei"), 430000: ("湖南", "Hunan"),
    440000: ("广东", "Guangdong"), 450000: ("广西", "Guangxi"), 460000: ("海南", "Hainan"),
    500000: ("重庆", "Chongqing"), 510000: ("四川", "Sichuan"), 520000: ("贵州", "Guizhou"),
    530000: ("云南", "Yunnan"), 540000: ("西藏", "Tibet"), 610000: ("陕西", "Shaanxi"),
    620000: ("甘肃", "Gansu"), 630000: ("青海", "Qinghai"), 640000: ("宁夏", "Ningxia"),
    650000: ("新疆", "Xinjiang"), 710000: ("台湾", "Taiwan"), 810000: ("香港", "Hong Kong"),
    820000: ("澳门", "Macao"),
}

# English forms that are not plain pinyin of the short name (conventional or non-Han names).
EN_FIXES = {
    "西安": "Xi'an", "呼和浩特": "Hohhot", "乌鲁木齐": "Urumqi", "拉萨": "Lhasa", "哈尔滨": "Harbin",
    "喀什": "Kashgar", "林芝": "Nyingchi", "山南": "Shannan", "那曲": "Nagqu",
    "昌都": "Qamdo", "阿里": "Ngari", "包头": "Baotou", "长治": "Changzhi", "朝阳": "Chaoyang",
    "长丰": "Changfeng", "蚌山": "Bengshan", "天长": "Tianchang", "涡阳": "Guoyang", "枞阳": "Zongyang",
    "六安": "Lu'an", "蚌埠": "Bengbu", "郫都": "Pidu", "吐鲁番": "Turpan", "和田": "Hotan",
    "阿克苏": "Aksu", "伊犁": "Ili", "阿勒泰": "Altay", "塔城": "Tacheng", "克孜勒苏": "Kizilsu",
    "博尔塔拉": "Bortala", "巴音郭楞": "Bayingolin", "哈密": "Hami", "克拉玛依": "Karamay",
    "大理": "Dali", "西双版纳": "Xishuangbanna", "德宏": "Dehong", "迪庆": "Diqing",
    "厦门": "Xiamen", "重庆": "Chongqing", "乐清": "Yueqing", "番禺": "Panyu", "莎车": "Yarkant",
    "铅山": "Yanshan", "东阿": "Dong'e", "六合": "Luhe", "单县": "Shanxian", "蔚县": "Yuxian",
}

# Prefectures whose English name is not pinyin (Mongolian, Tibetan, Uyghur names), by adcode
# because the same characters elsewhere are read as pinyin (兴安 152200 Hinggan, 兴安县 Xing'an).
EN_BY_ADCODE = {
    150600: "Ordos", 150700: "Hulunbuir", 150800: "Bayannur", 150900: "Ulanqab", 152200: "Hinggan",
    152500: "Xilingol", 152900: "Alxa", 230200: "Qiqihar", 232700: "Da Hinggan Ling", 540200: "Shigatse",
    632600: "Golog", 659002: "Aral", 659003: "Tumxuk",
}

# Short forms in common use that the suffix rules do not produce; they resolve as aliases.
EXTRA_ALIASES = {
    652800: ("巴州",), 652700: ("博州",), 653000: ("克州",), 654000: ("伊犁州",),
    532800: ("西双版纳州", "版纳"), 810000: ("香港特区", "HK"), 820000: ("澳门特区", "Macau"),
    710000: ("台湾省",), 150000: ("内蒙",),
}


def _strip_ethnic(base: str) -> str:
    changed = True
    while changed:
        changed = False
        for group in ETHNIC:
            for form in (group + "族", group):
                if base.endswith(form) and len(base) - len(form) >= 2:
                    base, changed = base[: -len(form)], True
                    break
            if changed:
                break
    return base


def base_name(name: str) -> tuple[str, str]:
    """Split a name into its stem and kind: 阿坝藏族羌族自治州 -> ('阿坝', '自治州').

    >>> base_name("阿坝藏族羌族自治州"), base_name("歙县"), base_name("锡林郭勒盟")
    (('阿坝', '自治州'), ('歙', '县'), ('锡林郭勒', '盟'))
    """
    for suffix in ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "新区",
                   "省", "市", "盟", "区", "县", "旗"):
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = _strip_ethnic(stem)
            return stem, suffix
    return name, ""


def short_name(name: str, adcode: int) -> str:
    """The form a label shows: 四川, 阿坝州, 西双版纳, 内蒙古, 白沙, 歙县, 土默特左旗.

    >>> short_name("阿坝藏族羌族自治州", 513200), short_name("西双版纳傣族自治州", 532800)
    ('阿坝州', '西双版纳')
    >>> short_name("瑶海区", 340102), short_name("歙县", 341021), short_name("鄂温克族自治旗", 150724)
    ('瑶海', '歙县', '鄂温克族自治旗')
    """
    if adcode in PROVINCE_SHORT_EN:
        return PROVINCE_SHORT_EN[adcode][0]
    stem, kind = base_name(name)
    if kind == "自治州":
        return stem if len(stem) >= 4 else stem + "州"
    if kind in ("旗", "自治旗") or len(stem) < 2 or kind == "新区":
        return name  # 土默特左旗, 歙县, 鄂伦春自治旗: the full name is the usual short form
    return stem


def pinyin_syllables(text: str) -> str:
    """Toneless syllables, space-separated, ü as v: 合肥 -> 'he fei' (stored in boundary files).

    >>> pinyin_syllables("六安"), pinyin_syllables("绿春")
    ('lu an', 'lv chun')
    """
    return " ".join(names.pinyin_syllables(text))


def romanise(stem: str, fixes: dict[str, str] = EN_FIXES) -> str:
    """A place name in pinyin as English prints it: one word, apostrophe before a, o, e.

    >>> romanise("西安", {}), romanise("田家庵"), romanise("绿春")
    ("Xi'an", "Tianjia'an", 'Luchun')
    """
    if stem in fixes:
        return fixes[stem]
    syllables = [s.replace("v", "u") for s in names.pinyin_syllables(stem)]
    word = syllables[0]
    for syl in syllables[1:]:
        word += ("'" if syl[:1] in ("a", "o", "e") else "") + syl  # Xi'an, not Xian
    return word[:1].upper() + word[1:]


def english_name(name: str, adcode: int) -> str:
    """English name as used in English texts: Inner Mongolia, Xi'an, Aba, Shexian.

    >>> english_name("陕西省", 610000), english_name("西安市", 610100), english_name("歙县", 341021)
    ('Shaanxi', "Xi'an", 'Shexian')
    """
    if adcode in PROVINCE_SHORT_EN:
        return PROVINCE_SHORT_EN[adcode][1]
    if adcode in EN_BY_ADCODE:
        return EN_BY_ADCODE[adcode]
    stem, kind = base_name(name)
    if kind in ("旗", "自治旗") or len(stem) < 2:
        # 歙县 -> Shexian, 土默特左旗 -> Tumotezuoqi: the kind word is part of the name
        stem = name.replace("自治旗", "旗").replace("族旗", "旗")  # 鄂温克族自治旗 -> Ewenkeqi
    return romanise(stem)


@cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")  # not s2tw: no Taiwan vocabulary


def traditional(text: str) -> str:
    """OpenCC s2t: 阿坝 -> 阿壩."""
    return _s2t().convert(text)
