"""The renderers of a scene, by output format.

A renderer takes a :class:`~mapgen.scene.Scene` and returns the output (text or
bytes); nothing else. Formats register here, so the pipeline and the CLI find
every format in one table, and a new output (an image, a preview) is one more
registration, not another code path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["register", "renderer", "formats"]

_RENDERERS: dict[str, Callable[[Any], str | bytes]] = {}


def register(name: str) -> Callable:
    """Decorator: make ``fn(scene)`` the renderer of format ``name``."""
    def add(fn: Callable[[Any], str | bytes]) -> Callable[[Any], str | bytes]:
        if name in _RENDERERS:
            raise ValueError(f"format {name!r} registered twice")  # a programming error, at import
        _RENDERERS[name] = fn
        return fn
    return add


def _load() -> None:
    from . import html, image  # noqa: F401  (register page, fragment, iframe-snippet; png, svg, pdf)


def renderer(name: str) -> Callable[[Any], str | bytes]:
    """The renderer of format ``name`` (validated by the options model beforehand)."""
    _load()
    return _RENDERERS[name]


def formats() -> tuple[str, ...]:
    """Every registered format."""
    _load()
    return tuple(_RENDERERS)
