-- Commenters banned by a moderator: until a time, or for good (`until` NULL).
CREATE TABLE comment_bans (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    until      INTEGER,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
