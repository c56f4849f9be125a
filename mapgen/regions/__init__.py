"""Regions of China: the catalogue of units and their shipped boundaries.

``from mapgen.regions import resolve, children`` is light (a 240 KB table); the boundary
loader (:mod:`mapgen.regions.boundaries`) imports geopandas and is imported on use.
"""

from mapgen.regions.catalogue import (
    CHINA, LEVELS, AmbiguousRegion, LevelError, RegionError, Unit, UnknownRegion, all_units,
    ancestors, children, default_level, describe, resolve, unit,
)

__all__ = [
    "CHINA", "LEVELS", "AmbiguousRegion", "LevelError", "RegionError", "Unit", "UnknownRegion",
    "all_units", "ancestors", "children", "default_level", "describe", "resolve", "unit",
]
