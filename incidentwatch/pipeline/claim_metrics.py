"""What a bare number in a statistical sentence counts, when no noun follows it.

- "Khyber Pakhtunkhwa (71), Balochistan (38)": a number in brackets after a place counts what the
  sentence (or the paragraph's last figure) counts; one in brackets just after a counting noun
  counts that noun ("blamed for the largest number of attacks (97)");
- "attacks rose from 21 in May to 34 in June": the numbers of a "from ... to" count the subject
  before the verb ("attacks", "deaths");
- "suicide bombers struck seven times": "N times" with a verb of attack counts attacks;
- "Security forces suffered 386 deaths", "512 were militants killed": the category the sentence
  names for the dead.
"""

from __future__ import annotations

import re

from ..models import Metric

SUBJECTS: list[tuple[re.Pattern[str], Metric]] = [
    (re.compile(r"\b(?:attacks?|assaults?)\b", re.IGNORECASE), Metric.ATTACKS),
    (re.compile(r"\b(?:incidents?|acts of terrorism)\b", re.IGNORECASE), Metric.INCIDENTS),
    (re.compile(r"\b(?:operations?)\b", re.IGNORECASE), Metric.OPERATIONS),
    (re.compile(r"\b(?:deaths?|fatalities|killings?|lives|killed|dead)\b", re.IGNORECASE), Metric.KILLED),
    (re.compile(r"\b(?:injur(?:ed|ies|y)|wounded)\b", re.IGNORECASE), Metric.INJURED),
]
BRACKET_AFTER_PLACE = re.compile(r"\(\s*$")
BRACKET_CLOSE = re.compile(r"^\s*\)")
BRACKET_NOUN_REACH = 50  # how far before the bracket its counting noun may stand ("terrorist deaths were recorded in double digits (65)")
CASUALTIES = re.compile(r"\bcasualt", re.IGNORECASE)
FROM_TO = re.compile(r"\b(?:from|to)\s+$", re.IGNORECASE)
TIMES_ATTACKED = re.compile(r"\b(?:struck|strike|attacked|targeted|hit|carried out attacks)\b", re.IGNORECASE)
CATEGORY_SUBJECT = [
    (re.compile(r"\b(?:security forces|security personnel|soldiers|troops|policemen|police(?:men)?|law enforcers)\b[^,.;]{0,20}\b(?:suffered|lost|saw)\s+(?:\w+\s+){0,2}$", re.IGNORECASE), Metric.KILLED_SECURITY),
    (re.compile(r"\b(?:civilians)\b[^,.;]{0,20}\b(?:suffered|lost)\s+(?:\w+\s+){0,2}$", re.IGNORECASE), Metric.KILLED_CIVILIANS),
    # "Militants, criminals and insurgents suffered 79 fatalities"
    (re.compile(r"\b(?:militants|terrorists|insurgents|outlaws)\b[^.;]{0,30}\b(?:suffered|lost)\s+(?:\w+\s+){0,2}$", re.IGNORECASE), Metric.KILLED_MILITANTS),
]
MIXED_SUBJECT = re.compile(r"\bcivilians?\b[^,.;]{0,30}\b(?:and|&)\s+(?:[\w-]+\s+)?(?:security|soldiers|troops|police)|"
                           r"\b(?:security|soldiers|troops|police)\w*\b[^,.;]{0,30}\b(?:and|&)\s+civilians?\b", re.IGNORECASE)
CATEGORY_AFTER = [
    (re.compile(r"^\s*were (?:\w+ )?(?:militants|terrorists|insurgents|outlaws)\b", re.IGNORECASE), Metric.KILLED_MILITANTS),
    (re.compile(r"^\s*were (?:\w+ )?(?:civilians)\b", re.IGNORECASE), Metric.KILLED_CIVILIANS),
    (re.compile(r"^\s*were (?:\w+ )?(?:security (?:forces|personnel)|soldiers|policemen)\b", re.IGNORECASE), Metric.KILLED_SECURITY),
]


def subject_metric(text: str) -> Metric | None:
    """The metric the last count noun of ``text`` names."""
    best: tuple[int, Metric] | None = None
    for pattern, metric in SUBJECTS:
        for m in pattern.finditer(text):
            if best is None or m.start() > best[0]:
                best = (m.start(), metric)
    return best[1] if best else None


def bare_number_metric(noun: str, before: str, after: str, sentence: str, last_metric: Metric | None,
                       after_place: bool) -> Metric | None:
    """The metric of a number with no counting noun (see the module docstring), or None."""
    if after_place and BRACKET_AFTER_PLACE.search(before) and BRACKET_CLOSE.match(after):
        # "Sindh (9) and the Punjab (19) experienced a marginal number of casualties": lumped, no metric
        return subject_metric(sentence) or (None if CASUALTIES.search(sentence) else last_metric)
    if BRACKET_AFTER_PLACE.search(before) and BRACKET_CLOSE.match(after) and (named := subject_metric(before[-BRACKET_NOUN_REACH:])):
        return named  # "the largest number of attacks (97)", "fatalities this quarter (8)"
    if noun.startswith("times") and TIMES_ATTACKED.search(sentence):
        return Metric.ATTACKS
    if not noun:
        for pattern, category in CATEGORY_AFTER:
            if pattern.match(after) and re.search(r"\b(?:killed|died|dead|deaths|fatalities|lives)\b", after[:60] + sentence, re.IGNORECASE):
                return category
    if not noun and FROM_TO.search(before) and re.search(r"\bfrom\b", sentence, re.IGNORECASE):
        # the subject before the nearest "from": "..., with the number of fatalities increasing from 980 in 2022"
        if "from" in before.lower():
            # "... while in erstwhile FATA they rose from 18 to 37": no subject of its own, the last count's
            return subject_metric(before[:before.lower().rfind("from")]) or last_metric
        # "the number of violent attacks ... decreased to 24 from 28 ..., although deaths rose": the
        # subject before the figure, not a later clause's
        return subject_metric(before) or subject_metric(sentence)
    return None


def refine_killed(metric: Metric, before: str, after: str) -> Metric:
    """``killed`` made the category the sentence names for the dead, if it names one."""
    if metric is not Metric.KILLED:
        return metric
    if MIXED_SUBJECT.search(before):
        return metric  # "Civilians and security personnel together suffered 246 deaths": both, no split
    for pattern, category in CATEGORY_SUBJECT:
        if pattern.search(before):
            return category
    for pattern, category in CATEGORY_AFTER:
        if pattern.match(after):
            return category
    return metric
