"""The deployment files, run as far as this machine allows without a container engine or a
systemd that is PID 1: the commands and environment of ``compose.yaml``'s services through
``deploy/entrypoint.sh`` (the image's entrypoint), and the command lines of
``deploy/incidentwatch-watch.service``, each against a real PostgreSQL on 127.0.0.1.

Only the paths an image or a host install would have are replaced: ``incidentwatch`` (or the
unit's venv path) by this interpreter's ``-m incidentwatch``, ``/run/secrets/NAME`` and
``/etc/incidentwatch/`` by files in a temporary folder, the ``db`` host by the test server, the
listening address and port by a free loopback one. Checks: each starts, ``serve`` answers
``/api/live`` (asked by the compose health check's own command), ``watch`` polls (and, run with
the deployed command line, refuses a loopback feed, as it must on the Internet), writes the
scheduled files, and each stops on SIGTERM with exit status 0.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from incidentwatch.store import Store
from incidentwatch.store.tables import WatchSource
from tests.servers import free_port
from tests.watch.newsroom import NewsroomServer, story

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
UNIT = ROOT / "deploy" / "incidentwatch-watch.service"
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
EXAMPLES = ROOT / "incidentwatch" / "examples"
PASSWORD = "p@ss/w:rd #1"  # what a URL would misread unless the entrypoint quotes it


def _cli(argv: list[str]) -> list[str]:
    """The installed ``incidentwatch`` (a console script, or the unit's venv path) as this checkout's."""
    assert argv[0] in ("incidentwatch", "/opt/incidentwatch/venv/bin/incidentwatch"), argv
    return [sys.executable, "-m", "incidentwatch", *argv[1:]]


def _base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INCIDENTWATCH_")}
    return env | {"PYTHONPATH": str(ROOT), "HOME": os.environ.get("HOME", "/tmp")}


def _stop(process: subprocess.Popen, limit: float) -> tuple[int, float]:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"no exit within {limit:.0f} s of SIGTERM")
    return code, time.monotonic() - started


@contextmanager
def _running(argv: list[str], env: dict[str, str], cwd: Path, log: Path) -> Iterator[subprocess.Popen]:
    """The command as a process, its output in ``log``; killed if the test leaves it running."""
    with log.open("wb") as out:
        process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _wait(condition, timeout: float, process: subprocess.Popen, log: Path) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process.poll() is not None:
            pytest.fail(f"exited {process.returncode}: {log.read_text()[-2000:]}")
        time.sleep(0.2)
    pytest.fail(f"timed out: {log.read_text()[-2000:]}")


def _polled(db_url: str) -> list[WatchSource]:
    store = Store.open(db_url)
    try:
        with store.sessions() as session:
            return [s for s in session.scalars(select(WatchSource)) if s.last_poll_at is not None]
    finally:
        store.close()


@pytest.fixture()
def newsroom():
    server = NewsroomServer()
    server.room.feeds["/feed"] = []
    server.room.add("/feed", story("deploy-a", "Bannu", 4))
    yield server.room
    server.stop()


def _config(folder: Path, newsroom_base: str) -> dict[str, Path]:
    """The configuration docs/deploy.md has a user copy: the example alerts and schedule files,
    and a sources file (the example's hosts are never contacted by tests) with one feed."""
    folder.mkdir()
    sources = folder / "sources.yaml"
    sources.write_text(f"defaults:\n  interval: 1\noutlets:\n  - name: Local\n    feeds: [{newsroom_base}/feed]\n")
    alerts = folder / "alerts.yaml"
    shutil.copy(EXAMPLES / "alerts.example.yaml", alerts)
    schedule = folder / "schedule.yaml"
    site = folder.parent / "site"
    text = (EXAMPLES / "schedule.example.yaml").read_text()
    assert "output: /srv/incidentwatch/site" in text
    schedule.write_text(text.replace("/srv/incidentwatch/site", str(site)))
    return {"sources.yaml": sources, "alerts.yaml": alerts, "schedule.yaml": schedule, "site": site}


# -- compose.yaml ------------------------------------------------------------------------------


def test_compose_secrets_and_variables_are_consistent():
    services, declared = COMPOSE["services"], set(COMPOSE["secrets"])
    for name, service in services.items():
        used = set(service.get("secrets", []))
        assert used <= declared, (name, used - declared)
        for key, value in (service.get("environment") or {}).items():
            if key.endswith("_FILE") and str(value).startswith("/run/secrets/"):
                assert value.removeprefix("/run/secrets/") in used, (name, key)
    # every variable the example alerts file names reaches the watcher (directly or as NAME_FILE,
    # which the entrypoint reads); it stops at start when one is missing
    names = set(re.findall(r"_env: (\w+)", (EXAMPLES / "alerts.example.yaml").read_text()))
    assert names
    watch_env = services["watch"]["environment"]
    entrypoint = ENTRYPOINT.read_text()
    for name in names:
        assert name in watch_env or (f"{name}_FILE" in watch_env and name in entrypoint), name
    assert "/api/live" in " ".join(services["serve"]["healthcheck"]["test"])
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "COPY deploy/entrypoint.sh /usr/local/bin/incidentwatch-entrypoint" in dockerfile
    assert 'ENTRYPOINT ["/usr/local/bin/incidentwatch-entrypoint"]' in dockerfile
    assert subprocess.run(["sh", "-n", str(ENTRYPOINT)]).returncode == 0


def _compose_env(service: str, secrets: Path, db_url: str) -> dict[str, str]:
    """The service's environment with its secrets in ``secrets`` and the ``db`` host the test's."""
    host_port, name = re.match(r".*@([^/]+)/(\w+)$", db_url).groups()  # type: ignore[union-attr]
    env = _base_env()
    for key, value in COMPOSE["services"][service]["environment"].items():
        value = str(value)
        if value.startswith("/run/secrets/"):
            value = str(secrets / value.removeprefix("/run/secrets/"))
        env[key] = value
    assert env["INCIDENTWATCH_DB_HOST"] == "db"
    env |= {"INCIDENTWATCH_DB_HOST": host_port, "INCIDENTWATCH_DB_NAME": name, "INCIDENTWATCH_DB_USER": "postgres"}
    return env


def _secrets(folder: Path) -> Path:
    folder.mkdir(mode=0o700)
    for name in COMPOSE["secrets"]:
        (folder / name).write_text(f"{name}-value-0123456789abcdef0123456789abcdef\n")
    (folder / "postgres_password").write_text(PASSWORD + "\n")
    return folder


def _command(service: str) -> list[str]:
    command = COMPOSE["services"][service]["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def test_compose_serve_through_the_entrypoint_answers_live_and_stops_on_sigterm(tmp_path, postgres_db):
    env = _compose_env("serve", _secrets(tmp_path / "secrets"), postgres_db)
    log = tmp_path / "serve.log"
    # `docker compose run --rm watch incidentwatch db upgrade`, as docs/deploy.md has it
    upgrade = subprocess.run(["sh", str(ENTRYPOINT), *_cli(["incidentwatch", "db", "upgrade"])], env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=300)
    assert upgrade.returncode == 0, upgrade.stderr[-2000:]
    argv = _command("serve")
    assert argv[argv.index("--host") + 1] == "0.0.0.0" and argv[argv.index("--port") + 1] == "8000"
    port = free_port()
    argv[argv.index("--host") + 1], argv[argv.index("--port") + 1] = "127.0.0.1", str(port)
    check = [part.replace("8000", str(port)) for part in COMPOSE["services"]["serve"]["healthcheck"]["test"][1:]]
    assert check[0] == "python"
    check[0] = sys.executable

    def healthy() -> bool:
        return subprocess.run(check, capture_output=True, timeout=30).returncode == 0

    with _running(["sh", str(ENTRYPOINT), *_cli(argv)], env, tmp_path, log) as process:
        _wait(healthy, 120, process, log)
        code, took = _stop(process, 30)
    assert code == 0, log.read_text()[-2000:]
    assert PASSWORD not in log.read_text()


def test_compose_watch_through_the_entrypoint_polls_writes_the_schedule_and_stops_on_sigterm(tmp_path, postgres_db,
                                                                                           newsroom):
    env = _compose_env("watch", _secrets(tmp_path / "secrets"), postgres_db)
    config = _config(tmp_path / "config", newsroom.base)
    argv = [str(config[Path(a).name]) if a.startswith("/config/") else a for a in _command("watch")]
    assert argv.count(str(config["sources.yaml"])) == 1 and str(config["alerts.yaml"]) in argv
    log = tmp_path / "watch.log"
    with _running(["sh", str(ENTRYPOINT), *_cli(argv)], env, tmp_path, log) as process:
        # the database URL the entrypoint built (the password quoted) works: the poll is recorded
        _wait(lambda: bool(_polled(postgres_db)), 120, process, log)
        _wait(lambda: (config["site"] / "incidents-current.csv").exists(), 60, process, log)
        code, took = _stop(process, 60)
    assert code == 0, log.read_text()[-2000:]
    assert (config["site"] / "report-current.html").exists()
    # the compose command has no --allow-private: a feed on a loopback address is refused, unasked
    source = _polled(postgres_db)[0]
    assert newsroom.requests["/feed"] == 0 and "127.0.0.1 resolves to" in (source.last_error or ""), source.last_error


# -- the systemd unit ----------------------------------------------------------------------------


def _unit() -> dict[str, list[str]]:
    """The unit's settings (continuation lines joined), each key to its values in order."""
    settings: dict[str, list[str]] = {}
    text = re.sub(r"\\\n\s*", " ", UNIT.read_text())
    for line in text.splitlines():
        if line and not line.startswith(("#", "[")) and "=" in line:
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def _unit_argv(line: str, etc: Path) -> list[str]:
    argv = [str(etc / a.removeprefix("/etc/incidentwatch/")) if a.startswith("/etc/incidentwatch/") else a
            for a in shlex.split(line)]
    return _cli(argv)


def test_systemd_unit_command_lines_start_poll_and_stop_on_sigterm(tmp_path, postgres_db, newsroom):
    unit = _unit()
    assert unit["EnvironmentFile"] == ["/etc/incidentwatch/env"] and unit["KillSignal"] == ["SIGTERM"]
    etc = tmp_path / "etc"
    config = _config(etc, newsroom.base)
    # /etc/incidentwatch/env as the unit's header describes it
    (etc / "env").write_text(f"INCIDENTWATCH_DB={postgres_db}\nINCIDENTWATCH_WEBHOOK_SECRET=0123456789abcdef\n"
                             "INCIDENTWATCH_SMTP_USER=desk\nINCIDENTWATCH_SMTP_PASSWORD=mail-secret\n")
    env = _base_env()
    for line in (etc / "env").read_text().splitlines():
        key, value = line.split("=", 1)
        env[key] = value
    names = set(re.findall(r"^#\s+(INCIDENTWATCH_\w+)=", UNIT.read_text(), re.M))
    assert names == {k for k in env if k.startswith("INCIDENTWATCH_")}, names  # the header names each one
    for line in unit["ExecStartPre"]:
        pre = subprocess.run(_unit_argv(line, etc), env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert pre.returncode == 0, pre.stderr[-2000:]
    (start,) = unit["ExecStart"]
    log = tmp_path / "journal.log"
    with _running(_unit_argv(start, etc), env, tmp_path, log) as process:
        _wait(lambda: bool(_polled(postgres_db)), 120, process, log)
        _wait(lambda: (config["site"] / "report-current.html").exists(), 60, process, log)
        code, took = _stop(process, float(unit["TimeoutStopSec"][0]))
    assert code == 0, log.read_text()[-2000:]
    assert took < 30  # well within TimeoutStopSec, after which systemd would kill it
    source = _polled(postgres_db)[0]
    assert newsroom.requests["/feed"] == 0 and "127.0.0.1 resolves to" in (source.last_error or ""), source.last_error


def test_systemd_unit_passes_systemd_analyze_verify(tmp_path):
    if shutil.which("systemd-analyze") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have systemd-analyze (.ci/run installs Debian's systemd)")
        pytest.skip("systemd-analyze is not installed")
    # the unit as installed, but for the executable: this machine has no /opt/incidentwatch/venv
    executable = tmp_path / "incidentwatch"
    executable.write_text("#!/bin/sh\nexit 0\n")
    executable.chmod(0o755)
    unit = tmp_path / UNIT.name
    unit.write_text(UNIT.read_text().replace("/opt/incidentwatch/venv/bin/incidentwatch", str(executable)))
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and UNIT.name not in result.stderr, result.stderr
