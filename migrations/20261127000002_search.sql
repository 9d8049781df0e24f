-- Full-text search over articles: title, excerpt, body (Markdown source) and tag names.
-- The index holds every article whatever its status; visibility is decided at query time,
-- like everywhere else, so a scheduled article becomes findable the moment it is visible.
-- Triggers keep it in step with edits to articles, their tags and tag names.

CREATE VIRTUAL TABLE article_search USING fts5(
    title, excerpt, body, tags,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO article_search (rowid, title, excerpt, body, tags)
SELECT a.id, a.title, a.excerpt, a.body_md,
       coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at
                 JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), '')
FROM articles a;

CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_search (rowid, title, excerpt, body, tags)
    VALUES (new.id, new.title, new.excerpt, new.body_md, '');
END;

CREATE TRIGGER article_search_update AFTER UPDATE OF title, excerpt, body_md ON articles BEGIN
    UPDATE article_search SET title = new.title, excerpt = new.excerpt, body = new.body_md
    WHERE rowid = new.id;
END;

CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_search WHERE rowid = old.id;
END;

CREATE TRIGGER article_search_tag_added AFTER INSERT ON article_tags BEGIN
    UPDATE article_search
    SET tags = coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at
                         JOIN tags t ON t.id = at.tag_id WHERE at.article_id = new.article_id), '')
    WHERE rowid = new.article_id;
END;

CREATE TRIGGER article_search_tag_removed AFTER DELETE ON article_tags BEGIN
    UPDATE article_search
    SET tags = coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at
                         JOIN tags t ON t.id = at.tag_id WHERE at.article_id = old.article_id), '')
    WHERE rowid = old.article_id;
END;

CREATE TRIGGER article_search_tag_renamed AFTER UPDATE OF name ON tags BEGIN
    UPDATE article_search
    SET tags = coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at
                         JOIN tags t ON t.id = at.tag_id WHERE at.article_id = article_search.rowid), '')
    WHERE rowid IN (SELECT article_id FROM article_tags WHERE tag_id = new.id);
END;
