"""What the API answers and accepts: pydantic models in families (``IncidentPublic``,
``IncidentPage``, ``IncidentDetail``, ``IncidentPatch``...). Built from the tables by the
``*_of`` functions; no query runs here.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from ..models import (  # tolls as the output contract gives them
    AttributionStatus,
    EventType,
    Perpetrator,
    Qualifier,
    Toll,
)
from ..store.estimates import Estimate, Given, describe, estimates_of
from ..store.merged_view import attribution_conflicts
from ..store.tables import Article, AuditEntry, ClaimRow, Incident, IncidentReport

TOLL_PARTS = ("total", "civilians", "security", "militants", "foreigners")


class GivenPublic(BaseModel):
    """One report's figure behind an estimate."""

    value: int
    report: int | None = Field(description="the report (``report_list``) that gave it")
    source: str | None = Field(description="who the report says gave it: ISPR, police, hospital officials, unnamed...")
    published: date | None
    why: str | None = Field(default=None, description="for a conflict or a flagged figure: what is wrong with it")
    reason: str | None = Field(default=None, description="the reason the report gives for a lower toll")


class EstimatePublic(BaseModel):
    """Low, best and high of one measure (store/tolls.py): best is the latest figure of the most
    trusted source, or the editor's; low and high the range of the credible reports."""

    low: int | None
    best: int | None
    high: int | None
    summary: str | None = Field(description='in words: "best 18 (ISPR, the next day), reports ranged 9–18"')
    by_editor: bool
    best_given: GivenPublic | None
    low_given: GivenPublic | None
    high_given: GivenPublic | None
    conflicts: list[GivenPublic] = Field(description="lower figures that gave no reason: kept, not taken as best")
    flagged: list[GivenPublic] = Field(description="impossible figures, for review: never best nor in the range")
    uncredited: list[GivenPublic] = Field(description="figures a perpetrator claimed: never best nor in the range")


class IncidentPublic(BaseModel):
    id: int
    date: date | None
    place: str | None
    district: str | None
    province: str | None
    country: str | None
    lat: float | None
    lon: float | None
    event_type: str
    killed: Toll
    injured: Toll
    perpetrators: list[Perpetrator]
    confidence: float
    review_state: str
    locked_fields: list[str]
    row_version: int
    reports: int = Field(description="how many reports (articles' accounts) the incident merges")
    estimates: dict[str, EstimatePublic] = Field(
        default_factory=dict, description="low / best / high of killed (victims: militants apart), militants and injured")
    attribution_conflicts: dict[str, list[str]] = Field(
        default_factory=dict, description="groups the reports disagree on: claimed by one, denied by another")


class IncidentPage(BaseModel):
    data: list[IncidentPublic]
    count: int = Field(description="incidents matching the filters, all pages")
    limit: int
    offset: int
    next: str | None = Field(description="the URL of the next page, or null on the last")


class ReviewItemPublic(IncidentPublic):
    reasons: list[str] = Field(description="why it needs a look: conflicting tolls, one source, unknown place, "
                                           "claim contradicts attribution, low-confidence type, low confidence")
    priority: float = Field(description="(killed + 1) x (1 - confidence + 0.25 per reason): the queue's order")
    evidence: str | None = Field(description="the first report's first evidence sentence, cut at 240 characters")


class ReviewQueuePage(BaseModel):
    data: list[ReviewItemPublic]
    count: int = Field(description="unreviewed incidents, all pages")
    limit: int
    offset: int
    next: str | None = Field(description="the URL of the next page, or null on the last")


class SpanPublic(BaseModel):
    start: int
    end: int
    text: str


class ArticleRef(BaseModel):
    id: int
    outlet: str | None
    title: str | None
    url: str | None
    published: date | None
    version: int
    is_current: bool


class ReportPublic(BaseModel):
    id: int
    article: ArticleRef
    reported_as: str
    date: str | None
    place: str | None
    district: str | None
    province: str | None
    event_type: str
    killed: Toll
    injured: Toll
    perpetrators: list[Perpetrator]
    confidence: float | None
    evidence: list[SpanPublic]
    extractor_version: str
    toll_source: str | None = Field(default=None, description="who the report says gave its figures")
    toll_reason: str | None = Field(default=None, description="the reason it gives for a lower toll")


class AuditPublic(BaseModel):
    id: int
    incident_id: int | None
    actor: str
    action: str
    at: datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    comment: str | None = Field(default=None, description="the editor's reason for the change")


class IncidentDetail(IncidentPublic):
    report_list: list[ReportPublic]
    audit: list[AuditPublic]


class ArticlePublic(ArticleRef):
    source_id: str
    extractor_version: str
    reports: int
    claims: int


class ArticlePage(BaseModel):
    data: list[ArticlePublic]
    count: int
    limit: int
    offset: int
    next: str | None


class ClaimPublic(BaseModel):
    """A published figure as the pipeline stored it (an article's claims). The ledger's row, the
    figure beside our count, is ``api.claims.LedgerRowPublic``."""

    id: int
    source: str | None
    region: str
    period: str | None
    period_start: date | None
    period_end: date | None
    metric: str
    unit: str
    value: float
    qualifier: str
    evidence: SpanPublic | None


class ArticleDetail(ArticlePublic):
    clean_text: str
    report_list: list[ReportPublic]
    claim_list: list[ClaimPublic]


# -- writing -------------------------------------------------------------------------------------
# Bounds of what a write accepts (docs/web.md lists them): past one, a 422 naming the field, never
# a value the database cannot hold (its ids and versions are 32-bit integers).

ROW_MAX = 2**31 - 1  # the largest id or row_version a column holds
TOLL_MAX = 100_000
FIRST_DAY, LAST_DAY = dt.date(1970, 1, 1), dt.date(2099, 12, 31)
RowVersion = Annotated[int, Field(ge=0, le=ROW_MAX, description="the row version the editor saw")]
RowId = Annotated[int, Field(ge=1, le=ROW_MAX)]
TollCount = Annotated[int | None, Field(default=None, ge=0, le=TOLL_MAX)]


class TollIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    total: TollCount = None
    civilians: TollCount = None
    security: TollCount = None
    militants: TollCount = None
    foreigners: TollCount = None
    qualifier: Qualifier | None = None


class PlaceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    place: str | None = Field(default=None, max_length=200)
    district: str | None = Field(default=None, max_length=120)
    province: str | None = Field(default=None, max_length=120)
    country: str | None = Field(default=None, max_length=60)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)


class PerpetratorIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    status: AttributionStatus


class IncidentPatch(BaseModel):
    """The fields an editor changes; what is left out stays. Each given group is locked against
    re-extraction. ``row_version`` is the version the editor saw."""

    model_config = ConfigDict(extra="forbid")

    row_version: RowVersion
    date: dt.date | None = Field(default=None, ge=FIRST_DAY, le=LAST_DAY)
    event_type: EventType | None = None
    place: PlaceIn | None = None
    killed: TollIn | None = None
    injured: TollIn | None = None
    perpetrators: list[PerpetratorIn] | None = Field(default=None, max_length=20)
    comment: str | None = Field(default=None, max_length=1000, description="why: kept in the audit log")


class BulkItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: RowId
    row_version: RowVersion


class BulkConfirmIn(BaseModel):
    """Confirm several incidents at once, each at the version the editor saw."""

    model_config = ConfigDict(extra="forbid")

    items: list[BulkItem] = Field(min_length=1, max_length=200)
    comment: str | None = Field(default=None, max_length=1000, description="why: kept in the audit log")


class BulkConfirmOut(BaseModel):
    confirmed: list[int]
    stale: list[int] = Field(description="changed by someone else since: not confirmed (open them again)")
    missing: list[int] = Field(description="no such incident")


class VersionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    row_version: RowVersion
    comment: str | None = Field(default=None, max_length=1000, description="why: kept in the audit log")


class MergeIn(BaseModel):
    """Merge incident ``other`` into this one (which survives)."""

    model_config = ConfigDict(extra="forbid")

    row_version: RowVersion
    other: RowId
    other_row_version: RowVersion
    comment: str | None = Field(default=None, max_length=1000, description="why: kept in the audit log")


class SplitIn(BaseModel):
    """Move the reports ``report_ids`` of this incident to a new incident."""

    model_config = ConfigDict(extra="forbid")

    row_version: RowVersion
    report_ids: list[RowId] = Field(min_length=1, max_length=500)
    comment: str | None = Field(default=None, max_length=1000, description="why: kept in the audit log")


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)


class SessionPublic(BaseModel):
    user: str | None
    role: str | None
    csrf_token: str = Field(description="send it as X-CSRF-Token with every POST, PATCH or DELETE")


# -- from the tables -----------------------------------------------------------------------------


# An incident becomes plain data first, validated once into its model: pydantic then builds the
# nested tolls and estimates itself, instead of seven models built one by one in Python (a tenth
# to a half less time for a page of 50, depending on the run; benchmarks/page_cost.py).


def toll_data(row: Incident, prefix: str) -> dict[str, Any]:
    return {**{part: getattr(row, f"{prefix}_{part}") for part in TOLL_PARTS}, "qualifier": getattr(row, f"{prefix}_qualifier")}


def _given(given: Given | None) -> dict[str, Any] | None:
    return None if given is None else {"value": given.value, "report": given.report, "source": given.source,
                                       "published": given.published, "why": given.why, "reason": given.reason}


def estimate_data(estimate: Estimate, day: date | None) -> dict[str, Any]:
    def listed(items: tuple[Given, ...]) -> list[dict[str, Any]]:
        return [g for g in map(_given, items) if g is not None]

    return {"low": estimate.low, "best": estimate.best, "high": estimate.high, "summary": describe(estimate, day),
            "by_editor": estimate.by_editor, "best_given": _given(estimate.best_given),
            "low_given": _given(estimate.low_given), "high_given": _given(estimate.high_given),
            "conflicts": listed(estimate.conflicts), "flagged": listed(estimate.flagged),
            "uncredited": listed(estimate.uncredited)}


def incident_data(row: Incident, reports: int) -> dict[str, Any]:
    return {
        "id": row.id, "date": row.date, "place": row.place, "district": row.admin2, "province": row.admin1,
        "country": row.country, "lat": row.lat, "lon": row.lon, "event_type": row.event_type,
        "killed": toll_data(row, "killed"), "injured": toll_data(row, "injured"),
        "perpetrators": [{"name": p.actor.name, "status": AttributionStatus(p.status)} for p in row.perpetrators],
        "confidence": row.confidence, "review_state": row.review_state, "locked_fields": list(row.locked_fields or []),
        "row_version": row.row_version, "reports": reports,
        "estimates": {m: estimate_data(e, row.date) for m, e in estimates_of(row).items()},
        "attribution_conflicts": attribution_conflicts(row),
    }


def incident_of(row: Incident, reports: int) -> IncidentPublic:
    return IncidentPublic.model_validate(incident_data(row, reports))


def article_ref_of(article: Article) -> ArticleRef:
    return ArticleRef(id=article.id, outlet=article.outlet, title=article.title, url=article.url,
                      published=article.published, version=article.version, is_current=article.is_current)


def report_of(report: IncidentReport) -> ReportPublic:
    payload = report.payload or {}
    loc = payload.get("location") or {}
    return ReportPublic(
        id=report.id, article=article_ref_of(report.article), reported_as=report.reported_as,
        date=payload.get("date"), place=loc.get("place"), district=loc.get("admin2"), province=loc.get("admin1"),
        event_type=report.event_type, killed=Toll(**(payload.get("killed") or {})),
        injured=Toll(**(payload.get("injured") or {})),
        perpetrators=[Perpetrator(**p) for p in payload.get("perpetrators") or []],
        confidence=payload.get("confidence"), evidence=[SpanPublic(**s) for s in payload.get("evidence") or []],
        extractor_version=report.extractor_version, toll_source=report.toll_source, toll_reason=report.toll_reason,
    )


def audit_of(entry: AuditEntry) -> AuditPublic:
    return AuditPublic(id=entry.id, incident_id=entry.incident_id, actor=entry.actor, action=entry.action,
                       at=entry.at.replace(tzinfo=dt.UTC),  # stored as naive UTC
                       before=entry.before, after=entry.after, comment=entry.comment)


def claim_of(claim: ClaimRow) -> ClaimPublic:
    evidence = claim.evidence if isinstance(claim.evidence, dict) and "start" in claim.evidence else None
    return ClaimPublic(id=claim.id, source=claim.source, region=claim.region_name, period=claim.period_label,
                       period_start=claim.period_start, period_end=claim.period_end, metric=claim.metric, unit=claim.unit,
                       value=claim.value, qualifier=claim.qualifier, evidence=SpanPublic(**evidence) if evidence else None)
