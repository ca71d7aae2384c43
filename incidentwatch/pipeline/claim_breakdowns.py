"""A toll broken down by who the victims were, in a sentence of its own.

"Total deaths included 98 militants, 62 security personnel and 38 civilians", "Among those
killed in the month were 91 civilians, 54 policemen, two FC troops and 15 militants", "Those
injured included 231 civilians, 72 policemen and 19 soldiers", "111 people sustained injuries,
comprising 56 civilians and 44 security personnel", "out of the 21 individuals who lost their
lives in the attacks, 11 were members of the security personnel, and 9 were civilians": no verb stands beside each figure, the cue
before the list says whether they are the dead or the injured. Each figure counts the killed
(or injured) of its category; the parts of one category side by side ("54 policemen, two FC
troops, eight army soldiers") are summed, as monitors publish one security-forces figure.
The verb may also follow the list, past an aside ("51 security personnel and 37 civilians,
including a tribal elder in Bajaur, lost their lives"), where the toll reader finds none.
A total before its parts ("145 people including 75 security personnel embraced martyrdom") takes
the role the verb gives the part (``totals_before_parts``). Injured militants, and parts of no category ("two peace committee members"), have no metric
and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Metric, Sentence, VictimCategory
from ..models.mentions import QuantityMention
from .tolls import categorise

KILLED_WORDS = r"deaths|fatalities|the dead|killed|those killed|people killed|persons killed|lives lost"
INJURED_WORDS = r"injuries|the injured|injured|those injured|wounded|the wounded|those wounded"
CUE = re.compile(
    r"\b(?:(?:among|of)\s+)?(?:total\s+|overall\s+)?(?P<role>" + KILLED_WORDS + "|" + INJURED_WORDS + r")\b"
    r"[^.;\d]{0,60}?(?:\b(?:included|include|includes|including|comprised|comprise|comprises|comprising|were)(?:\s+of)?\s*:?|"
    # "79 people were injured, of which 62 were civilians", "44 got injured in the attacks in which 26 were
    # civilians", "15 people were killed (9 civilians; 5 security forces)"
    r"\b(?:of|in|among|out of)\s+(?:which|whom)\b\s*,?|\()\s*$"
    r"|\b(?:claimed|took|cost)\s+the\s+(?P<lives>lives)\s+of\s*$"
    # "out of the 21 individuals who lost their lives in the attacks, 11 were ..."
    r"|\bout\s+of\s+(?:the\s+|these\s+|those\s+)?[\d,]+\s+[^.;\d]{0,60}?\b(?P<out>lost their lives|killed|died|dead|deaths|fatalities|"
    + INJURED_WORDS + r")\b[^.;\d]{0,60}?,\s*$",
    re.IGNORECASE,
)
# "killing at least 100 people -- including 53 security personnel and 39 civilians": the parts of a toll
# "The number of injured rose to 182, with 130 civilians, 47 security personnel ...": "with" too
PARTS_OF_TOLL = re.compile(r"^[\s,;:—–-]*(?:including|among them|among whom|of whom|of them|with)\s*:?\s*$", re.IGNORECASE)
# "55 security personnel, 29 civilians, a peace committee member, and 24 militants": one person
# named without a figure stands in the list
GLUE = re.compile(r"^\s*(?:,\s*(?:(?:an?|one)\s+[\w\s-]{1,40}?,\s*)?(?:and\s+)?|;\s*(?:and\s+)?|and\s+)$")
# "11 were members of the security personnel, and 9 were ...": each part with its own "were"
WERE_GLUE = re.compile(r"^\s*(?:were|was)\s+[^.;\d]{1,60}?(?:,\s*(?:and\s+)?|\s+and\s+)$", re.IGNORECASE)
METRICS = {
    ("killed", VictimCategory.CIVILIANS): Metric.KILLED_CIVILIANS,
    ("killed", VictimCategory.SECURITY): Metric.KILLED_SECURITY,
    ("killed", VictimCategory.MILITANTS): Metric.KILLED_MILITANTS,
    ("injured", VictimCategory.CIVILIANS): Metric.INJURED_CIVILIANS,
    ("injured", VictimCategory.SECURITY): Metric.INJURED_SECURITY,
}


# "11 were members of the security personnel, and 9 were innocent civilians": the noun after "were"
WERE_NOUN = re.compile(r"^\s*(?:were|was)\s+([^,.;]{1,60}?)(?=\s+and\s+\d|[,.;]|$)", re.IGNORECASE)


def _victims_noun(q: QuantityMention, text: str, offset: int) -> str:
    """The words naming the figure's people: what follows "were" when the noun is not written
    beside the figure ("11 were members of the security personnel"), else its noun with an "of"
    phrase after it ("11 members of the security forces")."""
    were = WERE_NOUN.match(text[q.end - offset:]) if q.noun_end <= q.end else None
    if were:
        return were.group(1)
    of = re.match(r"\s+of\s+[^,.;]{1,50}", text[q.noun_end - offset:])
    return q.noun + (of.group(0) if of else "")


@dataclass
class BreakdownPart:
    """One category's figure: ``quantities`` are the parts summed into ``value``."""

    metric: Metric | None
    value: float
    quantities: list[QuantityMention]


def read_breakdown(sentence: Sentence, quantities: list[QuantityMention], victims: dict[str, tuple[str, ...]],
                   roles: dict[int, str] | None = None) -> list[BreakdownPart]:
    """The parts of the breakdown the sentence's first list of figures gives, or [] when there is
    none. ``roles`` are the tolls read in the sentence (``id`` of a quantity: killed or injured):
    a list after one of them, "including ...", breaks it down."""
    roles = roles or {}
    counts = [q for q in quantities if not q.percent]
    if not counts:
        return []
    # "42 people were killed, including 22 security personnel and 16 civilians, while 79 were
    # injured, of which 62 were civilians": each list after the one before it ends
    parts: list[BreakdownPart] = []
    begin = 0
    while begin < len(counts):
        found, stop = _one_breakdown(sentence, counts, begin, victims, roles)
        parts.extend(found)
        if not found or stop >= len(counts):
            break
        begin = stop
    return parts or _list_then_verb(sentence, counts, victims, roles)


def _one_breakdown(sentence: Sentence, counts: list[QuantityMention], begin: int, victims: dict[str, tuple[str, ...]],
                   roles: dict[int, str]) -> tuple[list[BreakdownPart], int]:
    """The first list of figures from ``counts[begin]`` on, and the index where it ended."""
    text = sentence.text
    first = counts[begin]
    parts: list[BreakdownPart] = []
    role: str | None = None
    previous: QuantityMention | None = None
    last: QuantityMention | None = None
    for index in range(begin, len(counts)):
        q = counts[index]
        before = text[:q.start - sentence.start]
        if role is None:
            cue = CUE.search(before)
            if last is not None and id(last) in roles and PARTS_OF_TOLL.match(text[last.noun_end - sentence.start:q.start - sentence.start]):
                role = roles[id(last)]
            elif cue is None:
                last = q
                continue
            elif cue.group("lives"):
                role = "killed"
            else:
                said = cue.group("role") or cue.group("out")
                role = "injured" if re.fullmatch(INJURED_WORDS, said, re.IGNORECASE) else "killed"
        elif previous is not None and not (GLUE.match(gap := text[previous.noun_end - sentence.start:q.start - sentence.start])
                                           or WERE_GLUE.match(gap)):
            return parts, index  # the list ended
        category = categorise(_victims_noun(q, text, sentence.start), victims)
        if category is None and (q is first or not parts):
            continue  # "111 people sustained injuries, comprising ...": the total, read as a toll
        # "... and two peace committee members": a part of the list no monitor counts apart
        metric = METRICS.get((role, category)) if category is not None else None
        if parts and parts[-1].metric is metric and metric is not None:
            parts[-1].value += q.low
            parts[-1].quantities.append(q)
        else:
            parts.append(BreakdownPart(metric, q.low, [q]))
        previous = q
    return parts, len(counts)


# "51 security personnel and 37 civilians, including a tribal elder in Bajaur, lost their lives":
# the verb stands after the list and an aside about one of its people
VERBS_OF_THE_TOLL = (r"(?P<verb>lost their lives|losing their lives|laid down their lives|were killed|were martyred|died|got killed|got injured|"
                     r"embraced martyrdom|eliminated|neutralised|neutralized|were injured|were wounded|sustained injuries)\b")
VERB_AFTER_LIST = re.compile(
    r"^[\"”’']?(?:\s*,\s*including\s+[^,;.\d]{1,60},)?\s*(?:have\s+|had\s+)?(?:also\s+|were\s+)?" + VERBS_OF_THE_TOLL,
    re.IGNORECASE,
)
# the noun read into the verb ("120 civilians laid down their lives": the noun taken is "civilians laid down their")
VERB_AFTER_NOUN = re.compile(r"^\s+(?:[\w-]+\s+){1,3}?" + VERBS_OF_THE_TOLL, re.IGNORECASE)


def _list_then_verb(sentence: Sentence, counts: list[QuantityMention], victims: dict[str, tuple[str, ...]],
                    roles: dict[int, str]) -> list[BreakdownPart]:
    text = sentence.text
    run: list[QuantityMention] = []
    for q in counts:
        if id(q) in roles or categorise(q.noun, victims) is None:
            run = []
            continue
        if run and not GLUE.match(text[run[-1].noun_end - sentence.start:q.start - sentence.start]):
            run = []
        run.append(q)
        verb = VERB_AFTER_LIST.match(text[q.noun_end - sentence.start:]) or VERB_AFTER_NOUN.match(text[q.end - sentence.start:])
        if verb is None:
            continue
        role = "injured" if re.search(r"injur|wound", verb.group("verb"), re.IGNORECASE) else "killed"
        return [BreakdownPart(METRICS.get((role, category)), r.low, [r])
                for r in run if (category := categorise(r.noun, victims)) is not None]
    return []


# "145 people including 75 security personnel embraced martyrdom": the verb's toll reaches the
# part, and the total before "including" is a toll of the same kind
TOTAL_BEFORE_PARTS = re.compile(r"^\s*,?\s*(?:including|among them|of whom)\s*$", re.IGNORECASE)
PEOPLE = re.compile(r"^(?:people|persons|individuals|lives)$", re.IGNORECASE)


def totals_before_parts(sentence: Sentence, quantities: list[QuantityMention], roles: dict[int, str]) -> dict[int, str]:
    """The role (killed, injured) of each total whose part the toll reader gave one."""
    out: dict[int, str] = {}
    counts = [q for q in quantities if not q.percent]
    for total, part in zip(counts, counts[1:], strict=False):
        if id(total) in roles or id(part) not in roles or not PEOPLE.match(total.noun):
            continue
        if TOTAL_BEFORE_PARTS.match(sentence.text[total.noun_end - sentence.start:part.start - sentence.start]):
            out[id(total)] = roles[id(part)]
    return out

