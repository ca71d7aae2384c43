"""Candidates: which gold incident, if any, each predicted incident of an article stands for.

Used to label training examples for the learned decisions (``scripts/train_role_model.py``,
``scripts/train_candidate_model.py``): a prediction stands for a main incident of the gold, a
background one, or none (a duplicate of one already taken, page chrome, an aggregate).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import GoldError, IncidentwatchError
from ..models import Incident, RawArticle, ReportedAs
from .gold import GoldArticle, GoldIncident, find_article_file, load_gold

if TYPE_CHECKING:
    from ..pipeline import ArticleDoc, Pipeline
from .matching import dates_compatible, match_incidents

MAIN, BACKGROUND, SPURIOUS = "main", "background", "spurious"


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def stands_for(gold: GoldIncident, predicted: Incident) -> int | None:
    """How well a prediction fits a gold incident (higher is better), or None if it cannot be it.
    The gold's evidence quoted inside the prediction's sentences makes it that incident whatever
    the place and date read; otherwise the place and date must be compatible."""
    g1, p1 = gold.admin1 or None, predicted.location.admin1 or None
    quoted = bool(gold.evidence) and any(_words(gold.evidence or "") in _words(s.text) for s in predicted.evidence)
    if not quoted and g1 and p1 and g1 != p1:
        return None
    if not quoted and gold.date and predicted.date and not dates_compatible(gold.date, predicted.date):
        return None
    score = 10 * quoted + 2 * (g1 is not None and g1 == p1)
    score += 2 * (gold.killed is not None and gold.killed == predicted.killed.victims)
    score += gold.admin2 is not None and gold.admin2 == predicted.location.admin2
    score += gold.event_type == predicted.event_type.value
    return score


def assign(gold: Sequence[GoldIncident], predicted: Sequence[Incident]) -> list[int | None]:
    """For each prediction, the index of the gold incident it stands for, one to one, the best
    fitting pairs first; None where it stands for none."""
    pairs = sorted(((score, gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
                    if (score := stands_for(g, p)) is not None), key=lambda t: (-t[0], t[1], t[2]))
    taken_g: set[int] = set()
    out: list[int | None] = [None] * len(predicted)
    for _, gi, pi in pairs:
        if gi in taken_g or out[pi] is not None:
            continue
        taken_g.add(gi)
        out[pi] = gi
    return out


def candidate_labels(gold: GoldArticle, predicted: Sequence[Incident]) -> list[str]:
    """``main``, ``background`` or ``spurious`` for each prediction (see ``assign``)."""
    return [SPURIOUS if gi is None else (MAIN if gold.incidents[gi].reported_as == "main" else BACKGROUND)
            for gi in assign(gold.incidents, predicted)]


def main_counts(gold: GoldArticle, predicted: Sequence[Incident], roles: Sequence[ReportedAs]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of main incidents when the predictions
    take ``roles``, counted as ``evaluate`` counts them (``matching.match_incidents``)."""
    mains = [p.model_copy(update={"reported_as": ReportedAs.MAIN}) for p, role in zip(predicted, roles, strict=True)
             if role is ReportedAs.MAIN]
    matched = len(match_incidents(gold.incidents, mains))
    gold_main = sum(1 for g in gold.incidents if g.reported_as == "main")
    return matched, len(mains) - matched, gold_main - matched


def gold_documents(gold_path: Path, articles_dir: Path | None, ids: set[str] | None,
                   pipeline: Pipeline) -> Iterator[tuple[GoldArticle, ArticleDoc]]:
    """Each article of a gold file (those in ``ids`` when given) with the pipeline's document of
    it, its gold ``published`` given as the caller's date (as ``evaluate`` does).

    Raises:
        GoldError: an article's text is missing or unreadable.
    """
    from ..sources import read_path

    for gold in load_gold(gold_path):
        if ids is not None and gold.id not in ids:
            continue
        path = find_article_file(gold, gold_path=gold_path, articles_dir=articles_dir)
        if path is None:
            raise GoldError(str(gold_path), None, f"no article file for {gold.id!r} (for the real pages see "
                            "realset/README.md, 'Rebuilding the cache')")
        published = date.fromisoformat(gold.published) if gold.published else None
        raw = next(iter(read_path(path, published=published)))
        if isinstance(raw, IncidentwatchError):
            raise GoldError(str(gold_path), None, f"{gold.id}: {raw}")
        yield gold, pipeline(RawArticle(id=gold.id, text=raw.text, html=raw.html, path=raw.path, published=published))


__all__ = ["BACKGROUND", "MAIN", "SPURIOUS", "assign", "candidate_labels", "gold_documents", "main_counts", "stands_for"]
