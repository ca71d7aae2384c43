"""Real servers for the tests: a PostgreSQL started from Debian's binaries on a loopback port."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PostgresServer:
    """initdb in a temporary folder, postgres on a free loopback port, torn down by ``stop``."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="iw-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = list(args)
        if self.as_root:  # initdb and postgres refuse to run as root
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> str:
        if self.as_root:
            os.chmod(self.root, 0o777)
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "-t", "60", "start")
        except subprocess.CalledProcessError as error:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"postgres did not start: {error.stderr}\n{log}") from None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
            time.sleep(0.2)
        raise RuntimeError(f"postgres is not listening:\n{self.log.read_text()}")

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """The URL of a PostgreSQL started for a benchmark and stopped afterwards; None (and a note
    on stderr) when the binaries are missing."""
    bindir = postgres_bin()
    if bindir is None:
        print("PostgreSQL binaries not found: skipping PostgreSQL", file=sys.stderr)
        yield None
        return
    server = PostgresServer(bindir)
    try:
        yield server.start()
    finally:
        server.stop()
