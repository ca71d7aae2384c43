"""Actors: militant groups, state forces and sources of figures named in the text.

Matching is case-insensitive on whole words (hyphens and spaces alike) against every alias in
``actors.yaml``, longest alias first, so "Tehreek-e-Taliban Pakistan" wins over "Taliban". Ambiguous aliases ("Taliban"
alone) resolve to the Afghan Taliban when the sentence is about Afghanistan's rulers and are
otherwise left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models.mentions import ActorMention
from ..resources import Actor, ActorLexicon
from .base import ArticleDoc

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.'’][A-Za-z0-9]+)*\.?")
AFGHAN_CONTEXT = re.compile(r"\b(?:afghan|kabul|islamic emirate|return to power|regained control|administration|government)\b")


def _norm(token: str) -> str:
    return token.lower().replace("’", "'").rstrip(".")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Words with offsets; hyphens and spaces both separate ("Tehreek-e-Taliban")."""
    low = text.lower()
    if len(low) != len(text):  # a letter that lower-cases to two ("İ"): offsets shift, token by token
        return [(_norm(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    # a token is ASCII letters, digits, "." and apostrophes: lower-cased and normalised in one pass
    # over the text, it reads the same as ``_norm`` of the token
    low = low.replace("’", "'")
    return [(low[s:e].rstrip("."), s, e) for m in _TOKEN.finditer(text) for s, e in (m.span(),)]


@dataclass(frozen=True)
class AliasIndex:
    """Aliases by their first word, longest first: a dictionary walk instead of one huge regex."""

    by_first: dict[str, list[tuple[tuple[str, ...], Actor, bool]]]


def build_alias_index(lexicon: ActorLexicon) -> AliasIndex:
    by_first: dict[str, list[tuple[tuple[str, ...], Actor, bool]]] = {}
    for table, ambiguous in ((lexicon.aliases, False), (lexicon.ambiguous, True)):
        for alias, actor in table.items():
            words = tuple(t for t, _, _ in _tokens(alias))
            if words:
                by_first.setdefault(words[0], []).append((words, actor, ambiguous))
    for entries in by_first.values():
        entries.sort(key=lambda e: len(e[0]), reverse=True)
    return AliasIndex(by_first=by_first)


def find_actors(text: str, index: AliasIndex) -> list[ActorMention]:
    mentions = []
    tokens = _tokens(text)
    words = [t for t, _, _ in tokens]
    i = 0
    while i < len(tokens):
        matched = 0
        for alias, actor, ambiguous in index.by_first.get(words[i], ()):
            n = len(alias)
            if tuple(words[i:i + n]) != alias:
                continue
            start, end = tokens[i][1], tokens[i + n - 1][2]
            if text[end - 1] == "." and not alias[-1].endswith("."):
                end -= 1
            surface = text[start:end]
            if ambiguous and not AFGHAN_CONTEXT.search(text[max(0, start - 80):end + 80].lower()):
                break
            # all-lower-case short acronyms ("bla" inside a word list) are not names
            if surface.islower() and len(surface) <= 4:
                break
            mentions.append(ActorMention(start=start, end=end, text=surface, name=actor.name, kind=actor.kind))
            matched = n
            break
        i += matched or 1
    return mentions


class ActorStage:
    name = "actors"
    requires = ("clean",)
    provides = ("actors",)

    def __init__(self, lexicon: ActorLexicon) -> None:
        self.lexicon = lexicon
        self.index = build_alias_index(lexicon)

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        doc.actors = find_actors(doc.text, self.index)
        return doc
