-- Commenters banned by a moderator: until a time, or for good (`until` NULL).
CREATE TABLE comment_bans (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    until      INTEGER,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);

-- What `server import-wxr` brought in, so running it again adds nothing twice: the source
-- site, the kind of thing, its WordPress id, and ours.
CREATE TABLE import_map (
    source    TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    remote_id TEXT    NOT NULL,
    local_id  INTEGER NOT NULL,
    PRIMARY KEY (source, kind, remote_id)
) WITHOUT ROWID;
