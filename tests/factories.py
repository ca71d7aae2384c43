"""Builders of test inputs."""

from __future__ import annotations

from datetime import date

from incidentwatch.models import RawArticle, Sentence


def make_article(text: str, *, id: str = "test", published: date | None = None, title: str | None = "Test article") -> RawArticle:
    return RawArticle(id=id, text=text, title=title, published=published)


def make_sentence(text: str, *, start: int = 0, paragraph: int = 0, index: int = 0) -> Sentence:
    return Sentence(start=start, end=start + len(text), text=text, paragraph=paragraph, index=index)
