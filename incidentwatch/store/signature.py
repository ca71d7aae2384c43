"""An incident's shared-detail signature: the few words that tell one attack from another of the
same district and days (``merge.py`` joins on them when a report gives no date to go by).

A report's signature is the set of its distinctive words (``merge_signature.yaml``): capitalised
words inside a sentence that are not common in stories about attacks, nor a province, district
or country name, nor a group's name (named places below the district, named victims, quoted
officials, buildings), and the scene words (what was attacked, who was gathered there). They
come from the report's evidence sentences and, when the article reports one attack only, from
its title and lead; and the report's victims' toll when it is ``FIGURE_MIN`` or more ("13
killed": a term with a space, never a word). An incident keeps the union of its reports' signatures, bounded
(``MAX_INCIDENT_TERMS``), in its ``merge_state`` (``merged_view``), so joining never reads the
incident's reports.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from ..resources.merge_signature import signature_words

LEAD_CHARS = 1000  # the lead of a one-attack article: where it says what was attacked
MAX_REPORT_TERMS = 24
MAX_INCIDENT_TERMS = 64
FIGURE_MIN = 5  # a victims' toll at least this high is a detail ("13 killed"); smaller ones are common
HEADLINE_SHARE = 0.7  # a line with this share of capitalised words is a title in title case
KEY = "signature"  # the payload's and the merge state's key

_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\n+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


@functools.lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    """The words of province, district and country names and of groups' names (lower case):
    the key fields compare those already. Read from the gazetteer's rows as text (building its
    places would cost the writer a second per process)."""
    from ..resources._files import _read
    from .merge import _actors

    words: set[str] = set()
    for line in _read("gazetteer.tsv", None).splitlines():
        fields = line.split("\t")
        if len(fields) > 2 and fields[2] in {"country", "admin1", "admin2"}:
            words.update(w.lower() for w in _WORD.findall(fields[1]))
    actors = _actors()
    for alias in [*actors.aliases, *actors.ambiguous]:
        words.update(w.lower() for w in _WORD.findall(alias))
    return frozenset(words)


def _plain(word: str) -> str:
    word = word.lower().replace("’", "'")
    return word[:-2] if word.endswith("'s") else word.rstrip("'")


def _scene(word: str) -> str | None:
    scene = signature_words().scene
    if word in scene:
        return word
    if word.endswith("ies") and word[:-3] + "y" in scene:
        return word[:-3] + "y"
    if word.endswith("s") and word[:-1] in scene:
        return word[:-1]
    return None


def terms_of(texts: Iterable[str]) -> list[str]:
    """The distinctive words of some sentences, in the order they first appear."""
    common, names = signature_words().common, _names()
    out: dict[str, None] = {}
    for text in texts:
        for line in _SENTENCE.split(text):
            words = _WORD.findall(line)
            long = [w for w in words if len(w) >= 4]
            headline = len(long) >= 3 and sum(w[0].isupper() for w in long) >= HEADLINE_SHARE * len(long)
            for position, raw in enumerate(words):
                word = _plain(raw)
                scene = _scene(word)
                if scene is not None:
                    out.setdefault(scene, None)
                elif (not headline and position > 0 and raw[0].isupper() and len(word) >= 3
                      and not (raw.isupper() and len(raw) > 6) and word not in common and word not in names):
                    out.setdefault(word, None)
    return list(out)[:MAX_REPORT_TERMS * 2]


def place_words(place: str) -> frozenset[str]:
    """The words of a place's name that a signature would keep ("Parachinar" -> parachinar; a
    district's or province's name, none): whether a report mentions a place another names."""
    common, names = signature_words().common, _names()
    return frozenset(w for w in map(_plain, _WORD.findall(place)) if len(w) >= 3 and w not in common and w not in names)


def sign(payloads: list[dict[str, Any]], title: str | None, text: str) -> None:
    """Put each report's signature in its payload (``payload["signature"]``). The title and lead
    count for a report only when the article has one main report."""
    mains = sum(1 for p in payloads if p.get("reported_as") == "main")
    lead = [title or "", text[:LEAD_CHARS]] if mains == 1 else []
    for payload in payloads:
        evidence = [span.get("text", "") for span in payload.get("evidence") or []]
        extra = lead if payload.get("reported_as") == "main" else []
        payload[KEY] = [*figure_of(payload), *terms_of([*evidence, *extra])][:MAX_REPORT_TERMS]


def figure_of(payload: dict[str, Any]) -> list[str]:
    """The report's victims' toll as a signature term ("13 killed"), when it is at least
    ``FIGURE_MIN``: reports of one attack often share it, two attacks of a province seldom do."""
    killed = payload.get("killed") or {}
    if killed.get("total") is None:
        return []
    victims = killed["total"] - (killed.get("militants") or 0)
    return [f"{victims} killed"] if victims >= FIGURE_MIN else []


def is_figure(term: str) -> bool:
    """A toll term (``figure_of``), not a word: tolls rise from report to report."""
    return " " in term


def words(terms: Iterable[str]) -> frozenset[str]:
    """The words of a signature, its toll term left out."""
    return frozenset(t for t in terms if not is_figure(t))


def of_payload(payload: dict[str, Any] | None) -> frozenset[str]:
    return frozenset((payload or {}).get(KEY) or ())


def union(held: Iterable[str], new: Iterable[str]) -> list[str]:
    """An incident's signature once a report's is added: the first ``MAX_INCIDENT_TERMS``."""
    out = dict.fromkeys(held)
    for term in new:
        if len(out) >= MAX_INCIDENT_TERMS:
            break
        out.setdefault(term, None)
    return list(out)


def shared(a: Iterable[str], b: Iterable[str]) -> int:
    """How many distinctive words two signatures share."""
    return len(set(a) & set(b))
