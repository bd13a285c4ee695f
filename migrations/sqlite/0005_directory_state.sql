-- One row whose version goes up in the same transaction as any change to
-- what the specialist directory can show (a listing, a search document, a
-- vocabulary term). Each node keeps recent search results in memory and
-- checks them against this number on every request, so a result is never
-- served after the data behind it changed, whichever node changed it.
CREATE TABLE directory_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    version         INTEGER NOT NULL
);
INSERT INTO directory_state (id, version) VALUES (1, 1);
