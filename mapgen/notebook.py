"""The notebook adapter: a folium Map that shows mapgen's page.

Builds never import folium; notebooks get a real ``folium.Map`` (it shows
itself in Jupyter, can be saved), whose document is the page mapgen renders
from the same scene, so ``m.get_root().render() == mapgen.render(...)``.
"""

from __future__ import annotations

from html import escape

import folium
from branca.element import Figure

from .renderers import renderer
from .scene import Scene

__all__ = ["folium_map"]


class _SceneFigure(Figure):
    """A branca Figure whose document is a mapgen renderer's output, not branca's template."""

    # The notebook's output frame. Its page lays out as a standalone page (the
    # map fills the frame below the header), so the whole map and its legend
    # show; branca's own frame would take a height attribute ("85vh" reads as
    # 85 px) or a fixed-ratio box.
    HEIGHT = 680

    def __init__(self, scene: Scene, fmt: str):
        super().__init__(height=f"{self.HEIGHT}px")
        self.scene = scene
        self.fmt = fmt

    def render(self, **kwargs) -> str:
        return renderer(self.fmt)(self.scene)

    def _repr_html_(self, **kwargs) -> str:
        return (f'<iframe srcdoc="{escape(self.render(**kwargs))}" title="{escape(self.scene.t(self.scene.text["title"]))}" '
                f'style="display:block;width:100%;height:{self.HEIGHT}px;border:0" allowfullscreen></iframe>')


def folium_map(scene: Scene, fmt: str = "page") -> folium.Map:
    """A folium Map at the scene's view whose root renders as mapgen's page (or fragment)."""
    view = scene.view
    m = folium.Map(location=view["center"], zoom_start=view["zoom"], tiles=None)
    _SceneFigure(scene, "fragment" if fmt == "fragment" else "page").add_child(m)
    # Stable element ids (branca would draw random ones): derived from the map id.
    m._id = scene.map_id.replace("-", "_")
    return m
