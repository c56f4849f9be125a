"""Stage 4: colour each city, by theme (categorical) or by a figure (classified).

Theme colours come from Paul Tol's "light" scheme, designed for filled areas
with dark labels on top and distinguishable under the common colour-vision
deficiencies. Numeric figures are classified (:mod:`mapgen.classify`, as mapclassify
classifies them) into a sequential scheme (ColorBrewer YlGnBu, also colour-blind safe); cities without
the figure get a distinct "no data" style and legend entry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import MapgenError
from .join import Joined
from .records import Dataset
from .units import parse_unit

__all__ = ["Style", "LegendEntry", "NAMED_NO_DATA", "no_data_entry", "theme_colors", "style_by_theme",
           "style_by_figure", "states_css", "SCHEMES", "STATES", "THEME_PALETTE", "INSET_STYLES"]

THEME_PALETTE = ("#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33")
SEQUENTIAL = {
    1: ("#41b6c4",),
    2: ("#a1dab4", "#225ea8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
}
# How a region is drawn in each state, as Leaflet path options. Defined here
# only: the page script applies them (payload["styles"]) and the page's CSS
# for the no-data swatch and keyboard focus is made from them (states_css).
STATES = {
    # a city with data; its fillColor is its class colour
    "normal": {"color": "#ffffff", "weight": 1.2, "opacity": 1, "fillOpacity": 0.92, "dashArray": None},
    "noData": {"color": "#767676", "weight": 1, "opacity": 1, "fillColor": "#f4f4f4", "fillOpacity": 1,
               "dashArray": "4 3"},
    # laid over the resting style while the pointer is on a city
    "hover": {"color": "#333333", "weight": 2.5},
    # the selected city's outline, a layer of its own on top
    "selected": {"color": "#111111", "weight": 3.5, "opacity": 1, "fill": False, "dashArray": None},
    # the city with keyboard focus (CSS :focus-visible); its colour is every focus ring of the page
    "focus": {"color": "#0b5cad", "weight": 5, "dashArray": None},
    # neighbouring regions, drawn as grey context
    "context": {"color": "#ffffff", "weight": 1, "opacity": 1, "fillColor": "#e3e3e0", "fillOpacity": 1},
}
NO_DATA = STATES["noData"]["fillColor"]
# The 南海诸岛 inset (mapgen.scene.Inset): unit borders, island dots and the ten dashes, in
# pixels whatever the inset's size; units are filled as on the main map.
INSET_STYLES = {
    "land": {"color": "#ffffff", "weight": 0.5},
    "islands": {"color": "#3b3b3b", "weight": 1.6},
    "line": {"color": "#3b3b3b", "weight": 1.3},
}
SCHEMES = ("quantiles", "natural_breaks", "equal_interval", "user")


def _svg(options: dict) -> str:
    """Leaflet path options as the SVG properties Leaflet sets from them."""
    props = {"color": "stroke", "weight": "stroke-width", "opacity": "stroke-opacity", "dashArray": "stroke-dasharray"}
    out = []
    for name, prop in props.items():
        if name in options:
            value = options[name]
            out.append(f"{prop}:{'none' if value is None else f'{value}px' if name == 'weight' else value}")
    return ";".join(out)


def states_css(scope: str) -> str:
    """The CSS that draws states outside the script: the legend's no-data
    swatch, a city with keyboard focus, and the page's focus rings.

    >>> print(states_css("#m"))  # doctest: +NORMALIZE_WHITESPACE
    #m{--mg-accent:#0b5cad}
    #m .mg-legend .mg-sw-nodata{background:#f4f4f4;border:1px dashed #767676}
    #m path.leaflet-interactive:focus-visible{stroke:#0b5cad;stroke-width:5px;stroke-dasharray:none}
    """
    no_data, focus = STATES["noData"], STATES["focus"]
    return "\n".join([
        f"{scope}{{--mg-accent:{focus['color']}}}",
        f"{scope} .mg-legend .mg-sw-nodata{{background:{no_data['fillColor']};"
        f"border:1px {'dashed' if no_data.get('dashArray') else 'solid'} {no_data['color']}}}",
        f"{scope} path.leaflet-interactive:focus-visible{{{_svg(focus)}}}",
    ])


@dataclass(frozen=True)
class LegendEntry:
    color: str
    label: str
    label_en: str
    count: int
    no_data: bool = False
    named: bool = False  # the label names its units (台湾省资料暂缺): the page shows no count beside it


# At most this many units without data are named in the legend's no-data entry; more are counted.
NAMED_NO_DATA = 3


def no_data_entry(missing: list, label: str, label_en: str, suffix: str, suffix_en: str) -> LegendEntry | None:
    """The legend's entry for the units in ``missing`` (places): named when they are few.

    ``label``/``label_en`` is the counted form; a few units are named with ``suffix``
    (a 中国 map lacking 台湾省 says 台湾省资料暂缺, in English "Taiwan: no data").

    >>> from mapgen.boundaries import Place
    >>> tw = Place(710000, "台湾省", "台湾", "Taiwan", (121.0, 23.7))
    >>> e = no_data_entry([tw], "未报道举措", "No initiative reported", "资料暂缺", "no data")
    >>> e.label, e.label_en, e.count, e.named
    ('台湾省资料暂缺', 'Taiwan: no data', 1, True)
    >>> no_data_entry([tw] * 4, "未报道举措", "No initiative reported", "资料暂缺", "no data").label
    '未报道举措'
    """
    if not missing:
        return None
    if len(missing) <= NAMED_NO_DATA:
        return LegendEntry(NO_DATA, "、".join(p.name for p in missing) + suffix,
                           ", ".join(p.name_en for p in missing) + ": " + suffix_en, len(missing),
                           no_data=True, named=True)
    return LegendEntry(NO_DATA, label, label_en, len(missing), no_data=True)


@dataclass(frozen=True)
class Style:
    """Colours per adcode and the legend that explains them."""

    mode: str  # "theme" or the figure key
    title: str
    title_en: str
    colors: dict[int, str]  # adcode -> fill colour; absent = no data
    legend: tuple[LegendEntry, ...]
    warnings: tuple[str, ...] = ()  # what an editor should know before publishing this colouring


def theme_colors(data: Dataset) -> list[str]:
    """The colour of each theme, in the order of ``data.themes``."""
    return [t.color or THEME_PALETTE[i % len(THEME_PALETTE)] for i, t in enumerate(data.themes)]


def style_by_theme(data: Dataset, rows: tuple[Joined, ...]) -> Style:
    """Colour cities by their theme; legend entries count cities per theme."""
    colors_by_theme = dict(zip((t.key for t in data.themes), theme_colors(data)))
    colors: dict[int, str] = {}
    counts = dict.fromkeys(colors_by_theme, 0)
    for row in rows:
        if row.record is not None:
            colors[row.adcode] = colors_by_theme[row.record.theme]
            counts[row.record.theme] += 1
    legend = [LegendEntry(colors_by_theme[t.key], t.name, t.name_en, counts[t.key]) for t in data.themes]
    entry = no_data_entry([row.place for row in rows if row.adcode not in colors],
                          "未报道举措", "No initiative reported", "资料暂缺", "no data")
    if entry:
        legend.append(entry)
    return Style("theme", "主题", "Theme", colors, tuple(legend))


def style_by_figure(data: Dataset, rows: tuple[Joined, ...], key: str, scheme: str = "quantiles", k: int = 5,
                    breaks: tuple[float, ...] = ()) -> Style:
    """Classify cities by the plain amount of figure ``key``.

    Raises
    ------
    MapgenError
        If no city has the figure, or the scheme is unknown.
    """
    from .classify import classify

    values: dict[int, float] = {}
    labels: dict[str, str] = {}  # Chinese label -> English, in city order
    where: dict[str, list[str]] = {}  # Chinese label -> the units that use it
    whole = True  # every figure counts things one by one: class limits are whole numbers
    for row in rows:
        fig = row.record.figure(key) if row.record is not None else None
        if fig is not None:
            values[row.adcode] = fig.amount
            labels.setdefault(fig.label, fig.label_en or fig.label)
            where.setdefault(fig.label, []).append(row.place.name)
            whole = whole and (parse_unit(fig.unit).whole or parse_unit(fig.unit).multiplier > 1)
    if not values:
        raise MapgenError(f"--color-by {key}: no city has a figure with that key; "
                          f"known keys: {', '.join(data.figure_keys()) or 'none'}")
    codes = sorted(values)
    ys = [values[c] for c in codes]
    distinct = len(set(ys))
    k = max(1, min(k, distinct))
    if scheme == "user":
        if not breaks or len(breaks) > 4:
            raise MapgenError("--scheme user needs 1 to 4 --breaks (upper bounds of all but the top class; "
                              "at most 5 classes), e.g. --breaks 1e8,1e9")
        bins, yb = classify(ys, "user", k, sorted(breaks))
    elif scheme == "natural_breaks":
        bins, yb = classify(ys, "natural_breaks" if distinct > k else "quantiles", k)
    elif scheme in ("quantiles", "equal_interval"):
        bins, yb = classify(ys, scheme, k)
    else:
        raise MapgenError(f"unknown --scheme {scheme!r}; expected one of: {', '.join(SCHEMES)}")
    palette = SEQUENTIAL[len(bins)]
    colors = {code: palette[cls] for code, cls in zip(codes, yb)}
    legend = []
    for i, upper in enumerate(bins):
        count = sum(1 for c in yb if c == i)
        lo = bins[i - 1] if i else min(ys)
        legend.append(LegendEntry(palette[i], _range(lo, upper, i == 0, whole=whole),
                                  _range(lo, upper, i == 0, en=True, whole=whole), count))
    warnings = [f"--color-by {key}: the class {e.label} holds no unit; choose fewer classes or other breaks"
                for e in legend if e.count == 0]
    outside = [b for b in breaks if b < min(ys) or b >= max(ys)] if scheme == "user" else []
    if outside:
        warnings.append(f"--breaks {','.join(f'{b:g}' for b in outside)}: outside the figures' range "
                        f"({_num(min(ys), False, whole)} to {_num(max(ys), False, whole)}); a class there stays empty "
                        "or holds every unit")
    if len(labels) > 1:
        warnings.append(f"--color-by {key}: the key labels different things in different units ("
                        + "; ".join(f"{label}: {', '.join(names)}" for label, names in where.items())
                        + "); the map compares them as one figure")
    entry = no_data_entry([row.place for row in rows if row.adcode not in values], "无此数据", "No data",
                          "无此数据", "no data")
    if entry:
        legend.append(entry)
    (label, label_en), *others = labels.items()
    if others:  # cities count different things under this key: the title must not claim one
        label, label_en = f"{label}等", f"{label_en} and similar figures"
    return Style(key, label, label_en, colors, tuple(legend), tuple(warnings))


def _num(x: float, en: bool, whole: bool = False) -> str:
    if whole and x < 1e4:
        # Counts: a class limit of 149.8 people means at most 149 of them.
        x = math.floor(x + 1e-9)
    if en:
        if x >= 1e9:
            return f"{x / 1e9:,.4g} bn"
        if x >= 1e6:
            return f"{x / 1e6:,.4g} m"
        return f"{x:,.4g}" if x < 1e4 else f"{x:,.0f}"
    if x >= 1e8:
        return f"{x / 1e8:.4g}亿"
    if x >= 1e4:
        return f"{x / 1e4:.4g}万"
    return f"{x:.4g}"


def _range(lo: float, hi: float, first: bool, en: bool = False, whole: bool = False) -> str:
    a, b = _num(lo, en, whole), _num(hi, en, whole)
    if first and lo > hi:  # a user's first break below every value: the class is empty
        return f"≤ {b}"
    if a == b:
        return b
    return f"{a} – {b}" if first else f"> {a} – {b}"
