"""docs/openapi.yaml against the real server, on SQLite and PostgreSQL.

Each call below is a request the description documents; its answer must
have a documented status and content type, match the documented JSON
schema (jsonschema, Draft 2020-12, which OpenAPI 3.1 uses), and carry no
field the description does not name. A last test keeps the description and
the routing table (src/app/routes.cpp) listing the same /api operations.
"""
from __future__ import annotations

import copy
import re
import time
from pathlib import Path

import jsonschema
import pytest
import yaml

from consultation_helpers import admin_token, book, member, open_slots, specialist, utc
from hearth_client import Client, bearer, unique_email

ROOT = Path(__file__).resolve().parents[2]
DOC = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8"))
METHODS = ("get", "put", "post", "delete", "patch")


def resolve(node: dict) -> dict:
    """Follows a local $ref ("#/components/...") to what it names."""
    while isinstance(node, dict) and "$ref" in node:
        target = DOC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def response_schema(method: str, path: str, status: int, content_type: str, has_body: bool) -> dict | None:
    """The documented schema of one answer; fails when the answer is not documented."""
    item = DOC["paths"].get(path)
    assert item is not None, f"{path} is not in docs/openapi.yaml"
    op = item.get(method.lower())
    assert op is not None, f"{method} {path} is not in docs/openapi.yaml"
    responses = op["responses"]
    documented = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
    assert documented is not None, f"{method} {path} answered {status}, which is not documented"
    content = resolve(documented).get("content", {})
    if not content:
        assert not has_body, f"{method} {path} {status} has a body, documented without one"
        return None
    assert content_type in content, f"{method} {path} {status} answered {content_type}, documented: {list(content)}"
    return content[content_type].get("schema")


def documented_properties(schema: dict) -> tuple[set[str], dict[str, list[dict]]]:
    """Property names a schema names (through $ref, allOf and the branches of anyOf/oneOf), each with its subschemas."""
    schema = resolve(schema)
    names: dict[str, list[dict]] = {}
    for part in [schema] + [p for key in ("allOf", "anyOf", "oneOf") for p in schema.get(key, [])]:
        part = resolve(part)
        if part is not schema and any(key in part for key in ("allOf", "anyOf", "oneOf")):
            _, nested = documented_properties(part)
            for k, v in nested.items():
                names.setdefault(k, []).extend(v)
            continue
        for k, v in part.get("properties", {}).items():
            names.setdefault(k, []).append(v)
    return set(names), names


def items_schemas(schema: dict) -> list[dict]:
    schema = resolve(schema)
    out = [schema["items"]] if "items" in schema else []
    for part in schema.get("allOf", []):
        out += items_schemas(part)
    return out


def undocumented(value, schema: dict, where: str = "$") -> list[str]:
    """Where `value` holds an object key its schema does not name."""
    found: list[str] = []
    if isinstance(value, dict):
        names, subs = documented_properties(schema)
        if not names:
            return found  # a free-form object
        for k, v in value.items():
            if k not in names:
                found.append(f"{where}.{k}")
                continue
            for sub in subs[k]:
                found += undocumented(v, sub, f"{where}.{k}")
    elif isinstance(value, list):
        for sub in items_schemas(schema):
            for i, v in enumerate(value):
                found += undocumented(v, sub, f"{where}[{i}]")
    return sorted(set(found))


def validator(schema: dict) -> jsonschema.Draft202012Validator:
    # Refs are written against the whole document ("#/components/schemas/...").
    root = copy.deepcopy(DOC)
    resolver = jsonschema.RefResolver(base_uri="", referrer=root)
    return jsonschema.Draft202012Validator(schema, resolver=resolver,
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def check(res, method: str, path: str, status: int | None = None):
    """Asserts that `res` is a documented answer of METHOD PATH (a pattern such as /api/v1/specialists/{slug})."""
    if status is not None:
        assert res.status == status, res
    content_type = (res.headers.get("Content-Type") or "").split(";")[0].strip()
    schema = response_schema(method, path, res.status, content_type, bool(res.body))
    if content_type == "application/json" and schema is not None:
        body = res.json()
        errors = sorted(validator(schema).iter_errors(body), key=lambda e: list(e.path))
        assert not errors, f"{method} {path} {res.status}: " + "; ".join(
            f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5])
        extra = undocumented(body, schema)
        assert not extra, f"{method} {path} {res.status} has undocumented fields: {extra}"
    return res


# --- the checker itself ---

def test_the_checker_refuses_a_wrong_shape_and_an_undocumented_field():
    schema = {"$ref": "#/components/schemas/Error"}
    assert not list(validator(schema).iter_errors({"error": {"code": "x", "message": "m", "field": None}}))
    assert list(validator(schema).iter_errors({"error": {"code": "x", "message": "m"}}))
    assert list(validator(schema).iter_errors({"error": {"code": 1, "message": "m", "field": None}}))
    assert undocumented({"error": {"code": "x", "message": "m", "field": None, "extra": 1}}, schema) == \
        ["$.error.extra"]
    profile = {"$ref": "#/components/schemas/PrivateProfileEnvelope"}
    assert undocumented({"profile": {"slug": "a", "licence_number": "1", "nope": 2}}, profile) == ["$.profile.nope"]


# --- accounts ---

def test_accounts(server):
    c = Client(server.url)
    email = unique_email("shape")
    body = {"email": email, "password": "correct horse battery staple 42", "display_name": "Shape Test"}
    first = check(c.post("/api/v1/users", json=body), "POST", "/api/v1/users", 202).json()
    # A taken address gets the same answer (the owner is e-mailed instead).
    assert check(c.post("/api/v1/users", json=body), "POST", "/api/v1/users", 202).json() == first
    check(c.post("/api/v1/users", json=dict(body, email="not an address")), "POST", "/api/v1/users", 422)
    check(c.post("/api/v1/users", raw_body=b"{", content_type="application/json"), "POST", "/api/v1/users", 400)
    check(c.post("/api/v1/users", raw_body=b"x=1", content_type="text/plain"), "POST", "/api/v1/users", 415)

    check(c.post("/api/v1/session", json={"email": email, "password": "wrong password here"}),
          "POST", "/api/v1/session", 401)
    session = check(c.post("/api/v1/session", json={"email": email, "password": body["password"]}),
                    "POST", "/api/v1/session", 200).json()
    token = session["token"]
    check(Client(server.url).get("/api/v1/me", headers=bearer(token)), "GET", "/api/v1/me", 200)
    check(Client(server.url).get("/api/v1/me"), "GET", "/api/v1/me", 401)
    # A cookie session that changes state without its CSRF token.
    check(c.delete("/api/v1/session"), "DELETE", "/api/v1/session", 403)
    check(Client(server.url).delete("/api/v1/session", headers=bearer(token)), "DELETE", "/api/v1/session")
    check(Client(server.url).post("/api/v1/password/forgot", json={"email": email}),
          "POST", "/api/v1/password/forgot")
    check(Client(server.url).post("/api/v1/email/verify", json={"token": "not-a-real-token"}),
          "POST", "/api/v1/email/verify")


def test_health_and_vocabularies(server):
    c = Client(server.url)
    health = check(c.get("/healthz"), "GET", "/healthz", 200).json()
    assert health["database"] == server.engine
    check(c.get("/api/v1/vocabularies"), "GET", "/api/v1/vocabularies", 200)


# --- profiles, the directory and admin ---

@pytest.fixture(scope="module")
def people(server):
    """A listed specialist offering consultations, a member and an admin token, per engine."""
    return {"spec": specialist(server), "member": member(server), "admin": admin_token(server)}


def test_profiles_and_directory(server, people):
    spec, mina = people["spec"], people["member"]
    check(spec.get("/api/v1/me/profile"), "GET", "/api/v1/me/profile", 200)
    check(spec.put("/api/v1/me/profile", {"full_name": ""}), "PUT", "/api/v1/me/profile", 422)
    check(mina.put("/api/v1/me/profile", {"full_name": "Not A Specialist"}), "PUT", "/api/v1/me/profile", 403)
    check(mina.post("/api/v1/me/profile/publish"), "POST", "/api/v1/me/profile/publish", 403)

    c = Client(server.url)
    check(c.get(f"/api/v1/specialists/{spec.slug}"), "GET", "/api/v1/specialists/{slug}", 200)
    check(c.get("/api/v1/specialists/no-such-person"), "GET", "/api/v1/specialists/{slug}", 404)
    listing = check(c.get("/api/v1/specialists?free_consultation=1&per_page=5"), "GET", "/api/v1/specialists",
                    200).json()
    assert listing["per_page"] == 5
    check(c.get("/api/v1/specialists?per_page=1000"), "GET", "/api/v1/specialists", 422)
    check(c.get("/api/v1/specialists?format=teleport"), "GET", "/api/v1/specialists", 422)

    admin = bearer(people["admin"])
    check(c.get("/api/v1/admin/specialists/pending", headers=admin), "GET", "/api/v1/admin/specialists/pending", 200)
    check(c.get("/api/v1/admin/audit-log?per_page=3", headers=admin), "GET", "/api/v1/admin/audit-log", 200)
    check(mina.get("/api/v1/admin/audit-log"), "GET", "/api/v1/admin/audit-log", 403)
    check(c.post("/api/v1/admin/specialists/no-such-person/verify", json={}, headers=admin),
          "POST", "/api/v1/admin/specialists/{slug}/verify", 404)
    suspend = f"/api/v1/admin/specialists/{spec.slug}/suspend"
    check(c.post(suspend, json={"reason": "x" * 501}, headers=admin), "POST", "/api/v1/admin/specialists/{slug}/suspend",
          422)
    check(c.post(suspend, json={"reason": "Checking the shape"}, headers=admin),
          "POST", "/api/v1/admin/specialists/{slug}/suspend", 200)
    check(c.post(f"/api/v1/admin/specialists/{spec.slug}/reinstate", json={}, headers=admin),
          "POST", "/api/v1/admin/specialists/{slug}/reinstate", 200)


# --- consultations ---

def test_availability_slots_and_bookings(server, people):
    spec, mina = people["spec"], people["member"]
    check(spec.get("/api/v1/me/availability"), "GET", "/api/v1/me/availability", 200)
    check(spec.put("/api/v1/me/availability", {"timezone": "Mars/Olympus"}), "PUT", "/api/v1/me/availability", 422)

    c = Client(server.url)
    path = "/api/v1/specialists/{slug}/slots"
    now = int(time.time())
    check(c.get(f"/api/v1/specialists/{spec.slug}/slots?tz=America/New_York&to={utc(now + 3 * 86400)}"),
          "GET", path, 200)
    check(c.get(f"/api/v1/specialists/{spec.slug}/slots?tz=Nowhere/Atall"), "GET", path, 422)
    check(c.get(f"/api/v1/specialists/{spec.slug}/slots?from=yesterday"), "GET", path, 422)
    check(c.get("/api/v1/specialists/no-such-person/slots"), "GET", path, 404)

    slots = open_slots(server, spec.slug, days=3)
    first, second = slots[0]["start"], slots[1]["start"]
    booking = check(book(mina, spec.slug, first, tz="Europe/Berlin", note="Hello"),
                    "POST", "/api/v1/consultations", 201).json()["consultation"]
    other = member(server, "Omar Other")
    check(book(other, spec.slug, first), "POST", "/api/v1/consultations", 409)
    check(book(other, spec.slug, "not a time"), "POST", "/api/v1/consultations", 422)
    check(spec.post("/api/v1/consultations", {"specialist": spec.slug, "start": second}),
          "POST", "/api/v1/consultations", 403)

    item = f"/api/v1/consultations/{booking['id']}"
    check(mina.get("/api/v1/consultations"), "GET", "/api/v1/consultations", 200)
    check(spec.get("/api/v1/consultations?tz=Asia/Tokyo"), "GET", "/api/v1/consultations", 200)
    check(mina.get(item), "GET", "/api/v1/consultations/{id}", 200)
    check(other.get(item), "GET", "/api/v1/consultations/{id}", 404)
    check(mina.get(item + "/ics"), "GET", "/api/v1/consultations/{id}/ics", 200)
    check(mina.post(item + "/reschedule", {"start": "soon"}), "POST", "/api/v1/consultations/{id}/reschedule", 422)
    check(mina.post(item + "/reschedule", {"start": second}), "POST", "/api/v1/consultations/{id}/reschedule", 200)
    check(other.post(item + "/cancel", {}), "POST", "/api/v1/consultations/{id}/cancel", 404)
    check(spec.post(item + "/cancel", {"reason": "Unwell"}), "POST", "/api/v1/consultations/{id}/cancel", 200)
    check(mina.post(item + "/cancel", {}), "POST", "/api/v1/consultations/{id}/cancel", 409)


# --- the description lists what the server routes ---

def test_every_api_route_is_documented_and_every_documented_route_exists():
    routes = set()
    source = (ROOT / "src" / "app" / "routes.cpp").read_text(encoding="utf-8")
    for method, path in re.findall(r'r\.(get|post|put|del)\("(/api/[^"]*|/healthz)"', source):
        routes.add(("delete" if method == "del" else method, path))
    documented = {(m, p) for p, item in DOC["paths"].items() for m in item if m in METHODS}
    assert routes - documented == set(), "routed but not in docs/openapi.yaml"
    assert documented - routes == set(), "in docs/openapi.yaml but not routed"


def test_ill_formed_utf8_in_a_path_or_query_gets_a_documented_answer(server, people):
    """Percent-encoded bytes that are not UTF-8 (fuzz/http_request_fuzz.cpp) reached PostgreSQL and answered 500;
    now a path is 404 and a query value 400 invalid_text, on both engines."""
    c = Client(server.url)
    check(c.get("/api/v1/specialists/%FF"), "GET", "/api/v1/specialists/{slug}", 404)
    check(c.get("/api/v1/specialists/%ED%A0%80/slots"), "GET", "/api/v1/specialists/{slug}/slots", 404)
    check(c.get("/api/v1/specialists?q=%FF%FE&city=Ber%C0%80lin"), "GET", "/api/v1/specialists", 400)
