"""The HTML pages: dashboard, incident page, review queue, login. Server-rendered (Jinja2,
autoescape on), no JavaScript needed; forms carry the CSRF token."""
