-- Link occurrences move from one row each (60 a page, ~60 µs of SQLite work each) to one
-- row per source page holding them all as a JSON array of
-- [target, tag, text, snippet, position, internal, invalid, fragment, exit_notice].
-- The external targets a run must check get a small table of their own.

CREATE TABLE page_links (
    run_id  INTEGER NOT NULL REFERENCES runs(id),
    source  TEXT NOT NULL,
    count   INTEGER NOT NULL,
    data    TEXT NOT NULL,
    PRIMARY KEY (run_id, source)
);

CREATE TABLE external_targets (
    run_id  INTEGER NOT NULL REFERENCES runs(id),
    url     TEXT NOT NULL,
    anchor  INTEGER NOT NULL,      -- linked by an <a> at least once (its title is read)
    PRIMARY KEY (run_id, url)
) WITHOUT ROWID;

INSERT INTO page_links (run_id, source, count, data)
SELECT run_id, source, COUNT(*),
       json_group_array(json_array(target, tag, text, snippet, position, internal, invalid, fragment, exit_notice))
FROM (SELECT * FROM links ORDER BY run_id, source, position)
GROUP BY run_id, source;

INSERT INTO external_targets (run_id, url, anchor)
SELECT run_id, target, MAX(tag = 'a') FROM links WHERE internal = 0 AND invalid IS NULL GROUP BY run_id, target;

DROP INDEX links_run;
DROP TABLE links;
