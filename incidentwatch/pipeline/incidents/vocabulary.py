"""The compiled vocabulary of the incidents stage: cue patterns from ``incident_cues.yaml`` and
trigger patterns from ``taxonomy.yaml``, built once per stage."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ...models import EventType
from ...resources import IncidentCues, Taxonomy

# Sentence structure around the cue words (the words themselves come from the data files).
PLACE_LEAD = re.compile(r"^\s*(?:In|At|Near|Elsewhere in) [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3},")
PAST_EVENT_VERB = re.compile(
    r"\b(?:\w+ed|struck|hit|blew|shot|stormed|took|opened fire|went off|fled|were|was|conducted|carried out|launched|targeted|came under)\b",
    re.IGNORECASE,
)
MILITANT_ATTACK = re.compile(
    r"\b(?:militants|terrorists|attackers|gunmen|assailants|khwarij|insurgents)\b[^.]{0,40}?"
    r"\b(?:attacked|stormed|ambushed|opened fire|targeted|struck|raided|tried to)\b",
    re.IGNORECASE,
)
STATE_ACTORS_AS_SUBJECT = re.compile(
    r"\b(?:security forces|troops|forces|army|police|ctd|fc|pakistan)\b[^.]{0,60}\b(?:conducted|launched|carried out|"
    r"killed|killing|raided|struck|targeted|neutrali[sz]ed|eliminated|foiled|thwarted|intercepted|engaged)\b",
    re.IGNORECASE,
)
CLAUSE_SPLIT = re.compile(
    r";\s+|,?\s+while\s+|,?\s+whereas\s+|,?\s+(?:hours|days|a day|shortly|minutes) (?:after|before)\s+|"
    r",?\s+and\s+(?=(?:another|a|an|two|three|four|five|six|\d+)\b[^,]*\b(?:killed|injured|martyred|wounded|succumbed|died|perished|lost their lives)\b)"
)
WORD_GAP = r"[\s\"“”‘’']{1,3}"
LOCATIVE = re.compile(r"\b(?:in|at|near|inside|across|of|on|into|outside|around)\]?\s+(?:\[?the\]?\s+)?(?:[\w'’[\]-]+\s+){0,2}\[?$", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r",\s+but\b|;\s+|\.\s+|,\s+while\b|,\s+whereas\b|,\s+however\b|\bhowever,|\bbut\s+the\b|,?\s+(?:al)?though\b")


@dataclass(frozen=True)
class Vocabulary:
    cues: IncidentCues
    taxonomy: Taxonomy

    @cached_property
    def triggers(self) -> dict[EventType, re.Pattern[str]]:
        """Case-insensitive trigger patterns, one per event type."""
        return self._trigger_patterns(re.IGNORECASE)

    @cached_property
    def lower_triggers(self) -> dict[EventType, re.Pattern[str]]:
        """The same patterns for a lower-cased text (several times faster than IGNORECASE)."""
        return self._trigger_patterns(0)

    def _trigger_patterns(self, flags: int) -> dict[EventType, re.Pattern[str]]:
        patterns = {}
        for entry in self.taxonomy.event_types:
            words = sorted({t.lower() for t in entry.triggers}, key=len, reverse=True)
            if words:
                patterns[entry.type] = re.compile(
                    # words may stand apart by quote marks: 'the “suicide" bombing'
                    r"(?<![\w-])(?:" + "|".join(re.escape(w).replace(r"\ ", WORD_GAP) for w in words) + r")(?![\w-])", flags
                )
        return patterns

    @cached_property
    def generic(self) -> re.Pattern[str]:
        return self.cues.words("generic")

    @cached_property
    def plural_events(self) -> re.Pattern[str]:
        """'the attacks', 'several incidents' (but 'the attacks in which ...' tells them one by one)."""
        nouns = self.cues.alt("event_nouns_plural")
        return re.compile(r"\b(?:the|these|such|those|all|several|multiple|recent|separate) (?:\w+ )?" + nouns + r"\b(?! in which)", re.IGNORECASE)

    @cached_property
    def summary(self) -> re.Pattern[str]:
        """'in two separate attacks': one sentence that sums events told one by one."""
        nouns = self.cues.alt("summary_nouns")
        # "in two separate incidents", "in separate terror incidents and security operations"
        # ... and a headline's "martyred in North, South Waziristan attacks": places naming the attacks
        return re.compile(r"\b(?:(?:two|three|four|five|several|multiple|separate|twin) (?:separate |different |distinct |coordinated )?(?:terror |terrorist |militant )?"
                          + nouns + r"|in (?:(?-i:[A-Z])[\w.’'-]*,? (?:and )?){1,4}(?:attacks|incidents))\b", re.IGNORECASE)

    @cached_property
    def aggregate(self) -> re.Pattern[str]:
        return self.cues.words("aggregate")

    @cached_property
    def running_total(self) -> re.Pattern[str]:
        return self.cues.words("running_total")

    @cached_property
    def non_event(self) -> re.Pattern[str]:
        return self.cues.words("non_event")

    @cached_property
    def repelled_attack(self) -> re.Pattern[str]:
        return self.cues.words("repelled_attack")

    @cached_property
    def pre_empted(self) -> re.Pattern[str]:
        return self.cues.words("pre_empted")

    @cached_property
    def recalled_attack(self) -> re.Pattern[str]:
        """'the mastermind of last week's suicide attack on a Bannu police station': an attack
        named to say who someone is, with its place."""
        return re.compile(
            r"\b" + self.cues.alt("recalled_attack_heads") + r"\s+(?:of\s+|for\s+|in\s+)?"
            r"(?:[\w'’-]+\s+){0,4}?(?:attacks?|bombings?|blasts?|assaults?|ambush|killings?|explosions?)"
            r"(?:\s+(?:on|at|in|near)\s+(?:the\s+|an?\s+)?(?:(?-i:[A-Z])[\w'’-]*\s+){0,4}(?:[\w'’-]+\s+){0,2}?(?-i:[A-Z])[\w'’-]*(?:\s+[a-z]+){0,2})?",
            re.IGNORECASE,
        )

    @cached_property
    def event_details(self) -> re.Pattern[str]:
        return self.cues.words("event_details")

    @cached_property
    def earlier_event(self) -> re.Pattern[str]:
        return self.cues.words("earlier_event")

    @cached_property
    def new_event(self) -> re.Pattern[str]:
        return self.cues.start("new_event_start")

    @cached_property
    def revision_not_new_event(self) -> re.Pattern[str]:
        return self.cues.start("revision_not_new_event_start")

    @cached_property
    def maybe_new_event(self) -> re.Pattern[str]:
        return self.cues.start("maybe_new_event_start")

    @cached_property
    def same_day(self) -> re.Pattern[str]:
        return self.cues.words("same_day")

    @cached_property
    def more_victims(self) -> re.Pattern[str]:
        return self.cues.words("more_victims")

    @cached_property
    def also(self) -> re.Pattern[str]:
        return self.cues.words("also")

    @cached_property
    def type_unknown(self) -> re.Pattern[str]:
        """'whether it was a planted bomb or a suicide blast': the cue and the rest of its sentence."""
        return re.compile(r"\b(?:" + self.cues.alternatives["type_unknown"] + r")\b[^.!?]*", re.IGNORECASE)

    @cached_property
    def long_ago(self) -> re.Pattern[str]:
        return self.cues.words("long_ago")

    @cached_property
    def recap(self) -> re.Pattern[str]:
        return self.cues.words("recap")

    @cached_property
    def follow_up(self) -> re.Pattern[str]:
        return self.cues.words("follow_up")

    @cached_property
    def toll_update(self) -> re.Pattern[str]:
        return self.cues.words("toll_update")

    @cached_property
    def news_kill(self) -> re.Pattern[str]:
        return self.cues.words("news_kill")

    @cached_property
    def claimed(self) -> re.Pattern[str]:
        return self.cues.words("claimed")

    @cached_property
    def denied(self) -> re.Pattern[str]:
        return self.cues.words("denied")

    @cached_property
    def suspected(self) -> re.Pattern[str]:
        return self.cues.words("suspected")

    @cached_property
    def attributed(self) -> re.Pattern[str]:
        return self.cues.words("attributed")

    @cached_property
    def the_event(self) -> re.Pattern[str]:
        return re.compile(r"\b(?:the|this|that|today's|yesterday's) (?:\w+ )?" + self.cues.alt("event_nouns") + r"\b", re.IGNORECASE)

    @cached_property
    def attack_word(self) -> re.Pattern[str]:
        return self.cues.words("attack_words")

    @cached_property
    def sweep(self) -> re.Pattern[str]:
        return self.cues.words("sweep")

    @cached_property
    def title_victim(self) -> re.Pattern[str]:
        return self.cues.words("title_victim")

    @cached_property
    def chosen_target(self) -> re.Pattern[str]:
        return self.cues.words("chosen_target")

    @cached_property
    def detonation(self) -> re.Pattern[str]:
        return self.cues.words("detonation")

    @cached_property
    def assault_verbs(self) -> re.Pattern[str]:
        return self.cues.words("assault_verbs")

    @cached_property
    def habitual_group(self) -> re.Pattern[str]:
        return self.cues.words("habitual_group")

    @cached_property
    def grenade(self) -> re.Pattern[str]:
        return self.cues.words("grenade")

    @cached_property
    def no_grenade_attack(self) -> re.Pattern[str]:
        return self.cues.words("no_grenade_attack")

    @cached_property
    def across_places(self) -> re.Pattern[str]:
        return self.cues.words("across_places")

    @cached_property
    def this_attack(self) -> re.Pattern[str]:
        return self.cues.words("this_attack")

    @cached_property
    def chosen_group(self) -> re.Pattern[str]:
        return self.cues.words("chosen_group")

    @cached_property
    def post_attacked(self) -> re.Pattern[str]:
        return self.cues.words("post_attacked")

    @cached_property
    def forces_killed_attackers(self) -> re.Pattern[str]:
        return self.cues.words("forces_killed_attackers")

    @cached_property
    def shot(self) -> re.Pattern[str]:
        return self.cues.words("shot")

    @cached_property
    def reporting(self) -> re.Pattern[str]:
        """A reporting verb right before a date: 'police said on Friday', or with its named subject
        between them: 'said the Inter-Services Public Relations (ISPR) on Tuesday' (capitalised
        words, acronyms in brackets, 'of'/'and' inside the name)."""
        name = r"(?:the\s+)?(?:(?-i:[A-Z])[\w.'’-]*\s+|\((?-i:[A-Z])[\w.-]*\)\s+|(?:of|and|for)\s+(?=(?-i:[A-Z]))){1,8}"
        return re.compile(r"\b" + self.cues.alt("reporting") + r"\s+(?:(?:\w+\s+){0,2}|" + name + r")$", re.IGNORECASE)

    @cached_property
    def reporting_after(self) -> re.Pattern[str]:
        """A reporting verb right after a date: 'officials on Wednesday confirmed'."""
        return self.cues.start("reporting_after")

    @cached_property
    def biographical(self) -> re.Pattern[str]:
        """Right before a place: 'resident of District Chakwal', 'rushed to ... in Peshawar'."""
        return re.compile(
            r"\b" + self.cues.alt("biographical") + r"\s+(?:the\s+)?(?:district\s+|village\s+|city\s+)?(?:[A-Z][\w-]*\s+){0,3}$"
        )

    @cached_property
    def named_security_victim(self) -> re.Pattern[str]:
        """'Constable Muhammad Tariq was shot and killed': one named member of the forces killed."""
        return re.compile(
            r"\b" + self.cues.alt("security_ranks") + r"\s+(?:(?-i:[A-Z])[\w'’-]+\s+){0,3}(?-i:[A-Z])[\w'’-]+"
            r"(?:,[^.;,]{0,40},(?:[^.;,]{0,40},)?)?\s+"  # "Sepoy Ahmed, aged 24, resident of Kohat district, embraced shahadat"
            r"(?:(?:was|has been|had been|were|have been)\s+(?:shot dead|shot and killed|killed|martyred|gunned down)|embraced (?:shahadat|martyrdom))\b",
            re.IGNORECASE,
        )

    @cached_property
    def rank_and_name(self) -> re.Pattern[str]:
        """'Naik Asif Khan': a rank before a name, to count the named members of the forces."""
        return re.compile(r"\b" + self.cues.alt("security_ranks") + r"\s+(?-i:[A-Z])", re.IGNORECASE)

    @cached_property
    def named_titled_victim(self) -> re.Pattern[str]:
        """'Levies official Naseer Ahmed was shot dead', 'The minister, Khalil Haqqani, was killed':
        one named, titled victim."""
        return re.compile(
            r"\b" + self.cues.alt("title_victim") + r",?\s+(?:(?-i:[A-Z])[\w'’-]+,?\s+){1,4}(?:was|has been|had been)\s+"
            r"(?:shot dead|shot and killed|killed|martyred|gunned down|assassinated)\b(?![^.]{0,30}\balong with (?:some|several|many|other|a number))",
            re.IGNORECASE,
        )

    @cached_property
    def killed_titled_one(self) -> re.Pattern[str]:
        """'killed the Taliban refugee minister': one titled victim, counted without a number."""
        return re.compile(
            r"\b(?:killed|killing|assassinated|shot dead) (?:the|a|an) (?:[\w'’-]+ ){0,4}?" + self.cues.alt("title_victim") + r"\b",
            re.IGNORECASE,
        )

    @cached_property
    def vague_count(self) -> re.Pattern[str]:
        """A count that states no number: 'several', 'dozens of'."""
        return re.compile(r"\s*" + self.cues.alt("vague_counts") + r"\s*", re.IGNORECASE)
