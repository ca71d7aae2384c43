import pytest

from incidentwatch.pipeline.incidents.vocabulary import Vocabulary


@pytest.fixture(scope="session")
def vocabulary(resources) -> Vocabulary:
    return Vocabulary(cues=resources.incident_cues, taxonomy=resources.taxonomy)
