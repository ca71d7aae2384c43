"""Who published a figure, read over the whole article rather than one sentence.

- The **document source** is the monitor or office the title or lead names as the author of
  figures ("CRSS Quarterly Security Report Q2, 2018", "PICSS in its monthly report revealed").
  A later figure with no source of its own, none in its paragraph, takes it.
- **Named after the figures**: "These statistics were provided in Pakistan Security Report 2014
  ... by Pak Institute for Peace Studies", "This was the crux of the CRSS report", "These were
  the key findings of the annual security report issued by CRSS". Such a sentence gives its
  source to the figures before it that have none of their own, back to the last figure that
  named one, within two paragraphs. A plainer mention ("..., according to a report released by
  CRSS" in the next sentence) gives its source only to unsourced figures just before it, in the
  same or the previous paragraph. When no figure before such a sentence named a source of its
  own, it gives its source to all of them, back to the top of the article, and becomes the
  article's source for the figures after it ("It claimed that ...").
- A newspaper credited with the story ("Dawn reported", "The News reported") is no source:
  outlets are not in the source lexicon, so they never fill ``source``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..models import Claim, Sentence
from ..models.mentions import ActorMention
from ..resources._files import _validate, _yaml

# what makes a lead sentence name the author of the article's figures ("security report",
# "monthly assessment", "statistics issued by"); a press briefing or a spokesman is not enough
REPORT_WORDS = re.compile(r"\b(?:report|reports|data|details|figures|statistics|findings|assessment|survey|study|review|monitor|tally)\b", re.IGNORECASE)
ATTRIBUTION = re.compile(r"\b(?:according to|said|says|reported|recorded|documented|compiled|noted|showed|shows|revealed|reveals|stated|released|issued|provided|disclosed|told|informed|briefed|released)\b", re.IGNORECASE)
BACK_REFERENCE = re.compile(
    r"^\W*(?:these|this|such|the above)\b[^.]{0,60}\b(?:figures|statistics|findings|data|numbers|crux|information|details|report)\b"
    r"|\b(?:these|this) (?:were|was|are|is) (?:the )?(?:key |main |major )?(?:findings|crux|statistics|figures|data|conclusions|highlights|takeaways)\b",
    re.IGNORECASE,
)
LEAD_PARAGRAPHS = 3  # the title and the first two paragraphs


PUBLISHERS_FILE = "claim_publishers.yaml"
KP_NAMES = {"Khyber Pakhtunkhwa": re.compile(r"\b(?:Khyber[ -]Pakhtunkhwa|KP|K-P|KPK)\b")}


class Publisher(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    surfaces: tuple[str, ...]
    source: str
    lead_region: str | None = None


def load_publishers(directory: Path | None = None) -> tuple[Publisher, ...]:
    """The entries of ``claim_publishers.yaml``.

    Raises:
        ResourceError: the file is not valid YAML or an entry is malformed.
    """
    data = _yaml(PUBLISHERS_FILE, directory)
    return tuple(_validate(Publisher, entry, PUBLISHERS_FILE, f"entry {i + 1}") for i, entry in enumerate(data.get("publishers") or []))


@lru_cache(maxsize=1)
def _publishers() -> tuple[tuple[Publisher, re.Pattern[str]], ...]:
    out = []
    for p in load_publishers():
        names = sorted(p.surfaces, key=len, reverse=True)
        out.append((p, re.compile(r"\b(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + r")\b", re.IGNORECASE)))
    return tuple(out)


def publisher_mentions(text: str, sentences: list[Sentence], title: str | None = None) -> list[ActorMention]:
    """Sources written as a force's name ("statistics issued by KP police"): see the data file."""
    lead_end = 0
    paragraphs = sorted({s.paragraph for s in sentences})[:LEAD_PARAGRAPHS]
    for s in sentences:
        if s.paragraph in paragraphs:
            lead_end = s.end
    lead = (title or "") + " " + text[:lead_end]
    out = []
    for publisher, pattern in _publishers():
        if publisher.lead_region is not None:
            region = KP_NAMES.get(publisher.lead_region, re.compile(re.escape(publisher.lead_region)))
            if not region.search(lead):
                continue
        for m in pattern.finditer(text):
            if m.group(0).islower() and not re.search(r"\s", m.group(0)):
                continue  # "ctd" in running lower-case text is no name; "the home department" is
            out.append(ActorMention(start=m.start(), end=m.end(), text=m.group(0), name=publisher.source, kind="source"))
    return out


@dataclass
class ClaimOrigin:
    """A claim found in sentence ``sentence`` (its index); ``own`` when that sentence named the source."""

    claim: Claim
    sentence: int
    own: bool


def _sources_in(sentence: Sentence, actors: list[ActorMention]) -> list[ActorMention]:
    return [a for a in actors if a.kind == "source" and sentence.start <= a.start < sentence.end]


def document_source(
    sentences: list[Sentence], actors: list[ActorMention], *, title: str | None = None, title_actors: list[ActorMention] | None = None
) -> str | None:
    """The source the title or lead names as the author of figures, if one is: the source of a
    title about a report, data or statistics ("PICSS Monthly Security Report", "NACTA reveals
    statistics"), else the first the lead names in such a sentence. An ISPR press release's
    title ("ISPR: 4 terrorists killed") names no report: single events keep their own sources."""
    title_sources = [a for a in title_actors or [] if a.kind == "source"]
    if title and title_sources and REPORT_WORDS.search(title):
        return title_sources[0].name
    paragraphs = sorted({s.paragraph for s in sentences})[:LEAD_PARAGRAPHS]
    for s in sentences:
        if s.paragraph not in paragraphs:
            break
        named = _sources_in(s, actors)
        for a in named:
            # the source and the report word close together: "a report released by CRSS",
            # "statistics issued by KP police", not "initial reports suggested ... the ministry"
            near = s.text[max(0, a.start - s.start - 60):a.end - s.start + 60]
            if REPORT_WORDS.search(near):
                return a.name
    return None


def backfill_sources(origins: list[ClaimOrigin], sentences: list[Sentence], actors: list[ActorMention]) -> list[Claim]:
    """Give figures the source a later sentence names for them; return the claims in order."""
    by_index = {s.index: s for s in sentences}
    for s in sentences:
        named = _sources_in(s, actors)
        if not named:
            continue
        strong = bool(BACK_REFERENCE.search(s.text))
        if not strong and not ATTRIBUTION.search(s.text):
            continue
        source = named[0].name
        earlier = [o for o in origins if o.sentence < s.index]
        # "These were the key findings of the report issued by CRSS" after figures none of which
        # named a source: the whole article so far is that report's
        whole = strong and not any(o.own for o in earlier)
        for o in reversed(earlier):
            if o.own:
                break
            paragraph_gap = s.paragraph - by_index[o.sentence].paragraph
            if paragraph_gap > (2 if strong else 1) and not whole:
                break
            if o.claim.source is None or strong:
                o.claim = o.claim.model_copy(update={"source": source})
    return [o.claim for o in origins]
