"""Roles: is an incident the article's news (main) or background to it?

Background:
- the whole article is a follow-up story: its headline, or its lead sentence before the first
  word of killing, is about a funeral, a probe, arrests, a condemnation, compensation, a
  protest or a court (``follow_up`` of ``incident_cues.yaml``); its attack stays linked to it as
  background (an operation of the state, told in it, stays news); a toll that rose, in the
  headline or the lead, makes the attack the news again (``toll_update``);
- the incident's own lead is a recap ("condemned", "followed", "last year's") before its first
  word of killing;
- it is dated only to a month, or more than ``BACKGROUND_AFTER_DAYS`` before publication;
- it sits in a paragraph of statistics;
- it is an aside that may begin a second event ("Meanwhile, ...", "In the meantime, ...") and
  names no place and no day of its own;
- it is dated to a day before the article's first dated main incident and told after it, at a
  place the lead does not name (``recaps_of_earlier_days``); with no publication date, told as a
  statement made on another weekday than the lead's news ("On Sunday ... nine terrorists ... On
  Friday, the ISPR reported five killed in Dera Ismail Khan");
- the article has no publication date but itself tells of a later day, long after the incident's
  ("the 2014 carnage ... On December 2, 2015, Pakistan hanged four militants"): the article was
  written after that day, so the incident is not its news (``written_long_after``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...models import DatePrecision, EventType, Incident, ReportedAs, Sentence
from ...models.mentions import TemporalMention
from .mentions import cue_before_kill
from .resolution import IncidentDraft
from .vocabulary import Vocabulary

# Background when the incident's date is this many days before the publication date.
# Seven: a weekly roundup still reports its week's attacks as news.
BACKGROUND_AFTER_DAYS = 7
BULLETS = ("•", "-", "–", "*", "▪")
# The state's own actions are news of their own, also in a story about arrests or a probe.
STATE_ACTION = frozenset({EventType.SECURITY_OPERATION, EventType.AIRSTRIKE})


def is_follow_up(title: str | None, sentences: list[Sentence], vocabulary: Vocabulary) -> bool:
    """Whether the article's news is what came after an attack, not the attack itself. A toll
    that rose, told in the headline or the lead, makes the attack the news again."""
    first = lead_sentence(sentences)
    lead = first.text if first is not None else ""
    if any(vocabulary.toll_update.search(text) for text in (title or "", lead)):
        return False
    if title and cue_before_kill(vocabulary.follow_up, title, vocabulary):
        return True
    return cue_before_kill(vocabulary.follow_up, lead, vocabulary) or _killed_ones_then_cue(lead, vocabulary)


# a line of fewer words than this, with no full stop, is no prose: a byline ("Muhammad Faheem"), a label
PROSE_WORDS = 5


def lead_sentence(sentences: list[Sentence]) -> Sentence | None:
    """The lead: the first sentence of prose, not a bullet of a summary ("• KP CM visits the
    injured") nor a writer's name on a line of its own ("Muhammad Faheem")."""
    for sentence in sentences:
        text = sentence.text.strip()
        if text.startswith(BULLETS):
            continue
        if len(text.split()) < PROSE_WORDS and not text.endswith((".", "!", "?", "”", '"')):
            continue
        return sentence
    return None


# "were" or "was" (and "have been" ...) right before a word: the word is the clause's own verb
AUXILIARY_BEFORE = re.compile(r"\b(?:were|was|are|is|been|being)\s+(?:\w+\s+)?$", re.IGNORECASE)
# a word of killing that describes people ("martyred in", "killed during"), not one with an object
DESCRIBING_AFTER = re.compile(r"\s+(?:in|during|at|on|near|by|when|while|as)\b", re.IGNORECASE)


def _killed_ones_then_cue(lead: str, vocabulary: Vocabulary) -> bool:
    """'The three soldiers martyred in Tuesday's attack were laid to rest on Friday': the word of
    killing only describes who the sentence is about; its own verb is the follow-up."""
    kill = vocabulary.news_kill.search(lead)
    if kill is None or AUXILIARY_BEFORE.search(lead[:kill.start()]) or not DESCRIBING_AFTER.match(lead, kill.end()):
        return False  # "five policemen were martyred ...", "militants killed five": the killing is the news
    cue = vocabulary.follow_up.search(lead, kill.end())
    return cue is not None and AUXILIARY_BEFORE.search(lead[:cue.start()]) is not None


def reported_as(
    draft: IncidentDraft,
    event: EventType,
    when: date | None,
    precision: DatePrecision | None,
    published: date | None,
    *,
    claim_paragraphs: set[int],
    follow_up: bool,
    vocabulary: Vocabulary,
) -> ReportedAs:
    lead = draft.mentions[0]
    if follow_up and event not in STATE_ACTION:
        return ReportedAs.BACKGROUND  # the article is about what came after the attack
    if cue_before_kill(vocabulary.recap, lead.text, vocabulary):
        return ReportedAs.BACKGROUND
    if precision is DatePrecision.MONTH:
        return ReportedAs.BACKGROUND
    if precision is not DatePrecision.DAY and vocabulary.long_ago.search(lead.text):
        return ReportedAs.BACKGROUND  # "was attacked by extremists last month", no publication date to resolve it
    if when is not None and published is not None and when < published - timedelta(days=BACKGROUND_AFTER_DAYS):
        return ReportedAs.BACKGROUND
    if lead.sentence.paragraph in claim_paragraphs:
        return ReportedAs.BACKGROUND
    if lead.may_start_new and not any(m.places or m.context_places or m.dates for m in draft.mentions):
        return ReportedAs.BACKGROUND  # "In the meantime, an IED injured two Levies employees": an aside with no place or day
    return ReportedAs.MAIN


def recaps_of_earlier_days(incidents: list[Incident], lead: str, *, lead_spans_days: bool = False,
                           published: date | None = None) -> None:
    """An incident dated to a day before the article's first dated main incident, told after it,
    is a recap of what came before the news ("Four terrorists were killed in two operations on
    Sunday ... On Saturday, a suicide bombing in North Waziristan killed eight"): background,
    unless the lead names its place (a roundup listing each attack of its days: "attacks in
    Mastung, Balghatar and Soorab"), or the lead spans several days ("in the past 48 hours").
    With no publication date no weekday resolves to a day: then an incident told after the news
    as a statement made on another weekday than the one the lead names is that recap
    (``_recaps_of_other_weekdays``)."""
    if lead_spans_days:
        return
    news = next((i for i in incidents if i.reported_as is ReportedAs.MAIN and _day(i) is not None), None)
    if news is None:
        if published is None:
            _recaps_of_other_weekdays(incidents, lead)
        return
    news_day = _day(news)
    lead_text = lead.lower()
    for incident in incidents[incidents.index(news) + 1:]:
        day = _day(incident)
        if incident.reported_as is not ReportedAs.MAIN or day is None or news_day is None or day >= news_day:
            continue
        names = [n for n in (incident.location.place, incident.location.admin2) if n]
        if not any(n.lower() in lead_text for n in names):
            incident.reported_as = ReportedAs.BACKGROUND


def _day(incident: Incident) -> date | None:
    if incident.date_precision is not DatePrecision.DAY or not incident.date:
        return None
    try:
        return date.fromisoformat(incident.date)
    except ValueError:
        return None


WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)
# a statement dated to its own weekday, told as such: "On Friday, the ISPR reported that five terrorists
# were killed", "On Wednesday, the military said ...": an earlier report recalled, not an event told anew
REPORTED_ON_WEEKDAY = re.compile(
    r"\bon (monday|tuesday|wednesday|thursday|friday|saturday|sunday),? (?:the )?(?:[\w-]+ ){1,4}?"
    r"(?:said|reported|stated|announced|confirmed|claimed)\b", re.IGNORECASE)


def _recaps_of_other_weekdays(incidents: list[Incident], lead: str) -> None:
    """The lead's news happened on one weekday ("On Sunday, security forces eliminated nine
    terrorists ... in North Waziristan"); a main incident told after the first main one, whose
    own first sentence is a statement made on another weekday and whose place the lead does not
    name ("On Friday, the ISPR reported that five terrorists were killed in an IBO in Dera Ismail
    Khan"), is an earlier day's report recalled: background. An event told on another weekday
    without such a statement ("On Saturday, a blast in Quetta killed two") may be a roundup's, and
    stays; a lead naming no weekday, or two, decides nothing."""
    lead_days = {d.lower() for d in WEEKDAY.findall(lead)}
    if len(lead_days) != 1:
        return
    mains = [i for i in incidents if i.reported_as is ReportedAs.MAIN]
    lead_text = lead.lower()
    for incident in mains[1:]:
        first = incident.evidence[0].text if incident.evidence else ""
        told = REPORTED_ON_WEEKDAY.search(first)
        days = {told.group(1).lower()} if told else set()
        if not days or days & lead_days:
            continue
        names = [n for n in (incident.location.place, incident.location.admin2) if n]
        if not any(n.lower() in lead_text for n in names):
            incident.reported_as = ReportedAs.BACKGROUND


# Days told in a sentence about what is to come ("the deadline of June 30", "will resume on") are
# no sign of when the article was written.
FUTURE = re.compile(r"\b(?:will|shall|would|scheduled|due|deadline|until|till|next|upcoming|expected to)\b", re.IGNORECASE)
# How much later than an incident a day the article tells must be for the incident to be old news:
# two months, far beyond a week's roundup and the days of a follow-up.
WRITTEN_AFTER_DAYS = 60


def latest_told_day(dates: list[TemporalMention], sentences: list[Sentence]) -> date | None:
    """The latest day or month the article states as past, with its year: the article was written
    on it or after it."""
    latest: date | None = None
    for t in dates:
        if t.kind != "point" or t.range_end is None or t.precision not in {DatePrecision.DAY, DatePrecision.MONTH}:
            continue
        sentence = next((s for s in sentences if s.start <= t.start < s.end), None)
        if sentence is not None and FUTURE.search(sentence.text):
            continue
        latest = t.range_start if latest is None or (t.range_start and t.range_start > latest) else latest
    return latest


def written_long_after(incidents: list[Incident], latest: date | None) -> None:
    """With no publication date, an incident dated long before a day the article itself tells as
    past ("six gunmen stormed the school on December 16, 2014 ... On December 2, 2015, Pakistan
    hanged four militants involved") is recalled, not the article's news: background."""
    if latest is None:
        return
    for incident in incidents:
        day = _day(incident)
        if incident.reported_as is ReportedAs.MAIN and day is not None and day < latest - timedelta(days=WRITTEN_AFTER_DAYS):
            incident.reported_as = ReportedAs.BACKGROUND
