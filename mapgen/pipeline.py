"""The one module that knows every stage: records -> boundaries -> join ->
style -> scene -> renderers -> write. The CLI and the public API call these functions."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .boundaries import Boundaries
from .errors import UsageError
from .join import JoinResult
from .options import IMAGE_FORMATS, BuildOptions
from .paths import confined
from .records import Dataset, load_records
from .scene import Scene
from .texts import stale_numbers

PLACEHOLDER = "【待填写】"  # what mapgen init and mapgen extract leave for the editor

__all__ = ["BuildOptions", "CheckReport", "Published", "check", "make_map", "render", "render_image", "build", "publish",
           "scene"]


@dataclass(frozen=True)
class CheckReport:
    """What ``mapgen check`` found: the records and how they joined."""

    data: Dataset
    joined: JoinResult
    warnings: tuple[str, ...]

    @property
    def missing(self) -> tuple[int, ...]:
        return self.joined.missing

    @property
    def matched(self) -> int:
        return self.joined.matched

    def summary(self) -> str:
        """A readable report for editors."""
        d = self.data
        lines = [f"{d.path}: {len(d.cities)} records, {self.matched}/{len(self.joined.rows)} cities matched"]
        lines.append("themes:")
        for t in d.themes:
            n = sum(1 for c in d.cities if c.theme == t.key)
            lines.append(f"  {t.key:<24} {n:>2}  {t.name} / {t.name_en}")
        lines.append("figures per city:")
        for row in self.joined.rows:
            rec, name = row.record, row.place.name
            if rec is None:
                lines.append(f"  {row.adcode} {name:<5}  no record: drawn as 'no initiative reported'")
                continue
            head = rec.figure(rec.headline_figure) if rec.headline_figure else None
            marker = f"  marker {head.text_zh}" if head else ""
            lines.append(f"  {row.adcode} {name:<5} {len(rec.figures):>2}{marker}")
        for w in self.warnings:
            lines.append(f"warning: {w}")
        lines.append("publishable" if not self.missing else "publishable, with cities lacking records")
        return "\n".join(lines)


def _load(data_path, geodata: str | None) -> tuple[Dataset, Boundaries, JoinResult]:
    """Stages 1-3, shared by check and build: records, boundaries, join."""
    from .boundaries import load_boundaries
    from .join import join

    data = load_records(confined(data_path, "the data file"))
    if geodata:
        bounds = load_boundaries(confined(geodata, "the boundary file"))
    elif data.region.adcode is not None:
        from .regions.page import region_boundaries

        bounds = region_boundaries(data.region.adcode, data.region.level)
    else:
        bounds = load_boundaries()
    return data, bounds, join(data, bounds.units)


def _warnings(data: Dataset, result: JoinResult) -> list[str]:
    warnings = []
    for c in data.cities:
        if c.figures and not c.headline_figure:
            warnings.append(f"{c.label()}: has figures but no headline_figure; its marker shows only the name")
    for row in result.rows:
        if row.record is None:
            warnings.append(f"city {row.adcode} ({row.place.name}) has no record")
    placeholders = [c.label() for c in data.cities
                    if any(PLACEHOLDER in t or t.startswith("TODO") for t in (c.headline, c.summary, c.headline_en))]
    if placeholders:
        warnings.append(f"{len(placeholders)} record(s) still hold {PLACEHOLDER}/TODO placeholders, e.g. "
                        f"{placeholders[0]}; write their headlines and summaries before publishing")
    for c in data.cities:
        figures = {f.key: f for f in c.figures}
        for name in ("headline", "headline_en", "summary", "summary_en"):
            for number in stale_numbers(getattr(c, name), figures):
                warnings.append(f"{c.label()}: {name}: the number {number} matches none of its figures; cite the "
                                "figure as {key} so a correction reaches the text, or correct the number")
    # A key shared by cities is what --color-by compares: say where it labels different things.
    mixed = [key for key in data.figure_keys()
             if len({f.label for c in data.cities for f in c.figures if f.key == key}) > 1]
    if mixed:
        warnings.append(f"these figure keys carry different labels in different cities: {', '.join(mixed)}; "
                        "a map coloured by one of them compares those different things")
    return warnings


def check(data_path: str | Path, geodata: str | None = None) -> CheckReport:
    """Load, validate and join; raise :class:`~mapgen.errors.DataError` on any problem."""
    data, _bounds, result = _load(data_path, geodata)
    return CheckReport(data, result, tuple(_warnings(data, result)))


def _map_id(data: Dataset, options: BuildOptions) -> str:
    if options.map_id:
        return options.map_id
    # Stable for the same data title and options, so an edited figure does not
    # change the id; different options (two maps on one page) give different ids.
    seed = "\n".join([data.source.title, data.source.date, options.seed()])
    return "mg-" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Published:
    """What ``build`` did: the file it wrote and what the editor should know."""

    path: Path
    warnings: tuple[str, ...]
    changes: tuple[str, ...] = ()  # what changed since the page it replaced, in an editor's words


def _prepare(data_path, options: BuildOptions) -> tuple[Scene, list[str]]:
    """Stages 1-5 and the warnings an editor should read before publishing."""
    from .changes import snapshot
    from .payload import page_data
    from .scene import ImageSpec, tiles
    from .style import style_by_figure, style_by_theme

    data, bounds, result = _load(data_path, options.geodata)
    font = options.font and str(confined(options.font, "the font file"))
    if not font and data.page.font and options.format in IMAGE_FORMATS:  # --font wins over the data's
        font = _data_font(data)
    # check's list of every mixed key matters to a map coloured by one: that map says it for its own key
    warnings = [w for w in _warnings(data, result) if not w.startswith("these figure keys")]
    if options.color_by == "theme":
        style = style_by_theme(data, result.rows)
    else:
        style = style_by_figure(data, result.rows, options.color_by, options.scheme, options.classes,
                                options.breaks)
        warnings += list(style.warnings)
    map_id = _map_id(data, options)
    # A pasted fragment may share the page with other maps: its deep links carry its id.
    prefix = "" if options.format == "page" else map_id + "-"
    topology = bounds.page_topology
    if options.format not in IMAGE_FORMATS and bounds.page_detail:  # the page draws the opening view's points first
        topology = {**topology, "detail": bounds.page_detail}
    scene = page_data(data, result.rows, bounds.context, topology, style, map_id=map_id,
                      bbox=bounds.bbox, view_bbox=bounds.view_bbox, lang=options.lang, title=options.title,
                      topology_meta=bounds.topology.get("metadata") or {}, hash_prefix=prefix,
                      tiles=tiles(options.tiles), frame_src=options.src,
                      image=ImageSpec(options.width, options.unit, font), inset=bounds.inset)
    return dataclasses.replace(scene, snapshot=snapshot(data)), warnings


def _data_font(data: Dataset) -> str:
    """The house font the data file names (``page: font:``), checked; its problems located in the data."""
    from .errors import DataError, MapgenError, Problem
    from .image.fonts import check_font

    path = Path(data.path).parent / data.page.font
    try:
        check_font(confined(path, "the font file"))
    except MapgenError as exc:
        raise DataError([Problem(data.path, data.page.font_line, "", "page.font",
                                 f"{exc} (the path is relative to the data file)")]) from None
    return str(path)


def scene(data_path: str | Path, options: BuildOptions = BuildOptions()) -> Scene:
    """Stages 1-5: the scene of the map, which every renderer draws."""
    return _prepare(data_path, options)[0]


def render(data_path: str | Path, options: BuildOptions = BuildOptions()) -> str | bytes:
    """Return the page, fragment or iframe snippet (``options.format``) as a string, or an image as bytes."""
    from .renderers import renderer

    return renderer(options.format)(scene(data_path, options))


def render_image(data_path: str | Path, options: BuildOptions = BuildOptions(format="png")) -> bytes:
    """Return the map (or ``options.unit``'s card) as PNG, SVG or PDF bytes (``options.format``)."""
    from .options import IMAGE_FORMATS

    if options.format not in IMAGE_FORMATS:
        raise UsageError(f"format {options.format!r} is not an image; expected one of: {', '.join(IMAGE_FORMATS)}")
    return render(data_path, options)  # type: ignore[return-value]


def make_map(data_path: str | Path, options: BuildOptions = BuildOptions()):
    """Return a folium Map of the page, for notebooks; ``m.get_root().render()`` equals :func:`render`."""
    from .notebook import folium_map

    return folium_map(scene(data_path, options), options.format)


def publish(data_path: str | Path, out: str | Path, options: BuildOptions = BuildOptions()) -> Published:
    """Validate, render and write atomically; return the path, the warnings and what changed."""
    from .boundaries import shipped_file
    from .changes import change_lines, read_snapshot_file
    from .limits import PAGE_BYTES, check
    from .renderers import renderer
    from .write import check_output, write_atomic

    target = confined(out, "the output folder", parent_only=True)
    # every file the build reads: never written over, whatever its spelling
    inputs = (data_path, options.geodata, options.font, str(shipped_file()))
    check_output(target, inputs)  # before the work, not after
    prepared, warnings = _prepare(data_path, options)
    if prepared.image is not None and prepared.image.font and not options.font:  # the data file's house font
        inputs += (prepared.image.font,)
        check_output(target, inputs)
    output = renderer(options.format)(prepared)  # fails before anything is written
    size = len(output) if isinstance(output, bytes) else len(output.encode("utf-8", "replace"))
    check(PAGE_BYTES, size, f"{target}: the output would have")
    before = read_snapshot_file(target) if isinstance(output, str) else None  # what the old page showed
    path = write_atomic(target, output, inputs=inputs)
    changes = change_lines(before, prepared.snapshot)  # nothing when there was no earlier page
    return Published(path, tuple(warnings), tuple(changes))


def build(data_path: str | Path, out: str | Path, options: BuildOptions = BuildOptions()) -> Path:
    """Validate, render and write the page (or image) atomically; return the written path."""
    return publish(data_path, out, options).path
