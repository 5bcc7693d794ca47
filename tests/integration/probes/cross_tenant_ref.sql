-- An order of tenant A that points at a client of tenant B must be refused by the database.
-- expect-error: violates foreign key constraint "orders_client_id_fkey"
INSERT INTO tenants (id, name, slug) VALUES
    ('00000000-0000-0000-0000-00000000000a', 'Tenant A', 'tenant-a'),
    ('00000000-0000-0000-0000-00000000000b', 'Tenant B', 'tenant-b');
INSERT INTO clients (id, tenant_id, name) VALUES
    ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-00000000000b', 'Client of B');
INSERT INTO orders (tenant_id, order_no, client_id) VALUES
    ('00000000-0000-0000-0000-00000000000a', 'A-1', '00000000-0000-0000-0000-0000000000b1');
