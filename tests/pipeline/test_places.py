import pytest

from incidentwatch.pipeline.places import in_dateline, link_places
from incidentwatch.pipeline.sentences import split_sentences


def places(resources, text):
    return link_places(text, split_sentences(text), resources.gazetteer)


@pytest.mark.parametrize(
    ("text", "surface", "kind", "admin2", "admin1"),
    [
        ("Militants attacked a post in Khyber Pakhtunkhwa.", "Khyber Pakhtunkhwa", "admin1", None, "Khyber Pakhtunkhwa"),
        ("Militants attacked a post in Khyber district.", "Khyber", "admin2", "Khyber", "Khyber Pakhtunkhwa"),
        ("Violence rose in K-P last year.", "K-P", "admin1", None, "Khyber Pakhtunkhwa"),
        ("Violence rose in KPK last year.", "KPK", "admin1", None, "Khyber Pakhtunkhwa"),
        ("A blast hit Quetta in Baluchistan.", "Baluchistan", "admin1", None, "Balochistan"),
        ("Gunmen struck in D.I. Khan on Monday.", "D.I. Khan", "place", "Dera Ismail Khan", "Khyber Pakhtunkhwa"),
        ("A drone was seen over Mir Ali.", "Mir Ali", "place", "North Waziristan", "Khyber Pakhtunkhwa"),
        ("Chinese engineers were attacked near Besham.", "Besham", "place", "Shangla", "Khyber Pakhtunkhwa"),
        ("Firing was reported in Parachinar.", "Parachinar", "place", "Kurram", "Khyber Pakhtunkhwa"),
        ("Levies came under fire in Duki district.", "Duki", "admin2", "Duki", "Balochistan"),
        ("An IED went off in Turbat.", "Turbat", "place", "Kech", "Balochistan"),
        ("A bomber struck a bank in the northern city of Kunduz.", "Kunduz", "place", "Kunduz", "Kunduz"),
        ("Police patrolled Lower Kurram on Monday.", "Lower Kurram", "admin2", "Kurram", "Khyber Pakhtunkhwa"),
        ("Police in Matni repelled the attack.", "Matni", "place", "Peshawar", "Khyber Pakhtunkhwa"),
    ],
)
def test_places_resolve_names_aliases_and_spellings(resources, text, surface, kind, admin2, admin1):
    found = [m for m in places(resources, text) if m.text == surface]
    assert found, f"{surface!r} not found in {text!r}"
    place = found[0].place
    assert (place.kind, place.admin2, place.admin1) == (kind, admin2, admin1)
    assert place.lat is not None and place.iso3166_2 is not None


def test_kurram_river_is_no_place(resources):
    assert [m.text for m in places(resources, "The Kurram river flooded the valley.")] == []


def test_other_countries_resolve_at_country_level(resources):
    found = {m.text: m.place for m in places(resources, "Officials from China and Iran met in Kabul.")}
    assert found["China"].kind == "country" and found["China"].country == "CN"
    assert found["Kabul"].country == "AF"


def test_a_dateline_names_where_the_report_was_filed(resources):
    text = "PESHAWAR: Two soldiers were martyred in Bannu on Monday."
    mentions = places(resources, text)
    assert [in_dateline(m, text) for m in mentions] == [True, False]


@pytest.mark.parametrize(("text", "admin1"), [
    ("A suicide bombing in the Afghan capital on Wednesday killed a minister.", "Kabul"),
    ("Police sealed the federal capital after the blast.", "Islamabad"),
])
def test_a_capital_named_by_its_country_is_that_city(resources, text, admin1):
    [found] = [m for m in places(resources, text) if "capital" in m.text]
    assert found.place.admin1 == admin1


def test_a_capital_named_with_its_name_is_read_once(resources):
    found = places(resources, "A blast hit the Afghan capital, Kabul, on Monday.")
    assert [m.text for m in found] == ["Kabul"]


def test_a_name_read_as_a_city_once_is_the_city_at_its_bare_mentions(resources):
    # the official's "Kandahar province" is a title: the bare "Kandahar" is still the city
    text = ("A bomber struck in Afghanistan's Kandahar on Sunday. The bank is in central Kandahar city, "
            "said the head of health for Kandahar province.")
    found = [(p.text, p.place.kind, p.place.admin2) for p in places(resources, text) if p.text == "Kandahar"]
    assert found[0] == ("Kandahar", "place", "Kandahar") and found[1] == ("Kandahar", "place", "Kandahar")
    assert found[2][1] == "admin1"


def test_a_province_named_after_its_capital_is_the_city_unless_the_text_says_province(resources):
    found = [(p.place.kind, p.place.admin2) for p in places(resources, "A bomber struck in Kunduz on Sunday.") if p.text == "Kunduz"]
    assert found == [("place", "Kunduz")]
    found = [p.place.kind for p in places(resources, "Clashes were reported in Kunduz province.") if p.text == "Kunduz"]
    assert found == ["admin1"]


def test_kabul_city_has_no_one_district_and_a_bare_national_capital_stays_a_province(resources):
    found = [(p.place.kind, p.place.admin2) for p in places(resources, "A bomb went off in Kabul city.") if p.text == "Kabul"]
    assert found == [("place", None)]
    # "Islamabad claimed ...", "Kabul denied ...": the governments, not scenes
    found = [p.place.kind for p in places(resources, "Islamabad claimed that Kabul had sheltered them.")]
    assert found == ["admin1", "admin1"]


def test_faizabad_in_a_text_naming_badakhshan_is_its_capital(resources):
    found = [p for p in places(resources, "A blast hit a mosque in Faizabad, the capital of Badakhshan province.") if p.text == "Faizabad"]
    assert found[0].place.admin1 == "Badakhshan" and found[0].place.admin2 == "Fayzabad"


def test_a_title_case_dateline_run_into_the_lead_is_the_filing_place_but_a_list_item_is_not(resources):
    text = ("Figures for the year\n\nIslamabad:The third quarter of 2024 saw a sharp rise in fatalities across the country, "
            "the think tank said in its report on Tuesday.\n\nBannu: The district reported 41 incidents in the same "
            "period, in which 22 terrorists were killed by the police.")
    mentions = places(resources, text)
    assert [(m.text, in_dateline(m, text)) for m in mentions] == [("Islamabad", True), ("Bannu", False)]


def test_a_place_then_a_colon_and_a_figure_is_no_dateline(resources):
    text = "Provinces\n\nBalochistan: 48 attacks were recorded in the quarter across its districts, the highest of any province."
    mentions = places(resources, text)
    assert [in_dateline(m, text) for m in mentions] == [False]


def test_a_place_located_by_its_distance_from_another_is_the_namesake_near_it(resources):
    text = ("A grenade was hurled at a shop in Nasirabad, some 35 kilometres from Turbat, on Sunday. "
            "Police in Nasirabad said the attackers fled. Nasirabad district was calm.")
    found = [m for m in places(resources, text) if m.text == "Nasirabad"]
    assert [(m.place.kind, m.place.admin2) for m in found] == [("place", "Kech"), ("place", "Kech"), ("admin2", "Nasirabad")]


def test_a_distance_picks_the_candidate_lying_within_it(resources):
    # Tank is a district and its town in Khyber Pakhtunkhwa; nothing else of that name near Dera Ismail Khan
    found = [m for m in places(resources, "Gunmen struck in Tank, about 60 km from Dera Ismail Khan.") if m.text == "Tank"]
    assert found[0].place.admin2 == "Tank" and found[0].place.admin1 == "Khyber Pakhtunkhwa"


def test_a_bare_provincial_capital_stays_the_city_beside_its_province(resources):
    text = "A bomb went off in Kunduz, Afghanistan. The Kunduz province police chief said three died."
    found = [m for m in places(resources, text) if m.text == "Kunduz"]
    assert [m.place.kind for m in found] == ["place", "admin1"]


def test_domand_is_the_khost_district_dwamanda(resources):
    found = [m for m in places(resources, "The blast took place near Domand district.") if m.text == "Domand"]
    assert (found[0].place.kind, found[0].place.admin2, found[0].place.admin1) == ("admin2", "Dwamanda", "Khost")


@pytest.mark.parametrize("text", ["Gunmen struck near the Pishin Stop in Quetta.", "A blast hit a van on Warsak Road in Peshawar."])
def test_a_street_or_stop_named_after_a_town_is_not_that_town(resources, text):
    assert all(m.text not in {"Pishin", "Warsak"} for m in places(resources, text))


@pytest.mark.parametrize(
    ("text", "surface", "admin2"),
    [
        ("A blast in the Tirah Valley killed two.", "Tirah", "Khyber"),
        ("Gunmen attacked a post in Barang tehsil.", "Barang", "Bajaur"),
        ("A roadside bomb went off in Mamond.", "Mamond", "Bajaur"),
        ("Firing was reported in Serai Naurang.", "Serai Naurang", "Lakki Marwat"),
        ("Police in Ghallanai said two died.", "Ghallanai", "Mohmand"),
    ],
)
def test_valleys_tehsils_and_spellings_resolve(resources, text, surface, admin2):
    found = [m for m in places(resources, text) if m.text == surface]
    assert found and found[0].place.admin2 == admin2
