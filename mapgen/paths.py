"""Paths given inside the project stay inside it.

A data file, boundary file or output folder named by a path inside the current
folder must not lead out of it through a symbolic link: a link planted in a
shared checkout could otherwise make ``mapgen build`` read or overwrite files
elsewhere. A path the editor writes as outside (``--out /srv/www/map.html``)
is their explicit choice and is left alone.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import MapgenError

__all__ = ["confined"]


def confined(path: str | Path, what: str, *, parent_only: bool = False) -> Path:
    """Return ``path`` unchanged, or raise if it escapes the project through a link.

    Parameters
    ----------
    path : str or Path
        As the editor gave it.
    what : str
        What it is, for the message ("the data file", "the output folder").
    parent_only : bool
        Check only the folder (for an output file, which is replaced, not followed).
    """
    given = Path(path)
    base = Path.cwd().resolve()
    lexical = Path(os.path.normpath(given if given.is_absolute() else base / given))
    if not lexical.is_relative_to(base):
        return given
    target = lexical.parent if parent_only else lexical
    real = target.resolve()
    if not real.is_relative_to(base):
        raise MapgenError(f"{path}: {what} leads out of the project through a symbolic link (to {real}); "
                          "refusing. Give the real path if that is where you mean.")
    return given
