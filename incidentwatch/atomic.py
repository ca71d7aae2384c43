"""Writing a file whole or not at all: a temporary file beside it, renamed into place.

Every file the commands write (exports, reports, PDFs) goes through :func:`write_atomically`,
so a reader never sees half a file and a failure leaves no temporary file behind. The file gets
the permissions any new file of the user's gets (``0o666`` less the umask), not the ``0o600``
of a temporary file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

T = TypeVar("T")


def current_umask() -> int:
    """The process's umask (read by setting it and setting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path | str, write: Callable[[BinaryIO], T]) -> T:
    """Call ``write`` on a binary file beside ``path`` and move it into place when it returns.

    Returns:
        What ``write`` returned.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as f:
            result = write(f)
            f.flush()
            os.fsync(f.fileno())  # on disk before it takes the old file's place
        os.chmod(temporary, 0o666 & ~current_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return result


def write_bytes_atomically(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole or not at all; returns the path."""
    write_atomically(path, lambda f: f.write(data))
    return Path(path)
