"""The one adapter between what the pipeline builds and what the image renderers draw.

Everything else in ``mapgen.image`` reads only :class:`Drawing`. When the pipeline's
renderer-neutral scene changes, only :func:`from_scene` follows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import MapgenError
from ..i18n import KEY

__all__ = ["Unit", "Context", "LegendItem", "Inset", "Drawing", "from_scene", "find_unit", "states"]


@dataclass(frozen=True)
class Unit:
    adcode: int
    name: str  # full name in the build language
    short: str
    names: dict  # the three-language full name, for the card
    label: tuple[float, float]  # lon, lat: a point inside the polygon
    fill: str | None  # None: no data
    geometry: object  # shapely (Multi)Polygon, lon/lat
    marker: str  # the headline figure as the label shows it, or ""
    theme: str
    headline: str
    summary: str
    figures: tuple[tuple[str, str, str], ...]  # (value text, what it counts, period)
    main: object = None  # the geometry less the islands a national map's inset shows, if it has such parts

    @property
    def main_geometry(self):
        """What the main map draws of this unit."""
        return self.geometry if self.main is None else self.main


@dataclass(frozen=True)
class Context:
    adcode: int
    name: str
    label: tuple[float, float]
    geometry: object


@dataclass(frozen=True)
class LegendItem:
    color: str
    label: str
    count: str
    no_data: bool


@dataclass(frozen=True)
class Inset:
    """The 南海诸岛 inset of a map of all China (see :class:`mapgen.scene.Inset`), in the build language."""

    extent: tuple[float, float, float, float]  # west, south, east, north
    caption: str
    lines: tuple  # the ten dashes, each a sequence of [lon, lat]
    islands: tuple  # one [lon, lat] dot per group of islands
    units: tuple[int, ...]  # the map's units that reach into the frame
    styles: dict  # land / islands / line: {"color", "weight"}, as the page strokes them



@dataclass(frozen=True)
class Drawing:
    lang: str
    units: tuple[Unit, ...]
    context: tuple[Context, ...]
    legend_title: str
    legend: tuple[LegendItem, ...]
    texts: dict  # title, dek, source, note, boundary, keyFigures, noRecord, noFigures
    bounds: tuple[float, float, float, float]  # lon/lat of the units' main body: minx, miny, maxx, maxy
    states: dict
    inset: Inset | None = None


def states() -> dict:
    """The drawing states (Leaflet path options): the table the page uses, so the two cannot drift."""
    from ..style import STATES

    return STATES


def from_scene(page) -> Drawing:
    """Turn the pipeline's :class:`mapgen.scene.Scene` into what the image renderers draw."""
    k = KEY[page.lang]
    p, text = page.payload, page.payload["text"]
    shapes = _shapes(page.topology)
    units = []
    for c in p["cities"]:
        rec = c["record"]
        figs = tuple((f["text"][k], (f["label"] or {}).get(k, ""), (f["period"] or {}).get(k, ""))
                     for f in (rec["figures"] if rec else ()))
        units.append(Unit(
            adcode=c["adcode"], name=c["name"][k], short=c["short"][k], names=c["name"],
            label=tuple(c["label"]), fill=c["color"], geometry=shapes["cities"][c["adcode"]],
            marker=(rec["marker"] or {}).get(k, "") if rec else "",
            theme=p["themes"][rec["themeIndex"]][k] if rec else "", headline=rec["headline"][k] if rec else "",
            summary=(rec["summary"] or {}).get(k, "") if rec else "", figures=figs))
    context = tuple(Context(n["adcode"], n["short"][k], tuple(n["label"]), shapes["neighbours"][n["adcode"]])
                    for n in p["neighbours"] if n["adcode"] in shapes.get("neighbours", {}))
    legend = tuple(LegendItem(color, item[k], count[k], no_data) for color, item, count, no_data in zip(
        page.legend_colors, text["legendItems"], text["legendCounts"], page.legend_no_data))
    (lat0, lon0), (lat1, lon1) = p["bounds"]
    ui = text["ui"]
    texts = {
        "title": text["title"][k], "dek": (text["dek"] or {}).get(k, ""),
        "source": text["sourceLine"][k], "note": (text["dataNote"] or {}).get(k, ""),
        "boundary": text["boundaryNote"][k],
        "keyFigures": ui["keyFigures"][k], "noRecord": ui["noRecord"][k], "noFigures": ui["noFigures"][k],
    }
    inset = _inset(page, k)
    bounds = (lon0, lat0, lon1, lat1)
    if inset:
        units = _without_inset_islands(units, inset)
        bounds = _bounds([u.main_geometry for u in units])
    return Drawing(page.lang, tuple(units), context, text["legendTitle"][k], legend, texts, bounds, states(), inset)


_DECODED: list = []  # [(topology, shapes)]: the last scene's, kept while it is drawn in several formats


def _shapes(topology: dict) -> dict:
    """The scene's geometry decoded once, however many images are drawn from the same scene."""
    from .geometry import decode_page_topology

    if _DECODED and _DECODED[0][0] is topology:
        return _DECODED[0][1]
    shapes = decode_page_topology(topology)
    _DECODED[:] = [(topology, shapes)]
    return shapes


def _inset(page, k: str) -> Inset | None:
    """The scene's inset (a map of all China), or None."""
    scene_inset = getattr(page, "inset", None)
    if scene_inset is None:
        return None
    return Inset(tuple(scene_inset.extent), scene_inset.caption[k], tuple(scene_inset.lines),
                 tuple(scene_inset.islands), tuple(scene_inset.units),
                 scene_inset.styles)


def _bounds(geometries) -> tuple[float, float, float, float]:
    import shapely

    return tuple(float(v) for v in shapely.total_bounds([g for g in geometries if not g.is_empty]))


def _without_inset_islands(units: list[Unit], inset: Inset) -> list[Unit]:
    """The units with the islands the inset shows left out of what the main map draws, so the
    main map reaches Hainan's southern tip, not 曾母暗沙 at 3.9 N. A part of a unit is one of
    those islands when it lies within a few kilometres of one of the inset's island dots."""
    import dataclasses

    import numpy as np
    import shapely

    if not inset.islands:
        return units
    dots = shapely.STRtree(shapely.points(np.asarray(inset.islands, dtype=float)))
    out = []
    for u in units:
        parts = shapely.get_parts(u.geometry)
        near = np.zeros(len(parts), dtype=bool)
        near[dots.query(parts, predicate="dwithin", distance=_ISLAND_REACH)[0]] = True  # (np.unique would import numpy.ma)
        if near.any():  # a unit all of such islands (三沙) is drawn in the inset alone
            u = dataclasses.replace(u, main=shapely.multipolygons(parts[~near]))
        out.append(u)
    return out


_ISLAND_REACH = 0.15  # degrees: an island dot stands for the reefs of its 0.1-degree cell


def find_unit(drawing: Drawing, query) -> Unit:
    """The unit named by ``query``: an adcode, or a name in any of its forms (合肥, 合肥市, Hefei).

    Raises
    ------
    MapgenError
        If no unit or more than one matches; the message lists the units.
    """
    from ..i18n import hant

    q = str(query).strip()
    norm = q.lower().replace(" ", "").replace("'", "")

    def forms(u: Unit) -> set[str]:
        out = {str(u.adcode), u.name, u.short}
        for v in u.names.values():
            out |= {v, hant(v)}
        out |= {f.lower().replace(" ", "").replace("'", "") for f in out}
        return out | {f.removesuffix("市").removesuffix("city") for f in out}

    hits = [u for u in drawing.units if q in forms(u) or norm in forms(u)]
    if len(hits) == 1:
        return hits[0]
    listing = ", ".join(f"{u.adcode} {u.names['zh']} ({u.names['en']})" for u in drawing.units)
    what = "matches more than one unit" if hits else "is not a unit of this map"
    raise MapgenError(f"--unit {q!r} {what}; give one of: {listing}")
