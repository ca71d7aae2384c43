from datetime import date

import pytest

from incidentwatch.extraction import to_result
from incidentwatch.models import AttributionStatus, EventType, ReportedAs
from incidentwatch.pipeline import Pipeline, default_stages
from tests.factories import make_article

TUESDAY = date(2024, 5, 14)


@pytest.fixture(scope="module")
def incidents_of(small_resources):
    pipe = Pipeline(default_stages(small_resources))

    def _incidents(text, published=TUESDAY):
        return to_result(pipe(make_article(text, published=published))).incidents

    return _incidents


def test_incident_from_a_single_attack(incidents_of):
    [incident] = incidents_of(
        "Four policemen were martyred and two others injured when gunmen attacked a police checkpost in Bannu on Monday. "
        "The Tehreek-e-Taliban Pakistan claimed responsibility for the attack."
    )
    assert incident.date == "2024-05-13"
    assert (incident.location.admin2, incident.location.admin1, incident.location.country) == ("Bannu", "Khyber Pakhtunkhwa", "PK")
    assert incident.event_type is EventType.ARMED_ASSAULT
    assert (incident.killed.total, incident.killed.security, incident.injured.total) == (4, 4, 2)
    assert [(p.name, p.status) for p in incident.perpetrators] == [("TTP", AttributionStatus.CLAIMED)]
    assert incident.reported_as is ReportedAs.MAIN
    assert all(e.text for e in incident.evidence)


def test_attackers_killed_are_militants_apart_from_the_victims(incidents_of):
    [incident] = incidents_of("Three soldiers were martyred and four terrorists were killed in an exchange of fire in Mir Ali on Monday.")
    assert (incident.killed.total, incident.killed.security, incident.killed.militants, incident.killed.victims) == (7, 3, 4, 3)
    assert incident.location.admin2 == "North Waziristan"


def test_two_incidents_in_one_sentence(incidents_of):
    found = incidents_of("Two soldiers were martyred in Mir Ali on Monday while a policeman was shot dead in Karachi.")
    assert [(i.location.admin1, i.killed.total) for i in found] == [("Khyber Pakhtunkhwa", 2), ("Sindh", 1)]


def test_a_condemned_attack_is_background(incidents_of):
    [incident] = incidents_of("The minister condemned the Karachi University suicide bombing which killed four people, including three Chinese nationals.")
    assert incident.reported_as is ReportedAs.BACKGROUND
    assert (incident.killed.total, incident.killed.foreigners) == (4, 3)


def test_an_aggregate_is_never_an_incident(incidents_of):
    assert incidents_of("Pakistan recorded 267 security-related incidents in 2021, claiming the lives of 214 civilians, SATP said.") == []


def test_unknown_tolls_are_null_not_zero(incidents_of):
    [incident] = incidents_of("A roadside bomb went off near a police van in Bannu on Monday, police said. The area was cordoned off.")
    assert incident.killed.total is None and incident.injured.total is None
    assert incident.event_type is EventType.BOMBING
