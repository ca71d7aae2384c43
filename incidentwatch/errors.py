"""The exception tree of incidentwatch.

    IncidentwatchError
     ├── InputError(path, reason)        an input file or article could not be read
     ├── ResourceError(file, line, msg)  a bundled data file is malformed
     ├── PipelineError                   a pipeline was built wrongly (missing stage output)
     ├── ArticleFailure(article, ...)    one article broke a stage (a bug) or ran over its time budget
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

    def __reduce__(self):  # noqa: ANN204 - pickled between worker processes: keep every field
        return (type(self), (self.path, self.reason, self.detail))


class ResourceError(IncidentwatchError):
    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # noqa: ANN204
        return (type(self), (self.file, self.line, self.message))


class PipelineError(IncidentwatchError):
    pass


class ArticleFailure(IncidentwatchError):
    """One article that a stage could not finish: ``reason`` is ``internal_error`` (a bug met on
    this article: the stage raised) or ``too_slow`` (over the per-article time budget). The
    article fails alone; the batch goes on. Prints as one line naming the article."""

    INTERNAL = "internal_error"
    TOO_SLOW = "too_slow"

    def __init__(self, article: str, reason: str, stage: str, detail: str = "") -> None:
        self.article, self.reason, self.stage, self.detail = article, reason, stage, detail
        super().__init__(f"{article}: {reason} in stage {stage}" + (f" ({detail})" if detail else ""))

    def __reduce__(self):  # noqa: ANN204
        return (type(self), (self.article, self.reason, self.stage, self.detail))


class GoldError(IncidentwatchError):
    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # noqa: ANN204
        return (type(self), (self.file, self.line, self.message))


class StoreError(IncidentwatchError):
    pass
