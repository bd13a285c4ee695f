"""A scan of a test server's whole database for words that must be gone:
every table the engine lists (sqlite_master; information_schema on
PostgreSQL), every row, every column read as text. Used by the account
deletion tests to show, table by table, that nothing identifying is left."""
from __future__ import annotations

import os
import sqlite3
import subprocess


def table_names(server) -> list[str]:
    if server.engine == "sqlite":
        con = sqlite3.connect(os.path.join(server.data_dir, "hearth.db"), timeout=30)
        try:
            return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        finally:
            con.close()
    out = subprocess.run(["psql", server.env["HEARTH_DATABASE_URL"], "-X", "-q", "-At", "-c",
                          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                          "AND table_type = 'BASE TABLE' ORDER BY table_name"],
                         check=True, capture_output=True, text=True, timeout=60).stdout
    return [line for line in out.splitlines() if line]


# Calendar files fold long lines with CRLF and a space (RFC 5545 3.1): the
# scan reads them unfolded, so a folded address is found too.
FOLD = "\r\n "


def _table_text(server, table: str) -> str:
    """Every row of `table` as one lower-case text (every column, blobs decoded loosely)."""
    if server.engine == "sqlite":
        con = sqlite3.connect(os.path.join(server.data_dir, "hearth.db"), timeout=30)
        try:
            rows = []
            for row in con.execute(f'SELECT * FROM "{table}"'):
                cells = []
                for v in row:
                    if isinstance(v, bytes):
                        cells.append(v.decode("utf-8", errors="ignore"))
                    elif v is not None:
                        cells.append(str(v))
                rows.append("\x1f".join(cells))
            return "\x1e".join(rows).replace(FOLD, "").lower()
        finally:
            con.close()
    # A row's text form holds every column (quotes doubled in it: the
    # words looked for have none).
    out = subprocess.run(["psql", server.env["HEARTH_DATABASE_URL"], "-X", "-q", "-At", "-c",
                          f'SELECT t::text FROM "{table}" t'],
                         check=True, capture_output=True, timeout=120).stdout  # bytes: CRLF kept as sent
    return out.decode("utf-8", errors="ignore").replace(FOLD, "").lower()


def traces(server, needles: list[str]) -> list[tuple[str, str]]:
    """(table, needle) for every table holding any of `needles` (case-insensitive)."""
    wanted = [n.lower() for n in needles if n]
    found = []
    for table in table_names(server):
        text = _table_text(server, table)
        found += [(table, needle) for needle in wanted if needle in text]
    return found
