"""Stage 5a: turn the joined, styled records into what the page needs.

The result is plain JSON-able data (it reaches the browser only through
``tojson``) plus the few strings the server-side templates print. No HTML is
built here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import City, Dataset
from .style import Style, theme_colors
from .units import QUALIFIERS

__all__ = ["PageData", "page_data", "STRINGS"]

STRINGS = {
    "zh-Hans": {
        "close": "关闭",
        "legend": "图例",
        "keyFigures": "关键数字",
        "noRecord": "本报道未涉及该市举措",
        "noFigures": "原文未报道具体数字。",
        "count": "{n}市",
        "source": "来源：{publication}，{date}；文字由{supplier}提供。",
        "boundaryNote": "{attribution}。地图边界仅供示意，不是经审核批准的标准地图（无审图号）。",
        "software": "地图由 mapgen 生成；Leaflet 1.9.3 © Vladimir Agafonkin，BSD-2-Clause 许可。",
        "updates": "更正记录：",
    },
    "en": {
        "close": "Close",
        "legend": "Legend",
        "keyFigures": "Key figures",
        "noRecord": "The report names no initiative for this city",
        "noFigures": "The source reports no figures for this city.",
        "count": "{n}",
        "source": "Source: {publication}, {date}; text supplied by the {supplier}.",
        "boundaryNote": "{attribution}. The boundaries are illustrative, not an approved standard map.",
        "software": "Map made with mapgen; Leaflet 1.9.3 © Vladimir Agafonkin, BSD-2-Clause licence.",
        "updates": "Corrections:",
    },
}


@dataclass(frozen=True)
class PageData:
    """Everything the page template and script receive."""

    lang: str
    title: str
    dek: str
    strings: dict
    legend_title: str
    legend: list[dict]
    theme_colors: list[str]
    updates: list[dict]
    payload: dict  # to the script as JSON
    topology: dict  # to the script as JSON, in a block of its own


def slug(name_en: str) -> str:
    """URL-friendly English name: Ma'anshan -> maanshan."""
    return re.sub(r"[^a-z0-9]+", "", name_en.lower())


def _figure(f) -> dict:
    q = QUALIFIERS.get(f.qualifier or "", ("", ""))
    return {
        "key": f.key, "value": f.value, "unit": f.unit, "qualifier": f.qualifier, "qualifier_en": q[1] or None,
        "text": f.text_zh, "text_en": f.text_en,
        "label": f.label, "label_en": f.label_en or f.label,
        "period": f.period, "period_en": f.period_en or f.period,
    }


def _record(city: City, data: Dataset) -> dict:
    theme_index = [t.key for t in data.themes].index(city.theme)
    theme = data.themes[theme_index]
    head = city.figure(city.headline_figure) if city.headline_figure else None
    return {
        "theme": city.theme, "themeIndex": theme_index,
        "themeName": theme.name, "themeName_en": theme.name_en,
        "headline": city.headline, "headline_en": city.headline_en,
        "summary": city.summary, "summary_en": city.summary_en,
        "marker": head.text_zh if head else None, "marker_en": head.text_en if head else None,
        "figures": [_figure(f) for f in city.figures],
    }


def page_data(data: Dataset, joined, neighbours, topology: dict, style: Style, *, map_id: str,
              map_var: str, lang: str = "zh-Hans", title: str | None = None, hash_prefix: str = "",
              topology_meta: dict | None = None) -> PageData:
    """Collect the page's data; ``joined`` is the join frame, sorted by adcode."""
    en = lang == "en"
    topology_meta = topology_meta or {}
    src = data.source
    strings = dict(STRINGS["en" if en else "zh-Hans"])
    strings["sourceLine"] = strings.pop("source").format(
        publication=(src.publication_en or src.publication) if en else src.publication,
        date=src.date,
        supplier=(src.supplier_en or src.supplier) if en else src.supplier,
    )
    strings["dataNote"] = (src.note_en or src.note) if en else src.note
    # The boundary file names its own source, so a replaced source is credited correctly.
    attribution = topology_meta.get("attribution") or "Boundaries: source not recorded"
    strings["attribution"] = attribution
    strings["boundaryNote"] = strings["boundaryNote"].format(attribution=attribution.rstrip("."))
    cities = []
    for code, row in joined.iterrows():
        rec = row["record"]
        cities.append({
            "adcode": int(code), "name": row["name"], "short": row["short"], "name_en": row["name_en"],
            "short_en": row["name_en"], "slug": slug(row["name_en"]),
            "label": [float(row["label_lon"]), float(row["label_lat"])],
            "area": float(row["area_km2"]),
            "color": style.colors.get(int(code)),
            "record": _record(rec, data) if rec is not None else None,
        })
    minx, miny, maxx, maxy = (float(v) for v in joined.total_bounds)
    payload = {
        "mapId": map_id, "mapVar": map_var, "lang": lang, "hashPrefix": hash_prefix,
        "bounds": [[round(miny, 5), round(minx, 5)], [round(maxy, 5), round(maxx, 5)]],
        "cities": cities,
        "neighbours": [{"adcode": int(c), "name": r["name"], "short": r["short"], "name_en": r["name_en"],
                        "short_en": r["name_en"], "label": [float(r["label_lon"]), float(r["label_lat"])]}
                       for c, r in neighbours.iterrows()],
        "strings": strings,
    }
    count = strings["count"]
    legend = [{"color": e.color, "text": e.label_en if en else e.label, "count": e.count,
               "count_text": count.format(n=e.count), "no_data": e.no_data} for e in style.legend]
    return PageData(
        lang=lang,
        title=title or ((data.page.title_en or data.page.title) if en else data.page.title),
        dek=(data.page.dek_en or data.page.dek) if en else data.page.dek,
        strings=strings,
        legend_title=style.title_en if en else style.title,
        legend=legend,
        theme_colors=theme_colors(data),
        updates=[{"date": u.date, "note": (u.note_en or u.note) if en else u.note} for u in data.updates],
        payload=payload,
        topology=topology,
    )
