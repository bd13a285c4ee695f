"""Attacks on what issue 14 built for people's own data: the data export,
account deletion and retention, on both engines. Tests whose docstring
names a defect failed before the fix committed with them; the others hold
what already stood against an attack tried here."""
from __future__ import annotations

import time
import uuid

import pytest

from conftest import ENGINES, _launch
from consultation_helpers import Person
from db_scan import traces
from hearth_client import GOOD_PASSWORD, Client, api_log_in, bearer, mails_to, token_from_mail, unique_email, \
    wait_for_mail

GRACE_SECONDS = 2
CONFIRM_SUBJECT = "Confirm your new e-mail address"


@pytest.fixture(scope="module", params=ENGINES)
def site(request):
    """A server of this module's own whose deletions fall due after 2 s."""
    srv = _launch(request.param, {"HEARTH_DELETION_GRACE": f"{GRACE_SECONDS}s"})
    yield srv
    srv.cleanup()


def purge_after_grace(site) -> None:
    time.sleep(GRACE_SECONDS + 1)
    r = site.cli("accounts", "purge")
    assert r.returncode == 0, (r.stdout, r.stderr)


def test_erasure_forgets_the_addresses_the_person_had_before_and_asked_for(site):
    """The outbox held mail to the person's former address (the change
    notice with its undo link) and to an address they asked for but never
    confirmed; erasure removed only mail to the current address."""
    name = f"Oldaddr Person {uuid.uuid4().hex[:8]}"
    m = Person(site, "member", name)
    first = m.email
    second = unique_email("second")
    res = m.put("/api/v1/me/email", {"new_email": second, "password": GOOD_PASSWORD})
    assert res.status in (200, 202), res
    token = token_from_mail(wait_for_mail(site.data_dir, second, CONFIRM_SUBJECT), "/account/email/confirm")
    res = Client(site.url).post("/api/v1/email/change/confirm", json={"token": token}, headers=m.headers)
    assert res.status in (200, 204), res
    session = api_log_in(site.url, second)["token"]
    # A further change asked for and left unconfirmed.
    third = unique_email("third")
    res = Client(site.url).request("PUT", "/api/v1/me/email", headers=bearer(session),
                                   json={"new_email": third, "password": GOOD_PASSWORD})
    assert res.status in (200, 202), res
    wait_for_mail(site.data_dir, third, CONFIRM_SUBJECT)
    assert traces(site, [first]) != []  # the notice to the former address is in the outbox

    res = Client(site.url).post("/api/v1/me/deletion", json={"password": GOOD_PASSWORD}, headers=bearer(session))
    assert res.status == 202, res
    purge_after_grace(site)

    found = traces(site, [first, second, third, name])
    assert found == [], found


def test_erasure_leaves_no_phone_number_of_a_member_who_booked_a_call(site):
    """The number is in the member's own mail and on the booking; both go."""
    from consultation_helpers import book, open_slots, specialist
    name = f"Phonecall Member {uuid.uuid4().hex[:8]}"
    m = Person(site, "member", name)
    s = specialist(site, mode="phone")
    phone = "+44 20 7946 " + str(uuid.uuid4().int % 9000 + 1000)
    slot = open_slots(site, s.slug)[3]["start"]
    res = book(m, s.slug, slot, phone=phone, idempotency_key=uuid.uuid4().hex)
    assert res.status == 201, res
    assert traces(site, [phone]) != []

    assert m.post("/api/v1/me/deletion", {"password": GOOD_PASSWORD}).status == 202
    purge_after_grace(site)

    digits = phone.replace(" ", "")
    found = traces(site, [phone, digits, name, m.email])
    assert found == [], found


def test_two_deletion_requests_at_once_make_one_and_a_conflict(site):
    """Both pass the password check together; one deletion is made, the
    other request is a conflict (or finds its session already ended)."""
    from concurrent.futures import ThreadPoolExecutor
    for _ in range(6):
        m = Person(site, "member", f"Twice Asker {uuid.uuid4().hex[:8]}")
        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(lambda _: m.post("/api/v1/me/deletion", {"password": GOOD_PASSWORD}).status,
                                    range(2)))
        assert sorted(answers) in ([202, 401], [202, 409]), answers


def test_erasure_leaves_no_copy_in_the_sqlite_files(site):
    """After the purge, neither the database file nor its write-ahead log
    holds a byte of the erased address or name: deleted rows are zeroed
    (secure_delete) and the purge checkpoints and truncates the log, which
    still held the pages as they were. PostgreSQL's files are not the
    test's to read."""
    if site.engine != "sqlite":
        pytest.skip("the raw database file is read on SQLite only")
    import os
    name = f"Rawbytes Person {uuid.uuid4().hex[:8]}"
    m = Person(site, "member", name)
    assert m.post("/api/v1/me/deletion", {"password": GOOD_PASSWORD}).status == 202
    purge_after_grace(site)
    path = os.path.join(site.data_dir, "hearth.db")
    for file in (path, path + "-wal"):
        if not os.path.exists(file):
            continue
        with open(file, "rb") as f:
            raw = f.read()
        assert m.email.encode() not in raw, file
        assert name.encode() not in raw, file


def test_the_export_and_deletion_forms_refuse_a_post_without_the_page_token(site):
    """A cross-site form can neither start an export nor ask for a deletion."""
    from specialist_helpers import signed_in
    c, _ = signed_in(site, role="member")
    res = c.post("/account/export", form={})
    assert res.status == 403, res
    res = c.post("/account/delete", form={"password": GOOD_PASSWORD})
    assert res.status == 403, res
    res = c.post("/api/v1/me/deletion", form={"password": GOOD_PASSWORD})
    assert res.status in (400, 403, 415), res
    assert c.get("/api/v1/me").status == 200  # still signed in: nothing was asked


def test_erasure_forgets_every_licence_number_an_admin_checked(site):
    """The audit log keeps "licence / region" for each verification; a
    specialist who changed their licence and was verified again left the
    earlier number there after erasure (only the current one was removed)."""
    from consultation_helpers import admin_token, profile_body
    s = Person(site, "specialist", f"Dr Relicensed {uuid.uuid4().hex[:8]}")
    first = f"LIC-A-{uuid.uuid4().hex[:10]}"
    second = f"LIC-B-{uuid.uuid4().hex[:10]}"
    admin = bearer(admin_token(site))
    slug = None
    for licence in (first, second):
        res = s.put("/api/v1/me/profile", {**profile_body(s.name), "licence_number": licence})
        assert res.status in (200, 201), res
        slug = s.get("/api/v1/me/profile").json()["profile"]["slug"]
        assert s.post("/api/v1/me/profile/publish").status == 200
        res = Client(site.url).post(f"/api/v1/admin/specialists/{slug}/verify", json={}, headers=admin)
        assert res.status == 200, res
    assert traces(site, [first]) != []  # the first verification's entry names it

    assert s.post("/api/v1/me/deletion", {"password": GOOD_PASSWORD}).status == 202
    purge_after_grace(site)

    found = traces(site, [first, second, s.name, s.email, slug])
    assert found == [], found
