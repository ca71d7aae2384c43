"""The stage protocol, the document the stages fill, and the pipeline that runs them.

A stage reads the ``ArticleDoc`` fields it ``requires`` and fills the ones it ``provides``.
``Pipeline`` checks at construction that every required field is provided by an earlier
stage, and fails naming the stage and the field if not.
"""

from __future__ import annotations

import json
import logging
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from ..errors import ArticleFailure, IncidentwatchError, PipelineError
from ..models import CleanArticle, RawArticle, Sentence
from ..models.claim import Claim
from ..models.incident import Incident
from ..models.mentions import ActorMention, PlaceMention, QuantityMention, TemporalMention
from .budget import OverBudget, time_budget

log = logging.getLogger(__name__)


@dataclass
class ArticleDoc:
    """One article on its way through the pipeline: one typed field per stage output."""

    raw: RawArticle
    clean: CleanArticle | None = None
    sentences: list[Sentence] = field(default_factory=list)
    dates: list[TemporalMention] = field(default_factory=list)
    quantities: list[QuantityMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    title_places: list[PlaceMention] = field(default_factory=list)  # places the headline names (offsets in the title)
    actors: list[ActorMention] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    statistical_sentences: set[int] = field(default_factory=set)  # sentences whose figures are claims

    @property
    def text(self) -> str:
        if self.clean is None:
            raise PipelineError("the document has not been cleaned yet")
        return self.clean.text


DOC_FIELDS = frozenset(f.name for f in fields(ArticleDoc))


_START = attrgetter("start")  # a mention's offset, read in C: bisect calls it at every step


def within(items: list[Any], start: int, end: int) -> list[Any]:
    """The mentions of ``items`` (sorted by ``start``) that begin in ``[start, end)``."""
    lo = bisect_left(items, start, key=_START)
    hi = bisect_left(items, end, lo=lo, key=_START)
    return items[lo:hi]


class Stage(Protocol):
    # read-only members: a stage's class attributes (``requires = ("clean",)``) satisfy them
    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> tuple[str, ...]: ...

    @property
    def provides(self) -> tuple[str, ...]: ...

    def __call__(self, doc: ArticleDoc) -> ArticleDoc: ...


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def article_name(raw: RawArticle) -> str:
    """How a failure names its article: the file (and line) it came from, and its id."""
    return f"{raw.path}: article {raw.id}" if raw.path else f"article {raw.id}"


class Pipeline:
    """Runs stages in order.

    Args:
        stages: the stages, in order.
        on_error: ``"raise"`` (tests) or a callable ``(doc, error)`` that records the error;
            the document is then returned as far as it got.
        dump_dir: if set, each stage's output is written there as JSON, one file per stage.
    """

    def __init__(
        self,
        stages: Sequence[Stage],
        *,
        on_error: str | Callable[[ArticleDoc, IncidentwatchError], None] = "raise",
        dump_dir: Path | None = None,
    ) -> None:
        available = {"raw"}
        for stage in stages:
            for name in (*stage.requires, *stage.provides):
                if name not in DOC_FIELDS:
                    raise PipelineError(f"stage {stage.name!r} names unknown field {name!r}")
            missing = [r for r in stage.requires if r not in available]
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage provides"
                )
            available.update(stage.provides)
        self.stages = list(stages)
        self.on_error = on_error
        self.dump_dir = dump_dir

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, raw: RawArticle, *, time_budget_s: float | None = None) -> ArticleDoc:
        """Run every stage over one article.

        Raises:
            InputError: the article is not one (empty, not English, ...).
            ArticleFailure: a stage raised anything else on this article (``internal_error``,
                naming the stage and the exception), or the article took more than
                ``time_budget_s`` seconds (``too_slow``). Either way it is this article's
                failure alone: the caller goes on with the next.
        """
        doc = ArticleDoc(raw=raw)
        stage: Stage | None = None
        try:
            with time_budget(time_budget_s):
                for stage in self.stages:
                    try:
                        doc = stage(doc)
                    except IncidentwatchError as error:
                        if self.on_error == "raise" or not callable(self.on_error):
                            raise
                        self.on_error(doc, error)
                        return doc
                    if self.dump_dir is not None:
                        self._dump(doc, stage)
        except OverBudget:
            raise ArticleFailure(article_name(raw), ArticleFailure.TOO_SLOW, stage.name if stage else "start",
                                 f"over {time_budget_s:g} s") from None
        except IncidentwatchError:
            raise
        except Exception as error:  # a bug met on this article: its failure, not the batch's
            log.debug("article %s failed in stage %s", raw.id, stage.name if stage else "start", exc_info=True)
            raise self.failure_of(raw, stage.name if stage else "start", error) from error
        return doc

    @staticmethod
    def failure_of(raw: RawArticle, stage: str, error: Exception) -> ArticleFailure:
        """The ``internal_error`` failure of an article whose ``stage`` raised ``error``."""
        first = (str(error).strip().splitlines() or [""])[0][:200]
        return ArticleFailure(article_name(raw), ArticleFailure.INTERNAL, stage,
                              f"{type(error).__name__}: {first}" if first else type(error).__name__)

    def _dump(self, doc: ArticleDoc, stage: Stage) -> None:
        if self.dump_dir is None:
            return
        # an id is the article's to choose ("../../x", "a/b", 10,000 characters): never a path
        out = self.dump_dir / (re.sub(r"[^A-Za-z0-9_.-]", "_", doc.raw.id).lstrip(".")[:120] or "article")
        out.mkdir(parents=True, exist_ok=True)
        payload = {name: _jsonable(getattr(doc, name)) for name in stage.provides}
        (out / f"{stage.name}.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False))
