"""What a path may be before it is opened: a regular file, inside the folder it was found in.

Opening a FIFO blocks until someone writes to it (``ingest`` hung on one, and ``extract`` read
it as empty), and a device or a socket is no article either; ``stat`` tells without opening.
A symlink inside a folder that leads out of it (``news/x.txt -> /etc/shadow``) is refused: the
folder given is the boundary of what is read.
"""

from __future__ import annotations

import stat
from pathlib import Path

from ..errors import InputError
from ..models import RejectReason

_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))


def not_a_regular_file(path: Path) -> InputError | None:
    """The error for a path that is missing or not a regular file (symlinks followed), else None."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return InputError(str(path), RejectReason.NOT_FOUND)
    except OSError as error:
        return InputError(str(path), RejectReason.MALFORMED, error.strerror or type(error).__name__)
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return InputError(str(path), RejectReason.MALFORMED, f"{kind}, not a regular file: not read")


def leads_outside(path: Path, root: Path) -> bool:
    """Whether ``path`` (found under the folder ``root``) resolves to somewhere outside it."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return True


def outside_error(path: Path, root: Path) -> InputError:
    return InputError(str(path), RejectReason.MALFORMED, f"a symlink out of {root}: not followed")
