"""Renderers of a scene as images: PNG, SVG and PDF, drawn by :mod:`mapgen.image` (no browser)."""

from __future__ import annotations

from ..scene import ImageSpec, Scene
from .registry import register

__all__ = ["render_png", "render_svg", "render_pdf"]


def _draw(scene: Scene, fmt: str) -> bytes:
    from ..image import render_image  # matplotlib: only when an image is asked for

    spec = scene.image or ImageSpec()
    return render_image(scene, fmt, spec.width, spec.unit, spec.font)


@register("png")
def render_png(scene: Scene) -> bytes:
    """The map (or a unit's card) as a PNG, WeChat article width by default."""
    return _draw(scene, "png")


@register("svg")
def render_svg(scene: Scene) -> bytes:
    """The map as SVG: text drawn as paths, no script, no outside reference."""
    return _draw(scene, "svg")


@register("pdf")
def render_pdf(scene: Scene) -> bytes:
    """The map as PDF for print: fonts embedded, text kept as text."""
    return _draw(scene, "pdf")
