"""``incidentwatch watch``: poll news sources and store new articles as they appear; and
``incidentwatch sources check FILE``."""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

import click

from ..store import Store
from . import cli
from .options import db_option


def _print_status(store: Store, as_json: bool) -> None:
    from ..watch.health import last_refreshed, source_health

    with store.sessions() as session:
        rows = source_health(session)
        refreshed = last_refreshed(session)
    if as_json:
        click.echo(json.dumps({"last_refreshed": refreshed.isoformat() + "Z" if refreshed else None,
                               "sources": [r.as_json() for r in rows]}, indent=2))
        return
    click.echo(f"data last refreshed: {refreshed.isoformat(timespec='seconds') + 'Z' if refreshed else 'never'}")
    if not rows:
        click.echo("no sources watched yet")
    for r in rows:
        flags = [name for name in ("silent", "failing", "stale") if getattr(r, name)]
        lag = f"{r.lag_s:.0f} s" if r.lag_s is not None else "-"
        click.echo(f"{r.name} {r.url}: last poll {r.last_poll_at.isoformat(timespec='seconds') + 'Z' if r.last_poll_at else 'never'}"
                   f" ({r.last_status or '-'}), last new article "
                   f"{r.last_new_at.isoformat(timespec='seconds') + 'Z' if r.last_new_at else 'never'}, {r.articles} articles,"
                   f" {r.errors_in_row} errors in a row, lag {lag}" + (f" [{', '.join(flags)}]" if flags else "")
                   + (f"; last error: {r.last_error}" if r.errors_in_row and r.last_error else ""))


@cli.command("watch")
@click.option("--sources", "sources_file", type=click.Path(path_type=Path), help="A sources.yaml (see docs/watch.md).")
@click.option("--source", "urls", multiple=True, metavar="URL", help="A feed, sitemap or section page to poll (repeatable).")
@click.option("--interval", type=float, default=600.0, show_default=True, help="Seconds between polls of each --source.")
@click.option("--per-host", type=click.IntRange(1, 16), default=None, help="Requests in flight per host at most (default 2).")
@click.option("--full-text", type=click.Choice(["auto", "true", "false"]), default="auto", show_default=True,
              help="For --source feeds: read the feed's own content (true), fetch each entry's page (false), or decide by its length.")
@click.option("--backfill", type=click.IntRange(0, 10_000), default=20, show_default=True,
              help="Entries taken on a --source's first poll; older ones are marked seen.")
@click.option("--alerts", "alerts_file", type=click.Path(path_type=Path), help="An alerts.yaml (see docs/watch.md).")
@click.option("--schedule", "schedule_file", type=click.Path(path_type=Path), help="A schedule.yaml of reports and exports to write.")
@db_option
@click.option("--allow-private", is_flag=True, help="Allow fetching URLs on private and loopback addresses.")
@click.option("--timeout", type=click.FloatRange(1, 600), default=60.0, show_default=True, help="Seconds one request may take in all.")
@click.option("--user-agent", default=None, help="The User-Agent sent (default: incidentwatch's, naming the project).")
@click.option("--duration", type=click.FloatRange(min=0), default=None, help="Stop after this many seconds (default: run until SIGTERM).")
@click.option("--status", is_flag=True, help="Print each source's health from the database and exit.")
@click.option("--json", "as_json", is_flag=True, help="With --status: as JSON.")
@click.option("--quiet", is_flag=True, help="Log only errors.")
def watch_cli(sources_file: Path | None, urls: tuple[str, ...], interval: float, per_host: int | None, full_text: str,
              backfill: int, alerts_file: Path | None, schedule_file: Path | None, db: str | None, allow_private: bool,
              timeout: float, user_agent: str | None, duration: float | None, status: bool, as_json: bool, quiet: bool) -> None:
    """Poll news sources (RSS/Atom feeds, sitemaps, section pages) and store every new article
    as it appears, until SIGTERM (or --duration). State lives in the database: a restart
    resumes and fetches nothing twice. On SIGTERM the article in hand is finished, then it exits 0.

    Example:

        incidentwatch watch --sources sources.yaml --alerts alerts.yaml
    """
    from ..sources.fetch import USER_AGENT, FetchOptions
    from ..watch.scheduler import Watcher
    from ..watch.sources_file import SourcesError, load_sources, plan_from_urls

    if status:
        store = Store.open(db)
        _print_status(store, as_json)
        return
    if not sources_file and not urls:
        raise click.UsageError("give --sources FILE or at least one --source URL")
    plan = load_sources(sources_file) if sources_file else None
    if urls:
        extra = plan_from_urls(list(urls), interval=interval, full_text=full_text, backfill=backfill)  # type: ignore[arg-type]
        if plan is not None and {s.url for s in plan.sources} & {s.url for s in extra.sources}:
            raise SourcesError("--source repeats a URL of the sources file")
        plan = extra if plan is None else type(plan)(sources=plan.sources + extra.sources, per_host=plan.per_host)
    assert plan is not None
    if per_host is not None:
        plan = type(plan)(sources=plan.sources, per_host=per_host)
    alerts = None
    if alerts_file:
        from ..watch.alerts.rules import load_alerts

        alerts = load_alerts(alerts_file)
    schedule = None
    if schedule_file:
        from ..watch.schedule import load_schedule

        schedule = load_schedule(schedule_file)

    logger = logging.getLogger("incidentwatch.watch")
    logger.setLevel(logging.ERROR if quiet else logging.INFO)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False

    store = Store.open(db)
    options = FetchOptions(allow_private=allow_private, total_timeout=timeout, read_timeout=min(20.0, timeout),
                           connect_timeout=min(10.0, timeout), user_agent=user_agent or USER_AGENT)
    stop = threading.Event()

    def _stop(signum: int, _frame: object) -> None:
        logger.info("signal %d: finishing the article in hand, then stopping", signum)
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    from ..ingest.extract import _pipeline

    _pipeline()  # load the extractor before the first poll, not while an article waits
    after_write, tick = None, None
    if alerts is not None:
        from ..watch.alerts.engine import AlertEngine

        engine = AlertEngine(store, alerts)
        after_write, tick = engine.on_written, engine.tick
    if schedule is not None:
        from ..watch.schedule import Scheduler

        scheduled = Scheduler(store, schedule)
        previous = tick
        tick = (lambda: (previous(), scheduled.tick())) if previous else scheduled.tick  # type: ignore[assignment,func-returns-value]
    watcher = Watcher(store, plan, options, after_write=after_write, every_tick=tick)
    logger.info("watching %d sources (%s)", len(plan.sources), store.url.split("@")[-1])
    counters = watcher.run(stop, until=time.monotonic() + duration if duration is not None else None)
    logger.info("stopped: %d polls (%d not modified), %d articles stored (%d new versions), %d duplicates, %d failed",
                counters.polls, counters.not_modified, counters.stored, counters.new_versions, counters.duplicates,
                counters.failed)
    store.close()
    if any(t.name.startswith("watch-fetch") and t.is_alive() for t in threading.enumerate()):
        # requests abandoned in flight would hold the exit until their time limit: every state
        # change is committed, so leave now
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


@cli.group("sources")
def sources_group() -> None:
    """The sources file of ``incidentwatch watch`` (docs/watch.md).

    Example:

        incidentwatch sources check sources.yaml
    """


@sources_group.command("check")
@click.argument("file", type=click.Path(path_type=Path))
def sources_check_cli(file: Path) -> None:
    """Validate a sources.yaml: prints what would be polled, or one line naming the problem (exit 2).

    Example:

        incidentwatch sources check sources.yaml
    """
    from ..watch.sources_file import load_sources

    plan = load_sources(file)
    kinds: dict[str, int] = {}
    for spec in plan.sources:
        kinds[spec.kind] = kinds.get(spec.kind, 0) + 1
    outlets = len({s.name for s in plan.sources})
    click.echo(f"{file}: ok: {outlets} outlets, {len(plan.sources)} sources ("
               + ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(kinds.items())) + ")")


@cli.group("alerts")
def alerts_group() -> None:
    """The alerts file of ``incidentwatch watch`` (docs/watch.md).

    Example:

        incidentwatch alerts check alerts.yaml
    """


@alerts_group.command("check")
@click.argument("file", type=click.Path(path_type=Path))
def alerts_check_cli(file: Path) -> None:
    """Validate an alerts.yaml (its secrets' environment variables included): prints its rules
    and channels, or one line naming the problem (exit 2).

    Example:

        incidentwatch alerts check alerts.yaml
    """
    from ..watch.alerts.rules import load_alerts

    plan = load_alerts(file)
    click.echo(f"{file}: ok: {len(plan.rules)} rules ({', '.join(r.name for r in plan.rules)}), "
               f"{len(plan.channels)} channels ({', '.join(plan.channels)})")
