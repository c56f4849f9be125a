"""Where mapgen may read and write: every command, alike.

:func:`confined` keeps a path inside the project from leading out of it through a
symbolic link (a link planted in a shared checkout could otherwise make a command read
or overwrite files elsewhere). It resolves first and checks after, so
``assets/../map.html`` through a linked ``assets`` is caught. A path the editor writes
as outside (``--out /srv/www/map.html``) is their explicit choice and is left alone.

:func:`read_input` is how every command reads a file it is given: only a regular file
(a named pipe would hang, ``/dev/zero`` never ends), within a size limit checked before
a byte is read.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from .errors import MapgenError
from .limits import Limit

__all__ = ["confined", "read_input", "check_input", "os_message", "file_kind", "unnamed"]


def os_message(exc: OSError) -> str:
    """An OSError in words, without the path Python would repeat (and maybe mangle)."""
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long (at most 255 bytes per name)"
    if exc.errno == errno.ELOOP:
        return "symbolic links loop"
    return exc.strerror or type(exc).__name__


def confined(path: str | Path, what: str, *, parent_only: bool = False) -> str | Path:
    """Return ``path`` as given, or raise if it leads out of the project through a link.

    Parameters
    ----------
    path : str or Path
        As the editor gave it (returned unchanged, trailing ``/`` included).
    what : str
        What it is, for the message ("the data file", "the output folder").
    parent_only : bool
        Check only the folder (for an output file, which is replaced, not followed).
    """
    given = Path(path)
    unnamed(given.parent if parent_only else path, what)
    try:
        base = Path.cwd().resolve()
        lexical = Path(os.path.normpath(given if given.is_absolute() else base / given))
        if not lexical.is_relative_to(base):
            return path
        # Resolve the path as typed: ".." after a link climbs from where the link leads.
        absolute = given if given.is_absolute() else base / given
        real = Path(os.path.realpath(absolute.parent if parent_only else absolute))
    except OSError as exc:
        raise MapgenError(f"{path}: {what} cannot be located: {os_message(exc)}") from None
    except (RuntimeError, ValueError) as exc:  # a loop (RuntimeError), a NUL byte (ValueError)
        raise MapgenError(f"{path}: {what} cannot be located: {exc}") from None
    if not real.is_relative_to(base):
        raise MapgenError(f"{path}: {what} leads out of the project through a symbolic link (to {real}); "
                          "refusing. Give the real path if that is where you mean.")
    return path


def unnamed(path: str | Path, what: str, error: Callable[[str], MapgenError] = MapgenError) -> None:
    """Raise ``error`` if ``path`` holds a lone surrogate no file name can hold (given through the API).

    Undecodable bytes of a real file name (``\\udcff``) are kept: the file system takes them back.
    """
    try:
        os.fsencode(path)
    except UnicodeEncodeError as exc:
        shown = os.fspath(path).encode("utf-8", "backslashreplace").decode("utf-8")
        raise error(f"{shown}: {what}: the name holds U+{ord(exc.object[exc.start]):04X}, half of a surrogate "
                    "pair and not a character; give the name as UTF-8 text") from None
    except TypeError:
        pass  # not a path at all: whoever opens it says so


def read_input(path: str | Path, what: str, limit: Limit,
               error: Callable[[str], MapgenError] = MapgenError) -> bytes:
    """Read a regular file of at most ``limit`` bytes, or raise ``error(message)``.

    ``what`` is what the file should be, for messages ("a YAML file").

    The file is checked before it is opened (a named pipe, device or folder is refused),
    opened without blocking, checked again (it may have been swapped), and read no
    further than the limit allows.
    """
    def refuse(message: str) -> MapgenError:
        return error(f"{path}: {message}")

    try:
        before = os.stat(path)
        _regular(before, what, refuse)
        _size(before.st_size, limit, refuse)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            now = os.fstat(fd)
            _regular(now, what, refuse)
            _size(now.st_size, limit, refuse)
            chunks, total = [], 0
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
                total += len(chunk)
                _size(total, limit, refuse)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise refuse("no such file") from None
    except IsADirectoryError:
        raise refuse(f"is a folder, expected {what}") from None
    except OSError as exc:
        raise refuse(f"cannot be read: {os_message(exc)}") from None
    except ValueError as exc:  # a NUL byte in the name
        raise refuse(f"cannot be read: {exc}") from None
    return b"".join(chunks)


def check_input(path: str | Path, what: str, limit: Limit,
                error: Callable[[str], MapgenError] = MapgenError) -> None:
    """Raise ``error(message)`` unless ``path`` is a regular file within ``limit`` bytes.

    For files another library opens by name (geopandas): checked before it opens them.
    """
    def refuse(message: str) -> MapgenError:
        return error(f"{path}: {message}")

    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise refuse("no such file") from None
    except OSError as exc:
        raise refuse(f"cannot be read: {os_message(exc)}") from None
    except ValueError as exc:
        raise refuse(f"cannot be read: {exc}") from None
    _regular(st, what, refuse)
    _size(st.st_size, limit, refuse)


def _regular(st: os.stat_result, what: str, refuse) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise refuse(f"is a folder, expected {what}")
    if not stat.S_ISREG(st.st_mode):
        raise refuse(f"is {file_kind(st.st_mode)}, not a regular file; expected {what}")


def _size(found: int, limit: Limit, refuse) -> None:
    if found > limit.value:
        raise refuse(limit.describe(found))


def file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
