"""Politeness per host: slots, pauses after 429/503 (Retry-After in seconds or as a date) and
after unanswered requests, none for one URL's own error; Crawl-delay between starts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from incidentwatch.errors import InputError
from incidentwatch.models import RejectReason
from incidentwatch.sources.fetch import retry_after_seconds
from incidentwatch.watch.hosts import DEFAULT_RETRY_AFTER_S, HostGate


def _status_error(status: int, retry_after: float | None = None) -> InputError:
    error = InputError("https://n.example/feed", RejectReason.HTTP_ERROR, f"HTTP {status}")
    error.status, error.retry_after = status, retry_after  # as fetch() sets them
    return error


def test_at_most_n_in_flight_per_host_and_a_crawl_delay():
    now = [100.0]
    gate = HostGate(per_host=2, clock=lambda: now[0])
    assert gate.try_start("a:443") and gate.try_start("a:443") and not gate.try_start("a:443")
    assert gate.try_start("b:443")  # another host has its own slots
    gate.finish("a:443", ok=True)
    assert gate.try_start("a:443")
    gate.set_gap("c:80", 2.0)
    assert gate.try_start("c:80")
    gate.finish("c:80", ok=True)
    assert not gate.try_start("c:80")
    now[0] += 2.0
    assert gate.try_start("c:80")


def test_pauses_follow_retry_after_and_grow_for_unanswered_hosts():
    now = [0.0]
    gate = HostGate(per_host=4, clock=lambda: now[0])
    assert gate.penalise("a:443", _status_error(429, 7.0)) == 7.0
    assert not gate.try_start("a:443") and gate.blocked_for("a:443") == 7.0
    assert gate.penalise("b:443", _status_error(503)) == DEFAULT_RETRY_AFTER_S
    assert gate.penalise("c:443", _status_error(404)) == 0.0 and gate.penalise("c:443", _status_error(500)) == 0.0
    assert gate.try_start("c:443")  # one URL's error is its source's, not the host's
    down = InputError("https://d.example/", RejectReason.UNREACHABLE, "connection refused")
    assert [gate.penalise("d:443", down) for _ in range(3)] == [2.0, 4.0, 8.0]
    now[0] = 8.0
    assert gate.try_start("a:443")


@pytest.mark.parametrize(("value", "seconds"), [("120", 120.0), ("", None), ("soon", None), (None, None)])
def test_retry_after_in_seconds(value, seconds):
    assert retry_after_seconds(value) == seconds


def test_retry_after_as_an_http_date():
    when = datetime.now(UTC) + timedelta(seconds=90)
    assert 80 <= retry_after_seconds(format_datetime(when, usegmt=True)) <= 91
    assert retry_after_seconds(format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)) == 0.0
