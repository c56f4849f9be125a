"""Issue 12 for ``mapgen serve``: hostile options and hostile requests.

Options: Hypothesis drives the command with arbitrary values; the outcome is exit 0, 1 or 2
with no traceback, and bad input ends it *before* it serves (here ``serve_forever`` only
records that it was reached, so no server is ever left running).

Requests: one real server (a subprocess on a free port) gets raw requests with hostile
paths, headers and queries; it answers each with a status, never a file from outside what
it serves, and never prints a traceback.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REAL_DATA
from mapgen.cli import main
from test_reliability_fuzz import SCALE, hard_text

SETTINGS = dict(deadline=None, derandomize=SCALE == 1,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# ---- options ---------------------------------------------------------------------------------

class _Served(Exception):
    """Raised where the server would start serving: the options were accepted."""


@pytest.fixture
def no_serving(tmp_path, monkeypatch):
    """serve up to the point of serving: binding, building and watching are real, serving is not."""
    from mapgen.preview import server

    def reached(self, *args, **kwargs):
        raise KeyboardInterrupt  # what Ctrl-C does: the command cleans up and exits 0

    monkeypatch.setattr(server.PreviewServer, "serve_forever", reached)
    monkeypatch.setattr(server.Preview, "rebuild", lambda self, changed=None: True)  # the build is tested elsewhere
    monkeypatch.chdir(tmp_path)
    shutil.copy(REAL_DATA, tmp_path / "d.yaml")
    (tmp_path / "pipe.yaml").unlink(missing_ok=True)
    os.mkfifo(tmp_path / "pipe.yaml")
    return tmp_path


serve_values = {
    "--data": st.sampled_from(["d.yaml", "missing.yaml", ".", "pipe.yaml", "/dev/zero", "d.yaml/x"]) | hard_text,
    "--port": st.sampled_from(["0", "-1", "65536", "80x", "1e3", ""]) | hard_text,
    "--host": st.sampled_from(["127.0.0.1", "::1", "localhost", "", "0.0.0.0", "256.1.1.1", "a" * 300, "x\x00y",
                               "例子.测试", "[::1]", "-", "xn--", "a." * 70]) | hard_text,
    "--interval": st.sampled_from(["0.1", "nan", "inf", "-1", "0", "1e-300", "10"]) | hard_text,
    "--out": st.sampled_from(["o.html", "d.yaml", "o/", "/dev/null", "pipe.yaml"]) | hard_text,
    "--color-by": st.sampled_from(["theme", "projects", "nope"]) | hard_text,
    "--classes": st.sampled_from(["3", "0", "99999999999999999999999"]) | hard_text,
    "--breaks": st.sampled_from(["1,2", "nan", "2,1"]) | hard_text,
    "--title": hard_text,
    "--lang": st.sampled_from(["en", "zh-Hant"]) | hard_text,
    "--format": st.sampled_from(["page", "fragment", "png", "iframe-snippet"]) | hard_text,
    "--src": st.sampled_from(["//x", "https://a.org/m.html"]) | hard_text,
    "--map-id": st.sampled_from(["main", "m1"]) | hard_text,
    "--geodata": st.sampled_from(["d.yaml", "missing.json", "pipe.yaml"]) | hard_text,
}


@settings(max_examples=60 * SCALE, **SETTINGS)
@given(options=st.dictionaries(st.sampled_from(sorted(serve_values)), st.none(), max_size=5).flatmap(
    lambda keys: st.fixed_dictionaries({k: serve_values[k] for k in keys})), write=st.booleans())
def test_serve_refuses_bad_options_before_serving_and_never_tracebacks(no_serving, options, write):
    args = ["serve", "--port", "0", "--data", "d.yaml"]
    for key, value in options.items():
        args += [key, value]
    args += ["--write"] if write else []
    before = (no_serving / "d.yaml").read_bytes()
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.output, result.output[-3000:]
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    served = "serving http://" in result.output
    assert served == (result.exit_code == 0), result.output[-2000:]  # bad input never reaches serving
    assert (no_serving / "d.yaml").read_bytes() == before


# ---- requests --------------------------------------------------------------------------------

SECRET = "top secret: outside the preview"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One real ``mapgen serve`` for every request below; stopped at the end of the module."""
    here = tmp_path_factory.mktemp("serve")
    shutil.copy(REAL_DATA, here / "d.yaml")
    (here / "secret.txt").write_text(SECRET, "utf-8")
    (here.parent / "secret.txt").write_text(SECRET, "utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mapgen", "serve", "--data", "d.yaml", "--port", "0"],
                            cwd=here, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    line = ""
    deadline = time.monotonic() + 90
    while "serving http://" not in line and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
    port = int(re.search(r"serving http://127\.0\.0\.1:(\d+)/", line).group(1))
    yield proc, port
    proc.terminate()
    out, err = proc.communicate(timeout=30)
    assert "Traceback" not in out + err, (out + err)[-3000:]
    assert SECRET not in out + err


def raw(port: int, request: bytes, timeout: float = 10) -> bytes:
    """Send ``request`` as is; return what came back before the server closed (or the timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(request)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass
    return b"".join(chunks)


HOSTILE_PATHS = [
    b"/../secret.txt", b"/../../secret.txt", b"/%2e%2e/secret.txt", b"/%2E%2E%2Fsecret.txt", b"/..%2fsecret.txt",
    b"/secret.txt", b"//secret.txt", b"/./secret.txt", b"/index.html/../secret.txt", b"/d.yaml",
    b"/etc/passwd", b"//etc/passwd", b"http://127.0.0.1/../../etc/passwd", b"file:///etc/passwd",
    b"/%00", b"/\x00/secret.txt", b"/%ff%fe", b"/\xff\xfe", b"/\xc3\x28", b"/" + b"a" * 70_000,
    b"/" + b"%2e%2e/" * 2000 + b"etc/passwd", b"/\\..\\secret.txt", b"*", b"/_mapgen/", b"/_mapgen/state/..",
    b"/favicon.ico/../secret.txt", b"/?../../secret.txt", b"/#../secret.txt",
]
STATE_QUERIES = [
    b"serial=1" + b"1" * 5000, b"serial=-1e309", b"serial=nan", b"serial=%00", b"version=%ff%fe&serial=x",
    b"serial=1&serial=2&version=a&version=b", b"version=" + b"v" * 60_000, b"&&&==&", b"serial=\xff",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS, ids=lambda p: repr(p[:40])[2:-1])
def test_hostile_paths_get_a_status_never_a_file_from_outside(server, path):
    _, port = server
    reply = raw(port, b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert re.match(rb"HTTP/1\.[01] (200|204|400|403|404|414|431) ", reply), reply[:300]
    assert SECRET.encode() not in reply and b"root:x:0:0" not in reply and b"\ncities:\n" not in reply
    if reply.startswith((b"HTTP/1.1 200", b"HTTP/1.0 200")):  # only the page itself
        assert b"<!DOCTYPE html>" in reply


@pytest.mark.parametrize("query", STATE_QUERIES, ids=lambda q: repr(q[:30])[2:-1])
def test_odd_questions_to_the_state_endpoint_are_answered(server, query):
    _, port = server
    reply = raw(port, b"GET /_mapgen/state?" + query + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                timeout=40)
    assert re.match(rb"HTTP/1\.[01] (200|400|414) ", reply), reply[:300]


@pytest.mark.parametrize("request_", [
    b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello",
    b"PUT /secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\n\r\nx",
    b"DELETE /d.yaml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    b"GET / HTTP/1.1\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: \xff\xfe\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: " + b"a" * 70_000 + b"\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X: y\r\n" * 200 + b"\r\n",
    b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET / HTTP/1.1 extra\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello
    b"GET /_mapgen/state HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    b"GET\r\n\r\n",
    b"\r\n\r\n\r\n",
], ids=lambda r: repr(r[:24])[2:-1])
def test_odd_requests_get_a_status_never_a_traceback(server, request_):
    _, port = server
    reply = raw(port, request_, timeout=2)  # a request never finished (the TLS hello) gets nothing back
    # a status line; or, to what is not HTTP/1.x, the standard library's bare error page (as HTTP/0.9)
    assert re.match(rb"HTTP/1\.[01] [2-5]\d\d ", reply) or reply.startswith(b"<!DOCTYPE HTML>") and \
        b"<title>Error response</title>" in reply or reply == b"", reply[:300]
    assert SECRET.encode() not in reply
    if b"evil.example" in request_ and b"127.0.0.1\r\nHost" not in request_:
        assert reply.startswith(b"HTTP/1.0 403") or reply.startswith(b"HTTP/1.1 403"), reply[:200]
