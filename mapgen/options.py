"""How to build a map: one options model, validated once where it is made.

The command line and the Python API both make a :class:`BuildOptions`; every
impossible value or combination is refused here, all at once, with what to do
instead. The CLI turns the same :class:`UsageError` into exit status 2, so both
say the same words.

The tables below (formats, schemes, tiles) are the single source of the
choices: the CLI's help, the validation and the renderers read them.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import UsageError
from .i18n import LANGS

__all__ = ["BuildOptions", "FORMATS", "HTML_FORMATS", "IMAGE_FORMATS", "SCHEMES", "TILES", "MAX_CLASSES"]

HTML_FORMATS = ("page", "fragment", "iframe-snippet")
IMAGE_FORMATS = ("png", "svg", "pdf")
FORMATS = HTML_FORMATS + IMAGE_FORMATS
SCHEMES = ("quantiles", "natural_breaks", "equal_interval", "user")
MAX_CLASSES = 5
TILES = {  # name: (URL template, attribution, origin for the content security policy)
    "none": None,
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors",
            "https://tile.openstreetmap.org"),
    "carto": ("https://{s}.basemaps.cartocdn.com/light_nolabels/{z}/{x}/{y}.png",
              "© OpenStreetMap contributors © CARTO", "https://*.basemaps.cartocdn.com"),
}

# Letters, digits and hyphens: the id also names the map's script variable
# (hyphens become underscores), so underscores would let two ids collide.
# Ids that name elements a host page is likely to have are refused.
_MAP_ID = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,40}")
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_src(src: str) -> bool:
    """Whether an iframe may point there: an http(s) address or a relative path.

    Protocol-relative (``//host/x``) and backslash forms, which browsers read as
    another host, are refused.

    >>> [safe_src(s) for s in ("map.html", "https://a.org/m.html", "//b.org/x", "javascript:x", "\\\\\\\\b")]
    [True, True, False, False, False]
    """
    if "\\" in src or _CONTROL.search(src) or src.strip() != src or not src:
        return False
    if src.startswith("//"):
        return False
    head = src.split("/", 1)[0]
    if ":" not in head:
        return True
    scheme, rest = src.split(":", 1)
    return scheme.lower() in ("http", "https") and rest.startswith("//") and len(rest) > 2


@dataclass(frozen=True)
class BuildOptions:
    """How to build a map. Defaults give the standard page.

    Every field is checked when the options are made; an impossible value or
    combination raises :class:`~mapgen.errors.UsageError` naming all of them.

    Parameters
    ----------
    color_by : str
        ``"theme"`` or the key of a figure (e.g. ``"investment"``).
    scheme : str
        Classification for a figure: quantiles, natural_breaks, equal_interval, user.
    classes : int
        Number of classes for a figure (1 to 5).
    breaks : tuple of float
        Upper class bounds (plain numbers), only with ``scheme="user"`` (1 to 4 of them).
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
        ``"page"`` (default), ``"fragment"``, ``"iframe-snippet"``, or an image:
        ``"png"``, ``"svg"``, ``"pdf"``.
    width : int
        With ``png``: the width in pixels (default 1080, WeChat's article width, drawn at 2x).
    unit : str or None
        With an image format: draw this unit's card (adcode or any form of its name).
    font : str or None
        With an image format: a house font file tried before the shipped fonts.
    src : str
        For ``iframe-snippet``: the address of the published page.
    geodata : str or None
        A boundary file to use instead of the shipped one.

    Examples
    --------
    >>> BuildOptions(classes=7)
    Traceback (most recent call last):
    ...
    mapgen.errors.UsageError: classes 7: give a whole number from 1 to 5
    >>> BuildOptions(color_by="projects", breaks=(1e9,))
    Traceback (most recent call last):
    ...
    mapgen.errors.UsageError: --breaks goes with --scheme user (the breaks are the upper bounds of its classes)
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
    width: int = 1080
    unit: str | None = None
    font: str | None = None

    def __post_init__(self) -> None:
        # Accept any sequence of numbers for breaks, store a tuple (frozen, hashable).
        if isinstance(self.breaks, (list, tuple)):
            object.__setattr__(self, "breaks", tuple(self.breaks))
        for name in ("geodata", "font"):
            if isinstance(getattr(self, name), Path):
                object.__setattr__(self, name, str(getattr(self, name)))
        if isinstance(self.unit, int) and not isinstance(self.unit, bool):
            object.__setattr__(self, "unit", str(self.unit))
        problems = _problems(self)
        if problems:
            raise UsageError("; ".join(problems))

    def seed(self) -> str:
        """The options that shape the map (not where it is published), as text for a stable id."""
        skip = {"format", "src", "map_id", "width", "unit", "font"}
        return "\n".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.name not in skip)


def _choice(name: str, value: object, choices) -> list[str]:
    if isinstance(value, str) and value in choices:
        return []
    return [f"{name} {value!r}: expected one of {', '.join(choices)}"]


_SURROGATE = re.compile("[\ud800-\udfff]")
_PATHS = ("geodata", "font")


def _unwritable(o: BuildOptions) -> list[str]:
    """Text no page, image or file system can hold: lone surrogates (bytes that were not UTF-8).

    The command line refuses them as it parses; through the API they reached OpenCC and crashed.
    A path may keep undecodable bytes (``\udcff``: the file system takes them back).
    """
    p = []
    for f in fields(o):
        value = getattr(o, f.name)
        if not isinstance(value, str) or not _SURROGATE.search(value):
            continue
        if f.name in _PATHS:
            try:
                os.fsencode(value)
                continue
            except UnicodeEncodeError:
                pass
        bad = _SURROGATE.search(value).group()
        p.append(f"{f.name} {ascii(value)[:60]}: holds U+{ord(bad):04X}, half of a surrogate pair and not a "
                 "character (bytes that were not UTF-8?); give it as UTF-8 text")
    return p


def _problems(o: BuildOptions) -> list[str]:
    p: list[str] = _unwritable(o)
    if p:
        return p  # every other message would quote the same text
    p += _choice("format", o.format, FORMATS)
    p += _choice("lang", o.lang, LANGS)
    p += _choice("tiles", o.tiles, TILES)
    p += _choice("scheme", o.scheme, SCHEMES)
    if not isinstance(o.color_by, str) or not (o.color_by == "theme" or _KEY.fullmatch(o.color_by)):
        p.append(f"color_by {o.color_by!r}: give theme or a figure key (a letter, then letters, digits or _)")
    if isinstance(o.classes, bool) or not isinstance(o.classes, int) or not 1 <= o.classes <= MAX_CLASSES:
        p.append(f"classes {o.classes!r}: give a whole number from 1 to {MAX_CLASSES}")
    if not isinstance(o.breaks, tuple) or not all(
            isinstance(b, (int, float)) and not isinstance(b, bool) and math.isfinite(b) for b in o.breaks):
        p.append(f"breaks {o.breaks!r}: give finite plain numbers, e.g. 1e8,1e9")
    elif o.breaks and o.scheme != "user":
        p.append("--breaks goes with --scheme user (the breaks are the upper bounds of its classes)")
    elif o.scheme == "user" and not 1 <= len(o.breaks) <= MAX_CLASSES - 1:
        p.append(f"--scheme user needs 1 to {MAX_CLASSES - 1} --breaks (upper bounds of all but the top class), "
                 "e.g. --breaks 1e8,1e9")
    elif list(o.breaks) != sorted(set(o.breaks)):
        p.append(f"breaks {','.join(map(repr, o.breaks))}: give them in increasing order, each once")
    if o.breaks and o.color_by == "theme":
        p.append("--breaks classify a figure: add --color-by FIGURE_KEY")
    if o.map_id is not None and not (isinstance(o.map_id, str) and _MAP_ID.fullmatch(o.map_id)):
        p.append(f"--map-id {o.map_id!r}: use a letter, then letters, digits or - (at most 41 characters)")
    elif o.map_id is not None and o.map_id.lower() in _HOST_IDS:
        p.append(f"--map-id {o.map_id!r}: a host page may use that id itself; choose a more specific one, "
                 "e.g. map-anhui")
    if not isinstance(o.src, str) or not safe_src(o.src):
        p.append(f"src {o.src!r}: give an http(s) address or a relative path")
    if o.title is not None and (not isinstance(o.title, str) or not o.title.strip() or _CONTROL.search(o.title)):
        p.append(f"title {o.title!r}: give a one-line title, or leave it out to use page.title from the data")
    if isinstance(o.width, bool) or not isinstance(o.width, int) or not 200 <= o.width <= 6000:
        p.append(f"width {o.width!r}: give a whole number of pixels from 200 to 6000")
    for name in ("unit", "font"):
        value = getattr(o, name)
        if value is not None and o.format not in IMAGE_FORMATS:
            p.append(f"--{name} goes with an image format: add --format png, svg or pdf")
        elif value is not None and (not isinstance(value, str) or not value.strip() or _CONTROL.search(value)):
            p.append(f"{name} {value!r}: give " + ("an adcode or a name" if name == "unit" else "a font file"))
    if o.geodata is not None and (not isinstance(o.geodata, str) or not o.geodata):
        p.append(f"geodata {o.geodata!r}: give the path of a boundary file")
    return p


# Ids a host page commonly gives its own elements; also what our global is called.
_HOST_IDS = frozenset({"main", "content", "header", "footer", "nav", "app", "root", "map", "mapgen", "page",
                       "body", "article", "sidebar", "search", "menu", "top", "container", "wrapper"})
