-- +migrate Up notransaction
CREATE INDEX CONCURRENTLY customers_tenant_id_email_idx ON customers (tenant_id, email);

-- +migrate Down
DROP INDEX customers_tenant_id_email_idx;
