"""Which record a sheet row is for: by adcode, else by name in any script or form.

The same rules as the join (:mod:`mapgen.join`): names are compared through
:func:`mapgen.names.name_key` on both sides (合肥市, 合肥, 合肥 in Traditional
script, Hefei, hefei), pinyin only when nothing else answers. A row that
matches nothing gets suggestions ("did you mean 亳州市?").
"""

from __future__ import annotations

import difflib
from functools import cached_property

from ..names import name_key, pinyin

__all__ = ["Matcher", "NoMatch"]

# Characters of place names that editors often type as a look-alike (毫州 for 亳州):
# wrong -> right. Used only to suggest, never to match.
_LOOKALIKES = str.maketrans({"毫": "亳", "黝": "黟", "纵": "枞", "睢": "濉", "窝": "涡", "翕": "歙", "泸": "沪"})


class NoMatch(LookupError):
    """The row names no record, or names two; the message says which and suggests."""


class Matcher:
    """Look up records (plain dicts with ``adcode`` and ``name``) by a row's adcode and name."""

    def __init__(self, records: list[dict]):
        self.records = records
        self.by_code: dict[int, int] = {}
        self.by_key: dict[str, list[int]] = {}
        for i, rec in enumerate(records):
            if isinstance(rec.get("adcode"), int):
                self.by_code.setdefault(rec["adcode"], i)
            if isinstance(rec.get("name"), str):
                self.by_key.setdefault(name_key(rec["name"]), []).append(i)

    @cached_property
    def _by_pinyin(self) -> dict[str, list[int]]:
        # pypinyin costs 0.15 s to import: only when a row's name matched nothing else
        out: dict[str, list[int]] = {}
        for key, idx in self.by_key.items():
            if any(ord(ch) > 0x2E80 for ch in key):
                out.setdefault(name_key(pinyin(key)), []).extend(idx)
        return out

    def _named(self, name: str) -> list[int]:
        key = name_key(name)
        return self.by_key.get(key) or self._by_pinyin.get(key, [])

    def label(self, i: int) -> str:
        rec = self.records[i]
        return f"{rec['adcode']} {rec['name']}" if rec.get("adcode") else str(rec.get("name"))

    def find(self, adcode: int | None, name: str | None) -> int:
        """The index of the record the row is for.

        Raises
        ------
        NoMatch
            With what was tried and the closest names.
        """
        if name is not None and len(name) > 40:
            raise NoMatch(f"the name {name[:37] + '...'!r} is {len(name)} characters long; no unit is named so")
        if adcode is not None:
            i = self.by_code.get(adcode)
            if i is None:
                hint = ""
                if name:
                    named = self._named(name)
                    hint = (f"; the name {name!r} is {self.label(named[0])}" if len(named) == 1
                            else self._suggest(name))
                raise NoMatch(f"adcode {adcode} is not in the data file{hint or '; check the code'}")
            if name and i not in self._named(name):
                raise NoMatch(f"the name {name!r} does not match adcode {adcode} ({self.records[i]['name']}); "
                              "correct one of them")
            return i
        if not name:
            raise NoMatch("the row has neither an adcode nor a name")
        named = self._named(name)
        if len(named) == 1:
            return named[0]
        if named:
            raise NoMatch(f"the name {name!r} is ambiguous: {', '.join(self.label(i) for i in named)}; "
                          "add an adcode column")
        raise NoMatch(f"no unit named {name!r} in the data file{self._suggest(name)}")

    def _suggest(self, name: str) -> str:
        key = name_key(name)
        names = {name_key(r["name"]): r["name"] for r in self.records if isinstance(r.get("name"), str)}
        fixed = key.translate(_LOOKALIKES)
        close = [fixed] if fixed != key and fixed in names else []
        close = close or difflib.get_close_matches(key, list(names), n=3, cutoff=0.5)
        if not close and key.isascii():
            spelled = {name_key(pinyin(k)): k for k in names if any(ord(ch) > 0x2E80 for ch in k)}
            close = [spelled[k] for k in difflib.get_close_matches(key, list(spelled), n=3, cutoff=0.6)]
        if not close:
            return ""
        return "; did you mean " + " or ".join(names[k] for k in close) + "?"
