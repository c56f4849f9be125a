"""Stage 1 of a draft: text -> candidate figures, each with its unit and sentence.

``extract`` reads every number in the text (:mod:`.numbers`), decides which unit it is
about (:mod:`.segment`), and keeps it as a :class:`Figure` or, when it is not a figure or
belongs to no unit, as an :class:`Unattributed` number with the reason, so that nothing
is silently dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal

from .candidates import Region, Unit
from .numbers import find_numbers
from .segment import REGION, Layout
from .tables import KEYS, PERIODS, UNIT_KEYS

__all__ = ["Figure", "Unattributed", "Extraction", "extract"]

# Nouns for the units a map draws: 13个地级市 counts them, it is no unit's figure.
_LEVEL_NOUNS = {"province": ("省", "直辖市", "自治区"), "city": ("地级市", "城市", "市", "地市"),
                "county": ("县", "区", "县区", "区县")}
_PERIOD = re.compile("|".join(f"(?:{p})" for p in PERIODS))
_LABEL_STOP = re.compile(r"[,;:、。!?()（）\n“”《》]|\d")
_VERB = re.compile(r"(?:和|与|及|开展|实现|纳入|结对|参与|用于|成立|入围|在|被|为|是|以|已|均|将|对外)")
_LEAD = re.compile(r"^(?:个|家|名|万|亿|其中|并且|并|和|及|与|有|共|已|均|为|是|达到|达|新|累计|总计|合计|约|近|超过|超)+")
_TRAIL = re.compile(r"(?:的|为|是|达到了|达到|达|有|约有|约|近|将近|接近|超过了|超过|超|逾|突破|总计|合计|共计|共|"
                    r"累计|高达|多达|仅为|只有|也只有|了|与|和|及|占|增长|增加|提高|下降|减少)+$")


@dataclass(frozen=True)
class Figure:
    """A figure said of one unit, as printed, with the sentence it came from."""

    unit: Unit
    value: Decimal
    measure: str              # unit of measure as the data file writes it: 亿元, 个, %
    qualifier: str | None
    period: str | None
    label: str
    key: str
    printed: str
    sentence: str
    start: int


@dataclass(frozen=True)
class Unattributed:
    """A number seen but not kept as a unit's figure, and why."""

    printed: str
    reason: str
    sentence: str
    start: int


@dataclass
class Extraction:
    """What :func:`extract` found, in text order."""

    region: Region
    figures: list[Figure] = field(default_factory=list)
    unattributed: list[Unattributed] = field(default_factory=list)

    def by_unit(self) -> dict[Unit, list[Figure]]:
        """Figures grouped by unit, units sorted by adcode."""
        out: dict[Unit, list[Figure]] = {}
        for f in sorted(self.figures, key=lambda f: (f.unit.adcode, f.start)):
            out.setdefault(f.unit, []).append(f)
        return out


def extract(text: str, region: Region) -> Extraction:
    """Find the figures of ``region``'s units in a normalised article text.

    Parameters
    ----------
    text : str
        As :func:`mapgen.draft.read.normalise` returns it.
    region : Region
        The candidate units (:func:`mapgen.draft.candidates.candidate_units`).

    Examples
    --------
    >>> from mapgen.draft.candidates import Region, Unit
    >>> r = Region("测试", "city", ("测试省",), (Unit(1, "甲市", "甲城"), Unit(2, "乙市", "乙城")))
    >>> [(f.unit.name, str(f.value), f.measure) for f in extract("甲市、乙市分别增长5%和7%。", r).figures]
    [('甲市', '5', '%'), ('乙市', '7', '%')]
    """
    layout = Layout(text, region)
    result = Extraction(region)
    numbers = find_numbers(text)
    zipped = _respectively(layout, [n for n in numbers if n.unit])
    keys: dict[Unit, dict[str, int]] = {}
    for n in numbers:
        sentence = _sentence_text(layout, n.start)
        if n.unit is None:
            result.unattributed.append(Unattributed(n.printed, n.reason, sentence, n.start))
            continue
        if layout.in_quotes(n.start, n.end):
            result.unattributed.append(Unattributed(n.printed, "inside quotation marks (a name or slogan)",
                                                    sentence, n.start))
            continue
        if n.unit in ("个", "家") and text.startswith(_LEVEL_NOUNS.get(region.level, ()), n.end):
            result.unattributed.append(Unattributed(n.printed, f"a count of {region.level}-level units",
                                                    sentence, n.start))
            continue
        unit, why = zipped.get(n.start) or layout.unit_of(n.start)
        if unit is None or unit is REGION:
            result.unattributed.append(Unattributed(n.printed, why, sentence, n.start))
            continue
        measure = _measure(text, n)
        label = _label(text, n)
        key = _unique(_key(label, measure), keys.setdefault(unit, {}))
        result.figures.append(Figure(unit, n.value, measure, n.qualifier, _period(layout, n.start),
                                     label, key, n.printed, sentence, n.start))
    return result


def _respectively(layout: Layout, figures) -> dict[int, tuple[Unit, str]]:
    """Figures after 分别 in a sentence that lists units before it, zipped in order."""
    out = {}
    text = layout.text
    starts = [f.start for f in figures]
    for m in re.finditer("分别", text):
        s_start, s_end = layout.sentence(m.start())
        units = []
        for mention in layout.mentions_between(s_start, m.start()):
            if mention.unit is not REGION and mention.unit not in units:
                units.append(mention.unit)
        after = figures[bisect_left(starts, m.end()):bisect_left(starts, s_end)]
        if len(units) >= 2 and after and len(after) % len(units) == 0:
            for i, f in enumerate(after):
                out[f.start] = (units[i % len(units)], "listed before 分别")
    return out


def _measure(text: str, n) -> str:
    # 1.97万少数民族常住人口: a bare magnitude counting people is 万人
    if n.unit in ("万", "亿") and re.match(r"[^,;。、\d]{0,10}人口", text[n.end:n.end + 12]):
        return n.unit + "人"
    return n.unit


def _period(layout: Layout, pos: int) -> str | None:
    start, end = layout.segment(pos)
    found = None
    for m in _PERIOD.finditer(layout.text, start, pos):
        found = m.group(0)
    if found:
        return found.removeprefix("自").removeprefix("截至").removeprefix("截止").removeprefix("到")
    return None


def _label(text: str, n) -> str:
    """What the figure counts, from the words around it.

    Chinese puts the counted thing after the measure (召开8场见面会) or before the number
    (引进人才200余人): the words after win when they are a noun phrase, not a verb.
    """
    stop = max((m.end() for m in _LABEL_STOP.finditer(text, max(0, n.start - 30), n.start)),
               default=max(0, n.start - 30))
    before = _TRAIL.sub("", _LEAD.sub("", text[stop:n.start].strip()))
    nxt = _LABEL_STOP.search(text, n.end, n.end + 30)
    after = text[n.end:nxt.start() if nxt else n.end + 30].strip()
    after = _VERB.split(re.sub(r"^(?:的|人民币|以上|左右)+", "", after), 1)[0]
    after = _TRAIL.sub("", after)
    if not before:  # 仅为0.2%, 增加102.8万人: the clause before says what
        raw = text[stop:n.start].strip()
        prev = text[max(0, stop - 30):max(0, stop - 1)]
        before = raw if len(raw) >= 2 else re.split(r"[,;:、。\n]", prev)[-1].strip()
    label = after[:20] if len(after) >= 2 else before[-20:]
    return label.strip() or "待确认"


def _key(label: str, measure: str) -> str:
    key = next((k for word, k in KEYS if word in label), None)
    if key is None:
        bare = measure.removeprefix("万亿").removeprefix("亿").removeprefix("万") or measure
        return UNIT_KEYS.get(bare, "count" if bare else "amount")
    if measure == "%" and key not in ("growth", "urbanisation_rate"):
        return key + "_rate"
    if measure == "百分点":
        return key + "_change"
    return key


def _unique(key: str, used: dict[str, int]) -> str:
    """``key``, or ``key_2``, ``key_3``… when the unit has it already."""
    n = used.get(key, 0) + 1
    used[key] = n
    return key if n == 1 else f"{key}_{n}"


def _sentence_text(layout: Layout, pos: int) -> str:
    start, end = layout.sentence(pos)
    return layout.text[start:end].strip()
