-- Reader accounts, sessions, login throttling, and what comments need beyond the basics.

-- Server-side sessions (tower-sessions records, JSON). `id` is the 128-bit random session id.
CREATE TABLE sessions (
    id         TEXT    PRIMARY KEY,
    data       TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Failed logins, kept so the limits survive a restart. `account` is the normalised email
-- typed (whether or not such an account exists); `address` the client address.
CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY,
    account   TEXT    NOT NULL,
    address   TEXT    NOT NULL,
    failed_at INTEGER NOT NULL
);
CREATE INDEX login_failures_pair ON login_failures (account, address, failed_at);
CREATE INDEX login_failures_account ON login_failures (account, failed_at);

ALTER TABLE comments ADD COLUMN edited_at INTEGER;
CREATE INDEX comments_by_user ON comments (user_id, created_at);
CREATE INDEX comments_by_parent ON comments (parent_id);

-- A reader's report of a comment, for the moderation queue.
CREATE TABLE comment_reports (
    comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (comment_id, user_id)
) WITHOUT ROWID;
