"""Read a YAML file into plain Python values plus the line of every value.

PyYAML's ``safe_load`` forgets where things were; editors need ``file:line``.
We compose the node tree with the safe loader and build the values ourselves,
keeping a map from each value's path (``("cities", 3, "figures", 0, "value")``)
to its 1-based line. Duplicate keys, which ``safe_load`` silently overwrites,
are reported.
"""

from __future__ import annotations

import datetime as _dt
import gc
import re
from contextlib import contextmanager
from pathlib import Path

import yaml

from .errors import DataError, Problem, dotted
from .yamlerrors import explain

__all__ = ["YamlDocument", "compose", "gc_paused", "read_yaml"]

Path_ = tuple[str | int, ...]
_SURROGATE = re.compile("[\ud800-\udfff]")


class YamlDocument:
    """Parsed YAML with line lookup.

    Attributes
    ----------
    data : object
        The document as plain dicts, lists, str, int, float, bool, None.
    file : str
        The file name used in messages.
    """

    def __init__(self, data: object, lines: dict[Path_, int], file: str):
        self.data = data
        self._lines = lines
        self.file = file

    def with_data(self, data: object) -> YamlDocument:
        """Other values on the same lines: for edits that move no value to another line."""
        return YamlDocument(data, self._lines, self.file)

    def line(self, path: Path_) -> int | None:
        """Line of the value at ``path``, or of its nearest located parent."""
        p = tuple(path)
        while p:
            if p in self._lines:
                return self._lines[p]
            p = p[:-1]
        return self._lines.get((), None)


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM is harmless: editors on Windows add it
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        guess = _guess_encoding(raw)
        hint = f"; it looks like {guess}" if guess else ""
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(file, line, "", "", (
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}){hint}; "
            "save it as UTF-8 and try again"))]) from None


def _guess_encoding(raw: bytes) -> str | None:
    # charset-normalizer tells GBK from Big5, which a decode-and-see test cannot:
    # GB18030 accepts nearly any byte sequence.
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return best.encoding.upper().replace("_", "-") if best is not None else None


def read_yaml(path: str | Path) -> YamlDocument:
    """Read and parse a YAML file, raising :class:`DataError` on any problem.

    Parameters
    ----------
    path : str or Path
        The file to read.
    """
    from .limits import DATA_BYTES
    from .paths import read_input

    file = str(path)

    def refuse(message: str) -> DataError:
        return DataError([Problem(file, None, "", "", message.removeprefix(f"{path}: "))])

    raw = read_input(path, "a YAML file", DATA_BYTES, refuse)
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # XLSX (zip) or old XLS
        raise DataError([Problem(file, None, "", "", _SHEET_HINT.format(kind="a spreadsheet", file=file))])
    text = _decode(raw, file)
    if _looks_like_a_table(text):
        raise DataError([Problem(file, 1, "", "", _SHEET_HINT.format(kind="a table (CSV/TSV)", file=file))])
    if not text.strip():
        raise DataError([Problem(file, 1, "", "", "the file is empty; expected source, page, themes and cities")])
    node, doc, problems = compose(text, file)
    if problems:
        raise DataError(problems)
    return doc


def compose(text: str, file: str) -> tuple[yaml.Node | None, YamlDocument, list[Problem]]:
    """Parse YAML text once: its node tree (with marks), the document, and what is wrong in it.

    The problems are those found building the values (duplicate keys, base-60
    numbers, ...); :func:`read_yaml` raises them. Text YAML cannot parse at all
    raises :class:`DataError`.
    """
    with gc_paused():
        return _compose(text, file)


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector (if on) while building many small objects that live on.

    A 3,000-figure file makes 150,000 nodes and values, and the collector's passes
    over them find nothing to free: paused, parsing takes half the time
    (``benchmarks/sheets.py``). Cycles made meanwhile are collected after.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _compose(text: str, file: str) -> tuple[yaml.Node | None, YamlDocument, list[Problem]]:
    lines: dict[Path_, int] = {}
    problems: list[Problem] = []
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        budget = [_MAX_NODES]
        data = _build(loader, node, (), lines, problems, file, budget) if node is not None else None
    except RecursionError:
        raise DataError([Problem(file, None, "", "", "the YAML is nested too deeply (or an alias refers "
                                 "to itself); the data file is a few levels deep")]) from None
    except yaml.MarkedYAMLError as exc:
        line, message = explain(exc, text)
        raise DataError([Problem(file, line, "", "", message)]) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise DataError([Problem(file, line, "", "", (
            f"character U+{exc.character:04X} is not allowed in YAML; delete it"))]) from None
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        # ValueError/OverflowError: scalars YAML accepts but Python cannot build
        raise DataError([Problem(file, None, "", "", f"YAML error: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return node, YamlDocument(data, lines, file), problems


_SHEET_HINT = ("this is {kind}, not a mapgen data file; bring its figures into the data with "
               "`mapgen import {file} --data data/initiatives.yaml`")


def _looks_like_a_table(text: str) -> bool:
    """A CSV/TSV saved where the data file should be: separated cells, no YAML keys."""
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    if len(lines) < 2 or any(line.lstrip().startswith("#") for line in lines[:1]):
        return False
    separated = all(line.count(",") >= 2 or line.count("\t") >= 2 for line in lines)
    keyed = any(":" in line.split(",")[0].split("\t")[0] for line in lines)
    return separated and not keyed


# libyaml's parser where installed (about 10x faster), with the same line marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_STR = "tag:yaml.org,2002:str"
_MERGE_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")  # what flatten_mapping rewrites

# Aliases can expand a small file into a huge tree ("billion laughs"); the real
# data has about 1,500 nodes.
_MAX_NODES = 100_000


def _build(loader, node, path, lines, problems, file, budget):
    budget[0] -= 1
    if budget[0] < 0:
        raise DataError([Problem(file, node.start_mark.line + 1, "", "", (
            f"the YAML expands to more than {_MAX_NODES:,} values (anchors and aliases?); "
            "write the data out plainly"))])
    lines[path] = node.start_mark.line + 1
    cls = type(node)
    if cls is yaml.ScalarNode and node.tag == _STR:
        value = node.value  # what construct_object gives a str node, without its bookkeeping
        if _SURROGATE.search(value):
            _surrogate(value, node, path, problems, file)
        return value
    if cls is yaml.MappingNode:
        if any(k.tag in _MERGE_TAGS for k, _ in node.value):
            loader.flatten_mapping(node)  # resolves `<<` merge keys
        out: dict = {}
        for key_node, value_node in node.value:
            if type(key_node) is yaml.ScalarNode and key_node.tag == _STR:
                key = key_node.value
            else:
                key = loader.construct_object(key_node, deep=True)
                if isinstance(key, (list, dict)) or key is None:
                    problems.append(Problem(file, key_node.start_mark.line + 1, "", dotted(path),
                                            f"a key must be plain text, found {key!r}"))
                    continue
                key = str(key) if not isinstance(key, str) else key
            if _SURROGATE.search(key):
                _surrogate(key, key_node, path, problems, file)
                continue
            if key in out:
                problems.append(Problem(file, key_node.start_mark.line + 1, "", dotted(path + (key,)),
                                        f"duplicate key {key!r} (first on line {lines[path + (key,)]}); keep one"))
                continue
            out[key] = _build(loader, value_node, path + (key,), lines, problems, file, budget)
        return out
    if cls is yaml.SequenceNode:
        return [_build(loader, item, path + (i,), lines, problems, file, budget) for i, item in enumerate(node.value)]
    if node.tag in _NUMBER_TAGS and not node.style and ":" in node.value:  # plain: None, or "" from libyaml
        # YAML 1.1 reads 1:30 as 90 (base 60); nobody means that in a data file.
        problems.append(Problem(file, node.start_mark.line + 1, "", dotted(path), (
            f"{node.value} would be read as a base-60 number ({loader.construct_object(node)}); "
            f"write the number plainly, or quote it (\"{node.value}\") if it is text")))
        return node.value
    value = loader.construct_object(node, deep=True)
    if isinstance(value, (_dt.date, _dt.datetime)):
        value = value.isoformat()  # an unquoted 2022-07-27 is a date to YAML, text to us
    elif isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        # 0x and 0o integers have no digit limit: 5,000 of them would break every later message
        problems.append(Problem(file, node.start_mark.line + 1, "", dotted(path), (
            f"the number {node.value[:20]}{'...' if len(node.value) > 20 else ''} ({len(node.value):,} characters) is "
            "far too large; write figures as printed, with the unit 万 or 亿")))
        return None
    elif isinstance(value, str) and _SURROGATE.search(value):
        _surrogate(value, node, path, problems, file)
    return value


def _surrogate(value: str, node, path, problems, file) -> None:
    bad = _SURROGATE.search(value).group()
    problems.append(Problem(file, node.start_mark.line + 1, "", dotted(path), (
        f"character U+{ord(bad):04X} (half of a surrogate pair, not a character) is not allowed; "
        "delete the \\u escape")))
