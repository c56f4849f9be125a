"""Stage 5: turn the joined, styled records into the scene every renderer draws.

The result is plain JSON-able data: it reaches the browser only through
``tojson`` and the DOM only through ``textContent``. The server-side templates
print the same texts, autoescaped, for readers without JavaScript. No HTML is
built here.
"""

from __future__ import annotations

import re

from .boundaries import Place
from .i18n import languages_payload, tri, ui_strings
from .join import Joined
from .names import pinyin_syllables
from .records import City, Dataset, Figure
from .scene import ImageSpec, Inset, Scene, Tiles, view_options
from .style import STATES, Style, theme_colors
from .units import UNITS, format_en_short

# How the page copes with many units, applied by its script: above `denseUnits` a unit is
# labelled only when it is big enough on the screen for its name (templates/js/labels.js),
# and search lists at most `searchHits` matches, then says how many more (search.js).
CROWD = {"denseUnits": 60, "searchHits": 50}

__all__ = ["page_data", "slug"]


def slug(name_en: str) -> str:
    """URL-friendly English name: Ma'anshan -> maanshan."""
    return re.sub(r"[^a-z0-9]+", "", name_en.lower())


def _figure(f: Figure) -> dict:
    return {
        "text": {"zh": f.text_zh, "hant": tri(f.text_zh)["hant"], "en": f.text_en},
        "label": tri(f.label, f.label_en), "period": tri(f.period, f.period_en),
    }


# Words that end the noun phrase an English figure label starts with: "private
# firms paired with villages" -> "firms"; "people helped with ..." -> "people".
_PHRASE_END = re.compile(r"^(?:of|with|in|by|for|from|to|at|on|already|that|who|which|\w+ed)$")
# Units whose English noun says little (a bare count), or differs with what is
# counted: 人次 is "visits" at a museum but people for people helped.
_GENERIC = ("人次", "万人次")


def label_noun(label_en: str | None) -> str | None:
    """The head noun of an English figure label, for a map label's figure.

    >>> label_noun("private firms paired with villages")
    'firms'
    >>> label_noun("national, provincial and municipal education bases")
    'bases'
    >>> label_noun("people helped with practical problems")
    'people'
    """
    words = re.sub(r"\(.*?\)|[\"“”,]", " ", label_en or "").split()
    head = []
    for w in words:
        if head and _PHRASE_END.match(w.lower()):
            break
        head.append(w)
    noun = head[-1].lower() if head else ""
    return noun if re.fullmatch(r"[a-z][a-z-]*s|people", noun) else None


def marker_en(f: Figure) -> str:
    """The figure of a map label in English, with its noun: "412 firms", not "412".

    A bare count (个, 家) or a count of person-times (人次) takes its noun from
    what the figure counts; other units keep their own ("48.04 bn yuan").
    """
    text = format_en_short(f.value, f.unit, f.qualifier)
    unit = UNITS[f.unit]
    if unit.percent or (unit.plural_en and f.unit not in _GENERIC):
        return text
    noun = label_noun(f.label_en)
    if not noun:
        return text
    if unit.plural_en and text.endswith(" " + unit.plural_en):
        text = text[: -len(unit.plural_en) - 1]
    elif unit.noun_en and text.endswith(" " + unit.noun_en):
        text = text[: -len(unit.noun_en) - 1]
    return f"{text} {noun}"


def _record(city: City, data: Dataset, marker_key: str | None) -> dict:
    theme_index = [t.key for t in data.themes].index(city.theme)
    # The marker shows the headline figure, or, on a map coloured by a figure, that
    # figure (and nothing where the city lacks it), so labels and colours agree.
    key = marker_key or city.headline_figure
    head = city.figure(key) if key else None
    return {
        "themeIndex": theme_index,  # its name is payload.themes[themeIndex], said once, not on every unit
        "headline": tri(city.text("headline"), city.text("headline_en", "en")),
        "summary": tri(city.text("summary"), city.text("summary_en", "en")),
        # the marker carries the same figure, in English in a form short enough for a label
        "marker": {**_figure(head)["text"], "en": marker_en(head)} if head else None,
        # for sorting the list: by amount within a unit
        "markerAmount": head.amount if head else None,
        "markerUnit": head.unit if head else None,
        "figures": [_figure(f) for f in city.figures],
    }


def _pinyin(place: Place) -> tuple[str, str]:
    # The shipped boundaries carry the syllables; a supplied file may not.
    syllables = place.pinyin.split() if place.pinyin else pinyin_syllables(place.short)
    return "".join(syllables), "".join(s[0] for s in syllables)


def _place(place: Place) -> dict:
    pinyin, initials = _pinyin(place)
    return {
        "adcode": place.adcode, "slug": slug(place.name_en),
        "name": tri(place.name, place.name_en), "short": tri(place.short, place.name_en),
        "pinyin": pinyin, "initials": initials,
        "label": list(place.label),
    }


def page_data(data: Dataset, rows: tuple[Joined, ...], context: tuple[Place, ...], topology: dict, style: Style, *,
              map_id: str, bbox: tuple[float, float, float, float],
              view_bbox: tuple[float, float, float, float] | None = None, lang: str = "zh-Hans",
              title: str | None = None,
              topology_meta: dict | None = None, hash_prefix: str = "", tiles: Tiles | None = None,
              frame_src: str = "map.html", image: ImageSpec | None = None, inset: dict | None = None) -> Scene:
    """Collect the page's data; ``rows`` are the joined units, sorted by adcode.

    ``bbox`` is the units' extent; ``view_bbox`` the part of it the map opens on
    (without far-flung islands; default ``bbox``).
    """
    src, page = data.source, data.page
    ui = ui_strings(data.region.level, [row.place.name for row in rows])
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
        "legendCounts": [{k: "" if e.named else v.format(n=e.count) for k, v in ui["count"].items()}
                         for e in style.legend],
        "updates": [{"date": u.date, "note": tri(u.note, u.note_en)} for u in data.updates],
        "ui": {k: v for k, v in ui.items() if k not in ("source", "boundaryNote", "count", "inset")},
    }
    marker_key = None if style.mode == "theme" else style.mode
    cities = []
    for row in rows:
        cities.append({
            **_place(row.place),
            "area": row.place.area_km2,
            "color": style.colors.get(row.adcode),
            "record": _record(row.record, data, marker_key) if row.record is not None else None,
        })
    minx, miny, maxx, maxy = view_bbox or bbox
    payload = {
        "mapId": map_id, "lang": lang, "hashPrefix": hash_prefix,
        "attribution": attribution,
        "bounds": [[round(miny, 5), round(minx, 5)], [round(maxy, 5), round(maxx, 5)]],
        "cities": cities,
        "themes": [tri(t.name, t.name_en) for t in data.themes],
        "neighbours": [_place(p) for p in context],
        "text": text,
        # the page script applies these; they are defined once, in Python
        "styles": {state: dict(options) for state, options in STATES.items()},
        "crowd": dict(CROWD),
        "languages": languages_payload(),
    }
    scene_inset = None
    if inset is not None:  # a map of all China: the 南海诸岛 inset, captioned in every language
        scene_inset = Inset(extent=tuple(inset["extent"]), caption=ui["inset"], lines=tuple(inset["lines"]),
                            islands=tuple(inset["islands"]), units=tuple(inset["units"]))
        payload["inset"] = scene_inset.as_json()
        text["inset"] = ui["inset"]
    return Scene(
        lang=lang, map_id=map_id, payload=payload, topology=topology,
        theme_colors=theme_colors(data), legend_colors=[e.color for e in style.legend],
        legend_no_data=[e.no_data for e in style.legend], legend=style.legend,
        view=view_options(bbox, view_bbox), tiles=tiles, src=frame_src, image=image, inset=scene_inset,
    )
