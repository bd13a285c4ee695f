"""Contact us through a real SMTP relay (aiosmtpd, STARTTLS and AUTH): the
operators' notice and the answer to the person arrive over TLS, once each,
and the notice carries nothing of what the person wrote."""
from __future__ import annotations

import time
import uuid

import pytest

from conftest import ENGINES, _launch
from hearth_client import Client, api_sign_up, bearer
from specialist_helpers import ADMIN_PASSWORD, admin_email, token_of
from smtp_server import USER

OPERATORS = "care@hearth.example"


@pytest.fixture(params=ENGINES)
def site(request, smtp):
    srv = _launch(request.param, {**smtp.hearth_env(), "HEARTH_CONTACT_EMAIL": OPERATORS})
    yield srv
    srv.cleanup()


def test_the_notice_and_the_answer_arrive_through_smtp_once_each(site, smtp):
    email, _ = api_sign_up(site.url, display_name="Relay Reader")
    token = token_of(site, email)
    secret = "he reads my phone at night " + uuid.uuid4().hex[:8]
    res = Client(site.url).post("/api/v1/contact", json={"subject": "Privacy worry", "body": secret},
                                headers=bearer(token))
    assert res.status == 201, res
    request_id = res.json()["id"]

    notice = smtp.wait_for(OPERATORS, subject="A new contact request")
    assert len(notice) == 1 and notice[0].tls and notice[0].authenticated_as == USER
    assert secret not in notice[0].text() and "Privacy worry" not in notice[0].text()
    assert f"/admin/contact/{request_id}" in notice[0].text()

    admin = admin_email(site)
    answer = "You can hide your profile from search in your account. " + uuid.uuid4().hex[:6]
    res = Client(site.url).post(f"/api/v1/admin/contact/{request_id}/answer", json={"answer": answer},
                                headers=bearer(token_of(site, admin, ADMIN_PASSWORD)))
    assert res.status == 200, res

    got = smtp.wait_for(email, subject="Hearth has answered your request")
    assert len(got) == 1 and got[0].tls and answer in got[0].text()
    time.sleep(3)  # a duplicate would have had time to arrive
    assert len(smtp.messages(OPERATORS)) == 1
    assert len([m for m in smtp.messages(email) if "answered" in str(m.message()["Subject"])]) == 1
