"""The messages endpoints answer as docs/openapi.yaml describes them (both engines)."""
from __future__ import annotations

from hearth_client import Client
from message_helpers import key, member, read, send, set_messages_open, specialist, start
from test_openapi_shapes import check

C = "/api/v1/conversations"


def test_conversation_endpoints_match_the_description(server):
    m, s, other = member(server), specialist(server), member(server)
    first = check(start(m, s.slug, "Hello there."), "POST", C, 201).json()
    conv = first["conversation"]["id"]
    item, msgs = f"{C}/{conv}", f"{C}/{conv}/messages"
    k = key()
    check(send(s, conv, "A reply.", idem=k), "POST", C + "/{id}/messages", 201)
    check(send(s, conv, "A reply.", idem=k), "POST", C + "/{id}/messages", 200)
    check(send(s, conv, "Another.", idem=k), "POST", C + "/{id}/messages", 409)
    check(send(s, conv, ""), "POST", C + "/{id}/messages", 422)
    check(send(other, conv, "hi"), "POST", C + "/{id}/messages", 404)
    check(start(s, s.slug), "POST", C, 403)
    check(start(m, "nobody-here"), "POST", C, 404)
    check(Client(server.url).get(C), "GET", C, 401)

    check(m.get(C), "GET", C, 200)
    check(m.get(C + "?archived=1&per_page=5"), "GET", C, 200)
    check(m.get(C + "?archived=2"), "GET", C, 422)
    check(m.get(item), "GET", C + "/{id}", 200)
    check(other.get(item), "GET", C + "/{id}", 404)
    check(read(m, conv), "GET", C + "/{id}/messages", 200)
    check(read(m, conv, "?before=999999&limit=1"), "GET", C + "/{id}/messages", 200)
    check(read(m, conv, "?limit=0"), "GET", C + "/{id}/messages", 422)
    check(other.get(msgs), "GET", C + "/{id}/messages", 404)

    for sub in ("block", "archive"):
        check(s.post(f"{item}/{sub}"), "POST", C + "/{id}/" + sub, 200)
        check(s.call("DELETE", f"{item}/{sub}"), "DELETE", C + "/{id}/" + sub, 200)
        check(other.post(f"{item}/{sub}"), "POST", C + "/{id}/" + sub, 404)
    check(m.post(f"{item}/block"), "POST", C + "/{id}/block", 200)
    check(send(s, conv, "blocked?"), "POST", C + "/{id}/messages", 403)

    closed = specialist(server)
    set_messages_open(server, closed.slug, False)
    check(start(m, closed.slug), "POST", C, 409)

    settings = "/api/v1/me/message-settings"
    check(m.get(settings), "GET", settings, 200)
    check(m.put(settings, {"message_emails": False}), "PUT", settings, 200)
    check(m.put(settings, {}), "PUT", settings, 422)
