-- Security and tampering (issue 6).

-- Each parsed page's tamper fingerprint (JSON of xunjian_core::fingerprint::Fingerprint).
ALTER TABLE pages ADD COLUMN fingerprint TEXT;

-- What the security phase of a run gathered (JSON of xunjian_core::checks::security types):
-- kind = home | tls | probes | cloaking, one row per kind and URL. A resumed run skips the
-- phases whose facts are already stored.
CREATE TABLE security_facts (
    run_id  INTEGER NOT NULL REFERENCES runs(id),
    kind    TEXT NOT NULL,
    url     TEXT NOT NULL,
    data    TEXT NOT NULL,
    PRIMARY KEY (run_id, kind, url)
) WITHOUT ROWID;

-- The approved tamper baseline of each page of a site. Set automatically when a page is
-- first seen (accepted_by = ''), moved by `xunjian baseline accept`.
CREATE TABLE baselines (
    site_id      INTEGER NOT NULL REFERENCES sites(id),
    url          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    run_id       INTEGER NOT NULL,
    accepted_at  TEXT NOT NULL,
    accepted_by  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (site_id, url)
) WITHOUT ROWID;
