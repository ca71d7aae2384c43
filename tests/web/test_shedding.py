"""The load shedder on its own, around an app that holds each request until told: the admitted
requests run, the queue waits at most its time, anything past it is a 503 with Retry-After at
once (the API's JSON error shape, a small page elsewhere), and a freed slot goes to the oldest
waiter."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from incidentwatch.web.shedding import LoadShedder


class Held:
    """An ASGI app whose requests wait until ``release`` (and count how many are inside)."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.inside = 0
        self.most = 0

    async def __call__(self, scope, receive, send) -> None:
        if scope["path"] != "/api/live":
            self.inside += 1
            self.most = max(self.most, self.inside)
            try:
                await self.gate.wait()
            finally:
                self.inside -= 1
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ok"})


def _client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test", timeout=10)


def test_past_the_slots_and_the_queue_requests_get_a_quick_503():
    async def scenario():
        held = Held()
        shedder = LoadShedder(held, max_in_flight=2, max_queued=2, queue_wait_s=5)
        async with _client(shedder) as client:
            running = [asyncio.create_task(client.get(f"/api/incidents?offset={i}")) for i in range(4)]
            await asyncio.sleep(0.1)  # two inside, two waiting
            assert held.inside == 2
            t0 = time.perf_counter()
            api, page = await client.get("/api/incidents?offset=9"), await client.get("/")
            quick = time.perf_counter() - t0
            health = await client.get("/api/live")  # never held back
            held.gate.set()
            done = await asyncio.gather(*running)
        return api, page, quick, health, done, held.most, shedder

    api, page, quick, health, done, most, shedder = asyncio.run(scenario())
    assert quick < 0.5
    assert api.status_code == 503 and api.headers["retry-after"] == "1"
    assert api.json()["error"]["status"] == 503 and "busy" in api.json()["error"]["message"]
    assert page.status_code == 503 and page.headers["content-type"].startswith("text/html") and "Busy" in page.text
    assert health.status_code == 200
    assert [r.status_code for r in done] == [200, 200, 200, 200]  # the two waiting got the freed slots
    assert most == 2 and shedder.in_flight == 0 and shedder.shed == 2


def test_a_request_waits_in_the_queue_at_most_its_time():
    async def scenario():
        held = Held()
        shedder = LoadShedder(held, max_in_flight=1, max_queued=5, queue_wait_s=0.3)
        async with _client(shedder) as client:
            first = asyncio.create_task(client.get("/a"))
            await asyncio.sleep(0.05)
            t0 = time.perf_counter()
            waited = await client.get("/b")
            elapsed = time.perf_counter() - t0
            held.gate.set()
            await first
            after = await client.get("/c")  # served normally once the burst is over
        return waited, elapsed, after, shedder

    waited, elapsed, after, shedder = asyncio.run(scenario())
    assert waited.status_code == 503
    assert 0.25 < elapsed < 2
    assert after.status_code == 200 and shedder.in_flight == 0


def test_a_waiter_whose_client_goes_away_frees_nothing_twice():
    async def scenario():
        held = Held()
        shedder = LoadShedder(held, max_in_flight=1, max_queued=5, queue_wait_s=5)
        async with _client(shedder) as client:
            first = asyncio.create_task(client.get("/a"))
            await asyncio.sleep(0.05)
            gone = asyncio.create_task(client.get("/b"))
            await asyncio.sleep(0.05)
            gone.cancel()
            await asyncio.sleep(0.05)
            held.gate.set()
            await first
            again = [await client.get(f"/c{i}") for i in range(3)]
        return again, shedder

    again, shedder = asyncio.run(scenario())
    assert [r.status_code for r in again] == [200, 200, 200]
    assert shedder.in_flight == 0 and not shedder._waiters


def test_nonsense_limits_are_refused():
    with pytest.raises(ValueError):
        LoadShedder(Held(), max_in_flight=0, max_queued=1, queue_wait_s=1)
