-- Rights To All: the core schema. Times are Unix seconds (UTC).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    email         TEXT    UNIQUE COLLATE NOCASE,
    display_name  TEXT    NOT NULL,
    slug          TEXT    NOT NULL UNIQUE,
    bio           TEXT    NOT NULL DEFAULT '',
    password_hash TEXT,
    role          TEXT    NOT NULL DEFAULT 'reader'
                  CHECK (role IN ('admin', 'editor', 'author', 'contributor', 'reader')),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    INTEGER NOT NULL
);

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    slug TEXT    NOT NULL UNIQUE,
    name TEXT    NOT NULL
);

CREATE TABLE media (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT    NOT NULL UNIQUE,
    mime        TEXT    NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    alt         TEXT    NOT NULL DEFAULT '',
    caption     TEXT    NOT NULL DEFAULT '',
    credit      TEXT    NOT NULL DEFAULT '',
    uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE articles (
    id                INTEGER PRIMARY KEY,
    slug              TEXT    NOT NULL UNIQUE,
    title             TEXT    NOT NULL,
    excerpt           TEXT    NOT NULL DEFAULT '',
    body_md           TEXT    NOT NULL DEFAULT '',
    body_html         TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL DEFAULT 'draft'
                      CHECK (status IN ('draft', 'pending', 'scheduled', 'published', 'trash')),
    published_at      INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    author_id         INTEGER NOT NULL REFERENCES users(id),
    category_id       INTEGER NOT NULL REFERENCES categories(id),
    featured_media_id INTEGER REFERENCES media(id) ON DELETE SET NULL,
    comments_open     INTEGER NOT NULL DEFAULT 1 CHECK (comments_open IN (0, 1))
);
-- Scheduled articles become visible when published_at passes: every reader query filters
-- on status and published_at <= now, so these indexes serve them all.
CREATE INDEX articles_published ON articles (status, published_at DESC);
CREATE INDEX articles_by_category ON articles (category_id, status, published_at DESC);
CREATE INDEX articles_by_author ON articles (author_id, status, published_at DESC);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

CREATE TABLE breaking_headlines (
    id         INTEGER PRIMARY KEY,
    text       TEXT    NOT NULL,
    link_url   TEXT    NOT NULL,
    priority   INTEGER NOT NULL DEFAULT 0,
    starts_at  INTEGER NOT NULL,
    expires_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX breaking_headlines_current ON breaking_headlines (starts_at, expires_at);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    parent_id  INTEGER REFERENCES comments(id) ON DELETE CASCADE,
    body       TEXT    NOT NULL,
    status     TEXT    NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
    created_at INTEGER NOT NULL
);
CREATE INDEX comments_by_article ON comments (article_id, status, created_at);
