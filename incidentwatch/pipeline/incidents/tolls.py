"""Tolls of mentions and of incidents.

``mention_tolls`` reads one mention's killed and injured (which numbers count whom comes from
``pipeline/tolls.py``). ``incident_tolls`` joins the mentions of one incident:
- a later "rose to" replaces the earlier toll; a later count of "other" people adds to it;
- parts add to the split only where the text gives them as parts ("four people, including three
  Chinese nationals"); a restatement of the same toll never adds;
- killed and injured stay apart ("three policemen were martyred and another six sustained
  injuries" is 3 killed and 6 injured).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...models import EventType, Qualifier, Sentence, VictimCategory
from ...models.mentions import QuantityMention
from ..tolls import TollItem, TollSum, combine, read_tolls, sum_items

OTHERS = re.compile(r"^others?\b")
# the attacker counted among the dead, without a number
BOMBER_AMONG_DEAD = re.compile(r"\b(?:including|among them|among whom)\s+(?:the|a|one)\s+(?:suicide\s+)?(?:bomber|attacker|assailant)\b", re.IGNORECASE)
# the bomber who set off his charge, told beside "the other two assailants" shot dead: one more
# attacker dead, whom the sentence does not count
BOMBER_DETONATED = re.compile(r"\b(?:suicide\s+)?bomber\b[^.;]{0,40}?\b(?:detonated|blew (?:himself|herself) up|exploded)\b", re.IGNORECASE)
OTHER_BEFORE = re.compile(r"\bother\s+$", re.IGNORECASE)
ATTACK_VERB_BEFORE = re.compile(r"\b(?:killing|killed|wounding|injuring)\s+(?:at least\s+|another\s+)?$", re.IGNORECASE)


def sum_mention(items: list[TollItem]) -> TollSum:
    """One mention's killed (or injured). A part whose whole is not in this list (a text cut
    after "including") counts as a number of its own."""
    if items and all(i.part_of is not None for i in items):
        items = [replace(i, part_of=None) for i in items]
    return sum_items(items)


def _besides(sentence: Sentence, items: list[TollItem], sum_: TollSum) -> TollSum:
    """Marks a toll whose every number counts "other" people an attack killed or injured
    ("killing six other people", "wounding three others"); not "three other martyred officers"
    in a funeral's sentence."""
    top = [i for i in items if i.part_of is None]

    def told_by_verb(i: TollItem) -> bool:
        before = sentence.text[max(0, i.quantity.start - sentence.start - 30):i.quantity.start - sentence.start]
        return bool(OTHERS.match(i.quantity.noun)) and bool(ATTACK_VERB_BEFORE.search(before))

    if top and all(told_by_verb(i) for i in top):
        sum_.besides = True
    return sum_


def mention_tolls(sentence: Sentence, quantities: list[QuantityMention], victims: dict[str, tuple[str, ...]]) -> tuple[TollSum, TollSum]:
    """(killed, injured) of one sentence or clause."""
    tolls = read_tolls(sentence, quantities, victims)
    killed, injured = tolls.of("killed"), tolls.of("injured")
    killed_sum = _besides(sentence, killed, sum_mention(killed))
    if killed_sum.total and killed_sum.militants is None and (killed_sum.total or 0) > 1 and BOMBER_AMONG_DEAD.search(sentence.text):
        killed_sum.militants = 1  # "Six people, including the suicide bomber, were killed": five victims
    elif killed_sum.militants and BOMBER_DETONATED.search(sentence.text) and any(
            i.category is VictimCategory.MILITANTS and OTHER_BEFORE.search(sentence.text[max(0, i.quantity.start - sentence.start - 12):i.quantity.start - sentence.start])
            for i in killed):
        # "three FC personnel were killed when one bomber detonated explosives, while the other two
        # assailants were shot dead": the bomber is the third attacker dead
        killed_sum = killed_sum.model_copy(update={"militants": killed_sum.militants + 1, "total": (killed_sum.total or 0) + 1})
    # "killing at least 13 people and wounding 30 others": others than the dead, not more injured
    injured_sum = sum_mention(injured) if killed else _besides(sentence, injured, sum_mention(injured))
    return killed_sum, injured_sum


def _counted_beats_named(sums: list[TollSum]) -> list[TollSum]:
    """A lead toll counted from named victims ("DSP Ali was martyred": one) yields to a later
    figure the text states with a number ("In all, five policemen were killed"), which counts
    the named ones too."""
    stated = [s for s in sums if s.total is not None]
    if not stated or not stated[0].inferred:
        return sums
    lead = stated[0]
    counted = [s for s in stated[1:] if not s.inferred and not s.besides and (s.total or 0) > (lead.total or 0)]
    return [s for s in sums if s is not lead] if counted else sums


def _adding_others(sums: list[TollSum]) -> list[TollSum]:
    """A later toll of "other" people adds to the lead's ("The minister was killed ... killing
    six other people" is seven), unless it revises it."""
    stated = [s for s in sums if s.total is not None]
    if len(stated) < 2 or stated[0].besides:
        return sums
    lead = stated[0]
    others = [s for s in stated[1:] if s.besides and not s.updated]
    if not others:
        return sums
    total = (lead.total or 0) + sum(s.total or 0 for s in others)
    least = any(s.qualifier is Qualifier.AT_LEAST for s in [lead, *others])
    joined = lead.model_copy(update={"total": total, "qualifier": Qualifier.AT_LEAST if least else lead.qualifier})
    return [joined if s is lead else s for s in sums if not any(s is o for o in others)]


def _agreeing(sums: list[TollSum]) -> list[TollSum]:
    """The tolls that can revise or split the lead's: a later higher count that is no revision
    ("a party spokesman said 15 had died" after the police's 14) is another source's figure,
    noted by the gold but never added to the lead's (a count of militants alone is kept: it
    is another category, "six terrorists were sent to hell")."""
    stated = [s for s in sums if s.total is not None]
    if not stated:
        return sums
    lead = stated[0]
    return [s for s in sums if s is lead or consistent(lead, s)]


def incident_tolls(killed: list[TollSum], injured: list[TollSum]) -> tuple[TollSum, TollSum]:
    """(killed, injured) of one incident from its mentions' tolls, in reading order."""
    return combine(_agreeing(_counted_beats_named(_adding_others(killed)))), combine(_agreeing(_adding_others(injured)))


def consistent(first: TollSum, later: TollSum) -> bool:
    """Whether a later toll can be about the same event as the first: none, the same figure, a
    revision, a part of it ("two of the dead were policemen"), or the attackers killed."""
    if first.total is None or later.total is None or later.updated:
        return True
    if later.militants is not None and later.militants == later.total:
        return True  # the attackers killed: another category ("14 terrorists were neutralised")
    return later.total <= first.total


# the state's own action, and fire whose initiator is unclear: a toll of militants alone is 0 victims
MILITANTS_ONLY_IS_NO_VICTIM = frozenset({EventType.SECURITY_OPERATION, EventType.CLASH, EventType.AIRSTRIKE})


def unstated_victims(killed: TollSum, event: EventType, forces_killed: bool = False) -> TollSum:
    """An attack whose text counts only the attackers killed ("three terrorists were neutralised
    while entering the base") states no victims' toll: it is unknown, not 0 (a toll that is not
    stated is null); an operation that killed only militants killed no victim (0), and so did the
    forces told as killing the attackers (``forces_killed``: "security forces killed two armed
    assailants after they tried to attack a check post"), whose report is the forces' own."""
    if event in MILITANTS_ONLY_IS_NO_VICTIM or forces_killed or killed.total is None or killed.militants is None or killed.total != killed.militants:
        return killed
    return killed.model_copy(update={"total": None, "qualifier": None})
