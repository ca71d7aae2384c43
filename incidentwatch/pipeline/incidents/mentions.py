"""Event mentions: the sentences (or clauses) of an article that tell a specific event.

A mention has a toll of killed or injured, or an event word with a date or a place. Sentences
whose figures are claims (statistical sentences), generic or future sentences, figures over a
period or over many events (aggregates) and non-events (a bomb defused) give no mention.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from operator import itemgetter

from ...models import DatePrecision, EventType, Qualifier, Sentence
from ...models.mentions import ActorMention, PlaceMention, QuantityMention, TemporalMention
from ..base import ArticleDoc, within
from ..places import in_dateline
from ..tolls import TollSum
from .tolls import mention_tolls
from .vocabulary import CLAUSE_SPLIT, LOCATIVE, PAST_EVENT_VERB, PLACE_LEAD, Vocabulary

STRAY_HEADLINE_CHARS = 160  # as long as a headline in a list of other stories (clean.MAX_HEADLINE_CHARS)
SENTENCE_ENDS = (".", "?", "!", "”", '"', ":", ";", ",")


@dataclass
class EventMention:
    sentence: Sentence
    start: int
    end: int
    toll: TollSum
    injured: TollSum
    triggers: list[tuple[int, EventType]]
    dates: list[TemporalMention]
    places: list[PlaceMention]
    actors: list[ActorMention]
    starts_new: bool = False  # "In another incident, ...": evidence of a second event
    may_start_new: bool = False  # "Meanwhile, ...": a second event if nothing else joins it to the first
    place_lead: bool = False  # "In Wana, gunmen opened fire ...": the sentence opens on its place
    stray_headline: bool = False  # a headline-like paragraph after the first: a related story's headline, a summary bullet
    summary: bool = False  # "... killed in two separate incidents in Lakki Marwat": a sum, if the attacks are told after it
    lead_sum: bool = False  # the first mention sums attacks ("Eight soldiers were martyred in two attacks"): a sum, if they are told after it with tolls that cover it
    context_places: list[PlaceMention] = field(default_factory=list)  # a told attack with no place: its summary's

    @property
    def text(self) -> str:
        s = self.sentence
        return s.text[self.start - s.start:self.end - s.start]

    @property
    def has_toll(self) -> bool:
        return self.toll.total is not None or self.injured.total is not None


def find_triggers(text: str, vocabulary: Vocabulary) -> list[tuple[int, EventType]]:
    """Every event word of the article, with its offset, once per article."""
    found: list[tuple[int, EventType]] = []
    lower = text.lower()
    # lower() keeps offsets for all but a few letters (Turkish dotted I): then the slower patterns
    patterns, searched = (vocabulary.lower_triggers, lower) if len(lower) == len(text) else (vocabulary.triggers, text)
    for entry in vocabulary.taxonomy.event_types:
        pattern = patterns.get(entry.type)
        if pattern is not None:
            found.extend((m.start(), entry.type) for m in pattern.finditer(searched))
    # "yet to ascertain whether it was a planted bomb or a suicide blast": no kind is stated
    open_question = [(m.start(), m.end()) for m in vocabulary.type_unknown.finditer(text)]
    found = [t for t in found if not any(a <= t[0] < b for a, b in open_question)]
    return sorted(found, key=lambda t: t[0])


_OFFSET = itemgetter(0)


def triggers_within(triggers: list[tuple[int, EventType]], start: int, end: int) -> list[tuple[int, EventType]]:
    lo = bisect_left(triggers, start, key=_OFFSET)
    hi = bisect_left(triggers, end, lo=lo, key=_OFFSET)
    return triggers[lo:hi]


def clauses(sentence: Sentence) -> list[tuple[int, int]]:
    """Split a sentence that reports two events ("two soldiers were martyred in X while a
    policeman was shot dead in Y") into clauses; otherwise the whole sentence."""
    text = sentence.text
    cuts = list(CLAUSE_SPLIT.finditer(text))
    if not cuts:
        return [(sentence.start, sentence.end)]
    spans, prev = [], 0
    for m in cuts:
        spans.append((prev, m.start()))
        prev = m.end()
    spans.append((prev, len(text)))
    return [(sentence.start + a, sentence.start + b) for a, b in spans]


# A summary sentence's events are told after it within this many paragraphs.
SUMMARY_REACH = 4
SINCE_BEFORE = re.compile(r"since\s+$", re.IGNORECASE)


ISO_DAY = re.compile(r"(?:19|20)\d\d-\d\d-\d\d")
REPORTING_REACH = 90  # characters before a date searched for its reporting verb and the verb's named subject


def reporting_date(t: TemporalMention, text: str, vocabulary: Vocabulary) -> bool:
    """'police said on Friday' or a dateline ('PESHAWAR, July 11:') dates the report, not the attack;
    'Since 20 August 2024, security forces are conducting ...' dates a campaign's start."""
    if vocabulary.reporting.search(text[max(0, t.start - REPORTING_REACH):t.start]) or SINCE_BEFORE.search(text[max(0, t.start - 8):t.start]):
        return True
    if vocabulary.reporting_after.match(text[t.end:t.end + 24]):
        return True  # "Shafqaat, on Wednesday confirmed that ...": the statement's day
    if DATELINE_AFTER.match(text, t.end):
        return True  # "December 12, 2024 KABUL/ISLAMABAD - The minister ...": the report's dateline
    para_start = text.rfind("\n", 0, t.start) + 1
    line_end = text.find("\n", t.end)
    if not text[para_start:t.start].strip() and not text[t.end:line_end if line_end >= 0 else len(text)].strip():
        return True  # a line that is only a date ("2025-05-17" under a headline): the page's stamp
    if ISO_DAY.fullmatch(t.text) and not re.search(r"\b(?:on|of|dated|since|until|till)\s+$", text[max(0, t.start - 8):t.start], re.IGNORECASE):
        return True  # news prose writes days in words: a bare "2025-05-17" is a page's stamp run into its text
    before, after = text[para_start:t.start], text[t.end:t.end + 40]
    if re.fullmatch(r"[A-Z][A-Z .'/-]+,\s*", before) and after.lstrip().startswith(":"):
        return True
    # a wire dateline in mixed case: "Peshawar, Apr 25 (PTI)", "Khyber Pakhtunkhwa [Pakistan], October 28 :"
    return bool(DATELINE_PLACE.fullmatch(before)) and bool(DATELINE_END.match(after))


DATELINE_AFTER = re.compile(r"\s+[A-Z]{3,}(?:[/ ][A-Z]{3,}){0,3}\s*[-–:]")
DATELINE_PLACE = re.compile(r"[A-Z][\w.'-]*(?: [\[(]?[A-Z][\w.'-]*[\])]?){0,4},\s*")
# the colon, or the agency's code in brackets ("(PTI)", "(SABAH):", "(BSS/AFP) -")
DATELINE_END = re.compile(r"\s*(?::|\((?:PTI|ANI|APP|AFP|AP|IANS|Reuters|UNI|Xinhua|NNI|INP|PPI|[A-Z]{2,8}(?:/[A-Z]{2,8})*)\)"
                          r"|\([A-Z][\w.]*(?: [A-Z][\w.]*){0,3}\)\s*[:\-–])")  # or a name in brackets, then ":" ("(Udaipur Kiran):")


def biographical(p: PlaceMention, text: str, vocabulary: Vocabulary) -> bool:
    """'resident of District Chakwal' says where a victim came from, not where it happened."""
    return bool(vocabulary.biographical.search(text[max(0, p.start - 40):p.start]))


def locative(p: PlaceMention, mention: EventMention) -> bool:
    """'... targets in Afghanistan': the place after a locative preposition is where it happened."""
    s = mention.sentence
    return bool(LOCATIVE.search(s.text[max(0, p.start - s.start - 30):p.start - s.start]))


def cue_before_kill(cue_pattern: re.Pattern[str], text: str, vocabulary: Vocabulary) -> bool:
    """A cue before the first word of killing or wounding (or with none): "condemned the
    bombing which killed four", not "killed 14 at a rally to mark the anniversary"."""
    cue = cue_pattern.search(text)
    if cue is None:
        return False
    kill = vocabulary.news_kill.search(text)
    return kill is None or cue.start() < kill.start()


def opening_place(p: PlaceMention, mention: EventMention) -> bool:
    """'Peshawar: The death toll ...': a place opening the sentence before a colon or dash names
    where the report was filed (a dateline in mixed case)."""
    s = mention.sentence
    return p.start <= s.start + 1 and s.text[p.end - s.start:p.end - s.start + 3].lstrip()[:1] in {":", "—", "–"}


AND_OTHERS = re.compile(r"^[^.;:]{0,100}?\band\s+(?P<least>at least\s+|some\s+|another\s+)?$", re.IGNORECASE)
# the verb that ends a list of named soldiers, however long the list ("..., fought gallantly and
# embraced shahadat")
MARTYRED_AFTER_NAMES = re.compile(r"\b(?:embraced (?:shahadat|martyrdom)|(?:were|have been) martyred)\b", re.IGNORECASE)
# "A tribal elder and his two guards were shot dead": the one before "and his" is counted too
ONE_AND_HIS = re.compile(r"\b(?:an?|one)\s+(?:[\w-]+\s+){1,3}?(?:and|along with)\s+(?:his|her)\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
                         r"(?:[\w-]+\s+){1,2}?(?:were|have been|had been)\s+(?:killed|martyred|shot dead|gunned down)\b", re.IGNORECASE)
# "A policeman and a passerby were killed": two people, counted without a number
ONE_AND_ONE = re.compile(r"(?:^|[,:;]\s*|\b(?:when|as|after)\s+)(?:an?|one)\s+(?:[\w-]+\s+){1,3}?and\s+(?:an?|one)\s+(?:[\w-]+\s+){1,3}?"
                         r"(?:were|have been|had been)\s+(?:killed|martyred|shot dead|gunned down)\b", re.IGNORECASE)
AND_ONE_MORE = re.compile(r"^[^.;:\d]{0,100}?\band\s+(?:his|her|a|an|one)\s+(?:[\w-]+\s+)?(?:driver|guard|bodyguard|son|brother|"
                          r"nephew|companion|colleague|aide|associate|cousin|friend|passer-by|secretary|assistant)\b", re.IGNORECASE)


def titled_and_others(sub: Sentence, quantities: list[QuantityMention], after: int) -> TollSum:
    """'killed the refugee minister, Khalil Haqqani, and at least four associates': the titled
    victim and the people counted with him (1 + 4, at least); the titled victim alone is one."""
    for q in quantities:
        rel = q.start - sub.start
        if rel < after:
            continue
        joined = AND_OTHERS.match(sub.text[after:rel])
        if joined and q.low == int(q.low) and not q.percent:
            least = joined.group("least") or q.qualifier in {Qualifier.AT_LEAST, Qualifier.OVER}
            return TollSum(total=1 + int(q.low), qualifier=Qualifier.AT_LEAST if least else Qualifier.EXACT, inferred=True)
        break
    if AND_ONE_MORE.match(sub.text[after:]):
        return TollSum(total=2, qualifier=Qualifier.EXACT, inferred=True)  # "killed a senior official and his driver"
    return TollSum(total=1, qualifier=Qualifier.EXACT, inferred=True)


# Words that may stand before a place name as part of it or of its description ("Upper Dir",
# "Tehsil Kakar", "District Bannu"): a capitalised word before a place that is none of these is
# a given name, and the place is a surname ("Senator Anwaar-ul-Haq Kakar", "Sarfraz Bugti").
PLACE_QUALIFIERS = frozenset(
    "upper lower north south east west central greater old new district tehsil agency province city town village "
    "valley area in at near of from to and the a an on by with for".split()
)
NAME_BEFORE = re.compile(r"(?-i:[A-Z])[\w'’-]*[a-z][\w'’-]*\s$")
# "Kabul Bank", "Charsadda Hospital" (where the dead were taken, not where they died), "Peshawar High Court"
ORGANISATION_AFTER = re.compile(r"^\s+(?:Bank|Bank's|University|Cricket|Gymkhana|Hospital|Medical Complex|Teaching Hospital|Press Club|High Court)\b")


def named_not_place(p: PlaceMention, text: str, places: set[str]) -> bool:
    """A place name that is a person's surname ("Anwaar-ul-Haq Kakar") or part of an
    organisation's name ("Kabul Bank" in Kunduz, "Charsadda Hospital"): not where anything happened."""
    before = text[max(0, p.start - 40):p.start]
    name = NAME_BEFORE.search(before)
    if name and given_name(name.group(0).strip(), before[:name.start()], places):
        return True
    return bool(ORGANISATION_AFTER.match(text[p.end:p.end + 20]))


def given_name(word: str, before: str, places: set[str]) -> bool:
    """Whether ``word``, right before a place name, is a given name: not a place word, not a
    possessive ("Balochistan's Mastung"), not a place itself, and not the first word of a
    sentence or of the text."""
    if word.lower() in PLACE_QUALIFIERS or word.endswith(("'s", "’s", "s'", "s’")) or word in places:
        return False
    return bool(before.strip()) and not before.rstrip().endswith((".", "\n", ":", "–", "—", "-", "(", '"', "“"))


def stray_headline(sentence: Sentence, text: str, *, titled: bool = False) -> bool:
    """A paragraph that is one short line without a full stop, other than the article's own
    headline (the first paragraph, unless the title was found apart from the text): the headline
    of another story ("Nine Militants Killed In Bajaur Operation"), a summary bullet ("• 14
    militants killed") or a sub-headline. It tells no event that the prose does not."""
    if (sentence.paragraph == 0 and not titled) or len(sentence.text) > STRAY_HEADLINE_CHARS:
        return False
    before = text[max(0, sentence.start - 8):sentence.start].rstrip(" \t")  # a window: never copy the text
    after = text[sentence.end:sentence.end + 8].lstrip(" \t")
    whole_paragraph = (sentence.start <= 8 and not before or before.endswith("\n")) and (not after or after.startswith("\n"))
    return whole_paragraph and not sentence.text.rstrip().endswith(SENTENCE_ENDS)


COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}


def unsplit_parts(mention: EventMention, vocabulary: Vocabulary) -> list[EventMention]:
    """One mention per place of a sum that counts as many events as it names places ("in three
    separate IBOs in District Kech, Panjgur and Zhob"): each an event of its own, with no toll (the
    text does not split it), the sum's day and its place."""
    found = vocabulary.summary.search(mention.text)
    count = COUNT_WORDS.get(found.group(0).split()[0].lower()) if found else None
    places = [p for p in mention.places if p.place.kind in {"admin2", "place"} and not opening_place(p, mention)]
    keys = {p.place.admin2 or p.place.name for p in places}
    if count is None or len(keys) != count or len(places) != count:
        return []
    return [replace(mention, toll=TollSum(), injured=TollSum(), places=[p], starts_new=True, summary=False) for p in places]


def provinces_only(mention: EventMention) -> bool:
    """A mention that names two provinces or more and no district or town ("in Khyber
    Pakhtunkhwa and Balochistan"): a sum over events, no one event's place."""
    kinds = {p.place.kind for p in mention.places}
    if kinds & {"admin2", "place"}:
        return False
    provinces = [p for p in mention.places if p.place.kind == "admin1"]
    text = mention.sentence.text
    base = mention.sentence.start
    return any(a.place.admin1 != b.place.admin1 and PROVINCES_JOINED.fullmatch(text[a.end - base:b.start - base])
               for a, b in zip(provinces, provinces[1:], strict=False))


# "Khyber Pakhtunkhwa and Balochistan", "KP & Balochistan", "Khyber Pakhtunkhwa (KP) and Balochistan"
PROVINCES_JOINED = re.compile(r"(?:\s*\([A-Za-z-]{1,6}\))?\s*(?:and|&|,)\s*", re.IGNORECASE)


def place_key(mention: EventMention) -> set[str]:
    return {p.place.admin2 or p.place.name for p in mention.places
            if p.place.kind in {"admin2", "place"} and not opening_place(p, mention)}


def inside_any(pos: int, spans: list[ActorMention]) -> bool:
    """Whether ``pos`` falls inside one of ``spans`` (sorted by start; an actor's name holds no
    other actor's start past its own end but a longer one may cover it: look back a few)."""
    i = bisect_left(spans, pos + 1, key=lambda a: a.start)
    return any(a.start <= pos < a.end for a in spans[max(0, i - 4):i])


class MentionReader:
    """Reads the event mentions of one article."""

    def __init__(self, doc: ArticleDoc, vocabulary: Vocabulary) -> None:
        self.doc = doc
        self.text = doc.text
        self.vocabulary = vocabulary
        self.triggers = find_triggers(self.text, vocabulary)
        # "Tehreek-e-Taliban Pakistan" names a group, not a place
        self.scene_places = [p for p in doc.places if not inside_any(p.start, doc.actors)]
        self.place_words = {w for p in doc.places for w in p.text.split()}
        self.summaries: list[tuple[int, list[TemporalMention]]] = []  # "... in two separate attacks on Monday"
        self.unsplit: list[EventMention] = []  # the parts of a sum over named places whose tolls the text does not split

    def _point_dates(self, start: int, end: int) -> list[TemporalMention]:
        return [t for t in within(self.doc.dates, start, end) if t.kind == "point" and not reporting_date(t, self.text, self.vocabulary)]

    def scene_places_of(self, sentence: Sentence) -> list[PlaceMention]:
        """The places a sentence names as scenes (not datelines, homes or names of other things)."""
        return self._places(sentence.start, sentence.end)

    def places_in(self, start: int, end: int) -> list[PlaceMention]:
        """The places of the text from ``start`` to ``end`` that may be where something happened."""
        return self._places(start, end)

    def _places(self, start: int, end: int) -> list[PlaceMention]:
        return [p for p in within(self.scene_places, start, end)
                if not in_dateline(p, self.text) and not biographical(p, self.text, self.vocabulary) and not named_not_place(p, self.text, self.place_words)]

    def _mention(self, sentence: Sentence, start: int, end: int) -> EventMention:
        sub = Sentence(start=start, end=end, text=self.text[start:end], paragraph=sentence.paragraph, index=sentence.index)
        qs: list[QuantityMention] = [q for q in within(self.doc.quantities, start, end)
                                     if not self.vocabulary.vague_count.fullmatch(q.text)  # "several injured": no toll
                                     and q.low == q.high]  # "10 to 12 others have been injured": a range states no toll
        killed, injured = mention_tolls(sub, qs, self.vocabulary.taxonomy.victims)
        named = self.vocabulary.named_security_victim.search(sub.text) or MARTYRED_AFTER_NAMES.search(sub.text)
        ranks = len(self.vocabulary.rank_and_name.findall(sub.text[:named.end()])) if named else 0
        if killed.total is None and named and ranks:
            # "Havildar A and Sepoy B embraced shahadat"; "Naik A, resident of X district; Sepoy B,
            # resident of Y district, fought gallantly and embraced shahadat": one per rank and name
            killed = TollSum(total=ranks, security=ranks, qualifier=Qualifier.EXACT, inferred=True)
        elif killed.total is None and (titled := self.vocabulary.killed_titled_one.search(sub.text)):
            killed = titled_and_others(sub, qs, titled.end())
        elif killed.total is None and self.vocabulary.named_titled_victim.search(sub.text):
            killed = TollSum(total=1, qualifier=Qualifier.EXACT, inferred=True)
        elif killed.total == 1 and (titled := self.vocabulary.killed_titled_one.search(sub.text)) \
                and AND_ONE_MORE.match(sub.text[titled.end():]):
            killed = TollSum(total=2, qualifier=Qualifier.EXACT, inferred=True)  # "a" read as one: "killed a senior official and his driver"
        elif killed.total is not None and not killed.updated and ONE_AND_HIS.search(sub.text):
            killed = killed.model_copy(update={"total": killed.total + 1})
        elif killed.total is None and ONE_AND_ONE.search(sub.text):
            killed = TollSum(total=2, qualifier=Qualifier.EXACT, inferred=True)
        # "the mastermind of last week's attack on a Bannu police station": not this sentence's event
        recalled = [(start + m.start(), start + m.end()) for m in self.vocabulary.recalled_attack.finditer(sub.text)]

        def told(pos: int) -> bool:
            return not any(a <= pos < b for a, b in recalled)

        v = self.vocabulary
        revision = self._revises_told(sub.text, killed)

        return EventMention(
            sentence=sentence, start=start, end=end, toll=killed, injured=injured,
            triggers=[t for t in triggers_within(self.triggers, start, end) if told(t[0])],
            dates=[t for t in self._point_dates(start, end) if told(t.start)],
            places=[p for p in self._places(start, end) if told(p.start)], actors=within(self.doc.actors, start, end),
            starts_new=bool(v.new_event.match(sub.text)) and not revision,
            may_start_new=revision or bool(v.maybe_new_event.match(sub.text)), place_lead=bool(PLACE_LEAD.match(sub.text)),
            stray_headline=stray_headline(sentence, self.text, titled=bool(self.doc.clean and self.doc.clean.title)),
        )

    def _revises_told(self, text: str, killed: TollSum) -> bool:
        """Whether a sentence opening on a weak cue of another event ("Separately, ...") revises the
        toll of the event told ("... the death toll from the blast had risen to four"): then it may
        begin another event, as "Meanwhile" may, but is no evidence of one."""
        v = self.vocabulary
        return bool(killed.updated and v.revision_not_new_event.match(text) and v.the_event.search(text))

    def is_event(self, mention: EventMention) -> bool:
        """Whether a candidate tells a specific event."""
        v = self.vocabulary
        if not mention.has_toll and not mention.triggers:
            return False
        text = mention.text
        periods = [t for t in within(self.doc.dates, mention.start, mention.end) if t.kind in {"period", "since"}]
        if not any(t.precision is DatePrecision.DAY for t in mention.dates) and v.aggregate.search(text):
            return False  # a figure over a period or over many events ("... last month that killed 40")
        if v.running_total.search(self.text[mention.sentence.start:mention.end]):
            return False  # "so far, 37 terrorists have been sent to hell, while 14 others ...": a campaign's sum
        plural = [m.span() for m in v.plural_events.finditer(text)]
        generic = bool(v.generic.search(text)) or bool(plural)
        specific_place = any(p.place.kind in {"admin2", "place"} for p in mention.places)
        # "Those injured in these attacks included 231 civilians": with no day and no place of
        # its own, the plural's own word is no event's
        own_triggers = [t for t, _ in mention.triggers
                        if mention.dates or specific_place or not any(a <= t - mention.start < b for a, b in plural)]
        if mention.has_toll and (not generic or own_triggers):
            return True
        if v.non_event.search(text) and not (v.repelled_attack.search(text) and not v.pre_empted.search(text)):
            return False  # a bomb defused, a plot foiled; not an attack beaten back
        referring = [m.span() for m in v.the_event.finditer(text)]
        if mention.triggers and all(any(a <= t - mention.start < b for a, b in referring) for t, _ in mention.triggers):
            # "the PM condemned the attack on Thursday": about the event told, no event of its own;
            # but "The attack occurred on Tuesday in the city of Kunduz" tells its place and day
            return bool(specific_place and v.event_details.search(text))
        if mention.triggers and not generic and not periods and (mention.dates or specific_place):
            return bool(PAST_EVENT_VERB.search(text))
        return bool(mention.triggers and not generic and mention.dates and mention.places)

    def read(self) -> list[EventMention]:
        mentions: list[EventMention] = []
        for sentence in self.doc.sentences:
            if sentence.index in self.doc.statistical_sentences:
                continue
            spans = clauses(sentence)
            found: list[EventMention] = []
            for start, end in spans:
                mention = self._mention(sentence, start, end)
                if not self.is_event(mention):
                    if mention.dates and self.vocabulary.summary.search(mention.text):
                        # "Four terrorists were killed in two separate operations ... on Sunday": no
                        # event of its own, but the day of the operations told one by one after it
                        self.summaries.append((sentence.index, mention.dates))
                    continue
                if (mentions or found) and cue_before_kill(self.vocabulary.follow_up, mention.text, self.vocabulary) \
                        and not self.vocabulary.toll_update.search(mention.text):
                    continue  # "Funeral prayers were held for the constable ...": victims of an event told
                if self._sum_of_places(mention):
                    self.summaries.append((sentence.index, mention.dates))
                    self.unsplit.extend(unsplit_parts(mention, self.vocabulary))
                    continue
                if any(n.has_toll and not n.stray_headline for n in mentions) and self.vocabulary.summary.search(mention.text):
                    # one place, after the lead: a sum only if the attacks are told after it (the lead's
                    # sum stays with its first attack, as its toll may hold a victim told nowhere else)
                    mention.summary = True
                elif not any(n.has_toll and not n.stray_headline for n in [*mentions, *found]) and self.vocabulary.summary.search(mention.text):
                    mention.lead_sum = True
                if (mentions or found) and any(t.range_start for t in mention.dates) \
                        and cue_before_kill(self.vocabulary.earlier_event, mention.text, self.vocabulary):
                    mention.starts_new = True  # "... similarities to a previous suicide attack in March 2024"
                found.append(mention)
            # clauses are separate events only when each names its own place
            # ... or when each later clause opens on a cue of another event ("a policeman died in the
            # first incident while the second incident left a civilian dead")
            if len(found) > 1 and (len({frozenset(place_key(m)) for m in found}) == len(found) and all(place_key(m) for m in found)
                                   or all(m.starts_new for m in found[1:])):
                shared_dates = [t for m in found for t in m.dates]
                for m in found:
                    m.dates = m.dates or shared_dates  # "X in Bannu and Y in Lakki Marwat on Monday"
                for m in found[1:]:
                    m.starts_new = True
            elif len(spans) > 1 and found:
                whole = self._mention(sentence, sentence.start, sentence.end)
                whole.starts_new, whole.place_lead = whole.starts_new or found[0].starts_new, False  # "In a separate incident, two students and a teacher were injured"
                if self._revises_told(whole.text, whole.toll):
                    whole.starts_new = False  # "Separately, X, who had initially said three bodies ..., said the death toll had risen"
                whole.summary = bool(any(n.has_toll and not n.stray_headline for n in mentions) and self.vocabulary.summary.search(whole.text))
                whole.lead_sum = bool(not any(n.has_toll and not n.stray_headline for n in mentions) and self.vocabulary.summary.search(whole.text))
                found = [whole]
                if self._sum_of_places(whole):
                    self.summaries.append((sentence.index, whole.dates))
                    self.unsplit.extend(unsplit_parts(whole, self.vocabulary))
                    found = []
            mentions.extend(found)
        mentions = self._without_told_sums(mentions)
        # "in three separate IBOs in Kech, Panjgur and Zhob, five terrorists were killed": one
        # incident per place with no toll of its own, unless the article tells that place's event
        told = set().union(*(place_key(m) for m in mentions))
        parts: list[EventMention] = []
        for m in self.unsplit:  # a sentence read clause by clause and whole gives its parts twice
            if not place_key(m) & told and not any(n.sentence.index == m.sentence.index and place_key(n) == place_key(m) for n in parts):
                parts.append(m)
        return sorted(mentions + parts, key=lambda m: (m.sentence.index, m.start))

    def _sum_of_places(self, mention: EventMention) -> bool:
        """"Five policemen were martyred in two separate attacks in D.I. Khan and Wana", "17
        terrorists were killed in Khyber Pakhtunkhwa and Balochistan": the events are told one by
        one after it; its toll belongs to none alone."""
        return bool(self.vocabulary.summary.search(mention.text) and len(place_key(mention)) > 1) or provinces_only(mention) \
            or bool(self.vocabulary.across_places.search(mention.text))  # "... as militants attacked police across seven districts"

    def _without_told_sums(self, mentions: list[EventMention]) -> list[EventMention]:
        """Drop the summary sentences ("a DSP and two cops were killed ... in two separate incidents
        on Friday night") whose events the article then tells one by one with tolls of their own (a
        later mention within ``SUMMARY_REACH`` paragraphs, at one of its places, or at none when it
        opens on "In another attack"); their days date those events and their place locates them."""
        kept = []
        for i, m in enumerate(mentions):
            told = self._told_after(m, mentions[i + 1:], anywhere=m.lead_sum) if m.summary or m.lead_sum else []
            if m.lead_sum and not _covered(m, told):
                told = []  # the lead's sum stays with its first attack: its toll may hold a victim told nowhere else
            if any(n.has_toll for n in told):  # the told attacks' own tolls: the sentence's is their sum
                self.summaries.append((m.sentence.index, m.dates))
                district = [p for p in m.places if p.place.kind in {"admin2", "place"}]
                for n in told:
                    if not place_key(n) and not n.context_places:
                        n.context_places = district  # "In another attack the same night, Constable X was killed ..."
                continue
            kept.append(m)
        return kept

    def _told_after(self, summary: EventMention, later: list[EventMention], *, anywhere: bool = False) -> list[EventMention]:
        """The mentions after ``summary`` (in reading order) that tell one of its events
        (``anywhere``: at any place, for a lead whose places may be a headline's shorthand, "in
        North, South Waziristan attacks")."""
        keys = set() if anywhere else place_key(summary)
        told = []
        for n in later:
            if n.sentence.paragraph - summary.sentence.paragraph > SUMMARY_REACH:
                break
            if n.summary or n.sentence.index <= summary.sentence.index or cue_before_kill(self.vocabulary.recap, n.text, self.vocabulary):
                continue
            own = place_key(n)
            if not keys or (own and own <= keys) or (not own and n.starts_new):
                told.append(n)
        return told


def _covered(lead: EventMention, told: list[EventMention]) -> bool:
    """Whether the attacks told after a lead that sums them account for all its dead: their killed
    add up to the lead's at least (a restatement of one attack's toll counts again, which only errs
    towards calling the lead a sum)."""
    militants_only = lead.toll.total is not None and lead.toll.total == lead.toll.militants  # "killed seven terrorists during two operations"

    def counted(m: EventMention) -> int | None:
        if m.toll.total is None:
            return None
        return (m.toll.militants or 0) if militants_only else m.toll.total - (m.toll.militants or 0)

    total = counted(lead)
    tolls = [v for v in (counted(n) for n in told) if v]
    return bool(total) and bool(tolls) and sum(tolls) >= (total or 0)
