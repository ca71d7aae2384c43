"""Tolls: which numbers in a sentence count the killed and the injured, and who they were.

A pure helper of the claims and incidents stages (not a stage of its own): given one sentence
and its quantities, it tells each quantity's role (killed, injured, or neither), its victim
category from the noun it counts, and whether it is a part ("including three Chinese
nationals") of the number before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..models import Qualifier, Sentence, Toll, VictimCategory
from ..models.mentions import QuantityMention

DEATH_AFTER = re.compile(
    r"^[\s,]*(?:(?:who|which|that)\s+)?(?:(?:were|was|have|has|had|are|is|got|been|being|reportedly|also|all|later|so far|"
    r"allegedly|subsequently|eventually|reported|confirmed|feared|of them|among them|"
    r"(?:on|late|early) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?: (?:morning|night|evening))?)\s+)*"
    r"[\"“‘']?"  # the ISPR's words quoted: six terrorists were "sent to hell"
    r"(?P<verb>killed|mowed down|mown down|martyred|dead\b|died|lost (?:their|his|her) lives?|shot dead|gunned down|embrace[sd]? martyrdom|"
    r"perished|succumbed|sent to hell|to hell\b|assassinated|embrace[sd]? shahadat|neutrali[sz]ed|eliminated|slain|lost their life|"
    r"injured|wounded|hurt|(?:sustain|suffer)(?:ed|s)? (?:serious |critical |minor |severe )?injuries|received injuries|"
    # "40 policemen were among the dead", "three children were among the injured"
    r"among (?:the|those) (?:dead|killed|deceased|martyred|injured|wounded)\b)",
    re.IGNORECASE,
)
# "7 of the dead were policemen": the figure names a part of the dead, its people after "were"
PART_OF_THE_DEAD = re.compile(
    r"^\s+(?:of|among) (?:the|those) (?:[\w-]+ ){0,2}?(?P<which>fatalities|dead|deaths|killed|victims|injured|wounded)\s+"
    r"(?:were|was)\s+(?:all\s+)?(?P<noun>[^,.;\d]{1,60}?)(?=\s+and\s+\d|[,.;]|$)",
    re.IGNORECASE,
)
DEATH_BEFORE = re.compile(
    r"(?P<verb>killed|killing|kills|killed at least|martyred|martyring|claim(?:ed|ing|s) (?:the )?li(?:ves|fe) of|"
    r"shot dead|losing|lost|gunned down|shot and killed|killed by|took (?:the )?lives of|taking (?:the )?lives of|the killings? of|the deaths? of|"
    r"bodies of|death toll (?:rose|climbed|jumped|increased|reached|went up|has risen|had risen)(?: to)?|toll (?:rose|climbed|reached|increased)(?: to)?|"
    r"rose to|climbed to|rises to|climbs to|risen to|jumps to|jumped to|surged to|surged to above|increase[sd]? to|"
    r"(?:increased|raised|pushed|took|taking|bringing|brought) the (?:death )?toll to|(?:the )?martyrdom of|"
    r"eliminated|eliminating|neutrali[sz]ed|neutrali[sz]ing|(?:the )?elimination of|(?:the )?loss of|"
    r"injured|injuring|wounded|wounding|injuries (?:to|on)|injured at least|wounding at least|mowed down|mown down)"
    r"[\"”’']?(?:\s+(?:at least|over|more than|nearly|about|some|another|other|an estimated))?\s*$",
    re.IGNORECASE,
)
PARTICIPLE_MODIFIER = re.compile(
    r"^\s+(?:\w+ing|deployed|posted|stationed|belonging|on duty|of the|from the|from|of|who|whom)\b[^,.;\d]{0,60}?(?=\s(?:was|were|had been|has been|have been)\s)",
    re.IGNORECASE,
)
DEATH_NOUNS = re.compile(r"^(?:deaths?|fatalities|dead|bodies|people dead|killed|martyred|lives)\b")
INJURY_NOUNS = re.compile(r"^(?:injured|wounded|injuries|people injured|others injured|others wounded)\b")
LEFT_DEAD = re.compile(r"^\s*(?P<verb>dead|injured|wounded|killed)\b", re.IGNORECASE)
INJURY_WORDS = ("injur", "wound", "hurt")
TOLL_UPDATE = re.compile(
    r"(?:death toll|toll)\s+(?:[\w’'-]+\s+){0,6}(?:rose|rises|climbed|climbs|jumped|jumps|increased|reached|reaches|went up|risen|mounted|stands at|stood at)"
    r"|\b(?:(?:rose|rises|risen|climbed|climbs|jumped|jumps|surged|increase[sd]?) (?:to|above)|(?:increased|raised|pushed|took|taking|bringing|brought) the (?:death )?toll to)"
    r"(?:\s+(?:around|about|nearly|over|at least|more than|some))?\s*$",
    re.IGNORECASE,
)
# "The death toll from a suicide bombing in Kandahar early Thursday has reached at least 20":
# the revision verb may stand a clause away from "death toll", farther than DEATH_BEFORE looks
DEATH_TOLL_REACHED = re.compile(
    r"\bdeath toll\b[^.;:\d]{0,100}?\s(?:has |had |have )?(?:rose|rises|risen|climbed|climbs|jumped|jumps|increased|reached|reaches|"
    r"went up|mounted|stands at|stood at)(?:\s+(?:to|above))?(?:\s+(?:around|about|nearly|over|at least|more than|some))?\s*$",
    re.IGNORECASE,
)
# "two injured persons died in hospital", "three of the injured succumbed": deaths, not injuries
# ... and "two more wounded police officers succumbed", "two more people wounded in Saturday's
# blast died": up to twelve words of who they were, no conjunction, number or relative ("three were
# wounded while two others died", "wounded, of whom one died" keep the injured)
INJURED_WHO_DIED = re.compile(r"^\s+(?:(?!(?:and|while|but|or|as|whereas|where|when|one|two|three|four|five|six|of|whom|which)\b)[a-z][\w'’-]*\s+){0,12}?"
                              r"(?:died|succumbed|expired|passed away)\b", re.IGNORECASE)
IN_CRITICAL_CONDITION = re.compile(r"^\s+(?:(?!and\b|but\b)[a-z]+\s+){0,2}?(?:were|was|are|is|remain(?:ed|s)?)\s+(?:said to be\s+|reported to be\s+|still\s+)?(?:in\s+(?:a\s+)?)?"
                                   r"(?:critical|serious|precarious)\b", re.IGNORECASE)
# "Eight members of a family, including five children, were killed": the family is the noun's
FAMILY = re.compile(r"^\s+of (?:a|one|the same|their|his|her) (?:single )?family\b", re.IGNORECASE)
PART_OF = re.compile(r"^[\s,(–—]*(?:(?:dead|killed|injured|wounded)[\s,]+)?(?:(?:including|among them|among whom|of whom|of them|among the dead were|mostly|comprising)\b|[-–—:]\s*$)", re.IGNORECASE)
OF_THE_DEAD = re.compile(r"^\s*(?:(?:of|among) (?:the|those) (?:[\w-]+ ){0,2}?|the |those )(?P<which>fatalities|dead|deaths|killed|victims|injured|wounded)\b", re.IGNORECASE)
COORDINATION = re.compile(r"^[\s,]*(?:(?:and|as well as|besides|plus|while)\s+(?:another\s+|other\s+)?)?$", re.IGNORECASE)
# Nouns that a count of people can never be: time and money units, places, objects.
NOT_PEOPLE = re.compile(
    r"^(?:months?|years?|days?|weeks?|hours?|minutes?|percent|per cent|km|kilometres|kilograms|kg|rupees|million|billion|"
    r"vehicles?|houses?|shops?|schools?|districts?|provinces?|tehsils?|villages?|rounds?|bullets?|rockets?|mortars?|"
    r"weapons?|kilogrammes?|times|crore|lakh)\b"
)
# the plausibility bound of one toll: no attack in the region killed or injured more; a bigger
# number in an attack's sentence is a period's figure or noise, never its toll
MAX_TOLL = 5_000
FORMER = re.compile(r"\b(?:former|retired|ex-)\b")


@dataclass(frozen=True)
class TollItem:
    quantity: QuantityMention
    role: str  # killed | injured
    category: VictimCategory | None
    part_of: QuantityMention | None = None  # set for "including three Chinese nationals"
    update: bool = False  # "the death toll rose to 11"


@dataclass
class SentenceToll:
    items: list[TollItem] = field(default_factory=list)

    def of(self, role: str) -> list[TollItem]:
        return [i for i in self.items if i.role == role]


# "13 members of Fitna al Khawarij", "five of them" after "the terrorists' location": militants
MEMBERS_OF_GROUP = re.compile(r"^\s*(?:members?|cadres?|commanders?|operatives?|fighters?)?\s*of\s+(?:the\s+)?(?:banned\s+|proscribed\s+|outlawed\s+)?"
                              r"(?:fitna|tehreek|ttp|bla|is-?k|daesh|khwarij|khawarij|terrorist|militant)", re.IGNORECASE)
MILITANTS_BEFORE = re.compile(r"\b(?:terrorists?|militants?|khwarij|khawarij|insurgents?|attackers?)['’]?\b", re.IGNORECASE)


def _militants_by_context(q: QuantityMention, text: str, offset: int) -> bool:
    """'13 members of Fitna al Khawarij'; 'five of them' in a sentence that names only militants."""
    after = text[q.end - offset:q.end - offset + 60]
    if MEMBERS_OF_GROUP.match(after):
        return True
    return bool(re.match(r"^\s*of them\b", after)) and bool(MILITANTS_BEFORE.search(text[:q.start - offset]))


# categorise's answers per victims lexicon (kept with it, so that its id names no other) and noun:
# the same few nouns ("people", "policemen") come back in every sentence, each a walk over the lexicon
_CATEGORY_MEMO: dict[int, tuple[dict[str, tuple[str, ...]], dict[str, VictimCategory | None]]] = {}
_CATEGORY_MEMO_SIZE = 20_000


def categorise(noun: str, victims: dict[str, tuple[str, ...]]) -> VictimCategory | None:
    """The victim category a noun phrase names, or None for 'people' and the like."""
    entry = _CATEGORY_MEMO.get(id(victims))
    if entry is None or entry[0] is not victims:
        if len(_CATEGORY_MEMO) >= 8:
            _CATEGORY_MEMO.clear()
        entry = _CATEGORY_MEMO[id(victims)] = (victims, {})
    memo = entry[1]
    if noun in memo:
        return memo[noun]
    if len(memo) >= _CATEGORY_MEMO_SIZE:
        memo.clear()
    category = memo[noun] = _categorise(noun, victims)
    return category


def _categorise(noun: str, victims: dict[str, tuple[str, ...]]) -> VictimCategory | None:
    if FORMER.search(noun):
        return None
    padded = f" {noun} "
    for key, category in (
        ("foreigners", VictimCategory.FOREIGNERS),
        ("militants", VictimCategory.MILITANTS),
        ("security", VictimCategory.SECURITY),
        ("civilians", VictimCategory.CIVILIANS),
    ):
        for word in victims.get(key, ()):
            if f" {word} " in padded:
                return category
    return None


def read_tolls(sentence: Sentence, quantities: list[QuantityMention], victims: dict[str, tuple[str, ...]],
               *, max_value: float = MAX_TOLL) -> SentenceToll:
    """Roles of the quantities of one sentence; a number over ``max_value`` has none."""
    text = sentence.text
    qs = [q for q in quantities if not q.percent and not NOT_PEOPLE.match(q.noun) and q.low <= max_value]
    roles: list[str | None] = []
    nouns: dict[int, str] = {}  # id of a quantity: its people named after "were" ("7 of the dead were policemen")
    for q in qs:
        rel_start, rel_end = q.start - sentence.start, q.noun_end - sentence.start
        role: str | None = None
        noun = q.noun
        part = PART_OF_THE_DEAD.match(text[q.end - sentence.start:]) if not noun else None
        if part and categorise(part.group("noun"), victims) is not None:
            # not "four of the wounded were in a critical condition": some of them, no toll
            role = "injured" if part.group("which").lower() in {"injured", "wounded"} else "killed"
            nouns[id(q)] = part.group("noun")
        elif DEATH_NOUNS.match(noun):
            role = "killed"
        elif INJURY_NOUNS.match(noun) and not INJURED_WHO_DIED.match(text[rel_end:]):
            # not "two injured persons died in hospital": two more dead; nor "five injured persons
            # were in a critical condition": some of the injured, not their count
            role = None if IN_CRITICAL_CONDITION.match(text[rel_end:]) else "injured"
        if role is None:
            after = FAMILY.sub("", text[rel_end:], count=1)
            skip = PART_OF.match(after)
            if skip:
                # jump over the parenthetical "including three Chinese nationals,"
                close = re.search(r"[,–—)]\s*(?=(?:were|was|have|has|had|are|who|lost|died|perished|succumbed)\b)|,\s*(?=\w+ed\b)"
                                  r"|,\s*(?=(?:on|late|early) \w+day\b)", after[skip.end():])
                if close:
                    after = after[skip.end() + close.end():]
            modifier = PARTICIPLE_MODIFIER.match(after)
            if modifier:  # "a policeman escorting a polio team was shot dead"
                after = after[modifier.end():]
            m = DEATH_AFTER.match(after)
            if m and not re.search(r"\d", after[: m.start("verb")]):
                verb = m.group("verb").lower()  # "sustained injuries" is injured too
                role = "injured" if any(w in verb for w in INJURY_WORDS) else "killed"
                if role == "injured" and INJURED_WHO_DIED.match(after[m.end():]):
                    role = "killed"  # "two more injured succumbed to their wounds"
                elif role == "injured" and m.group("verb").lower() in {"injured", "wounded"} and IN_CRITICAL_CONDITION.match(after[m.end():]):
                    role = None  # "At least five injured persons were in a critical condition": some of them
        if role is None:
            before = text[max(0, rel_start - 60):rel_start]
            m = DEATH_BEFORE.search(before)
            if m:
                verb = m.group("verb").lower()
                role = "injured" if verb.startswith(INJURY_WORDS) or "injur" in verb or "wound" in verb else "killed"
            elif DEATH_TOLL_REACHED.search(text[max(0, rel_start - 160):rel_start]):
                role = "killed"
        roles.append(role)
    # "Of the fatalities, 378 were militants": the opening names what every number counts
    opening = OF_THE_DEAD.match(text)
    opening_parts: dict[int, QuantityMention] = {}
    if opening:
        role_all = "injured" if opening.group("which").lower() in {"injured", "wounded"} else "killed"
        # "Of the 38 people injured, eight remain in hospital": the opening's own number is the
        # whole, the others are parts of it
        inside = [q for q in qs if q.start - sentence.start < opening.end()]
        if inside:
            opening_parts = {i: inside[0] for i, r in enumerate(roles) if r is None and qs[i] is not inside[0]}
        roles = [r if r is not None else role_all for r in roles]
    # a part inherits the role of its whole: "killed four people, including three Chinese nationals"
    for i in range(1, len(qs)):
        if roles[i] is None and roles[i - 1] is not None:
            between = text[qs[i - 1].noun_end - sentence.start:qs[i].start - sentence.start]
            if PART_OF.match(between) and not re.search(r"\b(?:were|was|killed|injured|wounded|martyred)\b", between):
                roles[i] = roles[i - 1]
    # coordinated numbers share the role of the first: "214 civilians and 226 security personnel"
    for i in range(1, len(qs)):
        if roles[i] is None and roles[i - 1] is not None:
            between = text[qs[i - 1].noun_end - sentence.start:qs[i].start - sentence.start]
            if COORDINATION.match(between):
                roles[i] = roles[i - 1]
    for i in range(len(qs) - 2, -1, -1):
        if roles[i] is None and roles[i + 1] is not None:
            between = text[qs[i].noun_end - sentence.start:qs[i + 1].start - sentence.start]
            if COORDINATION.match(between) and qs[i].noun and "while" not in between:
                roles[i] = roles[i + 1]
    result = SentenceToll()
    parent: QuantityMention | None = None
    parent_role: str | None = None
    parent_end = -1
    for index, (q, role) in enumerate(zip(qs, roles, strict=True)):
        if role is None:
            parent = None
            continue
        category = categorise(nouns.get(id(q), q.noun), victims)
        if category is None and _militants_by_context(q, text, sentence.start):
            category = VictimCategory.MILITANTS
        if index in opening_parts:
            result.items.append(TollItem(quantity=q, role=role, category=category, part_of=opening_parts[index]))
            continue
        between = FAMILY.sub("", text[parent_end - sentence.start:q.start - sentence.start], count=1) if parent is not None else ""
        is_part = (
            parent is not None
            and parent_role == role  # "killing five people, including two injured": no part of the dead
            and bool(PART_OF.match(between))
            and not re.search(r"\b(?:were|was|have|has|had|killed|martyred|injured|wounded|died)\b", between)
            and q.low <= parent.low
        )
        # the words since the previous number: "the toll climbed to 10 as two injured persons died"
        # makes 10 the revised toll, never two
        since = qs[index - 1].end - sentence.start if index else 0
        before = text[max(0, since, q.start - sentence.start - 40):q.start - sentence.start]
        result.items.append(
            TollItem(
                quantity=q,
                role=role,
                category=category,
                part_of=parent if is_part else None,
                update=bool(TOLL_UPDATE.search(before)) or bool(DEATH_TOLL_REACHED.search(text[max(0, since, q.start - sentence.start - 160):q.start - sentence.start])),
            )
        )
        if not is_part:
            restated = _restatement(result.items[-1], result.items[:-1], text, sentence.start)
            if restated is not None:
                result.items[-1] = replace(result.items[-1], part_of=restated)
            parent, parent_role, parent_end = q, role, q.noun_end
    return result


# words between two equal numbers that make them two groups of victims, not one told twice
ANOTHER_GROUP = re.compile(r"\b(?:and|while|whereas|as well as|besides|plus|another|other|others|more|also|each|respectively)\b|[;,]\s*$", re.IGNORECASE)
RESTATED_GAP = 25  # characters: "five soldiers and five militants" is closer than a restatement


def _restatement(item: TollItem, earlier: list[TollItem], text: str, offset: int) -> QuantityMention | None:
    """The earlier number of the same sentence that ``item`` restates, if any: the same figure of
    the same victims in another clause, with no word that joins two groups between them (a
    headline run into its lead: "..., Killing Five Officers A bomb blast ... resulted in the
    death of at least five police officers")."""
    for previous in reversed(earlier):
        if previous.part_of is not None or previous.role != item.role or previous.quantity.low != item.quantity.low:
            continue
        if previous.category is not None and item.category is not None and previous.category is not item.category:
            continue
        between = text[previous.quantity.noun_end - offset:item.quantity.start - offset]
        if len(between) < RESTATED_GAP or ANOTHER_GROUP.search(between) or OTHERS_NOUN.match(item.quantity.noun):
            return None
        return previous.quantity
    return None


OTHERS_NOUN = re.compile(r"^(?:others?|more)\b", re.IGNORECASE)


class TollSum(Toll):
    """A toll as one sentence states it, and whether it revises an earlier one ("rose to 11")."""

    updated: bool = False
    besides: bool = False  # "killing six other people": counted besides a victim told before
    inferred: bool = False  # counted from named victims without a number ("Constable X was shot dead")

    def split(self, category: VictimCategory) -> int | None:
        return getattr(self, category.value)

    def as_toll(self) -> Toll:
        return Toll.model_validate(self.model_dump(exclude={"updated", "besides", "inferred"}))


# a count of people in general, which later numbers of the same sentence may break down
GENERIC_PEOPLE = re.compile(r"^(?:people|persons|individuals|men|others)\b")


def _apposed_parts(items: list[TollItem]) -> list[TollItem]:
    """"Three people, a policeman and two polio workers, lost their lives": a count of people in
    general, then counts of kinds of people that add up to it exactly, are its parts (a
    breakdown), not more victims."""
    top = [i for i in items if i.part_of is None]
    if len(top) < 2 or not GENERIC_PEOPLE.match(top[0].quantity.noun) or any(i.update for i in top):
        return items
    whole, rest = top[0], top[1:]
    if any(i.category is None or GENERIC_PEOPLE.match(i.quantity.noun) for i in rest):
        return items
    if sum(int(i.quantity.low) for i in rest) != int(whole.quantity.low):
        return items
    return [replace(i, part_of=whole.quantity) if any(i is r for r in rest) else i for i in items]


def sum_items(items: list[TollItem]) -> TollSum:
    """One sentence's killed (or injured): top-level numbers add up, parts fill the split."""
    out = TollSum()
    if not items:
        return out
    items = _apposed_parts(items)
    top = [i for i in items if i.part_of is None]
    parts = [i for i in items if i.part_of is not None]
    if not top:  # parts whose whole counts something else stand on their own
        top, parts = parts, []
    updates = [i for i in top if i.update]
    if updates:
        top = [updates[-1]]
        out.updated = True
    total = 0
    for item in top:
        total += int(item.quantity.low)
        if item.category is not None:
            setattr(out, item.category.value, (out.split(item.category) or 0) + int(item.quantity.low))
    whole_category = {id(i.quantity): i.category for i in top}
    for item in parts:
        # "three civilians, including two children and a woman": the parts are already counted in
        # the whole's category
        if item.category is not None and whole_category.get(id(item.part_of)) is not item.category:
            setattr(out, item.category.value, (out.split(item.category) or 0) + int(item.quantity.low))
    out.total = total
    first = top[0].quantity.qualifier
    out.qualifier = Qualifier.AT_LEAST if first is Qualifier.OVER else first
    return out


def combine(sums: list[TollSum]) -> TollSum:
    """Several sentences about one incident: the lead's toll, unless a later one revises it.

    Where sources disagree (police six, a hospital nine) the toll that leads the article is
    kept; a later sentence only revises it when it says the toll rose. A category the lead
    does not split ("six terrorists were sent to hell" after "four soldiers were martyred")
    is taken from the later sentence, and the total is never below the sum of the splits.
    """
    stated = [s for s in sums if s.total is not None]
    if not stated:
        return TollSum()
    updates = [s for s in stated if s.updated]
    # a toll only rises: the highest revision is the latest news, whatever order the article
    # recalls them in ("... death toll reaches six" above "... increasing the death toll to five")
    lead = max(reversed(updates), key=lambda s: s.total or 0) if updates else stated[0]
    out = TollSum(qualifier=lead.qualifier)
    for category in VictimCategory:
        value = lead.split(category)
        if value is None:
            values = [s.split(category) for s in stated if s.split(category) is not None]
            value = max(values) if values else None  # type: ignore[type-var]
        setattr(out, category.value, value)
    out.total = max(lead.total or 0, sum(out.split(c) or 0 for c in VictimCategory))
    return out
