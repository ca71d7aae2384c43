"""Attributes of one resolved incident: event type, place, date, perpetrators, confidence."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ...models import (
    AttributionStatus,
    DatePrecision,
    EventType,
    Incident,
    Location,
    LocationPrecision,
    Perpetrator,
    Sentence,
)
from ...models.mentions import ActorMention, PlaceMention, TemporalMention
from ..base import ArticleDoc, within
from ..tolls import TollSum
from .mentions import ONE_AND_HIS, EventMention, locative, reporting_date
from .resolution import IncidentDraft
from .vocabulary import CLAUSE_BREAK, MILITANT_ATTACK, STATE_ACTORS_AS_SUBJECT, Vocabulary


def event_type(draft: IncidentDraft, vocabulary: Vocabulary, killed: TollSum,
               around: Sequence[tuple[int, EventType]] = (), around_text: str = "") -> EventType:
    """By trigger priority; an operation begun by the state is a security operation; a single
    titled victim of an armed attack is a targeted killing. ``around``: the event words of the
    sentences near the incident's that tell no event of their own ("Police said it was a
    suicide attack"): they can only make it a suicide bombing, or give a type to an attack whose
    own sentences state none ("A deadly attack on a convoy ..." then "the firing went on").
    ``around_text``: those sentences' text, where would-be suicide bombers may be told storming."""
    v = vocabulary
    found = {t for m in draft.mentions for _, t in m.triggers}
    victims = (killed.total or 0) - (killed.militants or 0)
    if (victims > 0 or killed.total is None) and any(t is EventType.SUICIDE_BOMBING for _, t in around):
        found.add(EventType.SUICIDE_BOMBING)  # not for an operation that killed a would-be bomber
    mention_text = " ".join(m.text for m in draft.mentions)
    lead_text = draft.mentions[0].text
    state_initiated = bool(STATE_ACTORS_AS_SUBJECT.search(lead_text)) or any(
        t in lead_text.lower() for t in v.taxonomy.state_action_triggers
    )
    if EventType.AIRSTRIKE in found:
        return EventType.AIRSTRIKE
    lead_types = {t for _, t in draft.mentions[0].triggers}
    violent = {EventType.SUICIDE_BOMBING, EventType.BOMBING, EventType.KIDNAPPING}
    operation_in_lead = EventType.SECURITY_OPERATION in lead_types and not v.sweep.search(lead_text)
    if (state_initiated or operation_in_lead) and EventType.SECURITY_OPERATION in found and not found & violent \
            and not v.repelled_attack.search(lead_text):
        return EventType.SECURITY_OPERATION
    if state_initiated and (killed.militants or 0) > 0 and not found & violent and not MILITANT_ATTACK.search(lead_text) \
            and not v.repelled_attack.search(lead_text):  # "foiled a terrorist attack on the air base ... three terrorists were neutralised"
        return EventType.SECURITY_OPERATION  # "security forces killed two more terrorists"
    order = [e.type for e in v.taxonomy.event_types]
    chosen = [t for t in order if t in found and t is not EventType.SECURITY_OPERATION]
    event: EventType
    if chosen:
        event = chosen[0]
    elif EventType.SECURITY_OPERATION in found:
        event = EventType.SECURITY_OPERATION
    else:
        event = EventType.OTHER
    stated_around = [t for t in order if t in {t for _, t in around} and t not in NO_TYPE_OF_ATTACK]
    if event is EventType.OTHER and stated_around:
        event = stated_around[0]
    if event is EventType.CLASH and (v.post_attacked.search(mention_text) or MILITANT_ATTACK.search(mention_text)):
        event = EventType.ARMED_ASSAULT  # "the Taliban attack on a check-post": the exchange of fire has a known initiator
    if event is EventType.BOMBING and v.grenade.search(mention_text) and not v.no_grenade_attack.search(mention_text):
        event = EventType.ARMED_ASSAULT  # "injured in a hand grenade blast": a grenade attack
    blast_around = any(t is EventType.BOMBING for _, t in around)  # "The explosion ..." in a sentence near it
    if event is EventType.SUICIDE_BOMBING and not victims and not blast_around \
            and not v.detonation.search(mention_text) and not v.detonation.search(around_text) \
            and (v.assault_verbs.search(mention_text) or v.assault_verbs.search(around_text)):
        event = EventType.ARMED_ASSAULT  # "Multiple suicide bombers attacked the airbase" and were shot: no bomb went off
    if event is EventType.OTHER and (killed.militants or 0) > 0 and v.repelled_attack.search(mention_text):
        event = EventType.ARMED_ASSAULT  # "foiled a terrorist attack on the base ... three terrorists were neutralised": they came and fought
    chosen_victims = (victims == 1 and (v.title_victim.search(lead_text) or v.shot.search(mention_text))) or (
        victims == 2 and v.title_victim.search(lead_text) and v.shot.search(mention_text)
    ) or bool(v.title_victim.search(lead_text) and ONE_AND_HIS.search(lead_text) and v.shot.search(mention_text))  # "an elder and his two guards"
    if event in {EventType.ARMED_ASSAULT, EventType.OTHER} and v.chosen_target.search(lead_text):
        return EventType.TARGETED_KILLING  # "gunmen opened fire on a polio team"
    chosen_victims = chosen_victims or bool(v.chosen_group.search(lead_text))  # "shot dead four tribal elders"
    in_battle = EventType.CLASH in lead_types  # "another officer was martyred in a gun battle": he fell fighting, no one chose him
    if event in {EventType.ARMED_ASSAULT, EventType.OTHER} and chosen_victims and not v.post_attacked.search(lead_text) and not in_battle:
        return EventType.TARGETED_KILLING
    return event


# Event words that say nothing of how an attack was made (an operation, "attack" alone), or that
# belong to the state's own action.
NO_TYPE_OF_ATTACK = frozenset({EventType.OTHER, EventType.SECURITY_OPERATION, EventType.AIRSTRIKE, EventType.CLASH})


def _is_dateline(p: PlaceMention, mention: EventMention) -> bool:
    return p.start == mention.sentence.start or (p.start == mention.sentence.start + 1 and mention.sentence.text.startswith("["))


# "Following a blast in Pishin, ...", "Hours after the attack in Quetta, ...": an opening clause
# that tells an earlier event
EARLIER_EVENT_CLAUSE = re.compile(r"(?:[A-Z][A-Za-z .'/-]{2,40}:\s*)?(?:(?:hours|days|minutes|a day|a week|weeks|shortly|soon|just)\s+)?(?:after|following)\b[^,;]{3,90},",
                                  re.IGNORECASE)


def _beyond_earlier_event(places: list[PlaceMention], sentence: Sentence) -> list[PlaceMention]:
    """``places`` past the sentence's opening clause about an earlier event (none when there is
    no such clause)."""
    clause = EARLIER_EVENT_CLAUSE.match(sentence.text)
    if clause is None:
        return []
    return [p for p in places if p.start - sentence.start >= clause.end()]


POSSESSIVE_GAP = re.compile(r"\s*(?:district|tehsil)?['’]s\s+", re.IGNORECASE)
PLACE_OF_GAP = re.compile(r"(?:\s+(?:[A-Z][\w-]+\s+)?(?:area|tehsil|village|town|locality|vicinity|region))?(?:,\s*|\s+(?:of|in)\s+(?:the\s+)?)")


def _namesake(p: PlaceMention, places: list[PlaceMention], sentence: Sentence | None = None) -> bool:
    """A town read in one country while the same sentence names a district or province of
    another ("the Jani Khel area of Bannu district" with Jani Khel known only in Paktika), or read
    in another district than the one the text joins it to ("Swat's Bara Bandai area", "the Bara
    Bandai area of Swat", with Bara known in Khyber): the district named in the article is where
    it happened, the town is a namesake."""
    def joined(q: PlaceMention) -> bool:
        if sentence is None:
            return False
        if q.start >= p.end:  # "Bara Bandai, Swat", "the Bara Bandai area of Swat district"
            return bool(PLACE_OF_GAP.fullmatch(sentence.text[p.end - sentence.start:q.start - sentence.start]))
        if q.end <= p.start:  # "Swat's Bara Bandai area"
            return bool(POSSESSIVE_GAP.fullmatch(sentence.text[q.end - sentence.start:p.start - sentence.start]))
        return False
    return any(
        (q.place.kind in {"admin2", "admin1", "place"} and q.place.country != p.place.country and 0 <= q.start - p.end <= 30)
        or (p.place.kind == "place" and q.place.kind == "admin2" and q.place.country == p.place.country
            and q.place.admin2 != p.place.admin2 and joined(q))
        for q in places
    )


def _dateline_location(draft: IncidentDraft, dateline_places: list[PlaceMention], *, country: str | None = None) -> Location | None:
    """The town or district of the report's dateline (in ``country`` when given)."""
    opening = [p for m in draft.mentions for p in m.places if _is_dateline(p, m)]
    for p in dateline_places + opening:
        pl = p.place
        if pl.country in {"PK", "AF"} and pl.kind in {"place", "admin2"} and country in {None, pl.country}:
            return Location(place=p.text.title() if p.text.isupper() else p.text, admin2=pl.admin2, admin1=pl.admin1,
                            country=pl.country, iso3166_2=pl.iso3166_2, lat=pl.lat, lon=pl.lon, precision=pl.precision)
    return None


@dataclass(frozen=True)
class SceneBefore:
    """The places told before an incident's first mention, in its paragraph or the one before, by
    sentences that tell no other incident (nearest first): the scene a place-less mention
    continues. ``adjacent`` are the districts and towns of the sentence right before it, in its
    paragraph, when that sentence tells no event at all ("Since 20 August, security forces have
    been conducting operations in the Tirah Valley. On 28 August, ten militants were killed.")."""

    places: list[PlaceMention] = field(default_factory=list)
    adjacent: list[PlaceMention] = field(default_factory=list)


def scene_before(draft: IncidentDraft, others: Sequence[IncidentDraft], sentences: Sequence[Sentence],
                 places_of: Callable[[Sentence], list[PlaceMention]], quiet: Callable[[Sentence], bool]) -> SceneBefore:
    """The ``SceneBefore`` of ``draft``: ``others`` are the article's other incidents, ``places_of``
    gives a sentence's scene places, ``quiet`` tells whether a sentence tells no event (no mention,
    no statistic)."""
    first = min(draft.mentions, key=lambda m: m.start).sentence
    taken = {m.sentence.index for d in others for m in d.mentions}
    before = [s for s in reversed(sentences[:first.index]) if s.index not in taken and first.paragraph - s.paragraph <= 1]
    places = [p for s in before for p in places_of(s)]
    adjacent = [p for p in places_of(before[0]) if p.place.kind in {"admin2", "place"}] if (
        before and before[0].index == first.index - 1 and before[0].paragraph == first.paragraph and quiet(before[0])) else []
    return SceneBefore(places=places, adjacent=adjacent)


def scene_after(draft: IncidentDraft, sentences: Sequence[Sentence], places_of: Callable[[Sentence], list[PlaceMention]],
                quiet: Callable[[Sentence], bool], the_event: re.Pattern[str]) -> list[PlaceMention]:
    """The districts and towns of the sentences right after the incident's mentions, when such a
    sentence tells no event of its own and speaks of the event told ("A blast was reported in Khost
    province ... Officials said the incident took place near Domand district"): where it happened,
    which the province-level mention left open."""
    found: list[PlaceMention] = []
    for i in sorted({m.sentence.index for m in draft.mentions}):
        if i + 1 >= len(sentences):
            break
        after = sentences[i + 1]
        if quiet(after) and after.paragraph - sentences[i].paragraph <= 1 and the_event.search(after.text):
            found += [p for p in places_of(after) if p.place.kind in {"admin2", "place"}]
    return found


def refine_within_province(where: Location, places: list[PlaceMention]) -> Location:
    """``where`` named only a province: the first district or town of ``places`` inside it."""
    if where.admin2 is not None or where.admin1 is None:
        return where
    for p in places:
        pl = p.place
        if pl.admin1 == where.admin1 and pl.country == where.country and pl.admin2:
            return Location(place=p.text if pl.kind == "place" else where.place, admin2=pl.admin2, admin1=pl.admin1, country=pl.country,
                            iso3166_2=pl.iso3166_2, lat=pl.lat, lon=pl.lon, precision=pl.precision)
    return where


@dataclass(frozen=True)
class PlaceContext:
    """What locates an incident beyond its own mentions, in the order ``location`` reads it:
    ``scene`` (read only when needed: most incidents name their place), ``dateline`` (the
    report's dateline, and the attack's place a follow-up's lead gives), ``title`` (given for the
    article's first incident only: "19 killed in Peshawar bus explosion" over a body that names
    only hospitals), ``fallback_country``."""

    fallback_country: str | None = None
    dateline: list[PlaceMention] = field(default_factory=list)
    scene: Callable[[], SceneBefore] = SceneBefore
    title: list[PlaceMention] | None = None


def location(draft: IncidentDraft, context: PlaceContext) -> Location:
    """Where the incident happened: the place its mentions name, else the places told just before
    it (``context.scene``), else the dateline's, else the headline's, else the country."""
    fallback_country, dateline_places, title_places = context.fallback_country, context.dateline, context.title
    rank = {"place": 0, "admin2": 1, "admin1": 2, "country": 3, "region": 3}
    # the first mention that names a district or town, else the first that names any place
    def specific(m: EventMention) -> bool:
        return any(p.place.kind in {"admin2", "place"} and not _is_dateline(p, m) for p in m.places)

    ordered = [m for m in draft.mentions if specific(m)] + [m for m in draft.mentions if not specific(m)]
    for mention in ordered:
        places = [p for p in mention.places if not _is_dateline(p, mention)]
        # "the Kot Sultan area of Kulachi tehsil in Dera Ismail Khan district": a town known only in
        # another province than the district the sentence names is a namesake
        districts = {(p.place.country, p.place.admin1) for p in places if p.place.kind == "admin2"}
        places = [p for p in places if not (p.place.kind == "place" and (p.place.country, p.place.admin1) not in districts
                                            and any(c == p.place.country for c, _ in districts))]
        namesakes = [p for p in places if _namesake(p, places, mention.sentence)]
        places = [p for p in places if p not in namesakes]
        # "Following a blast in Pishin, 12 died in another explosion in Qila Saifullah": the opening
        # clause's place is the earlier event's
        places = _beyond_earlier_event(places, mention.sentence) or places
        if not places:
            continue
        # where it happened follows "in", "at", "near": that beats precision ("in Zhob district ... from Quetta")
        best = min(places, key=lambda p: (not locative(p, mention), rank.get(p.place.kind, 4), p.start))
        if best.place.kind == "admin1":
            # "attacked Pakistan's Mianwali airbase in Punjab": the province follows "in", the district
            # or town inside it named in the same mention is where
            best = next((p for p in places if p.place.kind in {"admin2", "place"} and p.place.admin2
                         and (p.place.country, p.place.admin1) == (best.place.country, best.place.admin1)), best)
        pl = best.place
        if pl.kind in {"country", "region"} and (filed := _dateline_location(draft, dateline_places, country=pl.country)):
            return filed  # "QUETTA, Pakistan - ... a blast at a shrine in southwest Pakistan": the dateline is nearer
        admin1 = pl.admin1 if pl.kind != "country" else None
        # a broader mention can fill what the precise one lacks ("Karachi's Malir district", "Karachi, Sindh")
        admin2 = pl.admin2 if pl.kind in {"place", "admin2"} else None
        if admin2 is None and pl.kind == "place":
            admin2 = next((p.place.admin2 for p in places if p.place.kind == "admin2" and p.place.admin1 == pl.admin1), None)
        if admin1 is None:
            for p in places:
                if p.place.kind == "admin1" and p.place.country == pl.country:
                    admin1 = p.place.admin1
        place_name = best.text if pl.kind in {"place", "admin2"} else None
        if namesakes and pl.kind == "admin2":
            place_name = namesakes[0].text  # the village keeps its name, inside the district the text gives
        return Location(
            place=place_name,
            admin2=admin2,
            admin1=admin1,
            country=pl.country,
            iso3166_2=pl.iso3166_2 if pl.kind != "country" else None,
            lat=pl.lat,
            lon=pl.lon,
            precision=pl.precision,
        )
    # no mention names a place: the sentences told just before it do ("Kharijites tried to storm a
    # camp in Tank district ... In the ensuing exchange of fire, 11 were killed"), before the
    # dateline, which says where the report was filed ("RAWALPINDI:" for every ISPR statement)
    scene = context.scene()  # read only when needed: most incidents name their place
    for p in scene.places:
        pl = p.place
        if pl.country in {"PK", "AF"} and pl.kind in {"place", "admin2"}:
            return Location(place=p.text, admin2=pl.admin2, admin1=pl.admin1, country=pl.country,
                            iso3166_2=pl.iso3166_2, lat=pl.lat, lon=pl.lon, precision=pl.precision)
    # only the dateline names a place ("QUETTA: Nine people were injured ... on Sariab Road",
    # "Lakki Marwat: One policeman was martyred ...")
    # told after a summary that named its place ("... in two separate incidents in Lakki Marwat"),
    # or right after a sentence of its paragraph that names it
    for p in [*(p for m in draft.mentions for p in m.context_places), *scene.adjacent]:
        pl = p.place
        return Location(place=p.text if pl.kind == "place" else None, admin2=pl.admin2, admin1=pl.admin1, country=pl.country,
                        iso3166_2=pl.iso3166_2, lat=pl.lat, lon=pl.lon, precision=pl.precision)
    filed = _dateline_location(draft, dateline_places)
    if filed is not None:
        return filed
    for p in title_places or []:
        pl = p.place
        if pl.country in {"PK", "AF"} and pl.kind in {"place", "admin2"}:
            return Location(place=p.text, admin2=pl.admin2, admin1=pl.admin1, country=pl.country,
                            iso3166_2=pl.iso3166_2, lat=pl.lat, lon=pl.lon, precision=pl.precision)
    return Location(country=fallback_country, precision=None if fallback_country is None else LocationPrecision.COUNTRY)


def incident_date(
    draft: IncidentDraft, *, published: date | None, nearby: list[TemporalMention] | None = None
) -> tuple[str | None, DatePrecision | None, date | None]:
    """The incident's date: the first day or month named in its mentions, else a day named in
    the sentences around them ("In the early hours of 8 September 2025, ..."). A date after the
    publication is no date of a reported event and is skipped."""
    latest = published + timedelta(days=1) if published else None
    # "on Wednesday" in the lead with no publication date to resolve it: a month named later
    # ("since the takeover in August 2021") is no date of this event
    lead_day_unknown = any(t.range_start is None and t.precision is DatePrecision.DAY for t in draft.mentions[0].dates)
    for mention in draft.mentions:
        for t in mention.dates:
            if t.range_start is None or (latest is not None and t.range_start > latest):
                continue
            if lead_day_unknown and mention is not draft.mentions[0]:
                continue
            if t.precision is DatePrecision.DAY:
                return t.range_start.isoformat(), DatePrecision.DAY, t.range_start
            if t.precision is DatePrecision.MONTH:
                return t.range_start.strftime("%Y-%m"), DatePrecision.MONTH, t.range_start
    for t in nearby or []:
        if t.range_start is not None and t.precision is DatePrecision.DAY and (latest is None or t.range_start <= latest):
            return t.range_start.isoformat(), DatePrecision.DAY, t.range_start
    return None, None, None


def nearby_dates(draft: IncidentDraft, doc: ArticleDoc, claimed: set[int], vocabulary: Vocabulary) -> list[TemporalMention]:
    """Day dates in the sentences from the incident's first to two past its last, that belong to
    no other incident, open on no cue of another event, and are not reporting dates."""
    first = min(m.sentence.index for m in draft.mentions)
    last = max(m.sentence.index for m in draft.mentions)
    own = {m.sentence.index for m in draft.mentions}
    # a sentence opening on "Earlier today," or "In another incident," tells another event: its day is not this one's
    window = [s for s in doc.sentences[first:last + 3] if s.index in own or (
        s.index not in claimed and not vocabulary.new_event.match(s.text) and not vocabulary.maybe_new_event.match(s.text))]
    return [t for s in window for t in within(doc.dates, s.start, s.end)
            if t.kind == "point" and t.precision is DatePrecision.DAY and not reporting_date(t, doc.text, vocabulary)]


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


# "Khawarij" (outsiders) is a state's label, not a group's name: Pakistan's officials mean the TTP
# ("Fitna al-Khawarij"), the Afghan Taliban mean Islamic State Khorasan. Read by the country of the
# incident: the group the label names there, where it is not the TTP.
BLAMED_ON = re.compile(r"\bblam\w*\b[^.;]*\bon\s+(?:the\s+)?$", re.IGNORECASE)
STATE_LABEL = re.compile(r"kh\w*r\w*j|fitna", re.IGNORECASE)
LABEL_NAMES_IN = {"AF": "IS-K"}


def perpetrators(draft: IncidentDraft, event: EventType, sentences: list[Sentence], actors: list[ActorMention], vocabulary: Vocabulary,
                 country: str | None = None) -> list[Perpetrator]:
    """Groups named in the incident's sentences and its followers, by how sure the text is
    ("claimed" beats "attributed"); state action has no perpetrator. A state's label for a group
    ("Khawarij") names the group it means in the incident's ``country``."""
    if event in {EventType.SECURITY_OPERATION, EventType.AIRSTRIKE}:
        return []
    v = vocabulary
    found: dict[str, AttributionStatus] = {}
    rank = {AttributionStatus.CLAIMED: 0, AttributionStatus.ATTRIBUTED: 1, AttributionStatus.SUSPECTED: 2, AttributionStatus.DENIED: 3}
    first = min(m.sentence.index for m in draft.mentions)
    last = max(m.sentence.index for m in draft.mentions)
    scope = [s for s in sentences if first <= s.index <= last] + list(draft.follow)
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
            if re.search(r"\b(?:on|against|targeting|targeted)\s+(?:the\s+)?$", before) and not v.claimed.search(window) \
                    and not BLAMED_ON.search(s.text[max(0, rel - 80):rel]):
                continue  # "an attack on the Taliban", but not "blamed the attack on the Khawarij"
            if v.habitual_group.search(window) and not v.this_attack.search(window):
                continue  # "Normally, the TTP claims responsibility for most of the attacks": not this one's
            if v.claimed.search(window) and not re.search(r"\bno (?:group|one)\b[^.]*claimed", window, re.IGNORECASE):
                status = AttributionStatus.CLAIMED
            elif v.denied.search(window):
                status = AttributionStatus.DENIED
            elif v.suspected.search(window):
                status = AttributionStatus.SUSPECTED
            elif v.attributed.search(window) or a.name in {"TTP"} and STATE_LABEL.search(a.text):  # khwarij, Kharijites, kharjis
                status = AttributionStatus.ATTRIBUTED
            else:
                continue
            name = LABEL_NAMES_IN.get(country or "", a.name) if a.name == "TTP" and STATE_LABEL.search(a.text) else a.name
            if name not in found or rank[status] < rank[found[name]]:
                found[name] = status
    ordered = sorted(found.items(), key=lambda kv: rank[kv[1]])
    return [Perpetrator(name=n, status=s) for n, s in ordered]


def confidence(incident: Incident) -> float:
    score = 0.3
    score += 0.2 if incident.killed.total is not None or incident.injured.total is not None else 0
    score += 0.15 if incident.location.admin1 else 0
    score += 0.1 if incident.date else 0
    score += 0.15 if incident.event_type is not EventType.OTHER else 0
    score += 0.1 if incident.perpetrators else 0
    return round(min(score, 1.0), 2)
