"""Places: find gazetteer names in the text and resolve each to one place.

Matching is on capitalised word sequences of up to six words, longest first, against the
gazetteer's names and the hand-checked aliases. Ambiguity is settled by context:
- a following "river" or "agency road" makes a name not a place ("Kurram river"), and so does a
  capitalised "Road" or "Stop" (a city's street named after a town: "Pishin Stop" in Quetta);
- a place located by its distance from another ("Nasirabad, 40 km from Turbat") is the namesake
  near it;
- "X district" prefers the district, "X city/town" and "the city of X" the town, and a name
  hinted one way anywhere in the article is read that way at its bare mentions too;
- "the Afghan capital", "the federal capital" are Kabul and Islamabad;
- a province's name that is also its capital's ("Kandahar") is the city when nothing says
  "province" (not Kabul or Islamabad, whose bare names often stand for the governments);
- a name with several candidates prefers one inside a province or district named in the same
  article, then Pakistan and Afghanistan over other countries, then the larger population.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ..models import Place, Sentence
from ..models.mentions import PlaceMention
from ..resources import Gazetteer, normalise_place
from .base import ArticleDoc

MAX_NAME_WORDS = 6
_WORD = re.compile(r"[A-Z][\w’'.-]*|(?<=\s)(?:of|al|ul|e|i|and|el|de)(?=\s)|\[[A-Z][\w]*\]")
# ("the Tirah valley", "Swat valley" are that place's country: a valley keeps its place)
NOT_PLACE_AFTER = re.compile(r"\s+(?:river|rivers|agency road|pass road|-based|based)\b", re.IGNORECASE)
# "Pishin Stop", "Warsak Road", "Kohat-Parachinar Road": a street or stop of a city named after a town
# it leads to, not that town (capitalised: the street's proper name)
STREET_AFTER = re.compile(r"\s(?:Road|Stop)\b")
# Capitalised words that are names of things other than places even when a place shares them.
NOT_PLACE_WORDS = frozenset({"may", "march", "police", "the", "a", "an", "he", "she", "it", "in", "on", "at", "chinese", "army"})
HOME_COUNTRIES = ("PK", "AF")
# Capitals named by their country's adjective, with no name ("a suicide bombing in the Afghan capital").
CAPITALS = {"afghan": "Kabul", "afghanistan's": "Kabul", "afghanistan’s": "Kabul", "pakistani": "Islamabad",
            "pakistan's": "Islamabad", "pakistan’s": "Islamabad", "federal": "Islamabad"}
NATIONAL_CAPITALS = frozenset(CAPITALS.values())
CAPITAL = re.compile(r"\bthe (?P<whose>Afghan|Afghanistan[’']s|Pakistani|Pakistan[’']s|federal) capital\b(?!,? (?:Kabul|Islamabad))",
                     re.IGNORECASE)


def _candidates_spans(text: str) -> list[tuple[int, int]]:
    """Start/end of runs of capitalised words (with short joiners like 'of', 'e', 'al')."""
    spans = []
    for m in re.finditer(r"[A-Z][\w’'.]*(?:(?:[ -](?:of |al-|ul-|e-|i-|e |al |ul )?)[A-Z][\w’'.]*)*", text):
        spans.append((m.start(), m.end()))
    return spans


def _choose(candidates: list[Place], *, context_admin1: Counter[str], context_admin2: Counter[str], hint: str | None) -> Place:
    # a province named after its capital ("Kandahar", "Kunduz"): a bare name is the city, as news
    # names a province by its word ("Kandahar province")
    capitals = {p.name for p in candidates if p.kind == "admin1"}

    def score(p: Place) -> tuple[int, int, int, int, int]:
        kind_pref = 0
        if hint == "district" and p.kind == "admin2":
            kind_pref = 2
        elif hint == "province" and p.kind == "admin1":
            kind_pref = 2
        elif hint == "town" and p.kind == "place":
            kind_pref = 2
        elif hint is None and p.kind == "place" and p.name in capitals and p.admin1 == p.name and p.name not in NATIONAL_CAPITALS:
            kind_pref = 2  # not Kabul or Islamabad, whose bare names often stand for the governments
        elif p.kind in {"admin1", "country"}:
            kind_pref = 1
        return (
            kind_pref,
            context_admin2.get(p.admin2 or "", 0) + context_admin1.get(p.admin1 or "", 0),
            1 if p.country in HOME_COUNTRIES else 0,
            1 if p.kind in {"admin2", "place"} and p.admin2 else 0,
            p.population,
        )

    return max(candidates, key=score)


WORD = re.compile(r"\S+")


def link_places(text: str, sentences: list[Sentence], gazetteer: Gazetteer) -> list[PlaceMention]:
    """Every place name in ``text`` resolved to one gazetteer place."""
    raw: list[tuple[int, int, str, list[Place], str | None]] = []
    for s, e in _candidates_spans(text):
        words = list(WORD.finditer(text[s:e]))
        i = 0
        while i < len(words):
            matched = False
            for j in range(min(len(words), i + MAX_NAME_WORDS), i, -1):
                start = s + words[i].start()
                end = s + words[j - 1].end()
                surface = text[start:end].rstrip(".,;:’'_").strip("[]")
                if surface.endswith(("’s", "'s")):
                    surface = surface[:-2]
                key = normalise_place(surface)
                if not key or key in NOT_PLACE_WORDS or (key not in gazetteer.by_name and key not in gazetteer.aliases):
                    continue
                found = gazetteer.by_name.get(key, []) + gazetteer.aliases.get(key, [])
                if not found:
                    continue
                end = start + len(surface) + (1 if text[start:start + 1] == "[" else 0)
                if text[start] == "[":
                    start += 1
                    end = start + len(surface)
                if NOT_PLACE_AFTER.match(text, end) or STREET_AFTER.match(text, end):
                    break
                after = text[end:end + 12].lower()
                hint = (
                    "district" if after.startswith((" district", " agency", " tribal district"))
                    else "province" if after.startswith(" province")
                    else "town" if after.startswith((" city", " town", " tehsil", " village", " area"))
                    or text[max(0, start - 16):start].lower().endswith(("city of ", "town of ", "village of "))
                    else None
                )
                raw.append((start, end, text[start:end], found, hint))
                i = j
                matched = True
                break
            if not matched:
                i += 1
    bare = {start for start, _, _, _, hint in raw if hint is None}  # before a name's hint is shared with its bare mentions
    raw = _shared_hints(raw)
    admin1_ctx: Counter[str] = Counter()
    admin2_ctx: Counter[str] = Counter()
    for _, _, _, found, _ in raw:
        if len(found) == 1 or all(p.admin1 == found[0].admin1 for p in found):
            if found[0].admin1:
                admin1_ctx[found[0].admin1] += 1
        kinds = {p.kind for p in found}
        if kinds == {"admin2"} or (len(found) == 1 and found[0].admin2):
            admin2_ctx[found[0].admin2 or ""] += 1
    mentions = []
    for start, end, surface, found, hint in raw:
        place = _choose(found, context_admin1=admin1_ctx, context_admin2=admin2_ctx, hint=hint)
        mentions.append(PlaceMention(start=start, end=end, text=surface, place=place))
    mentions = _anchored_by_distance(text, mentions, {start: found for start, _, _, found, _ in raw},
                                     bare=bare)
    mentions.extend(_capitals(text, gazetteer))
    return sorted(mentions, key=lambda m: m.start)


# "Nasirabad, 40 kilometres from Turbat", "Daraban, about 60 km south of Dera Ismail Khan"
DISTANCE_FROM = re.compile(
    r",?\s+(?:about\s+|around\s+|some\s+|nearly\s+|approximately\s+|roughly\s+)?(?P<n>\d{1,3})\s*(?:km|kms|kilomet(?:re|er)s?)"
    r"\s+(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?(?:from|of)\s+(?:the\s+)?$",
    re.IGNORECASE)
DISTANCE_SLACK_KM = 30  # how far a candidate may lie beyond the stated distance (centroids and rounding)


def _km(a: Place, b: Place) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _anchored_by_distance(text: str, mentions: list[PlaceMention], candidates: dict[int, list[Place]],
                          bare: set[int]) -> list[PlaceMention]:
    """A place the text locates by its distance from another ("Nasirabad, 40 kilometres from
    Turbat") is the namesake lying that far from it: the candidate nearest the anchor within the
    stated distance (plus slack), else, when every candidate lies farther (the district of the
    same name 600 km away), a place of that name in the anchor's district. The article means that
    place by the name's other bare mentions too (``bare``: the starts of mentions with no
    "district", "province" or "city" after them)."""
    out = list(mentions)
    anchored: dict[str, Place] = {}
    for i, m in enumerate(mentions[:-1]):
        anchor = mentions[i + 1]
        gap = DISTANCE_FROM.fullmatch(text[m.end:anchor.start])
        if gap is None or anchor.place.kind not in {"place", "admin2"} or anchor.place.country not in HOME_COUNTRIES:
            continue
        reach = int(gap.group("n")) + DISTANCE_SLACK_KM
        near = [(d, p) for p in candidates.get(m.start, [m.place]) if (d := _km(p, anchor.place)) is not None and d <= reach]
        if near:
            place = min(near, key=lambda t: t[0])[1]
        else:
            a = anchor.place
            place = Place(id=f"{a.id}~{normalise_place(m.text)}", name=m.text, kind="place", admin2=a.admin2, admin1=a.admin1,
                          country=a.country, iso3166_2=a.iso3166_2, lat=None, lon=None)
        out[i] = PlaceMention(start=m.start, end=m.end, text=m.text, place=place)
        anchored[normalise_place(m.text)] = place
    if anchored:
        out = [PlaceMention(start=m.start, end=m.end, text=m.text, place=anchored[key])
               if m.start in bare and (key := normalise_place(m.text)) in anchored else m for m in out]
    return out


def _shared_hints(raw: list[tuple[int, int, str, list[Place], str | None]]) -> list[tuple[int, int, str, list[Place], str | None]]:
    """An article means one thing by one name: where a name carries a single kind of hint
    somewhere ("central Kandahar city"), its bare mentions ("Afghanistan's Kandahar") take it
    too. Where the article also says "X province" (often an official's title), the city still
    wins for the bare mentions: news names a province by its word and a city bare."""
    hints: dict[str, set[str]] = {}
    for _, _, surface, _, hint in raw:
        if hint:
            hints.setdefault(normalise_place(surface), set()).add(hint)
    out = []
    for start, end, surface, found, hint in raw:
        named = hints.get(normalise_place(surface), set())
        if named == {"province"} and any(p.kind == "place" and p.admin1 == p.name for p in found):
            named = set()  # "Kunduz province" somewhere, "in Kunduz" bare: the capital (see the docstring)
        if hint is None and named:
            hint = "town" if "town" in named else next(iter(named)) if len(named) == 1 else None
        out.append((start, end, surface, found, hint))
    return out


def _capitals(text: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    """'the Afghan capital', 'the federal capital': the capital city the words name (wire copy
    names Kabul and Islamabad so, without the name)."""
    found = []
    for m in CAPITAL.finditer(text):
        name = CAPITALS[m.group("whose").lower()]
        candidates = gazetteer.by_name.get(normalise_place(name), [])
        if candidates:  # resolved as the name itself would be
            place = _choose(candidates, context_admin1=Counter(), context_admin2=Counter(), hint=None)
            found.append(PlaceMention(start=m.start("whose"), end=m.end(), text=m.group(0)[m.start("whose") - m.start():], place=place))
    return found


DATELINE = re.compile(r"^[A-Z][A-Z .'/-]+(?:,[^:]{0,30})?[:(–-]")
# "Islamabad:The ...", "Islamabad : During ...": a colon, then a sentence (not "Balochistan: 48 attacks")
TITLE_DATELINE = re.compile(r"\s?:\s*[A-Z][a-z]")
MIN_DATELINED_PARAGRAPH = 80  # a dateline opens a paragraph of text, not a short heading or a list item
MIN_BODY_PARAGRAPH = 120  # a paragraph this long before it is the body's (titles, bylines and captions are shorter)


def in_dateline(p: PlaceMention, text: str) -> bool:
    """'RAWALPINDI/MIRAMSHAH:' or '[Islamabad]' at a paragraph's start says where the report
    was filed, not where anything happened."""
    para_start = text.rfind("\n", 0, p.start) + 1
    if p.start - para_start > 40:
        return False
    if text[para_start] == "[" and "]" in text[p.end:p.end + 2]:
        return True
    para_end = text.find("\n", p.end)
    if p.start == para_start and TITLE_DATELINE.match(text[p.end:p.end + 6]) \
            and (para_end if para_end >= 0 else len(text)) - para_start >= MIN_DATELINED_PARAGRAPH \
            and not any(len(line) >= MIN_BODY_PARAGRAPH for line in text[:para_start].split("\n")):
        # "Islamabad:The third quarter saw ...": the dateline in title case, run into its sentence, at
        # the body's start (not "Dera Ismail Khan: The district reported 52 incidents" in a list)
        return True
    return bool(DATELINE.match(text[para_start:p.end + 40])) and p.text.isupper()


class PlaceStage:
    name = "places"
    requires = ("clean", "sentences")
    provides = ("places", "title_places")

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        doc.places = link_places(doc.text, doc.sentences, self.gazetteer)
        title = doc.clean.title if doc.clean else None
        doc.title_places = link_places(title, [], self.gazetteer) if title else []
        return doc
