"""The database schema (SQLAlchemy 2), shared by SQLite and PostgreSQL.

- ``articles``: one row per version of an article (a changed text at the same URL is a new
  version; the older row keeps ``is_current = False``). ``content_hash`` identifies a version.
- ``incidents``: the merged view, one row per real-world event, with the toll chosen from its
  reports and the review state an analyst sets.
- ``incident_reports``: what one article said about one incident, with its own figures and
  evidence; ``incident_id`` is null for a background mention that matched no incident.
- ``claims``: statistical claims, per article.
- ``places``, ``actors`` and ``incident_perpetrators``: what the incidents refer to.
- ``audit_log``: every change to an incident (who, when, before, after).
- ``rollup_*``: running monthly totals of the incidents, kept by triggers (see ``rollups.py``),
  that ``stats`` reads instead of a million incident rows.
"""

from __future__ import annotations

import datetime as _dt  # ``date`` is also a column name inside the classes
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(String(200))
    outlet: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text, index=True)
    path: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    clean_text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    extractor_version: Mapped[str] = mapped_column(String(40))
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    # the one-line failure of an article whose extraction broke (null: extracted); no reports then
    failure: Mapped[str | None] = mapped_column(Text)

    reports: Mapped[list[IncidentReport]] = relationship(back_populates="article", cascade="all, delete-orphan")
    claims: Mapped[list[ClaimRow]] = relationship(back_populates="article", cascade="all, delete-orphan")


class Place(Base):
    __tablename__ = "places"
    __table_args__ = (UniqueConstraint("name", "admin2", "admin1", "country"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(120))
    admin1: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    iso3166_2: Mapped[str | None] = mapped_column(String(10))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)


class Actor(Base):
    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="group")


# what a tally reads of an incident besides its date and place (see the tally indexes)
TALLY_COLUMNS = ("review_state", "country", "event_type", "killed_total", "killed_civilians", "killed_security",
                 "killed_militants", "killed_foreigners", "injured_total", "injured_civilians", "injured_security",
                 "injured_militants", "injured_foreigners")


class Incident(Base):
    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_country_date", "country", "date"),
        # covering indexes for the tallies (analytics/stats.py, migration 0003): SQLite answers a
        # GROUP BY on their leading columns in one pass over the index, without sorting or the table
        Index("ix_incidents_tally_date", "date", *TALLY_COLUMNS),
        Index("ix_incidents_tally_place", "admin1", "admin2", "date", *TALLY_COLUMNS),
        # the writer's candidates among incidents whose reports gave no date (migration 0005)
        Index("ix_incidents_undated_published", "country", "published", sqlite_where=text("date IS NULL"),
              postgresql_where=text("date IS NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    published: Mapped[_dt.date | None] = mapped_column(Date)  # its reports' earliest publication: an undated one's days
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    place: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(120), index=True)
    admin1: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    iso3166_2: Mapped[str | None] = mapped_column(String(10))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    event_type: Mapped[str] = mapped_column(String(30), index=True)
    killed_total: Mapped[int | None] = mapped_column(Integer)
    killed_civilians: Mapped[int | None] = mapped_column(Integer)
    killed_security: Mapped[int | None] = mapped_column(Integer)
    killed_militants: Mapped[int | None] = mapped_column(Integer)
    killed_foreigners: Mapped[int | None] = mapped_column(Integer)
    killed_qualifier: Mapped[str | None] = mapped_column(String(10))
    injured_total: Mapped[int | None] = mapped_column(Integer)
    injured_civilians: Mapped[int | None] = mapped_column(Integer)
    injured_security: Mapped[int | None] = mapped_column(Integer)
    injured_militants: Mapped[int | None] = mapped_column(Integer)
    injured_foreigners: Mapped[int | None] = mapped_column(Integer)
    injured_qualifier: Mapped[str | None] = mapped_column(String(10))
    # toll reconciliation (store/tolls.py): the range the credible reports give and the best
    # figure, for victims killed (killed minus militants), militants killed and injured; the
    # reports behind each, conflicts and flagged figures in ``toll_sources``
    killed_low: Mapped[int | None] = mapped_column(Integer)
    killed_best: Mapped[int | None] = mapped_column(Integer)
    killed_high: Mapped[int | None] = mapped_column(Integer)
    militants_low: Mapped[int | None] = mapped_column(Integer)
    militants_best: Mapped[int | None] = mapped_column(Integer)
    militants_high: Mapped[int | None] = mapped_column(Integer)
    injured_low: Mapped[int | None] = mapped_column(Integer)
    injured_best: Mapped[int | None] = mapped_column(Integer)
    injured_high: Mapped[int | None] = mapped_column(Integer)
    toll_sources: Mapped[dict | None] = mapped_column(JSON)
    # what store/merged_view.py folds a new report into (counts, bounded): no other report is read
    merge_state: Mapped[dict | None] = mapped_column(JSON)
    # what the review queue brings forward: merged_view.DOUBT_* bits (an impossible figure, a
    # claim and a denial, a toll that fell with no reason); migration 0020 computes it for those stored before
    doubts: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    review_state: Mapped[str] = mapped_column(String(12), default="unreviewed", index=True)
    locked_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    reports: Mapped[list[IncidentReport]] = relationship(back_populates="incident")
    perpetrators: Mapped[list[IncidentPerpetrator]] = relationship(back_populates="incident", cascade="all, delete-orphan")


# the incident list's order (web/queries.py: newest first, unknown dates last, ties by id), for
# everything and per province, with the columns the filters read, so that a page, the rows its
# offset skips and the count are read from an index alone (migration 0018). The two dialects
# spell the order differently: SQLite keeps NULLs lowest, so its plain index walked backwards is
# ``date DESC NULLS LAST`` (and it has no NULLS LAST in an index); PostgreSQL needs the order
# spelled out, and carries the filtered columns as INCLUDE.
LIST_INDEXES = {"ix_incidents_list_all": ((), ("review_state",)),
                "ix_incidents_list_place": (("admin1",), ("review_state", "country"))}


def _list_indexes() -> None:
    for name, (lead, covered) in LIST_INDEXES.items():
        columns = [Incident.__table__.c[c] for c in lead]
        Index(name, *columns, Incident.date, Incident.id, *(Incident.__table__.c[c] for c in covered)).ddl_if(dialect="sqlite")
        Index(name, *columns, Incident.date.desc().nulls_last(), Incident.id.desc(),
              postgresql_include=list(covered)).ddl_if(dialect="postgresql")


_list_indexes()


def of_dialect(dialect: str):  # noqa: ANN201 - alembic's include_object hook
    """Alembic's ``include_object`` for a database of ``dialect``: the objects made only for
    another dialect (``ddl_if``) are not expected there."""

    def include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        only = getattr(obj, "_ddl_if", None)
        return only is None or only.dialect is None or only.dialect == dialect

    return include


class IncidentPerpetrator(Base):
    __tablename__ = "incident_perpetrators"

    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), primary_key=True, index=True)
    status: Mapped[str] = mapped_column(String(12))

    incident: Mapped[Incident] = relationship(back_populates="perpetrators")
    actor: Mapped[Actor] = relationship()


# the columns of the partial indexes of unattached mentions (migration 0021), by leading column
UNATTACHED_COLUMNS = {"published": ("published", "reported_as", "article_id", "date", "incident_id"),
                      "date": ("date", "reported_as", "article_id", "published", "incident_id")}


class IncidentReport(Base):
    __tablename__ = "incident_reports"
    __table_args__ = (
        # the background mentions no incident holds, by publication and by date: what a new
        # incident may take (store/adoption.py, migration 0020), covering what its look-up
        # reads and tests (migration 0021: the table's rows are not read)
        Index("ix_incident_reports_unattached", *UNATTACHED_COLUMNS["published"], sqlite_where=text("incident_id IS NULL"),
              postgresql_where=text("incident_id IS NULL")),
        Index("ix_incident_reports_unattached_date", *UNATTACHED_COLUMNS["date"], sqlite_where=text("incident_id IS NULL"),
              postgresql_where=text("incident_id IS NULL")),
        # an incident's reports; on SQLite only those with an incident (migration 0021), so that
        # its planner, which has no statistics, takes the partial indexes above for the
        # unattached mentions instead of this one's "incident_id IS NULL" entries
        Index("ix_incident_reports_incident_id", "incident_id", sqlite_where=text("incident_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    position: Mapped[int] = mapped_column(Integer)
    reported_as: Mapped[str] = mapped_column(String(12))
    published: Mapped[date | None] = mapped_column(Date)  # the article's, kept here to order reports cheaply
    date: Mapped[date | None] = mapped_column(Date)
    admin2: Mapped[str | None] = mapped_column(String(120))
    admin1: Mapped[str | None] = mapped_column(String(120))
    event_type: Mapped[str] = mapped_column(String(30))
    killed_total: Mapped[int | None] = mapped_column(Integer)
    killed_militants: Mapped[int | None] = mapped_column(Integer)
    injured_total: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict] = mapped_column(JSON)  # the incident as the output contract gives it, evidence included
    # who gave its figures (toll_sources.yaml: the source's name and tier) and the reason it
    # gives for a lower toll, read from the evidence as the report is stored
    toll_source: Mapped[str | None] = mapped_column(String(40))
    toll_tier: Mapped[int | None] = mapped_column(Integer)
    toll_reason: Mapped[str | None] = mapped_column(String(200))
    extractor_version: Mapped[str] = mapped_column(String(40))

    article: Mapped[Article] = relationship(back_populates="reports")
    incident: Mapped[Incident | None] = relationship(back_populates="reports")


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_period", "period_start", "period_end"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    source: Mapped[str | None] = mapped_column(String(120), index=True)
    region_name: Mapped[str] = mapped_column(String(200))
    region_country: Mapped[str | None] = mapped_column(String(2))
    region_admin1: Mapped[str | None] = mapped_column(String(120))
    region_admin2: Mapped[str | None] = mapped_column(String(120))
    period_label: Mapped[str | None] = mapped_column(Text)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    metric: Mapped[str] = mapped_column(String(30), index=True)
    unit: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(10))
    evidence: Mapped[dict] = mapped_column(JSON)

    article: Mapped[Article] = relationship(back_populates="claims")


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # no foreign key: the log outlives the incidents it tells of (a deleted or merged-away one)
    incident_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor: Mapped[str] = mapped_column(String(120))  # a user name, or "ingest" for the machine
    action: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)  # the editor's why (migration 0011)


# -- the web application's accounts (incidentwatch/web) ----------------------------------------


class User(Base):
    """An analyst's account: ``viewer`` reads, ``editor`` reviews and edits, ``admin`` also manages."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, with its parameters and salt
    role: Mapped[str] = mapped_column(String(10))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class WebSession(Base):
    """A logged-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)

    user: Mapped[User] = relationship()


class LoginAttempt(Base):
    """One login attempt, kept for the rate limit (failures per name and per address in a window)."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_name_at", "name", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
    success: Mapped[bool] = mapped_column(Boolean)


# -- rollups: monthly totals of the incidents, written only by the triggers of rollups.py -------

# what a rollup row adds up, in this order: incidents, the tolls, then per victim category (and
# for tolls not wholly split) the incidents in which it was killed or injured
ROLLUP_VALUES = ("incidents", "killed_total", "killed_civilians", "killed_security", "killed_militants",
                 "killed_foreigners", "injured_total", "injured_civilians", "injured_security", "injured_militants",
                 "injured_foreigners", "hit_civilians", "hit_security", "hit_militants", "hit_foreigners",
                 "hit_unspecified")
# the incident columns a rollup may be keyed by, with their sizes (an unknown value is '')
ROLLUP_KEY_SIZES = {"country": 2, "admin1": 120, "admin2": 120, "event_type": 30}
ROLLUP_KEYS = {
    "rollup_place": ("country", "admin1", "event_type"),
    "rollup_district": ("country", "admin1", "admin2"),
    "rollup_group": ("country", "admin1"),  # and actor_id: one row per perpetrator group, 0 for none
    "rollup_district_group": ("country", "admin1", "admin2"),  # and actor_id
    # and actor_id and category: one row per group and per victim category the incident killed or
    # injured any of (an incident that hit none is not in it), for a victim-category filter
    "rollup_category_group": ("country", "admin1"),
}
ROLLUP_BY_GROUP = frozenset({"rollup_group", "rollup_district_group", "rollup_category_group"})
ROLLUP_BY_CATEGORY = frozenset({"rollup_category_group"})


def _rollup_table(name: str, keys: tuple[str, ...], by_group: bool, by_category: bool) -> Table:
    return Table(
        name, Base.metadata,
        Column("month", Integer, primary_key=True),  # year * 100 + month (202404); 0 for an undated incident
        Column("rejected", Integer, primary_key=True),  # 1: incidents an editor rejected
        *(Column(key, String(ROLLUP_KEY_SIZES[key]), primary_key=True) for key in keys),
        *([Column("actor_id", Integer, primary_key=True)] if by_group else []),
        *([Column("category", String(12), primary_key=True)] if by_category else []),
        *(Column(value, Integer, nullable=False) for value in ROLLUP_VALUES),
        sqlite_with_rowid=False,
    )


ROLLUP_TABLES = {name: _rollup_table(name, keys, name in ROLLUP_BY_GROUP, name in ROLLUP_BY_CATEGORY)
                 for name, keys in ROLLUP_KEYS.items()}


# -- the watcher's state and alerts (incidentwatch/watch, migration 0012) -----------------------


class WatchSource(Base):
    """A source ``incidentwatch watch`` polls: its validators, schedule, and health."""

    __tablename__ = "watch_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))  # feed | sitemap | section
    interval_s: Mapped[float] = mapped_column(Float)
    etag: Mapped[str | None] = mapped_column(String(400))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    body_hash: Mapped[str | None] = mapped_column(String(64))  # of the last body read: the same body again is not parsed
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_poll_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_status: Mapped[str | None] = mapped_column(String(40))  # "200", "304", or the error's reason
    last_new_at: Mapped[datetime | None] = mapped_column(DateTime)  # when an article of it was last stored
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime)
    errors_in_row: Mapped[int] = mapped_column(Integer, default=0)
    polls: Mapped[int] = mapped_column(Integer, default=0)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    last_lag_s: Mapped[float | None] = mapped_column(Float)  # publication to storage, of the last article stored


class WatchEntry(Base):
    """An entry (feed item, sitemap URL, link of a section page) a source has shown, once."""

    __tablename__ = "watch_entries"
    __table_args__ = (UniqueConstraint("source_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("watch_sources.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))  # SHA-256 of the entry's id (guid, or link)
    url: Mapped[str | None] = mapped_column(Text)
    fingerprint: Mapped[str | None] = mapped_column(String(64))  # of its title, summary and dates: an edit changes it
    state: Mapped[str] = mapped_column(String(12))  # stored | duplicate | failed | skipped
    detail: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)  # fetches of its page (a failed one is tried again, a few times)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    seen_at: Mapped[datetime] = mapped_column(DateTime)
    stored_at: Mapped[datetime | None] = mapped_column(DateTime)
    article_id: Mapped[int | None] = mapped_column(Integer)


class AlertRow(Base):
    """An alert: a rule fired for a subject (an incident, a group in a district, a province's
    week, a report), once, and once more per material change; with its delivery state."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("rule", "subject", "revision", "channel"), Index("ix_alerts_state_next", "state", "next_attempt_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(300))
    revision: Mapped[int] = mapped_column(Integer)  # 0: the alert; 1, 2...: updates after material changes
    channel: Mapped[str] = mapped_column(String(120))  # the alerts.yaml channel it goes to
    basis: Mapped[dict] = mapped_column(JSON)  # what the alert said (the toll...), to judge a later change
    payload: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(10))  # pending | delivered | failed (gave up)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
