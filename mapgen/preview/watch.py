"""Notice when the files a map is built from change, by polling.

File-system events do not arrive on network drives or in Docker bind mounts,
so we poll: every ``interval`` seconds each file's size and mtime are read,
and its content hashed (a small file always, a large one when its size or
mtime moved). A change is reported only once the files have stayed the same
for ``debounce`` seconds, so an editor that writes twice rebuilds once, and an
atomic save (write a temporary file, remove the old one, rename) is seen as
one change to the new content. A file that is missing must stay missing for
``grace`` seconds before that is reported: it is usually being replaced.

Only the content counts: ``touch`` or a save without changes rebuilds nothing.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["Watcher", "snapshot"]

# Below this size a file is hashed on every poll: coarse mtimes (FAT, some
# network drives: 2 s) can hide a same-size edit such as 480.4 -> 512.6.
ALWAYS_HASH = 1 << 20

Signature = tuple[int, int, bytes] | None  # (size, mtime_ns, sha256), None when missing


def _signature(path: Path, before: Signature) -> Signature:
    try:
        st = path.stat()
        if before is not None and st.st_size > ALWAYS_HASH and (st.st_size, st.st_mtime_ns) == before[:2]:
            return before
        digest = hashlib.sha256(path.read_bytes()).digest()
    except OSError:  # missing, or gone between stat and read (an atomic save in progress)
        return None
    return (st.st_size, st.st_mtime_ns, digest)


def snapshot(paths: Iterable[Path], before: dict[Path, Signature] | None = None) -> dict[Path, Signature]:
    """The signature of every path now (``before`` lets large unchanged files skip hashing)."""
    before = before or {}
    return {p: _signature(p, before.get(p)) for p in paths}


def _content(snap: dict[Path, Signature]) -> dict[Path, bytes | None]:
    return {p: (s[2] if s else None) for p, s in snap.items()}


class Watcher:
    """Call ``on_change(changed_paths)`` in a thread whenever the content of the inputs settles changed.

    Parameters
    ----------
    inputs : callable
        Returns the paths to watch; asked again after every change (the set
        of files a map uses can change with the data, e.g. fonts).
    on_change : callable
        Called with the sorted list of changed paths, in the watcher's thread.
    interval, debounce, grace : float
        Seconds between polls; how long the files must stay unchanged; how
        long a file must stay missing before that counts as a change.
    """

    def __init__(self, inputs: Callable[[], Iterable[Path]], on_change: Callable[[list[Path]], None],
                 interval: float = 0.1, debounce: float = 0.2, grace: float = 1.0):
        self.inputs, self.on_change = inputs, on_change
        self.interval, self.debounce, self.grace = interval, debounce, max(grace, debounce)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mapgen-watch", daemon=True)
        self._last = snapshot(self.inputs())

    def start(self) -> Watcher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            now = snapshot(self.inputs(), self._last)
            if _content(now) == _content(self._last):
                self._last = now
                continue
            now = self._settle(now)
            if now is None:
                return
            changed = sorted(p for p in set(now) | set(self._last)
                             if _content(now).get(p) != _content(self._last).get(p))
            # Taken before the rebuild reads the files: an edit during the rebuild is seen next poll.
            self._last = now
            if changed:
                self.on_change(changed)

    def _settle(self, now: dict[Path, Signature]) -> dict[Path, Signature] | None:
        """Poll until nothing has changed for ``debounce`` (``grace`` while a file is missing)."""
        # Finer steps than the poll while settling: the update waits about `debounce`, not a poll more.
        step = min(self.interval, self.debounce / 4) or self.interval
        since = time.monotonic()
        while True:
            if self._stop.wait(step):
                return None
            again = snapshot(now, now)
            if _content(again) != _content(now):
                now, since = again, time.monotonic()
                continue
            wait = self.grace if None in now.values() else self.debounce
            if time.monotonic() - since >= wait:
                return now
