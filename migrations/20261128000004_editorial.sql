-- The newsroom: versions, revisions, autosaves, slug redirects, preview links, the audit log.
--
-- Scheduling: an article scheduled for later is stored as status 'published' with a
-- published_at in the future. Every reader query asks for `published_at <= now`, so it
-- appears at its time with no job to run; the dashboard calls it "scheduled".

-- Bumped on every save; a save names the version it was based on (edit conflicts).
ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- When it went to the trash (restorable for 30 days, then purged).
ALTER TABLE articles ADD COLUMN trashed_at INTEGER;
CREATE INDEX articles_by_update ON articles (updated_at DESC);

-- Every save, as saved. `tags` is the comma-separated tag names.
CREATE TABLE article_revisions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    slug        TEXT    NOT NULL,
    excerpt     TEXT    NOT NULL,
    body_md     TEXT    NOT NULL,
    category_id INTEGER NOT NULL,
    tags        TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    saved_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    saved_at    INTEGER NOT NULL
);
CREATE INDEX article_revisions_by_article ON article_revisions (article_id, id DESC);

-- One autosave per person per article (article_id 0: a new article not yet saved). It never
-- touches the article itself.
CREATE TABLE article_autosaves (
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    article_id   INTEGER NOT NULL,
    base_version INTEGER NOT NULL,
    title        TEXT    NOT NULL,
    excerpt      TEXT    NOT NULL,
    body_md      TEXT    NOT NULL,
    saved_at     INTEGER NOT NULL,
    PRIMARY KEY (user_id, article_id)
) WITHOUT ROWID;

-- Old permalinks of published articles (`/yyyy/mm/dd/slug`), answered with a 301.
CREATE TABLE article_redirects (
    path       TEXT    PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
) WITHOUT ROWID;

-- Shareable preview links for unpublished articles. Only a hash of the token is kept.
CREATE TABLE preview_links (
    token_hash TEXT    PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX preview_links_by_article ON preview_links (article_id);

-- Who did what, when: publish, unpublish, trash, restore, delete, role change, ban...
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    actor_name TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log (at DESC);
