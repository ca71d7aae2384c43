"""The incidents API over real HTTP: filters, paging, sorting, one incident with its evidence."""

from __future__ import annotations


def test_lists_every_incident_and_merged_reports_once(site):
    page = site.client().get("/api/incidents").json()
    assert page["count"] == 6 - 1  # six articles, the two Bannu reports merged
    bannu = next(i for i in page["data"] if i["place"] == "Bannu")
    assert bannu["reports"] == 2 and bannu["killed"]["total"] == 4  # the toll rose in the later report


def test_filters_by_province_group_type_deaths_and_text(site):
    client = site.client()
    def ids(**params):
        return {i["place"] for i in client.get("/api/incidents", params=params).json()["data"]}
    assert ids(province="Balochistan") == {"Turbat", "Mastung", "Quetta"}
    assert ids(group="TTP") == {"Bannu"}
    kabul = client.get("/api/incidents", params={"type": "suicide_bombing"}).json()["data"]
    assert [i["province"] for i in kabul] == ["Kabul"]
    assert ids(min_killed=5, country="PK") == {"Quetta"}
    assert ids(q="checkpost") == {"Bannu"}
    assert ids(**{"from": "2024-04-01", "to": "2024-04-30"}) == {"Turbat", "Mastung"}


def test_pages_do_not_overlap_and_next_links_the_following_page(site):
    client = site.client()
    first = client.get("/api/incidents", params={"limit": 2, "sort": "killed", "order": "asc"}).json()
    second = client.get(first["next"]).json()
    assert len(first["data"]) == 2 and len(second["data"]) == 2
    assert not {i["id"] for i in first["data"]} & {i["id"] for i in second["data"]}
    tolls = [i["killed"]["total"] for i in first["data"] + second["data"]]
    assert tolls == sorted(tolls)


def test_unknown_province_is_a_400_with_a_suggestion(site):
    response = site.client().get("/api/incidents", params={"province": "Balochstan"})
    assert response.status_code == 400
    assert "Balochistan" in response.json()["error"]["message"]


def test_one_incident_has_its_reports_outlets_links_and_evidence(site):
    client = site.client()
    bannu = next(i for i in client.get("/api/incidents").json()["data"] if i["place"] == "Bannu")
    detail = client.get(f"/api/incidents/{bannu['id']}").json()
    outlets = [r["article"]["outlet"] for r in detail["report_list"]]
    assert outlets == ["Frontier Daily", "Valley Herald"]  # publication order
    assert all(r["article"]["url"].startswith("https://") for r in detail["report_list"])
    first = detail["report_list"][0]
    assert first["killed"]["total"] == 3 and "Three policemen" in first["evidence"][0]["text"]
    assert {e["action"] for e in detail["audit"]} >= {"create", "merge"}


def test_missing_incident_is_a_404_in_the_error_shape(site):
    response = site.client().get("/api/incidents/999999")
    assert response.status_code == 404
    assert response.json() == {"error": {"status": 404, "message": "incident 999999: not found", "detail": None}}


def test_one_incident_has_its_toll_estimates_with_the_reports_behind_them(site):
    client = site.client()
    bannu = next(i for i in client.get("/api/incidents").json()["data"] if i["place"] == "Bannu")
    killed = bannu["estimates"]["killed"]
    assert (killed["low"], killed["best"], killed["high"]) == (3, 4, 4)
    assert killed["summary"] == "best 4 (police, 2 days later), reports ranged 3–4"
    detail = client.get(f"/api/incidents/{bannu['id']}").json()
    later = detail["report_list"][1]
    assert killed["best_given"]["report"] == later["id"] and later["toll_source"] == "police"
    assert killed["low_given"]["report"] == detail["report_list"][0]["id"]
    page = client.get(f"/incidents/{bannu['id']}").text
    assert "best 4 (police, 2 days later), reports ranged 3–4" in page


def test_a_repeated_filter_keeps_every_value(site):
    client = site.client()
    def ids(params):
        response = client.get("/api/incidents", params=params)
        assert response.status_code == 200, response.text
        return {i["place"] for i in response.json()["data"]}
    balochistan, kp = ids({"province": "Balochistan"}), ids({"province": "KP"})
    assert balochistan and kp
    both = ids([("province", "Balochistan"), ("province", "Khyber Pakhtunkhwa")])
    assert both == balochistan | kp  # not only the last one
    kabul = ids({"type": "suicide_bombing"})
    assert ids([("type", "suicide_bombing"), ("type", "armed_assault")]) >= kabul
    assert ids([("country", "PK"), ("country", "AF")]) == ids({})
    assert ids([("province", "Balochistan"), ("province", "")]) == balochistan  # a blank value is no value


def test_an_unknown_value_among_several_is_a_400_naming_it(site):
    response = site.client().get("/api/incidents", params=[("province", "Balochistan"), ("province", "Sindhh")])
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message.startswith("province 'Sindhh': unknown province") and "Sindh" in message


def test_too_many_values_of_one_filter_are_a_422(site):
    response = site.client().get("/api/incidents", params=[("group", "TTP")] * 51)
    assert response.status_code == 422
