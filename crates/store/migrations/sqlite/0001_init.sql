-- xunjian store, SQLite. Timestamps are RFC 3339 UTC text; dates are YYYY-MM-DD text.

CREATE TABLE sites (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- One inspection of a site. status: running (or interrupted) | finished.
CREATE TABLE runs (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites(id),
    status       TEXT NOT NULL,
    as_of        TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    options      TEXT NOT NULL DEFAULT '{}',
    stats        TEXT NOT NULL DEFAULT '{}',
    score        TEXT
);
CREATE INDEX runs_site ON runs(site_id, id);

-- The crawl frontier of a run: what was queued and what is done, so a killed run resumes.
CREATE TABLE frontier (
    run_id  INTEGER NOT NULL REFERENCES runs(id),
    url     TEXT NOT NULL,
    depth   INTEGER NOT NULL,
    kind    TEXT NOT NULL,      -- page | attachment | resource
    done    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, url)
) WITHOUT ROWID;

-- Every fetched URL of a run.
CREATE TABLE pages (
    run_id          INTEGER NOT NULL REFERENCES runs(id),
    url             TEXT NOT NULL,
    final_url       TEXT NOT NULL,
    status          INTEGER NOT NULL,
    error           TEXT,
    content_type    TEXT,
    is_html         INTEGER NOT NULL,
    is_home         INTEGER NOT NULL,
    depth           INTEGER NOT NULL,
    encoding        TEXT,
    encoding_source TEXT,
    bytes           INTEGER NOT NULL,
    truncated       INTEGER NOT NULL,
    elapsed_ms      INTEGER NOT NULL,
    requests        INTEGER NOT NULL,
    redirects       TEXT NOT NULL DEFAULT '[]',
    headers         TEXT NOT NULL DEFAULT '[]',
    hash            TEXT,
    title           TEXT NOT NULL DEFAULT '',
    kind            TEXT,
    publish_date    TEXT,
    info            TEXT,           -- JSON: items, footer, pagination … (pageinfo)
    text            TEXT,           -- visible text, capped
    findings        TEXT NOT NULL DEFAULT '[]', -- JSON: findings judged on this page alone
    anchors         TEXT NOT NULL DEFAULT '[]', -- JSON: ids and <a name> a #fragment can reach
    external        INTEGER NOT NULL DEFAULT 0, -- a link target on another host, checked not crawled
    fetched_at      TEXT NOT NULL,
    PRIMARY KEY (run_id, url)
) WITHOUT ROWID;

-- Every link occurrence found on a page of a run.
CREATE TABLE links (
    run_id    INTEGER NOT NULL REFERENCES runs(id),
    source    TEXT NOT NULL,
    target    TEXT NOT NULL,
    tag       TEXT NOT NULL,
    text      TEXT NOT NULL,
    snippet   TEXT NOT NULL,
    position  INTEGER NOT NULL,
    internal  INTEGER NOT NULL,
    invalid   TEXT,
    fragment  TEXT,
    exit_notice INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX links_run ON links(run_id, source);

-- What a run refused to fetch, and why.
CREATE TABLE skips (
    run_id  INTEGER NOT NULL REFERENCES runs(id),
    reason  TEXT NOT NULL,
    url     TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX skips_run ON skips(run_id);

-- Findings of a site across runs; key identifies the same problem in the same place.
CREATE TABLE findings (
    id              INTEGER PRIMARY KEY,
    site_id         INTEGER NOT NULL REFERENCES sites(id),
    key             TEXT NOT NULL,
    kind            TEXT NOT NULL,
    subtype         TEXT,
    severity        TEXT NOT NULL,
    url             TEXT NOT NULL,
    source          TEXT,
    evidence        TEXT NOT NULL,
    message         TEXT NOT NULL,
    first_seen_run  INTEGER NOT NULL,
    last_seen_run   INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open',   -- open | fixed | ignored
    UNIQUE (site_id, key)
);

-- Which findings each run saw (a run's report is rebuilt from here).
CREATE TABLE run_findings (
    run_id      INTEGER NOT NULL REFERENCES runs(id),
    finding_id  INTEGER NOT NULL REFERENCES findings(id),
    PRIMARY KEY (run_id, finding_id)
) WITHOUT ROWID;

-- The link approval register kept in the database (the config may add more).
-- site_id NULL: an approval for every site.
CREATE TABLE link_approvals (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER REFERENCES sites(id),
    pattern      TEXT NOT NULL,
    approved_by  TEXT NOT NULL,
    approved_on  TEXT NOT NULL,
    expires      TEXT,
    note         TEXT NOT NULL DEFAULT '',
    revoked_at   TEXT
);
CREATE INDEX link_approvals_pattern ON link_approvals(pattern);

-- Results of external link checks, reused across runs while fresh (working links only).
CREATE TABLE link_checks (
    url         TEXT PRIMARY KEY,
    status      INTEGER NOT NULL,
    error       TEXT,
    title       TEXT NOT NULL DEFAULT '',
    checked_at  TEXT NOT NULL
) WITHOUT ROWID;
