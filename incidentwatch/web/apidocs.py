"""The API's reference page, made from the app's own OpenAPI schema: every route with its
parameters, request body, answers and a ``curl`` example, and every schema's fields. Served at
``/api/docs`` from the package, with no script and no outside request (the schema itself stays
at ``/openapi.json``)."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

# example values for parameters and fields by name (a parameter not named here is left out of
# the example unless it is required, when its type gives a value)
EXAMPLES: dict[str, Any] = {
    "period": "2024Q2", "province": "Khyber Pakhtunkhwa", "country": "PK", "district": "Bannu", "by": "quarter",
    "type": "suicide_bombing", "group": "TTP", "category": "civilians", "format": "csv", "from": "2024-04-01",
    "to": "2024-06-30", "source": "CRSS", "metric": "killed", "min_killed": 5, "q": "Bannu", "limit": 50,
    "incident_id": 42, "article_id": 7, "row_version": 3, "killed": 7, "injured": 11, "name": "alice",
    "password": "a long passphrase", "target": 43, "note": "duplicate of the Bannu report",
}
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Param:
    name: str
    where: str  # path, query, header, cookie
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    tag: str
    params: tuple[Param, ...]
    body: str | None  # the request schema's name
    answers: tuple[tuple[str, str], ...]  # (status, description)
    example: str  # a curl command
    anchor: str


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Schema:
    name: str
    description: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class ApiDocs:
    title: str
    description: str
    operations: tuple[Operation, ...]
    schemas: tuple[Schema, ...]

    @property
    def tags(self) -> list[str]:
        return list(dict.fromkeys(o.tag for o in self.operations))


def type_of(schema: dict[str, Any]) -> str:
    """A short type for a JSON Schema: ``integer``, ``list of string``, ``Incident``, ``a | b``."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            kinds = [type_of(s) for s in schema[key]]
            return " | ".join(dict.fromkeys(k for k in kinds if k != "null")) + (" or null" if "null" in kinds else "")
    if "enum" in schema:
        return "one of " + ", ".join(map(str, schema["enum"]))
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {type_of(schema.get('items', {}))}"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return str(kind)


def _example_value(name: str, schema: dict[str, Any]) -> Any:
    if name in EXAMPLES:
        return EXAMPLES[name]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    return {"integer": 1, "number": 1.0, "boolean": True, "array": []}.get(kind, "text")


def _curl(method: str, path: str, params: list[dict[str, Any]], body: dict[str, Any] | None) -> str:
    url_path = path
    query = []
    for p in params:
        schema = p.get("schema", {})
        if p["in"] == "path":
            url_path = url_path.replace("{" + p["name"] + "}", str(_example_value(p["name"], schema)))
        elif p["in"] == "query" and (p.get("required") or p["name"] in EXAMPLES):
            query.append((p["name"], _example_value(p["name"], schema)))
    url = "http://127.0.0.1:8000" + url_path + ("?" + urlencode(query[:3]) if query else "")
    parts = ["curl"]
    if method != "get":
        parts += ["-X", method.upper(), "-b", "iw_session=...", "-H", "X-CSRF-Token: ..."]
    if body is not None:
        parts += ["-H", "Content-Type: application/json", "-d", json.dumps(body)]
    return " ".join(shlex.quote(p) for p in [*parts, url])


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return spec.get("components", {}).get("schemas", {}).get(schema["$ref"].rsplit("/", 1)[-1], {})
    return schema


def _body_example(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    resolved = _resolve(spec, schema)
    props = resolved.get("properties", {})
    required = resolved.get("required", [])
    names = [n for n in props if n in required or n in EXAMPLES][:4]
    return {n: _example_value(n, _resolve(spec, props[n])) for n in names}


def build_docs(spec: dict[str, Any]) -> ApiDocs:
    """The reference of an OpenAPI 3 document (``app.openapi()``)."""
    operations = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = op.get("parameters", [])
            body_schema = (op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema"))
            operations.append(Operation(
                method=method.upper(), path=path, summary=op.get("summary", ""), description=op.get("description", ""),
                tag=(op.get("tags") or ["other"])[0],
                params=tuple(Param(p["name"], p["in"], type_of(p.get("schema", {})), bool(p.get("required")),
                                   p.get("description") or p.get("schema", {}).get("description", "")) for p in params),
                body=type_of(body_schema) if body_schema else None,
                answers=tuple((status, r.get("description", "")) for status, r in op.get("responses", {}).items()),
                example=_curl(method, path, params, _body_example(spec, body_schema) if body_schema else None),
                anchor=f"{method}-{path}".strip("/").replace("/", "-").replace("{", "").replace("}", ""),
            ))
    schemas = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        schemas.append(Schema(name, schema.get("description", ""), tuple(
            Field(f, type_of(s), f in required, s.get("description", "")) for f, s in schema.get("properties", {}).items())))
    info = spec.get("info", {})
    return ApiDocs(title=info.get("title", "API"), description=info.get("description", ""),
                   operations=tuple(operations), schemas=tuple(schemas))
