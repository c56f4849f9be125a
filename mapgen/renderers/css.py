"""Scope a stylesheet under one element, so a pasted map and its host page
cannot restyle each other, and two maps on a page keep their own colours.

Every selector is prefixed with the map's id (``#mg-1234 .mg-panel``); a
selector that starts with ``.mg-root`` names the map's root element itself.
The id also lifts our rules above a host page's usual class and element rules.
"""

from __future__ import annotations

import re

__all__ = ["scope_css"]

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_ROOT = ".mg-root"


def _split_selectors(head: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(head):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(head[start:i])
            start = i + 1
    parts.append(head[start:])
    return [p.strip() for p in parts if p.strip()]


def _scope_selector(selector: str, scope: str) -> str:
    if selector.startswith(_ROOT):
        return scope + selector[len(_ROOT):]
    return f"{scope} {selector}"


def _block_end(css: str, start: int) -> int:
    depth = 1
    i = start
    while depth:
        if css[i] == "{":
            depth += 1
        elif css[i] == "}":
            depth -= 1
        i += 1
    return i


def scope_css(css: str, scope: str) -> str:
    """Prefix every rule of ``css`` with ``scope`` (e.g. ``"#mg-1234"``).

    >>> scope_css(".a, .mg-root.b .c { x: 1 } @media (max-width: 600px) { .d { y: 2 } }", "#m")
    '#m .a,#m.b .c{x: 1}\\n@media (max-width: 600px){#m .d{y: 2}}'
    """
    css = _COMMENT.sub("", css)
    out: list[str] = []
    i = 0
    while True:
        j = css.find("{", i)
        if j < 0:
            break
        head = css[i:j].strip()
        if head.startswith("@"):
            end = _block_end(css, j + 1)
            out.append(f"{head}{{{scope_css(css[j + 1:end - 1], scope)}}}")
        else:
            end = css.index("}", j) + 1
            selectors = ",".join(_scope_selector(s, scope) for s in _split_selectors(head))
            out.append(f"{selectors}{{{css[j + 1:end - 1].strip()}}}")
        i = end
    return "\n".join(out)
