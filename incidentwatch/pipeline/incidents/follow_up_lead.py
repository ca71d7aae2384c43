"""A follow-up story's lead tells two events: the follow-up (a FIR, a funeral, a condemnation)
and, after its cue, the attack. "The CTD on Saturday registered the FIR of the blast in Mastung
which killed 55": Saturday is the FIR's day, never the attack's; and where the lead places the
attack ("condemned the attack on a school bus in Khuzdar") beats the dateline, which is where
the follow-up happened (PESHAWAR, where the condemnation was issued).

- ``follow_up_lead``: the lead's days before its cue and its places after it;
- ``without_days`` / ``not_days``: a draft, or dates, without the follow-up's days, for dating
  the attack (``attributes.incident_date``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ...models import Sentence
from ...models.mentions import PlaceMention, TemporalMention
from .mentions import cue_before_kill
from .resolution import IncidentDraft
from .roles import lead_sentence
from .vocabulary import Vocabulary


@dataclass
class FollowUpLead:
    days: set[tuple[int, int]] = field(default_factory=set)  # (start, end) of the follow-up's own dates
    attack_places: list[PlaceMention] = field(default_factory=list)  # places the lead names after its cue


def follow_up_lead(sentences: list[Sentence], dates: list[TemporalMention], places: list[PlaceMention],
                   vocabulary: Vocabulary) -> FollowUpLead:
    """The lead's follow-up days and attack places, when the lead is a follow-up's ("on Thursday
    registered ... the bombing in Turbat which killed seven"); nothing else."""
    lead = lead_sentence(sentences)
    if lead is None or not cue_before_kill(vocabulary.follow_up, lead.text, vocabulary):
        return FollowUpLead()
    # the last cue before the first word of killing: "Shops remained closed on Saturday as traders
    # observed a strike against the killing ..." dates the strike, Saturday included
    kill = vocabulary.news_kill.search(lead.text)
    cues = [c for c in vocabulary.follow_up.finditer(lead.text) if kill is None or c.start() < kill.start()]
    cue = cues[-1] if cues else None
    assert cue is not None  # cue_before_kill found one
    cue_start, cue_end = lead.start + cue.start(), lead.start + cue.end()
    days = {(t.start, t.end) for t in dates if lead.start <= t.start and t.end <= cue_start}
    attack_places = [p for p in places if cue_end <= p.start and p.end <= lead.end
                     and p.place.country in {"PK", "AF"} and p.place.kind in {"place", "admin2"}]
    # the last first: the follow-up's own venue comes with its cue ("a condolence reference was held
    # at a school in Barkhan for the martyrs of the Khuzdar tragedy"), the attack's place after it
    return FollowUpLead(days=days, attack_places=attack_places[::-1])


def without_days(draft: IncidentDraft, days: set[tuple[int, int]]) -> IncidentDraft:
    if not days:
        return draft
    return replace(draft, mentions=[replace(m, dates=not_days(m.dates, days)) for m in draft.mentions])


def not_days(dates: list[TemporalMention], days: set[tuple[int, int]]) -> list[TemporalMention]:
    return [t for t in dates if (t.start, t.end) not in days]
