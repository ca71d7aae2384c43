"""Headline tolls: the killed and injured a headline states, for an article whose body never
counts them ("Six martyred, 11 injured in Quetta blast" over a body that only says "the dead
included four policemen and two passers-by").

The headline is read as one sentence with the body's toll rules. It fills only what the
article's first incident lacks: a toll the body states always wins, and a headline about
several events ("attacks", "incidents") gives none.
"""

from __future__ import annotations

import re

from ...models import Sentence
from ...resources import NumberLexicon
from ..quantities import build_number_regex, find_quantities
from ..tolls import TollSum
from .tolls import mention_tolls

# a headline about several events counts them all: its numbers are no one incident's toll
SEVERAL_EVENTS = re.compile(r"\b(?:attacks|incidents|blasts|bombings|operations|clashes|separate|across|districts)\b", re.IGNORECASE)


# the title line of some pages is a date ("Thursday, December 12, 2024"): no count of people
DATE_LIKE = re.compile(
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
    r"\.?\s+\d{1,2}(?:,?\s+\d{4})?|\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*(?:,?\s+\d{4})?|\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)


class HeadlineTolls:
    def __init__(self, lexicon: NumberLexicon, victims: dict[str, tuple[str, ...]]) -> None:
        self.lexicon = lexicon
        self.pattern = build_number_regex(lexicon)
        self.victims = victims

    def read(self, title: str | None) -> tuple[TollSum, TollSum]:
        """(killed, injured) the headline states; empty sums when it states none."""
        if not title or SEVERAL_EVENTS.search(title):
            return TollSum(), TollSum()
        sentence = Sentence(start=0, end=len(title), text=title, paragraph=0, index=0)
        dates = [(m.start(), m.end()) for m in DATE_LIKE.finditer(title)]
        quantities = find_quantities(sentence, self.lexicon, pattern=self.pattern, exclude=dates)
        return mention_tolls(sentence, quantities, self.victims)


def fill_from_headline(killed: TollSum, injured: TollSum, headline: tuple[TollSum, TollSum]) -> tuple[TollSum, TollSum]:
    """The body's tolls, or the headline's where the body states neither (a body that counts the
    dead but not the injured is kept as it is)."""
    if killed.total is not None or injured.total is not None:
        return killed, injured
    return headline
