"""Articles for the reading-side tests. Most are written straight into the
server's database (SQLite file or PostgreSQL database), which sets what the
writing side would take time to reach (dates in the past, an "Updated on",
a take-down) in one step: a published article with its topics and
references, or a draft, or a hidden one, and changes to one. Every such
write raises the content version as the writing side does, so cached pages
refresh. Those rows have no search document: articles that a search must
find are written through the API (publish_through_api), which keeps them."""
from __future__ import annotations

from hearth_client import Client, bearer

import json
import sqlite3
import subprocess
import time
import uuid


def _literal(v) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


def sql(server, statement: str, *params) -> list[list[str]]:
    """Runs one statement with `params` ($1.. as quoted literals); returns
    the rows as text."""
    text = statement
    for i in range(len(params), 0, -1):
        text = text.replace(f"${i}", _literal(params[i - 1]))
    if server.engine == "sqlite":
        con = sqlite3.connect(f"{server.data_dir}/hearth.db", timeout=20)
        try:
            rows = [["" if c is None else str(c) for c in r] for r in con.execute(text).fetchall()]
            con.commit()
            return rows
        finally:
            con.close()
    out = subprocess.run(["psql", server.pg.url, "-X", "-q", "-At", "-F", "\x1f", "-v", "ON_ERROR_STOP=1",
                          "-c", text], check=True, capture_output=True, text=True, timeout=60).stdout
    return [line.split("\x1f") for line in out.splitlines() if line]


def raise_content_version(server) -> None:
    sql(server, "UPDATE directory_state SET version = version + 1 WHERE id = 1")


def add_article(server, author_slug: str, title: str, *, body_html: str = "<p>Words about healing.</p>",
                summary: str | None = None, topics=(), key_points=(), content_notes=(), toc=(), references=(),
                adapted_from: str = "", status: str = "published", hidden: bool = False, days_ago: float = 1,
                revised_days_ago: float | None = None, word_count: int = 900) -> dict:
    """Inserts an article by the specialist with profile `author_slug`;
    returns {"id", "slug", "title"}."""
    profile_id, user_id = sql(server, "SELECT id, user_id FROM specialist_profiles WHERE slug = $1", author_slug)[0]
    slug = "a-" + uuid.uuid4().hex[:12]
    now = int(time.time())
    published = now - int(days_ago * 86400)
    revised = None if revised_days_ago is None else now - int(revised_days_ago * 86400)
    sql(server, "INSERT INTO articles (author_id, profile_id, slug, status, title, summary, body_html, toc, key_points, "
                "content_notes, adapted_from, word_count, created_at, updated_at, published_at, revised_at, hidden_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        int(user_id), int(profile_id), slug, status, title, summary if summary is not None else f"About {title}.",
        body_html, json.dumps(list(toc)), json.dumps(list(key_points)), json.dumps(list(content_notes)),
        adapted_from, word_count, published, revised or published, published, revised,
        now if hidden else None)
    article_id = int(sql(server, "SELECT id FROM articles WHERE slug = $1", slug)[0][0])
    for t in topics:
        sql(server, "INSERT INTO article_topics (article_id, topic) VALUES ($1, $2)", article_id, t)
    for i, r in enumerate(references, start=1):
        sql(server, "INSERT INTO article_references (article_id, position, authors, year, title, publisher, url, note) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            article_id, i, r.get("authors", ""), r.get("year", ""), r["title"], r.get("publisher", ""),
            r.get("url", ""), r.get("note", ""))
    raise_content_version(server)
    return {"id": article_id, "slug": slug, "title": title}


def change_article(server, article_id: int, **columns) -> None:
    """Sets columns of an article and raises its version, as an edit does."""
    sets = ", ".join(f"{name} = ${i}" for i, name in enumerate(columns, start=1))
    n = len(columns)
    sql(server, f"UPDATE articles SET {sets}, version = version + 1, updated_at = ${n + 1} WHERE id = ${n + 2}",
        *columns.values(), int(time.time()), article_id)
    raise_content_version(server)


def publish_through_api(server, client: Client, title: str, *, body: str = "Words about healing.",
                        key_points=(), topics=()) -> dict:
    """Creates and publishes an article as the signed-in specialist of
    `client` (its session as a bearer token), through the JSON API."""
    headers = bearer(client.session_token)
    res = Client(server.url).request("POST", "/api/v1/articles", headers=headers,
                                     json={"title": title, "summary": f"About {title}.", "body": body,
                                           "key_points": list(key_points), "topics": list(topics)})
    assert res.status == 201, res
    slug = res.json()["slug"]
    res = Client(server.url).request("POST", f"/api/v1/articles/{slug}/publish", headers=headers)
    assert res.status == 200, res
    return {"slug": slug, "title": title}
