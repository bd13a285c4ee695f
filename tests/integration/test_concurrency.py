"""Several clients at once: no lost writes, no 5xx, unique e-mail addresses
hold under a race."""
from concurrent.futures import ThreadPoolExecutor

from hearth_client import GOOD_PASSWORD, Client, api_log_in, bearer, mail_text, unique_email, wait_for_mails


def sign_up(url, email, name="Racer"):
    return Client(url).post("/api/v1/users", json={"email": email, "password": GOOD_PASSWORD,
                                                   "display_name": name})


def test_concurrent_sign_ups_with_one_email_create_one_account(server):
    email = unique_email("race")
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda i: sign_up(server.url, email if i % 2 else email.upper(), f"Racer {i}"),
                                range(8)))
    # Every attempt is answered alike (a taken address is not revealed)...
    assert [r.status for r in results] == [202] * 8, [(r.status, r.text[:200]) for r in results]
    assert len({r.text for r in results}) == 1
    # ...but one account exists: one verification e-mail, and a note to its
    # owner for each of the other seven.
    owner = api_log_in(server.url, email)["user"]["email"]
    assert owner.lower() == email.lower()
    msgs = wait_for_mails(server.data_dir, owner, count=8)
    assert sum("/verify-email?token=" in mail_text(m) for m in msgs) == 1


def test_concurrent_sign_ups_and_logins_all_succeed(server):
    emails = [unique_email("many") for _ in range(12)]
    with ThreadPoolExecutor(12) as pool:
        created = list(pool.map(lambda e: sign_up(server.url, e), emails))
    assert [r.status for r in created] == [202] * 12, [(r.status, r.text[:200]) for r in created]
    ids = {api_log_in(server.url, e)["user"]["id"] for e in emails}
    assert len(ids) == 12

    def log_in_and_read(email):
        res = Client(server.url).post("/api/v1/session", json={"email": email, "password": GOOD_PASSWORD})
        if res.status != 200:
            return res.status, None
        me = Client(server.url).get("/api/v1/me", headers=bearer(res.json()["token"]))
        return me.status, me.json()["user"]["email"] if me.status == 200 else None

    with ThreadPoolExecutor(12) as pool:
        seen = list(pool.map(log_in_and_read, emails))
    assert seen == [(200, e) for e in emails]
