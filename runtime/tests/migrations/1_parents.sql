-- Test schema for the runtime tests: parents, referenced by items (sql-migrate format).
-- +migrate Up
CREATE TABLE parents (
  id integer PRIMARY KEY
);

-- +migrate Down
DROP TABLE parents;
