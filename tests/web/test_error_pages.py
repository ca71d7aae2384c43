"""Error pages say who is logged in: an error can come before the route reads the session."""

from __future__ import annotations


def test_an_error_page_knows_who_is_logged_in(site):
    client, _ = site.login("ed")
    for path, params in (("/incidents/999999", {}), ("/timeline", {"province": "Balochstan"}), ("/no-such-page", {})):
        page = client.get(path, params=params)
        assert page.status_code in (400, 404)
        assert "Log out" in page.text and ">Log in<" not in page.text, path
