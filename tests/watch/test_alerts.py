"""Alerts: each fires once per subject and rule, to a local webhook (HMAC-signed) and a local
SMTP server, even as the toll is revised; a material rise sends one update; a failed delivery
is retried with backoff; the four kinds of rule."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from incidentwatch.ingest.extract import extract_for_store
from incidentwatch.models import RawArticle
from incidentwatch.store import Store
from incidentwatch.store.tables import Incident
from incidentwatch.store.writer import WriteOutcome
from incidentwatch.watch.alerts.delivery import SIGNATURE_HEADER, verify
from incidentwatch.watch.alerts.engine import AlertEngine, alert_rows
from incidentwatch.watch.alerts.rules import AlertsError, load_alerts, parse_alerts
from incidentwatch.watch.sources_file import plan_from_urls
from incidentwatch.watch.state import now_utc

from .conftest import article_count, wait_for
from .newsroom import story
from .receivers import SmtpServer, WebhookServer

SECRET = "webhook-secret-for-tests"


@pytest.fixture()
def hook():
    server = WebhookServer()
    yield server.hook
    server.stop()


@pytest.fixture()
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


def _plan(hook, smtp, rules: list[dict], monkeypatch) -> object:  # noqa: ANN001
    monkeypatch.setenv("IW_TEST_HOOK_SECRET", SECRET)
    channels: dict = {"hook": {"webhook": hook.url, "secret_env": "IW_TEST_HOOK_SECRET"}}
    if smtp is not None:
        channels["mail"] = {"email": {"host": "127.0.0.1", "port": smtp.port, "starttls": False,
                                      "sender": "watch@newsroom.test", "to": ["desk@newsroom.test"]},
                            "secret_env": "IW_TEST_HOOK_SECRET"}
    return parse_alerts({"channels": channels, "rules": rules,
                         "delivery": {"retry_base": 0.3, "retry_max": 1.0, "max_attempts": 5, "timeout": 5}}, where="alerts.yaml")


def _payloads(hook) -> list[dict]:  # noqa: ANN001
    out = []
    for headers, body in hook.received:
        assert verify(SECRET.encode(), body, headers[SIGNATURE_HEADER.lower()]), "bad signature"
        assert not verify(b"another secret", body, headers[SIGNATURE_HEADER.lower()])
        out.append(json.loads(body))
    return out


def test_alerts_fire_once_per_incident_and_once_more_per_material_rise(tmp_path, newsroom, run_watcher, hook, smtp,
                                                                       monkeypatch):
    plan = _plan(hook, smtp, [
        {"name": "ten-killed", "kind": "killed_at_least", "killed": 10, "send_to": ["hook", "mail"]},
        {"name": "new-district", "kind": "group_first_in_district", "send_to": ["hook"]},
    ], monkeypatch)
    hook.fail_next = 1  # the first delivery fails: retried
    store = Store.open(str(tmp_path / "a.db"))
    engine = AlertEngine(store, plan)
    newsroom.add("/feed", story("a", "Bannu", 12, group="Tehreek-e-Taliban Pakistan"))
    newsroom.add("/feed", story("b", "Kech", 3))
    handle = run_watcher(store, plan_from_urls([newsroom.base + "/feed"], interval=1.0), after_write=engine.on_written,
                         every_tick=engine.tick)
    assert wait_for(lambda: len(hook.received) == 2 and len(smtp.mailbox.messages) == 1, 30), (hook.received, hook.refused)
    newsroom.edit("a", 14)  # revised, but not materially (12 -> 14: under 25 %)
    assert wait_for(lambda: article_count(store) == 3, 15)
    newsroom.edit("a", 20)  # a material rise: one update
    assert wait_for(lambda: len(hook.received) == 3 and len(smtp.mailbox.messages) == 2, 20)
    newsroom.edit("a", 21)  # not material again
    assert wait_for(lambda: article_count(store) == 5, 15)
    handle.stop()
    engine.deliver_due()

    sent = sorted(_payloads(hook), key=lambda p: (p["rule"], p["revision"]))  # the retried one came second
    assert [(p["rule"], p["revision"]) for p in sent] == [("new-district", 0), ("ten-killed", 0), ("ten-killed", 1)]
    assert sent[1]["incident"]["killed"] == 12 and sent[2]["incident"]["killed"] == 20 and sent[2]["update"] is True
    assert sent[1]["subject"] == sent[2]["subject"]
    assert sent[0]["subject"] == "group:TTP:district:PK/Khyber Pakhtunkhwa/Bannu"
    assert hook.refused == 1
    mails = smtp.mailbox.messages
    assert [m["Subject"].startswith("Update: ") for m in mails] == [False, True]
    for mail in mails:
        attachment = next(part for part in mail.walk() if part.get_content_type() == "application/json")
        body = attachment.get_payload(decode=True)
        assert verify(SECRET.encode(), body, mail[SIGNATURE_HEADER]) and json.loads(body)["rule"] == "ten-killed"
    rows = alert_rows(store)
    assert len(rows) == 5 and all(r.state == "delivered" for r in rows)
    assert max(r.attempts for r in rows) == 2  # the one that met the 500
    store.close()


def _incident(session, day: date, killed: int, province: str = "Balochistan") -> Incident:  # noqa: ANN001
    now = now_utc()
    row = Incident(date=day, admin1=province, admin2="Quetta", country="PK", event_type="bombing", killed_total=killed,
                   created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    return row


def test_province_weekly_spike_fires_above_average_plus_k_sd(tmp_path, hook, monkeypatch):
    plan = _plan(hook, None, [{"name": "spike", "kind": "province_weekly_spike", "weeks": 8, "k": 2.0, "send_to": ["hook"]}],
                 monkeypatch)
    store = Store.open(str(tmp_path / "s.db"))
    engine = AlertEngine(store, plan)
    monday = date(2024, 6, 3)
    with store.sessions() as session, session.begin():
        for week in range(1, 9):  # 2, 3, 2, 3... killed a week: average 2.5, sd 0.5, threshold 3.5
            _incident(session, monday - timedelta(weeks=week) + timedelta(days=2), 2 + week % 2)
        calm = _incident(session, monday + timedelta(days=1), 3).id
    assert engine.on_written(WriteOutcome(status="new", incident_ids=[calm])) == 0
    with store.sessions() as session, session.begin():
        bad = _incident(session, monday + timedelta(days=2), 7).id  # the week: 10
    assert engine.on_written(WriteOutcome(status="new", incident_ids=[bad])) == 1
    assert engine.on_written(WriteOutcome(status="new", incident_ids=[bad])) == 0
    with store.sessions() as session, session.begin():
        worse = _incident(session, monday + timedelta(days=3), 5).id  # the week: 15, a material rise
    assert engine.on_written(WriteOutcome(status="new", incident_ids=[worse])) == 1
    sent = _payloads(hook)
    assert [(p["revision"], p["week"]["deaths"]) for p in sent] == [(0, 10), (1, 15)]
    assert sent[0]["week"]["threshold"] == pytest.approx(3.5)
    assert sent[0]["subject"] == "province:PK/Balochistan:week:2024-06-03"
    store.close()


def test_a_new_monitor_report_alerts_once(tmp_path, hook, monkeypatch):
    plan = _plan(hook, None, [{"name": "monitors", "kind": "new_monitor_report", "sources": ["PICSS"], "send_to": ["hook"]}],
                 monkeypatch)
    store = Store.open(str(tmp_path / "m.db"))
    engine = AlertEngine(store, plan)
    text = ("Think tank counts militant violence\n\nISLAMABAD: Militant violence in Balochistan killed 9 people in the second "
            "quarter of 2024, the Pakistan Institute for Conflict and Security Studies (PICSS) said in its quarterly report "
            "on Wednesday.\n\nThe Centre for Research and Security Studies (CRSS) said 8 people were killed in Balochistan "
            "between April and June 2024.")
    item = extract_for_store(RawArticle(id="r1", text=text, url="https://daily.example/picss-q2", published=date(2024, 7, 3)))
    outcome = store.writer().write(item)
    assert outcome.claims >= 2
    assert engine.on_written(outcome) == 1
    again = store.writer().write(extract_for_store(RawArticle(id="r2", text=text + " Attacks declined in Khyber Pakhtunkhwa.",
                                                                url="https://other.example/picss", published=date(2024, 7, 3))))
    assert engine.on_written(again) == 0  # the same report, told by another outlet
    sent = _payloads(hook)
    assert len(sent) == 1 and sent[0]["report"]["source"] == "PICSS" and sent[0]["subject"].startswith("monitor:PICSS:2024-04-01")
    store.close()


def test_a_delivery_that_keeps_failing_is_given_up_and_recorded(tmp_path, hook, monkeypatch):
    plan = _plan(hook, None, [{"name": "any", "kind": "killed_at_least", "killed": 1, "send_to": ["hook"]}], monkeypatch)
    hook.fail_next = 100
    store = Store.open(str(tmp_path / "f.db"))
    engine = AlertEngine(store, plan)
    with store.sessions() as session, session.begin():
        incident = _incident(session, date(2024, 6, 3), 4).id
    engine.on_written(WriteOutcome(status="new", incident_ids=[incident]))
    assert wait_for(lambda: engine.deliver_due() == 0 and alert_rows(store)[0].state == "failed", 15, step=0.2)
    row = alert_rows(store)[0]
    assert row.attempts == 5 and "HTTP 500" in row.last_error and hook.refused == 5
    store.close()


def test_alerts_file_problems_are_one_line_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.delenv("IW_MISSING_SECRET", raising=False)
    path = tmp_path / "alerts.yaml"
    path.write_text("channels:\n  hook: {webhook: 'https://hooks.example/x', secret_env: IW_MISSING_SECRET}\n"
                    "rules:\n  - {name: r, kind: killed_at_least, killed: 5, send_to: [hook]}\n")
    with pytest.raises(AlertsError, match=r"alerts.yaml: channels.hook: the environment variable IW_MISSING_SECRET is not set"):
        load_alerts(path)
    path.write_text("channels:\n  hook: {webhook: 'https://hooks.example/x', secret_file: /nonexistent}\n"
                    "rules:\n  - {name: r, kind: killed_at_least, killed: 5, send_to: [mail]}\n")
    with pytest.raises(AlertsError, match=r"rules\[0\] \(r\): no channel named 'mail'"):
        load_alerts(path)
    path.write_text("channels:\n  hook: {webhook: 'https://hooks.example/x'}\nrules: []\n")
    with pytest.raises(AlertsError, match="needs secret_env or secret_file"):
        load_alerts(path)
