"""The sentences of an article that restate a report's toll, where its source is often named when
the report's evidence does not name it ("This increased the death toll to eight." in the
evidence, "... raising the death toll to eight, according to the government spokesperson" two
paragraphs on).

``merged_view.attribution`` takes the source they name when it is more trusted than the
evidence's, never a less trusted one (a militants' claim of the same number is not the report's
own). Only for an
article with one main report, as for the signature's title and lead (``signature.sign``): in a
round-up, a sentence stating the same figure may be about another incident. A sentence counts
when it gives the report's victims' or whole killed figure (digits or a number word) and a word
of death; at most ``MAX_SENTENCES``, each cut to ``MAX_CHARS``, kept in the payload
(``payload["toll_context"]``) so that a recomputation attributes the figure the same way.
"""

from __future__ import annotations

import functools
import re
from typing import Any

KEY = "toll_context"
MAX_SENTENCES = 3
MAX_CHARS = 300
TEXT_CHARS = 20_000  # the part of a long article read for it

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_NUMBER = re.compile(r"\b(\d{1,4}|[a-z]+)\b", re.IGNORECASE)
_DEATH = re.compile(r"\b(killed|dead|deaths?|died|death toll|toll|martyred|lives|bodies|succumbed|fatalities)\b",
                    re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, int]:
    from ..resources._files import _yaml

    data = _yaml("number_words.yaml", None)
    return {str(k).lower(): int(v) for part in ("units", "tens") for k, v in (data.get(part) or {}).items()}


def _numbers(sentence: str) -> set[int]:
    words, out = _words(), set()
    for token in _NUMBER.findall(sentence):
        if token.isdigit():
            out.add(int(token))
        elif token.lower() in words:
            out.add(words[token.lower()])
    return out


def sentences_of(figures: set[int], text: str, evidence: set[str]) -> list[str]:
    """The sentences of ``text`` that give one of ``figures`` and a word of death, other than the
    evidence's own."""
    out: list[str] = []
    for sentence in _SENTENCE.split(text[:TEXT_CHARS]):
        sentence = sentence.strip()
        if not sentence or sentence in evidence or not _DEATH.search(sentence) or not figures & _numbers(sentence):
            continue
        out.append(sentence[:MAX_CHARS])
        if len(out) >= MAX_SENTENCES:
            break
    return out


def add(payloads: list[dict[str, Any]], text: str) -> None:
    """Put the toll's other sentences in the article's one main report's payload (the module
    docstring); nothing for an article with several main reports or none."""
    mains = [p for p in payloads if p.get("reported_as") == "main"]
    if len(mains) != 1:
        return
    payload = mains[0]
    killed = payload.get("killed") or {}
    total = killed.get("total")
    if total is None:
        return
    figures = {total, total - (killed.get("militants") or 0)}
    evidence = {str(span.get("text", "")).strip() for span in payload.get("evidence") or []}
    found = sentences_of(figures - {0}, text, evidence)
    if found:
        payload[KEY] = found


def of_payload(payload: dict[str, Any] | None) -> list[str]:
    return list((payload or {}).get(KEY) or [])
