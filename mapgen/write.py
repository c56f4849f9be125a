"""Stage 6: write the page atomically.

A temporary file in the target's folder is written, flushed and fsynced, then
renamed over the target with ``os.replace``: readers see the old file or the
new one, never half of one, and a failed build leaves the old file untouched.
"""

from __future__ import annotations

import glob
import os
import tempfile
import time
from pathlib import Path

from .errors import OutputError

__all__ = ["write_atomic", "write_atomic_bytes"]


def write_atomic(path: str | Path, text: str | bytes) -> Path:
    """Write ``text`` (UTF-8; bytes as they are) to ``path`` atomically and return the path."""
    return write_atomic_bytes(path, text.encode("utf-8") if isinstance(text, str) else text)


def write_atomic_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path.

    Raises
    ------
    OutputError
        If the folder does not exist or cannot be written.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name such as {target / 'map.html'}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        started = time.time()
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write to {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: could not be written: {exc.strerror}") from None
        raise
    _remove_stale(folder, target.name, started)
    return target


def _remove_stale(folder: Path, name: str, before: float) -> None:
    """Remove temp files a killed build left behind (a SIGKILL leaves no chance to clean).

    Only files not touched since this write began: a build still writing keeps
    its file fresh and is left alone.
    """
    for stale in folder.glob(f".{glob.escape(name)}.*.tmp"):
        try:
            if stale.stat().st_mtime < before:
                stale.unlink()
        except OSError:
            pass  # gone already, or not ours to remove
