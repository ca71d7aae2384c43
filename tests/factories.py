"""Builders of test inputs."""

from __future__ import annotations

from datetime import date

from incidentwatch.models import RawArticle, Sentence


def make_article(text: str, *, id: str = "test", published: date | None = None, title: str | None = "Test article") -> RawArticle:
    return RawArticle(id=id, text=text, title=title, published=published)


def make_sentence(text: str, *, start: int = 0, paragraph: int = 0, index: int = 0) -> Sentence:
    return Sentence(start=start, end=start + len(text), text=text, paragraph=paragraph, index=index)


def make_paragraphs(texts: list[str]) -> list[Sentence]:
    """One sentence a paragraph, as the texts joined by blank lines would be split."""
    sentences, offset = [], 0
    for index, text in enumerate(texts):
        sentences.append(make_sentence(text, start=offset, paragraph=index, index=index))
        offset += len(text) + 2
    return sentences


def make_incident(**overrides):
    """An Incident of the output contract: Bannu, 2024-05-13, two soldiers killed, unless overridden."""
    from incidentwatch.models import EventType, Incident, Location, ReportedAs, Span, Toll

    fields = dict(
        date="2024-05-13", date_precision="day",
        location=Location(place="Bannu", admin2="Bannu", admin1="Khyber Pakhtunkhwa", country="PK", iso3166_2="PK-KP",
                          lat=32.99, lon=70.6, precision="admin2"),
        event_type=EventType.ARMED_ASSAULT, killed=Toll(total=2, security=2, qualifier="exact"), injured=Toll(),
        reported_as=ReportedAs.MAIN, confidence=0.8, evidence=[Span(start=0, end=10, text="Two soldie")],
    )
    fields.update(overrides)
    return Incident(**fields)


def make_extracted(text: str = "Two soldiers were martyred in Bannu.", *, incidents=None, claims=None, url=None,
                   published=None, source_id="a1", outlet="Test Outlet"):
    """A record as an extraction worker hands it to the writer."""
    from datetime import date as date_

    from incidentwatch.models import ArticleMeta, ExtractionResult
    from incidentwatch.store.records import ExtractedArticle

    published = published or date_(2024, 5, 14)
    result = ExtractionResult(article=ArticleMeta(id=source_id), incidents=incidents if incidents is not None else [make_incident()],
                              claims=claims or [])
    return ExtractedArticle(source_id=source_id, url=url, outlet=outlet, path=None, title="t", published=published,
                            clean_text=text, result=result, extractor_version="test")
