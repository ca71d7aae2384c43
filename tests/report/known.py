"""A small database of known articles for the report tests, stored through the real writer (so
incidents are merged from their reports, with sources and evidence), every figure worked out by
hand in the comments of ``add_known_articles``."""

from __future__ import annotations

from datetime import date

from incidentwatch.models import (
    ArticleMeta,
    Claim,
    EventType,
    ExtractionResult,
    Location,
    Metric,
    Qualifier,
    Span,
    Toll,
    Unit,
)
from incidentwatch.models.claim import Period as ClaimPeriod
from incidentwatch.models.claim import Region
from incidentwatch.store import Store
from incidentwatch.store.records import ExtractedArticle
from tests.factories import make_incident

KP, BALOCHISTAN, PUNJAB = "Khyber Pakhtunkhwa", "Balochistan", "Punjab"


def place(district: str, province: str, *, lat: float | None, lon: float | None) -> Location:
    iso = {KP: "PK-KP", BALOCHISTAN: "PK-BA", PUNJAB: "PK-PB"}[province]
    return Location(place=district, admin2=district, admin1=province, country="PK", iso3166_2=iso, lat=lat, lon=lon,
                    precision="admin2")


def article(source_id: str, *, published: date, sentence: str, incidents=(), claims=(), outlet: str = "Test Outlet",
            title: str | None = None, url: str | None = "default") -> ExtractedArticle:
    """One article whose text is ``sentence``; every incident and claim has it as evidence."""
    span = Span(start=0, end=len(sentence), text=sentence)
    result = ExtractionResult(
        article=ArticleMeta(id=source_id),
        incidents=[i.model_copy(update={"evidence": [span]}) for i in incidents],
        claims=[c.model_copy(update={"evidence": span}) for c in claims],
    )
    return ExtractedArticle(
        source_id=source_id, url=f"https://news.example.org/{source_id}" if url == "default" else url, outlet=outlet,
        path=None, title=title or f"Report {source_id}", published=published, clean_text=sentence, result=result,
        extractor_version="test-1",
    )


def incident(day: str, where: Location, event_type: EventType, killed: Toll, injured: Toll | None = None, **extra):
    return make_incident(date=day, location=where, event_type=event_type, killed=killed, injured=injured or Toll(),
                         **extra)


def known_articles() -> list[ExtractedArticle]:
    """Six articles, five incidents:

    - Q1: #E 2024-01-20 Lahore (Punjab), bombing, 2 civilians killed.
    - Q2: #A 2024-04-10 Bannu (KP), armed assault, 4 security forces killed, 2 injured.
      #B 2024-05-03 Quetta (Balochistan), suicide bombing: first reported 8 killed (not split)
      and 10 injured (b1, 3 May), then 12 killed (9 civilians, 3 security) and 15 injured (b2,
      4 May): the toll is revised upward, the incident counts 12 and 15.
      #C 2024-06-30 (last day of Q2) Peshawar (KP), bombing, 3 killed not split, 5 injured, no
      coordinates.
    - Q3: #D 2024-07-01 (first day of Q3) Kech (Balochistan), targeted killing, 1 civilian.

    Q2 by hand: 3 incidents, 19 killed (9 civilians, 7 security, 3 not split), 22 injured; KP 2
    incidents 7 killed, Balochistan 1 incident 12 killed; Q1: 1 incident, 2 killed. February and
    March 2024 hold no incident (and no article in March or February).
    A CRSS figure of 20 killed in Pakistan in Q2 2024 (at least) is in the ledger.
    """
    bannu = place("Bannu", KP, lat=32.99, lon=70.6)
    quetta = place("Quetta", BALOCHISTAN, lat=30.18, lon=67.0)
    peshawar = place("Peshawar", KP, lat=None, lon=None)
    kech = place("Kech", BALOCHISTAN, lat=26.0, lon=63.05)
    lahore = place("Lahore", PUNJAB, lat=31.55, lon=74.34)
    crss = Claim(source="CRSS", region=Region(name="Pakistan", country="PK"),
                 period=ClaimPeriod(label="the second quarter of 2024", start="2024-04-01", end="2024-06-30"),
                 metric=Metric.KILLED, unit=Unit.COUNT, value=20, qualifier=Qualifier.AT_LEAST,
                 evidence=Span(start=0, end=1, text="x"))
    return [
        article("e1", published=date(2024, 1, 21), outlet="Punjab Daily",
                sentence="LAHORE: Two passers-by were killed when a bomb went off in a market on Saturday.",
                incidents=[incident("2024-01-20", lahore, EventType.BOMBING, Toll(total=2, civilians=2))]),
        article("a1", published=date(2024, 4, 11),
                sentence="BANNU: Four policemen were martyred and two injured in an attack on a checkpost.",
                incidents=[incident("2024-04-10", bannu, EventType.ARMED_ASSAULT, Toll(total=4, security=4),
                                    Toll(total=2))]),
        article("b1", published=date(2024, 5, 3), outlet="Quetta Times",
                sentence="QUETTA: Eight people were killed and ten injured in a suicide blast on Friday.",
                incidents=[incident("2024-05-03", quetta, EventType.SUICIDE_BOMBING, Toll(total=8), Toll(total=10))]),
        article("b2", published=date(2024, 5, 4), outlet="Kabul Ledger",
                sentence="QUETTA: The toll of Friday's suicide blast rose to 12, nine civilians and three policemen, "
                         "with 15 injured.",
                incidents=[incident("2024-05-03", quetta, EventType.SUICIDE_BOMBING,
                                    Toll(total=12, civilians=9, security=3), Toll(total=15))]),
        article("c1", published=date(2024, 6, 30),
                sentence="PESHAWAR: Three people were killed and five injured when a bomb exploded on Sunday.",
                incidents=[incident("2024-06-30", peshawar, EventType.BOMBING, Toll(total=3), Toll(total=5))]),
        article("d1", published=date(2024, 7, 2), outlet="Quetta Times",
                sentence="TURBAT: A teacher was shot dead in Kech on Monday. CRSS said at least 20 people were killed "
                         "in the second quarter of 2024.",
                incidents=[incident("2024-07-01", kech, EventType.TARGETED_KILLING, Toll(total=1, civilians=1))],
                claims=[crss]),
    ]


def build_known(db_url: str, articles: list[ExtractedArticle] | None = None) -> Store:
    """A migrated database at ``db_url`` holding ``articles`` (default ``known_articles()``)."""
    store = Store.open(db_url)
    writer = store.writer()
    for item in known_articles() if articles is None else articles:
        writer.write(item)
    return store
