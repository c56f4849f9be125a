"""Stage 6: write a file atomically, only where asked, never over an input.

Every command writes through :func:`write_atomic`. It refuses what is not (or would not
become) a regular file (a device, a named pipe, a folder, a name ending in ``/``), a
read-only file, and any file the command reads (compared by what the path leads to,
not by spelling). It writes a temporary file of its own in the target's folder,
fsyncs it, gives it the old file's permission bits and renames it over the target
with ``os.replace``: readers see the old file or the new one, never half of one, a
failed write leaves the old file untouched, and writers racing on one target each
leave one complete file. Only the temporary file this call made is ever removed.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError
from .paths import file_kind, os_message, unnamed

__all__ = ["write_atomic", "check_output", "TEMP_MARK"]

# Temporary files are ".<name>.mapgen-<pid>-<random>.tmp": recognisable, and unique to the process.
TEMP_MARK = ".mapgen-"
_NAME_MAX = 255


def check_output(path: str | Path, inputs: Iterable[str | Path | None] = ()) -> Path:
    """Refuse ``path`` as an output unless writing it is safe; return it as a Path.

    Raises
    ------
    OutputError
        If ``path`` names a folder, a device, a pipe or a socket, a read-only file, a name
        too long for the file system, or a file among ``inputs`` (by real path).
    """
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    unnamed(text, "the output", OutputError)
    if text.endswith(("/", os.sep)) or os.path.basename(text) in ("", ".", ".."):
        raise OutputError(f"{text}: names a folder; give a file name such as "
                          f"{os.path.join(text, 'map.html')}")
    target = Path(text)
    if len(os.fsencode(target.name)) > _NAME_MAX:
        raise OutputError(f"{text}: the file name is {len(os.fsencode(target.name))} bytes long; "
                          f"at most {_NAME_MAX} bytes are allowed")
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"{text}: cannot be written: {os_message(exc)}") from None
    except ValueError:  # a NUL character (the API, or a name no shell would pass)
        raise OutputError(f"{text}: cannot be written: a file name cannot hold a NUL character") from None
    if st is not None and not stat.S_ISLNK(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(f"{text}: is a folder; give a file name such as {target / 'map.html'}")
        if not stat.S_ISREG(st.st_mode):
            raise OutputError(f"{text}: is {file_kind(st.st_mode)}, not a regular file; mapgen writes only "
                              "regular files. Give a file name.")
        if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise OutputError(f"{text}: is read-only; make it writable (chmod u+w) or give another name")
    for source in inputs:
        if source is not None and _same(source, target):
            raise OutputError(f"{text}: is also an input of this command ({source}); writing it would "
                              "destroy it. Give another output name.")
    return target


def write_atomic(path: str | Path, data: str | bytes, *, inputs: Iterable[str | Path | None] = ()) -> Path:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically and return the path.

    Parameters
    ----------
    path : str or Path
        The file to write; its folder is created if missing.
    data : str or bytes
        The content.
    inputs : iterable of paths
        Every file the command read: none of them may be the output.

    Raises
    ------
    OutputError
        If the output is refused (see :func:`check_output`) or cannot be written.
    """
    target = check_output(path, inputs)
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise OutputError(f"{target}: the text cannot be written as UTF-8 ({exc.reason} at "
                              f"character {exc.start})") from None
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(target)
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target.name), suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write to {folder}: {os_message(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)  # ours alone: mkstemp made it, with a unique name
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: could not be written: {os_message(exc)}") from None
        raise
    return target


def _temp_prefix(name: str) -> str:
    mark = f"{TEMP_MARK}{os.getpid()}-"
    room = _NAME_MAX - len(mark) - 1 - 8 - 4 - 8  # ".", mkstemp's random part, ".tmp", spare
    short = name
    while len(os.fsencode(short)) > room:
        short = short[:-1]
    return f".{short}{mark}"


def _mode_for(target: Path) -> int:
    """The old file's permission bits, or what a new file gets under the umask."""
    try:
        st = os.stat(target)
        if stat.S_ISREG(st.st_mode):
            return stat.S_IMODE(st.st_mode) & 0o777
    except FileNotFoundError:
        pass
    except OSError:
        pass  # a dangling or looping link: it is replaced, not followed
    return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux says it without changing it (os.umask would, for a moment, for every thread)
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _same(source: str | Path, target: Path) -> bool:
    try:
        return os.path.samefile(source, target)
    except (OSError, ValueError):
        try:  # one of them does not exist yet: compare where they lead
            return os.path.realpath(source) == os.path.realpath(target)
        except (OSError, ValueError):
            return False
