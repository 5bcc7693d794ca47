-- Test schema: items with one constraint of each kind the DbError subclasses map.
-- +migrate Up
CREATE TABLE items (
  id integer PRIMARY KEY,
  parent_id integer REFERENCES parents (id),
  sku text NOT NULL CONSTRAINT items_sku_key UNIQUE,
  qty integer CONSTRAINT items_qty_check CHECK (qty >= 0)
);

-- +migrate Down
DROP TABLE items;
