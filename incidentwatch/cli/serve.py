"""``incidentwatch serve``: the web application (dashboard, API, review) under uvicorn."""

from __future__ import annotations

import click

from . import cli
from .options import db_option


@cli.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--tiles-url", default=None, envvar="INCIDENTWATCH_TILES_URL",
              help="Optional map tiles ({z}/{x}/{y} URL template) under the offline outlines.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (each with its own pool, queue and cache).")
@click.option("--max-in-flight", type=click.IntRange(1, 1024), default=None,
              help="Requests one worker serves at once (default 4); more wait, then get a 503.")
@click.option("--queue-wait", type=click.FloatRange(0, 60), default=None,
              help="Seconds a request may wait for a slot before a 503 (default 1).")
@click.option("--cache-mb", type=click.IntRange(0, 65536), default=None,
              help="MiB of cached pages and tallies per worker (default 64; 0: no cache).")
def serve_cli(db: str | None, host: str, port: int, tiles_url: str | None, workers: int,
              max_in_flight: int | None, queue_wait: float | None, cache_mb: int | None) -> None:
    """Serve the dashboard, the REST API (/api, schema at /openapi.json) and the review pages.

    The secret that signs CSRF tokens comes from $INCIDENTWATCH_SECRET, the file
    $INCIDENTWATCH_SECRET_FILE, or a file created with mode 0600 in the user's data directory.

    Example:

        incidentwatch serve --db incidentwatch.db --port 8000 --workers 2
    """
    from ..store import database_url
    from ..web import WebSettings
    from ..web.serving import run

    settings = WebSettings.from_env(host=host, port=port, tiles_url=tiles_url, max_in_flight=max_in_flight,
                                    queue_wait_s=queue_wait, cache_mb=cache_mb)
    click.echo(f"serving {database_url(db).split('@')[-1]} on http://{host}:{port}/ "
               f"({workers} worker{'s' if workers > 1 else ''})", err=True)
    run(db, settings, workers=workers)
