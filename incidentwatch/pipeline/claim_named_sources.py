"""Publishers the source lexicon has no name for, read from how the article credits them.

A new page may quote a province's police, an index or a monitor that no resource names. Such
a publisher is recognised by its form and its role, never by one page's wording:

- **form**: a run of capitalised words ending in an organisation's head word ("Balochistan
  police", "Global Terrorism Index", "Human Rights Commission of Pakistan"), the heads listed
  in ``claim_publishers.yaml``; a news outlet's name ("The Express Tribune", "Arab News") is
  never one.
- **role**: the name is the author of figures: "according to data compiled by the X", "a
  report / figures / data released by the X", "the X said in its report", "the X recorded",
  "the X's annual report"; a publication head ("the X Index") is one by itself. A name owned by
  another ("the institute's Militancy Database", "its Security Monitor") is that one's publication.
  A name that holds a force's word ("the Kurram police") is a publisher only as the compiler of
  data, figures or statistics ("figures released by the Balochistan police", "the Balochistan
  police's data"): a force's report
  or statement in an attack's story is no figure of a period.

Once a name is credited so, its other mentions and the acronym the text defines for it ("the
Human Rights Commission of Pakistan (HRCP)") are the same source, so that later figures in
those sentences, and the "report" or "think tank" that refers back to it, carry it.
The name is reported as written, without "the" and with its head capitalised.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..models.mentions import ActorMention
from ..resources._files import _yaml
from .claim_sources import PUBLISHERS_FILE, _publishers

CONNECTOR = r"(?:of|for|and|on|&)"
# a report noun before the name: "data compiled by the X", "according to figures of the X", "a
# report by the X"; a bare "according to the X" or "a statement issued by the X" credits a fact
# about one attack, not figures
REPORT_NOUN = r"(?:report|reports|data|figures|statistics|survey|study|findings|records|tally|assessment|count|numbers|review)"
BEFORE_CUE = re.compile(
    rf"\b{REPORT_NOUN}\s+(?:(?:compiled|released|issued|published|gathered|maintained|provided|prepared|produced|shared|collected|"
    r"presented|kept)\s+)?(?:by|of|from)\s+(?:the\s+)?(?:[\w-]+-based\s+)?$",
    re.IGNORECASE,
)
FIGURES_CUE = re.compile(r"\b(?:data|figures|statistics)\s+(?:(?:compiled|released|issued|published|gathered|maintained|provided|shared|"
                         r"collected)\s+)?(?:by|of|from)\s+(?:the\s+)?$", re.IGNORECASE)
FIGURES_AFTER = re.compile(r"^(?:['’]s)?\s+(?:(?:annual|monthly|quarterly|yearly|latest|official|own)\s+)?(?:data|figures|statistics)\b", re.IGNORECASE)
AFTER_CUE = re.compile(
    r"^(?:['’]s)?\s+(?:(?:annual|monthly|quarterly|yearly|half-yearly|latest|new|recent|security|official|own)\s+){0,3}"
    r"(?:report|reports|data|figures|statistics|survey|study|findings|records|tally|assessment|review)\b"
    r"|^,?\s+(?:\w+\s+){0,2}?(?:recorded|documented|compiled|released|issued|published|counted|tallied)\b"
    r"|^,?\s+(?:\w+\s+){0,2}?(?:said|says|stated|noted|revealed|reveals|showed|shows|found)\s+in\s+(?:its|a|the|their)\s+"
    r"(?:[\w-]+\s+){0,3}(?:report|data|figures|statistics|assessment|review|survey|study)\b",
    re.IGNORECASE,
)
WINDOW = 80
PERSON_TITLE = re.compile(r"\s+(?:Officers?|Chief|Head|spokesm[ae]n|spokesperson|officials?|station|Inspector|Superintendent|Director|"
                          r"Minister|Secretary|Chairman|Chairperson|Commissioner)\b", re.IGNORECASE)
OWNED = re.compile(r"(?:\w['’]s|\b(?:its|their|his|her|our))\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[re.Pattern[str], frozenset[str], re.Pattern[str]]:
    data = _yaml(PUBLISHERS_FILE, None)
    heads = [str(h) for h in data.get("organisation_heads") or []]
    publications = frozenset(str(h).casefold() for h in data.get("publication_heads") or [])
    outlets = [str(w) for w in data.get("outlet_words") or []]
    head = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    # "Police" is written in lower case after a province ("the Balochistan police"); other heads are capitalised
    pattern = re.compile(
        rf"(?<![\w’'-])(?P<name>(?:(?:The|the)\s+)?(?:[A-Z][\w’'.-]*\s+(?:{CONNECTOR}\s+(?:the\s+)?)?){{1,6}}"
        rf"(?P<head>{head}|police)(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,3}})?)\b"
    )
    outlet = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in outlets) + r")\b")
    return pattern, publications, outlet


def _clean_name(raw: str, head: str) -> str:
    name = re.sub(r"\s+", " ", raw).strip()
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"^[\w-]+-based\s+", "", name)  # "Islamabad-based"
    return re.sub(rf"\b{re.escape(head)}\b", head[:1].upper() + head[1:], name, count=1)


def named_sources(text: str, known: list[ActorMention]) -> list[ActorMention]:
    """Source mentions of publishers no resource names (see the module's docstring); ``known``
    are the mentions found already: a name that overlaps a source among them, or that one of them
    spans whole, is that one's, not new (one that holds a force's word, "the Balochistan police",
    is still the publisher); so is a name of the publishers' file, which says when it counts."""
    pattern, publications, outlet = _vocabulary()
    taken = [(a.start, a.end) for a in known if a.kind == "source"]
    credited: dict[str, str] = {}  # the form as written (casefolded) -> the source's name
    forms: list[tuple[int, int, str]] = []
    for m in pattern.finditer(text):
        start, end = m.start("name"), m.end("name")
        if any(s < end and start < e for s, e in taken) or outlet.search(m.group("name")):
            continue
        core = start + len(m.group("name")) - len(re.sub(r"^(?:the|The)\s+", "", m.group("name")))
        if any(a.start <= core and a.end >= end for a in known) or any(p.search(m.group("name")) for _, p in _publishers()):
            continue  # a name the lexicon or the publishers' file knows is theirs to read (a CTD only in its province)
        if PERSON_TITLE.match(text[end:end + 30]):
            continue  # "District Police Officer Nazir Khan": a person's title, not a publisher
        if OWNED.search(text[max(0, start - 30):start]):
            continue  # "the institute's Militancy Database", "its Security Monitor": a source's publication
        name = _clean_name(m.group("name"), m.group("head"))
        if len(name.split()) < 2:
            continue
        forms.append((start, end, name))
        before = text[max(0, start - WINDOW):start].split("\n")[-1]
        after = re.sub(r"^\s*\([A-Z][A-Za-z]{1,9}\)", "", text[end:end + WINDOW].split("\n")[0])  # past its acronym
        if any(a.start < end and start < a.end for a in known):
            # a name that holds a force's word ("the Kurram police") credits figures only as their
            # compiler ("figures released by the Balochistan police"); a force's "report" or
            # "said" is one attack's story
            if FIGURES_CUE.search(before) or FIGURES_AFTER.match(after):
                credited[name.casefold()] = name
            continue
        if m.group("head").casefold() in publications or BEFORE_CUE.search(before) or AFTER_CUE.search(after):
            credited[name.casefold()] = name
    if not credited:
        return []
    out = [ActorMention(start=s, end=e, text=text[s:e], name=credited[n.casefold()], kind="source")
           for s, e, n in forms if n.casefold() in credited]
    # the acronym defined beside a credited name: "Human Rights Commission of Pakistan (HRCP)"
    for _, e, n in forms:
        if n.casefold() not in credited:
            continue
        if (acronym := re.match(r"\s*\((?P<a>[A-Z][A-Za-z]{1,9})\)", text[e:e + 14])) is None:
            continue
        word = acronym.group("a")
        for a in re.finditer(rf"(?<![\w(]){re.escape(word)}\b", text):
            if not any(x < a.end() and a.start() < y for x, y in taken):
                out.append(ActorMention(start=a.start(), end=a.end(), text=word, name=credited[n.casefold()], kind="source"))
    return sorted(out, key=lambda a: a.start)
