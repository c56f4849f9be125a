"""Change figures in the data file's text, leaving every other byte as it was.

The file is parsed once (libyaml when available) to find where each figure's
fields sit; a change replaces just that scalar's characters, a new field or
figure is inserted as lines indented like its neighbours, a cleared field's
line is removed. Comments, order, quoting and layout stay untouched, so a
``git diff`` shows only the lines whose values changed.

(A ruamel.yaml round trip keeps comments too, but re-emits the whole file: for
a 3,000-figure file it took 20 s or more here, against a 2 s budget; see
``benchmarks/sheets.py``.)
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from ..errors import DataError, MapgenError, Problem
from ..yamlsource import YamlDocument, compose

__all__ = ["FIELD_ORDER", "DataText", "read_data_text", "render_scalar"]

FIELD_ORDER = ("key", "label", "label_en", "value", "unit", "qualifier", "period", "period_en")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def render_scalar(value: object, flow: bool = False) -> str:
    """A value as YAML: plain when that reads back the same, else double-quoted.

    >>> render_scalar(512.6), render_scalar(8), render_scalar("2018年以来"), render_scalar("yes")
    ('512.6', '8', '2018年以来', '"yes"')
    """
    if isinstance(value, bool) or value is None:
        raise TypeError(f"not a figure field: {value!r}")
    if isinstance(value, (int, float)):
        text = format(Decimal(repr(value)).normalize(), "f") if isinstance(value, float) else str(value)
        return text.removesuffix(".0") if "." in text and isinstance(value, float) and value.is_integer() else text
    text = str(value)
    risky = flow and any(ch in text for ch in ",[]{}")
    if not risky and text == text.strip() and "\n" not in text:
        try:
            if yaml.load(f"k: {text}\n", Loader=_Loader) == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    # A JSON string is a YAML double-quoted scalar, once the characters YAML refuses raw
    # (DEL, C1 controls, U+FFFE/FFFF) or counts as line breaks (U+0085, U+2028/9) are escaped.
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


@dataclass
class _Figure:
    node: yaml.MappingNode
    fields: dict  # field -> (key node, value node)
    values: dict
    want: dict | None = None  # the fields it should end with, when changed
    tag: object = None


@dataclass
class _City:
    index: int
    node: yaml.MappingNode
    figures_key: yaml.Node
    figures_node: yaml.Node
    figures: list[_Figure]
    values: dict
    new: list[tuple[dict, object]] = field(default_factory=list)


class DataText:
    """The data file's text with the position of every figure field.

    Attributes
    ----------
    cities : list
        One entry per record, in file order; ``cities[i].values`` is the record as
        plain Python values.
    """

    def __init__(self, text: str, file: str, prefix: str = ""):
        self.text, self.file, self.prefix = text, file, prefix
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.structural = False  # set by apply(): an edit other than one scalar for another on its line
        root, self.document, problems = compose(text, file)  # the one parse of the file as it is
        self._root, self._shared = root, None
        self.sound = not problems
        data = self.document.data
        if not isinstance(data, dict) or not isinstance(data.get("cities"), list):
            raise DataError([Problem(file, None, "", "cities", "the data file has no list of cities")])
        seen: set[int] = set()
        cities_node = dict((k.value, v) for k, v in root.value)["cities"]
        self.cities = []
        for i, (node, values) in enumerate(zip(cities_node.value, data["cities"])):
            fields = {k.value: (k, v) for k, v in node.value} if isinstance(node, yaml.MappingNode) else {}
            if "figures" not in fields or not isinstance(values.get("figures"), list):
                raise DataError([Problem(file, node.start_mark.line + 1, f"cities[{i}]", "figures",
                                         "missing its list of figures; run mapgen check")])
            fkey, fnode = fields["figures"]
            figs = []
            for item, fvalues in zip(fnode.value, values["figures"]):
                if id(item) in seen or not isinstance(item, yaml.MappingNode):
                    raise MapgenError(f"{file}:{item.start_mark.line + 1}: figures written with anchors or "
                                      "aliases cannot be updated from a sheet; write them out plainly")
                seen.add(id(item))
                figs.append(_Figure(item, {k.value: (k, v) for k, v in item.value}, fvalues))
            self.cities.append(_City(i, node, fkey, fnode, figs, values))

    # -- changes ------------------------------------------------------------------
    def set_figure(self, city: int, index: int, want: dict, tag: object) -> None:
        """Make figure ``index`` of record ``city`` hold exactly ``want``."""
        fig = self.cities[city].figures[index]
        fig.want, fig.tag = dict(want), tag

    def add_figure(self, city: int, want: dict, tag: object) -> None:
        self.cities[city].new.append((dict(want), tag))

    def edited_document(self) -> YamlDocument:
        """The document the text from :meth:`apply` reads as, without parsing it again.

        Only when that text swapped one-line scalars (not :attr:`structural`): then
        every value keeps its line, and each changed field reads back as its new value.
        """
        if self.structural:
            raise ValueError("the edits add or remove lines: parse the new text")
        data = dict(self.document.data)
        data["cities"] = cities = list(data["cities"])
        for city in self.cities:
            changed = [(j, f) for j, f in enumerate(city.figures) if f.want is not None and f.want != f.values]
            if changed:
                cities[city.index] = rec = dict(cities[city.index])
                rec["figures"] = figures = list(rec["figures"])
                for j, fig in changed:
                    figures[j] = {**fig.values, **{k: v for k, v in fig.want.items() if k in fig.values}}
        return self.document.with_data(data)

    def _swappable(self, node: yaml.Node, text: str, value: object) -> bool:
        """Whether ``text`` in place of ``node`` reads back as ``value``, every other value unmoved.

        So for a one-line plain or quoted scalar that no alias repeats elsewhere (its
        text would change there too), replaced by text that reads as ``value``.
        """
        if not (isinstance(node, yaml.ScalarNode) and node.style in (None, "", "'", '"')
                and node.start_mark.line == node.end_mark.line and id(node) not in self._aliased()):
            return False
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if text.startswith('"'):  # JSON quoting, which YAML reads otherwise for a few characters (U+0085)
            try:
                return yaml.load(f"k: {text}\n", Loader=_Loader) == {"k": value}
            except yaml.YAMLError:
                return False
        return True  # plain text render_scalar has read back; a finite number's digits

    def _aliased(self) -> set[int]:
        """Ids of the nodes an alias (``*name``) repeats; none when the text has no ``*``."""
        if self._shared is None:
            self._shared = set()
            seen: set[int] = set()
            stack = [self._root] if "*" in self.text else []
            while stack:
                node = stack.pop()
                if id(node) in seen:
                    self._shared.add(id(node))
                    continue
                seen.add(id(node))
                if isinstance(node, yaml.MappingNode):
                    stack += [n for pair in node.value for n in pair]
                elif isinstance(node, yaml.SequenceNode):
                    stack += node.value
        return self._shared

    # -- output -------------------------------------------------------------------
    def apply(self) -> tuple[str, list[tuple[int, int, object]]]:
        """The new text, and (first line, last line, tag) of every edit in it."""
        edits: list[tuple[int, int, str, object]] = []
        self.structural = any(city.new for city in self.cities)
        for city in self.cities:
            for fig in city.figures:
                if fig.want is not None and fig.want != fig.values:
                    edits += self._figure_edits(fig)
            if city.new:
                edits += self._append_edits(city)
        edits.sort(key=lambda e: (e[0], e[1]))
        out, spans, pos, line = [], [], 0, 1
        for start, end, repl, tag in edits:
            if start < pos:
                raise MapgenError(f"{self.file}: two changes overlap near line {self._line(start)}; "
                                  "import the sheet in two parts")
            chunk = self.text[pos:start]
            out.append(chunk)
            line += chunk.count("\n")
            out.append(repl)
            spans.append((line, line + max(repl.count("\n") - 1, 0), tag))
            line += repl.count("\n")
            pos = end
        out.append(self.text[pos:])
        return self.prefix + "".join(out), spans

    def _line(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def _line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def _line_end(self, pos: int) -> int:
        """Index just after the newline that ends the line holding ``pos``."""
        nl = self.text.find("\n", pos)
        return len(self.text) if nl < 0 else nl + 1

    def _field_lines(self, want: dict, indent: str, first: str | None = None) -> str:
        lines = []
        for name in FIELD_ORDER:
            if name in want:
                lead = first if (first is not None and not lines) else indent
                lines.append(f"{lead}{name}: {render_scalar(want[name])}")
        return self.newline.join(lines)

    def _flow(self, want: dict) -> str:
        return "{" + ", ".join(f"{k}: {render_scalar(want[k], flow=True)}" for k in FIELD_ORDER if k in want) + "}"

    def _figure_edits(self, fig: _Figure) -> list:
        node, want, tag = fig.node, fig.want, fig.tag
        if node.flow_style:
            self.structural = True
            return [(node.start_mark.index, node.end_mark.index, self._flow(want), tag)]
        col = node.start_mark.column
        edits = []
        for name in FIELD_ORDER:
            old, new = fig.values.get(name), want.get(name)
            if name in fig.fields and name in want:
                if old != new:
                    v = fig.fields[name][1]
                    text = render_scalar(new)
                    edits.append((v.start_mark.index, v.end_mark.index, text, tag))
                    self.structural |= not self._swappable(v, text, new)
                continue
            self.structural |= name in fig.fields or name in want
            if name in fig.fields:  # cleared in the sheet: remove its line
                k, v = fig.fields[name]
                start = self._line_start(k.start_mark.index)
                if self.text[start:k.start_mark.index].strip():
                    return self._rewrite_block(fig)  # it shares the line with "- "
                edits.append((start, self._line_end(v.end_mark.index), "", tag))
            elif name in want:  # new field: after the field before it in FIELD_ORDER
                before = [n for n in FIELD_ORDER[: FIELD_ORDER.index(name)] if n in fig.fields]
                anchor = fig.fields[before[-1]][1] if before else None
                if anchor is None:
                    return self._rewrite_block(fig)
                at = self._line_end(anchor.end_mark.index)
                lead = "" if at < len(self.text) or self.text.endswith("\n") else self.newline
                edits.append((at, at, lead + self._field_lines({name: new}, " " * col) + self.newline, tag))
        return edits

    def _rewrite_block(self, fig: _Figure) -> list:
        last = max((v for _, v in fig.fields.values()), key=lambda v: v.end_mark.index)
        end = self._line_end(last.end_mark.index)
        tail = self.newline if self.text[:end].endswith("\n") else ""
        text = self._field_lines(fig.want, " " * fig.node.start_mark.column, first="") + tail
        return [(fig.node.start_mark.index, end, text, fig.tag)]

    def _append_edits(self, city: _City) -> list:
        seq = city.figures_node
        if seq.flow_style and seq.value:
            at = seq.end_mark.index - 1  # the closing ]
            text = "".join(", " + self._flow(want) for want, _ in city.new)
            return [(at, at, text, city.new[0][1])]
        if seq.value:
            dash = seq.start_mark.column
            col = seq.value[0].start_mark.column
            last = city.figures[-1]
            end_node = max((v for _, v in last.fields.values()), key=lambda v: v.end_mark.index)
            at = self._line_end(end_node.end_mark.index)
            lead = "" if self.text[:at].endswith("\n") else self.newline
            items = [self._field_lines(w, " " * col, first=" " * dash + "-" + " " * (col - dash - 1)) + self.newline
                     for w, _ in city.new]
            return [(at, at, lead + "".join(items), city.new[0][1])]
        # figures: [] -> a block list under the key, indented like the rest of the file
        key_col = city.figures_key.start_mark.column
        dash, col = key_col + 2, key_col + 4
        for other in self.cities:
            if other.figures and not other.figures_node.flow_style:
                dash = key_col + other.figures_node.start_mark.column - other.figures_key.start_mark.column
                col = dash + other.figures[0].node.start_mark.column - other.figures_node.start_mark.column
                break
        items = [self._field_lines(w, " " * col, first=" " * dash + "-" + " " * (col - dash - 1))
                 for w, _ in city.new]
        start = city.figures_key.end_mark.index
        return [(start, seq.end_mark.index, ":" + self.newline + self.newline.join(items), city.new[0][1])]


def read_data_text(path: str | Path) -> DataText:
    """Read the data file for editing; a file YAML cannot parse is reported as ``mapgen check`` would."""
    from ..limits import DATA_BYTES
    from ..paths import read_input
    from ..records import load_records

    p = Path(path)

    def refuse(message: str) -> DataError:
        return DataError([Problem(str(path), None, "", "", message.removeprefix(f"{path}: "))])

    raw = read_input(p, "a YAML file", DATA_BYTES, refuse)  # a regular file within the limit, as check reads it
    prefix = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    try:
        text = raw[len(prefix.encode()):].decode("utf-8")
        return DataText(text, str(path), prefix)
    except (UnicodeDecodeError, yaml.YAMLError, AttributeError, TypeError, KeyError, ValueError):
        load_records(p)  # the loader's own, located message
        raise DataError([Problem(str(path), None, "", "", "is not a mapgen data file; run mapgen check")]) from None
