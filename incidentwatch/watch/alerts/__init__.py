"""Alerts: rules (``alerts.yaml``) judged on what the watcher stores, sent to a webhook or by
email, once per subject and rule (and once more per material change), stored with their
delivery state and retried with backoff."""
