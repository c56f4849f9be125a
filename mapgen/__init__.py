"""mapgen: turn a city-by-city report into a self-contained interactive map.

The public API mirrors the command line:

>>> import mapgen
>>> html = mapgen.render("data/initiatives.yaml")            # doctest: +SKIP
>>> m = mapgen.make_map("data/initiatives.yaml")              # doctest: +SKIP
>>> mapgen.build("data/initiatives.yaml", "output/map.html")  # doctest: +SKIP
>>> png = mapgen.render_image("data/initiatives.yaml", mapgen.BuildOptions(format="png"))  # doctest: +SKIP
"""

from .errors import DataError, GeodataError, MapgenError, OutputError, UsageError
from .options import BuildOptions
from .pipeline import CheckReport, build, check, make_map, render, render_image

__all__ = [
    "BuildOptions",
    "CheckReport",
    "DataError",
    "GeodataError",
    "MapgenError",
    "OutputError",
    "UsageError",
    "build",
    "check",
    "make_map",
    "render",
    "render_image",
]
