"""The one writer: stores an extracted article, its reports and claims, and merges reports into
incidents, all in one transaction per article.

Idempotent: an article whose clean text is already stored changes nothing. A changed text at a
known URL is a new version: the old version's reports leave their incidents (which are then
recomputed, or deleted when no report and no human edit is left) and the new ones are merged.
Fields an editor set (``locked_fields``) are never overwritten by the machine.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    insert,
    inspect,
    literal,
    literal_column,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.util import identity_key

from ..errors import IncidentwatchError
from ..models import Incident as IncidentModel
from ..models.claim import is_usable_value
from . import adoption, folding, merged_view, signature, timeless
from .database import json_loads
from .lookups import Lookups
from .merge import (
    ASSAULT_OR_OPERATION,
    COMPATIBLE,
    COMPLEX_ATTACK,
    DATE_WINDOW_DAYS,
    DETAIL_WINDOW_DAYS,
    FOLLOW_UP_DAYS,
    NEARBY_KM,
    ReportKey,
    bare_headline,
    bare_headline_days,
    needs_state,
    on_details,
    restated,
    same_incident,
    shared_details,
    sole_candidate,
)
from .prepared import prepare
from .records import ExtractedArticle, FailedArticle
from .report_records import ReportRecord
from .row_ids import RowIds
from .tables import Actor, Article, AuditEntry, ClaimRow, Incident, IncidentPerpetrator, IncidentReport

log = logging.getLogger(__name__)

# SQLite answers "database is locked" while another process writes; try again this many times.
LOCK_RETRIES = 8
# PostgreSQL's codes for a transaction it gave up so that another could go on: a deadlock's
# victim (two transactions adding to the same rollup rows in opposite orders, say) or a
# serialization failure. Trying the article again is the remedy.
RETRY_SQLSTATES = frozenset({"40P01", "40001"})


def transient(error: OperationalError) -> bool:
    """Whether a refused write is worth trying again: SQLite still locked by another writer after
    its busy timeout, or PostgreSQL's deadlock or serialization failure."""
    return "locked" in str(error).lower() or getattr(error.orig, "sqlstate", None) in RETRY_SQLSTATES


@dataclass
class Dropped:
    """What an article's dropped reports leave: their incidents by report key, the keys of its
    background mentions that were linked to no incident (``unattached``), and the incidents no
    report holds any more (deleted unless a new report rejoins them)."""

    rejoin: dict[ReportKey, list[Incident]] = field(default_factory=dict)
    unattached: dict[ReportKey, int] = field(default_factory=dict)
    emptied: list[Incident] = field(default_factory=list)


# A batch (``Writer.batch``): articles stored in one transaction, at most this many, and for at
# most this long (the SQLite file stays locked to other writers, an editor's save among them,
# while a batch is open)
BATCH_ARTICLES = 50
BATCH_SECONDS = 0.5
BATCH_ENV = "INCIDENTWATCH_WRITE_BATCH"  # articles per transaction instead of BATCH_ARTICLES (1: each on its own)


def batch_articles() -> int:
    """Articles per transaction of a batch: ``$INCIDENTWATCH_WRITE_BATCH`` (a whole number of at
    least 1; 1 commits each article as it is stored, as a watcher's readers may want), else
    ``BATCH_ARTICLES``."""
    value = os.environ.get(BATCH_ENV, "").strip()
    if not value:
        return BATCH_ARTICLES
    if not value.isdigit() or int(value) < 1:
        raise IncidentwatchError(f"${BATCH_ENV}: {value!r} is not a whole number of articles of at least 1")
    return int(value)


@dataclass
class _Batch:
    size: int
    seconds: float
    session: Session | None = None
    started: float = 0.0
    items: list[ExtractedArticle | FailedArticle] = field(default_factory=list)


@dataclass
class WriteOutcome:
    status: str  # new | duplicate | new_version
    article_id: int | None = None
    incidents_new: int = 0
    incidents_merged: int = 0
    claims: int = 0
    incident_ids: list[int] = field(default_factory=list)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _key_of_report(payload: dict, published) -> ReportKey:
    loc = payload.get("location") or {}
    date_text = payload.get("date")
    day = None
    if date_text and len(date_text) == 10:
        from datetime import date

        day = date.fromisoformat(date_text)
    claimed = frozenset(p["name"] for p in payload.get("perpetrators") or [] if p.get("status") == "claimed")
    return ReportKey(
        date=day, published=published, place=loc.get("place"), admin2=loc.get("admin2"), admin1=loc.get("admin1"),
        country=loc.get("country"), lat=loc.get("lat"), lon=loc.get("lon"), event_type=payload.get("event_type") or "other",
        claimed_by=claimed, background=payload.get("reported_as") == "background", terms=signature.of_payload(payload),
    )


def _key_of_row(row: Any, claimed: dict[int, set[str]]) -> ReportKey:
    """A candidate row's key: the days' query gives no signature nor places, the timeless one does."""
    return ReportKey(
        date=row.date, published=row.published or row.date, place=row.place, admin2=row.admin2, admin1=row.admin1,
        country=row.country, lat=row.lat, lon=row.lon, event_type=row.event_type,
        claimed_by=frozenset(claimed.get(row.id, ())), terms=timeless.terms_of_row(row), places=timeless.places_of_row(row),
    )


class Writer:
    """Writes extracted articles through one SQLAlchemy session factory."""

    def __init__(self, session_factory) -> None:  # noqa: ANN001 - a sessionmaker
        self.session_factory = session_factory
        self.lookups = Lookups()  # ids of places and actors, each looked up once per writer
        self.row_ids = RowIds()  # ids of new articles, reports and incidents, taken before their insert
        self.mention_keys = adoption.MentionKeys()  # the unattached mentions' merge keys (``adoption``)
        self._batch: _Batch | None = None

    def _begin(self) -> None:
        """A transaction begins: forget what a failed one added, and read the next row ids anew."""
        self.lookups.begin()
        self.mention_keys.begin()
        self.row_ids.begin()

    @contextmanager
    def batch(self, size: int | None = None, seconds: float = BATCH_SECONDS) -> Iterator[None]:
        """Inside it, ``write`` stores several articles to a transaction (up to ``size`` of them,
        or as many as come in ``seconds``), committed when the batch is full and when the block
        ends: a commit per article is most of an article's storage on PostgreSQL and much of it
        on SQLite. Every article is still stored whole or not at all: when one fails, the batch
        is rolled back, the articles before it are stored again one to a transaction and the
        failing one alone, as without a batch (so its error is its own). A process killed
        mid-batch loses the batch's articles whole, which the same command run again stores."""
        if self._batch is not None:  # already batching: the outer block commits
            yield
            return
        self._batch = _Batch(size=size if size is not None else batch_articles(), seconds=seconds)
        try:
            yield
        finally:
            self._commit_batch()
            self._batch = None

    def write(self, item: ExtractedArticle | FailedArticle) -> WriteOutcome:
        """Store one article whole or not at all; tried again while SQLite is locked by another
        writer or when PostgreSQL broke a deadlock by failing this transaction (``transient``).
        Inside ``batch``, the article joins the batch's transaction."""
        batch = self._batch
        if batch is None:
            return self._write_alone(item)
        if batch.session is None:
            self._begin()
            batch.session, batch.started = self.session_factory(), time.monotonic()
            batch.session.begin()
            _lock(batch.session)
        try:
            outcome = self._write(batch.session, item)
        except Exception:
            self._unwind_batch()
            return self._write_alone(item)  # its own error, as without a batch
        except BaseException:  # interrupted mid-article: nothing of the batch is committed
            self._drop_batch()
            raise
        batch.items.append(item)
        if len(batch.items) >= batch.size or time.monotonic() - batch.started >= batch.seconds:
            self._commit_batch()
        return outcome

    def _commit_batch(self) -> None:
        batch = self._batch
        if batch is None or batch.session is None:
            return
        try:
            batch.session.commit()
        except Exception:
            self._unwind_batch()
            return
        batch.session.close()
        self.lookups.committed()
        self.mention_keys.committed()
        batch.session, batch.items = None, []

    def _drop_batch(self) -> None:
        batch = self._batch
        if batch is not None and batch.session is not None:
            batch.session.rollback()
            batch.session.close()
            batch.session, batch.items = None, []

    def _unwind_batch(self) -> None:
        """Roll the batch back and store its articles again, one transaction each."""
        batch = self._batch
        if batch is None or batch.session is None:
            return
        batch.session.rollback()
        batch.session.close()
        items, batch.session, batch.items = batch.items, None, []
        self._begin()  # the ids the rolled-back transaction added are gone
        for earlier in items:
            self._write_alone(earlier)

    def _write_alone(self, item: ExtractedArticle | FailedArticle) -> WriteOutcome:
        for attempt in range(LOCK_RETRIES):
            self._begin()
            try:
                with self.session_factory() as session, session.begin():
                    _lock(session)
                    outcome = self._write(session, item)
                self.lookups.committed()  # committed: safe to remember
                self.mention_keys.committed()
                return outcome
            except OperationalError as error:
                if not transient(error) or attempt == LOCK_RETRIES - 1:
                    raise
                time.sleep(0.05 * 2**attempt)
            except IntegrityError:
                # another process stored the same article (or a new place or group) first:
                # the next attempt sees its row and goes on from there
                if attempt == LOCK_RETRIES - 1:
                    raise
                time.sleep(0.01)
        raise RuntimeError("unreachable")

    # -- one article ---------------------------------------------------------------------------

    def _write(self, session: Session, item: ExtractedArticle | FailedArticle) -> WriteOutcome:
        digest = item.content_hash
        status, version, dropped = "new", 1, Dropped()
        canonical = item.canonical_url
        # one Core statement: the same text stored already, and the current version at the URL
        known = session.connection().execute(_KNOWN_ARTICLE, {"digest": digest, "canonical": canonical}).all()
        if any(row.same for row in known):
            return WriteOutcome(status="duplicate")
        if canonical and known:
            previous = session.get(Article, known[0].id)
            if previous is not None:
                status, version = "new_version", previous.version + 1
                dropped = self._retire(session, previous)
        article = Article(
            source_id=item.source_id[:200], outlet=item.outlet, url=item.url, canonical_url=canonical, path=item.path,
            content_hash=digest, title=item.title, published=item.published, clean_text=item.clean_text,
            version=version, is_current=True, extractor_version=item.extractor_version, ingested_at=_now(),
            failure=item.failure if isinstance(item, FailedArticle) else None,
        )
        outcome = WriteOutcome(status=status)
        # its id comes before its insert, so that the toll figures its reports give can name it;
        # inserted with a Core statement (the object stays out of the session: the unit of work
        # costs more than the insert)
        with session.no_autoflush:
            article.id = self.row_ids.take(session, "articles", 1)[0]
            session.connection().execute(insert(Article), [{column: getattr(article, column) for column in _ARTICLE_COLUMNS}])
        if isinstance(item, FailedArticle):  # stored for ``db reextract``: no reports, no claims
            self._delete_emptied(session, dropped.emptied)
            outcome.article_id = article.id
            return outcome
        self._add_reports(session, article, item, outcome, dropped)
        self._delete_emptied(session, dropped.emptied)
        outcome.article_id = article.id
        self._add_claims(session, article, item, outcome)
        return outcome

    def replace_extraction(self, article_id: int, item: ExtractedArticle) -> WriteOutcome:
        """Re-extraction: the article's old reports and claims give way to ``item``'s."""
        self._begin()
        with self.session_factory() as session, session.begin():
            _lock(session)
            article = session.get(Article, article_id)
            if article is None:
                return WriteOutcome(status="missing")
            dropped = self._drop_reports(session, article)
            article.extractor_version = item.extractor_version
            article.failure = None
            outcome = WriteOutcome(status="reextracted", article_id=article.id)
            self._add_reports(session, article, item, outcome, dropped)
            self._delete_emptied(session, dropped.emptied)
            self._add_claims(session, article, item, outcome)
        self.lookups.committed()
        self.mention_keys.committed()
        return outcome

    def _retire(self, session: Session, previous: Article) -> Dropped:
        """An older version gives way: its reports leave their incidents."""
        previous.is_current = False
        return self._drop_reports(session, previous)

    def _drop_reports(self, session: Session, previous: Article) -> Dropped:
        """Delete an article's reports and claims; recompute the incidents other reports still
        hold. The incidents left without a report are not deleted yet: a new report that says
        what an old one said rejoins the old one's incident (so re-extraction keeps incident ids),
        and ``_delete_emptied`` deletes those still empty afterwards. (Deleting them here left
        such a report pointing at a row about to go: a foreign-key error at the flush.)"""
        dropped = Dropped()
        for report in sorted(previous.reports, key=lambda r: r.position):
            key = _key_of_report(report.payload, report.published)
            if report.incident is not None:
                dropped.rejoin.setdefault(key, []).append(report.incident)
            elif report.reported_as == "background":
                dropped.unattached[key] = dropped.unattached.get(key, 0) + 1
        touched = {r.incident for r in previous.reports if r.incident is not None}
        self.mention_keys.forget(r.id for r in previous.reports if r.id is not None)
        for report in list(previous.reports):
            session.delete(report)
        for claim in list(previous.claims):
            session.delete(claim)
        session.flush()
        for incident in sorted(touched, key=lambda i: i.id):
            session.refresh(incident)
            if incident.reports:
                merged_view.recompute(session, incident, self.lookups)
            else:
                incident.merge_state = None  # a report that rejoins it recomputes it from scratch
                dropped.emptied.append(incident)
        if touched:  # the candidate query reads the rows: they hold what the recomputation chose
            session.flush()
        return dropped

    def _delete_emptied(self, session: Session, emptied: list[Incident]) -> None:
        """Delete the incidents no report joined again, unless an editor changed them."""
        for incident in emptied:
            if incident.reports or incident.locked_fields:
                continue
            session.add(AuditEntry(incident_id=incident.id, actor="ingest", action="delete", at=_now(),
                                   before=merged_view.snapshot(incident, self.lookups.actor_names), after=None))
            session.delete(incident)
        if emptied:
            session.flush()

    def _add_reports(self, session: Session, article: Article, item: ExtractedArticle, outcome: WriteOutcome,
                     dropped: Dropped | None = None) -> None:
        """Each report joins the incident it matches, or starts one. The article's own incidents
        are never candidates: the extractor already told them apart. A report whose key equals
        a dropped report's (``rejoin``, from ``_drop_reports``) goes back to that one's incident,
        and a background mention whose key equals a dropped one that no incident held stays
        unattached (re-extraction with the same result changes nothing, whatever came since)."""
        rejoin = dropped.rejoin if dropped is not None else {}
        # the incidents re-extraction may give back or delete: never folded away (``folding``)
        dropped_incidents = [*(i for held in rejoin.values() for i in held), *(dropped.emptied if dropped is not None else [])]
        unattached = dropped.unattached if dropped is not None else {}
        changes: list[tuple[Incident, str, dict | None]] = []
        signed: dict[int, int] = {}  # a merged incident's signature size before this article (``adoption.moved``)
        joined: list[tuple[Incident, ReportRecord, bool]] = []
        # the payloads (signature, toll context) and attributions: prepared with the extraction
        prepared = item.prepared if item.prepared is not None else prepare(item.result, item.title, item.clean_text)
        payloads = prepared.payloads
        keys = [_key_of_report(p, article.published) for p in payloads]
        # a report that restates a deeper one of this article (a headline's province, the body's
        # district): it takes that one's incident, after it (``merge.restated``)
        shadows = restated(keys)
        deferred: list[ReportRecord] = []
        created: set[Incident] = set()
        names = self.lookups.actor_names
        reports: list[ReportRecord] = []
        # the reports' ids before their insert: a figure names its report as it is folded in.
        # The reports stay out of the session (the unit of work's cost per object was much of
        # the writer's): one Core statement inserts them after the flush of the article, the
        # new incidents and the merged ones
        with session.no_autoflush:
            ids = self.row_ids.take(session, "incident_reports", len(payloads))
            for position, model in enumerate(item.result.incidents):
                payload, found = payloads[position], prepared.attributions[position]
                report = ReportRecord(
                    id=ids[position], article_id=article.id, incident_id=None, position=position, reported_as=model.reported_as.value, published=article.published,
                    date=_day(model), admin2=model.location.admin2, admin1=model.location.admin1,
                    event_type=model.event_type.value, killed_total=model.killed.total, killed_militants=model.killed.militants,
                    injured_total=model.injured.total, payload=payload, extractor_version=item.extractor_version,
                    toll_source=found.source if found else None, toll_tier=found.tier if found else None,
                    toll_reason=found.reason if found else None,
                )
                reports.append(report)
                if position in shadows:
                    deferred.append(report)
                    continue
                again = rejoin.get(keys[position])
                if again:
                    incident: Incident | None = again.pop(0)
                elif model.reported_as.value == "background" and unattached.get(keys[position], 0) > 0:
                    unattached[keys[position]] -= 1  # it was linked to nothing: it stays so
                    incident = None
                else:
                    # an incident another main report of this article joined is no candidate for
                    # a main report the merge rules tell apart from that one (the extractor did too)
                    apart = {held for held, other, _ in joined if model.reported_as.value == "main" and other.reported_as == "main"
                             and not same_incident(keys[position], keys[other.position])}
                    incident = self._find_incident(session, keys[position], created | apart, frozenset(
                        i.id for i in (*(held for held, _, _ in joined), *dropped_incidents) if i.id is not None))
                if incident is None and model.reported_as.value == "main":
                    incident = self._new_incident(session, model)
                    created.add(incident)
                    outcome.incidents_new += 1
                    changes.append((incident, "create", None))
                elif incident is not None:
                    outcome.incidents_merged += 1
                    if all(incident is not other for other, _, _ in changes):
                        changes.append((incident, "merge", merged_view.snapshot(incident, names)))
                        signed[id(incident)] = adoption.signature_size(incident)
                else:
                    continue  # a background mention of an event we do not hold: kept, with no incident
                joined.append((incident, report, incident in created))
            for report in deferred:
                restated_by = next((entry for entry in joined if entry[1].position == shadows[report.position]), None)
                if restated_by is not None:
                    joined.append((restated_by[0], report, restated_by[2]))
                    outcome.incidents_merged += not restated_by[2]
        # a new incident's view is set before its insert, so that it is inserted whole (an
        # INSERT and then an UPDATE would run the rollup triggers twice)
        with session.no_autoflush:  # a lookup of a place or group must not insert it half-made
            for incident, report, fresh in joined:
                if not fresh:
                    merged_view.write_whole(incident)
                # this article's reports of the incident, not in the database yet: a fallback on
                # ``recompute`` reads them with the stored ones
                pending = [other for held, other, _ in joined if held is incident]
                merged_view.absorb(session, incident, report, self.lookups, fresh=fresh, pending=pending)
        session.flush()  # the article, the new incidents and the merged ones
        for incident, report, _ in joined:
            report.incident_id = incident.id
        if reports:
            session.connection().execute(insert(IncidentReport), [report.row() for report in reports])
        # the reports went in behind the session's back: a collection loaded before reads them anew
        if inspect(article).persistent:
            session.expire(article, ["reports"])
        for incident in {id(incident): incident for incident, _, _ in joined}.values():
            session.expire(incident, ["reports"])
        # the background mentions stored before their attack: a new incident, or one whose day,
        # place or type this article changed, may take them (``adoption``)
        placed = [incident for incident, action, before in changes
                  if action == "create" or adoption.moved(before, signed.get(id(incident), 0), incident)]
        if placed:
            adoption.adopt(session, placed, article.id, self.lookups, _key_of_report, self.mention_keys)
        if changes:
            now = _now()
            session.connection().execute(insert(AuditEntry), [
                {"incident_id": incident.id, "actor": "ingest", "action": action, "at": now, "before": before,
                 "after": merged_view.snapshot(incident, names)} for incident, action, before in changes
            ])
            outcome.incident_ids.extend(incident.id for incident, _, _ in changes)

    def _find_incident(self, session: Session, key: ReportKey, exclude: set[Incident],
                       protected: frozenset[int] = frozenset()) -> Incident | None:
        """The stored incident this report describes, if any. The query keeps to the report's
        country and days (the ``ix_incidents_country_date`` index: its cost does not grow with
        the database), to the event types and days ``same_incident`` can join (``candidate_types``,
        ``DATE_WINDOW_DAYS``), and reads plain rows; the perpetrators are read only when the
        report names a claimant, and only the matched incident is loaded as an object. Every
        candidate is judged by its row: the incidents this transaction changed are flushed
        before a report is matched."""
        ref = key.date or key.published
        if not (key.admin1 or key.country):
            return None
        if ref is None:  # no days to go by: the province's incidents, joined on shared details
            return self._match(session, key, timeless.candidates(session, key), exclude, protected)
        # a dated report also looks a few days further, joining there only on shared details
        after = DETAIL_WINDOW_DAYS if key.date is not None else DATE_WINDOW_DAYS + 1
        before = FOLLOW_UP_DAYS if key.background else after  # a follow-up recalls the days before it
        params: dict = {"first": ref - timedelta(days=before), "last": ref + timedelta(days=after),
                        "country": key.country, "admin1": key.admin1, "admin2": key.admin2}
        lat, lon = key.lat, key.lon
        near = key.admin2 is not None and lat is not None and lon is not None
        if near and lat is not None and lon is not None:
            dlat = NEARBY_KM / 111.0
            dlon = NEARBY_KM / (111.0 * max(0.2, math.cos(math.radians(lat))))
            params |= {"lat0": lat - dlat, "lat1": lat + dlat, "lon0": lon - dlon, "lon1": lon + dlon}
        # with the incidents whose reports gave no date, by their reports' publication dates
        # (the partial index ix_incidents_undated_published), in the same statement
        query = _candidates_with_undated(bool(key.country), bool(key.admin1), bool(key.admin2), near,
                                         candidate_types(key.event_type))
        # the dated incidents in the same days (``merge``: ``DETAIL_WINDOW_DAYS`` after a dated
        # report, ``FOLLOW_UP_DAYS`` before a follow-up's mention)
        params |= {"dfirst": params["first"], "dlast": params["last"]}
        bound = {k: v for k, v in params.items() if v is not None}
        rows = session.connection().execute(query, bound).all()
        if not (key.country and key.admin1):  # without a province: no timeless candidates (``timeless.candidates``)
            rows = [*rows, *timeless.candidates(session, key)]
        return self._match(session, key, rows, exclude, protected)

    def _match(self, session: Session, key: ReportKey, rows: Sequence[Any], exclude: set[Incident],
               protected: frozenset[int] = frozenset()) -> Incident | None:
        """The first candidate row that ``same_incident`` accepts on its days, loaded as an object,
        the others it accepts on their days folded into it (``folding``; not those in
        ``protected``: this article's and re-extraction's own); where the report or the
        candidate has no days to go by, the accepted one that shares most details. A row's merge
        state is read only where ``merge.needs_state`` or ``timeless.needs_signature`` says it
        decides, and the candidate statement brings it (``state``)."""
        if not rows:
            return None
        excluded = {incident.id for incident in exclude if incident.id is not None}
        claimed: dict[int, set[str]] = {}
        if key.claimed_by:
            for incident_id, name in session.connection().execute(
                select(IncidentPerpetrator.incident_id, Actor.name).join(Actor, Actor.id == IncidentPerpetrator.actor_id)
                .where(IncidentPerpetrator.incident_id.in_([r[0] for r in rows]), IncidentPerpetrator.status == "claimed")
            ):
                claimed.setdefault(incident_id, set()).add(name)
        best: tuple[int, int] | None = None  # (shared details, id) of a timeless match
        on_days: list[int] = []  # the candidates accepted on their days (``merge.on_details`` false)
        on_shared: list[int] = []  # those accepted on shared details: folded too when one is on days
        bare: list[tuple[int, ReportKey]] = []  # country-only headlines with no detail (``merge.bare_headline``)
        unique = timeless.unique_terms(rows)
        # every candidate is judged by its row: the rows are flushed before a report is matched
        # (``_drop_reports`` and each article's flush), so an incident the session holds says the same
        row_keys: dict[int, ReportKey] = {}
        for row in rows:
            if row.id in excluded:
                continue
            candidate_key = row_keys[row.id] = _key_of_row(row, claimed)
            if not timeless.carries_signature(row) and (needs_state(key, candidate_key) or timeless.needs_signature(key, row)):
                # its places and signature decide (``merge.needs_state``)
                state = _state_of_row(session, row) or {}
                candidate_key = replace(candidate_key, terms=frozenset(state.get(signature.KEY) or ()),
                                        places=frozenset(state.get("places") or ()))
            if not same_incident(key, candidate_key, unique):
                if bare_headline(key, candidate_key):
                    bare.append((row.id, candidate_key))
                continue
            if not on_details(key, candidate_key):
                on_days.append(row.id)  # the first is taken; the others are folded into it
                continue
            on_shared.append(row.id)
            score = shared_details(key, candidate_key, unique)
            if best is None or score > best[0]:
                best = (score, row.id)
        joined = on_days[0] if on_days else best[1] if best is not None else None
        headline = _bare_headline(session, bare, joined, protected)
        if on_days:
            # PostgreSQL: locked until the commit, so that an editor's save made meanwhile is
            # neither lost under this merge nor made on a row this merge then overwrites
            chosen = _held_or_load(session, on_days[0])
            # a candidate the report joins on shared details is the same attack as the one it
            # joins on its days (it would have joined it, had it come first), and so is a bare
            # headline of the country whose only incident of its type and days this one is
            folded = (*on_days[1:], *on_shared, *((headline,) if headline is not None else ()))
            others = [_held_or_load(session, i) for i in folded if i not in protected]
            if chosen is not None and others:
                folding.fold(session, chosen, [o for o in others if o is not None], self.lookups)
            return chosen
        if best is None:
            if headline is not None:  # the report takes the headline, and places it
                return _held_or_load(session, headline)
            return self._sole(session, key, rows, row_keys)
        chosen = _held_or_load(session, best[1])
        if chosen is not None and headline is not None:
            folding.fold(session, chosen, [o for o in [_held_or_load(session, headline)] if o is not None], self.lookups)
        return chosen

    @staticmethod
    def _sole(session: Session, key: ReportKey, rows: Sequence[Any], row_keys: dict[int, ReportKey]) -> Incident | None:
        """A report placed in the country only that shares no detail: ``merge.sole_candidate``."""
        if key.admin1 or key.admin2:
            return None
        judged = [row for row in rows if row.id in row_keys]
        held = [(row_keys[row.id], int((_state_of_row(session, row) or {}).get("main") or 0)) for row in judged]  # main reports
        chosen = sole_candidate(key, held)
        if chosen is None:
            return None
        return _held_or_load(session, judged[chosen].id)

    def _new_incident(self, session: Session, model: IncidentModel) -> Incident:
        now = _now()
        # its id taken before the insert: the article's new incidents go in one statement
        incident = Incident(id=self.row_ids.take(session, "incidents", 1)[0], event_type=model.event_type.value, confidence=model.confidence, review_state="unreviewed",
                            locked_fields=[], row_version=0, created_at=now, updated_at=now, reports=[], perpetrators=[])
        session.add(incident)
        return incident

    def _add_claims(self, session: Session, article: Article, item: ExtractedArticle, outcome: WriteOutcome) -> None:
        from datetime import date

        rows = [
            {"article_id": article.id, "source": claim.source, "region_name": claim.region.name,
             "region_country": claim.region.country, "region_admin1": claim.region.admin1, "region_admin2": claim.region.admin2,
             "period_label": claim.period.label,
             "period_start": date.fromisoformat(claim.period.start) if claim.period.start else None,
             "period_end": date.fromisoformat(claim.period.end) if claim.period.end else None,
             "metric": claim.metric.value, "unit": claim.unit.value, "value": claim.value, "qualifier": claim.qualifier.value,
             "evidence": {**claim.evidence.model_dump(mode="json"), **({"flags": claim.flags} if claim.flags else {})}}
            for claim in item.result.claims
            if is_usable_value(claim.value)  # an infinity or a 4,300-digit figure never reaches the table
        ]
        if rows:
            session.connection().execute(insert(ClaimRow), rows)  # Core: one executemany, no unit of work
        outcome.claims += len(rows)


def _lock(session: Session) -> None:
    """SQLite: take the file's write lock as the transaction begins (``BEGIN IMMEDIATE``; the
    driver would begin at the first write), so that what the writer reads (is the article
    there, the incidents it merges into, the next ids) cannot change under it before it writes
    (a merge writes every merged column of its incident). Another writer's lock is waited for
    (the busy timeout), and a lock still held after it is a transient error, tried again."""
    connection = session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN IMMEDIATE")


# an article already stored: the same clean text (``same``), or the current version at its URL
_KNOWN_ARTICLE = select(Article.id, (Article.content_hash == bindparam("digest")).label("same")).where(
    or_(Article.content_hash == bindparam("digest"),
        and_(Article.canonical_url == bindparam("canonical"), Article.is_current.is_(True)))).order_by(Article.id)

# the incident a report merges into, with its perpetrators (which the merge and its audit
# snapshot read) in the same statement; PostgreSQL: locked until the commit (``_match``)
_FOR_MERGE = (select(Incident).where(Incident.id == bindparam("id")).options(joinedload(Incident.perpetrators))
              .with_for_update(of=Incident.__table__))


def _load_for_merge(session: Session, incident_id: int) -> Incident | None:
    return session.execute(_FOR_MERGE, {"id": incident_id}).unique().scalars().first()


def _held_or_load(session: Session, incident_id: int) -> Incident | None:
    """The matched incident: the session's object when it holds one, else loaded for the merge."""
    held = session.identity_map.get(identity_key(Incident, incident_id))
    return held if held is not None else _load_for_merge(session, incident_id)


def _state_of_row(session: Session, row: Any) -> dict | None:
    """A candidate's merge state: brought by the candidate statement (``state``), else read."""
    if timeless.carries_signature(row):  # a timeless row carries its state as ``merge_state``
        return row.merge_state
    mapping = row._mapping
    if "state" in mapping:
        state = mapping["state"]  # its JSON text (``_candidates_with_undated``); PostgreSQL's driver parses it
        return json_loads(state) if isinstance(state, str | bytes) else state
    return session.connection().execute(select(Incident.merge_state).where(Incident.id == row.id)).scalar()


_ARTICLE_COLUMNS = tuple(column.key for column in Article.__table__.columns)

_CANDIDATE_COLUMNS = (Incident.id, Incident.date, Incident.published, Incident.place, Incident.admin2, Incident.admin1,
                      Incident.country, Incident.lat, Incident.lon, Incident.event_type)


def candidate_types(event_type: str) -> tuple[str, ...]:
    """The event types an incident may have to be one with a report of ``event_type``: those
    ``merge.COMPATIBLE`` lists, an assault's or an operation's counterparts
    (``merge.ASSAULT_OR_OPERATION``, which ``same_incident`` then checks for place and day), and
    a bombing's assaults and an assault's bombings (``merge.COMPLEX_ATTACK``: place, day and
    shared words). The
    candidate query keeps to them, so that the incidents of other kinds crowding the same
    district and days are not read and judged one by one."""
    types = set(COMPATIBLE.get(event_type, {event_type}))
    if event_type in ASSAULT_OR_OPERATION:
        types |= ASSAULT_OR_OPERATION
    for one, other in (COMPLEX_ATTACK, COMPLEX_ATTACK[::-1]):  # a complex attack's two tellings
        if event_type in one:
            types |= other
    return tuple(sorted(types))


def _of_types(types: tuple[str, ...]):  # noqa: ANN202 - a SQL condition
    """``event_type IN (...)`` with the types written into the statement (a bound list is
    expanded into the SQL text at every execution): they come from the event-type vocabulary."""
    return Incident.event_type.in_([literal_column("'" + kind.replace("'", "''") + "'") for kind in types])


def _bare_headline(session: Session, bare: list[tuple[int, ReportKey]], joined: int | None,
                   protected: frozenset[int]) -> int | None:
    """The one country-only headline with no detail (``merge.bare_headline``) that the report
    takes: the country holds no incident of its type in its days but it and the one the report
    joins (``joined``; none when the report makes a new one)."""
    if len(bare) != 1 or bare[0][0] in protected:
        return None
    headline, key = bare[0]
    days = bare_headline_days(key)
    if days is None:
        return None
    first, last = days
    mine = [i for i in (headline, joined) if i is not None]
    others = session.execute(
        select(func.count()).select_from(Incident).where(
            Incident.country == key.country, Incident.event_type == key.event_type, Incident.id.not_in(mine),
            Incident.review_state != "rejected",
            or_(Incident.date.between(first, last), and_(Incident.date.is_(None), Incident.published.between(first, last))))
    ).scalar_one()
    return headline if others == 0 else None


@lru_cache(maxsize=256)
def _candidates_with_undated(country: bool, admin1: bool, admin2: bool, near: bool,  # noqa: ANN202 - a Select
                             types: tuple[str, ...] | None = None):
    """``_candidate_query``, and after its rows (a report's country known) the undated incidents
    of the country (and province) whose reports were published in the report's days; of the
    event ``types`` only (``candidate_types``), when given. With a province, the same statement
    then gives ``timeless.candidates``' rows too (``undated`` = ``timeless.SIGNED``, newest first,
    with their ``merge_state``): one statement a report instead of two."""
    # every row brings its merge state (``state``), which ``Writer._match`` reads for the rows
    # whose places or signature decide (``merge.needs_state``): no second statement for them
    # as text, parsed only for the rows it decides (a fifth of them in the ingest benchmark: the
    # JSON column's own type parsed every candidate's as the rows were fetched)
    state = type_coerce(Incident.merge_state, Text).label("state")
    dated = _candidate_where(country, admin1, admin2, near, types, days=("dfirst", "dlast")).add_columns(
        literal(0).label("undated"))
    if not country:
        return dated.add_columns(state).order_by(Incident.id)
    undated = select(*_CANDIDATE_COLUMNS, literal(1).label("undated")).where(
        Incident.date.is_(None), Incident.country == bindparam("country"), Incident.published >= bindparam("first"),
        Incident.published <= bindparam("last"), Incident.review_state != "rejected")
    if types is not None:
        undated = undated.where(_of_types(types))
    if admin1:  # or placed in the country only (``merge._country_only``)
        undated = undated.where(or_(Incident.admin1 == bindparam("admin1"), Incident.admin1.is_(None)))
    if not admin1:
        both = union_all(dated.add_columns(state), undated.add_columns(state)).subquery()
        return select(both).order_by(both.c.undated, both.c.id)
    no_state = cast(null(), Incident.merge_state.type).label("merge_state")  # PostgreSQL: a NULL of the type
    recent = timeless.query(undated_only=True, admin2=admin2).subquery()
    # the timeless rows carry their state as ``merge_state`` (``timeless.carries_signature``)
    signed = select(*(recent.c[column.key] for column in _CANDIDATE_COLUMNS), literal(timeless.SIGNED).label("undated"),
                    recent.c.merge_state, cast(null(), Incident.merge_state.type).label("state"))
    every = union_all(dated.add_columns(no_state, state), undated.add_columns(no_state, state), signed).subquery()
    return select(every).order_by(every.c.undated, case((every.c.undated == timeless.SIGNED, -every.c.id), else_=every.c.id))


@lru_cache(maxsize=16)
def _candidate_query(country: bool, admin1: bool, admin2: bool, near: bool):  # noqa: ANN202 - a Select
    """The candidate query of ``Writer._find_incident`` for one shape of report key, built once
    (building a statement costs more than SQLite takes to answer it); values are bound."""
    return _candidate_where(country, admin1, admin2, near).order_by(Incident.id)


def _candidate_where(country: bool, admin1: bool, admin2: bool, near: bool,  # noqa: ANN202 - a Select
                     types: tuple[str, ...] | None = None, days: tuple[str, str] = ("first", "last")):
    """The dated candidates' query, unordered; ``days``: the names of the first and last day."""
    query = select(*_CANDIDATE_COLUMNS).where(
        Incident.date >= bindparam(days[0]), Incident.date <= bindparam(days[1]), Incident.review_state != "rejected")
    if types is not None:
        query = query.where(_of_types(types))
    if country:  # with the dates: the ix_incidents_country_date index
        query = query.where(Incident.country == bindparam("country"))
    if admin1:  # or placed in the country only (``merge._country_only``)
        query = query.where(or_(Incident.admin1 == bindparam("admin1"), Incident.admin1.is_(None)))
    if admin2:
        alternatives = [Incident.admin2 == bindparam("admin2"), Incident.admin2.is_(None)]
        if near:
            alternatives.append(and_(Incident.lat.between(bindparam("lat0"), bindparam("lat1")),
                                     Incident.lon.between(bindparam("lon0"), bindparam("lon1"))))
        query = query.where(or_(*alternatives))
    return query


def _day(model: IncidentModel):
    from datetime import date

    if model.date and len(model.date) == 10:
        return date.fromisoformat(model.date)
    return None
