-- Pre-publication reviews of drafts (`xunjian review --reviewer --decision`): the review chain
-- (信息发布审核/保密审查). One row per recorded review, never updated.
CREATE TABLE reviews (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,      -- RFC 3339 UTC
    reviewer   TEXT NOT NULL,
    file       TEXT NOT NULL,      -- the file name as given (`-` for standard input)
    sha256     TEXT NOT NULL,      -- of the file's bytes, lower-case hex
    findings   TEXT NOT NULL,      -- JSON array of the (masked) findings
    blocking   INTEGER NOT NULL,   -- 1: xunjian judged the draft not publishable
    decision   TEXT NOT NULL,      -- approve | reject
    note       TEXT
);
CREATE INDEX reviews_at ON reviews(at);
