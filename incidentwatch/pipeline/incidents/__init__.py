"""Incidents: resolve the events an article reports, and tell its news from background.

Reads every earlier stage's output; writes ``Incident``s. The modules, in the order they run:
- ``mentions``: the sentences or clauses that tell a specific event (toll, event word with a
  date or place); aggregates, generic and statistical sentences are none;
- ``resolution``: which mentions are one incident, over the whole article;
- ``tolls``: each mention's killed and injured, and the incident's from its mentions;
- ``attributes``: date, place, type, perpetrators and confidence of each incident;
- ``headline``: the headline's toll, for a first incident whose body states none;
- ``roles``: main, or background (follow-up stories, recaps, old or month-only dates);
  ``follow_up_lead``: a follow-up lead's own day ("on Saturday registered the FIR") dates no
  attack, and the place it gives the attack beats the dateline.
- ``learned``: a small logistic model that may make background an incident the rules call main
  for want of a reason (off by default: ``INCIDENTWATCH_ROLE_MODEL=on``).
- ``candidate_filter``: a logistic model over every candidate, with features of its own
  (position, hashed words, dates, tolls), that may make background what the rules call main
  (``INCIDENTWATCH_CANDIDATE_MODEL``; the model file says whether it is on by default).
Cue words come from ``incident_cues.yaml`` and triggers from ``taxonomy.yaml`` (``vocabulary``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial

from ...models import DatePrecision, EventType, Incident, Location, LocationPrecision, Sentence, Span
from ...models.mentions import TemporalMention
from ...resources import IncidentCues, NumberLexicon, Taxonomy
from ..base import ArticleDoc
from ..places import in_dateline
from ..tolls import TollSum
from .attributes import (
    PlaceContext,
    confidence,
    event_type,
    incident_date,
    location,
    nearby_dates,
    perpetrators,
    refine_within_province,
    scene_after,
    scene_before,
)
from .candidate_filter import filter_candidates
from .follow_up_lead import FollowUpLead, follow_up_lead, not_days, without_days
from .headline import HeadlineTolls, fill_from_headline
from .learned import settle_roles
from .mentions import EventMention, MentionReader, triggers_within
from .resolution import IncidentDraft, attach_followers, drop_stray_headlines, group_in_order, join_fitting
from .roles import (
    is_follow_up,
    latest_told_day,
    lead_sentence,
    recaps_of_earlier_days,
    reported_as,
    written_long_after,
)
from .tolls import incident_tolls, unstated_victims
from .vocabulary import Vocabulary


def _summary_date(draft: IncidentDraft, told: list[TemporalMention], published: date | None) -> tuple[str | None, DatePrecision | None, date | None]:
    """The day a summary sentence gave ("... in two separate attacks on Monday")."""
    lead = draft.mentions[0]
    carrier = EventMention(sentence=lead.sentence, start=0, end=0, toll=TollSum(), injured=TollSum(), triggers=[],
                           dates=told, places=[], actors=[])
    return incident_date(IncidentDraft(mentions=[carrier]), published=published)


def _sentences_around(draft: IncidentDraft, doc: ArticleDoc, mention_sentences: set[int],
                      next_start: int | None = None) -> list[Sentence]:
    """The sentences that tell no event themselves from the incident's first to one past its
    last, or on to where the next incident begins ("Police said it was a suicide attack"
    paragraphs after the lead), and its followers."""
    first = min(m.sentence.index for m in draft.mentions)
    last = max(m.sentence.index for m in draft.mentions)
    end = max(last + 2, next_start if next_start is not None else len(doc.sentences))
    return [s for s in doc.sentences[first:end] if s.index not in mention_sentences] + list(draft.follow)


def _told_before(draft: IncidentDraft, doc: ArticleDoc, kept_sentences: set[int], vocabulary: Vocabulary) -> list[Sentence]:
    """The sentence right before an incident whose first sentence points back to it ("Gunmen
    opened fire on a patrol in Manzarkhel." then "Three soldiers were martyred in the
    incident."), when it tells no kept incident itself: it says how the attack was made."""
    first = min(m.sentence.index for m in draft.mentions)
    if first == 0 or first - 1 in kept_sentences or not vocabulary.the_event.search(draft.mentions[0].text):
        return []
    return [doc.sentences[first - 1]]


def _words_around(sentences: list[Sentence], reader: MentionReader) -> list[tuple[int, EventType]]:
    """The event words of ``sentences``."""
    return [t for s in sentences for t in triggers_within(reader.triggers, s.start, s.end)]


THE_PROVINCE = re.compile(r"\b(?:in|across|of) the province\b", re.IGNORECASE)


def assemble_incidents(doc: ArticleDoc, vocabulary: Vocabulary, headline: HeadlineTolls | None = None) -> list[Incident]:
    """All incidents of one article, main and background, in reading order."""
    if doc.clean is None:
        return []
    reader = MentionReader(doc, vocabulary)
    mentions = reader.read()
    drafts = join_fitting(group_in_order(mentions, vocabulary, doc.clean.published), vocabulary, doc.clean.published)
    drafts = drop_stray_headlines(drafts)
    attach_followers(drafts, doc.sentences, mentions, vocabulary)
    claim_paragraphs = {s.paragraph for s in doc.sentences if s.index in doc.statistical_sentences}
    countries = [p.place.country for p in doc.places if p.place.country in {"PK", "AF"}]
    # the country named most; a tie goes to the one named first (a set's order would vary with the hash seed)
    fallback = max(dict.fromkeys(countries), key=countries.count) if countries else None
    follow_up = is_follow_up(doc.clean.title, doc.sentences, vocabulary)
    lead = follow_up_lead(doc.sentences, doc.dates, doc.places, vocabulary) if follow_up else FollowUpLead()
    published = doc.clean.published
    mention_sentences = {m.sentence.index for m in mentions}
    told_sentences = mention_sentences | doc.statistical_sentences
    incidents: list[Incident] = []
    previous_day: tuple[str | None, DatePrecision | None, date | None] = (None, None, None)
    located: dict[int, Location] = {}  # a sentence's index -> where the first incident it tells happened
    starts = sorted(min(m.sentence.index for m in d.mentions) for d in drafts)
    kept_sentences = {m.sentence.index for d in drafts for m in d.mentions}
    for draft in drafts:
        killed, injured = incident_tolls([m.toll for m in draft.mentions], [m.injured for m in draft.mentions])
        if headline is not None and draft is drafts[0]:
            killed, injured = fill_from_headline(killed, injured, headline.read(doc.clean.title))
        first = min(m.sentence.index for m in draft.mentions)
        next_start = next((i for i in starts if i > first), None)
        quiet = _sentences_around(draft, doc, mention_sentences, next_start) + _told_before(draft, doc, kept_sentences, vocabulary)
        event = event_type(draft, vocabulary, killed, around=_words_around(quiet, reader), around_text=" ".join(s.text for s in quiet))
        killed = unstated_victims(killed, event, forces_killed=any(vocabulary.forces_killed_attackers.search(m.text) for m in draft.mentions))
        when, precision, day = incident_date(without_days(draft, lead.days), published=published,
                                             nearby=not_days(nearby_dates(draft, doc, mention_sentences, vocabulary), lead.days))
        if when is None and vocabulary.same_day.search(draft.mentions[0].text):
            when, precision, day = previous_day  # "in another engagement on the same day"
        if when is None:
            told = [d for i, d in reader.summaries if i < draft.mentions[0].sentence.index and d]
            if told:
                when, precision, day = _summary_date(draft, told[-1], published)
        previous_day = (when, precision, day)
        evidence_sentences = {m.sentence.index: m.sentence for m in draft.mentions}
        dateline = [p for p in doc.places if in_dateline(p, doc.text) and p.start <= draft.mentions[0].end]
        scene = partial(scene_before, draft, [d for d in drafts if d is not draft], doc.sentences, reader.scene_places_of,
                        lambda s: s.index not in told_sentences)
        where = location(draft, PlaceContext(fallback_country=fallback, dateline=lead.attack_places + dateline, scene=scene,
                                             title=doc.title_places if draft is drafts[0] else None))
        if where.admin1 is not None and where.admin2 is None and not any(
                p.place.kind in {"admin2", "place"} for m in draft.mentions for p in m.places):
            # only a province named ("in Khost province"): a district or town the next sentence gives
            where = refine_within_province(where, scene_after(draft, doc.sentences, reader.scene_places_of,
                                                              lambda s: s.index not in told_sentences, vocabulary.the_event))
        if where.admin1 is None and (sibling := located.get(draft.mentions[0].sentence.index)) is not None:
            where = sibling  # "a policeman died in the first incident while the second left a civilian dead": one scene
        if where.admin1 is None and incidents and THE_PROVINCE.search(" ".join(m.text for m in draft.mentions)):
            before = incidents[-1].location  # "In a separate incident in the province, ...": the province told before
            if before.admin1 is not None:
                where = Location(admin1=before.admin1, country=before.country, iso3166_2=before.iso3166_2, precision=LocationPrecision.ADMIN1)
        for m in draft.mentions:
            located.setdefault(m.sentence.index, where)
        incident = Incident(
            date=when,
            date_precision=precision,
            location=where,
            event_type=event,
            perpetrators=perpetrators(draft, event, doc.sentences, doc.actors, vocabulary, country=where.country),
            killed=killed.as_toll(),
            injured=injured.as_toll(),
            reported_as=reported_as(draft, event, day, precision, published, claim_paragraphs=claim_paragraphs,
                                    follow_up=follow_up, vocabulary=vocabulary),
            evidence=[Span(start=s.start, end=s.end, text=s.text) for s in evidence_sentences.values()],
        )
        incident.confidence = confidence(incident)
        incidents.append(incident)
    first_sentence = lead_sentence(doc.sentences)
    spans_days = first_sentence is not None and any(
        t.kind in {"period", "since"} and first_sentence.start <= t.start < first_sentence.end for t in doc.dates)
    recaps_of_earlier_days(incidents, f"{doc.clean.title or ''} {first_sentence.text if first_sentence else ''}",
                           lead_spans_days=spans_days, published=published)
    if published is None:
        written_long_after(incidents, latest_told_day(doc.dates, doc.sentences))
    settle_roles(doc, incidents, follow_up=follow_up, recap=vocabulary.recap)  # the model, where the rules saw no reason
    filter_candidates(doc, incidents, vocabulary)  # the learned filter over every candidate, when switched on
    return incidents


class IncidentStage:
    name = "incidents"
    requires = ("sentences", "dates", "quantities", "places", "title_places", "actors", "claims", "statistical_sentences")
    provides = ("incidents",)

    def __init__(self, taxonomy: Taxonomy, cues: IncidentCues, numbers: NumberLexicon | None = None) -> None:
        self.vocabulary = Vocabulary(cues=cues, taxonomy=taxonomy)
        self.headline = HeadlineTolls(numbers, taxonomy.victims) if numbers is not None else None

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        doc.incidents = assemble_incidents(doc, self.vocabulary, self.headline)
        return doc


__all__ = ["IncidentStage", "assemble_incidents"]
