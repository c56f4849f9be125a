"""Read an article: bytes -> clean Simplified text, or a clear refusal.

Articles arrive as copies from web pages and chat apps: any of the encodings the data
loader already recognises (a BOM, UTF-8, GB18030, Big5), Traditional or Simplified script,
pinyin pasted in brackets after characters (蕪(wu)湖(hu)), full-width digits. Matching
is done on one normal form: NFKC (full-width digits and signs become ASCII), pinyin
removed, converted to Simplified with OpenCC as :func:`mapgen.names.name_key` does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import MapgenError

__all__ = ["ArticleError", "Article", "read_article", "normalise", "MAX_BYTES"]

# A long news report is under 100 KB; ten times that is plenty, and keeps time (about 5 s)
# and memory (about 130 MB) bounded: the extractor is linear in the text.
MAX_BYTES = 1_000_000

_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])(?:\([a-z\u00e0-\u01dc\u0300-\u036f]{1,7}\))+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ArticleError(MapgenError):
    """The article cannot be read, or names nothing to draft records for."""


@dataclass(frozen=True)
class Article:
    """An article ready for matching.

    Attributes
    ----------
    text : str
        Simplified, NFKC-normalised, junk removed; all offsets refer to it.
    encoding : str
        How the bytes were decoded.
    traditional : bool
        Whether the article was written in Traditional script.
    path : str
        The file, for messages.
    """

    text: str
    encoding: str
    traditional: bool
    path: str


def read_article(path: str | Path) -> Article:
    """Read an article file, raising :class:`ArticleError` with the fix when it cannot be used."""
    from ..limits import ARTICLE_BYTES
    from ..paths import read_input

    def refuse(message: str) -> ArticleError:
        if "over the limit" in message:  # what the editor can do about it
            message += (f"; mapgen extract reads articles of at most {MAX_BYTES / 1e6:.0f} MB. "
                        "Give the article's text only.")
        return ArticleError(message)

    raw = read_input(path, "a text file (the article)", ARTICLE_BYTES, refuse)
    text, encoding = _decode(raw, str(path))
    if not text.strip():
        raise ArticleError(f"{path}: the file is empty; give the article's text")
    return Article(normalise(text), encoding, _is_traditional(text), str(path))


def normalise(text: str) -> str:
    """The normal form every match is made in.

    >>> normalise("蕪(wu)湖(hu)市(shi)４７４１億元，增長5.7％")
    '芜湖市4741亿元,增长5.7%'
    """
    from ..names import _t2s

    t = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    t = _CONTROL.sub("", t)
    t = _PINYIN.sub("", t)
    return _t2s().convert(t)


def _decode(raw: bytes, file: str) -> tuple[str, str]:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec), codec.upper()
            except UnicodeDecodeError:
                break
    head = raw[:65536]
    if b"\x00" in head or len(_CONTROL.findall(head.decode("latin-1"))) > len(head) // 20:
        raise ArticleError(f"{file}: looks like a binary file (an image, PDF or Word document?), not text; "
                           "copy the article's text into a .txt file")
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=["gb18030", "big5", "utf_16", "cp950", "gbk"]).best()
    if best is None:
        raise ArticleError(f"{file}: is neither UTF-8 nor a Chinese encoding mapgen recognises "
                           "(GB18030, Big5); save it as UTF-8 and try again")
    return str(best), best.encoding.upper().replace("_", "-")


def _is_traditional(text: str) -> bool:
    from ..names import _t2s

    sample = text[:4000]
    return sum(a != b for a, b in zip(sample, _t2s().convert(sample))) > 5
