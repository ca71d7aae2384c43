"""The watcher: a long-running process that polls news sources (feeds, sitemaps, section pages)
on a schedule, stores each new article through the one writer, keeps its state in the database,
and sends alerts. ``incidentwatch watch`` runs it; see docs/watch.md."""
