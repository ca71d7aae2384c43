"""Actors: militant groups, state forces and sources of figures named in the text.

Matching is case-insensitive on whole words against every alias in ``actors.yaml``, longest
alias first, so "Tehreek-e-Taliban Pakistan" wins over "Taliban". Ambiguous aliases ("Taliban"
alone) resolve to the Afghan Taliban when the sentence is about Afghanistan's rulers and are
otherwise left out.
"""

from __future__ import annotations

import re

from ..models.mentions import ActorMention
from ..resources import ActorLexicon
from .base import ArticleDoc


def build_actor_pattern(lexicon: ActorLexicon) -> re.Pattern[str]:
    aliases = sorted({*lexicon.aliases, *lexicon.ambiguous}, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?") for a in aliases)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def _key(surface: str) -> str:
    return " ".join(surface.casefold().split())


def find_actors(text: str, lexicon: ActorLexicon, pattern: re.Pattern[str]) -> list[ActorMention]:
    mentions = []
    normalised = {re.sub(r"[\s-]+", "", k): v for k, v in lexicon.aliases.items()}
    normalised_amb = {re.sub(r"[\s-]+", "", k): v for k, v in lexicon.ambiguous.items()}
    for m in pattern.finditer(text):
        surface = m.group(0)
        flat = re.sub(r"[\s-]+", "", _key(surface))
        actor = normalised.get(flat)
        if actor is None:
            actor = normalised_amb.get(flat)
            if actor is None:
                continue
            window = text[max(0, m.start() - 80): m.end() + 80].lower()
            if not re.search(r"\b(afghan|kabul|islamic emirate|return to power|regained control|administration|government)\b", window):
                continue
        # all-lower-case short acronyms ("bla" in a word) are not names
        if surface.islower() and len(surface) <= 4:
            continue
        mentions.append(ActorMention(start=m.start(), end=m.end(), text=surface, name=actor.name, kind=actor.kind))
    return mentions


class ActorStage:
    name = "actors"
    requires = ("clean",)
    provides = ("actors",)

    def __init__(self, lexicon: ActorLexicon) -> None:
        self.lexicon = lexicon
        self.pattern = build_actor_pattern(lexicon)

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        doc.actors = find_actors(doc.text, self.lexicon, self.pattern)
        return doc
