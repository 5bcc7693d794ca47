-- Test schema: products for the pipeline tests, and a column added to items.

-- Numbered 10 so that only numeric ordering (as sql-migrate does it) runs it after
-- 2_items.sql, whose table it alters.
-- +migrate Up
ALTER TABLE items ADD COLUMN note text;

CREATE TABLE products (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  name text NOT NULL,
  price numeric(12, 2) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- +migrate StatementBegin
CREATE FUNCTION products_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.name := trim(NEW.name);
  RETURN NEW;
END;
$$;
-- +migrate StatementEnd

CREATE TRIGGER products_touch BEFORE INSERT ON products FOR EACH ROW EXECUTE FUNCTION products_touch();

-- +migrate Down
DROP TABLE products;
DROP FUNCTION products_touch();
ALTER TABLE items DROP COLUMN note;
