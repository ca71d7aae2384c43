"""Bundled data files and their validating loaders.

Each loader reads one file through ``importlib.resources``, validates every entry and raises
``ResourceError(file, line-or-entry, message)`` on the first bad one. ``load_resources()``
loads them all once; stages receive what they need from it (nothing is read at import time).

| file | loader |
| --- | --- |
| gazetteer.tsv, places_hand.yaml | ``gazetteer.load_gazetteer`` |
| actors.yaml | ``actors.load_actors`` |
| taxonomy.yaml | ``taxonomy.load_taxonomy`` |
| boilerplate.yaml, number_words.yaml | ``lexicons.load_boilerplate``, ``lexicons.load_numbers`` |
| incident_cues.yaml | ``cues.load_incident_cues`` |
| toll_sources.yaml | ``toll_sources.load_toll_sources`` (the store's toll reconciliation) |
| role_model.json, role_cues.yaml | ``pipeline.incidents.learned.load_model``, ``load_cues`` (the learned main-or-background decision) |
| candidate_model.json | ``pipeline.incidents.candidate_filter.load_model`` (the learned filter over every candidate incident) |
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .actors import Actor, ActorLexicon, load_actors
from .cues import IncidentCues, load_incident_cues
from .gazetteer import Gazetteer, load_gazetteer, normalise_place
from .lexicons import Boilerplate, NumberLexicon, load_boilerplate, load_numbers
from .taxonomy import Taxonomy, load_taxonomy


@dataclass(frozen=True)
class Resources:
    gazetteer: Gazetteer
    actors: ActorLexicon
    taxonomy: Taxonomy
    boilerplate: Boilerplate
    numbers: NumberLexicon
    incident_cues: IncidentCues


def person_nouns(taxonomy: Taxonomy) -> frozenset[str]:
    """The head word of every noun of the victims lexicon, for 'a policeman' and 'one soldier'
    ("polio worker" gives "worker": "a polio vaccination team" is no person)."""
    nouns: set[str] = set()
    for _category, words in taxonomy.victims.items():
        for w in words:
            nouns.add(w.split()[-1])
    return frozenset(nouns | PERSON_NOUNS)


# Nouns after "a" or "an" that make the article a count of one person ("a traffic warden was
# shot dead"), beyond the victim words of taxonomy.yaml.
PERSON_NOUNS = frozenset(
    "person man woman child boy girl brigadier officer official warden guard employee teacher doctor journalist "
    "worker labourer laborer driver passenger vaccinator shopkeeper elder leader cleric student judge lawyer trader "
    "constable commander engineer resident villager farmer politician councillor nazim contractor pilgrim".split()
)


def load_resources(directory: Path | None = None) -> Resources:
    """Load and validate every bundled data file (or the files of ``directory``)."""
    taxonomy = load_taxonomy(directory)
    return Resources(
        gazetteer=load_gazetteer(directory),
        actors=load_actors(directory),
        taxonomy=taxonomy,
        boilerplate=load_boilerplate(directory),
        numbers=load_numbers(person_nouns(taxonomy), directory),
        incident_cues=load_incident_cues(directory),
    )


__all__ = [
    "Actor", "ActorLexicon", "Boilerplate", "Gazetteer", "IncidentCues", "NumberLexicon", "Resources", "Taxonomy", "load_actors",
    "load_boilerplate", "load_gazetteer", "load_incident_cues", "load_numbers", "load_resources", "load_taxonomy", "normalise_place",
    "person_nouns",
]
