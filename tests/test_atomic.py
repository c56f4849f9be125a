"""Writes are atomic: a failed or killed write leaves the published page as it was.

``write_atomic`` writes a temporary ``.<name>.mapgen-<pid>-*.tmp`` file in the target's folder, fsyncs it
and renames it over the target. These tests break the write at each step, and kill a process
with SIGKILL in the middle of writing a 300 MB page.
"""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mapgen.errors import OutputError
from mapgen.write import write_atomic

OLD = b"<!DOCTYPE html><title>the published map</title>\n" * 100
NEW = "<!DOCTYPE html><title>the new map</title>\n" * 100


class _HalfWrite:
    """A file whose write stores half the bytes, then fails like a full disk (or is interrupted)."""

    def __init__(self, fh, exc: BaseException):
        self._fh, self._exc = fh, exc

    def write(self, data: bytes) -> int:
        self._fh.write(data[: len(data) // 2])
        self._fh.flush()
        raise self._exc

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()
        return False


def _fail(exc: BaseException):
    def boom(*_args, **_kwargs):
        raise exc
    return boom


def _half_write(exc: BaseException):
    real = os.fdopen
    return lambda *args, **kwargs: _HalfWrite(real(*args, **kwargs), exc)


FAILURES = [
    # (where it fails, what to patch on os, the replacement, what write_atomic raises)
    ("fsync", "fsync", _fail(OSError(errno.EIO, "Input/output error")), OutputError),
    ("disk-full-mid-write", "fdopen", _half_write(OSError(errno.ENOSPC, "No space left on device")), OutputError),
    ("interrupted-mid-write", "fdopen", _half_write(KeyboardInterrupt()), KeyboardInterrupt),
    ("chmod", "chmod", _fail(PermissionError(errno.EPERM, "Operation not permitted")), OutputError),
    ("rename", "replace", _fail(PermissionError(errno.EACCES, "Permission denied")), OutputError),
]


@pytest.mark.parametrize("old", [OLD, None], ids=["over-an-old-page", "no-old-page"])
@pytest.mark.parametrize("step, name, replacement, raised", FAILURES, ids=[f[0] for f in FAILURES])
def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch, step, name, replacement,
                                                              raised, old):
    target = tmp_path / "map.html"
    if old is not None:
        target.write_bytes(old)
    monkeypatch.setattr(os, name, replacement)
    with pytest.raises(raised) as info:
        write_atomic(target, NEW)
    monkeypatch.undo()
    if raised is OutputError:
        assert str(target) in str(info.value)
    if old is None:
        assert not target.exists()
    else:
        assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == (["map.html"] if old is not None else [])


def test_text_that_cannot_be_encoded_leaves_the_old_file(tmp_path):
    target = tmp_path / "map.html"
    target.write_bytes(OLD)
    with pytest.raises(Exception):  # noqa: B017 - which error is test_hostile's business; atomicity is ours
        write_atomic(target, "lone surrogate: \ud800")
    assert target.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_a_successful_write_replaces_the_file_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "map.html"
    target.write_bytes(OLD)
    assert write_atomic(target, NEW) == target
    assert target.read_text("utf-8") == NEW
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
    assert target.stat().st_mode & 0o777 == 0o644


# ---- SIGKILL in the middle of a large write -------------------------------------------------

SIZE = 300_000_000  # bytes of the new page: long enough to be killed half-way through
CHILD = textwrap.dedent("""\
    import sys, time
    from mapgen.write import write_atomic
    text = "n" * int(sys.argv[2])
    print("ready", flush=True)
    start = time.monotonic()
    write_atomic(sys.argv[1], text)
    print("done", time.monotonic() - start, flush=True)
    """)


def _start(target: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(target), str(SIZE)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _is_complete_new(path: Path) -> bool:
    if path.stat().st_size != SIZE:
        return False
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 24):
            digest.update(chunk)
    return digest.hexdigest() == hashlib.sha256(b"n" * SIZE).hexdigest()


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".map.html.") and p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def write_seconds(tmp_path_factory) -> float:
    """How long one 300 MB write_atomic takes here, so kills can be timed inside it."""
    target = tmp_path_factory.mktemp("calibrate") / "map.html"
    proc = _start(target)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0 and out.startswith("done"), out
    assert _is_complete_new(target)
    return float(out.split()[1])


def test_sigkill_during_a_large_write_leaves_the_old_or_the_complete_new_file(tmp_path, write_seconds, report):
    outcomes = []
    for fraction in (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.2):
        folder = tmp_path / f"kill-{fraction}"
        folder.mkdir()
        target = folder / "map.html"
        target.write_bytes(OLD)
        proc = _start(target)
        time.sleep(write_seconds * fraction)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        old = target.stat().st_size == len(OLD) and target.read_bytes() == OLD
        new = not old and _is_complete_new(target)
        assert old or new, f"killed after {fraction:.0%} of a write: the target is neither the old file nor the new one"
        outcomes.append((fraction, "old" if old else "new", _temps(folder)))
    # The kills must have landed inside writes, or this test proved nothing.
    assert any(temps for _, _, temps in outcomes), outcomes
    left = [f"{f:.0%}: target {state}, left {temps or 'nothing'}" for f, state, temps in outcomes]
    report(f"atomic: SIGKILL during a {SIZE // 1_000_000} MB write ({write_seconds:.2f} s) at " + "; ".join(left))


def test_a_write_never_removes_files_it_did_not_make(tmp_path):
    """Issue 12: a user's file that merely looks like a temp file is theirs; only this call's temp goes."""
    target = tmp_path / "map.html"
    target.write_bytes(OLD)
    an_hour_ago = time.time() - 3600
    lookalikes = [tmp_path / ".map.html.k1l2m3n4.tmp", tmp_path / ".map.html.mapgen-1-zz_9q8w.tmp",
                  tmp_path / ".index.html.k1l2m3n4.tmp", tmp_path / "notes.tmp", tmp_path / ".map.html.bak"]
    for path in lookalikes:
        path.write_bytes(b"<!DOCTYPE html><title>half a pa")
        os.utime(path, (an_hour_ago, an_hour_ago))
    write_atomic(target, NEW)
    assert target.read_text("utf-8") == NEW
    assert all(p.exists() for p in lookalikes)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["map.html", *(p.name for p in lookalikes)])
