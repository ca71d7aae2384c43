"""The schedule of a source's polls after one that went well (``state.next_regular_poll``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from incidentwatch.watch.state import next_regular_poll

T0 = datetime(2026, 12, 6, 6, 0, 0)


def test_the_next_poll_is_one_interval_after_the_last_was_due_not_after_it_ended():
    # due at T0, answered 0.4 s later: the next is at T0 + 10 s, not T0 + 10.4 s
    assert next_regular_poll(10.0, T0, now=T0 + timedelta(seconds=0.4)) == T0 + timedelta(seconds=10)


def test_a_poll_that_ran_past_its_next_slot_skips_it_rather_than_polling_at_once():
    assert next_regular_poll(10.0, T0, now=T0 + timedelta(seconds=23)) == T0 + timedelta(seconds=30)
    assert next_regular_poll(10.0, T0, now=T0 + timedelta(seconds=10)) == T0 + timedelta(seconds=20)


def test_without_a_due_time_or_one_ahead_it_counts_from_now():
    now = T0 + timedelta(seconds=5)
    assert next_regular_poll(10.0, None, now=now) == now + timedelta(seconds=10)
    assert next_regular_poll(10.0, T0 + timedelta(seconds=9), now=now) == now + timedelta(seconds=10)
