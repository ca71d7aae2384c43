"""Incidents: assemble the events an article reports, and tell news from background.

Reads every earlier stage's output; writes ``Incident``s. The steps, top to bottom:
1. ``event_units``: sentences (or clauses, when one sentence holds two events) that report a
   specific event: a toll of killed or injured, or an event word with a date or a place.
   Statistical sentences (those that gave claims) and generic or future ones are skipped.
2. ``group_units``: consecutive units about the same event become one incident; "in another
   incident", a new place or a new date starts the next.
3. ``build_incident``: date, place, type, perpetrators, tolls and evidence of each group.
4. ``reported_as``: main, or background for recaps (condemnations, "followed attacks", dates
   weeks before the publication or given only to the month, events inside a report's figures).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..models import (
    AttributionStatus,
    DatePrecision,
    EventType,
    Incident,
    Location,
    Perpetrator,
    ReportedAs,
    Sentence,
    Span,
)
from ..models.mentions import ActorMention, PlaceMention, QuantityMention, TemporalMention
from ..resources import Taxonomy
from .base import ArticleDoc, within
from .places import in_dateline
from .tolls import TollSum, combine, read_tolls, sum_items

GENERIC = re.compile(
    r"\b(?:will|would|could|can|(?-i:may)|might|should|must|ability to|capable of|threat of|continue to|continues to|"
    r"to carry out|plans? to|aimed at|if|wave of|series of|spate of|string of|surge in|rise in|in recent (?:months|weeks|years|days)|"
    r"frequently|often|regularly|repeatedly|routinely|have faced|has faced|have been targeted|has seen|have seen|over the years)\b",
    re.IGNORECASE,
)
PLURAL_EVENTS = re.compile(r"\b(?:the|these|such|those|all|several|multiple|recent|separate) (?:\w+ )?(?:attacks|incidents|blasts|bombings|operations)\b(?! in which)", re.IGNORECASE)
MILITANT_ATTACK = re.compile(r"\b(?:militants|terrorists|attackers|gunmen|assailants|khwarij|insurgents)\b[^.]{0,40}?\b(?:attacked|stormed|ambushed|opened fire|targeted|struck|raided|tried to)\b", re.IGNORECASE)
SUMMARY = re.compile(r"\b(?:two|three|four|five|several|multiple|separate) (?:separate |different |coordinated )?(?:attacks|incidents|operations|engagements)\b", re.IGNORECASE)
PLACE_LEAD = re.compile(r"^\s*(?:In|At|Near|Elsewhere in) [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3},")
SAME_DAY = re.compile(r"\b(?:on the same day|the same day|same night|on the same night|later that day|later in the day)\b", re.IGNORECASE)
ALSO = re.compile(r"\b(?:were|was|had been|have been) also\b|\balso (?:killed|injured|wounded|martyred|died)\b", re.IGNORECASE)
NON_EVENT = re.compile(r"\b(?:defused|foiled|thwarted|averted|recovered|seized|arrested|detained|bomb disposal)\b", re.IGNORECASE)
NEW_INCIDENT = re.compile(r"^\s*(?:(?:this|the|that) \w+ (?:followed|came after|comes after)|in an? (?:second|third|fourth|fifth|separate|similar|related|different) (?:incident|attack|development|operation|engagement)|in (?:an)?other (?:incident|attack|development)|in a separate (?:incident|attack)|separately|elsewhere|meanwhile|similarly|also on|earlier(?:,| on| in the day)|in a similar (?:incident|attack))\b", re.IGNORECASE)
BACKGROUND_CUES = re.compile(r"\b(?:condemn(?:ed|s|ing)?|condemnation|recall(?:ed|ing)?|remind(?:ed)?|followed|in the wake of|anniversary|last (?:year|month|week)'?s?|earlier this (?:year|month)|previous(?:ly)?|comes? (?:days|weeks|months) after|came after|a year after|since the)\b", re.IGNORECASE)
PAST_EVENT_VERB = re.compile(r"\b(?:\w+ed|struck|hit|blew|shot|stormed|took|opened fire|went off|fled|were|was|conducted|carried out|launched|targeted)\b", re.IGNORECASE)
CLAIMED = re.compile(r"\bclaim(?:ed|s|ing)? (?:the )?responsibility\b|\bowned\b|\baccepted responsibility\b|\btook responsibility\b", re.IGNORECASE)
DENIED = re.compile(r"\bdenied (?:any )?(?:involvement|responsibility)\b|\bdistanced itself\b|\brejected (?:the )?claim\b", re.IGNORECASE)
SUSPECTED = re.compile(r"\bsuspect(?:ed|s)?\b|\bbelieved to be\b|\blikely\b|\bhallmarks? of\b", re.IGNORECASE)
ATTRIBUTED = re.compile(r"\bblamed\b|\battributed\b|\bbehind the attack\b|\bresponsible for\b|\bterrorists? (?:of|from|belonging to)\b|\bkhwarij\b|\bkhawarij\b|\bfitna\b|\baffiliated with\b|\bmilitants? (?:of|from)\b|\bby the\b", re.IGNORECASE)
THE_EVENT = re.compile(r"\b(?:the|this|that|today's|yesterday's) (?:\w+ )?(?:attack|blast|bombing|incident|explosion|ambush|assault|killing|abduction|kidnapping|strike|raid)\b", re.IGNORECASE)
ATTACK_WORD = re.compile(r"\b(?:attack(?:ed|s)?|stormed|ambush(?:ed)?|planted|opened fire|blast|bomb(?:ing)?|struck|abducted|kidnapped)\b", re.IGNORECASE)
# Operations launched after an attack ("a search operation was launched") do not make the attack one.
SWEEP = re.compile(r"\b(?:search|sanitisation|sanitization|clearance|combing) operation (?:was|has been|had been|is being) (?:launched|started|initiated|underway)|\blaunched an? (?:search|sanitisation|sanitization|clearance|combing) operation|\bcordoned off\b", re.IGNORECASE)
TARGET_OF_OPERATION = re.compile(r"\b(?:against|on|targeting|targeted|hideouts?|targets?|positions?|camps?|bases?|sanctuar\w+|safe havens?)\b", re.IGNORECASE)
TITLE_VICTIM = re.compile(r"\b(?:brigadier|judge|cleric|leader|politician|lawmaker|mna|mpa|journalist|scholar|commander|elder|official|officer|dsp|sho|inspector|polio|vaccinator|tribal elder|former)\b", re.IGNORECASE)
SHOT = re.compile(r"\bshot dead\b|\bgunned down\b|\bshot and killed\b|\btarget(?:ed)? killing\b|\bassassinat", re.IGNORECASE)
STATE_ACTORS_AS_SUBJECT = re.compile(r"\b(?:security forces|troops|forces|army|police|ctd|fc|pakistan)\b[^.]{0,60}\b(?:conducted|launched|carried out|killed|killing|raided|struck|targeted|neutrali[sz]ed|foiled|thwarted|intercepted|engaged)\b", re.IGNORECASE)

# Background when the incident's date is this many days before the publication date.
# Seven: a weekly roundup still reports its week's attacks as news.
BACKGROUND_AFTER_DAYS = 7
# Number of sentences that count as the lead of an article.
LEAD_SENTENCES = 3


@dataclass
class EventUnit:
    sentence: Sentence
    start: int
    end: int
    toll: TollSum
    injured: TollSum
    triggers: list[tuple[int, EventType]]
    dates: list[TemporalMention]
    places: list[PlaceMention]
    actors: list[ActorMention]
    starts_new: bool = False
    place_lead: bool = False  # "In Wana, gunmen opened fire ...": the sentence opens on its place

    @property
    def text(self) -> str:
        s = self.sentence
        return s.text[self.start - s.start:self.end - s.start]


@dataclass
class IncidentDraft:
    units: list[EventUnit] = field(default_factory=list)
    follow: list[Sentence] = field(default_factory=list)  # later sentences about it (claims of responsibility)



def find_triggers(text: str, taxonomy: Taxonomy, patterns: dict[EventType, re.Pattern[str]]) -> list[tuple[int, EventType]]:
    """Every event word of the article, with its offset, once per article."""
    found = []
    for entry in taxonomy.event_types:
        pattern = patterns.get(entry.type)
        if pattern is None:
            continue
        found.extend((m.start(), entry.type) for m in pattern.finditer(text))
    return sorted(found, key=lambda t: t[0])


def _triggers_within(triggers: list[tuple[int, EventType]], start: int, end: int) -> list[tuple[int, EventType]]:
    lo = bisect_left(triggers, start, key=lambda t: t[0])
    hi = bisect_left(triggers, end, lo=lo, key=lambda t: t[0])
    return triggers[lo:hi]


def build_trigger_patterns(taxonomy: Taxonomy) -> dict[EventType, re.Pattern[str]]:
    patterns = {}
    for entry in taxonomy.event_types:
        words = sorted({t.lower() for t in entry.triggers}, key=len, reverse=True)
        if words:
            patterns[entry.type] = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.IGNORECASE)
    return patterns


CLAUSE_SPLIT = re.compile(r";\s+|,?\s+while\s+|,?\s+whereas\s+|,?\s+(?:hours|days|a day|shortly|minutes) (?:after|before)\s+|,?\s+and\s+(?=(?:another|a|an|two|three|four|five|six|\d+)\b[^,]*\b(?:killed|injured|martyred|wounded)\b)")


def _clauses(sentence: Sentence) -> list[tuple[int, int]]:
    """Split a sentence that reports two events ("two soldiers were martyred in X while a
    policeman was shot dead in Y") into clauses; otherwise the whole sentence."""
    text = sentence.text
    cuts = [m for m in CLAUSE_SPLIT.finditer(text)]
    if not cuts:
        return [(sentence.start, sentence.end)]
    spans, prev = [], 0
    for m in cuts:
        spans.append((prev, m.start()))
        prev = m.end()
    spans.append((prev, len(text)))
    return [(sentence.start + a, sentence.start + b) for a, b in spans]


def event_units(
    doc: ArticleDoc, taxonomy: Taxonomy, patterns: dict[EventType, re.Pattern[str]], summaries: list[tuple[int, list[TemporalMention]]]
) -> list[EventUnit]:
    claim_sentences = doc.statistical_sentences
    all_triggers = find_triggers(doc.text, taxonomy, patterns)
    # "Tehreek-e-Taliban Pakistan" names a group, not a place
    scene_places = [p for p in doc.places if not any(a.start <= p.start < a.end for a in doc.actors)]
    units: list[EventUnit] = []
    for sentence in doc.sentences:
        if sentence.index in claim_sentences:
            continue
        spans = _clauses(sentence)
        clause_units = []
        for start, end in spans:
            sub = Sentence(start=start, end=end, text=doc.text[start:end], paragraph=sentence.paragraph, index=sentence.index)
            qs: list[QuantityMention] = within(doc.quantities, start, end)
            tolls = read_tolls(sub, qs, taxonomy.victims)
            killed, injured = sum_items(tolls.of("killed")), sum_items(tolls.of("injured"))
            triggers = _triggers_within(all_triggers, start, end)
            dates = [t for t in within(doc.dates, start, end) if t.kind == "point" and not _reporting_date(t, doc.text)]
            places = [p for p in within(scene_places, start, end) if not in_dateline(p, doc.text) and not _biographical(p, doc.text)]
            has_toll = killed.total is not None or injured.total is not None
            generic = bool(GENERIC.search(sub.text)) or bool(PLURAL_EVENTS.search(sub.text))
            periods = [t for t in within(doc.dates, start, end) if t.kind in {"period", "since"}]
            if has_toll and (not generic or triggers):
                pass
            elif NON_EVENT.search(sub.text):
                continue
            elif triggers and not generic and not periods and (dates or any(p.place.kind in {"admin2", "place"} for p in places) or (dates and places)):
                if not PAST_EVENT_VERB.search(sub.text):
                    continue
            elif triggers and not generic and dates and places:
                pass
            else:
                continue
            if SUMMARY.search(sub.text) and len({p.place.admin2 or p.place.name for p in places if p.place.kind in {"admin2", "place"}}) > 1:
                # "Five policemen were martyred in two separate attacks in D.I. Khan and Wana": the
                # attacks are told one by one after it; its toll belongs to neither alone
                summaries.append((sentence.index, dates))
                continue
            clause_units.append(
                EventUnit(
                    sentence=sentence, start=start, end=end, toll=killed, injured=injured, triggers=triggers,
                    dates=dates, places=places, actors=within(doc.actors, start, end),
                    starts_new=bool(NEW_INCIDENT.match(sub.text)),
                    place_lead=bool(PLACE_LEAD.match(sub.text)),
                )
            )
        # clauses are separate events only when each names its own place
        if len(clause_units) > 1 and len({frozenset(_place_key(u)) for u in clause_units}) == len(clause_units) and all(_place_key(u) for u in clause_units):
            shared_dates = [t for u in clause_units for t in u.dates]
            for u in clause_units:
                u.dates = u.dates or shared_dates  # "X in Bannu and Y in Lakki Marwat on Monday"
            for u in clause_units[1:]:
                u.starts_new = True
        elif len(spans) > 1 and clause_units:
            whole = Sentence(start=sentence.start, end=sentence.end, text=sentence.text, paragraph=sentence.paragraph, index=sentence.index)
            qs = within(doc.quantities, sentence.start, sentence.end)
            tolls = read_tolls(whole, qs, taxonomy.victims)
            first = clause_units[0]
            clause_units = [EventUnit(
                sentence=sentence, start=sentence.start, end=sentence.end,
                toll=sum_items(tolls.of("killed")), injured=sum_items(tolls.of("injured")),
                triggers=_triggers_within(all_triggers, sentence.start, sentence.end),
                dates=[t for t in within(doc.dates, sentence.start, sentence.end) if t.kind == "point" and not _reporting_date(t, doc.text)],
                places=[p for p in within(scene_places, sentence.start, sentence.end) if not in_dateline(p, doc.text) and not _biographical(p, doc.text)],
                actors=within(doc.actors, sentence.start, sentence.end),
                starts_new=first.starts_new,
            )]
        units.extend(clause_units)
    return units


REPORTING = re.compile(r"\b(?:said|says|told|added|stated|confirmed|announced|reported|statement issued|statement released)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# Places that are not where it happened: a victim's home, the hospital, where a train came from.
BIOGRAPHICAL = re.compile(
    r"\b(?:resident of|residents of|native of|hailing from|hails from|belonged to|belonging to|hometown|home town|"
    r"(?:was|were) from|hospital (?:in|at)|shifted to|taken to|moved to|referred to|rushed to|brought to|flown to|airlifted to|"
    r"left|leaving|bound for|heading to|on its way to|en route to|travelling from|traveling from|officials in|authorities in)"
    r"\s+(?:the\s+)?(?:district\s+|village\s+|city\s+)?(?:[A-Z][\w-]*\s+){0,3}$"
)


def _reporting_date(t: TemporalMention, text: str) -> bool:
    """'police said on Friday' or a dateline ('PESHAWAR, July 11:') dates the report, not the attack."""
    if REPORTING.search(text[max(0, t.start - 40):t.start]):
        return True
    para_start = text.rfind("\n", 0, t.start) + 1
    return bool(re.fullmatch(r"[A-Z][A-Z .'/-]+,\s*", text[para_start:t.start])) and text[t.end:t.end + 3].lstrip().startswith(":")


def _biographical(p: PlaceMention, text: str) -> bool:
    """'resident of District Chakwal' says where a victim came from, not where it happened."""
    return bool(BIOGRAPHICAL.search(text[max(0, p.start - 40):p.start]))


def _place_key(unit: EventUnit) -> set[str]:
    return {p.place.admin2 or p.place.name for p in unit.places if p.place.kind in {"admin2", "place"}}


def _date_key(unit: EventUnit) -> set[date]:
    return {t.range_start for t in unit.dates if t.range_start is not None and t.precision is DatePrecision.DAY}


def group_units(units: list[EventUnit]) -> list[IncidentDraft]:
    drafts: list[IncidentDraft] = []
    current: IncidentDraft | None = None
    # each draft's place and date keys, kept as units join it (linear in the units, not quadratic)
    place_keys: dict[int, set[str]] = {}
    date_keys: dict[int, set[date]] = {}
    countries: dict[int, set[str | None]] = {}

    def start(unit: EventUnit) -> IncidentDraft:
        draft = IncidentDraft(units=[])
        drafts.append(draft)
        place_keys[id(draft)], date_keys[id(draft)], countries[id(draft)] = set(), set(), set()
        join(draft, unit)
        return draft

    def join(draft: IncidentDraft, unit: EventUnit) -> None:
        draft.units.append(unit)
        place_keys[id(draft)] |= _place_key(unit)
        date_keys[id(draft)] |= _date_key(unit)
        countries[id(draft)] |= {p.place.country for p in unit.places}

    for unit in units:
        if current is None or unit.starts_new:
            current = start(unit)
            continue
        places_now = _place_key(unit)
        earlier = [d for d in drafts if d is not current and places_now and places_now & place_keys[id(d)]]
        if earlier and not (places_now & place_keys[id(current)]):
            # "In Bannu, police said ...": more on an event told earlier in the article
            current = earlier[-1]
            join(current, unit)
            continue
        last = current.units[-1]
        first = current.units[0]
        places_before = place_keys[id(current)]
        dates_now, dates_before = _date_key(unit), date_keys[id(current)]
        far = unit.sentence.paragraph - last.sentence.paragraph > 2
        countries_now = {p.place.country for p in unit.places}
        countries_before = countries[id(current)]
        if countries_now and countries_before and not countries_now & countries_before:
            current = start(unit)
            continue
        new_place = bool(places_now and places_before and not places_now & places_before)
        new_date = bool(dates_now and dates_before and not dates_now & dates_before)
        both_tolls = unit.toll.total is not None and first.toll.total is not None and not unit.toll.updated
        if unit.place_lead and places_now and not places_now & places_before:
            same = [d for d in drafts if places_now & place_keys[id(d)]]
            if same:
                current = same[-1]
                join(current, unit)
            else:
                current = start(unit)
            continue
        if unit.toll.total is None and unit.injured.total is None and not far:
            # no toll of its own: more about the event being told, wherever it names
            join(current, unit)
            continue
        if ALSO.search(unit.text):
            join(current, unit)  # "three soldiers were also injured"
            continue
        # a second full toll statement with its own place is a second event
        if new_place or new_date or far or (both_tolls and places_now and not places_now <= places_before):
            current = start(unit)
        else:
            join(current, unit)
    return drafts


def _event_type(draft: IncidentDraft, text: str, taxonomy: Taxonomy, killed: TollSum) -> EventType:
    found = {t for u in draft.units for _, t in u.triggers}
    unit_text = " ".join(u.text for u in draft.units)
    lead_text = draft.units[0].text
    state_initiated = bool(STATE_ACTORS_AS_SUBJECT.search(lead_text)) or any(
        t in lead_text.lower() for t in taxonomy.state_action_triggers
    )
    if EventType.AIRSTRIKE in found:
        return EventType.AIRSTRIKE
    lead_types = {t for _, t in draft.units[0].triggers}
    violent = {EventType.SUICIDE_BOMBING, EventType.BOMBING, EventType.KIDNAPPING}
    operation_in_lead = EventType.SECURITY_OPERATION in lead_types and not SWEEP.search(lead_text)
    if (state_initiated or operation_in_lead) and EventType.SECURITY_OPERATION in found and not found & violent:
        return EventType.SECURITY_OPERATION
    if state_initiated and (killed.militants or 0) > 0 and not found & violent and not MILITANT_ATTACK.search(lead_text):
        return EventType.SECURITY_OPERATION  # "security forces killed two more terrorists"
    order = [e.type for e in taxonomy.event_types]
    chosen = [t for t in order if t in found and t is not EventType.SECURITY_OPERATION]
    if chosen:
        event = chosen[0]
    elif EventType.SECURITY_OPERATION in found:
        event = EventType.SECURITY_OPERATION
    else:
        event = EventType.OTHER
    victims = (killed.total or 0) - (killed.militants or 0)
    chosen_victims = (victims == 1 and (TITLE_VICTIM.search(lead_text) or SHOT.search(unit_text))) or (
        victims == 2 and TITLE_VICTIM.search(lead_text) and SHOT.search(unit_text)
    )
    if event in {EventType.ARMED_ASSAULT, EventType.OTHER} and chosen_victims:
        return EventType.TARGETED_KILLING
    return event


def _location(draft: IncidentDraft, fallback_country: str | None, dateline_places: list[PlaceMention]) -> Location:
    rank = {"place": 0, "admin2": 1, "admin1": 2, "country": 3, "region": 3}
    for unit in draft.units[:2]:
        places = [p for p in unit.places if not _is_dateline(p, unit)]
        if not places:
            continue
        # where it happened follows "in", "at", "near": that beats precision ("in Zhob district ... from Quetta")
        best = min(places, key=lambda p: (not _locative(p, unit), rank.get(p.place.kind, 4), p.start))
        pl = best.place
        admin1 = pl.admin1 if pl.kind != "country" else None
        # a broader mention can fill what the precise one lacks ("Karachi's Malir district", "Karachi, Sindh")
        admin2 = pl.admin2 if pl.kind in {"place", "admin2"} else None
        if admin2 is None and pl.kind == "place":
            admin2 = next((p.place.admin2 for p in places if p.place.kind == "admin2" and p.place.admin1 == pl.admin1), None)
        if admin1 is None:
            for p in places:
                if p.place.kind == "admin1" and p.place.country == pl.country:
                    admin1 = p.place.admin1
        return Location(
            place=best.text if pl.kind in {"place", "admin2"} else None,
            admin2=admin2,
            admin1=admin1,
            country=pl.country,
            iso3166_2=pl.iso3166_2 if pl.kind != "country" else None,
            lat=pl.lat,
            lon=pl.lon,
            precision=pl.precision,
        )
    # only the dateline names a place ("QUETTA: Nine people were injured ... on Sariab Road")
    for p in dateline_places:
        pl = p.place
        if pl.country in {"PK", "AF"} and pl.kind in {"place", "admin2"}:
            return Location(place=p.text.title() if p.text.isupper() else p.text, admin2=pl.admin2, admin1=pl.admin1,
                            country=pl.country, iso3166_2=pl.iso3166_2, lat=pl.lat, lon=pl.lon, precision=pl.precision)
    return Location(country=fallback_country, precision=None if fallback_country is None else _country_precision())


LOCATIVE = re.compile(r"\b(?:in|at|near|inside|across|of|on|into|outside|around)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)


def _locative(p: PlaceMention, unit: EventUnit) -> bool:
    """'... targets in Afghanistan': the place after a locative preposition is where it happened."""
    s = unit.sentence
    return bool(LOCATIVE.search(s.text[max(0, p.start - s.start - 30):p.start - s.start]))


def _country_precision():  # small helper keeps the enum import local to one place
    from ..models import LocationPrecision

    return LocationPrecision.COUNTRY


def _is_dateline(p: PlaceMention, unit: EventUnit) -> bool:
    return p.start == unit.sentence.start or (p.start == unit.sentence.start + 1 and unit.sentence.text.startswith("["))


def _date(
    draft: IncidentDraft, *, published: date | None, nearby: list[TemporalMention] | None = None
) -> tuple[str | None, DatePrecision | None, date | None]:
    """The incident's date: the first day or month named in its sentences, else a day named in
    the sentences around them ("In the early hours of 8 September 2025, ..."). A date after the
    publication is no date of a reported event and is skipped."""
    latest = published + timedelta(days=1) if published else None
    for unit in draft.units:
        for t in unit.dates:
            if t.range_start is None or (latest is not None and t.range_start > latest):
                continue
            if t.precision is DatePrecision.DAY:
                return t.range_start.isoformat(), DatePrecision.DAY, t.range_start
            if t.precision is DatePrecision.MONTH:
                return t.range_start.strftime("%Y-%m"), DatePrecision.MONTH, t.range_start
    for t in nearby or []:
        if t.range_start is not None and t.precision is DatePrecision.DAY and (latest is None or t.range_start <= latest):
            return t.range_start.isoformat(), DatePrecision.DAY, t.range_start
    return None, None, None


def _nearby_dates(draft: IncidentDraft, doc: ArticleDoc, claimed: set[int]) -> list[TemporalMention]:
    """Day dates in the sentences from the incident's first to two past its last, that belong to
    no other incident and are not reporting dates."""
    first = draft.units[0].sentence.index
    last = draft.units[-1].sentence.index
    own = {u.sentence.index for u in draft.units}
    window = [s for s in doc.sentences[first:last + 3] if s.index in own or s.index not in claimed]
    return [t for s in window for t in within(doc.dates, s.start, s.end)
            if t.kind == "point" and t.precision is DatePrecision.DAY and not _reporting_date(t, doc.text)]


def _perpetrators(draft: IncidentDraft, event: EventType, sentences: list[Sentence], actors: list[ActorMention]) -> list[Perpetrator]:
    if event in {EventType.SECURITY_OPERATION, EventType.AIRSTRIKE}:
        return []
    found: dict[str, AttributionStatus] = {}
    rank = {AttributionStatus.CLAIMED: 0, AttributionStatus.ATTRIBUTED: 1, AttributionStatus.SUSPECTED: 2, AttributionStatus.DENIED: 3}
    first = draft.units[0].sentence
    last = draft.units[-1].sentence
    scope = [s for s in sentences if first.index <= s.index <= last.index]
    scope += [s for s in draft.follow]
    for s in scope:
        for a in within(actors, s.start, s.end):
            if a.kind != "group":
                continue
            rel = a.start - s.start
            window = _clause_around(s.text, rel)
            before = s.text[max(0, rel - 30):rel]
            after = s.text[a.end - s.start:a.end - s.start + 25]
            if re.match(r"\s*(?:administration|government|authorities|spokes\w+|officials?|regime|interim)\b", after):
                continue  # "the Taliban administration said": the state, not a perpetrator
            if re.search(r"\b(?:on|against|targeting|targeted)\s+(?:the\s+)?$", before) and not CLAIMED.search(window):
                continue
            if CLAIMED.search(window) and not re.search(r"\bno (?:group|one)\b[^.]*claimed", window, re.IGNORECASE):
                status = AttributionStatus.CLAIMED
            elif DENIED.search(window):
                status = AttributionStatus.DENIED
            elif SUSPECTED.search(window):
                status = AttributionStatus.SUSPECTED
            elif ATTRIBUTED.search(window) or a.name in {"TTP"} and re.search(r"khwarij|khawarij|fitna", a.text, re.IGNORECASE):
                status = AttributionStatus.ATTRIBUTED
            else:
                continue
            if a.name not in found or rank[status] < rank[found[a.name]]:
                found[a.name] = status
    ordered = sorted(found.items(), key=lambda kv: rank[kv[1]])
    return [Perpetrator(name=n, status=s) for n, s in ordered]


CLAUSE_BREAK = re.compile(r",\s+but\b|;\s+|\.\s+|,\s+while\b|,\s+whereas\b|,\s+however\b|\bhowever,|\bbut\s+the\b")


def _clause_around(text: str, pos: int) -> str:
    """The clause of ``text`` holding ``pos``: 'Officials blamed X, but Y claimed it' keeps X and Y apart."""
    start, end = 0, len(text)
    for m in CLAUSE_BREAK.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() > pos:
            end = m.start()
            break
    return text[start:end]


def _reported_as(draft: IncidentDraft, when: date | None, precision: DatePrecision | None, published: date | None, claim_paragraphs: set[int]) -> ReportedAs:
    lead = draft.units[0]
    if BACKGROUND_CUES.search(lead.text):
        return ReportedAs.BACKGROUND
    if precision is DatePrecision.MONTH:
        return ReportedAs.BACKGROUND
    if when is not None and published is not None and when < published - timedelta(days=BACKGROUND_AFTER_DAYS):
        return ReportedAs.BACKGROUND
    if lead.sentence.paragraph in claim_paragraphs:
        return ReportedAs.BACKGROUND
    return ReportedAs.MAIN


def _confidence(incident: Incident) -> float:
    score = 0.3
    score += 0.2 if incident.killed.total is not None or incident.injured.total is not None else 0
    score += 0.15 if incident.location.admin1 else 0
    score += 0.1 if incident.date else 0
    score += 0.15 if incident.event_type is not EventType.OTHER else 0
    score += 0.1 if incident.perpetrators else 0
    return round(min(score, 1.0), 2)


def _attach_followers(drafts: list[IncidentDraft], sentences: list[Sentence], units: list[EventUnit]) -> None:
    """Sentences that speak of an incident without a toll ("The TTP claimed responsibility for
    the attack") go to the incident told most recently before them. A claim or a denial may
    come anywhere later in the article; a blame or a suspicion only within two paragraphs."""
    unit_sentences = {u.sentence.index for u in units}
    for s in sentences:
        if s.index in unit_sentences:
            continue
        strong = bool(CLAIMED.search(s.text) or DENIED.search(s.text))
        weak = bool((ATTRIBUTED.search(s.text) or SUSPECTED.search(s.text)) and (THE_EVENT.search(s.text) or ATTACK_WORD.search(s.text)))
        if not (strong or weak):
            continue
        before = [(max(u.sentence.index for u in d.units if u.sentence.index < s.index), d) for d in drafts
                  if any(u.sentence.index < s.index for u in d.units)]
        if not before:
            continue
        last_index, draft = max(before, key=lambda t: t[0])
        if strong or s.paragraph - sentences[last_index].paragraph <= 2:
            draft.follow.append(s)


def assemble_incidents(doc: ArticleDoc, taxonomy: Taxonomy, patterns: dict[EventType, re.Pattern[str]]) -> list[Incident]:
    """All incidents of one article, main and background, in reading order."""
    if doc.clean is None:
        return []
    summaries: list[tuple[int, list[TemporalMention]]] = []
    units = event_units(doc, taxonomy, patterns, summaries)
    drafts = group_units(units)
    _attach_followers(drafts, doc.sentences, units)
    claim_paragraphs = {s.paragraph for s in doc.sentences if s.index in doc.statistical_sentences}
    countries = [p.place.country for p in doc.places if p.place.country in {"PK", "AF"}]
    fallback = max(set(countries), key=countries.count) if countries else None
    incidents = []
    unit_sentences = {u.sentence.index for u in units}
    previous_day: tuple[str | None, DatePrecision | None, date | None] = (None, None, None)
    for draft in drafts:
        killed = combine([u.toll for u in draft.units])
        injured = combine([u.injured for u in draft.units])
        event = _event_type(draft, doc.text, taxonomy, killed)
        when, precision, day = _date(draft, published=doc.clean.published, nearby=_nearby_dates(draft, doc, unit_sentences))
        if when is None and SAME_DAY.search(draft.units[0].text):
            when, precision, day = previous_day  # "in another engagement on the same day"
        if when is None:
            told = [d for i, d in summaries if i < draft.units[0].sentence.index and d]
            if told:  # the day the summary sentence gave ("... in two separate attacks on Monday")
                when, precision, day = _date(IncidentDraft(units=[EventUnit(
                    sentence=draft.units[0].sentence, start=0, end=0, toll=TollSum(), injured=TollSum(), triggers=[],
                    dates=told[-1], places=[], actors=[])]), published=doc.clean.published)
        previous_day = (when, precision, day)
        evidence_sentences = {u.sentence.index: u.sentence for u in draft.units}
        incident = Incident(
            date=when,
            date_precision=precision,
            location=_location(draft, fallback, [p for p in doc.places if in_dateline(p, doc.text) and p.start <= draft.units[0].end]),
            event_type=event,
            perpetrators=_perpetrators(draft, event, doc.sentences, doc.actors),
            killed=killed.as_toll(),
            injured=injured.as_toll(),
            reported_as=_reported_as(draft, day, precision, doc.clean.published, claim_paragraphs),
            evidence=[Span(start=s.start, end=s.end, text=s.text) for s in evidence_sentences.values()],
        )
        incident.confidence = _confidence(incident)
        incidents.append(incident)
    return incidents


class IncidentStage:
    name = "incidents"
    requires = ("sentences", "dates", "quantities", "places", "actors", "claims", "statistical_sentences")
    provides = ("incidents",)

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.patterns = build_trigger_patterns(taxonomy)

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        doc.incidents = assemble_incidents(doc, self.taxonomy, self.patterns)
        return doc
