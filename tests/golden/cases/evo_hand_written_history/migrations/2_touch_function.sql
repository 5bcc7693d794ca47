-- +migrate Up
-- +migrate StatementBegin
CREATE OR REPLACE FUNCTION touch_updated_at()
returns trigger AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$
language plpgsql;
-- +migrate StatementEnd

-- +migrate Down
DROP FUNCTION touch_updated_at();
