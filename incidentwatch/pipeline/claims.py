"""Claims: statistical statements ("according to CRSS, 380 people were killed in Q2 2024").

Reads sentences, time expressions, quantities, places and actors; writes ``Claim``s.

A number becomes a claim when it counts a metric (incidents, attacks, operations, arrests,
the killed or injured, a share or a change in percent) and the sentence is statistical: it
names a period (a year, a quarter, "this year", "the past 48 hours"), or it is attributed to a
monitor, or it follows such a sentence in the same paragraph. Source and period carry over
from one sentence to the next inside a paragraph; "the report" refers back to the last source
named. A single event ("a suicide bomber killed seven") is an incident, not a claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from ..models import (
    Claim,
    DatePrecision,
    Metric,
    Period,
    Qualifier,
    Region,
    Sentence,
    Span,
    Unit,
    VictimCategory,
)
from ..models.claim import is_usable_value
from ..models.mentions import ActorMention, PlaceMention, QuantityMention, TemporalMention
from ..resources import ActorLexicon, Taxonomy
from .actors import build_alias_index, find_actors
from .base import ArticleDoc, within
from .claim_breakdowns import read_breakdown, totals_before_parts
from .claim_metrics import bare_number_metric, refine_killed, subject_metric
from .claim_named_sources import named_sources
from .claim_periods import (
    part_of_year_periods,
    subject_month_periods,
    unfixable_own_year,
    whole_months,
    year_just_ended,
    year_so_far,
)
from .claim_regions import (
    FATA_SURFACE,
    MAINLAND,
    SETTLED_SURFACE,
    clause_regions,
    dateline_like,
    default_region,
    kp_parts,
    lead_region,
    region_of,
)
from .claim_sources import BACK_REFERENCE, ClaimOrigin, backfill_sources, document_source, publisher_mentions
from .places import in_dateline
from .quantities import MAX_QUANTITY
from .tolls import NOT_PEOPLE, TollItem, categorise, read_tolls

COUNT_METRICS: list[tuple[re.Pattern[str], Metric]] = [
    (re.compile(r"\b(?:incidents?|instances|terrorist acts|acts of terrorism|acts of violence|violent events|events)\b"), Metric.INCIDENTS),
    (re.compile(r"\b(?:attacks?|assaults?|bombings?|blasts?|strikes)\b"), Metric.ATTACKS),
    (re.compile(r"\b(?:operations?|ibos?|raids?)\b"), Metric.OPERATIONS),
    (re.compile(r"\b(?:arrests?|suspects?|arrested|detained|apprehended|nabbed)\b"), Metric.ARRESTED),
]
ARRESTED_BEFORE = re.compile(r"\b(?:arresting|arrested|apprehended|apprehending|detained|detaining|nabbed|held|(?:the )?arrests? of)\s+(?:at least |over |more than |nearly |some |about )?$", re.IGNORECASE)
# A percentage is a violence statistic only in a sentence about violence (not "exports rose 9 percent").
VIOLENCE_WORDS = re.compile(r"\b(?:attack|incident|violence|violent|killed|kill|death|fatalit|terror|militan|operation|casualt|martyr|insurgen|bomb|blast|injur)\w*", re.IGNORECASE)
INJURING_BEFORE = re.compile(r"\b(?:inflicting|inflicted|causing|caused)\s+(?:\w+\s+)?injuries\s+(?:on|to)\s+(?:at least |over |more than |some |about )?$", re.IGNORECASE)
ARRESTED_AFTER = re.compile(r"^[\s,]*(?:(?:were|was|have been|had been|also)\s+)*(?:arrested|detained|apprehended|taken into custody|arrests)\b", re.IGNORECASE)
PERCENT_CHANGE = re.compile(
    r"\b(?P<dir>drop(?:ped|ping|s)?|decline[ds]?|declining|decrease[ds]?|decreasing|fell|fall(?:ing|en)?|down|reduc(?:ed|tion|ing)|"
    r"lower|dip(?:ped)?|plunged?|rise|rose|rising|risen|increase[ds]?|increasing|up|jump(?:ed)?|surge[ds]?|surging|spike[ds]?|"
    r"higher|grew|grow(?:th|n)?|escalat(?:ed|ion)|upticks?|upswings?|hikes?|downturns?|downswings?)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
DOWN_WORDS = re.compile(r"^(?:drop|declin|decreas|fell|fall|down|reduc|lower|dip|plung|fewer|less)", re.IGNORECASE)
REPORT_REFERENCE = re.compile(r"\b(?:the|its|this|their) (?:[\w-]+ )?(?:report|study|data|survey|figures|statistics|review|findings|document|think[- ]tank|institute|centre|center|portal|ministry|minister|department|reply|assessment|monitor)\b|\baccording to (?:the )?(?:report|data|figures)\b", re.IGNORECASE)
PEACE_COMMITTEE = re.compile(r"^(?:pro-government\s+)?(?:peace committee|aman lashkar|razakar)", re.IGNORECASE)
PRONOUN_SAID = re.compile(r"\b(?:he|she)\s+(?:said|added|told|stated|noted|revealed|disclosed|explained|maintained)\b|"
                          r"\b(?:said|added|told|stated)\s+(?:he|she)\b", re.IGNORECASE)
ATTRIBUTION = re.compile(r"\b(?:according to|said|says|reported|recorded|documented|compiled|noted|showed|shows|revealed|stated|released)\b", re.IGNORECASE)
# Not statistics: averages, rates, foiled attacks, lumped casualties, zeros.
NOT_A_STATISTIC = re.compile(r"\b(?:per (?:day|week|month|quarter|year)|every (?:(?:second|other|third|few|single)\s+)?(?:day|week|month|quarter|year|hour|minute)s?\b|every \d|average|casualt|daily|on (?:a )?daily basis)\b",
                             re.IGNORECASE)
# a bare "from" breaks only before what a comparison starts from (a number, a period): "deaths from
# terrorism in 2024" is one clause
FROM_COMPARED = (r"from(?=\s+(?:(?:about|around|nearly|over|some|at least|just|only|a mere)\s+)?(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                 r"eleven|twelve|a (?:year|month|quarter)|the (?:previous|last|preceding|same|first|second|third|fourth|corresponding)|last|previous|"
                 r"january|february|march|april|may|june|july|august|september|october|november|december|q[1-4])\b))")
SEGMENT_BREAK = re.compile(r"\b(?:compared (?:to|with)|as against|against|an? (?:increase|decrease|rise|drop|decline) from|up from|down from|"
                           + FROM_COMPARED + r")\b|—|–| -{1,2} ", re.IGNORECASE)
STAT_VERBS = re.compile(r"\b(?:recorded|registered|reported|witnessed|saw|documented|were killed|lost their lives|accounted)\b", re.IGNORECASE)
COMPARED_TO = re.compile(r"\b(?:compared (?:to|with)|as against|against|up from|down from|from|than|over)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# "Of the fatalities, 378 were militants", "The attacks claimed 92 lives": figures about figures
REFERS_TO_FIGURES = re.compile(r"^\s*(?:of|among) (?:the|those) (?:[\w-]+ ){0,2}?(?:fatalities|dead|deaths|killed|victims|injured|casualties)\b|\b(?:the|these|such) (?:\w+ )?(?:attacks|incidents|operations)\b"
                               # "gunned down during these counter terrorism measures": a campaign's sum
                               r"|\b(?:these|such) (?:[\w-]+ ){0,3}(?:measures|actions|efforts|campaigns)\b", re.IGNORECASE)
# "from 17 in July" compares; "from 640 terror attacks ... in 2024" says where the dead came from
COMPARISON_BEFORE = re.compile(r"\b(?:(?:half|double|twice|thrice|triple) (?:the )?(?:number|figure|total|tally|count)|compared (?:to|with)|contrasted with|in (?:comparison|contrast)(?: (?:to|with))?|as against|against|than|(?:up|down) from|from(?!\s+(?:at least |over |about |nearly )?[\d,]+\s+(?!in\b|during\b)[a-z]{3,})|"
                               r"over(?!\s+(?!(?:19|20)\d\d\b)\d)|previous|preceding)\b[^.;]{0,50}$", re.IGNORECASE)  # "over 1,400 were injured" is no comparison
SAID_BEFORE = re.compile(r"\b(?:said|told|stated|added|announced|confirmed)\s+$", re.IGNORECASE)  # "officials said on Tuesday"
SERIES = re.compile(r"\b(?:a|the) (?:series|wave|spate|string) of (?:[\w-]+ ){0,3}(?:attacks|bombings|blasts|explosions|ambushes)\b", re.IGNORECASE)
# "Two attacks happened in Sindh including a major attack in Karachi": a count of events that names
# one of them, the paragraph's province all the same
EVENTS_COUNTED = re.compile(r"^\W*(?:two|three|four|five|six|seven|eight|nine|ten|several|multiple|[\d,]+)\s+(?:[\w-]+\s+)?"
                            r"(?:attacks|incidents|blasts|bombings|explosions|ambushes)\b", re.IGNORECASE)
SINGLE_EVENT = re.compile(r"\b(?:a|the|an|one) (?:(?:single|lone|suicide|major|deadly|deadliest)\s+)*(?:bomber|blast|explosion|attack|ambush|bombing|raid|strike|clash)\b",
                          re.IGNORECASE)  # "a single attack in Duki that claimed 21 lives", "the lone suicide attack"
# "foiled 133 attacks", "averting many attacks": counts of what did not happen (not "thwarted plots, with
# 925 terrorists eliminated")
FOILED_BEFORE = re.compile(r"\b(?:foiled|thwarted|averted|foiling|thwarting|averting)\s+(?:at least |over |more than |nearly |some |about )?$", re.IGNORECASE)
FOILED_AFTER = re.compile(r"^[^,.;\d]{0,30}?\b(?:were |was |have been |had been |being )?(?:foiled|thwarted|averted)\b", re.IGNORECASE)
# a single event recalled in passing: "Last week, three police officers were killed during a
# counter-terror operation", "Earlier this year, ten people died after a powerful car bomb went off"
THAT_EVENT = re.compile(r"\b(?:last (?:year|month|week)['’]s|that|this)\s+(?:[\w-]+\s+)?(?:incident|attack|bombing|blast|explosion|ambush)\b", re.IGNORECASE)
TOLL_REVISION = re.compile(r"\b(?:raised|revised|put|updated|increased|lowered|took)\s+the\s+(?:death\s+)?toll\b|\btoll\s+(?:rose|climbed|jumped|reached)\b", re.IGNORECASE)
# ... or told by its verb: "Last week, three police officers were killed when militants attacked a checkpost"
EVENT_CLAUSE = re.compile(r"\b(?:when|after|as)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}(?:attacked|ambushed|opened fire|stormed|struck|went off|exploded|blew (?:himself )?up|detonated|targeted|raided)\b", re.IGNORECASE)
MAX_EVENT_CLAUSE_NUMBERS = 3  # a sentence with more numbers is a list of figures, not one attack told
RECALLED_EVENT = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:bomb|bomber|blast|explosion|attack|ambush|bombing|raid|strike|clash|operation|shooting|assault|gunfight|encounter)\b", re.IGNORECASE)

ATTACKS_AND_OPERATIONS = re.compile(r"^\s*(?:and|&)\s+(?:[\w-]+\s+){0,2}operations\b", re.IGNORECASE)
# the noun the number stands before says which toll it is, whatever the sentence's verbs say
# ("1,524 violence-related fatalities and 1,463 injuries")
FATALITY_NOUN = re.compile(r"^(?:[\w-]+ ){0,2}(?:fatalities|deaths|killings|lives lost)\b")
INVOLVING = re.compile(r"^\s*(?:involving|among|included|including|comprising)\s+([^,.;\d]{3,60})")
ARREST_NOUN = re.compile(r"^(?:[\w-]+ )?(?:arrests|arrested|apprehended|detained)\b")
INJURY_NOUN = re.compile(r"^(?:[\w-]+ ){0,2}(?:injuries|injured|wounded)\b")

# People counted for what was done with them, not to them: "we have trained 4,000 CTD officials",
# "5,000 police deployed", "1,200 personnel recruited". No victims, no claim.
NOT_VICTIMS_BEFORE = re.compile(r"\b(?:trained|training|train|recruited|recruiting|recruit|hired|inducted|deployed|deploying|deploy|posted|stationed|equipped|raised|sanctioned|promoted|employed|appointed)\b[^.;,]{0,25}$", re.IGNORECASE)
NOT_VICTIMS_AFTER = re.compile(r"^[^.;,]{0,25}?\b(?:were |have been |had been |being |will be )?(?:trained|recruited|hired|inducted|deployed|posted|stationed|equipped|raised|promoted|employed|appointed)\b", re.IGNORECASE)

PERIOD_KINDS = {"period", "since"}


@dataclass
class ClaimContext:
    """What carries from sentence to sentence: the last source and period named."""

    last_source: str | None = None
    last_period: TemporalMention | None = None
    last_claim_source: str | None = None
    paragraph: int = -1
    paragraph_source: str | None = None
    paragraph_period: TemporalMention | None = None
    paragraph_is_statistical: bool = False
    default_region: Region = field(default_factory=lambda: Region(name="Pakistan", country="PK"))
    document_source: str | None = None  # named in the title or lead (claim_sources.document_source)
    own_source: bool = False  # whether the last sentence's claims named their source themselves
    last_metric: Metric | None = None  # the metric of the last count: "Balochistan (38)" after "attacks"
    last_province: Region | None = None  # the last province a sentence's figures were about: "the province"
    published: date | None = None  # the article's publication date: "the first half of the year" is that year's
    paragraph_region: Region | None = None  # the one province the paragraph's last figures were about
    paragraph_topic: bool = False  # whether that province was named by a sentence without figures (the paragraph's topic)
    heading_region: Region | None = None  # the one province a sub-heading names ("Balochistan: the deadliest year"), until the next heading
    # whether the last sentence read, statistical, counted lumped casualties that no claim keeps
    # ("3,550 civilian casualties, a 9 percent decrease"): still no incident
    sentence_statistical: bool = False
    last_event_metric: Metric | None = None  # the last count of events: "100 took place in ..." counts them too
    # the two periods of the last "from A in P1 to B in P2": a bare "from C to D" after it goes between them too
    from_to: tuple[Period, Period] | None = None


NOT_ARRESTED_NOUN = re.compile(r"^(?:[\w-]+ )?(?:cases?|firs?|complaints?|operations?|raids?|attacks?|incidents?)\b", re.IGNORECASE)


def _metric_for_count(q: QuantityMention, text_after: str, text_before: str = "") -> Metric | None:
    if (ARRESTED_AFTER.match(text_after) and not NOT_ARRESTED_NOUN.match(q.noun)) or ARRESTED_BEFORE.search(text_before):
        return Metric.ARRESTED  # not "registered 190 cases, arrested 215 of them": the cases are no arrests
    if INJURING_BEFORE.search(text_before):
        return Metric.INJURED  # "besides inflicting injuries on 325 others"
    metric = _noun_count_metric(q.noun)
    # "789 terror attacks and counter-terror operations" counts both: incidents
    if metric is Metric.ATTACKS and ATTACKS_AND_OPERATIONS.match(text_after):
        return Metric.INCIDENTS
    return metric


@lru_cache(maxsize=8192)
def _noun_count_metric(noun: str) -> Metric | None:
    """The metric of the first of ``COUNT_METRICS`` the noun matches (a noun comes back often)."""
    for pattern, metric in COUNT_METRICS:
        if pattern.search(noun):
            return metric
    return None


def _metric_for_toll(item: TollItem) -> Metric:
    if item.role == "killed":
        return {
            VictimCategory.CIVILIANS: Metric.KILLED_CIVILIANS,
            VictimCategory.SECURITY: Metric.KILLED_SECURITY,
            VictimCategory.MILITANTS: Metric.KILLED_MILITANTS,
        }.get(item.category, Metric.KILLED)  # type: ignore[arg-type]
    return {
        VictimCategory.CIVILIANS: Metric.INJURED_CIVILIANS,
        VictimCategory.SECURITY: Metric.INJURED_SECURITY,
    }.get(item.category, Metric.INJURED)  # type: ignore[arg-type]


def _metric_for_percent_noun(noun: str) -> Metric:
    if re.search(r"death|fatalit|killed|lives", noun):
        return Metric.KILLED
    if re.search(r"injur|wound", noun):
        return Metric.INJURED
    if re.search(r"attack", noun):
        return Metric.ATTACKS
    return Metric.INCIDENTS


def _region(places: list[PlaceMention], default: Region) -> Region:
    if not places:
        return default
    named = []
    for p in places:
        if p.place.kind == "country" and len(places) > 1:
            continue
        if p.place.name not in named:
            named.append(p.place.name)
    if not named:
        named = [places[0].place.name]
    first = next(p.place for p in places if p.place.name == named[0])
    if len(named) == 1 and len({p.place.name for p in places if p.place.kind != "country"}) <= 1:
        fata = [p for p in places if FATA_SURFACE.search(p.text) or SETTLED_SURFACE.search(p.text)]
        if fata:
            return region_of(fata[:1])  # "erstwhile FATA": monitors count it apart from KP
    if len(named) == 1:
        return Region(
            name=named[0],
            country=first.country,
            admin1=first.admin1 if first.kind in {"admin1", "admin2", "place"} else None,
            admin2=first.admin2 if first.kind in {"admin2", "place"} else None,
        )
    return Region(name=" and ".join(named), country=first.country)


MONTH_ITEM_BEFORE = re.compile(r"(?:,|\band)\s*(?:and\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+$")
EACH_AFTER = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?each\b", re.IGNORECASE)
EACH_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)$")


def _places_each(q: QuantityMention, places: list[PlaceMention], text: str, offset: int) -> list[PlaceMention]:
    """The places a figure stated 'each' goes to: the first run of places after it, in its clause."""
    after = [p for p in places if p.start >= q.end and not re.search(r"[.;]", text[q.end - offset:p.start - offset])]
    run: list[PlaceMention] = []
    for p in after:
        if run and not EACH_GLUE.match(text[run[-1].end - offset:p.start - offset]):
            break
        if not run and len(text[q.end - offset:p.start - offset]) > 60:
            break
        run.append(p)
    return run


EXAMPLES_BEFORE = re.compile(r"\b(?:included|include|includes|including|such as)\b[^.;:\d]{0,50}?\bin\s+(?:[A-Z][\w.-]*\s*(?:,\s*|and\s+|&\s*)*)*$")


def _place_of_example_group(p: PlaceMention, places: list[PlaceMention], text: str, offset: int) -> bool:
    """Whether ``p`` stands in the run of places right after "included ... in"."""
    m = EXAMPLES_BEFORE.search(text[:p.start - offset])
    return m is not None and not any(m.start() + offset <= o.start < p.start and o.place.kind == "admin1" for o in places)


def _one_province(places: list[PlaceMention], default: Region) -> Region | None:
    """The one province (or part of KP) a sentence names, else None."""
    if not places:
        return None
    region = _region(places, default)
    # a province, or a part of KP that monitors count apart ("the tribal districts"); not a city
    whole = region.name == region.admin1 or FATA_SURFACE.search(region.name) is not None or SETTLED_SURFACE.search(region.name) is not None
    return region if whole and region.admin1 and not region.admin2 and " and " not in region.name else None


def _segment_of(text: str, pos: int) -> tuple[int, int]:
    """The clause around ``pos``, cut at comparison markers ("compared to", "up from", dashes)."""
    start, end = 0, len(text)
    for m in SEGMENT_BREAK.finditer(text):
        if m.end() <= pos:
            start = m.start()
        elif m.start() > pos:
            end = m.start()
            break
    return start, end


def _in_comparison(t: TemporalMention, sentence: Sentence, *, clause: bool = False) -> bool:
    """Whether the period is one the figures are compared with ("compared to Q4 2024", "up from 17
    in July"); with ``clause``, only a comparison in the period's own clause counts ("Compared to
    this figure, it said, the first six months of 2023 had seen an 18% rise" is the rise's)."""
    before = sentence.text[max(0, t.start - sentence.start - 60):t.start - sentence.start]
    if clause and not COMPARISON_OPENS.search(before):
        before = before[before.rfind(",") + 1:]
    if NEW_FIGURE_BEFORE.search(before):
        return False  # "from 399 in 2021 to 633 this year": the period after "to N" is the new figure's
    return bool(COMPARISON_BEFORE.search(before) or AFTER_A_PERIOD.search(before))


OTHER_REPORT = re.compile(r"\b(?:a (?:separate|different)|another) (?:[\w-]+ ){0,2}(?:report|survey|study|data|figures|tally)\b", re.IGNORECASE)
# "In comparison, 2024 saw 2,546 deaths": the comparison opens the clause, before its comma
COMPARISON_OPENS = re.compile(r"\b(?:in|by) (?:comparison|contrast),\s*$", re.IGNORECASE)
# "six fatalities after a quiet first quarter": the period the figure follows, not its own
AFTER_A_PERIOD = re.compile(r"\bafter (?:a|an|the) (?:[\w-]+ )?$", re.IGNORECASE)


BARE_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
BARE_TO_AFTER = re.compile(r"^\s+to\s+(?:[\d,]+|[a-z]+(?:-[a-z]+)?)\b(?!\s+(?:[\w-]+\s+){0,2}?(?:in|during|this|last|of)\b)", re.IGNORECASE)
OWN_PERIOD_AFTER = re.compile(r"^\s+(?:[\w-]+\s+){0,2}?(?:in|during|this|last|of)\b", re.IGNORECASE)
BARE_TO_BEFORE = re.compile(r"\bfrom\s+(?:[\d,]+|[a-z]+(?:-[a-z]+)?)\s+to\s+$", re.IGNORECASE)
INDEX_EDITION = re.compile(r"\bIndex(?:\s+of)?\s+$")
YEAR_ONLY = re.compile(r"^(?:19|20)\d\d$")
EVENT_OF_YEAR = re.compile(r"\b(?:elections?|polls|budget|census|games|world cup)\s+(?:of\s+|in\s+)?$", re.IGNORECASE)
SUBJECT_BEFORE_SOURCE = re.compile(r"^\W*(?:the\s+)?(?:DG|director general|chief|head|spokesman|spokesperson|spokesmen)?\s*$", re.IGNORECASE)
TIME_NOUN = re.compile(r"^(?:this|last|so far)\b")
TO_AFTER_FROM = re.compile(r"\bfrom\s+(?:\w+\s+){0,2}?[\d,]+\b[^.;]{0,40}?\bto\s+$", re.IGNORECASE)
# "... to 633 this year", "... to 28 in August": the later figure of a "from A to B" and its period
NEW_FIGURE_BEFORE = re.compile(r"\bfrom\s+(?:\w+\s+){0,2}?[\d,]+\b[^.;]{0,40}?\bto\s+(?:\w+\s+){0,2}?[\d,.]+(?:\s*%|\s*(?:percent|per cent|pc)\b)?\s+(?:[\w-]+\s+){0,3}$",
                               re.IGNORECASE)  # "... to 55% in Q2 2025" too
FROM_THEN_TO = re.compile(r"\bfrom\b[^.;]{1,80}?\bto\b", re.IGNORECASE)


def _main_period(main: list[TemporalMention], text: str) -> TemporalMention:
    """The period a sentence's figures are about, carried to the next sentences: its first, or
    its last when the sentence goes from one period to another ("From 850 fatalities in 2021, the
    figure jumped to 980 in 2022")."""
    return main[-1] if len(main) > 1 and FROM_THEN_TO.search(text) else main[0]


def _period_for(q: QuantityMention, sentence: Sentence, periods: list[TemporalMention]) -> TemporalMention | None:
    if not periods:
        return None
    rel = q.start - sentence.start
    seg_start, seg_end = _segment_of(sentence.text, rel)
    inside = [t for t in periods if seg_start <= t.start - sentence.start < seg_end]
    # "52 in year 2014, 108 incidents in 2015": a period right after the figure, with no other
    # number between them, is the figure's own
    following = [t for t in inside if t.start >= q.end and len(sentence.text[q.end - sentence.start:t.start - sentence.start]) <= FOLLOWING_CHARS
                 and not re.search(r"\d|,|;|\b(?:while|whereas|against|compared|than)\b", sentence.text[q.end - sentence.start:t.start - sentence.start])]
    # "January witnessed 60 incidents, February 38 and March 33": the month right before a figure is its own
    preceding = [t for t in inside if t.end <= q.start and MONTH_THEN_FIGURE.fullmatch(sentence.text[t.end - sentence.start:q.start - sentence.start])]
    if preceding:
        return preceding[-1]
    if following:
        return following[0]
    # "Eight attacks were recorded, half the number of September": a period the figure is compared
    # with after it is the other figure's
    inside = [t for t in inside if not (t.start >= q.end and COMPARISON_BEFORE.search(
        MORE_THAN_FIGURE.sub("", sentence.text[q.end - sentence.start:t.start - sentence.start])))]
    if inside:
        return min(inside, key=lambda t: abs(t.start - q.start))
    before = [t for t in periods if t.start < q.start]
    if before:
        return before[-1]
    return None  # the only periods stand in a comparison after it ("... compared with the first quarter")


MORE_THAN_FIGURE = re.compile(r"\b(?:more|less|fewer|greater) than\s+(?=[\d,])", re.IGNORECASE)  # "in more than 3,800 operations" compares nothing
MONTH_THEN_FIGURE = re.compile(r"\s*(?:(?:had|has|also)\s+)*(?:witnessed|saw|recorded|registered|reported|experienced|suffered)?\s*", re.IGNORECASE)
FOLLOWING_CHARS = 60  # "84 civilians losing their lives in militant attacks in September": still the figure's own


def _later_period(q: QuantityMention, sentence: Sentence, periods: list[TemporalMention]) -> TemporalMention | None:
    """'1,524 fatalities and 1,463 injuries from 789 attacks ... in 2023': with no period before
    the figure, in its clause or earlier in the article, the sentence's own period after it
    (not one it is compared with)."""
    return next((t for t in periods if t.start > q.start and not _in_comparison(t, sentence)
                 and not COMPARISON_BETWEEN.search(sentence.text[q.end - sentence.start:t.start - sentence.start])), None)


# "21 incidents in the first five months as compared to 52 in 2014, ..., 113 in 2016": every
# period after the comparison is another figure's
COMPARISON_BETWEEN = re.compile(r"\b(?:compared (?:to|with)|as against|versus|vs\.?)\s", re.IGNORECASE)


def _as_period(t: TemporalMention | None) -> Period:
    if t is None:
        return Period()
    return Period(
        label=t.label or t.text,
        start=t.range_start.isoformat() if t.range_start else None,
        end=t.range_end.isoformat() if t.range_end else None,
    )


# a percentage comparing two groups, not two periods: "73 percent greater losses than the 934 outlaws"
# (not "66 percent more than in 2023")
GROUP_COMPARISON = re.compile(r"^\s*(?:%|percent|per cent|pc)?\s*(?:more|greater|higher|fewer|less|lower)\s+(?:[\w-]+\s+){0,3}?(?:than|compared to)\s+"
                              r"(?!(?:in\s+|during\s+)?(?:the\s+)?(?:previous|last|preceding|prior|same|(?:19|20)\d\d|a year|january|february|march|april|may|june|"
                              r"july|august|september|october|november|december|q[1-4]|first|second|third|fourth))", re.IGNORECASE)
TIME_WORD = re.compile(r"\b(?:(?:19|20)\d\d|january|february|march|april|may|june|july|august|september|october|november|december|"
                       r"quarter|month|year|week|last|previous|preceding|prior)\b", re.IGNORECASE)
AVERAGE_BEFORE = re.compile(r"\b(?:an |the )?average(?: of)?\s+(?:about |nearly |over )?$|\bdisparity of\s+$", re.IGNORECASE)
COORDINATED_CHANGE = re.compile(r"^\s*(?:,|and|,\s*and)\s+(?:[\d.]+\s*(?:%|percent|per cent|pc)\s*(?:,|and|,\s*and)\s+)?[\d.]+\s*(?:%|percent|per cent|pc)\s+"
                                r"(?P<dir>drop|decline|decrease|fall|reduction|dip|rise|increase|jump|surge|spike|growth|higher|lower|fewer|less|more|uptick|hike)\b",
                                re.IGNORECASE)
SHARE_BEFORE = re.compile(r"\b(?:proportion|share|percentage|ratio) of\b[^.;\d]{0,80}(?:\bfrom\s+[\d.]+\s*(?:%|percent|per cent|pc)[^.;]{0,40}?\bto\s+)?$",
                          re.IGNORECASE)  # "... rose from 35% in 2021–2024 to 55%": both shares
MADE_UP = re.compile(r"\b(?:made|make|makes|making|took|take|takes)\s+$", re.IGNORECASE)


def _percent_change_sign(text_before: str, text_after: str) -> int | None:
    m = PERCENT_CHANGE.search(text_before)
    if m and not (m.group("dir").lower() == "up" and MADE_UP.search(text_before[:m.start()])):  # "made up 62 percent" is a share
        return -1 if DOWN_WORDS.match(m.group("dir")) else 1
    after = re.match(r"^\s*(?P<dir>drop|decline|decrease|fall|reduction|dip|rise|increase|jump|surge|spike|growth|higher|lower|up|down|fewer|less|more|uptick|upswing|hike|downturn|downswing)\b", text_after, re.IGNORECASE)
    if after:
        return -1 if DOWN_WORDS.match(after.group("dir")) else 1
    return None


def _coordinated_qualifier(items: list[QuantityMention], text: str, sentence_start: int) -> dict[int, Qualifier]:
    """'about 92 percent of deaths and 87 percent of attacks': 'about' covers both."""
    out: dict[int, Qualifier] = {}
    for prev, cur in zip(items, items[1:], strict=False):
        between = text[prev.noun_end - sentence_start:cur.start - sentence_start]
        if cur.qualifier is Qualifier.EXACT and prev.qualifier is not Qualifier.EXACT and re.fullmatch(r"\s*,?\s*and\s*", between) and prev.percent == cur.percent:
            out[id(cur)] = out.get(id(prev), prev.qualifier)
    return out


def find_claims(
    sentence: Sentence,
    *,
    quantities: list[QuantityMention],
    dates: list[TemporalMention],
    places: list[PlaceMention],
    actors: list[ActorMention],
    taxonomy: Taxonomy,
    ctx: ClaimContext,
    full_text: str = "",
) -> list[Claim]:
    """The claims of one sentence; updates ``ctx``."""
    text = sentence.text
    ctx.sentence_statistical = False
    # "from 399 in 2021 to 633 this year": a time phrase read as the later figure's noun is none
    quantities = [replace(q, noun="", noun_end=q.end) if TIME_NOUN.match(q.noun) and TO_AFTER_FROM.search(text[:q.start - sentence.start]) else q
                  for q in quantities]
    if sentence.paragraph != ctx.paragraph:
        ctx.paragraph = sentence.paragraph
        ctx.paragraph_source = None
        ctx.paragraph_period = None
        ctx.paragraph_is_statistical = False
        ctx.paragraph_region = None
        ctx.paragraph_topic = False
    sources = [a for a in actors if a.kind == "source"]
    source: str | None = None
    ctx.own_source = False
    if sources and ATTRIBUTION.search(text):
        source = sources[-1].name
        ctx.own_source = True
    elif sources and re.search(r"\((?:{})\)".format("|".join(re.escape(a.text) for a in sources)), text):
        source = sources[-1].name
        ctx.own_source = True
    elif sources and len({a.name for a in sources}) == 1 and SUBJECT_BEFORE_SOURCE.match(text[:sources[0].start - sentence.start]):
        # "The DG ISPR also paid tributes to the sacrifices of 193 soldiers who embraced martyrdom
        # in the last eight months": the office is the sentence's subject, its figures are its own
        source = sources[0].name
        ctx.own_source = True
    elif REPORT_REFERENCE.search(text) and (ctx.last_source or ctx.document_source):
        source = ctx.last_source or ctx.document_source
    elif PRONOUN_SAID.search(text) and ctx.last_source and (any(t.kind in PERIOD_KINDS for t in dates) or any(
            _count_noun_metric(q) and q.low > FEW_EVENTS for q in quantities)):  # not "he said" of one shootout's toll
        source = ctx.last_source  # "He said that security forces had carried out 32,173 IBOs": the speaker named before
    if sources and ctx.document_source is None and BACK_REFERENCE.search(text):
        ctx.document_source = sources[0].name  # "These were the key findings of the report issued by CRSS"
    places = [p for p in places if not _names_an_organisation(p, actors, text, sentence.start) and not in_dateline(p, full_text)
              and not dateline_like(p, full_text)
              and not ASIDE_PLACE.search(text[:p.start - sentence.start])
              and (p.place.country in REGION_COUNTRIES or p.place.country is None)]  # not "US drone attacks"
    places = kp_parts(sentence, places)
    # "The 35 attacks in KPK included several major incidents in Bannu, Kurram ...", "two attacks in
    # Sindh including a major attack in Karachi": the places of examples are not the figures' region
    places = [p for p in places if not (EXAMPLES_BEFORE.search(text[:p.start - sentence.start])
                                        and any(o.end <= p.start and o.place.kind != "country" for o in places))
              or not _place_of_example_group(p, places, text, sentence.start)]
    places = [p for p in places if not _glosses(p, places, text, sentence.start)]
    single_event = bool(SINGLE_EVENT.search(text))
    subject_months = subject_month_periods(sentence, dates, last_period=ctx.last_period, published=ctx.published)
    dates = sorted(dates + part_of_year_periods(sentence, dates, last_period=ctx.last_period, published=ctx.published) + subject_months,
                   key=lambda t: t.start)
    # "the highest annual toll since 2011" measures a record against the past: not the figures' period
    # ("the highest monthly number this year" too)
    dates = [t for t in dates if not ((t.kind == "since" or THIS_PERIOD.match(t.text)) and RECORD_BEFORE.search(text[:t.start - sentence.start]))]
    # "the general elections of 2024": a year naming an event, not the period of any figure
    dates = [t for t in dates if not EVENT_OF_YEAR.search(text[:t.start - sentence.start])]
    # "the Global Terrorism Index 2025": the edition's year, not the period its figures count (the
    # index counts the year before): a period unknown, unless the figure names its own
    editions = [t for t in dates if INDEX_EDITION.search(text[:t.start - sentence.start]) and YEAR_ONLY.match(t.text)]
    dates = [replace(t, range_start=None, range_end=None, kind="period", label=f"the {t.text} edition's period")
             if t in editions else t for t in dates]
    periods = [t for t in dates if t.kind in PERIOD_KINDS and t.range_start is not None]
    # "in the past six months" with no publication date: a period the figures are about, unknown
    unresolved = [t for t in dates if t.kind == "period" and t.range_start is None]
    # "a series of deadly terror attacks in Balochistan on August 26, which claimed the lives of
    # 50 people": a sum over several attacks, a claim of that day
    series = bool(SERIES.search(text))
    if not single_event:
        # "59 attacks in August": a month counts figures when no single event is told
        periods += [t for t in dates if t.kind == "point" and t.range_start is not None
                    and (t.precision is DatePrecision.MONTH or (series and t.precision is DatePrecision.DAY
                                                                     and not SAID_BEFORE.search(text[:t.start - sentence.start])))]
        periods.sort(key=lambda t: t.start)
    anaphors = [t for t in dates if t.kind == "anaphor"]
    percent_qs = [q for q in quantities if q.percent]
    tolls = read_tolls(sentence, quantities, taxonomy.victims, max_value=MAX_QUANTITY)  # a period's figures may be large
    toll_by_q = {id(i.quantity): i for i in tolls.items}
    roles = {id(i.quantity): i.role for i in tolls.items}
    # "The number of injured rose to 182": the subject names the toll a bare figure is
    named_roles = {id(q): role for q in quantities if not q.noun and (role := _number_of(text[:q.start - sentence.start]))}
    roles.update({k: v for k, v in named_roles.items() if k in roles})
    breakdown = read_breakdown(sentence, quantities, taxonomy.victims, roles)
    part_of = {id(q): part for part in breakdown for q in part.quantities}
    totals = totals_before_parts(sentence, quantities, roles)
    # tolls the toll reader misses: "1,208 people -- civilians and security forces alike -- died",
    # "the total number of fatalities ... to 3,869"
    told_apart = [q for q in quantities if (not q.noun and _number_of(text[:q.start - sentence.start]))
                  or (PEOPLE_NOUN.match(q.noun) and DIED_AFTER_ASIDE.match(text[q.noun_end - sentence.start:]))]
    few_events = all(q.low <= FEW_EVENTS for q in quantities
                     if _metric_for_count(q, "") in {Metric.INCIDENTS, Metric.ATTACKS, Metric.OPERATIONS})
    aggregate_nouns = any(_metric_for_count(q, "") in {Metric.INCIDENTS, Metric.ATTACKS, Metric.OPERATIONS} and q.low > 1 for q in quantities)

    # "These included 2,115 terrorists, 664 security personnel ...": the parts of the last toll
    included_base = ctx.last_metric if ctx.last_metric in (Metric.KILLED, Metric.INJURED) and INCLUDED_OPENING.match(text) else None
    statistical = (
        included_base is not None
        or bool(periods)
        or bool(anaphors and ctx.last_period)
        or bool(percent_qs)
        or bool(editions)  # "The Global Terrorism Index 2025 counted 1,081 deaths": an index's figure
        # "killed seven terrorists in two operations, the ISPR said": a press release's events, not a tally
        or (source is not None and aggregate_nouns and not (few_events and not ctx.document_source))
        # a page about a monitor's report: its figures are the report's, a list of
        # "Balochistan (38), Sindh (11)" among them
        or (ctx.document_source is not None and (aggregate_nouns or bool(tolls.items) or bool(told_apart)
                                                 or any(_after_place(q, places, actors, text, sentence.start) and text[q.start - sentence.start - 1:q.start - sentence.start] == "("
                                                         for q in quantities)))
        or (ctx.paragraph_is_statistical and bool(quantities))
        # "Among those killed in the month were 91 civilians, ...", after a period's figures
        or (bool(breakdown) and (ctx.last_period is not None or ctx.document_source is not None or ctx.last_metric is not None))
        or (ctx.last_period is not None and aggregate_nouns)

        # "arrested 246 of them": arrests in the text after a source's figures of a period
        or (ctx.last_period is not None and ctx.last_claim_source is not None
            and any(_metric_for_count(q, text[q.noun_end - sentence.start:], text[max(0, q.start - sentence.start - 40):q.start - sentence.start])
                    is Metric.ARRESTED for q in quantities))
        or (ctx.last_period is not None and source is not None and bool(tolls.items))
        or (ctx.last_period is not None and bool(tolls.items) and bool(REFERS_TO_FIGURES.search(text)))
    )
    if single_event and not periods and not percent_qs:
        statistical = False
    told_by_verb = len(quantities) <= MAX_EVENT_CLAUSE_NUMBERS and bool(EVENT_CLAUSE.search(text))
    if (RECALLED_EVENT.search(text) or THAT_EVENT.search(text) or told_by_verb) and not percent_qs and not aggregate_nouns and source is None \
            and ctx.document_source is None and not series:
        statistical = False
    if RECALL_OPENING.match(text) and source is None and not percent_qs and not aggregate_nouns \
            and not any(t.kind in PERIOD_KINDS for t in dates):  # "Earlier this year, 45 policemen ..." is a period's figure
        statistical = False
    if TOLL_REVISION.search(text) and not percent_qs and not aggregate_nouns and not periods:
        statistical = False  # "the interior ministry raised the toll to eight": one attack's toll
    if not statistical or not quantities or NOT_A_STATISTIC.search(text) and not percent_qs:
        if sources:
            ctx.last_source = sources[-1].name
        if (topic := _one_province(places, ctx.default_region)) is not None and (not single_event or EVENTS_COUNTED.match(text)):
            # "Mainland KP witnessed a rise in militant attacks." before "... 16 attacks in the
            # province": a sentence naming one province without figures sets the paragraph's topic
            ctx.paragraph_region = topic
            ctx.paragraph_topic = True
            if topic.name == topic.admin1 or MAINLAND.search(topic.name):
                ctx.last_province = topic  # "Mainland KP witnessed a rise ... 16 attacks in the province"
        # "In the second quarter of 2018, violence ... continued to decline": on a report's page a
        # period named without figures is the one the next figures are about
        main = [t for t in periods if not _in_comparison(t, sentence)]
        if ctx.document_source is not None and main and not single_event:
            ctx.paragraph_period = ctx.last_period = main[0]
        return []

    # a figure with no source of its own takes the paragraph's, or the article's when it is
    # about the same period (not a new one: "This year, over 132..." after SATP's 2021 figures)
    same_period = not periods or (ctx.last_period is not None and any(
        (t.range_start, t.range_end) == (ctx.last_period.range_start, ctx.last_period.range_end) for t in periods))
    effective_source = source or (ctx.paragraph_source if ctx.paragraph_is_statistical else None)
    if effective_source is None and same_period and ctx.last_claim_source is not None and ctx.last_claim_source != ctx.document_source \
            and (included_base is not None or CONTINUES.match(text)):
        # "According to PICSS, ... 3,387 deaths. [new paragraph] These included 2,115 terrorists": the
        # parts of the figure before keep its source, not the article's first monitor (CRSS)
        effective_source = ctx.last_claim_source
    effective_source = effective_source or ctx.document_source
    if effective_source is None and same_period and ctx.last_claim_source is not None:
        effective_source = ctx.last_claim_source
    if source is None and OTHER_REPORT.search(text):
        effective_source = None  # "A separate police report showed ...": not the figures of the report named before
    # a region is the sentence's own: "KP and Balochistan accounted for 92 percent" does not
    # carry to "overall violence dropped by 12 percent"
    region = _region(places, ctx.default_region)
    if not places and ctx.last_province is not None and THE_PROVINCE.search(text):
        region = ctx.last_province  # "Deaths in the province went from 30 to 47"
    elif not places and ctx.paragraph_region is not None and not WHOLE_COUNTRY_CUE.search(text) and not CAMPAIGN.search(text) and (
            CONTINUES.match(text) or ANAPHORIC_SUBJECT.match(text) or ctx.paragraph_topic
            or (ALSO.search(text) and not REPORT_REFERENCE.search(text) and not ATTRIBUTION.search(text))):
        # "... in Balochistan. Additionally, the report states that 23 individuals ...", "There was a
        # 50 percent decline in attacks in Balochistan. The militants carried out 11 attacks in
        # March", "The most significant improvement was in the tribal districts. Six attacks were
        # recorded": the paragraph's province, carried by a sentence that goes on about it (not
        # "The review also noted that suicide bombers struck seven times")
        region = ctx.paragraph_region
    elif not places and ctx.heading_region is not None and not WHOLE_COUNTRY_CUE.search(text):
        region = ctx.heading_region  # a figure under a province's sub-heading, naming no place of its own
    elif region.admin1 and not region.admin2 and " and " not in region.name:
        ctx.last_province = region
    regions = clause_regions(sentence, places, quantities)
    if len(places) == 1 or len({p.place.name for p in places}) == 1:
        regions.update(_regions_after_the_figures(sentence, places, quantities, ctx.default_region))
    line_regions = _line_regions(sentence, places, quantities, regions, ctx.default_region)
    qualifiers = _coordinated_qualifier(quantities, text, sentence.start)
    claims: list[Claim] = []
    own_dated: list[Period] = []  # the periods this sentence's counts named themselves
    pending_sum: tuple[TollItem, int] | None = None
    for q in quantities:
        if q.text.lower().split()[0] in {"a", "an", "another", "one"} and not q.text[:1].isdigit() and q.low == 1:
            continue  # "a former brigadier" is a person, not a statistic
        if q.low == 0:
            continue
        if len(q.noun.split()) == 2 and NOT_PEOPLE.match(q.noun.split()[-1]) and not q.percent:
            continue  # "the two western provinces"
        if VAGUE_NUMBER.match(q.text) or q.noun.startswith("dozen") or DOZEN_COUNT.search(q.text):
            continue  # "killed dozens of civilians", "in over two dozen attacks" state no figure
        if not q.percent and CASUALTIES_NOUN.match(q.noun):
            ctx.sentence_statistical = True
            continue  # "5,122 civilian casualties": killed and injured lumped, no metric of ours
        if NOT_VICTIMS_BEFORE.search(text[:q.start - sentence.start]) or NOT_VICTIMS_AFTER.match(text[q.end - sentence.start:]):
            continue
        if FOILED_BEFORE.search(text[:q.start - sentence.start]) or FOILED_AFTER.match(text[q.end - sentence.start:]):
            continue
        rel_after = text[q.noun_end - sentence.start:]
        qualifier = qualifiers.get(id(q), q.qualifier)
        metric: Metric | None
        unit = Unit.COUNT
        value: float = q.low
        if id(q) in part_of:
            part = part_of[id(q)]
            if part.metric is None or q is not part.quantities[0]:
                continue  # injured militants, or a part summed into the first of its category
            metric, value = part.metric, part.value
        elif id(q) in totals:
            metric = Metric.KILLED if totals[id(q)] == "killed" else Metric.INJURED
        elif q.percent:
            if LUMPED_AFTER.match(text[q.end - sentence.start:]) or LUMPED_BEFORE.search(text[max(0, q.start - sentence.start - 40):q.start - sentence.start]):
                continue  # "a 19 per cent decline in overall casualties", "3,550 casualties, a 9 percent decrease": lumped
            if NOT_COUNTED_SUBJECT.search(text[max(0, q.start - sentence.start - 40):q.start - sentence.start]) \
                    or NOT_COUNTED_SUBJECT.match(q.noun):
                continue  # "Kidnappings jumped 162pc": no monitor's count of the ledger
            if not SUBJECT_NOUN.search(q.noun) and re.search(r"\bcasualt", text, re.IGNORECASE) and not _percent_change_sign(
                    text[max(0, q.start - sentence.start - 60):q.start - sentence.start], text[q.end - sentence.start:]):
                continue  # "67 percent of civilian casualties, with 43 percent attributed to the Taliban": shares of a lump
            if not VIOLENCE_WORDS.search(text) and not ctx.paragraph_is_statistical:  # "This includes a 57 per cent uptick in Balochistan"
                continue
            if ((group := GROUP_COMPARISON.match(text[q.end - sentence.start:])) is not None
                    and not TIME_WORD.search(re.split(r"[,.;]", text[q.end - sentence.start + group.end():], maxsplit=1)[0])) \
                    or AVERAGE_BEFORE.search(text[max(0, q.start - sentence.start - 40):q.start - sentence.start]):
                continue  # "73 percent greater losses than the 934 outlaws", "a disparity of 73%", "an average of 116% annually"
            before = text[max(0, q.start - sentence.start - 60):q.start - sentence.start]
            sign = _percent_change_sign(before, text[q.end - sentence.start:])
            if sign is None and (coordinated := COORDINATED_CHANGE.match(text[q.end - sentence.start:])):
                sign = -1 if DOWN_WORDS.match(coordinated.group("dir")) else 1  # "a 32% and 40% drop": the drop is both
            if SHARE_BEFORE.search(text[max(0, q.start - sentence.start - 100):q.start - sentence.start]):
                sign = None  # "the proportion of fatalities among militants rose from 35% to 55%": shares, not changes
            if sign is not None and not re.match(r"\s*of\b", text[q.end - sentence.start:]):
                unit, value = Unit.PERCENT_CHANGE, sign * q.low
                # the noun after the figure ("... of attacks"), else the subject of the sentence
                # ("attacks rose from 17 to 28, a 65 percent rise"), else incidents
                metric = (_metric_for_percent_noun(q.noun) if q.noun and SUBJECT_NOUN.search(q.noun) else None) \
                    or subject_metric(text[:q.start - sentence.start]) or Metric.INCIDENTS
            else:
                unit = Unit.PERCENT_OF_TOTAL
                metric = _metric_for_percent_noun(q.noun)
        elif id(q) in toll_by_q and PEACE_COMMITTEE.match(q.noun):
            continue  # "two peace committee members": PICSS counts them apart, no metric of ours
        elif id(q) in toll_by_q:
            item = toll_by_q[id(q)]
            if item.role == "injured" and item.category is VictimCategory.MILITANTS:
                continue  # "22 militants sustained injuries": no monitor publishes injured militants
            metric = _metric_for_toll(item)
            if named_roles.get(id(q)) == "injured" and metric is Metric.KILLED:
                metric = Metric.INJURED
            elif named_roles.get(id(q)) == "killed" and metric is Metric.INJURED:
                metric = Metric.KILLED
            if count_metric := _count_noun_metric(q):
                metric = count_metric  # "174 reported militant attacks claiming 266 fatalities": attacks, not militants
            if metric is Metric.INJURED and not q.noun and claims and (injured_of := INJURED_OF.get(claims[-1].metric)) \
                    and KILLED_THEN_INJURED.fullmatch(text[claims[-1].evidence.end - sentence.start:q.start - sentence.start]):
                metric = injured_of  # "1,662 civilians were killed and more than 3,500 injured": the injured are civilians too
            if ARREST_NOUN.match(q.noun):
                metric = Metric.ARRESTED  # "15 fatalities and 21 arrests": the verb's toll stops at the noun
            # "281 fatalities involving civilians and security personnel": the whole phrase names the victims
            involving = INVOLVING.match(rel_after)
            named = q.noun + (" " + involving.group(1) if involving else "")
            if re.search(r"\b(?:involving|among|included|including|comprising)\b", q.noun):
                named += " " + re.match(r"[^,.;]{0,60}", rel_after).group(0)  # type: ignore[union-attr]
            if metric in MIXED_SPLIT and _mixes_categories(named, taxonomy):
                metric = Metric.INJURED if metric in (Metric.INJURED_CIVILIANS, Metric.INJURED_SECURITY) else Metric.KILLED
            if metric in (Metric.KILLED, Metric.INJURED) and item.category is None and OF_GROUP.match(q.noun) \
                    and (phrase := re.match(r"[^,.;\d]{0,40}?(?=\s+(?:were|was|have|had|lost|died|embraced)\b)", rel_after)) \
                    and (category := categorise(q.noun + phrase.group(0), taxonomy.victims)) is not None:
                # "320 members of the Afghan security forces were killed": the group named after "of"
                metric = METRICS_OF.get((metric, category), metric)
            if metric in (Metric.KILLED, Metric.INJURED) and LONE_QUALIFIER.fullmatch(q.noun) \
                    and (joined := re.match(r"\s+and\s+([^,.;\d]{3,40})", rel_after)) \
                    and (category := categorise(q.noun + " and " + joined.group(1), taxonomy.victims)) is not None:
                # "163 law and security forces officials": the noun reader stopped at "law"
                metric = METRICS_OF.get((metric, category), metric)
            if metric is Metric.INJURED and FATALITY_NOUN.match(q.noun):
                metric = Metric.KILLED
            elif metric is Metric.KILLED and INJURY_NOUN.match(q.noun):
                metric = Metric.INJURED
            if item.part_of is not None:
                pending_sum = None
            # "two DSPs and 31 other policemen": parts of one category listed apart are summed
            if pending_sum is not None and re.match(r"other\b", q.noun) and pending_sum[0].category == item.category and pending_sum[0].role == item.role:
                prev_item, index = pending_sum
                old = claims[index]
                claims[index] = old.model_copy(update={
                    "value": old.value + q.low,
                    "evidence": Span(start=old.evidence.start, end=q.noun_end, text=_slice(sentence, old.evidence.start, q.noun_end)),
                })
                pending_sum = None
                continue
            # "54 policemen, two FC troops, eight army soldiers": one category's parts in a list
            if pending_sum is not None and metric in MIXED_SPLIT and claims[pending_sum[1]].metric is metric \
                    and LIST_GLUE.fullmatch(text[claims[pending_sum[1]].evidence.end - sentence.start:q.start - sentence.start]):
                index = pending_sum[1]
                old = claims[index]
                claims[index] = old.model_copy(update={
                    "value": old.value + q.low,
                    "evidence": Span(start=old.evidence.start, end=q.noun_end, text=_slice(sentence, old.evidence.start, q.noun_end)),
                })
                continue
        elif any(c.unit is Unit.COUNT for c in claims) and not q.noun and COMPARED_TO.search(text[:q.start - sentence.start]) \
                and not LEGAL_AGAINST.search(text[:q.start - sentence.start]) \
                and not bare_number_metric(q.noun, text[:q.start - sentence.start], text[q.end - sentence.start:], text, None,
                                           _after_place(q, places, actors, text, sentence.start)):
            # "380 deaths in the second quarter compared to 432 in the first": same metric
            metric = [c for c in claims if c.unit is Unit.COUNT][-1].metric
        elif any(c.unit is Unit.COUNT for c in claims) and not q.noun and LIST_CONTINUES.match(text[q.end - sentence.start:]) \
                and LIST_BEFORE.search(text[:q.start - sentence.start]):
            # "63 suicide attacks in 2008, 87 in 2009, 68 in 2010": the list's metric
            metric = [c for c in claims if c.unit is Unit.COUNT][-1].metric
        elif any(c.unit is Unit.COUNT for c in claims) and not q.noun and LIST_IN.match(text[q.end - sentence.start:]) \
                and any(0 < p.start - q.end <= 5 for p in places) and LIST_BEFORE.search(text[:q.start - sentence.start]):
            # "951 of the terrorists were killed in FATA, 455 in Sindh, 197 in KP": each place's share of the list's metric
            metric = [c for c in claims if c.unit is Unit.COUNT][-1].metric
        elif any(c.unit is Unit.COUNT for c in claims) and not q.noun and EACH_AFTER.match(text[q.end - sentence.start:]) \
                and LIST_BEFORE.search(text[:q.start - sentence.start]):
            # "35 incidents in KP, nine in Balochistan, and two each in Punjab and Sindh": the list's metric
            metric = [c for c in claims if c.unit is Unit.COUNT][-1].metric
        elif any(c.unit is Unit.COUNT for c in claims) and (not q.noun or re.match(r"(?:of )?(?:whom|them|these)\b", q.noun)) \
                and OF_WHOM_AFTER.match(text[q.end - sentence.start:]):
            # "512 fatalities in the quarter, 231 of whom were militants": a part of the last count
            metric = [c for c in claims if c.unit is Unit.COUNT][-1].metric
        elif any(c.unit is Unit.COUNT for c in claims) and not q.noun and MONTH_ITEM_BEFORE.search(text[:q.start - sentence.start]):
            # "January witnessed 60 incidents, February 38, March 33": each month's figure of the list's metric
            metric = [c for c in claims if c.unit is Unit.COUNT][-1].metric
        elif not q.noun and TALLY_OF.search(text[:q.start - sentence.start]) and claims and claims[-1].unit is Unit.COUNT:
            metric = claims[-1].metric  # "85 attacks in May, slightly higher than April's tally of 81"
        elif (not q.noun and (said := _number_of(text[:q.start - sentence.start]))) \
                or (PEOPLE_NOUN.match(q.noun) and (said := "killed" if DIED_AFTER_ASIDE.match(text[q.noun_end - sentence.start:]) else None)):
            # "bringing the total number of fatalities in the first nine months to 3,869";
            # "1,208 people -- civilians and security forces alike -- died"
            metric = Metric.INJURED if said == "injured" else Metric.KILLED
            group = TOLL_OF_GROUP.search(text[:q.start - sentence.start])
            if group and (category := categorise(group.group("who"), taxonomy.victims)) is not None:
                metric = METRICS_OF.get((metric, category), metric)  # "fatalities against security forces reached 500"
        elif ctx.last_metric is Metric.ARRESTED and not q.noun and ARRESTS_MADE_AFTER.match(text[q.end - sentence.start:]):
            metric = Metric.ARRESTED  # "50 of these arrests occurred in FATA, while 16 were made in Punjab"
        elif ctx.last_event_metric is not None and EVENT_VERB_AFTER.match(text[q.end - sentence.start:]):
            metric = ctx.last_event_metric  # "Of these 174, 100 took place in the settled districts": the attacks counted before
        elif (bare := bare_number_metric(q.noun, text[:q.start - sentence.start], text[q.end - sentence.start:], text,
                                         ctx.last_metric, _after_place(q, places, actors, text, sentence.start))) is not None:
            metric = _of_category(bare, text[:q.start - sentence.start])
        else:
            if NOT_PEOPLE.match(q.noun):
                continue
            metric = _metric_for_count(q, rel_after, text[max(0, q.start - sentence.start - 40):q.start - sentence.start])
            if metric is None:
                # "58 security and government personnel", "685 members of security forces losing their lives":
                # the noun reader stopped at "and" or "of"
                joined = re.match(r"\s+(?:and|of)\s+[^,.;\d]{3,40}?(?=\s+(?:were|was|have|had|lost|losing|died|embraced)\b|[,.;]|$)", rel_after) \
                    if LONE_QUALIFIER.fullmatch(PRAISE.sub("", q.noun)) or OF_GROUP.match(PRAISE.sub("", q.noun)) else None
                victims_noun = q.noun + joined.group(0) if joined else q.noun
                victims_noun = PRAISE.sub("", victims_noun)  # "383 brave officers and soldiers": the soldiers
                if joined:
                    rel_after = rel_after[joined.end():]
                category = categorise(victims_noun, taxonomy.victims)
                # a bare count of security personnel in a statistic is a count of the killed
                # ("over 132 security personnel have been [killed] in just four months")
                if category is None and not joined and LONE_TOLL_NOUN.match(q.noun) and (periods or ctx.document_source is not None):
                    # "with 3,387 combat-related deaths": a toll noun with no verb the toll reader needs
                    metric = Metric.INJURED if INJURY_NOUN.match(q.noun) else Metric.KILLED
                elif category is not None and included_base is not None and not _mixes_categories(victims_noun, taxonomy) \
                        and (included_base, category) in METRICS_OF:
                    # "... 3,387 deaths. These included 2,115 terrorists, 664 security personnel, 580 civilians"
                    metric = METRICS_OF[(included_base, category)]
                elif category is VictimCategory.SECURITY and periods:
                    # "14 policemen and health workers have been killed": two categories, no split
                    metric = Metric.KILLED if _mixes_categories(victims_noun, taxonomy) or (not joined and MIXED_AFTER.match(rel_after)) \
                        else Metric.KILLED_SECURITY
                elif category is not None and (KILLED_AFTER.match(rel_after) or CATEGORY_FATALITIES.match(q.noun)):
                    # "Of them, 512 were militants killed in operations", "685 members of security
                    # forces losing their lives", "the 203 insurgent fatalities"
                    if _mixes_categories(q.noun, taxonomy):
                        metric = Metric.KILLED
                    else:
                        metric = {VictimCategory.SECURITY: Metric.KILLED_SECURITY, VictimCategory.CIVILIANS: Metric.KILLED_CIVILIANS,
                                  VictimCategory.MILITANTS: Metric.KILLED_MILITANTS}.get(category)
                    if metric is None:
                        continue
                elif category is None and GENERIC_PEOPLE.match(q.noun) and KILLED_AFTER.match(text[q.noun_end - sentence.start:]):
                    metric = Metric.KILLED  # "94 others were assassinated"
                elif not q.noun and (quoted := QUOTED_FALLEN.match(text[q.end - sentence.start:])) is not None \
                        and (category := categorise(PRAISE.sub("", quoted.group("who").lower()), taxonomy.victims)) is not None \
                        and not _mixes_categories(PRAISE.sub("", quoted.group("who").lower()), taxonomy):
                    # '383 "brave officers and soldiers embraced martyrdom"': the quote holds the noun and the verb
                    metric = {VictimCategory.SECURITY: Metric.KILLED_SECURITY, VictimCategory.CIVILIANS: Metric.KILLED_CIVILIANS,
                              VictimCategory.MILITANTS: Metric.KILLED_MILITANTS}.get(category)
                    if metric is None:
                        continue
                else:
                    continue
        if metric is not None and unit is Unit.COUNT:
            metric = refine_killed(metric, text[max(0, q.start - sentence.start - 60):q.start - sentence.start], text[q.end - sentence.start:])
        if metric is Metric.INJURED and unit is Unit.COUNT and not q.noun and FORCES_INJURING.search(text[:q.start - sentence.start]):
            continue  # "eliminating 156 militants, injuring 20, and arresting 66": injured militants
        if metric is Metric.KILLED_SECURITY and unit is Unit.COUNT and (later := INJURED_LATER.match(text[max(q.end, q.noun_end) - sentence.start:])) \
                and not KILLED_WORDS.search(later.group(0)):
            metric = Metric.INJURED_SECURITY  # "while 81 security forces personnel and 45 civilians sustained injuries"
        if metric in (Metric.KILLED, Metric.INJURED) and unit is Unit.COUNT and (victims := _victim_group(q, sentence, taxonomy)) is not None:
            if victims is VictimCategory.MILITANTS and metric is Metric.INJURED:
                continue  # "Outlaws were targeted in 75 operations, suffering 19 injuries": no monitor counts them
            metric = METRICS_OF.get((metric, victims), metric)
        if metric in (Metric.KILLED, Metric.INJURED) and claims and claims[-1].unit is Unit.COUNT and claims[-1].evidence is not None \
                and claims[-1].metric in INJURED_OF \
                and BRACKET_ASIDE.fullmatch(text[claims[-1].evidence.end - sentence.start:q.start - sentence.start]):
            # "security forces lost 282 personnel during 2022 (with 40 fatalities only in December)":
            # the aside counts the same people as the figure it stands beside
            metric = claims[-1].metric if metric is Metric.KILLED else INJURED_OF[claims[-1].metric]
        # a change is about the newer period, never the one it is measured against ("a 13% decline
        # compared to Q4 2024", "down from 900 in the first quarter")
        own_periods = [t for t in periods if not _in_comparison(t, sentence, clause=True)] if unit is Unit.PERCENT_CHANGE else periods
        if unit is Unit.PERCENT_CHANGE and COMPARISON_BETWEEN.search(text) and len({(t.range_start, t.range_end) for t in periods}) > 1:
            # "fatalities dropped by 25 percent, with 208 killed in January compared to 156 in February": the later month's change
            own_periods = [max(periods, key=lambda t: t.range_end or date.min)]
        unfixed = unfixable_own_year(text[q.noun_end - sentence.start if q.noun_end else q.end - sentence.start:], q.noun_end or q.end, dates)
        period_mention = unfixed or _period_for(q, sentence, own_periods) or _unresolved_for(q, sentence, unresolved) \
            or (ctx.last_period if anaphors else None) or ctx.paragraph_period or ctx.last_period or _later_period(q, sentence, periods)
        if unit is Unit.COUNT and COMPARED_TO.search(text[:q.start - sentence.start]):
            period_mention = _previous_if_said(period_mention, text[q.end - sentence.start:])
        period = _as_period(period_mention)
        inherited = False
        if unit is Unit.COUNT and ctx.from_to is not None:
            # "from 17 in July to 28 in August, while in FATA they rose from 18 to 37": 18 is July's, 37 August's
            if BARE_FROM_BEFORE.search(text[:q.start - sentence.start]) and BARE_TO_AFTER.match(text[q.end - sentence.start:]):
                period, inherited = ctx.from_to[0], True
            elif BARE_TO_BEFORE.search(text[:q.start - sentence.start]) and not OWN_PERIOD_AFTER.match(text[q.end - sentence.start:]):
                period, inherited = ctx.from_to[1], True
        if qualifier is Qualifier.APPROX and q.text.lower().startswith(("some", "up to")):
            qualifier = Qualifier.APPROX
        end = max(q.noun_end, q.end) if id(q) not in part_of else part_of[id(q)].quantities[-1].noun_end
        claims.append(
            Claim(
                source=effective_source,
                region=line_regions.get(id(q)) or regions.get(id(q), region),
                period=period,
                metric=metric,
                unit=unit,
                value=value,
                qualifier=qualifier,
                evidence=Span(start=q.start, end=end, text=_slice(sentence, q.start, end)),
            )
        )
        if unit is Unit.COUNT and EACH_AFTER.match(text[max(q.end, q.noun_end) - sentence.start:]) \
                and len(each := _places_each(q, places, text, sentence.start)) > 1:
            # "two each in Punjab and Sindh", "six incidents each in Peshawar, Bajaur and South
            # Waziristan": the figure is every place's own
            one = claims.pop()
            claims.extend(one.model_copy(update={"region": _region([p], ctx.default_region)}) for p in each)
        if unit is Unit.COUNT and period.start is not None and not inherited and FROM_THEN_TO.search(text):
            own_dated.append(period)
            if len({(p.start, p.end) for p in own_dated}) >= 2:
                # "from A to B" goes from the earlier period to the later, whichever the text named first
                # ("six attacks in March against 16 in February, ... declined from 16 to five")
                first, second = own_dated[-2], own_dated[-1]
                ctx.from_to = (first, second) if (first.start or "") <= (second.start or "") else (second, first)
        if unit is Unit.COUNT:
            ctx.last_metric = metric
            if metric in EVENT_METRICS:
                ctx.last_event_metric = metric
        if id(q) in toll_by_q and id(q) not in part_of:
            pending_sum = (toll_by_q[id(q)], len(claims) - 1)
        else:
            pending_sum = None
    if claims:
        ctx.paragraph_is_statistical = True
        ctx.paragraph_source = effective_source
        regions_named = {c.region.name for c in claims}
        ctx.paragraph_region = claims[-1].region if len(regions_named) == 1 and claims[-1].region.admin1 else None
        ctx.paragraph_topic = False
        ctx.last_claim_source = effective_source
        # "January was the deadliest month of the quarter, with 211 fatalities": a month singled out is
        # no period the next sentences' figures are about
        main = [t for t in periods if not _in_comparison(t, sentence) and not any(t is m for m in subject_months)]
        if main and COMPARISON_BETWEEN.search(text) and len({(t.range_start, t.range_end) for t in periods}) > 1:
            # "with 198 killed in March compared to 174 in April": the later month is the one the next figures are about
            main = [max(periods, key=lambda t: t.range_end or date.min)]
        if main:
            # the period the figures are about, not the one they are compared with
            ctx.paragraph_period = ctx.last_period = _main_period(main, text)
        elif unresolved:
            # "... in the past six months" with no date to count from: the figures after it are
            # about that unknown period, not the last one named
            ctx.paragraph_period = ctx.last_period = unresolved[0]
    elif (ctx.document_source is not None or sources) and not single_event:
        # "added 105 suspicious persons ... during the year 2022": on a report's page (or in a
        # sentence naming its publisher), a period named with figures that count nothing of ours is
        # still the one the next figures are about; not "surpassed the entire 2023 record"
        main = [t for t in periods if not _in_comparison(t, sentence)
                and not SURPASSED_BEFORE.search(text[max(0, t.start - sentence.start - 60):t.start - sentence.start])]
        if main:
            ctx.paragraph_period = ctx.last_period = main[0]
    if sources:
        ctx.last_source = sources[-1].name
    return claims


def _unresolved_for(q: QuantityMention, sentence: Sentence, unresolved: list[TemporalMention]) -> TemporalMention | None:
    """An unresolved period in the figure's own clause, or the sentence's only one."""
    if not unresolved:
        return None
    seg_start, seg_end = _segment_of(sentence.text, q.start - sentence.start)
    inside = [t for t in unresolved if seg_start <= t.start - sentence.start < seg_end]
    return inside[0] if inside else (unresolved[0] if len(unresolved) == 1 else None)


# "90 terrorists, referred to as "khawarij," were neutralized": an aside may stand before the verb
KILLED_AFTER = re.compile(r"^\s*(?:,[^.;,]{1,40},[\"”’']?\s*)?(?:(?:were|had|have|also|been)\s+){0,3}(?:killed|dead|died|lost their lives|losing their lives|embraced martyrdom|"
                          r"martyred|assassinated|perished|gunned down|eliminated|neutrali[sz]ed)\b", re.IGNORECASE)
# "the 203 insurgent fatalities reported in April": the category written before the toll noun
CATEGORY_FATALITIES = re.compile(r"^(?:[\w-]+ ){1,2}(?:fatalities|deaths)\b", re.IGNORECASE)
GENERIC_PEOPLE = re.compile(r"^(?:people|persons|individuals|others)\b", re.IGNORECASE)
SUBJECT_NOUN = re.compile(r"death|fatalit|killed|lives|injur|wound|attack|incident|violence", re.IGNORECASE)
CASUALTIES_NOUN = re.compile(r"^(?:[\w-]+ ){0,2}casualt", re.IGNORECASE)
# "over two dozen attacks": a statistic's round count, no figure (as "dozens"); "a dozen" is one
DOZEN_COUNT = re.compile(r"\b(?!a\b)[a-z]+[\s-]dozen\b", re.IGNORECASE)
VAGUE_NUMBER = re.compile(r"^(?:dozens|scores|hundreds|thousands|several|many|a few)\b", re.IGNORECASE)
MIXED_AFTER = re.compile(r"^\s*and (?:health workers|vaccinators|civilians|children|women|teachers|workers|passers-by|bystanders)\b", re.IGNORECASE)
MIXED_SPLIT = {Metric.KILLED_SECURITY, Metric.KILLED_CIVILIANS, Metric.KILLED_MILITANTS, Metric.INJURED_CIVILIANS, Metric.INJURED_SECURITY}
LIST_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
LIST_CONTINUES = re.compile(r"^\s+in\s+(?:year\s+)?\d{4}\b", re.IGNORECASE)
LIST_IN = re.compile(r"^\s+in\s")
LIST_BEFORE = re.compile(r"(?:,|\band)\s*$")
GROUP_BRACKET = re.compile(r"(?:-[A-Za-z]{1,6})?\s?\(\s*")
# "72 security personnel and 31 civilians, including a peace committee member in Bannu, lost
# their lives": the place of one person named in passing is not the figures' region
REGION_COUNTRIES = {"PK", "AF"}  # the ledger counts figures about these countries; "US drone strikes" is no region
FEW_EVENTS = 3  # "two operations", "three attacks": told one by one, no tally
NOT_COUNTED_SUBJECT = re.compile(r"\b(?:kidnappings?|abductions?|kidnapp?ed|abducted|kidnapping for ransom)\b[^,.;\d]{0,30}$", re.IGNORECASE)
LUMPED_BEFORE = re.compile(r"\bcasualt\w*\s*[,–—-]\s*(?:an?\s+)?$", re.IGNORECASE)
LUMPED_AFTER = re.compile(r"^[^,.;]{0,30}?\bcasualt", re.IGNORECASE)
# "Earlier in March, two policemen were martyred ...": attacks recalled, not a statistic
RECALL_OPENING = re.compile(r"^\W*earlier\b", re.IGNORECASE)
ASIDE_PLACE = re.compile(r"\bincluding\s+(?:a|an|one)\s+[^,;\d]{0,60}$", re.IGNORECASE)
# a sentence that goes on with the figures before it: "Additionally, the report states that ..."
CONTINUES = re.compile(r"^\W*(?:additionally|in addition|moreover|furthermore|besides|also|of (?:them|these|those)|among (?:them|these|those)|out of)\b",
                       re.IGNORECASE)
THE_PROVINCE = re.compile(r"\bthe province\b", re.IGNORECASE)
# the subject of a sentence that goes on about the last one's figures ("These attacks claimed ...",
# "The militants carried out 11 attacks ...")
ANAPHORIC_SUBJECT = re.compile(r"^\W*(?:(?:the|these|those|such) (?:[\w-]+ )?(?:militants|terrorists|insurgents|attacks|incidents|attackers)|they|it)\b",
                               re.IGNORECASE)
ALSO = re.compile(r"\balso\b", re.IGNORECASE)
# "... gunned down during these counter terrorism measures": a campaign's sum, not the province's
CAMPAIGN = re.compile(r"\b(?:these|such) (?:[\w-]+ ){0,3}(?:measures|actions|efforts|campaigns|operations)\b", re.IGNORECASE)
# a sentence about the whole country does not take the paragraph's province
WHOLE_COUNTRY_CUE = re.compile(r"\b(?:(?:the|whole|entire) country|countrywide|nationwide|national|nationally|overall|in all|in total|total)\b",
                               re.IGNORECASE)
SURPASSED_BEFORE = re.compile(r"\b(?:surpass\w*|exceed\w*|entire|whole)\b[^.;]{0,40}$", re.IGNORECASE)
THIS_PERIOD = re.compile(r"^(?:in |during )?(?:this|the current) (?:year|month|quarter)\b", re.IGNORECASE)
RECORD_BEFORE = re.compile(r"\b(?:highest|lowest|deadliest|bloodiest|worst|best|most|least|biggest|largest|record|first time)\b[^.;,]{0,60}$",
                           re.IGNORECASE)  # "the highest frequency of such attacks in a single month since November 2014"
PREVIOUS_PERIOD_AFTER = re.compile(r"^[^,.;]{0,30}?\b(?:(?:preceding|previous|prior|last) |the (?=(?:quarter|month|year) before\b))(quarter|three months|month|year)\b",
                                   re.IGNORECASE)  # "... compared to 45 during the month before"


BRACKET_ASIDE = re.compile(r"(?:[^().;\d]|(?:19|20)\d\d){0,40}\(\s*(?:with\s+|including\s+|of (?:which|whom)\s+)?", re.IGNORECASE)
# "Total fatalities from terrorist violence were as many as 973": the toll named as the subject
TOLL_WAS = re.compile(r"\b(?:total |overall )?(?P<what>fatalities|deaths|injuries)\b[^.;,\d]{0,40}?\s+(?:were|was|stood at|totalled|totaled)\s+"
                      r"(?:as many as |at least |over |more than |nearly |about |some )?$", re.IGNORECASE)
NUMBER_OF = re.compile(r"\b(?:number|tally|count|toll) of (?:the )?(?P<what>injur\w*|wounded|deaths|fatalities|killed|dead)\b(?:[^.;,\d]|(?:19|20)\d\d){0,50}$",
                       re.IGNORECASE)
TOLL_OF_GROUP = re.compile(r"\b(?P<what>fatalities|deaths|injuries)\s+(?:among|of|against|for)\s+(?P<who>[^,.;\d]{3,40}?)\s+"
                           r"(?:reached|rose to|stood at|climbed to|totalled|totaled|jumped to|fell to|dropped to)\s+$", re.IGNORECASE)
INJURED_OF = {Metric.KILLED_CIVILIANS: Metric.INJURED_CIVILIANS, Metric.KILLED_SECURITY: Metric.INJURED_SECURITY}
KILLED_THEN_INJURED = re.compile(r"[^,.;\d]{0,60}?\b(?:killed|martyred|dead|lost (?:their )?lives)(?:\s+(?:and|with|while)|,)\s+"
                                 r"(?:at least |more than |over |nearly |about |some |another |other )?", re.IGNORECASE)


PEOPLE_NOUN = re.compile(r"^(?:people|persons|individuals)$", re.IGNORECASE)
DIED_AFTER_ASIDE = re.compile(r"^\s*(?:[–—]|-{1,2}\s)[^–—.;]{1,80}?(?:[–—]|\s-{1,2})\s*(?:have |had |were )?"
                              r"(?:died|perished|lost their lives|been killed|killed|martyred)\b", re.IGNORECASE)
# "submitted charge sheets against 183": proceedings against people, no comparison of two counts
LEGAL_AGAINST = re.compile(r"\b(?:cases?|charge[- ]?sheets?|challans?|FIRs?|proceedings|action|complaints?|references?)\s+(?:\w+\s+)?against\s+$",
                           re.IGNORECASE)
TALLY_OF = re.compile(r"\b(?:tally|total|figure|count) of\s+$", re.IGNORECASE)
EVENT_METRICS = {Metric.INCIDENTS, Metric.ATTACKS, Metric.OPERATIONS}
EVENT_VERB_AFTER = re.compile(r"^\s*(?:of them\s+|of these\s+)?(?:took place|occurred|happened|(?:were\s+)?(?:recorded|reported|carried out|conducted))\b",
                              re.IGNORECASE)
# "a 145 per cent surge in civilian injuries -- from 53 in April to 130 in May"
_TO_FIGURE = r"(?:[^.;\d]{0,40}|[^.;\d]{0,40}\bfrom\s+[\d,]+[^.;\d]{0,30}\bto\s+)$"  # "... civilian injuries, from 53 in April to 101"
CATEGORY_ADJECTIVE = [
    (re.compile(r"\bcivilian (?:injuries|injured|wounded)\b" + _TO_FIGURE, re.IGNORECASE), Metric.INJURED_CIVILIANS),
    (re.compile(r"\bcivilian (?:deaths|fatalities|killings)\b" + _TO_FIGURE, re.IGNORECASE), Metric.KILLED_CIVILIANS),
    (re.compile(r"\bsecurity (?:forces? |personnel )?(?:injuries|injured|wounded)\b" + _TO_FIGURE, re.IGNORECASE), Metric.INJURED_SECURITY),
    (re.compile(r"\bsecurity (?:forces? |personnel )?(?:deaths|fatalities)\b" + _TO_FIGURE, re.IGNORECASE), Metric.KILLED_SECURITY),
    (re.compile(r"\b(?:militant|terrorist|insurgent) (?:deaths|fatalities)\b" + _TO_FIGURE, re.IGNORECASE), Metric.KILLED_MILITANTS),
]
LINE_BREAK = re.compile(r"\n|•|▪|●")
# "with deaths in the capital Kabul accounting for almost 20 percent": the place of a later share
LATER_SHARE = re.compile(r"\b(?:with|while|whereas)\b", re.IGNORECASE)


def _of_category(metric: Metric, before: str) -> Metric:
    """A bare figure's killed or injured made the category its subject names ("civilian injuries")."""
    if metric not in (Metric.KILLED, Metric.INJURED):
        return metric
    for pattern, category in CATEGORY_ADJECTIVE:
        if pattern.search(before) and (category.value.startswith("killed") == (metric is Metric.KILLED)):
            return category
    return metric


def _regions_after_the_figures(sentence: Sentence, places: list[PlaceMention], quantities: list[QuantityMention],
                               default: Region) -> dict[int, Region]:
    """'1,662 civilians were killed ... with deaths in the capital Kabul accounting for almost 20
    percent': a place named in a later "with" clause with its own figure is not the earlier figures'."""
    out: dict[int, Region] = {}
    place = places[0]
    if not any(q.start > place.end for q in quantities):
        return out
    for q in quantities:
        between = sentence.text[q.end - sentence.start:place.start - sentence.start]
        if q.end <= place.start and LATER_SHARE.search(between):
            out[id(q)] = default
    return out


def _line_regions(sentence: Sentence, places: list[PlaceMention], quantities: list[QuantityMention], regions: dict[int, Region],
                  default: Region) -> dict[int, Region]:
    """In a sentence running over several lines or bullets ("• 664 security personnel martyred •
    ... • As violence concentrated in KP and Balochistan"), a place reaches the figures of its own
    line only."""
    text = sentence.text
    breaks = [m.start() for m in LINE_BREAK.finditer(text)]
    if not breaks:
        return {}
    out: dict[int, Region] = {}
    for q in quantities:
        rel = q.start - sentence.start
        lo = max([b for b in breaks if b < rel], default=0)
        hi = min([b for b in breaks if b > rel], default=len(text))
        line = [p for p in places if lo <= p.start - sentence.start < hi]
        if not line:
            out[id(q)] = default
        elif id(q) not in regions:
            out[id(q)] = _region(line, default)
    return out


def _number_of(before: str) -> str | None:
    """'The number of injured rose to', 'fatalities against security forces reached': the role a
    figure after it counts."""
    m = NUMBER_OF.search(before) or TOLL_OF_GROUP.search(before) or TOLL_WAS.search(before)
    if m is None:
        return None
    return "injured" if re.match(r"injur|wound", m.group("what"), re.IGNORECASE) else "killed"


def _count_noun_metric(q: QuantityMention) -> Metric | None:
    """The event count a figure's own noun names ("174 reported militant attacks"), if it names one."""
    metric = _metric_for_count(q, "")
    return metric if metric in {Metric.INCIDENTS, Metric.ATTACKS, Metric.OPERATIONS} else None


# whose deaths or injuries a bare toll counts, named around it: "333 fatalities among outlaws",
# "64 deaths—49 of whom were security personnel", "Civilians faced 107 attacks, resulting in 249 injuries"
AMONG_AFTER = re.compile(r"^\s+among\s+(?:the\s+)?(?P<who>[^.;\d—–()]{3,60})", re.IGNORECASE)
OF_WHOM_AFTER = re.compile(r"^\s+of\s+(?:whom|them|these)\s+(?:were|was)\s+(?:all\s+)?(?P<who>[^,.;\d—–()]{3,40})", re.IGNORECASE)
SUBJECT_GROUP = re.compile(r"^\W*(?:[^,.;:]{0,60},\s*)?(?P<who>[A-Za-z][^,.;:\d]{2,40}?)\s+(?:faced|suffered|bore|endured|were targeted in|were hit by|came under)\b")
BARE_TOLL_NOUN = re.compile(r"^(?:fatalities|deaths|injuries|lives|dead|injured|wounded|killed|(?:of )?(?:whom|them|these))?$", re.IGNORECASE)
# the toll the clause is about, named by its group: "Militant fatalities also dropped by 25 percent, with
# 208 killed in January", "security forces’ casualties declined by 18 percent, down from 57 in January"
TOLL_SUBJECT_BEFORE = re.compile(r"\b(?P<who>(?:[\w-]+\s+)?[\w-]+?)(?:[’']s?)?\s+(?:casualties|deaths|fatalities|losses)\b[^.;:\d]{0,60}"
                                 r"(?:\d+\s*(?:%|percent|per cent|pc)[^.;:\d]{0,40})?$", re.IGNORECASE)


KILLED_WORDS = re.compile(r"\b(?:killed|martyred|marytred|martyrdom|embraced|dead|died|deaths?|lost|lives|fatalities)\b", re.IGNORECASE)
ARRESTS_MADE_AFTER = re.compile(r"^\s*(?:were|was)\s+(?:made|effected|carried out)\b", re.IGNORECASE)
FORCES_INJURING = re.compile(r"\b(?:eliminating|killing|neutrali[sz]ing|gunning down)\s+(?:at least |over |more than )?[\d,]+\s+(?:suspected\s+)?"
                             r"(?:militants|terrorists|insurgents|outlaws|khawarij|khwarij)\s*,?\s*(?:and\s+)?injuring\s+(?:at least |over )?$", re.IGNORECASE)
INJURED_LATER = re.compile(r"^[^.;,\d]{0,60}?\b(?:sustained|suffered|received)\s+(?:\w+\s+)?injuries\b|^\s*(?:were|got)\s+(?:also\s+)?(?:injured|wounded)\b"
                           r"|^\s+and\s+[\d,]+\s+[a-z][\w\s-]{2,30}?\s+(?:(?:were|got)\s+(?:also\s+)?(?:injured|wounded)|(?:sustained|suffered|received)\s+(?:\w+\s+)?injuries)\b",
                           re.IGNORECASE)


def _victim_group(q: QuantityMention, sentence: Sentence, taxonomy: Taxonomy) -> VictimCategory | None:
    """The one group of victims a bare toll ("249 injuries", "49 of whom were ...") is about, named
    after it or as the sentence's subject; None when none is named or several are."""
    if not BARE_TOLL_NOUN.match(q.noun.strip()):
        return None
    text = sentence.text
    after = text[max(q.end, q.noun_end) - sentence.start:]
    found = AMONG_AFTER.match(after) or OF_WHOM_AFTER.match(text[q.end - sentence.start:]) or SUBJECT_GROUP.match(text[:q.start - sentence.start]) \
        or TOLL_SUBJECT_BEFORE.search(text[:q.start - sentence.start])
    if found is None:
        return None
    who = found.group("who").lower()
    if _mixes_categories(who, taxonomy):
        return None
    return categorise(who, taxonomy.victims)


def _mixes_categories(noun: str, taxonomy: Taxonomy) -> bool:
    """'policemen and health workers': two victim categories in one figure, which is then no split."""
    parts = [p.strip() for p in re.split(r"\band\b|,", noun) if p.strip()]
    found = {categorise(p, taxonomy.victims) for p in parts}
    if found - {None} and len(found - {None}) == 1 and all(LONE_QUALIFIER.fullmatch(p) or OF_GROUP.fullmatch(PRAISE.sub("", p))
                                                          for p in parts if categorise(p, taxonomy.victims) is None):
        return False  # "law and security forces officials": "law" is part of one name, not a second category
    return len(parts) > 1 and len(found) > 1


METRICS_OF = {(Metric.KILLED, VictimCategory.SECURITY): Metric.KILLED_SECURITY, (Metric.KILLED, VictimCategory.CIVILIANS): Metric.KILLED_CIVILIANS,
              (Metric.KILLED, VictimCategory.MILITANTS): Metric.KILLED_MILITANTS, (Metric.INJURED, VictimCategory.SECURITY): Metric.INJURED_SECURITY,
              (Metric.INJURED, VictimCategory.CIVILIANS): Metric.INJURED_CIVILIANS}
OF_GROUP = re.compile(r"^(?:members|personnel|officials|men|officers)(?: of\b.*)?$", re.IGNORECASE)
# words of tribute before the fallen ("193 brave officers and soldiers embraced martyrdom"): no category
PRAISE = re.compile(r"^(?:(?:brave|valiant|gallant|heroic|courageous|fearless|shaheed)\s+)+", re.IGNORECASE)
# a toll noun standing alone, with up to two modifiers ("combat-related deaths"); not "targeted
# killings" (events) nor lumped casualties
LONE_TOLL_NOUN = re.compile(r"^(?:\w+-[\w-]+ )?(?:fatalities|deaths|injuries)$", re.IGNORECASE)
INCLUDED_OPENING = re.compile(r"^\W*(?:these|they|those|the (?:dead|deaths|fatalities|victims|injured))\s+(?:included|include|includes|comprised)\b",
                              re.IGNORECASE)
QUOTED_FALLEN = re.compile(r"^\s*[\"“‘']\s*(?P<who>[^\"”’.;,\d]{3,50}?)\s+(?:embraced martyrdom|were martyred|were killed|lost their lives|died)\b",
                           re.IGNORECASE)
LONE_QUALIFIER = re.compile(r"law|law enforcement|other|others'?|security|government", re.IGNORECASE)


def _after_place(q: QuantityMention, places: list[PlaceMention], actors: list[ActorMention] = (), text: str = "",  # type: ignore[assignment]
                 offset: int = 0) -> bool:
    """Whether a place ends just before the number's bracket: 'Balochistan (38)'; or a militant
    group, its faction suffix included: 'TTP claimed the most fatalities (8), followed by IS (4)
    and TTP-JA (1)'."""
    if any(0 <= q.start - p.end <= 3 for p in places):
        return True
    return any(a.kind == "group" and a.end <= q.start and GROUP_BRACKET.fullmatch(text[a.end - offset:q.start - offset])
               for a in actors)


def _previous_if_said(period: TemporalMention | None, after: str) -> TemporalMention | None:
    """'up from 131 in the preceding three months': the period before the one the figures are about."""
    m = PREVIOUS_PERIOD_AFTER.match(after)
    if period is None or period.range_start is None or period.range_end is None or m is None:
        return period
    from datetime import timedelta

    unit = m.group(1).lower()
    start, end = period.range_start, period.range_end
    if unit in ("quarter", "three months"):
        months = 3
    elif unit == "month":
        months = 1
    else:
        months = 12
    total = start.year * 12 + start.month - 1 - months
    new_start = start.replace(year=total // 12, month=total % 12 + 1, day=1)
    new_end = start - timedelta(days=1)
    if (end - start).days + 1 > 100 and months < 12:
        return period  # the figures' own period is longer than what "the previous quarter" would step back
    label = f"{m.group(0).strip()}"
    return TemporalMention(start=period.start, end=period.end, text=label, range_start=new_start, range_end=new_end,
                           precision=period.precision, kind=period.kind, label=label)


def _names_an_organisation(place: PlaceMention, actors: list[ActorMention], text: str, offset: int) -> bool:
    """'(CRSS) Islamabad', 'Islamabad-based': the place locates a source, not the figures."""
    for a in actors:
        # "(CRSS) Islamabad" locates the source; "According to PICSS, Khyber-Pakhtunkhwa faced" names the figures' region
        if (0 <= place.start - a.end <= 3 and "," not in text[a.end - offset:place.start - offset]) or a.start <= place.start < a.end:
            return True
    return text[place.end - offset:place.end - offset + 7].lower().startswith(("-based", " based"))


GLOSS_OPEN = re.compile(r"\s?\(\s*[^()]{0,40}$")


def _glosses(place: PlaceMention, places: list[PlaceMention], text: str, offset: int) -> bool:
    """Whether the place stands in a bracket that explains the place before it: "erstwhile-FATA
    (tribal districts of KP)" is about FATA, not KP."""
    before = text[:place.start - offset]
    bracket = GLOSS_OPEN.search(before)
    if bracket is None:
        return False
    opened = offset + bracket.start()
    return any(other is not place and 0 <= opened - other.end <= 1 for other in places)


def _slice(sentence: Sentence, start: int, end: int) -> str:
    return sentence.text[start - sentence.start:end - sentence.start]


def widen_evidence(claim: Claim, sentence: Sentence) -> Claim:
    """Evidence is the whole sentence the figure stands in: the reader needs the context."""
    return claim.model_copy(update={"evidence": Span(start=sentence.start, end=sentence.end, text=sentence.text)})


def dedupe_claims(claims: list[Claim]) -> list[Claim]:
    """One claim per distinct figure: the same source, metric, unit, value and period once; a
    rounded statement of a figure the article also gives exactly ("More than 1,500 people" beside
    "1,524 deaths" of the same year) is that figure, stated less precisely."""
    seen: set[tuple[tuple[object, ...], str | None]] = set()
    out = []
    for c in claims:
        key = (c.source, c.metric, c.unit, c.value, c.period.start, c.period.end)
        # the same figure of two named provinces is two figures ("4 injured" in KP and in FATA);
        # the country's figure and a province's reading of it are one
        where = c.region.name if c.region.admin1 or c.region.name in SPLIT_REGIONS else None  # a district's too ("six each in Peshawar, Bajaur")
        if (key, None) in seen or (key, where) in seen or (where is None and any(k == key for k, _ in seen)):
            continue
        seen.add((key, where))
        out.append(c)
    return [c for c in out if not any(_rounds(c, other) or _defaulted_percent(c, other) for other in out if other is not c)]


def _defaulted_percent(default: Claim, named: Claim) -> bool:
    """Whether ``default`` is a change or share whose metric fell back to incidents (no subject
    read) and ``named`` states the same percentage of the same period with its subject: a headline
    run into the lead ("40% Surge in Militant Attacks in 2024 In 2024, ... a 40% surge")."""
    return default.unit is not Unit.COUNT and default.metric is Metric.INCIDENTS and named.metric is not Metric.INCIDENTS \
        and (default.source, default.unit, default.value, default.period.start, default.period.end) \
        == (named.source, named.unit, named.value, named.period.start, named.period.end)


SPLIT_REGIONS = {"FATA", "erstwhile FATA", "erstwhile-FATA", "Tribal Areas"}  # no gazetteer province, counted apart
ROUNDING_SLACK = 0.1  # "more than 1,500" stands for 1,524, not for 1,700


def _rounds(rounded: Claim, exact: Claim) -> bool:
    """Whether ``rounded`` ("over 1,500", "nearly 200") is a round statement of ``exact`` (1,524, 196)."""
    if rounded.qualifier is Qualifier.EXACT or exact.qualifier is not Qualifier.EXACT or rounded.unit is not Unit.COUNT:
        return False
    if (rounded.metric, rounded.unit, rounded.period.start, rounded.period.end) != (exact.metric, exact.unit, exact.period.start, exact.period.end):
        return False
    if rounded.period.start is None or rounded.value < 100 or rounded.value % 50 or exact.value == rounded.value:
        return False
    gap = exact.value - rounded.value
    if rounded.qualifier in (Qualifier.OVER, Qualifier.AT_LEAST):
        return 0 < gap <= rounded.value * ROUNDING_SLACK
    return abs(gap) <= rounded.value * ROUNDING_SLACK



class ClaimStage:
    name = "claims"
    requires = ("sentences", "dates", "quantities", "places", "actors")
    provides = ("claims", "statistical_sentences")

    def __init__(self, taxonomy: Taxonomy, actors: ActorLexicon | None = None) -> None:
        self.taxonomy = taxonomy
        self.actor_index = build_alias_index(actors) if actors is not None else None

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        title = doc.clean.title if doc.clean is not None else None
        title_actors = find_actors(title, self.actor_index) if title and self.actor_index else []
        title_actors += publisher_mentions(title, [], title) if title else []
        title_actors += named_sources(title, title_actors) if title else []
        actors = doc.actors + publisher_mentions(doc.text, doc.sentences, title)
        actors = sorted(actors + named_sources(doc.text, actors), key=lambda a: a.start)
        source = document_source(doc.sentences, actors, title=title, title_actors=title_actors)
        published = doc.clean.published if doc.clean is not None else None
        ctx = ClaimContext(default_region=lead_region(doc) or default_region(doc.places), document_source=source, published=published)
        origins: list[ClaimOrigin] = []
        doc.statistical_sentences = set()
        paragraphs: dict[int, list[Sentence]] = {}
        for s in doc.sentences:
            paragraphs.setdefault(s.paragraph, []).append(s)
        for s in doc.sentences:
            if origins and (new_source := story_source(s, paragraphs, within(actors, s.start, s.end), ctx.document_source or ctx.last_claim_source)):
                start_story(ctx, new_source)
            if is_heading(s, paragraphs):
                ctx.heading_region = _one_province(within(doc.places, s.start, s.end), ctx.default_region)
            found = find_claims(
                s,
                quantities=within(doc.quantities, s.start, s.end),
                dates=within(doc.dates, s.start, s.end),
                places=within(doc.places, s.start, s.end),
                actors=within(actors, s.start, s.end),
                taxonomy=self.taxonomy,
                ctx=ctx,
                full_text=doc.text,
            )
            if found or ctx.sentence_statistical:
                doc.statistical_sentences.add(s.index)
            origins.extend(ClaimOrigin(widen_evidence(c, s), s.index, ctx.own_source) for c in found)
        claims = [c for c in backfill_sources(origins, doc.sentences, actors) if is_usable_value(c.value)]  # no 4,300-digit figure
        doc.claims = flag_contradictions(dedupe_claims([year_so_far(whole_months(year_just_ended(c, published), published), published)
                                                        for c in claims]))
        return doc


# a heading between two stories on one page: short, no sentence end ("Record increase in deaths
# due to terrorism in Pakistan: Report")
HEADING = re.compile(r"^[^.!?]{3,120}[^.!?\"”’'\s]$")
MAX_HEADING_WORDS = 14


def story_source(sentence: Sentence, paragraphs: dict[int, list[Sentence]], actors: list[ActorMention],
                 current: str | None) -> str | None:
    """The source a new story names in its first sentence, when ``sentence`` opens a paragraph
    after a heading and names a source other than the page's so far; else None. The page's
    earlier source does not cross into the second story ("... PICSS ... / Record increase in
    deaths: Report / ... a recent study by the Centre for Research and Security Studies ...")."""
    mine = paragraphs.get(sentence.paragraph, [])
    before = paragraphs.get(sentence.paragraph - 1, [])
    if not mine or mine[0] is not sentence or len(before) != 1:
        return None
    heading = before[0].text.strip()
    if not HEADING.match(heading) or len(heading.split()) > MAX_HEADING_WORDS:
        return None
    named = [a.name for a in actors if a.kind == "source"]
    return named[0] if named and current is not None and named[0] != current else None


def is_heading(sentence: Sentence, paragraphs: dict[int, list[Sentence]]) -> bool:
    """Whether ``sentence`` is a sub-heading: a paragraph of its own, short, with no sentence end
    and no figure ("Balochistan: the deadliest region")."""
    text = sentence.text.strip()
    return (paragraphs.get(sentence.paragraph, []) == [sentence] and bool(HEADING.match(text))
            and len(text.split()) <= MAX_HEADING_WORDS and not re.search(r"\d", text))


def start_story(ctx: ClaimContext, source: str) -> None:
    """A second story's figures carry its own source and periods, not the first story's."""
    ctx.document_source = ctx.last_source = source
    ctx.last_claim_source = ctx.paragraph_source = None
    ctx.last_period = ctx.paragraph_period = None
    ctx.last_province = ctx.paragraph_region = ctx.heading_region = None


CONTRADICTS = "contradicts itself: the article states this change both as a rise and as a fall"


def flag_contradictions(claims: list[Claim]) -> list[Claim]:
    """A change stated both ways in one article ("up 12 percent", later "fell 12 percent") keeps
    both readings, each flagged for review."""
    signs: dict[tuple, set[int]] = {}
    for c in claims:
        if c.unit is Unit.PERCENT_CHANGE and c.value:
            signs.setdefault((abs(c.value), c.period.start, c.period.end, c.region.name), set()).add(1 if c.value > 0 else -1)
    out = []
    for c in claims:
        key = (abs(c.value), c.period.start, c.period.end, c.region.name)
        if c.unit is Unit.PERCENT_CHANGE and len(signs.get(key, ())) == 2:
            c = c.model_copy(update={"flags": [*c.flags, CONTRADICTS]})
        out.append(c)
    return _flag_against_counts(out)


CONTRADICTS_COUNTS = "contradicts itself: the change and the two counts it compares move in opposite directions"


def _flag_against_counts(claims: list[Claim]) -> list[Claim]:
    """'Attacks rose 12 percent, from 60 in May to 50 in June': the stated change and the counts
    of its own sentence disagree. All three are kept, each flagged for review."""
    flagged: set[int] = set()
    for i, change in enumerate(claims):
        if change.unit is not Unit.PERCENT_CHANGE or not change.value or change.evidence is None:
            continue
        counts = [(j, c) for j, c in enumerate(claims) if c.unit is Unit.COUNT and c.metric is change.metric and c.evidence is not None
                  and c.evidence.start == change.evidence.start and c.period.start is not None and c.region.name == change.region.name]
        dated = sorted(counts, key=lambda jc: jc[1].period.start or "")
        if len(dated) != 2 or dated[0][1].period.start == dated[1][1].period.start or dated[0][1].value == dated[1][1].value:
            continue
        if (dated[1][1].value > dated[0][1].value) != (change.value > 0):
            flagged.update({i, dated[0][0], dated[1][0]})
    return [c.model_copy(update={"flags": [*c.flags, CONTRADICTS_COUNTS]}) if i in flagged else c for i, c in enumerate(claims)]

