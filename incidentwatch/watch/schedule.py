"""Scheduled reports and exports (``watch --schedule schedule.yaml``), for a static site or a
shared folder:

```yaml
output: site/                 # a folder (created if missing)
every: 3600                   # seconds between runs; the first run is at the watcher's start
report: true                  # the current quarter's report: report-2024Q3.html and report-current.html
exports: [csv, geojson]       # the current quarter's incidents: incidents-2024Q3.csv ... and incidents-current.*
```

Every file is written to a temporary file in the same folder and moved into place with
``os.replace``: a reader (a web server, a sync client) sees the old file or the new one, never
half of one. A failed run is logged and tried again at the next; it never stops the watcher.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..atomic import write_atomically
from ..errors import IncidentwatchError
from ..store import Store
from .yaml_file import first_problem, read_mapping

log = logging.getLogger("incidentwatch.watch")
SUFFIX = {"csv": ".csv", "json": ".json", "geojson": ".geojson", "parquet": ".parquet", "acled": ".acled.csv"}


class ScheduleError(IncidentwatchError):
    """``schedule.yaml`` cannot be used."""


class ScheduleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    output: Path
    every: float = Field(default=3600.0, ge=1)
    report: bool = True
    exports: list[str] = []


def load_schedule(path: Path) -> ScheduleFile:
    try:
        parsed = ScheduleFile.model_validate(read_mapping(path, ScheduleError, "'output'"))
    except ValidationError as error:
        raise ScheduleError(f"{path}: {first_problem(error)}") from None
    unknown = [f for f in parsed.exports if f not in SUFFIX]
    if unknown:
        raise ScheduleError(f"{path}: exports: unknown format {unknown[0]!r} (one of {', '.join(SUFFIX)})")
    if not parsed.output.is_absolute():
        parsed.output = (path.parent / parsed.output).resolve()
    return parsed


def _bytes(data: bytes) -> Callable[[BinaryIO], object]:
    def write(out: BinaryIO) -> object:
        return out.write(data)

    return write


def current_quarter(today: date | None = None) -> str:
    today = today or date.today()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def run_schedule(store: Store, schedule: ScheduleFile, *, today: date | None = None) -> list[Path]:
    """Write the report and exports of the current quarter; returns the files written."""
    from ..analytics.periods import parse_period
    from ..analytics.selection import resolve_selection
    from ..exports import ExportContext, ExportFormat, export
    from ..report.build import build_report
    from ..report.render import render_html

    label = current_quarter(today)
    period = parse_period(label)
    schedule.output.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with store.sessions() as session:
        if schedule.report:
            html = render_html(build_report(session, period, resolve_selection())).encode("utf-8")
            for name in (f"report-{label}.html", "report-current.html"):
                write_atomically(schedule.output / name, _bytes(html))
                written.append(schedule.output / name)
        selection = resolve_selection(date_from=period.start, date_to=period.last)
        for fmt in schedule.exports:
            target = schedule.output / f"incidents-{label}{SUFFIX[fmt]}"

            def write_export(out: BinaryIO, fmt: str = fmt) -> object:
                return export(session, selection, format=ExportFormat(fmt), out=out, context=ExportContext(selection=selection))

            write_atomically(target, write_export)
            current = schedule.output / f"incidents-current{SUFFIX[fmt]}"
            write_atomically(current, _bytes(target.read_bytes()))
            written += [target, current]
    return written


class Scheduler:
    """Runs ``run_schedule`` every ``schedule.every`` seconds, from the watcher's loop."""

    def __init__(self, store: Store, schedule: ScheduleFile, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.store, self.schedule, self.clock = store, schedule, clock
        self.next_run = clock()
        self.runs = 0

    def tick(self) -> None:
        if self.clock() < self.next_run:
            return
        self.next_run = self.clock() + self.schedule.every
        try:
            written = run_schedule(self.store, self.schedule)
        except Exception as error:  # a failed run is logged; the watcher goes on
            log.error("schedule: %s: %s", type(error).__name__, error)
            return
        self.runs += 1
        log.info("schedule: wrote %d files to %s", len(written), self.schedule.output)
