"""Sentences: split the clean text into sentences with offsets, paragraph by paragraph.

A rule splitter, not a parser: a sentence ends at . ! or ? (and any closing quote) followed by
a space and a capital letter, a digit or an opening quote, or directly by a capitalised word
after a lower-case word, a closing quote or a bracket (a page that lost the space: "people.The",
"militants”.In"), unless the word before the
stop is a known abbreviation or an initial ("D.I. Khan", "Lt. Gen.", "U.S.").

A "sentence" longer than ``MAX_SENTENCE_CHARS`` (a page without stops, a 5 MB line) is cut into
pieces at the last clause mark or space before the limit: the later stages look at pairs of
mentions inside a sentence, so an unbounded sentence would make them quadratic in the article.
"""

from __future__ import annotations

import re

from ..models import Sentence
from .base import ArticleDoc

ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen lt col maj capt brig sgt cdr cmdr adm gov govt prof rev sen rep no nos st vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept approx est fig insp supdt "
    "dist distt sub hon messrs jr sr mt ft".split()
)

# the second form: a stop run into the next sentence's first word, as some pages drop the space
# ("... six injured people.The workers were attacked ..."): a lower-case word, then a capitalised one
# ... or after a closing quote or bracket ('... “to eliminate militants”.In the second attack', "(ISPR).The")
# ("... years.“Militant", "... there”.Data", "... 40%.The", "... since 2014.Security")
# (a list's items too: "... 187 injuries.\n- Security personnel faced ...")
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*(?=\s+(?:[-•*]\s+)?[\"'“‘(\[]?[A-Z0-9])"
                       r"|(?<=[a-z][a-z]|[A-Za-z][\"”’)\]]|\d%|\d\d)[.!?](?=[“\"‘]?[A-Z][a-z])")
_PARAGRAPH = re.compile(r"\n\s*\n")
MAX_SENTENCE_CHARS = 1_500  # real sentences stay well under; longer ones are cut into pieces
_CUT_AT = re.compile(r"[,;:]\s|\s")


def _is_abbreviation(text: str, stop: int) -> bool:
    """True if the period at ``stop`` closes an abbreviation or an initial."""
    if text[stop] != ".":
        return False
    start = stop
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:stop].lower()
    if not word:
        return False
    if len(word) == 1 or "." in word:  # an initial: "D." "I." or "U.S"
        return True
    return word in ABBREVIATIONS


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with offsets; paragraphs are blocks separated by blank lines."""
    sentences: list[Sentence] = []
    para_start = 0
    paragraph = 0
    bounds = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)] + [(len(text), len(text))]
    for para_end, next_start in bounds:
        block_start = para_start
        for match in _BOUNDARY.finditer(text, para_start, para_end):
            stop = match.start()
            if _is_abbreviation(text, stop):
                continue
            end = match.end()
            _append(sentences, text, block_start, end, paragraph)
            block_start = end
        _append(sentences, text, block_start, para_end, paragraph)
        para_start = next_start
        paragraph += 1
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        piece_end = _cut(text, start, start + MAX_SENTENCE_CHARS)
        _append(sentences, text, start, piece_end, paragraph)
        start = piece_end
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        sentences.append(Sentence(start=start, end=end, text=text[start:end], paragraph=paragraph, index=len(sentences)))


def _cut(text: str, start: int, limit: int) -> int:
    """Where a piece of an over-long sentence ends: after the last clause mark in its second
    half, else at its last space, else at the limit itself."""
    window = text[start + (limit - start) // 2:limit]
    marks = [m.end() for m in _CUT_AT.finditer(window) if m.group(0)[0] in ",;:"]
    if marks:
        return start + (limit - start) // 2 + marks[-1]
    space = window.rfind(" ")
    return start + (limit - start) // 2 + space + 1 if space >= 0 else limit


class SentenceStage:
    name = "sentences"
    requires = ("clean",)
    provides = ("sentences",)

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        doc.sentences = split_sentences(doc.text)
        return doc
