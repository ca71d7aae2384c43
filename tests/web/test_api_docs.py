"""``/api/docs``: the API's reference made from the app's own schema: every route, with a curl
example, readable at 1,280 and 390 px, no script, no outside request."""

from __future__ import annotations

import pytest

from incidentwatch.web.apidocs import build_docs, type_of
from tests.web.test_browser import page, shots  # noqa: F401 - the browser fixtures


def test_every_route_of_the_schema_is_documented_with_an_example(site):
    client = site.client()
    spec = client.get("/openapi.json").json()
    html = client.get("/api/docs").text
    routes = [(m.upper(), p) for p, item in spec["paths"].items() for m in item if m in ("get", "post", "patch", "put", "delete")]
    assert len(routes) > 10
    for method, path in routes:
        assert f"<code>{method} {path}</code>" in html
    assert "curl &#39;http://127.0.0.1:8000/api/stats?by=quarter" in html or "curl http://127.0.0.1:8000/api/stats?by=quarter" in html
    assert "<script" not in html and 'href="/openapi.json"' in html


def test_the_model_of_a_small_schema():
    spec = {"info": {"title": "T", "description": "d"}, "paths": {"/api/things/{thing_id}": {
        "get": {"summary": "One thing", "tags": ["things"], "parameters": [
            {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "integer"}},
            {"name": "period", "in": "query", "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]}}],
            "responses": {"200": {"description": "OK"}, "404": {"description": "Not found"}}},
        "patch": {"summary": "Change it", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Edit"}}}},
                  "responses": {"200": {"description": "OK"}}}}},
        "components": {"schemas": {"Edit": {"properties": {"killed": {"type": "integer"}, "other": {"type": "string"}},
                                            "required": ["other"]}}}}
    docs = build_docs(spec)
    get, patch = docs.operations
    assert get.example == "curl 'http://127.0.0.1:8000/api/things/1?period=2024Q2'"
    assert [(p.name, p.type, p.required) for p in get.params] == [("thing_id", "integer", True), ("period", "string or null", False)]
    assert get.answers == (("200", "OK"), ("404", "Not found"))
    assert patch.body == "Edit" and '"other": "text"' in patch.example and '"killed": 7' in patch.example
    assert "X-CSRF-Token" in patch.example
    assert [(f.name, f.required) for f in docs.schemas[0].fields] == [("killed", False), ("other", True)]
    assert type_of({"type": "array", "items": {"enum": ["a", "b"]}}) == "list of one of a, b"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_reads_in_the_browser_at_both_widths(page, site, shots, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site.url}/api/docs")
    assert page.locator("h1").inner_text() == "incidentwatch API"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(shots / f"api-docs-{width}.png"), full_page=False)
    page.click("nav.toc a >> nth=0")
    assert page.problems == []
