"""Renderers: each turns one scene into one output format (see ``registry``)."""

from .registry import formats, renderer

__all__ = ["formats", "renderer"]
