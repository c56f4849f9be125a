"""YAML syntax errors in words an editor reads: where, what, and the fix.

The parser says "while scanning a quoted scalar ... found unexpected end of
stream" at the end of the file; the editor needs "line 41: this quote is never
closed". Each rule below looks at the parser's problem and the line it points
at, and names the line where the mistake really is.
"""

from __future__ import annotations

import re

__all__ = ["explain"]

_FULLWIDTH_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*：")
_KEY_WITHOUT_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s+\S")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}|\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


_QUOTED_VALUE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*:\s+([\"'])")


def _unclosed_quote(text: str, stop: int) -> tuple[int, int, str] | None:
    """The last line up to ``stop`` whose quoted value does not close on that line."""
    lines = text.splitlines()[:stop]
    for number in range(len(lines), 0, -1):
        line = lines[number - 1]
        m = _QUOTED_VALUE.match(line)
        if not m:
            continue
        quote, rest = m.group(1), line[m.end():]
        body = rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        if quote not in body:
            return number, m.end(), quote
    return None


def explain(exc, text: str) -> tuple[int | None, str]:
    """Return ``(line, message)`` for a ``yaml.MarkedYAMLError`` raised on ``text``.

    >>> import yaml
    >>> doc = 'a: 1\\nsummary: "unclosed\\nb: 2\\n'
    >>> try:
    ...     yaml.safe_load(doc)
    ... except yaml.MarkedYAMLError as e:
    ...     explain(e, doc)
    (2, 'YAML syntax error at column 10: this quote is never closed; add the closing " at the end of the text, or remove the opening one')
    """
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    mark, start = exc.problem_mark, exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    here = _line(text, line) if line else ""

    def say(at_line, at_column, message):
        where = f" at column {at_column}" if at_column else ""
        return at_line, f"YAML syntax error{where}: {message}"

    if "could not determine a constructor" in problem:
        return say(line, None, f"{exc.problem}; a data file holds only text, numbers, lists and mappings: "
                   "delete the tag")
    # A tab anywhere in the indentation or before a token.
    if "tab character" in problem or "'\\t'" in problem or ("\t" in here and "cannot start any token" in problem):
        col = here.index("\t") + 1 if "\t" in here else column
        return say(line, col, "a tab character; YAML indents with spaces only: replace the tab with spaces")
    # A full-width colon after a key, on the line the parser stopped at or the one before it.
    for number in (line, (line or 1) - 1, start.line + 1 if start else None):
        m = _FULLWIDTH_COLON.match(_line(text, number)) if number else None
        if m:
            col = _line(text, number).index("：") + 1
            return say(number, col, f"the colon after {m.group(1)!r} is a full-width ：; type an ASCII colon "
                       "followed by a space (key: value)")
    if "escape" not in problem:
        # A quote opened on an earlier line and never closed: the parser ran on to the next quote.
        opened = _unclosed_quote(text, line or 0)
        if opened:
            number, col, quote = opened
            return say(number, col, f"this quote is never closed; add the closing {quote} at the end of the text, "
                       "or remove the opening one")

    if "quoted scalar" in context and start is not None:
        quote = _line(text, start.line + 1)[start.column:start.column + 1] or '"'
        if "escape" in problem:
            bad = _SURROGATE_ESCAPE.search(_line(text, line or 0))
            what = f"{bad.group()} is half of a surrogate pair (U+D800 to U+DFFF), not a character" if bad \
                else "a backslash escape that YAML does not know"
            return say(line, column, f"{what}; delete it, or write the character itself")
        return say(start.line + 1, start.column + 1, f"this quote is never closed; add the closing {quote} at the "
                   "end of the text, or remove the opening one")
    if "could not find expected ':'" in problem and start is not None:
        number = start.line + 1
        m = _KEY_WITHOUT_COLON.match(_line(text, number))
        key = f" after {m.group(1)!r}" if m else ""
        return say(number, None, f"a colon is missing{key}: write the key, a colon and a space, then the value "
                   "(value: 480.4)")
    if "mapping values are not allowed" in problem:
        return say(line, column, "this text contains ': ' (a colon and a space), which YAML reads as a new key; "
                   "put the whole text in quotes")
    if "expected <block end>" in problem or "did not find expected key" in problem or \
            "expected <block end>" in context:
        return say(line, column, "the indentation does not line up: indent this line with the same number of "
                   "spaces as the fields beside it")
    if "found character" in problem and "cannot start any token" in problem:
        return say(line, column, f"{exc.problem}; put the text in quotes")
    what = " ".join(s for s in (exc.context, exc.problem) if s)
    return say(line, column, what)
