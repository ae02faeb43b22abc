-- Availability probes of a site's homepage (V2): one row per probe.
CREATE TABLE probes (
    id        INTEGER PRIMARY KEY,
    site_id   INTEGER NOT NULL REFERENCES sites(id),
    url       TEXT NOT NULL,
    at        TEXT NOT NULL,      -- RFC 3339 UTC
    ok        INTEGER NOT NULL,
    status    INTEGER NOT NULL,   -- 0: no response
    error     TEXT,
    ttfb_ms   INTEGER,
    total_ms  INTEGER NOT NULL
);
CREATE INDEX probes_site_at ON probes(site_id, at);
