"""Does the database count each attack once? Ingest labelled reports into a fresh database and
compare its incidents with the true attacks.

The true attacks are the distinct ``event`` ids of the gold's main incidents; each has a best
victims' toll (``killed_best``: the latest-published report's figure, from an events file when
one is given). Every stored report is traced back to a gold incident of its own article (same
province, dates within the window or unknown, closest district and toll), and so to its event.
The figures:

- ``incidents_per_attack``: the database's incidents / true attacks (1.0 is right);
- ``victims_ratio``: the victims the database holds (killed minus militants) / the true victims;
- ``one_incident_share``: the share of attacks whose main reports all ended in one incident;
- ``incidents_from_background``: incidents that hold no report of a main incident, only
  reports from articles where the attack is background (a funeral, a probe, a condemnation);
- ``unmatched_incidents``: incidents that hold no report traceable to any gold incident.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from .gold import GoldArticle, GoldIncident
from .matching import DATE_WINDOW_DAYS


@dataclass(frozen=True)
class StoredIncident:
    id: int
    killed_total: int | None
    killed_militants: int | None

    @property
    def victims(self) -> int:
        return max(0, (self.killed_total or 0) - (self.killed_militants or 0))


@dataclass(frozen=True)
class StoredReport:
    article: str  # the gold id of the article it came from
    incident_id: int | None
    date: date | None
    admin1: str | None
    admin2: str | None
    killed_total: int | None = None
    killed_militants: int | None = None


@dataclass
class TrueAttack:
    event: str
    killed_best: int | None
    killed_low: int | None = None
    killed_high: int | None = None
    articles: list[str] = field(default_factory=list)


@dataclass
class CountingScores:
    articles: int = 0
    failed_articles: int = 0
    true_attacks: int = 0
    true_victims: int = 0
    attacks_without_toll: int = 0
    db_incidents: int = 0
    db_victims: int = 0
    attacks_as_one: int = 0
    attacks_not_found: int = 0
    incidents_from_background: int = 0
    unmatched_incidents: int = 0
    incidents_of: dict[str, list[int]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def incidents_per_attack(self) -> float:
        return self.db_incidents / self.true_attacks if self.true_attacks else 0.0

    @property
    def victims_ratio(self) -> float:
        return self.db_victims / self.true_victims if self.true_victims else 0.0

    @property
    def one_incident_share(self) -> float:
        return self.attacks_as_one / self.true_attacks if self.true_attacks else 0.0

    def summary(self) -> dict[str, float | None]:
        return {
            "articles": self.articles, "failed_articles": self.failed_articles,
            "true_attacks": self.true_attacks, "db_incidents": self.db_incidents,
            "incidents_per_attack": round(self.incidents_per_attack, 3),
            "true_victims": self.true_victims, "db_victims": self.db_victims,
            "victims_ratio": round(self.victims_ratio, 3) if self.true_victims else None,
            "one_incident_share": round(self.one_incident_share, 3),
            "attacks_not_found": self.attacks_not_found,
            "incidents_from_background": self.incidents_from_background,
            "unmatched_incidents": self.unmatched_incidents,
            "attacks_without_toll": self.attacks_without_toll,
        }


def true_attacks(golds: list[GoldArticle], events: dict[str, dict] | None = None) -> dict[str, TrueAttack]:
    """The attacks the gold's main incidents name, with their best toll.

    ``killed_best`` comes from ``events`` (an events file's rows by id) when it has the event;
    otherwise it is the toll of the latest-published report that states one (the highest of
    that day's), and low and high are the range the reports state.
    """
    tolls: dict[str, list[tuple[str, int]]] = defaultdict(list)
    attacks: dict[str, TrueAttack] = {}
    for gold in golds:
        for incident in gold.incidents:
            if incident.reported_as != "main" or not incident.event:
                continue
            attack = attacks.setdefault(incident.event, TrueAttack(incident.event, None))
            if gold.id not in attack.articles:
                attack.articles.append(gold.id)
            if incident.killed is not None:
                tolls[incident.event].append((gold.published or "", incident.killed))
    for event, attack in attacks.items():
        stated = tolls.get(event, [])
        if stated:
            attack.killed_best = max(stated)[1]
            attack.killed_low = min(k for _, k in stated)
            attack.killed_high = max(k for _, k in stated)
        row = (events or {}).get(event)
        if row is not None:
            attack.killed_best = row.get("killed_best", attack.killed_best)
            attack.killed_low = row.get("killed_low", attack.killed_low)
            attack.killed_high = row.get("killed_high", attack.killed_high)
    return attacks


def articles_of_attacks(golds: list[GoldArticle], min_reports: int) -> set[str]:
    """The articles that report or recall an attack with at least ``min_reports`` main reports
    among ``golds`` (the set's multi-outlet attacks, with their follow-ups)."""
    attacks = true_attacks(golds)
    wanted = {event for event, attack in attacks.items() if len(attack.articles) >= min_reports}
    return {g.id for g in golds if any(i.event in wanted for i in g.incidents)}


def _dates_fit(gold: str | None, stored: date | None) -> bool:
    if not gold or stored is None:
        return True
    if len(gold) == 10:
        return abs((date.fromisoformat(gold) - stored).days) <= DATE_WINDOW_DAYS
    return stored.isoformat().startswith(gold)


def trace(report: StoredReport, gold: GoldArticle) -> GoldIncident | None:
    """The gold incident of the report's own article that it stands for, if any: same province
    (or both unknown; a gold that names only the district needs the same district), dates within
    the window (or either unknown); among those, the closest district and toll, main before
    background."""
    best: tuple[int, int] | None = None
    chosen = None
    for position, incident in enumerate(gold.incidents):
        if incident.admin1 is None and incident.admin2 is not None:
            if incident.admin2 != report.admin2:
                continue
        elif (incident.admin1 or None) != (report.admin1 or None):
            continue
        if not _dates_fit(incident.date, report.date):
            continue
        victims = None if report.killed_total is None else report.killed_total - (report.killed_militants or 0)
        score = 2 * (incident.admin2 is not None and incident.admin2 == report.admin2)
        score += 2 * (incident.killed is not None and incident.killed == victims)
        score += incident.reported_as == "main"
        key = (score, -position)
        if best is None or key > best:
            best, chosen = key, incident
    return chosen


def score_counting(
    golds: list[GoldArticle],
    incidents: list[StoredIncident],
    reports: list[StoredReport],
    *,
    events: dict[str, dict] | None = None,
    failures: list[str] | None = None,
) -> CountingScores:
    """Compare a database's incidents and reports with the gold of the articles ingested."""
    attacks = true_attacks(golds, events)
    by_id = {g.id: g for g in golds}
    scores = CountingScores(articles=len(golds), failures=list(failures or []), true_attacks=len(attacks))
    scores.failed_articles = len(scores.failures)
    scores.db_incidents = len(incidents)
    scores.db_victims = sum(i.victims for i in incidents)
    for attack in attacks.values():
        if attack.killed_best is None:
            scores.attacks_without_toll += 1
        else:
            scores.true_victims += attack.killed_best
    main_of: dict[int, set[str]] = defaultdict(set)  # incident -> events of the main reports it holds
    background_of: dict[int, int] = defaultdict(int)
    traced: set[int] = set()
    for report in reports:
        if report.incident_id is None or report.article not in by_id:
            continue
        incident = trace(report, by_id[report.article])
        if incident is None:
            continue
        traced.add(report.incident_id)
        if incident.reported_as == "main" and incident.event:
            main_of[report.incident_id].add(incident.event)
        elif incident.reported_as != "main":
            background_of[report.incident_id] += 1
    holders: dict[str, set[int]] = defaultdict(set)
    for incident_id, names in main_of.items():
        for name in names:
            holders[name].add(incident_id)
    for event in attacks:
        found = sorted(holders.get(event, ()))
        scores.incidents_of[event] = found
        scores.attacks_as_one += len(found) == 1
        scores.attacks_not_found += not found
    for incident in incidents:
        if incident.id not in traced:
            scores.unmatched_incidents += 1
        elif incident.id not in main_of and background_of.get(incident.id):
            scores.incidents_from_background += 1
    return scores


def load_events(path) -> dict[str, dict]:  # noqa: ANN001 - a Path
    """An events file (one attack a line, ``shared/eval`` format) by event id."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["event"]: row for row in rows}
