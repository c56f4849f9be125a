"""The one module that knows every stage: records -> boundaries -> join ->
style -> render -> write. The CLI and the public API call these functions."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import MapgenError
from .i18n import LANGS
from .paths import confined
from .records import Dataset, load_records

FORMATS = ("page", "fragment", "iframe-snippet")

__all__ = ["BuildOptions", "CheckReport", "check", "make_map", "render", "build"]

# Letters, digits and hyphens: the id also names the map's script variable
# (hyphens become underscores), so underscores would let two ids collide.
MAP_ID = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,40}$")


@dataclass(frozen=True)
class BuildOptions:
    """How to build a map. Defaults give the standard page.

    Parameters
    ----------
    color_by : str
        ``"theme"`` or the key of a figure (e.g. ``"investment"``).
    scheme : str
        Classification for a figure: quantiles, natural_breaks, equal_interval, user.
    classes : int
        Number of classes for a figure (at most 5).
    breaks : tuple of float
        Upper class bounds (plain numbers) for ``scheme="user"``.
    tiles : str
        ``"none"`` (default), ``"osm"`` or ``"carto"``.
    title : str or None
        Overrides the page title from the data.
    lang : str
        ``"zh-Hans"`` (default), ``"zh-Hant"`` or ``"en"``: the language the page
        opens in; readers can switch in the page.
    map_id : str or None
        Element id of the map (letters, digits, hyphens); by default derived from the
        data's title and date and every option but ``format`` and ``src``.
    format : str
        ``"page"`` (default), ``"fragment"`` or ``"iframe-snippet"``.
    src : str
        For ``iframe-snippet``: the address of the published page.
    geodata : str or None
        A boundary file to use instead of the shipped one.
    """

    color_by: str = "theme"
    scheme: str = "quantiles"
    classes: int = 5
    breaks: tuple[float, ...] = field(default_factory=tuple)
    tiles: str = "none"
    title: str | None = None
    lang: str = "zh-Hans"
    map_id: str | None = None
    geodata: str | None = None
    format: str = "page"
    src: str = "map.html"


@dataclass(frozen=True)
class CheckReport:
    """What ``mapgen check`` found: the records and how they joined."""

    data: Dataset
    joined: object  # geopandas.GeoDataFrame, one row per boundary
    missing: tuple[int, ...]
    warnings: tuple[str, ...]

    @property
    def matched(self) -> int:
        return int(self.joined["record"].notna().sum())

    def summary(self) -> str:
        """A readable report for editors."""
        d = self.data
        lines = [f"{d.path}: {len(d.cities)} records, {self.matched}/{len(self.joined)} cities matched"]
        lines.append("themes:")
        for t in d.themes:
            n = sum(1 for c in d.cities if c.theme == t.key)
            lines.append(f"  {t.key:<24} {n:>2}  {t.name} / {t.name_en}")
        lines.append("figures per city:")
        for code, row in self.joined.iterrows():
            rec = row["record"]
            if rec is None:
                lines.append(f"  {code} {row['name']:<5}  no record: drawn as 'no initiative reported'")
                continue
            head = rec.figure(rec.headline_figure) if rec.headline_figure else None
            marker = f"  marker {head.text_zh}" if head else ""
            lines.append(f"  {code} {row['name']:<5} {len(rec.figures):>2}{marker}")
        for w in self.warnings:
            lines.append(f"warning: {w}")
        lines.append("publishable" if not self.missing else "publishable, with cities lacking records")
        return "\n".join(lines)


def _load(data_path, geodata: str | None):
    """Stages 1-3, shared by check and build: records, boundaries, join."""
    from .boundaries import load_boundaries
    from .join import join

    data = load_records(confined(data_path, "the data file"))
    bounds = load_boundaries(geodata and confined(geodata, "the boundary file"))
    return data, bounds, join(data, bounds.cities)


def check(data_path: str | Path, geodata: str | None = None) -> CheckReport:
    """Load, validate and join; raise :class:`~mapgen.errors.DataError` on any problem."""
    data, bounds, result = _load(data_path, geodata)
    warnings = []
    for c in data.cities:
        if c.figures and not c.headline_figure:
            warnings.append(f"{c.label()}: has figures but no headline_figure; its marker shows only the name")
    for code in result.missing:
        warnings.append(f"city {code} ({bounds.cities.loc[code, 'name']}) has no record")
    # A key shared by cities is what --color-by compares: say where it labels different things.
    mixed = [key for key in data.figure_keys()
             if len({f.label for c in data.cities for f in c.figures if f.key == key}) > 1]
    if mixed:
        warnings.append(f"these figure keys carry different labels in different cities: {', '.join(mixed)}; "
                        "a map coloured by one of them compares those different things")
    return CheckReport(data, result.frame, result.missing, tuple(warnings))


def safe_src(src: str) -> bool:
    """Whether an iframe may point there: an http(s) address or a relative path."""
    head = src.split("/", 1)[0]
    return ":" not in head or head.split(":", 1)[0].lower() in ("http", "https")


def _map_id(data: Dataset, options: BuildOptions) -> str:
    if options.map_id:
        if not MAP_ID.match(options.map_id):
            raise MapgenError(f"--map-id {options.map_id!r}: use a letter, then letters, digits or - "
                              "(at most 41 characters)")
        return options.map_id
    # Stable for the same data title and options, so an edited figure does not
    # change the id; different options (two maps on one page) give different ids.
    seed = "\n".join([data.source.title, data.source.date, options.color_by, options.scheme, str(options.classes),
                      ",".join(map(str, options.breaks)), options.tiles, options.title or "", options.lang,
                      options.geodata or ""])
    return "mg-" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:8]


def _page(data_path, options: BuildOptions):
    from .changes import snapshot
    from .payload import page_data
    from .style import style_by_figure, style_by_theme
    from .topology import page_topology

    if options.lang not in LANGS:
        raise MapgenError(f"unknown language {options.lang!r}; expected one of: {', '.join(LANGS)}")
    if options.format not in FORMATS:
        raise MapgenError(f"unknown format {options.format!r}; expected one of: {', '.join(FORMATS)}")
    data, bounds, result = _load(data_path, options.geodata)
    joined = result.frame
    if options.color_by == "theme":
        style = style_by_theme(data, joined)
    else:
        style = style_by_figure(data, joined, options.color_by, options.scheme, options.classes, options.breaks)
    map_id = _map_id(data, options)
    topology = page_topology(bounds.topology)
    # A pasted fragment may share the page with other maps: its deep links carry its id.
    prefix = "" if options.format == "page" else map_id + "-"
    page = page_data(data, joined, bounds.neighbours, topology, style, map_id=map_id, lang=options.lang,
                     title=options.title, topology_meta=bounds.topology.get("metadata") or {}, hash_prefix=prefix)
    return dataclasses.replace(page, snapshot=snapshot(data))  # the next build reports changes against it


def make_map(data_path: str | Path, options: BuildOptions = BuildOptions()):
    """Return the folium Map of the page (shows itself in Jupyter)."""
    from .render_html import TILES, build_map

    if options.tiles not in TILES:
        raise MapgenError(f"unknown --tiles {options.tiles!r}; expected one of: {', '.join(TILES)}")
    mode = "fragment" if options.format == "fragment" else "page"
    return build_map(_page(data_path, options), options.tiles, mode)


def render(data_path: str | Path, options: BuildOptions = BuildOptions()) -> str:
    """Return the page, fragment or iframe snippet (``options.format``) as a string."""
    if options.format == "iframe-snippet":
        from .render_html import render_iframe_snippet

        if not safe_src(options.src):
            raise MapgenError(f"src {options.src!r}: give an http(s) address or a relative path")
        return render_iframe_snippet(_page(data_path, options), options.src)
    return make_map(data_path, options).get_root().render()


def build(data_path: str | Path, out: str | Path, options: BuildOptions = BuildOptions()) -> Path:
    """Validate, render and write the page atomically; return the written path."""
    from .write import write_atomic

    return write_atomic(confined(out, "the output folder", parent_only=True), render(data_path, options))
