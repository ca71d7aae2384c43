"""The editor's forms: a comment on each change, the audit log's list of what changed, and a
refused edit shown beside its field with the form as typed (never a dead-end error page)."""

from __future__ import annotations

import re

from incidentwatch.web.audit_view import Change, changes


def _by_place(client, place):
    return next(i for i in client.get("/api/incidents").json()["data"] if i["place"] == place)


def test_changes_lists_the_fields_that_differ():
    before = {"killed": {"total": 8, "security": None}, "place": "Quetta", "row_version": 3,
              "perpetrators": [{"name": "TTP", "status": "suspected"}]}
    after = {"killed": {"total": 12, "security": 3}, "place": "Quetta", "row_version": 4,
             "perpetrators": [{"name": "TTP", "status": "claimed"}]}
    assert changes(before, after) == [Change("killed.total", "8", "12"), Change("killed.security", "–", "3"),
                                      Change("perpetrators", "TTP:suspected", "TTP:claimed")]
    assert changes(None, {"place": "Bannu"}) == [Change("place", "–", "Bannu")]


def test_a_comment_goes_with_an_api_edit_and_a_confirm(site):
    client, token = site.login("ed")
    turbat = _by_place(client, "Turbat")
    edited = client.patch(f"/api/incidents/{turbat['id']}", headers={"X-CSRF-Token": token},
                          json={"row_version": turbat["row_version"], "killed": {"total": 3},
                                "comment": "ISPR gave 3 the next day"})
    assert edited.status_code == 200, edited.text
    assert "comment" not in edited.json()["locked_fields"]
    confirmed = client.post(f"/api/incidents/{turbat['id']}/confirm", headers={"X-CSRF-Token": token},
                            json={"row_version": edited.json()["row_version"], "comment": "  checked  "}).json()
    assert [(e["action"], e["comment"]) for e in confirmed["audit"][-2:]] == [
        ("edit", "ISPR gave 3 the next day"), ("confirm", "checked")]
    too_long = client.post(f"/api/incidents/{turbat['id']}/reject", headers={"X-CSRF-Token": token},
                           json={"row_version": confirmed["row_version"], "comment": "x" * 1001})
    assert too_long.status_code == 422


def test_the_page_form_takes_a_comment_and_the_log_shows_the_changes(site):
    client, token = site.login("ed")
    turbat = _by_place(client, "Turbat")
    detail = client.get(f"/api/incidents/{turbat['id']}").json()
    form = {"row_version": turbat["row_version"], "csrf_token": token, "comment": "<b>duplicate</b> names removed",
            "date": detail["date"] or "", "event_type": detail["event_type"], "place": detail["place"] or "",
            "district": detail["district"] or "", "province": detail["province"] or "", "country": detail["country"] or "",
            "perpetrators": "\n".join(f"{p['name']}:{p['status']}" for p in detail["perpetrators"])}
    for toll in ("killed", "injured"):
        for part in ("total", "civilians", "security", "militants", "foreigners", "qualifier"):
            value = detail[toll][part]
            form[f"{toll}_{part}"] = "" if value is None else str(value)
    form["killed_total"] = "1"
    form["killed_security"] = ""
    response = client.post(f"/incidents/{turbat['id']}/edit", data=form)
    assert response.status_code == 303, response.text[-2000:]
    page = client.get(f"/incidents/{turbat['id']}").text
    assert "&lt;b&gt;duplicate&lt;/b&gt; names removed" in page  # escaped
    assert "<code>killed.total</code>: 2 → 1" in page


def _full_form(client, incident_id, token):
    detail = client.get(f"/api/incidents/{incident_id}").json()
    form = {"row_version": detail["row_version"], "csrf_token": token, "date": detail["date"] or "",
            "event_type": detail["event_type"], "place": detail["place"] or "", "district": detail["district"] or "",
            "province": detail["province"] or "", "country": detail["country"] or "",
            "perpetrators": "\n".join(f"{p['name']}:{p['status']}" for p in detail["perpetrators"])}
    for toll in ("killed", "injured"):
        for part in ("total", "civilians", "security", "militants", "foreigners", "qualifier"):
            value = detail[toll][part]
            form[f"{toll}_{part}"] = "" if value is None else str(value)
    return form


def test_a_wrong_district_is_shown_beside_the_field_with_the_form_as_typed(site):
    client, token = site.login("ed")
    turbat = _by_place(client, "Turbat")
    form = _full_form(client, turbat["id"], token)
    form.update(district="Kechh", place="Turbat town", killed_total="5", comment="moved to the right district")
    response = client.post(f"/incidents/{turbat['id']}/edit", data=form)
    assert response.status_code == 422
    html = response.text
    assert re.search(r'<span class="field-error" id="error-district" role="alert">[^<]*did you mean Kech', html), html[-3000:]
    assert 'name="district" value="Kechh"' in html and 'name="place" value="Turbat town"' in html
    assert 'name="killed_total" value="5"' in html and 'value="moved to the right district"' in html
    assert "Log out" in html  # the incident page, not a dead-end error page
    after = client.get(f"/api/incidents/{turbat['id']}").json()
    assert after["row_version"] == turbat["row_version"] and after["place"] == "Turbat"  # nothing saved


def test_a_toll_split_above_its_total_is_shown_beside_the_toll(site):
    client, token = site.login("ed")
    turbat = _by_place(client, "Turbat")
    form = _full_form(client, turbat["id"], token)
    form.update(killed_total="1", killed_security="3")
    response = client.post(f"/incidents/{turbat['id']}/edit", data=form)
    assert response.status_code == 422 and 'id="error-killed"' in response.text and "more than the total" in response.text
