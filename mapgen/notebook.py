"""The notebook adapter: a folium Map that shows mapgen's page.

Builds never import folium; notebooks get a real ``folium.Map`` (it shows
itself in Jupyter, can be saved), whose document is the page mapgen renders
from the same scene, so ``m.get_root().render() == mapgen.render(...)``.
"""

from __future__ import annotations

import folium
from branca.element import Figure

from .renderers import renderer
from .scene import Scene

__all__ = ["folium_map"]


class _SceneFigure(Figure):
    """A branca Figure whose document is a mapgen renderer's output, not branca's template."""

    def __init__(self, scene: Scene, fmt: str):
        super().__init__(height="85vh")  # the notebook frame: tall enough for map and legend
        self.scene = scene
        self.fmt = fmt

    def render(self, **kwargs) -> str:
        return renderer(self.fmt)(self.scene)


def folium_map(scene: Scene, fmt: str = "page") -> folium.Map:
    """A folium Map at the scene's view whose root renders as mapgen's page (or fragment)."""
    view = scene.view
    m = folium.Map(location=view["center"], zoom_start=view["zoom"], tiles=None)
    _SceneFigure(scene, "fragment" if fmt == "fragment" else "page").add_child(m)
    # Stable element ids (branca would draw random ones): derived from the map id.
    m._id = scene.map_id.replace("-", "_")
    return m
