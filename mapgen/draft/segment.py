"""Which passage is about which unit.

Three signals, strongest first:

1. a list of units before 分别 ("A、B两市分别增长X和Y"): the figures after it belong to
   the units in order;
2. a unit named earlier in the same sentence (the nearest one), or, in a section, a unit
   named as the subject of a clause;
3. the paragraph's last unit, then the section heading (a line that is only a unit's name,
   as in our source article).

The region itself (安徽省, 全省) named as the subject of the figure's clause makes the
figure a total, which is left out when mapping its units.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .candidates import Region, Unit

__all__ = ["Mention", "Layout", "REGION"]

REGION = Unit(0, "(the whole region)", "")  # stands for the region in attributions

_SENTENCE_END = re.compile(r"[。\n]")  # ? and ! in a copied report are mostly mojibake
_SEGMENT_END = re.compile(r"[。;；\n]")
_WINDOW = 400  # a sentence longer than this is not one; bounds the work per number
_ENDS = {_SENTENCE_END: "。\n", _SEGMENT_END: "。;；\n"}
_QUOTES = re.compile(r"“[^”\n]{0,60}”|《[^》\n]{0,60}》|「[^」\n]{0,60}」")
_EXCEPT = re.compile(r"除[^,，。;；]{1,12}?(?:外|以外)")
# What may stand before a clause's subject: nothing, or a connective (而淮北市…, 其中合肥…).
_SUBJECT_PREFIX = frozenset({"", "而", "但", "其中", "同时", "此外", "另外", "在", "据", "且", "从", "而且"})
_HEADING_PREFIX = re.compile(r"^(?:\d{1,2}[.、)]|[一二三四五六七八九十]{1,3}[、.]|\(\d{1,2}\)|[·•*#-])\s*")


@dataclass(frozen=True)
class Mention:
    """A unit (or the region, :data:`REGION`) named at ``start:end``."""

    start: int
    end: int
    unit: Unit
    subject: bool  # named at the start of its clause


class Layout:
    """Sentences, paragraphs, sections and unit mentions of a normalised text."""

    def __init__(self, text: str, region: Region):
        self.text = text
        self.region = region
        self.names = _name_table(region)
        self.sections = self._sections()
        self.mentions = self._mentions()
        self._mention_starts = [m.start for m in self.mentions]
        self.quoted = [(m.start(), m.end()) for m in _QUOTES.finditer(text)]
        self._quote_starts = [a for a, _ in self.quoted]
        self._section_starts = [a for a, _ in self.sections]

    # -- spans -------------------------------------------------------------------------
    def sentence(self, pos: int, pattern: re.Pattern = _SENTENCE_END) -> tuple[int, int]:
        """Start and end of the sentence (or ;-segment) around ``pos``."""
        t = self.text
        chars = _ENDS[pattern]
        start = max(max(t.rfind(c, max(0, pos - _WINDOW), pos) for c in chars) + 1, max(0, pos - _WINDOW))
        end_m = pattern.search(t, pos, pos + _WINDOW)
        return start, end_m.end() if end_m else min(len(t), pos + _WINDOW)

    def segment(self, pos: int) -> tuple[int, int]:
        return self.sentence(pos, _SEGMENT_END)

    def paragraph(self, pos: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return start, len(self.text) if end < 0 else end

    def clause_start(self, pos: int) -> int:
        s, _ = self.segment(pos)
        return max(max(self.text.rfind(c, s, pos) for c in ",;:，；：") + 1, s)

    def in_quotes(self, start: int, end: int) -> bool:
        i = bisect_right(self._quote_starts, start - 1) - 1  # the last quote opening before start
        return i >= 0 and end < self.quoted[i][1]

    # -- attribution --------------------------------------------------------------------
    def unit_of(self, pos: int) -> tuple[Unit | None, str]:
        """The unit a figure at ``pos`` is about, and how that was decided."""
        s_start, _ = self.sentence(pos)
        section = self.section_at(pos)
        clause = self.clause_start(pos)
        for m in reversed(self.mentions_between(s_start, pos)):
            if m.unit is REGION:
                if m.subject and m.start >= clause:
                    return REGION, "a total for the whole region"
                continue
            if section is not None and not m.subject and m.unit != section:
                continue  # a unit mentioned in passing inside another unit's section
            if self.text[m.end:pos].strip("、和与及 ") == "":
                return None, "a count of the units just named"
            return m.unit, "named in the sentence"
        p_start, _ = self.paragraph(pos)
        for m in reversed(self.mentions_between(p_start, s_start)):
            if m.unit is not REGION and (section is None or m.subject):
                return m.unit, "named earlier in the paragraph"
        if section is not None:
            return section, "section heading"
        return None, "no unit named in its sentence, paragraph or section"

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        i = bisect_right(self._mention_starts, start - 1)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            out.append(self.mentions[i])
            i += 1
        return out

    def section_at(self, pos: int) -> Unit | None:
        i = bisect_right(self._section_starts, pos) - 1
        return self.sections[i][1] if i >= 0 else None

    # -- building -----------------------------------------------------------------------
    def _sections(self) -> list[tuple[int, Unit]]:
        out = []
        pos = 0
        for line in self.text.split("\n"):
            bare = _HEADING_PREFIX.sub("", line.strip()).rstrip(":：")
            unit = self.names.get(bare)
            if unit is not None and unit is not REGION:
                out.append((pos, unit))
            pos += len(line) + 1
        return out

    def _mentions(self) -> list[Mention]:
        if not self.names:
            return []
        pattern = re.compile("|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True)))
        masked = [(m.start(), m.end()) for m in _EXCEPT.finditer(self.text)]
        masked_starts = [a for a, _ in masked]
        out = []
        for m in pattern.finditer(self.text):
            i = bisect_right(masked_starts, m.start()) - 1
            if i >= 0 and m.start() < masked[i][1]:
                continue  # 除广东省外: named to be excluded
            prefix = self.text[self.clause_start(m.start()):m.start()].strip()
            out.append(Mention(m.start(), m.end(), self.names[m.group()], prefix in _SUBJECT_PREFIX))
        return out


def _name_table(region: Region) -> dict[str, Unit]:
    names: dict[str, Unit] = {}
    shorts = {}
    for u in region.units:
        names[u.name] = u
        if len(u.short) >= 2:
            shorts.setdefault(u.short, []).append(u)
    for short, units in shorts.items():
        if len(units) == 1 and short not in names:
            names[short] = units[0]
    for alias in region.aliases:
        names.setdefault(alias, REGION)
    return names


