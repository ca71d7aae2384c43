"""Merge: decide whether a new report describes an incident already in the database (the
toll an incident shows is ``tolls.py``'s).

Pure functions over small typed records, so the rules can be tested without a database.

Two reports are the same incident when (all of):
1. their dates are within ``DATE_WINDOW_DAYS`` (or either is unknown and both come from
   articles published within that window); a background mention without a date (a follow-up
   story's "last week's attack") fits any day of the ``FOLLOW_UP_DAYS`` before its article;
2. they are in the same district, or, when one names only the province, the same province; or
   their coordinates lie within ``NEARBY_KM`` (a town and its district headquarters);
3. their event types are compatible (``COMPATIBLE``: the same, a bombing and a suicide
   bombing, or one of them ``other``); an attack repelled (armed assault or clash) and a
   security operation are one event only in the same district on the same or the next day;
   a bombing or a hijacking and an assault or operation (a complex attack: "suicide bombers"
   storming a base; a train hijacked and the operation that ended it) only there and then,
   sharing ``SIGNATURE_MIN`` words (``_complex_attack``);
4. their named perpetrators do not conflict (no two groups of different families both
   *claimed* it: a faction and its parent, IS-K and IS, are one family, ``actors.yaml``);
5. if both name a place below the district and the places differ, they are different
   incidents ("an IED in Domel" and "a shooting in Bannu city" on the same day); an incident's
   places are all those its main reports named (``ReportKey.places``: one report's "Lower
   Kurram" and another's "Parachinar" for one convoy attack), so a report naming any of them fits,
   and so does one whose signature mentions the other's place while they share another word
   (``_mentions``).

Two dated reports a few days apart (``DETAIL_WINDOW_DAYS``: a late story dated by its
publication, an attack dated by the day its toll was given) are one incident when rules 2 to 5
hold and they share at least ``SIGNATURE_MIN`` details (``shared_details``: the only bank attack
of Kunduz that week); so is a dated background mention and an attack of the ``FOLLOW_UP_DAYS``
before its article (a follow-up's "last Friday" resolved from the wrong day). The writer prefers
a candidate joined on the dates (``on_details``).

A report that gives no date, from a page that gives no publication date either (``timeless``),
has no days to go by: it joins an incident (or a timeless incident takes a report) on rules 2
to 5 and on what the two share beyond the key fields (``signature.py``: named places below the
district, named victims, quoted officials, what was attacked, a victims' toll of five or more):
at least ``SIGNATURE_MIN`` shared words, a shared place below the district counting
``SAME_PLACE_WEIGHT`` (once: its name is not counted again as a shared word) and a shared
word that no other candidate holds ``UNIQUE_WEIGHT`` when the two are placed as deep
(``shared_details``). The writer takes the candidate that shares most.

A report placed in the country only ("a blast in north-west Pakistan") joins an incident of
that country on rules 1, 3 to 5 and at least ``SIGNATURE_MIN`` shared details (``_country_only``);
when it has no such detail at all, a main one joins the one incident of its type in the country
and its days, or the one that holds most of their reports by far (``sole_candidate``). One with no days
to go by is compared with the country's recent incidents (``timeless.candidates``).

Two reports neither of which gives a date (rule 1's publication window alone) are two incidents
when both have signature words and share none (``_undated_apart``).

Whichever order the reports come in: a country-only headline with no detail stored first is
taken by a deeper report of its type and days when the country holds no other incident of that
type then (``bare_headline``, ``sole_candidate`` the other way round); a report of one article
placed in the province or country only that gives the toll of the one deeper report of the
article restates it and takes its incident (``restated``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import signature

DATE_WINDOW_DAYS = 1  # reports of one attack date it to the same day, or the next for late-night attacks
FOLLOW_UP_DAYS = 10  # an undated background mention: the attack it recalls is at most this old
# an attack that was repelled, told by one outlet as an assault and by the ISPR as an operation
ASSAULT_OR_OPERATION = frozenset({"armed_assault", "clash", "security_operation"})
DETAIL_WINDOW_DAYS = 3  # dated reports further apart than DATE_WINDOW_DAYS join only on shared details
NEARBY_KM = 25.0  # a town and its district's headquarters; two districts' centres are farther apart
SIGNATURE_MIN = 2  # shared distinctive words that make a timeless report one with an incident
SAME_PLACE_WEIGHT = 1  # a place below the district that both name counts as this many shared words
DOMINANT = 2  # a country-only report's sole candidate holds this many times any other's main reports
# a bombing and an assault told of one complex attack ("suicide bombers" storming a base), or a
# hijacking and the attack or rescue operation it is told as (the gold's rule: a hijacking and
# the operation against it are one incident): one event only in one district and days, sharing
# details (``_complex_attack``)
COMPLEX_ATTACK = (frozenset({"suicide_bombing", "bombing", "kidnapping"}), frozenset({"armed_assault", "clash", "security_operation"}))
UNIQUE_WEIGHT = 2  # a shared word that no other candidate incident holds (the only bank attack of the province)

# Event types that may describe the same event in different reports.
COMPATIBLE: dict[str, set[str]] = {
    "suicide_bombing": {"suicide_bombing", "bombing", "other"},
    "bombing": {"bombing", "suicide_bombing", "other"},
    "armed_assault": {"armed_assault", "targeted_killing", "clash", "other"},
    "targeted_killing": {"targeted_killing", "armed_assault", "other"},
    "clash": {"clash", "armed_assault", "security_operation", "other"},
    "security_operation": {"security_operation", "clash", "other"},
    "kidnapping": {"kidnapping", "other"},
    "airstrike": {"airstrike", "other"},
    "other": {"suicide_bombing", "bombing", "armed_assault", "targeted_killing", "clash", "security_operation", "kidnapping", "airstrike", "other"},
}


_Date = date  # inside ReportKey's body, "date" names its field


@dataclass(frozen=True)
class ReportKey:
    """What merging looks at in a report or an incident."""

    date: date | None
    published: _Date | None
    place: str | None
    admin2: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    event_type: str
    claimed_by: frozenset[str] = frozenset()
    background: bool = False  # a mention in a story about something else (a funeral, a probe)
    # the shared-detail signature (``signature.py``); not part of the key's identity, so that a
    # report stored before signatures still finds its incident again on re-extraction
    terms: frozenset[str] = field(default=frozenset(), compare=False)
    # an incident's places below the district, as its main reports named them (lower case)
    places: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def timeless(self) -> bool:
        """Neither the report's date nor its article's publication date is known."""
        return self.date is None and self.published is None


def _km(a: ReportKey, b: ReportKey) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _follow_up_fits(undated: ReportKey, dated: ReportKey) -> bool:
    """An undated background mention recalls an attack of the days before its article."""
    if undated.published is None or dated.date is None:
        return False
    return 0 <= (undated.published - dated.date).days <= FOLLOW_UP_DAYS


def _dates_close(a: ReportKey, b: ReportKey) -> bool:
    if a.date is not None and b.date is not None:
        return abs((a.date - b.date).days) <= DATE_WINDOW_DAYS
    if a.date is None and a.background and b.date is not None:
        return _follow_up_fits(a, b)
    if b.date is None and b.background and a.date is not None:
        return _follow_up_fits(b, a)
    ref_a, ref_b = a.date or a.published, b.date or b.published
    if ref_a is None or ref_b is None:
        return False
    return abs((ref_a - ref_b).days) <= DATE_WINDOW_DAYS + 1


def _places_agree(a: ReportKey, b: ReportKey) -> bool:
    if a.country and b.country and a.country != b.country:
        return False
    if a.admin2 and b.admin2:
        if a.admin2 == b.admin2:
            return True
        distance = _km(a, b)
        return distance is not None and distance <= NEARBY_KM
    if a.admin1 and b.admin1:
        return a.admin1 == b.admin1
    return False


def _country_only(a: ReportKey, b: ReportKey) -> bool:
    """One of the two is placed in the country only ("a blast in north-west Pakistan"), both in
    one country: the places cannot tell, the shared details must."""
    if not a.country or a.country != b.country:
        return False
    return not (a.admin1 or a.admin2) or not (b.admin1 or b.admin2)


def _local_place(k: ReportKey) -> str | None:
    if not k.place or k.place.lower() in {(k.admin2 or "").lower(), (k.admin1 or "").lower()}:
        return None
    return k.place.lower()


def local_places(k: ReportKey) -> frozenset[str]:
    """The places below the district that a report names, or an incident's reports named."""
    place = _local_place(k)
    return k.places | {place} if place is not None else k.places


def _mentions(k: ReportKey, other: ReportKey, place: str) -> bool:
    """``k``'s signature holds the words of the place ``other`` names, and the two share another
    word besides (a place's name may be a common word: "Police Lines", "Kurram Agency")."""
    named = signature.place_words(place)
    return bool(named) and named <= k.terms and bool(signature.words(k.terms & other.terms) - named)


def _sub_district_places_differ(a: ReportKey, b: ReportKey) -> bool:
    pa, pb = _local_place(a), _local_place(b)
    if pa is None or pb is None or pa == pb:
        return False
    if local_places(a) & local_places(b):  # one of the incident's reports named the other's place
        return False
    if _mentions(a, b, pb) or _mentions(b, a, pa):  # "a convoy bound for Parachinar attacked in Lower Kurram"
        return False
    distance = _km(a, b)
    return distance is None or distance > 5.0


def _complex_types(a: ReportKey, b: ReportKey) -> bool:
    """One told as a bombing, the other as an assault or the operation that repelled it, in one
    district on the same or the next day (``COMPLEX_ATTACK``): whether the two may be one
    attack if their details agree (``_complex_attack``)."""
    bombs, fights = COMPLEX_ATTACK
    kinds = {a.event_type, b.event_type}
    return (bool(kinds & bombs) and bool(kinds & fights) and a.admin2 is not None and a.admin2 == b.admin2
            and a.date is not None and b.date is not None and abs((a.date - b.date).days) <= DATE_WINDOW_DAYS)


def _complex_attack(a: ReportKey, b: ReportKey) -> bool:
    """Gunmen in suicide vests storm a base: one outlet tells a suicide bombing, another an
    assault or an operation. One attack when ``_complex_types`` holds and the two share at
    least ``SIGNATURE_MIN`` words (not a toll: two attacks of a district may share a figure)."""
    return _complex_types(a, b) and len(signature.words(a.terms & b.terms)) >= SIGNATURE_MIN


def _types_agree(a: ReportKey, b: ReportKey) -> bool:
    if b.event_type in COMPATIBLE.get(a.event_type, {a.event_type}):
        return True
    if {a.event_type, b.event_type} <= ASSAULT_OR_OPERATION:
        # an attack repelled and the operation that repelled it: one event at one place and time
        return (a.admin2 is not None and a.admin2 == b.admin2 and a.date is not None and b.date is not None
                and abs((a.date - b.date).days) <= DATE_WINDOW_DAYS)
    return False


@functools.lru_cache(maxsize=1)
def _actors():  # noqa: ANN202 - the bundled actors, loaded once
    from ..resources.actors import load_actors

    return load_actors()


def family(name: str) -> str:
    """A group's family: itself, or the parent its faction belongs to (IS-K -> IS)."""
    return _actors().family(name)


def _claims_conflict(a: ReportKey, b: ReportKey) -> bool:
    if not a.claimed_by or not b.claimed_by:
        return False
    return not {family(n) for n in a.claimed_by} & {family(n) for n in b.claimed_by}


def shared_details(a: ReportKey, b: ReportKey, unique: frozenset[str] = frozenset()) -> int:
    """What two reports share beyond the key fields: their signatures' common words, and a place
    below the district that both name (``SAME_PLACE_WEIGHT``). A common word in ``unique``, which
    no other candidate holds, counts ``UNIQUE_WEIGHT`` when the two are placed as deep (the same
    district, or both only the province): a province-wide round-up is not the only incident of a
    district that it shares a word with."""
    place = _local_place(a)
    same_place = place is not None and place == _local_place(b)
    common = a.terms & b.terms
    if same_place and place is not None:  # the place counts once, not again as its signature's word
        common -= signature.place_words(place)
    rare = len(common & unique) if a.admin2 == b.admin2 else 0
    return len(common) + (UNIQUE_WEIGHT - 1) * rare + SAME_PLACE_WEIGHT * same_place


def same_incident(a: ReportKey, b: ReportKey, unique: frozenset[str] = frozenset()) -> bool:
    """True when two reports describe one incident (see the module docstring); ``unique``: the
    words only one of the candidates holds (``shared_details``)."""
    if a.timeless or b.timeless:
        return _timeless_match(a, b, unique)
    shallow = _country_only(a, b)
    types = _types_agree(a, b) or _complex_attack(a, b)
    if not (shallow or _places_agree(a, b)) or not types or _claims_conflict(a, b):
        return False
    if _undated_apart(a, b) or _sub_district_places_differ(a, b):
        return False
    if _dates_close(a, b) and not shallow:
        return True
    # two distinct shared words: a word no other candidate holds counts twice only for a report
    # with no days to go by (a candidate a few days off is one of many the days' query read)
    return (_dates_close(a, b) or _near_in_time(a, b)) and shared_details(a, b) >= SIGNATURE_MIN


def sole_candidate(key: ReportKey, candidates: Sequence[tuple[ReportKey, int]]) -> int | None:
    """Which of the candidates a main report placed in the country only joins when it has no
    detail to tell by (a headline's "suicide bombing in Pakistan kills 16", and nothing more;
    one that names a scene or a person, "two soldiers shot at a market", has): the one
    incident of the country in its days (rule 1) of the same event type (not ``other``) whose
    claims do not conflict, or of several, the one holding at least ``DOMINANT`` times the main
    reports of any other (the attack every outlet reports that day). ``candidates``: each
    incident's key and the main reports it holds; the answer is an index into them, or None."""
    if key.admin1 or key.admin2 or not key.country or key.background or key.event_type == "other":
        return None
    if signature.words(key.terms):  # details of its own, which the candidates did not share
        return None
    fits = sorted(((held, index) for index, (other, held) in enumerate(candidates)
                   if other.country == key.country and other.event_type == key.event_type
                   and _dates_close(key, other) and not _claims_conflict(key, other)), reverse=True)
    if not fits:
        return None
    if len(fits) == 1 or fits[0][0] >= DOMINANT * max(1, fits[1][0]):
        return fits[0][1]
    return None


def bare_headline(key: ReportKey, candidate: ReportKey) -> bool:
    """``sole_candidate`` the other way round: ``candidate`` is an incident placed in the country
    only with no detail of its own (a headline's "suicide bombing in Pakistan kills 16", stored
    first), and ``key`` a main report placed deeper, of its type (not ``other``) and days, whose
    claims do not conflict. The report takes it when, besides the incident the report joins, the
    country holds no other incident of that type in the candidate's days (the writer counts
    them: ``sole_candidate`` would have chosen the report's incident had the headline come
    second)."""
    if not candidate.country or candidate.admin1 or candidate.admin2 or candidate.event_type == "other":
        return False
    if key.background or not (key.admin1 or key.admin2) or key.country != candidate.country:
        return False
    if key.event_type != candidate.event_type or signature.words(candidate.terms) or _claims_conflict(key, candidate):
        return False
    return _dates_close(key, candidate)


def bare_headline_days(candidate: ReportKey) -> tuple[_Date, _Date] | None:
    """The days in which another incident of its type would make ``candidate`` (``bare_headline``)
    ambiguous: those ``_dates_close`` allows around its date, or its publication's."""
    ref = candidate.date or candidate.published
    if ref is None:
        return None
    window = DATE_WINDOW_DAYS if candidate.date is not None else DATE_WINDOW_DAYS + 1
    return ref - timedelta(days=window), ref + timedelta(days=window)


def _restates(shallow: ReportKey, deep: ReportKey) -> bool:
    """Two main reports of one article, ``shallow`` placed in the province or the country only and
    ``deep`` in a district of it, of compatible types and days, whose claims do not conflict and
    which give the same victims' toll of ``signature.FIGURE_MIN`` or more: the headline or lead
    and the body telling one attack ("an attack on a check post kills 16 in the province"; "16
    soldiers were martyred in Makeen, South Waziristan")."""
    if shallow.background or deep.background or shallow.admin2 is not None or deep.admin2 is None:
        return False
    if not shallow.country or shallow.country != deep.country or shallow.admin1 not in (None, deep.admin1):
        return False
    if deep.event_type not in COMPATIBLE.get(shallow.event_type, {shallow.event_type}) or _claims_conflict(shallow, deep):
        return False
    if shallow.date is not None and deep.date is not None and _days_apart(shallow, deep) > DATE_WINDOW_DAYS:
        return False
    return bool((shallow.terms - signature.words(shallow.terms)) & (deep.terms - signature.words(deep.terms)))


def restated(keys: Sequence[ReportKey]) -> dict[int, int]:
    """The reports of one article that restate another of it (``_restates``): each one's position,
    to the position of the one deeper report it restates (none when it restates several). The
    writer gives such a report the incident the deeper one joins, whichever comes first: the
    extractor told them apart, but only their depth differs."""
    out: dict[int, int] = {}
    for position, key in enumerate(keys):
        deeper = [other for other, candidate in enumerate(keys) if other != position and _restates(key, candidate)]
        if len(deeper) == 1:
            out[position] = deeper[0]
    return out


def _recalls(mention: ReportKey, dated: ReportKey) -> bool:
    """A background mention with a date of its own recalls an attack of the days before its
    article (its "last Friday" is often resolved from the wrong day)."""
    return mention.background and mention.date is not None and _follow_up_fits(mention, dated)


def _near_in_time(a: ReportKey, b: ReportKey) -> bool:
    """Dated a few days apart (``DETAIL_WINDOW_DAYS``), or a dated background mention and an
    attack of the days before its article: close enough to join on shared details."""
    return _days_apart(a, b) <= DETAIL_WINDOW_DAYS or _recalls(a, b) or _recalls(b, a)


def _days_apart(a: ReportKey, b: ReportKey) -> int:
    """Days between two dated reports (a large number when either has no date)."""
    if a.date is None or b.date is None:
        return 1 << 30
    return abs((a.date - b.date).days)


def on_details(a: ReportKey, b: ReportKey) -> bool:
    """Whether joining the two rests on their shared details rather than on their days: one has
    no days to go by, both are dated further apart than ``DATE_WINDOW_DAYS``, or one is placed
    in the country only. The writer
    takes such a candidate only when none joins on the days, the one sharing most."""
    return a.timeless or b.timeless or _days_apart(a, b) > DATE_WINDOW_DAYS or _country_only(a, b)


def needs_state(a: ReportKey, b: ReportKey) -> bool:
    """Whether only the candidate incident ``b``'s merge state (its places and signature, which
    the writer's candidate rows leave out) can tell if ``a`` joins it: the key fields agree but
    the two name different places below the district, or are dated a few days apart."""
    if a.timeless or b.timeless or _claims_conflict(a, b):
        return False
    if not _types_agree(a, b):
        return _complex_types(a, b)  # only the two signatures can tell
    if _country_only(a, b):
        return _dates_close(a, b) or _near_in_time(a, b)
    if not _places_agree(a, b):
        return False
    return _sub_district_places_differ(a, b) or (not _dates_close(a, b) and _near_in_time(a, b))


def _undated_apart(a: ReportKey, b: ReportKey) -> bool:
    """Neither gives a date (the publication window alone joins them), both have a signature,
    and they share nothing, neither a word nor a toll: two attacks of the district in those days.
    (Differing tolls tell nothing, a toll may rise from one to the other; the same toll of
    ``signature.FIGURE_MIN`` or more is shared.)"""
    if a.date is not None or b.date is not None or a.background or b.background:
        return False
    mine, theirs = signature.words(a.terms), signature.words(b.terms)
    return bool(mine) and bool(theirs) and not a.terms & b.terms


def _timeless_match(a: ReportKey, b: ReportKey, unique: frozenset[str] = frozenset()) -> bool:
    """One of the two has no days to go by: the places, types and claims must agree, and the two
    must share enough details (the module docstring)."""
    if not (_places_agree(a, b) or _country_only(a, b)) or _claims_conflict(a, b) or _sub_district_places_differ(a, b):
        return False
    if b.event_type not in COMPATIBLE.get(a.event_type, {a.event_type}):
        return False
    return shared_details(a, b, unique) >= SIGNATURE_MIN
