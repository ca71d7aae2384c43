"""Judging the rules on what the writer just stored, and delivering the alerts.

An alert is a row of ``alerts`` per (rule, subject, revision, channel). The subject is what it
is about: ``incident:42``, ``group:TTP:district:PK/Khyber Pakhtunkhwa/Bannu``,
``province:PK/Balochistan:week:2024-06-03``, ``monitor:PICSS:2024-04-01..2024-06-30``. Revision 0
is the alert; a rule whose figure can rise (a toll, a week's deaths) adds revision 1, 2... only
when the figure rose materially since the last one sent (``material_change``), so an incident
whose toll is revised by every later report alerts once, and once more per material rise.

Delivery runs in the watcher's thread, on ``tick``: every pending alert due is sent; a failure
is retried after 30 s, 60 s, 120 s... (``delivery``), and given up (state ``failed``) after
``max_attempts``. The rows are the record of what was sent, when, and what failed.
"""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta
from statistics import fmean, pstdev

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...store import Store
from ...store.tables import Actor, AlertRow, ClaimRow, Incident, IncidentPerpetrator
from ...store.writer import WriteOutcome
from ..state import now_utc
from .delivery import DeliveryError, send
from .rules import AlertPlan, RuleSpec

log = logging.getLogger("incidentwatch.watch")
TICK_S = 1.0
BATCH = 50


def _incident_payload(incident: Incident, groups: list[str]) -> dict:
    where = ", ".join(p for p in (incident.place, incident.admin2, incident.admin1) if p) or incident.country or "unknown place"
    killed = incident.killed_total
    return {
        "incident": {"id": incident.id, "date": incident.date.isoformat() if incident.date else None, "place": incident.place,
                     "district": incident.admin2, "province": incident.admin1, "country": incident.country,
                     "event_type": incident.event_type, "killed": killed, "injured": incident.injured_total,
                     "groups": groups, "path": f"/incidents/{incident.id}"},
        "text": f"{killed if killed is not None else 'unknown number'} killed: {incident.event_type.replace('_', ' ')} in {where}"
                + (f" on {incident.date.isoformat()}" if incident.date else "") + (f" ({', '.join(groups)})" if groups else ""),
    }


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


class AlertEngine:
    def __init__(self, store: Store, plan: AlertPlan, *, clock=time.monotonic) -> None:  # noqa: ANN001
        self.store, self.plan, self.clock = store, plan, clock
        self._next_tick = 0.0

    # -- judging -------------------------------------------------------------------------------

    def on_written(self, outcome: WriteOutcome) -> int:
        """Judge every rule on what one write stored; returns the alerts created."""
        created = 0
        with self.store.sessions() as session, session.begin():
            incidents = [i for i in (session.get(Incident, n) for n in dict.fromkeys(outcome.incident_ids))
                         if i is not None and i.review_state != "rejected"]
            for rule in self.plan.rules:
                for subject, figure, payload in self._candidates(session, rule, incidents, outcome.article_id):
                    created += self._propose(session, rule, subject, figure, payload)
        if created:
            self.deliver_due()
        return created

    def _candidates(self, session: Session, rule: RuleSpec, incidents: list[Incident], article_id: int | None):
        if rule.kind == "killed_at_least":
            for incident in incidents:
                if (incident.killed_total or 0) >= (rule.killed or 0):
                    yield f"incident:{incident.id}", incident.killed_total, _incident_payload(incident, self._groups(session, incident))
        elif rule.kind == "group_first_in_district":
            for incident in incidents:
                if not incident.admin2:
                    continue
                for actor_id, name in self._actors(session, incident):
                    others = session.scalar(
                        select(func.count()).select_from(Incident).join(IncidentPerpetrator)
                        .where(IncidentPerpetrator.actor_id == actor_id, Incident.id != incident.id,
                               Incident.country == incident.country, Incident.admin1 == incident.admin1,
                               Incident.admin2 == incident.admin2, Incident.review_state != "rejected"))
                    if not others:
                        payload = _incident_payload(incident, [name])
                        payload["text"] = f"First attack of {name} in {incident.admin2} district: " + payload["text"]
                        yield f"group:{name}:district:{incident.country}/{incident.admin1}/{incident.admin2}", None, payload
        elif rule.kind == "province_weekly_spike":
            weeks: set[tuple[str | None, str, date]] = set()
            for i in incidents:
                day: object = i.date
                if i.admin1 and isinstance(day, date):
                    weeks.add((i.country, i.admin1, _week_start(day)))
            for country, province, start in sorted(weeks, key=str):
                spike = self._weekly_spike(session, rule, country, province, start)
                if spike is not None:
                    yield f"province:{country}/{province}:week:{start.isoformat()}", spike["deaths"], {"week": spike, "text": (
                        f"{province}: {spike['deaths']} killed in the week of {start.isoformat()}, above the "
                        f"{rule.weeks}-week average {spike['average']:.1f} + {rule.k:g} sd ({spike['threshold']:.1f})")}
        elif rule.kind == "new_monitor_report" and article_id is not None:
            wanted = {s.lower() for s in rule.sources}
            claims = session.scalars(select(ClaimRow).where(ClaimRow.article_id == article_id, ClaimRow.source.is_not(None)))
            for claim in claims:
                if wanted and (claim.source or "").lower() not in wanted:
                    continue
                period = f"{claim.period_start}..{claim.period_end}" if claim.period_start else (claim.period_label or "undated")
                yield f"monitor:{claim.source}:{period}", None, {
                    "report": {"source": claim.source, "period": claim.period_label, "start": str(claim.period_start),
                               "end": str(claim.period_end), "region": claim.region_name, "article_id": article_id},
                    "text": f"New report by {claim.source}: {claim.period_label or period}, {claim.region_name}"}

    def _actors(self, session: Session, incident: Incident) -> list[tuple[int, str]]:
        return list(session.execute(select(Actor.id, Actor.name).join(IncidentPerpetrator, IncidentPerpetrator.actor_id == Actor.id)
                                    .where(IncidentPerpetrator.incident_id == incident.id).order_by(Actor.name)))

    def _groups(self, session: Session, incident: Incident) -> list[str]:
        return [name for _, name in self._actors(session, incident)]

    def _weekly_spike(self, session: Session, rule: RuleSpec, country: str | None, province: str, start: date) -> dict | None:
        first = start - timedelta(weeks=rule.weeks)
        rows = session.execute(
            select(Incident.date, Incident.killed_total).where(
                Incident.country == country, Incident.admin1 == province, Incident.date >= first,
                Incident.date < start + timedelta(days=7), Incident.review_state != "rejected"))
        per_week = [0] * (rule.weeks + 1)
        for day, killed in rows:
            if day is not None:  # the query's range leaves none out; for the type checker
                per_week[(_week_start(day) - first).days // 7] += killed or 0
        history, deaths = per_week[:-1], per_week[-1]
        average, sd = fmean(history), pstdev(history)
        threshold = average + rule.k * sd
        if deaths <= 0 or deaths <= threshold:
            return None
        return {"province": province, "country": country, "start": start.isoformat(), "deaths": deaths,
                "average": average, "sd": sd, "threshold": threshold, "history": history}

    def _propose(self, session: Session, rule: RuleSpec, subject: str, figure: int | None, payload: dict) -> int:
        last = session.scalars(select(AlertRow).where(AlertRow.rule == rule.name, AlertRow.subject == subject)
                               .order_by(AlertRow.revision.desc()).limit(1)).first()
        if last is None:
            revision = 0
        else:
            before = (last.basis or {}).get("figure")
            change = self.plan.material_change
            if figure is None or before is None or figure < before * (1 + change.ratio) or figure - before < change.at_least:
                return 0
            revision = last.revision + 1
        now = now_utc()
        body = {"rule": rule.name, "kind": rule.kind, "subject": subject, "revision": revision, "update": revision > 0,
                "title": ("Update: " if revision else "") + payload["text"][:150], **payload}
        for channel in rule.send_to:
            session.add(AlertRow(rule=rule.name, subject=subject, revision=revision, channel=channel, basis={"figure": figure},
                                 payload=body, state="pending", attempts=0, next_attempt_at=now, created_at=now))
        log.info("alert %s %s%s", rule.name, subject, f" (update {revision})" if revision else "")
        return len(rule.send_to)

    # -- delivering ----------------------------------------------------------------------------

    def tick(self) -> None:
        """Called by the watcher's loop: deliver what is due, at most once a second."""
        if self.clock() < self._next_tick:
            return
        self._next_tick = self.clock() + TICK_S
        self.deliver_due()

    def deliver_due(self) -> int:
        now = now_utc()
        with self.store.sessions() as session:
            due = list(session.scalars(select(AlertRow).where(AlertRow.state == "pending", AlertRow.next_attempt_at <= now)
                                       .order_by(AlertRow.id).limit(BATCH)))
        sent = 0
        settings = self.plan.delivery
        for alert in due:
            channel = self.plan.channels.get(alert.channel)
            values: dict
            if channel is None:
                values = {"state": "failed", "last_error": f"no channel {alert.channel!r} in the alerts file"}
            else:
                try:
                    send(channel, alert.payload, timeout=settings.timeout)
                except DeliveryError as error:
                    attempts = alert.attempts + 1
                    wait = min(settings.retry_base * 2 ** (attempts - 1), settings.retry_max)
                    gave_up = attempts >= settings.max_attempts
                    values = {"attempts": attempts, "last_error": str(error)[:2000], "state": "failed" if gave_up else "pending",
                              "next_attempt_at": None if gave_up else now_utc() + timedelta(seconds=wait)}
                    log.warning("alert %s %s to %s: %s (%s)", alert.rule, alert.subject, alert.channel, error,
                                "gave up" if gave_up else f"retry in {wait:.1f} s")
                else:
                    sent += 1
                    values = {"attempts": alert.attempts + 1, "state": "delivered", "delivered_at": now_utc(), "next_attempt_at": None}
                    log.info("alert %s %s sent to %s", alert.rule, alert.subject, alert.channel)
            with self.store.sessions() as session, session.begin():
                row = session.get(AlertRow, alert.id)
                if row is not None:
                    for key, value in values.items():
                        setattr(row, key, value)
        return sent


def alert_rows(store: Store) -> list[AlertRow]:
    with store.sessions() as session:
        return list(session.scalars(select(AlertRow).order_by(AlertRow.id)))

