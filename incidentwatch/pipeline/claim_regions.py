"""Regions of the figures in one sentence that names several places.

"Balochistan (48), KP (35), Sindh (26)", "132 incidents in Dera Ismail Khan, 103 in Khyber and
89 in Peshawar", "KP and Balochistan accounted for 51% and 41% respectively": each figure
takes the place of its own clause, not the list of every place in the sentence.

- Places written next to each other ("Khyber Pakhtunkhwa and Balochistan") form one group,
  a joint region.
- The sentence is cut into clauses at commas, semicolons, brackets, "while", "whereas", "followed by"
  and an "and" that starts a new figure ("... in Balochistan and 55 per cent in KP").
- A figure takes the group of its clause nearest to it; a clause with no place takes the
  group of the clause before it ("In Balochistan, militants carried out 8 attacks").
- "respectively" pairs a group of n places with the sentence's n figures of one kind, in order.
- A figure before any place keeps the article's region ("386 personnel ..., largely in KP").
- The article's region: the one province a provincial report's lead names (``lead_region``),
  else the country it mostly names (``default_region``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..models import Place, Region, Sentence
from ..models.mentions import PlaceMention, QuantityMention
from .base import ArticleDoc
from .places import in_dateline

CLAUSE_BREAK = re.compile(r"[,;:()]|\s[–—-]{1,2}\s|\b(?:while|whereas|followed by|besides)\b|\band\b(?=\s+(?:[\w-]+\s+){0,2}?\d)", re.IGNORECASE)
GROUP_GLUE = re.compile(r"^(?:\s*(?:,|and|&|\((?:[A-Z][\w-]*)\)|\(|\)|provinces?|regions?)\s*)*$")  # "(" and ")" around an alias that is itself a place: "Khyber Pakhtunkhwa (KP) and Balochistan"
RIGHT_BEFORE = re.compile(r"\s*[(:]?\s*")
FATA_SURFACE = re.compile(r"\b(?:fata|tribal (?:areas|districts)|merged districts)\b", re.IGNORECASE)
# monitors split KP into its settled (mainland) and tribal districts: both keep their own name
SETTLED_SURFACE = re.compile(r"\bsettled districts\b|\bmainland\b", re.IGNORECASE)


# written in lower case, these parts of KP are no gazetteer name: "the erstwhile tribal districts",
# "the settled districts (188 deaths)"
KP_PARTS = re.compile(r"\b(?:(?:erstwhile|former|newly merged)\s+)?(?:tribal|merged|settled)\s+districts\b|\b[Tt]ribal [Aa]reas\b")


# "mainland KP", "mainland Khyber Pakhtunkhwa": KP without its tribal districts, as monitors count it
MAINLAND = re.compile(r"\b[Mm]ainland\s+(?:KP|K-P|KPK|Khyber[- ]Pakhtunkhwa)\b")
# "the tribal districts of KP", "merged districts of Khyber Pakhtunkhwa": the part, not the province
PART_OF_KP = re.compile(r"^\s+of\s+(?:the\s+)?$")


def kp_parts(sentence: Sentence, places: list[PlaceMention]) -> list[PlaceMention]:
    """The sentence's places with KP's parts named as such: "mainland KP" replaces the province's
    mention inside it, the tribal or settled districts are added, and "KP" right after "the tribal
    districts of" is dropped (the part is the place the figures are about)."""
    kp = _kp_place()
    mainland = []
    for m in MAINLAND.finditer(sentence.text):
        start, end = sentence.start + m.start(), sentence.start + m.end()
        if kp is not None:
            mainland.append(PlaceMention(start=start, end=end, text=m.group(0), place=kp))
    kept = [p for p in places if not any(m.start <= p.start and p.end <= m.end for m in mainland)]
    parts = sorted(kept + mainland + kp_part_mentions(sentence, kept + mainland), key=lambda p: p.start)
    named_parts = [p for p in parts if FATA_SURFACE.search(p.text) or SETTLED_SURFACE.search(p.text)]
    return [p for p in parts if not (p.place.kind == "admin1" and kp is not None and p.place.name == kp.name and any(
        q.end <= p.start and PART_OF_KP.match(sentence.text[q.end - sentence.start:p.start - sentence.start]) for q in named_parts))]


def kp_part_mentions(sentence: Sentence, places: list[PlaceMention]) -> list[PlaceMention]:
    """Places for the lower-case names of KP's parts that the place reader does not link."""
    out = []
    for m in KP_PARTS.finditer(sentence.text):
        start, end = sentence.start + m.start(), sentence.start + m.end()
        if any(p.start < end and start < p.end for p in places):
            continue
        kp = _kp_place()
        if kp is not None:
            out.append(PlaceMention(start=start, end=end, text=m.group(0), place=kp))
    return out


@lru_cache(maxsize=1)
def _kp_place() -> Place | None:
    from ..resources import load_gazetteer

    found = [p for p in load_gazetteer().lookup("Khyber Pakhtunkhwa") if p.kind == "admin1"]
    return found[0] if found else None


def _groups(places: list[PlaceMention], text: str, offset: int) -> list[list[PlaceMention]]:
    groups: list[list[PlaceMention]] = []
    for p in places:
        if groups and GROUP_GLUE.match(text[groups[-1][-1].end - offset:p.start - offset]):
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def region_of(group: list[PlaceMention]) -> Region:
    """A group of places as a claim's region; FATA keeps its own name (monitors count it apart)."""
    names: list[str] = []
    for p in group:
        name = p.text if FATA_SURFACE.search(p.text) or SETTLED_SURFACE.search(p.text) else p.place.name
        if name not in names:
            names.append(name)
    first = group[0].place
    if len(names) == 1:
        fata = FATA_SURFACE.search(group[0].text) is not None or SETTLED_SURFACE.search(group[0].text) is not None
        return Region(
            name=names[0],
            country=first.country,
            admin1=first.admin1 if first.kind in {"admin1", "admin2", "place"} else None,
            admin2=None if fata else (first.admin2 if first.kind in {"admin2", "place"} else None),
        )
    return Region(name=" and ".join(names), country=first.country)


def _clauses(text: str) -> list[int]:
    """Start offsets (within the sentence) of its clauses."""
    return [0] + [m.start() for m in CLAUSE_BREAK.finditer(text)]


def clause_regions(sentence: Sentence, places: list[PlaceMention], quantities: list[QuantityMention]) -> dict[int, Region]:
    """The region of each figure (by ``id``) that its own clause names; empty when the sentence
    names at most one place group."""
    offset = sentence.start
    text = sentence.text
    named = [p for p in places if not (p.place.kind == "country" and len(places) > 1)]
    groups = _groups(named, text, offset)
    if len(groups) < 2 and not (groups and len(groups[0]) > 1 and "respectively" in text.lower()):
        return {}
    out: dict[int, Region] = {}
    if "respectively" in text.lower():
        for g in groups:
            if len(g) < 2:
                continue
            after = [q for q in quantities if q.start > g[-1].end]
            for kind in (True, False):
                same = [q for q in after if q.percent is kind]
                if len(same) == len(g):
                    for q, p in zip(same, g, strict=True):
                        out[id(q)] = region_of([p])
    starts = _clauses(text)

    def clause_index(pos: int) -> int:
        return max(i for i, s in enumerate(starts) if s <= pos - offset)

    group_clause = [clause_index(g[0].start) for g in groups]
    for q in quantities:
        if id(q) in out:
            continue
        # "Balochistan (38)", "Balochistan: 38"; not "... in FATA, 455 in Sindh"
        right_before = [p for p in named if 0 <= q.start - p.end <= 3 and RIGHT_BEFORE.fullmatch(text[p.end - offset:q.start - offset])]
        if right_before:
            out[id(q)] = region_of(right_before[-1:])
            continue
        ci = clause_index(q.start)
        here = [g for g, c in zip(groups, group_clause, strict=True) if c == ci]
        if here:
            best = min(here, key=lambda g: (min(abs(g[0].start - q.start), abs(g[-1].end - q.start)), g[0].start > q.start))
            out[id(q)] = region_of(best)
            continue
        before = [g for g, c in zip(groups, group_clause, strict=True) if c < ci]
        if before:
            out[id(q)] = region_of(before[-1])
    return out


# "ISLAMABAD 2024 proved ...", "PICSS Report: Islamabad, March 4, 2025": where and when a report was filed
DATED_AFTER = re.compile(r"^,?\s*(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},?\s+(?:19|20)\d\d\b")


def dateline_like(p: PlaceMention, text: str) -> bool:
    """A filing place the dateline reader misses: a capitalised city opening a paragraph with no
    colon ("ISLAMABAD 2024 proved"), or a place followed by a full date ("Islamabad, March 4, 2025")."""
    para_start = text.rfind("\n", 0, p.start) + 1
    if p.start == para_start and p.text.isupper() and len(p.text) > 3:
        return True
    return bool(DATED_AFTER.match(text[p.end:p.end + 30]))


def lead_region(doc: ArticleDoc) -> Region | None:
    """The province a provincial report is about: the one province its first paragraph names,
    when it names no other place of that level and not the country ("terrorist incidents
    dropped in Khyber Pakhtunkhwa, police figures show"). Its figures without a place of their
    own are that province's."""
    if not doc.sentences:
        return None
    first = doc.sentences[0].paragraph
    end = max(s.end for s in doc.sentences if s.paragraph == first)
    lead = [p for p in doc.places if p.start < end and not in_dateline(p, doc.text) and not dateline_like(p, doc.text)]
    if any(p.place.kind == "country" for p in lead):
        return None
    provinces = {p.place.admin1 for p in lead if p.place.kind in {"admin1", "admin2", "place"} and p.place.admin1}
    admin1 = [p for p in lead if p.place.kind == "admin1"]
    if len(provinces) != 1 or not admin1 or FATA_SURFACE.search(" ".join(p.text for p in lead)):
        return None
    place = admin1[0].place
    return Region(name=place.name, country=place.country, admin1=place.admin1 or place.name)


def default_region(places: list[PlaceMention]) -> Region:
    """The country the article is mostly about: the most named of Pakistan and Afghanistan."""
    counts: dict[str, int] = {}
    for p in places:
        if p.place.country:
            counts[p.place.country] = counts.get(p.place.country, 0) + 1
    if counts.get("AF", 0) > counts.get("PK", 0):
        return Region(name="Afghanistan", country="AF")
    return Region(name="Pakistan", country="PK")
