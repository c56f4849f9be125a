"""Which units go into ``geodata/`` and what they are called.

Adcodes follow GB/T 2260. City and province names are fixed here rather than read from the
source, so a replacement boundary file only has to supply geometry keyed by adcode.
County names come from the source (they change more often) and get a pinyin English name.
"""

from __future__ import annotations

from dataclasses import dataclass

from .names_cn import pinyin_syllables, romanise

__all__ = [
    "PROVINCE",
    "CITIES",
    "NEIGHBOURS",
    "Names",
    "short_name",
    "county_name_en",
    "parent_city",
]

PROVINCE = 340000


@dataclass(frozen=True)
class Names:
    """The names of one unit, as shipped in the TopoJSON properties."""

    name: str
    short: str
    name_en: str


def _table(rows: str) -> dict[int, Names]:
    out = {}
    for row in rows.strip().splitlines():
        code, name, en = row.split()
        out[int(code)] = Names(name=name, short=short_name(name), name_en=en)
    return out


def short_name(name: str) -> str:
    """Drop the administrative suffix (市, 省, 区, 县) when two or more characters remain.

    >>> short_name("合肥市"), short_name("江苏省"), short_name("歙县"), short_name("瑶海区")
    ('合肥', '江苏', '歙县', '瑶海')
    """
    for suffix in ("市", "省", "区", "县"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


# In adcode order; English names as used by the provincial government.
CITIES: dict[int, Names] = _table("""
340100 合肥市 Hefei
340200 芜湖市 Wuhu
340300 蚌埠市 Bengbu
340400 淮南市 Huainan
340500 马鞍山市 Ma'anshan
340600 淮北市 Huaibei
340700 铜陵市 Tongling
340800 安庆市 Anqing
341000 黄山市 Huangshan
341100 滁州市 Chuzhou
341200 阜阳市 Fuyang
341300 宿州市 Suzhou
341500 六安市 Lu'an
341600 亳州市 Bozhou
341700 池州市 Chizhou
341800 宣城市 Xuancheng
""")

NEIGHBOURS: dict[int, Names] = _table("""
320000 江苏省 Jiangsu
330000 浙江省 Zhejiang
360000 江西省 Jiangxi
370000 山东省 Shandong
410000 河南省 Henan
420000 湖北省 Hubei
""")

# pypinyin reads these polyphonic characters the common way, not the place-name way.
_PINYIN_FIXES = {
    "长丰": "Changfeng",
    "蚌山": "Bengshan",
    "天长": "Tianchang",
    "涡阳": "Guoyang",
    "枞阳": "Zongyang",
    "六安": "Lu'an",
    "蚌埠": "Bengbu",
}


def parent_city(adcode: int) -> int:
    """Return the prefecture-level adcode a county-level adcode belongs to.

    >>> parent_city(340181)
    340100
    """
    return adcode // 100 * 100


def county_name_en(name: str) -> str:
    """Romanise a county name: pinyin of the short name, with the apostrophe rule.

    Single-character counties keep 县 as "xian" (歙县 -> Shexian), the usual map form.

    >>> county_name_en("田家庵区"), county_name_en("歙县"), county_name_en("长丰县")
    ("Tianjia'an", 'Shexian', 'Changfeng')
    """
    return romanise(short_name(name), _PINYIN_FIXES)

