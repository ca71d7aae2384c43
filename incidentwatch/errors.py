"""The exception tree of incidentwatch.

    IncidentwatchError
     ├── InputError(path, reason)        an input file or article could not be read
     ├── ResourceError(file, line, msg)  a bundled data file is malformed
     ├── PipelineError                   a pipeline was built wrongly (missing stage output)
     ├── GoldError(file, line, msg)      an evaluation gold file is malformed
     └── StoreError                      the database refused a write (the write left nothing behind)

Every error prints as one line; the CLI catches ``IncidentwatchError`` and prints it.
"""

from __future__ import annotations

from .models.vocab import RejectReason


class IncidentwatchError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(IncidentwatchError):
    def __init__(self, path: str, reason: RejectReason, detail: str = "") -> None:
        self.path = path
        self.reason = reason
        self.detail = detail
        super().__init__(f"{path}: {reason.value}" + (f" ({detail})" if detail else ""))


class ResourceError(IncidentwatchError):
    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")


class PipelineError(IncidentwatchError):
    pass


class GoldError(IncidentwatchError):
    def __init__(self, file: str, line: int | None, message: str) -> None:
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")


class StoreError(IncidentwatchError):
    pass
