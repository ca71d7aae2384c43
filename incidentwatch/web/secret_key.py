"""The application's secret key: from the environment or a file, never from the repository.

Order: ``$INCIDENTWATCH_SECRET``; the file ``$INCIDENTWATCH_SECRET_FILE``; else
``<data dir>/incidentwatch/secret`` (``$XDG_DATA_HOME`` or ``~/.local/share``), created on first
use with 32 random bytes and mode 0600.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from ..errors import IncidentwatchError

MIN_LENGTH = 32  # characters: 128 bits or more however the secret is written


class SecretError(IncidentwatchError):
    pass


def data_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "incidentwatch"


def _check(secret: str, where: str) -> str:
    secret = secret.strip()
    if len(secret) < MIN_LENGTH:
        raise SecretError(f"{where}: the secret is shorter than {MIN_LENGTH} characters")
    return secret


def load_secret(env: Mapping[str, str]) -> str:
    """The secret key, creating the default file when there is none (see the module docstring)."""
    if env.get("INCIDENTWATCH_SECRET"):
        return _check(env["INCIDENTWATCH_SECRET"], "INCIDENTWATCH_SECRET")
    if env.get("INCIDENTWATCH_SECRET_FILE"):
        path = Path(env["INCIDENTWATCH_SECRET_FILE"])
        try:
            return _check(path.read_text(encoding="utf-8"), str(path))
        except OSError as error:
            raise SecretError(f"{path}: cannot read the secret file ({error.strerror})") from None
    path = data_dir(env) / "secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return _check(path.read_text(encoding="utf-8"), str(path))
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(32))
    if path.stat().st_mode & 0o077:
        raise SecretError(f"{path}: the secret file is readable by others; chmod 600 it")
    return _check(path.read_text(encoding="utf-8"), str(path))
