-- +migrate Up
CREATE INDEX notes_title_idx ON notes (title);

-- +migrate Down
DROP INDEX notes_title_idx;
