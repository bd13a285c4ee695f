"""Who may see the administration: visitors are sent to log in, members and
specialists are refused, administrators (made with `hearth admin create`)
get in. Also the audit log's paging."""
import urllib.parse

import pytest

from hearth_client import (GOOD_PASSWORD, Client, api_log_in, api_sign_up, bearer, unique_email)

ADMIN_PASSWORD = "admin passphrase for tests 8"


@pytest.fixture(scope="module")
def admin(server):
    email = unique_email("admin")
    server.create_admin(email, ADMIN_PASSWORD, name="Ada Admin")
    return email


def admin_token(server, admin_email):
    session = api_log_in(server.url, admin_email, ADMIN_PASSWORD)
    assert session["user"]["role"] == "admin"
    assert session["user"]["email_verified"] is True
    return session["token"]


def cookie_client(server, email, password=GOOD_PASSWORD) -> Client:
    c = Client(server.url)
    res = c.post("/api/v1/session", json={"email": email, "password": password})
    assert res.status == 200, res
    return c


def test_visitors_are_sent_to_log_in(server):
    res = Client(server.url).get("/admin")
    assert res.status == 302, res
    parts = urllib.parse.urlsplit(res.location)
    assert parts.path == "/login"
    assert dict(urllib.parse.parse_qsl(parts.query)) == {"gated": "1", "return_to": "/admin"}
    api = Client(server.url).get("/api/v1/admin/audit-log")
    assert api.status == 401, api
    assert api.error()["code"] == "unauthorized"


@pytest.mark.parametrize("role", ["member", "specialist"])
def test_members_and_specialists_are_refused(server, role):
    email, _ = api_sign_up(server.url, role=role)
    token = api_log_in(server.url, email)["token"]
    api = Client(server.url).get("/api/v1/admin/audit-log", headers=bearer(token))
    assert api.status == 403, api
    assert api.error()["code"] == "forbidden"
    assert "items" not in api.text
    page = cookie_client(server, email).get("/admin")
    assert page.status == 403, page
    assert page.headers["Content-Type"].startswith("text/html")
    assert "account.sign_up" not in page.text


def test_admin_sees_the_dashboard(server, admin):
    c = cookie_client(server, admin, ADMIN_PASSWORD)
    res = c.get("/admin")
    assert res.status == 200, res
    assert res.headers["Content-Type"].startswith("text/html")
    assert "account.login" in res.text


def test_audit_log_records_sign_up_and_log_in(server, admin):
    email, user = api_sign_up(server.url)
    api_log_in(server.url, email)
    failed = Client(server.url).post("/api/v1/session", json={"email": email, "password": "wrong passphrase 12"})
    assert failed.status == 401
    res = Client(server.url).get("/api/v1/admin/audit-log?per_page=100", headers=bearer(admin_token(server, admin)))
    assert res.status == 200, res
    body = res.json()
    assert set(body) == {"items", "total", "page", "per_page"}
    assert body["page"] == 1 and body["per_page"] == 100
    assert isinstance(body["total"], int) and body["total"] >= len(body["items"]) >= 3
    mine = [e for e in body["items"] if e["actor"] == email]
    actions = [e["action"] for e in mine]
    assert "account.sign_up" in actions, actions
    assert "account.login" in actions, actions
    assert "account.login_failed" in actions, actions
    sign_up = next(e for e in mine if e["action"] == "account.sign_up")
    assert sign_up["target_id"] == str(user["id"])
    assert sign_up["detail"] == "member"
    # Newest first.
    ids = [e["id"] for e in body["items"]]
    assert ids == sorted(ids, reverse=True)
    # No secrets in the log.
    assert GOOD_PASSWORD not in res.text and "wrong passphrase 12" not in res.text


def test_audit_log_paging(server, admin):
    token = admin_token(server, admin)
    for _ in range(3):
        api_sign_up(server.url)
    first = Client(server.url).get("/api/v1/admin/audit-log?per_page=2", headers=bearer(token)).json()
    second = Client(server.url).get("/api/v1/admin/audit-log?per_page=2&page=2", headers=bearer(token)).json()
    assert first["per_page"] == 2 and len(first["items"]) == 2
    assert second["page"] == 2 and len(second["items"]) == 2
    assert first["items"][-1]["id"] > second["items"][0]["id"]
    assert first["total"] >= 4
    beyond = Client(server.url).get("/api/v1/admin/audit-log?page=1000000", headers=bearer(token))
    assert beyond.status == 200 and beyond.json()["items"] == []


@pytest.mark.parametrize("query,field", [("per_page=0", "per_page"), ("per_page=101", "per_page"),
                                         ("per_page=-1", "per_page"), ("page=abc", "page"), ("page=0", "page"),
                                         ("page=1.5", "page"), ("per_page=", None)])
def test_audit_log_refuses_bad_paging(server, admin, query, field):
    res = Client(server.url).get(f"/api/v1/admin/audit-log?{query}", headers=bearer(admin_token(server, admin)))
    if field is None:  # an empty value means the default
        assert res.status == 200, res
        assert res.json()["per_page"] == 20
        return
    assert res.status == 422, res
    assert res.error()["field"] == field


def test_admin_cannot_be_created_twice_or_with_a_weak_password(server, admin):
    dup = server.cli("admin", "create", "--email", admin, "--name", "Again", stdin="another admin passphrase 9\n")
    assert dup.returncode != 0
    # The original administrator's password still works.
    admin_token(server, admin)
    assert Client(server.url).post("/api/v1/session",
                                   json={"email": admin, "password": "another admin passphrase 9"}).status == 401
    weak_email = unique_email("weakadmin")
    weak = server.cli("admin", "create", "--email", weak_email, stdin="short\n")
    assert weak.returncode != 0
    assert Client(server.url).post("/api/v1/session", json={"email": weak_email, "password": "short"}).status == 401
