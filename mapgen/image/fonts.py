"""The fonts images are drawn with, loaded by file path, never by family name.

matplotlib ships no CJK font and a family name goes through a font cache that
differs between machines, so each face is opened from its file. The shipped faces
are subsets of Noto Sans SC / TC (SIL OFL 1.1, renamed "Mapgen Sans"; see
``fonts/OFL.txt`` and ``tools/fonts/build.py``): Simplified text uses SC glyph
forms, Traditional text TC. An editor's house font goes first when given.

A text is drawn in the first face whose character map holds all of it, so no
character becomes tofu; characters no face has are replaced by ``?`` and logged.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import MapgenError

__all__ = ["Fonts", "load_fonts", "check_font", "FONT_DIR", "SHIPPED"]

log = logging.getLogger(__name__)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SHIPPED = {"SC": FONT_DIR / "MapgenSansSC-Regular.ttf", "TC": FONT_DIR / "MapgenSansTC-Regular.ttf"}
# Which shipped face to try first for each build language.
_ORDER = {"zh-Hans": ("SC", "TC"), "en": ("SC", "TC"), "zh-Hant": ("TC", "SC")}


@dataclass(frozen=True)
class Face:
    path: str
    cmap: frozenset[int]
    glyphs: dict[int, int] = field(default_factory=dict, compare=False, repr=False)  # code point -> glyph id

    def covers(self, text: str) -> bool:
        return all(ord(c) in self.cmap for c in text)


@lru_cache(maxsize=8)
def _face(path: str, mtime: float) -> Face:
    # FreeType (through matplotlib) reads the character map in milliseconds; it also opens
    # face 0 of a collection, as FontProperties(fname=...) does when drawing.
    from matplotlib.ft2font import FT2Font

    try:
        cmap = FT2Font(path).get_charmap()
    except (OSError, RuntimeError, ValueError) as exc:
        raise MapgenError(f"font {path}: cannot be read as a TrueType/OpenType font ({exc})") from None
    if not cmap:
        raise MapgenError(f"font {path}: has no Unicode character map")
    return Face(path, frozenset(cmap), cmap)


def _open(path: str | Path) -> Face:
    p = Path(path)
    try:
        mtime = p.stat().st_mtime
    except OSError as exc:
        raise MapgenError(f"font {p}: cannot be read ({exc.strerror}); give the path of a .ttf or .otf file") from None
    if not p.is_file():
        raise MapgenError(f"font {p}: is not a file; give the path of a .ttf or .otf file")
    return _face(str(p.resolve()), mtime)


def check_font(path: str | Path) -> None:
    """Raise :class:`MapgenError` unless ``path`` is a font file images can be drawn with."""
    _open(path)


def clean(text: str) -> str:
    """Drop invisible format and control characters; line separators become spaces.

    >>> clean("a\\u200bb\\u202ec\\u2028d")
    'abc d'
    """
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Zl", "Zp") or ch in "\t\n\r":
            out.append(" ")
        elif cat not in ("Cc", "Cf", "Cs", "Co", "Cn") and not ("\ufe00" <= ch <= "\ufe0f"):
            out.append(ch)
    return "".join(out)


class Fonts:
    """The faces for one image, in the order they are tried."""

    def __init__(self, faces: list[Face]):
        self.faces = faces
        self.missing: set[str] = set()

    def pick(self, text: str) -> tuple[str, str]:
        """Return (font file, text to draw) for ``text``: no character is left without a glyph."""
        text = clean(text)
        for face in self.faces:
            if face.covers(text):
                return face.path, text
        best = max(self.faces, key=lambda f: sum(ord(c) in f.cmap for c in text))
        lost = {c for c in text if ord(c) not in best.cmap}
        self.missing |= lost
        log.warning("no font has %s; drawn as '?'", ", ".join(f"U+{ord(c):04X}" for c in sorted(lost)))
        return best.path, "".join(c if ord(c) in best.cmap else "?" for c in text)


def load_fonts(lang: str, font: str | Path | None = None) -> Fonts:
    """The faces for ``lang``: the house ``font`` first (if given), then the shipped ones.

    Raises
    ------
    MapgenError
        If ``font`` is missing, unreadable or not a font file.
    """
    faces = [_open(font)] if font is not None else []
    faces += [_open(SHIPPED[k]) for k in _ORDER[lang]]
    return Fonts(faces)
