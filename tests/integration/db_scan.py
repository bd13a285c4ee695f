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


def _rows_as_text(server, table: str) -> list[str]:
    """Each row of `table` as one lower-case text (every column, blobs decoded loosely)."""
    if server.engine == "sqlite":
        con = sqlite3.connect(os.path.join(server.data_dir, "hearth.db"), timeout=30)
        try:
            out = []
            for row in con.execute(f'SELECT * FROM "{table}"'):
                cells = []
                for v in row:
                    if isinstance(v, bytes):
                        cells.append(v.decode("utf-8", errors="ignore"))
                    elif v is not None:
                        cells.append(str(v))
                out.append("\x1f".join(cells).lower())
            return out
        finally:
            con.close()
    # A row's text form holds every column (quotes doubled in it: the
    # words looked for have none).
    out = subprocess.run(["psql", server.env["HEARTH_DATABASE_URL"], "-X", "-q", "-At", "-c",
                          f'SELECT t::text FROM "{table}" t'],
                         check=True, capture_output=True, text=True, timeout=120).stdout
    return [line.lower() for line in out.splitlines() if line]


def traces(server, needles: list[str]) -> list[tuple[str, str]]:
    """(table, needle) for every table holding any of `needles` (case-insensitive)."""
    wanted = [n.lower() for n in needles if n]
    found = []
    for table in table_names(server):
        rows = _rows_as_text(server, table)
        for needle in wanted:
            if any(needle in row for row in rows):
                found.append((table, needle))
    return found
