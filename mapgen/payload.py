"""Stage 5a: turn the joined, styled records into what the page needs.

The result is plain JSON-able data: it reaches the browser only through
``tojson`` and the DOM only through ``textContent``. The server-side templates
print the same texts, autoescaped, for readers without JavaScript. No HTML is
built here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .i18n import HTML_LANG, KEY, tri, ui_strings
from .records import City, Dataset, Figure
from .style import Style, theme_colors
from .units import format_en_short

__all__ = ["PageData", "page_data", "slug"]


@dataclass(frozen=True)
class PageData:
    """Everything the page template and script receive.

    ``payload`` and ``topology`` go to the script as JSON; the rest is what
    the templates print in the build language ``lang``.
    """

    lang: str
    map_id: str
    payload: dict
    topology: dict
    theme_colors: list[str]
    legend_colors: list[str]
    legend_no_data: list[bool]
    snapshot: dict | None = None  # mapgen.changes.snapshot of the data, for the next build's change report

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]

    def t(self, text: dict | None) -> str:
        """A three-language text in the build language."""
        return "" if text is None else text[KEY[self.lang]]

    @property
    def text(self) -> dict:
        return self.payload["text"]


def slug(name_en: str) -> str:
    """URL-friendly English name: Ma'anshan -> maanshan."""
    return re.sub(r"[^a-z0-9]+", "", name_en.lower())


def _figure(f: Figure) -> dict:
    return {
        "text": {"zh": f.text_zh, "hant": tri(f.text_zh)["hant"], "en": f.text_en},
        "label": tri(f.label, f.label_en), "period": tri(f.period, f.period_en),
    }


def _record(city: City, data: Dataset, marker_key: str | None) -> dict:
    theme_index = [t.key for t in data.themes].index(city.theme)
    theme = data.themes[theme_index]
    # The marker shows the headline figure, or, on a map coloured by a figure, that
    # figure (and nothing where the city lacks it), so labels and colours agree.
    key = marker_key or city.headline_figure
    head = city.figure(key) if key else None
    return {
        "themeIndex": theme_index,
        "themeName": tri(theme.name, theme.name_en),
        "headline": tri(city.headline, city.headline_en),
        "summary": tri(city.summary, city.summary_en),
        # the marker carries the same figure, in English in a form short enough for a label
        "marker": {**_figure(head)["text"], "en": format_en_short(head.value, head.unit, head.qualifier)}
        if head else None,
        "markerAmount": head.amount if head else None,  # for sorting the list
        "figures": [_figure(f) for f in city.figures],
    }


def _pinyin(row) -> tuple[str, str]:
    # The shipped boundaries carry the syllables; a supplied file may not.
    stored = row.get("pinyin")
    if isinstance(stored, str) and stored:
        syllables = stored.split()
    else:
        from pypinyin import lazy_pinyin  # 0.25 s to load its dictionary: only when needed

        syllables = lazy_pinyin(row["short"])
    return "".join(syllables), "".join(s[0] for s in syllables)


def _place(code, row) -> dict:
    pinyin, initials = _pinyin(row)
    return {
        "adcode": int(code), "slug": slug(row["name_en"]),
        "name": tri(row["name"], row["name_en"]), "short": tri(row["short"], row["name_en"]),
        "pinyin": pinyin, "initials": initials,
        "label": [float(row["label_lon"]), float(row["label_lat"])],
    }


def page_data(data: Dataset, joined, neighbours, topology: dict, style: Style, *, map_id: str,
              lang: str = "zh-Hans", title: str | None = None, topology_meta: dict | None = None,
              hash_prefix: str = "") -> PageData:
    """Collect the page's data; ``joined`` is the join frame, sorted by adcode."""
    src, page = data.source, data.page
    ui = ui_strings()
    attribution = (topology_meta or {}).get("attribution") or "Boundaries: source not recorded"
    source_line = {k: ui["source"][k].format(
        publication=src.publication_en or src.publication if k == "en" else src.publication,
        date=src.date,
        supplier=src.supplier_en or src.supplier if k == "en" else src.supplier) for k in ("zh", "en")}
    text = {
        "title": tri(title or page.title, title or page.title_en),
        "dek": tri(page.dek, page.dek_en),
        "sourceLine": tri(source_line["zh"], source_line["en"]),
        "dataNote": tri(src.note, src.note_en),
        "boundaryNote": {k: v.format(attribution=attribution.rstrip(".")) for k, v in ui["boundaryNote"].items()},
        "legendTitle": tri(style.title, style.title_en),
        "legendItems": [tri(e.label, e.label_en) for e in style.legend],
        "legendCounts": [{k: v.format(n=e.count) for k, v in ui["count"].items()} for e in style.legend],
        "updates": [{"date": u.date, "note": tri(u.note, u.note_en)} for u in data.updates],
        "ui": {k: v for k, v in ui.items() if k not in ("source", "boundaryNote", "count")},
    }
    marker_key = None if style.mode == "theme" else style.mode
    cities = []
    for code, row in joined.iterrows():
        rec = row["record"]
        cities.append({
            **_place(code, row),
            "area": float(row["area_km2"]),
            "color": style.colors.get(int(code)),
            "record": _record(rec, data, marker_key) if rec is not None else None,
        })
    minx, miny, maxx, maxy = (float(v) for v in joined.total_bounds)
    payload = {
        "mapId": map_id, "lang": lang, "hashPrefix": hash_prefix,
        "attribution": attribution,
        "bounds": [[round(miny, 5), round(minx, 5)], [round(maxy, 5), round(maxx, 5)]],
        "cities": cities,
        "neighbours": [_place(c, r) for c, r in neighbours.iterrows()],
        "text": text,
    }
    return PageData(
        lang=lang, map_id=map_id, payload=payload, topology=topology,
        theme_colors=theme_colors(data), legend_colors=[e.color for e in style.legend],
        legend_no_data=[e.no_data for e in style.legend],
    )
