"""The web application: the REST API under ``/api``, the dashboard, incident pages and the
analysts' review workflow (FastAPI, served by uvicorn through ``incidentwatch serve``).

``create_app(store, settings)`` builds it; nothing here runs at import time. Reading goes
through ``incidentwatch.analytics`` (the same selection and tallies as the CLI); editing goes
through ``editing`` (audit log, locked fields, row versions).
"""

from .app import create_app
from .settings import WebSettings

__all__ = ["WebSettings", "create_app"]
