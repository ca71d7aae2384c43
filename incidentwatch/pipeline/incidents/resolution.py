"""Resolution: which event mentions of an article are one incident.

Two passes over the whole article:
1. ``group_in_order`` reads the mentions in order: a mention joins the event being told unless
   it gives evidence of another ("in another incident", another place, another day, another
   country, a second full toll with a place of its own) or may begin one ("Meanwhile, ...");
   a mention that names the place of an event told earlier goes back to it.
2. ``join_fitting`` then joins every later incident to an earlier one it fits: no cue of a
   second event, a place inside the same district (or none), the same day (or none), the same
   country and a toll that is the same, a revision or a part. So the headline, the lead, the
   emergency officer's count and the funeral of one attack are one incident, and a roundup
   stays split where the text shows a second event.
``drop_stray_headlines`` drops incidents told only by headline-like lines after the first (other
stories' headlines, summary bullets) when the prose tells one. Finally ``attach_followers`` gives each incident the later sentences that claim, deny or blame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ...models import DatePrecision, EventType, Sentence
from .mentions import EventMention, cue_before_kill, locative, opening_place, place_key
from .tolls import consistent, incident_tolls
from .vocabulary import Vocabulary


@dataclass
class IncidentDraft:
    mentions: list[EventMention] = field(default_factory=list)
    follow: list[Sentence] = field(default_factory=list)  # later sentences about it (claims of responsibility)

    @property
    def places(self) -> set[str]:
        return set().union(*(place_key(m) for m in self.mentions))

    @property
    def scene(self) -> set[str]:
        """Districts or towns named after "in", "at", "near" (where it happened), else all named
        ("Miranshah Assistant Commissioner ... attacked in Bannu" happened in Bannu)."""
        keys: set[str] = set()
        for m in self.mentions:
            located = [p for p in m.places if p.place.kind in {"admin2", "place"} and locative(p, m)]
            keys |= {p.place.admin2 or p.place.name for p in located} if located else place_key(m)
        return keys

    @property
    def days(self) -> set[date]:
        return set().union(*(date_key(m) for m in self.mentions))

    @property
    def months(self) -> set[date]:
        return set().union(*(month_key(m) for m in self.mentions))

    @property
    def towns(self) -> set[str]:
        return set().union(*(town_key(m) for m in self.mentions))

    @property
    def countries(self) -> set[str | None]:
        return {p.place.country for m in self.mentions for p in m.places}

    @property
    def provinces(self) -> set[str]:
        return {p.place.admin1 for m in self.mentions for p in m.places if p.place.admin1}


def date_key(mention: EventMention) -> set[date]:
    """The days a mention is dated to, less those a quoted speaker gives ("... received 20
    people killed since this morning"): a speaker's "this morning" is the day they spoke, which
    a story published the next day would read as a second day."""
    return {t.range_start for t in mention.dates
            if t.range_start is not None and t.precision is DatePrecision.DAY and not _quoted(mention, t.start)}


def _quoted(mention: EventMention, at: int) -> bool:
    """Whether the text position ``at`` lies inside a direct quotation of the mention's sentence."""
    before = mention.sentence.text[:max(0, at - mention.sentence.start)]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def month_key(mention: EventMention) -> set[date]:
    """The months of a mention's days and months."""
    return {t.range_start.replace(day=1) for t in mention.dates
            if t.range_start is not None and t.precision in {DatePrecision.DAY, DatePrecision.MONTH}}


def town_key(mention: EventMention) -> set[str]:
    """Towns named after "in", "at", "near" (finer than the district of ``place_key``)."""
    return {p.place.name for p in mention.places if p.place.kind == "place" and locative(p, mention) and not opening_place(p, mention)}


def _month_only(mention: EventMention) -> bool:
    dated = [t for t in mention.dates if t.range_start is not None]
    return bool(dated) and all(t.precision is DatePrecision.MONTH for t in dated)


def _may_go_back(earlier: IncidentDraft, mention: EventMention) -> bool:
    """Whether a mention naming the place of an event told earlier can be more about it: not when
    it gives another day, or a toll the earlier event's cannot be ("On Saturday, a suicide bombing
    in North Waziristan killed eight" after an operation there that killed two militants)."""
    days = date_key(mention)
    if days and earlier.days and not days & earlier.days:
        return False
    if mention.has_toll and not mention.toll.updated:
        killed, _ = incident_tolls([m.toll for m in earlier.mentions], [])
        return consistent(killed, mention.toll)
    return True


def group_in_order(mentions: list[EventMention], vocabulary: Vocabulary, published: date | None = None) -> list[IncidentDraft]:
    drafts: list[IncidentDraft] = []
    current: IncidentDraft | None = None
    for mention in mentions:
        if current is None or mention.starts_new or mention.may_start_new:
            current = IncidentDraft(mentions=[mention])
            drafts.append(current)
            continue
        places_now = place_key(mention)
        earlier = [d for d in drafts if d is not current and places_now and places_now & d.places]
        if earlier and not places_now & current.places and _may_go_back(earlier[-1], mention):
            # "In Bannu, police said ...": more on an event told earlier in the article
            current = earlier[-1]
            current.mentions.append(mention)
            continue
        last, first = current.mentions[-1], current.mentions[0]
        places_before = current.places
        dates_now, dates_before = date_key(mention), current.days
        far = mention.sentence.paragraph - last.sentence.paragraph > 2
        countries_now = {p.place.country for p in mention.places}
        countries_before = current.countries
        months_now, months_before = month_key(mention), current.months
        other_month = bool(months_now and months_before and not months_now & months_before)
        if not months_before and published is not None and _month_only(mention):
            # an undated event, then "In early September, ..." in an article of October: a recap
            other_month = published.replace(day=1) not in months_now
        if (countries_now and countries_before and not countries_now & countries_before) or other_month:
            # another country, or another month ("In early March, ..." after this week's attack)
            current = IncidentDraft(mentions=[mention])
            drafts.append(current)
            continue
        towns_now, towns_before = town_key(mention), current.towns
        if (mention.has_toll and not mention.toll.updated and towns_now and towns_before and not towns_now & towns_before
                and not vocabulary.also.search(mention.text)):
            # "Another terrorist was killed in an IBO in Spinwam" after an operation in Mir Ali
            current = IncidentDraft(mentions=[mention])
            drafts.append(current)
            continue
        new_place = bool(places_now and places_before and not places_now & places_before)
        # "The death toll climbed to 10 on Sunday": a revision is dated to its own day, not the attack's
        new_date = bool(dates_now and dates_before and not dates_now & dates_before) and not mention.toll.updated
        both_tolls = mention.toll.total is not None and first.toll.total is not None and not mention.toll.updated
        if mention.place_lead and places_now and not places_now & places_before:
            same = [d for d in drafts if places_now & d.places]
            current = same[-1] if same else IncidentDraft()
            if not same:
                drafts.append(current)
            current.mentions.append(mention)
            continue
        elsewhere = new_place and mention.triggers and any(
            p.place.kind in {"admin2", "place"} and p.place.admin2 not in places_before and p.place.name not in places_before
            and locative(p, mention) for p in mention.places)
        if not mention.has_toll and not far and not elsewhere:
            # no toll of its own: more about the event being told, unless it tells an event elsewhere
            # ("... blew up a gas pipeline near Sui")
            current.mentions.append(mention)
            continue
        if vocabulary.also.search(mention.text) and not elsewhere:
            # "three soldiers were also injured", but not "four Levies were also martyred ... in Khuzdar
            # district" after an attack told in another district: another event
            current.mentions.append(mention)
            continue
        # a second full toll statement with its own place is a second event
        if new_place or new_date or far or (both_tolls and places_now and not places_now <= places_before):
            current = IncidentDraft(mentions=[mention])
            drafts.append(current)
        else:
            current.mentions.append(mention)
    return drafts


def fits(first: IncidentDraft, later: IncidentDraft, vocabulary: Vocabulary, published: date | None = None) -> bool:
    """Whether ``later`` can only be more about the event of ``first``: nothing in it shows a
    second event."""
    lead = later.mentions[0]
    if lead.starts_new:
        return False
    if lead.may_start_new and lead.has_toll and _other_means(first, lead):
        return False  # "In the meantime, an IED injured two Levies employees" after a grenade attack: another attack
    if first.countries and later.countries and not first.countries & later.countries:
        return False
    if first.scene and later.scene and not first.scene & later.scene:
        return False
    if later.places and not first.places and first.provinces and not later.provinces <= first.provinces:
        return False
    if first.days and later.days and not first.days & later.days and not any(m.toll.updated for m in later.mentions):
        return False
    if first.months and later.months and not first.months & later.months:
        return False
    if not first.months and published is not None and _month_only(later.mentions[0]) and published.replace(day=1) not in later.months:
        return False  # a recap dated to another month
    if first.towns and later.towns and not first.towns & later.towns and any(m.has_toll and not m.toll.updated for m in later.mentions) \
            and not vocabulary.more_victims.search(lead.text):
        return False  # a toll of its own in another town of the district ("three more were injured" there is the same event's)
    if later.scene and not first.scene & later.scene and cue_before_kill(vocabulary.recap, lead.text, vocabulary) \
            and not any(m.toll.updated for m in later.mentions):
        return False  # "The blast comes a day after gunmen killed two Levies personnel in Kalat": an earlier event elsewhere
    if any(m.toll.updated for m in later.mentions) or vocabulary.the_event.search(lead.text):
        return True  # "the death toll rose to nine"; "15 lost their lives in the explosion" (another source's count)
    first_killed, _ = incident_tolls([m.toll for m in first.mentions], [])
    later_killed, _ = incident_tolls([m.toll for m in later.mentions], [])
    return consistent(first_killed, later_killed)


# Event words that name no means of attack, and the means that are one ("the blast" of a suicide
# bombing is the same bomb)
NO_MEANS = frozenset({EventType.OTHER, EventType.SECURITY_OPERATION, EventType.CLASH})
SAME_MEANS = {EventType.SUICIDE_BOMBING: EventType.BOMBING}


def _means(mentions: list[EventMention]) -> set[EventType]:
    return {SAME_MEANS.get(t, t) for m in mentions for _, t in m.triggers if t not in NO_MEANS}


def _other_means(first: IncidentDraft, lead: EventMention) -> bool:
    """Whether a mention that may begin a second event ("Meanwhile, ...") tells its own toll by
    another means of attack than every one the event told before names: a second attack."""
    before, now = _means(first.mentions), _means([lead])
    return bool(before and now and not before & now)


def join_fitting(drafts: list[IncidentDraft], vocabulary: Vocabulary, published: date | None = None) -> list[IncidentDraft]:
    """Join each incident to the first earlier one it fits, when it fits exactly one of them
    (with two earlier events it may fit, the text does not say which)."""
    kept: list[IncidentDraft] = []
    for draft in drafts:
        candidates = [k for k in kept if fits(k, draft, vocabulary, published)]
        if len(candidates) == 1:
            target = candidates[0]
            target.mentions.extend(draft.mentions)
            target.mentions.sort(key=lambda m: m.start)
        else:
            kept.append(draft)
    return kept


def drop_stray_headlines(drafts: list[IncidentDraft]) -> list[IncidentDraft]:
    """Drop the incidents told only by stray headlines (another story's headline, a summary
    bullet) when the article's prose tells an incident: what such a line reports is either told
    in the prose or is no news of this article."""
    prose = [d for d in drafts if not all(m.stray_headline for m in d.mentions)]
    return prose or drafts


def attach_followers(drafts: list[IncidentDraft], sentences: list[Sentence], mentions: list[EventMention], vocabulary: Vocabulary) -> None:
    """Sentences that speak of an incident without a toll ("The TTP claimed responsibility for
    the attack") go to the incident told most recently before them. A claim or a denial may
    come anywhere later in the article; a blame or a suspicion only within two paragraphs."""
    v = vocabulary
    mention_sentences = {m.sentence.index for m in mentions}
    # no incident is told before the first of them: the sentences up to it have none to follow
    first_told = min((m.sentence.index for d in drafts for m in d.mentions), default=None)
    for s in sentences:
        if s.index in mention_sentences or first_told is None or s.index <= first_told:
            continue
        strong = bool(v.claimed.search(s.text) or v.denied.search(s.text))
        weak = bool((v.attributed.search(s.text) or v.suspected.search(s.text)) and (v.the_event.search(s.text) or v.attack_word.search(s.text)))
        if not (strong or weak):
            continue
        before = [(max(m.sentence.index for m in d.mentions if m.sentence.index < s.index), d) for d in drafts
                  if any(m.sentence.index < s.index for m in d.mentions)]
        if not before:
            continue
        last_index, draft = max(before, key=lambda t: t[0])
        if strong or s.paragraph - sentences[last_index].paragraph <= 2:
            draft.follow.append(s)
