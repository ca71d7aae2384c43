"""Request bodies are bounded per route before the application reads them (``web/body_limit.py``).

The attack as reported: a 1 GiB anonymous POST to ``/api/incidents/1/confirm``, streamed over
loopback to ``incidentwatch serve`` in its own process. The answer (403 or 413) comes within a
second and the server's RSS grows by less than 50 MB, with a declared Content-Length and with a
chunked body that declares none.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from incidentwatch.web.body_limit import LOGIN_LIMIT, WRITE_LIMIT
from tests.servers import free_port
from tests.web.conftest import SECRET

GIB = 1 << 30
ROOT = str(Path(__file__).resolve().parents[2])


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


@pytest.fixture()
def served(web_store):
    """``incidentwatch serve`` on a free loopback port, in a child whose address space is capped."""
    port = free_port()
    env = {**os.environ, "INCIDENTWATCH_SECRET": SECRET, "PYTHONPATH": ROOT}

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    child = subprocess.Popen([sys.executable, "-m", "incidentwatch", "serve", "--db", web_store.url, "--port", str(port)],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=cap)
    deadline = time.monotonic() + 30
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        if child.poll() is not None or time.monotonic() > deadline:
            child.kill()
            raise RuntimeError("incidentwatch serve did not start")
        time.sleep(0.1)
    yield child.pid, port
    child.terminate()
    child.wait(timeout=10)


def _attack(port: int, *, chunked: bool) -> tuple[bytes, float]:
    """POST 1 GiB to /api/incidents/1/confirm, streamed; (the answer's first bytes, seconds to it)."""
    sock = socket.create_connection(("127.0.0.1", port))
    framing = b"Transfer-Encoding: chunked\r\n" if chunked else b"Content-Length: %d\r\n" % GIB
    sock.sendall(b"POST /api/incidents/1/confirm HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 + framing + b"\r\n")
    stop = threading.Event()

    def stream() -> None:
        block = b"[" * (1 << 20)
        piece = b"%x\r\n%s\r\n" % (len(block), block) if chunked else block
        try:
            for _ in range(GIB >> 20):
                if stop.is_set():
                    return
                sock.sendall(piece)
        except OSError:  # the server answered and closed
            pass

    sender = threading.Thread(target=stream, daemon=True)
    started = time.monotonic()
    sender.start()
    sock.settimeout(30)
    try:
        answer = sock.recv(4096)
    finally:
        elapsed = time.monotonic() - started
        stop.set()
        sock.close()
        sender.join(timeout=30)
    return answer, elapsed


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_gib_anonymous_post_is_refused_within_a_second_without_being_read(served, chunked):
    pid, port = served
    before = _rss(pid)
    answer, elapsed = _attack(port, chunked=chunked)
    time.sleep(0.3)  # what the server would still buffer
    grown = _rss(pid) - before
    status = answer.split(b"\r\n", 1)[0]
    assert status.startswith((b"HTTP/1.1 403", b"HTTP/1.1 413")), answer[:300]
    assert elapsed < 1.0, f"answered after {elapsed:.2f} s"
    assert grown < 50 * 1000 * 1000, f"server RSS grew by {grown / 1e6:.0f} MB"


def test_a_declared_length_over_the_limit_is_413_before_anything_is_read(site):
    client, token = site.login("ed")
    response = client.post("/api/incidents/1/confirm", content=b"{" * (WRITE_LIMIT + 1),
                           headers={"X-CSRF-Token": token, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == {"status": 413, "message": f"request body over {WRITE_LIMIT} bytes", "detail": None}
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_chunked_body_over_the_limit_is_413_for_an_editor_too(site):
    client, token = site.login("ed")

    def body():
        for _ in range(WRITE_LIMIT // 1024 + 2):
            yield b" " * 1024

    response = client.post("/api/incidents/1/confirm", content=body(),
                           headers={"X-CSRF-Token": token, "Content-Type": "application/json"})
    assert response.status_code == 413


def test_a_login_body_over_its_smaller_limit_is_413(site):
    client = site.client()
    token = client.get("/api/session").json()["csrf_token"]
    response = client.post("/api/session", json={"name": "ed", "password": "p" * LOGIN_LIMIT}, headers={"X-CSRF-Token": token})
    assert response.status_code == 413
    page = client.post("/login", data={"name": "ed", "password": "p" * LOGIN_LIMIT, "csrf_token": token})
    assert page.status_code == 413 and "text/html" in page.headers["content-type"]


def test_a_content_length_that_is_no_number_is_400(site):
    with socket.create_connection(("127.0.0.1", int(site.url.rsplit(":", 1)[1]))) as sock:
        sock.sendall(b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 1e9\r\n\r\n")
        sock.settimeout(5)
        assert sock.recv(4096).split(b"\r\n", 1)[0] in (b"HTTP/1.1 400 Bad Request", b"HTTP/1.1 400 ")


def test_an_editors_write_within_the_limit_goes_through(site):
    client, token = site.login("ed")
    incident = client.get("/api/incidents").json()["data"][0]
    response = client.post(f"/api/incidents/{incident['id']}/confirm", json={"row_version": incident["row_version"]},
                           headers={"X-CSRF-Token": token})
    assert response.status_code == 200 and response.json()["review_state"] == "confirmed"


def test_an_anonymous_write_with_a_body_is_still_refused_as_before(site):
    client = site.client()
    token = client.get("/api/session").json()["csrf_token"]  # a valid nonce token: only the session is missing
    response = client.post("/api/incidents/1/confirm", json={"row_version": 1}, headers={"X-CSRF-Token": token})
    assert response.status_code == 401
