"""The extraction pipeline: clean -> sentences -> temporal -> quantities -> places -> actors
-> claims -> incidents. Each stage is its own module; ``default_stages`` builds them from the
bundled resources."""

from __future__ import annotations

from ..resources import Resources
from .actors import ActorStage
from .base import ArticleDoc, Pipeline, Stage
from .claims import ClaimStage
from .clean import CleanOptions, CleanStage
from .incidents import IncidentStage
from .places import PlaceStage
from .quantities import QuantityStage
from .sentences import SentenceStage
from .temporal import TemporalStage


def default_stages(resources: Resources, *, clean_options: CleanOptions | None = None) -> list[Stage]:
    return [
        CleanStage(resources.boilerplate, clean_options),
        SentenceStage(),
        TemporalStage(),
        QuantityStage(resources.numbers),
        PlaceStage(resources.gazetteer),
        ActorStage(resources.actors),
        ClaimStage(resources.taxonomy, resources.actors),
        IncidentStage(resources.taxonomy, resources.incident_cues, resources.numbers),
    ]


__all__ = ["ArticleDoc", "Pipeline", "Stage", "default_stages"]
