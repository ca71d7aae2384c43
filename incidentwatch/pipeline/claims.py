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
from dataclasses import dataclass, field

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
from ..resources import Taxonomy
from .base import ArticleDoc, within
from .places import in_dateline
from .tolls import NOT_PEOPLE, TollItem, read_tolls

COUNT_METRICS: list[tuple[re.Pattern[str], Metric]] = [
    (re.compile(r"\b(?:incidents?|terrorist acts|acts of terrorism|acts of violence|violent events|events)\b"), Metric.INCIDENTS),
    (re.compile(r"\b(?:attacks?|assaults?|bombings?|blasts?|strikes)\b"), Metric.ATTACKS),
    (re.compile(r"\b(?:operations?|ibos?|raids?)\b"), Metric.OPERATIONS),
    (re.compile(r"\b(?:arrests?|suspects?|arrested|detained)\b"), Metric.ARRESTED),
]
ARRESTED_BEFORE = re.compile(r"\b(?:arresting|arrested|apprehended|apprehending|detained|detaining|nabbed|held)\s+(?:at least |over |more than |nearly |some |about )?$", re.IGNORECASE)
# A percentage is a violence statistic only in a sentence about violence (not "exports rose 9 percent").
VIOLENCE_WORDS = re.compile(r"\b(?:attack|incident|violence|violent|killed|kill|death|fatalit|terror|militan|operation|casualt|martyr|insurgen|bomb|blast|injur)\w*", re.IGNORECASE)
ARRESTED_AFTER = re.compile(r"^[\s,]*(?:(?:were|was|have been|had been|also)\s+)*(?:arrested|detained|apprehended|taken into custody)", re.IGNORECASE)
PERCENT_CHANGE = re.compile(
    r"\b(?P<dir>drop(?:ped|ping|s)?|decline[ds]?|declining|decrease[ds]?|decreasing|fell|fall(?:ing|en)?|down|reduc(?:ed|tion|ing)|"
    r"lower|dip(?:ped)?|plunged?|rise|rose|rising|risen|increase[ds]?|increasing|up|jump(?:ed)?|surge[ds]?|surging|spike[ds]?|"
    r"higher|grew|grow(?:th|n)?|escalat(?:ed|ion))\b[^.;]{0,40}$",
    re.IGNORECASE,
)
DOWN_WORDS = re.compile(r"^(?:drop|declin|decreas|fell|fall|down|reduc|lower|dip|plung|fewer|less)", re.IGNORECASE)
REPORT_REFERENCE = re.compile(r"\b(?:the|its|this|their) (?:[\w-]+ )?(?:report|study|data|survey|figures|statistics|review|findings|document|think[- ]tank|institute|centre|center|portal|ministry|department|reply|assessment|monitor)\b|\baccording to (?:the )?(?:report|data|figures)\b", re.IGNORECASE)
ATTRIBUTION = re.compile(r"\b(?:according to|said|says|reported|recorded|documented|compiled|noted|showed|shows|revealed|stated|released)\b", re.IGNORECASE)
# Not statistics: averages, rates, foiled attacks, lumped casualties, zeros.
NOT_A_STATISTIC = re.compile(r"\b(?:per (?:day|week|month|quarter|year)|every|average|casualt|foiled|thwarted|averted)\b", re.IGNORECASE)
SEGMENT_BREAK = re.compile(r"\b(?:compared (?:to|with)|as against|against|an? (?:increase|decrease|rise|drop|decline) from|up from|down from|from)\b|—|–| - ", re.IGNORECASE)
STAT_VERBS = re.compile(r"\b(?:recorded|registered|reported|witnessed|saw|documented|were killed|lost their lives|accounted)\b", re.IGNORECASE)
COMPARED_TO = re.compile(r"\b(?:compared (?:to|with)|as against|against|up from|down from|from|than|over)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# "Of the fatalities, 378 were militants", "The attacks claimed 92 lives": figures about figures
REFERS_TO_FIGURES = re.compile(r"^\s*(?:of|among) (?:the|those) (?:[\w-]+ ){0,2}?(?:fatalities|dead|deaths|killed|victims|injured|casualties)\b|\b(?:the|these|such) (?:\w+ )?(?:attacks|incidents|operations)\b", re.IGNORECASE)
COMPARISON_BEFORE = re.compile(r"\b(?:compared (?:to|with)|as against|against|than|from|over|previous|preceding)\b[^.;]{0,50}$", re.IGNORECASE)
SINGLE_EVENT = re.compile(r"\b(?:a|the|an) (?:suicide )?(?:bomber|blast|explosion|attack|ambush|bombing|raid|strike|clash)\b", re.IGNORECASE)

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


def _metric_for_count(q: QuantityMention, text_after: str, text_before: str = "") -> Metric | None:
    if ARRESTED_AFTER.match(text_after) or ARRESTED_BEFORE.search(text_before):
        return Metric.ARRESTED
    for pattern, metric in COUNT_METRICS:
        if pattern.search(q.noun):
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
    if len(named) == 1:
        return Region(
            name=named[0],
            country=first.country,
            admin1=first.admin1 if first.kind in {"admin1", "admin2", "place"} else None,
            admin2=first.admin2 if first.kind in {"admin2", "place"} else None,
        )
    return Region(name=" and ".join(named), country=first.country)


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


def _in_comparison(t: TemporalMention, sentence: Sentence) -> bool:
    return bool(COMPARISON_BEFORE.search(sentence.text[max(0, t.start - sentence.start - 60):t.start - sentence.start]))


def _period_for(q: QuantityMention, sentence: Sentence, periods: list[TemporalMention]) -> TemporalMention | None:
    if not periods:
        return None
    rel = q.start - sentence.start
    seg_start, seg_end = _segment_of(sentence.text, rel)
    inside = [t for t in periods if seg_start <= t.start - sentence.start < seg_end]
    if inside:
        return min(inside, key=lambda t: abs(t.start - q.start))
    before = [t for t in periods if t.start < q.start]
    if before:
        return before[-1]
    return None  # the only periods stand in a comparison after it ("... compared with the first quarter")


def _as_period(t: TemporalMention | None) -> Period:
    if t is None:
        return Period()
    return Period(
        label=t.label or t.text,
        start=t.range_start.isoformat() if t.range_start else None,
        end=t.range_end.isoformat() if t.range_end else None,
    )


def _percent_change_sign(text_before: str, text_after: str) -> int | None:
    m = PERCENT_CHANGE.search(text_before)
    if m:
        return -1 if DOWN_WORDS.match(m.group("dir")) else 1
    after = re.match(r"^\s*(?P<dir>drop|decline|decrease|fall|reduction|dip|rise|increase|jump|surge|spike|growth|higher|lower|up|down|fewer|less|more)\b", text_after, re.IGNORECASE)
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
    if sentence.paragraph != ctx.paragraph:
        ctx.paragraph = sentence.paragraph
        ctx.paragraph_source = None
        ctx.paragraph_period = None
        ctx.paragraph_is_statistical = False
    sources = [a for a in actors if a.kind == "source"]
    source: str | None = None
    if sources and ATTRIBUTION.search(text):
        source = sources[-1].name
    elif sources and re.search(r"\((?:{})\)".format("|".join(re.escape(a.text) for a in sources)), text):
        source = sources[-1].name
    elif REPORT_REFERENCE.search(text) and ctx.last_source:
        source = ctx.last_source
    places = [p for p in places if not _names_an_organisation(p, actors, text, sentence.start) and not in_dateline(p, full_text)]
    single_event = bool(SINGLE_EVENT.search(text))
    periods = [t for t in dates if t.kind in PERIOD_KINDS and t.range_start is not None]
    if not single_event:
        # "59 attacks in August": a month counts figures when no single event is told
        periods += [t for t in dates if t.kind == "point" and t.precision is DatePrecision.MONTH and t.range_start is not None]
        periods.sort(key=lambda t: t.start)
    anaphors = [t for t in dates if t.kind == "anaphor"]
    percent_qs = [q for q in quantities if q.percent]
    tolls = read_tolls(sentence, quantities, taxonomy.victims)
    toll_by_q = {id(i.quantity): i for i in tolls.items}
    aggregate_nouns = any(_metric_for_count(q, "") in {Metric.INCIDENTS, Metric.ATTACKS, Metric.OPERATIONS} and q.low > 1 for q in quantities)

    statistical = (
        bool(periods)
        or bool(anaphors and ctx.last_period)
        or bool(percent_qs)
        or (source is not None and aggregate_nouns)
        or (ctx.paragraph_is_statistical and bool(quantities))
        or (ctx.last_period is not None and aggregate_nouns)
        or (ctx.last_period is not None and source is not None and bool(tolls.items))
        or (ctx.last_period is not None and bool(tolls.items) and bool(REFERS_TO_FIGURES.search(text)))
    )
    if single_event and not periods and not percent_qs:
        statistical = False
    if not statistical or not quantities or NOT_A_STATISTIC.search(text) and not percent_qs:
        if sources:
            ctx.last_source = sources[-1].name
        return []

    # a figure with no source of its own takes the paragraph's, or the article's when it is
    # about the same period (not a new one: "This year, over 132..." after SATP's 2021 figures)
    same_period = not periods or (ctx.last_period is not None and any(
        (t.range_start, t.range_end) == (ctx.last_period.range_start, ctx.last_period.range_end) for t in periods))
    effective_source = source or (ctx.paragraph_source if ctx.paragraph_is_statistical else None)
    if effective_source is None and same_period and ctx.last_claim_source is not None:
        effective_source = ctx.last_claim_source
    # a region is the sentence's own: "KP and Balochistan accounted for 92 percent" does not
    # carry to "overall violence dropped by 12 percent"
    region = _region(places, ctx.default_region)
    qualifiers = _coordinated_qualifier(quantities, text, sentence.start)
    claims: list[Claim] = []
    pending_sum: tuple[TollItem, int] | None = None
    for q in quantities:
        if q.text.lower().split()[0] in {"a", "an", "another", "one"} and not q.text[:1].isdigit():
            continue  # "a former brigadier" is a person, not a statistic
        if q.low == 0:
            continue
        rel_after = text[q.noun_end - sentence.start:]
        qualifier = qualifiers.get(id(q), q.qualifier)
        metric: Metric | None
        unit = Unit.COUNT
        value: float = q.low
        if q.percent:
            if not VIOLENCE_WORDS.search(text):
                continue
            before = text[max(0, q.start - sentence.start - 60):q.start - sentence.start]
            sign = _percent_change_sign(before, text[q.end - sentence.start:])
            if sign is not None and not re.match(r"\s*of\b", text[q.end - sentence.start:]):
                unit, value = Unit.PERCENT_CHANGE, sign * q.low
                metric = _metric_for_percent_noun(q.noun) if q.noun else Metric.INCIDENTS
            else:
                unit = Unit.PERCENT_OF_TOTAL
                metric = _metric_for_percent_noun(q.noun)
        elif id(q) in toll_by_q:
            item = toll_by_q[id(q)]
            metric = _metric_for_toll(item)
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
        elif any(c.unit is Unit.COUNT for c in claims) and not q.noun and COMPARED_TO.search(text[:q.start - sentence.start]):
            # "380 deaths in the second quarter compared to 432 in the first": same metric
            metric = [c for c in claims if c.unit is Unit.COUNT][-1].metric
        else:
            if NOT_PEOPLE.match(q.noun):
                continue
            metric = _metric_for_count(q, rel_after, text[max(0, q.start - sentence.start - 40):q.start - sentence.start])
            if metric is None:
                category = None
                from .tolls import categorise

                category = categorise(q.noun, taxonomy.victims)
                # a bare count of security personnel in a statistic is a count of the killed
                # ("over 132 security personnel have been [killed] in just four months")
                if category is VictimCategory.SECURITY and periods:
                    metric = Metric.KILLED_SECURITY
                else:
                    continue
        period_mention = _period_for(q, sentence, periods) or (ctx.last_period if anaphors else None) or ctx.paragraph_period or ctx.last_period
        if qualifier is Qualifier.APPROX and q.text.lower().startswith(("some", "up to")):
            qualifier = Qualifier.APPROX
        end = max(q.noun_end, q.end)
        claims.append(
            Claim(
                source=effective_source,
                region=region,
                period=_as_period(period_mention),
                metric=metric,
                unit=unit,
                value=value,
                qualifier=qualifier,
                evidence=Span(start=q.start, end=end, text=_slice(sentence, q.start, end)),
            )
        )
        if id(q) in toll_by_q:
            pending_sum = (toll_by_q[id(q)], len(claims) - 1)
        else:
            pending_sum = None
    if claims:
        ctx.paragraph_is_statistical = True
        ctx.paragraph_source = effective_source
        ctx.last_claim_source = effective_source
        main = [t for t in periods if not _in_comparison(t, sentence)]
        if main:
            # the period the figures are about, not the one they are compared with
            ctx.paragraph_period = main[0]
            ctx.last_period = main[0]
    if sources:
        ctx.last_source = sources[-1].name
    return claims


def _names_an_organisation(place: PlaceMention, actors: list[ActorMention], text: str, offset: int) -> bool:
    """'(CRSS) Islamabad', 'Islamabad-based': the place locates a source, not the figures."""
    for a in actors:
        if 0 <= place.start - a.end <= 3 or a.start <= place.start < a.end:
            return True
    return text[place.end - offset:place.end - offset + 7].lower().startswith(("-based", " based"))


def _slice(sentence: Sentence, start: int, end: int) -> str:
    return sentence.text[start - sentence.start:end - sentence.start]


def widen_evidence(claim: Claim, sentence: Sentence) -> Claim:
    """Evidence is the whole sentence the figure stands in: the reader needs the context."""
    return claim.model_copy(update={"evidence": Span(start=sentence.start, end=sentence.end, text=sentence.text)})


def dedupe_claims(claims: list[Claim]) -> list[Claim]:
    """One claim per distinct figure: the same source, metric, unit, value and period once."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for c in claims:
        key = (c.source, c.metric, c.unit, c.value, c.period.start, c.period.end)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out



class ClaimStage:
    name = "claims"
    requires = ("sentences", "dates", "quantities", "places", "actors")
    provides = ("claims", "statistical_sentences")

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        ctx = ClaimContext(default_region=default_region(doc.places))
        claims: list[Claim] = []
        doc.statistical_sentences = set()
        for s in doc.sentences:
            found = find_claims(
                s,
                quantities=within(doc.quantities, s.start, s.end),
                dates=within(doc.dates, s.start, s.end),
                places=within(doc.places, s.start, s.end),
                actors=within(doc.actors, s.start, s.end),
                taxonomy=self.taxonomy,
                ctx=ctx,
                full_text=doc.text,
            )
            if found:
                doc.statistical_sentences.add(s.index)
            claims.extend(widen_evidence(c, s) for c in found)
        doc.claims = dedupe_claims([c for c in claims if is_usable_value(c.value)])  # no 4,300-digit figure
        return doc


def default_region(places: list[PlaceMention]) -> Region:
    """The country the article is mostly about: the most named of Pakistan and Afghanistan."""
    counts: dict[str, int] = {}
    for p in places:
        if p.place.country:
            counts[p.place.country] = counts.get(p.place.country, 0) + 1
    if counts.get("AF", 0) > counts.get("PK", 0):
        return Region(name="Afghanistan", country="AF")
    return Region(name="Pakistan", country="PK")
