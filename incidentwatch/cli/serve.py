"""``incidentwatch serve``: the web application (dashboard, API, review) under uvicorn."""

from __future__ import annotations

import click

from ..store import Store
from . import cli
from .options import db_option


@cli.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--tiles-url", default=None, envvar="INCIDENTWATCH_TILES_URL",
              help="Optional map tiles ({z}/{x}/{y} URL template) under the offline outlines.")
def serve_cli(db: str | None, host: str, port: int, tiles_url: str | None) -> None:
    """Serve the dashboard, the REST API (/api, schema at /openapi.json) and the review pages.

    The secret that signs CSRF tokens comes from $INCIDENTWATCH_SECRET, the file
    $INCIDENTWATCH_SECRET_FILE, or a file created with mode 0600 in the user's data directory.

    Example:

        incidentwatch serve --db incidentwatch.db --port 8000
    """
    import uvicorn

    from ..web import WebSettings, create_app

    settings = WebSettings.from_env(host=host, port=port, tiles_url=tiles_url)
    store = Store.open(db)
    app = create_app(store, settings)
    click.echo(f"serving {store.url.split('@')[-1]} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
