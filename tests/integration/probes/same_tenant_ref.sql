-- The same rows within one tenant are accepted, defaults fill in, and the generated column computes.
INSERT INTO tenants (id, name, slug) VALUES
    ('00000000-0000-0000-0000-00000000000a', 'Tenant A', 'tenant-a');
INSERT INTO clients (id, tenant_id, name) VALUES
    ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-00000000000a', 'Client of A');
INSERT INTO orders (id, tenant_id, order_no, client_id) VALUES
    ('00000000-0000-0000-0000-0000000000a2', '00000000-0000-0000-0000-00000000000a', 'A-1',
     '00000000-0000-0000-0000-0000000000a1');
DO $$ BEGIN
  IF (SELECT status::text || '/' || total::text FROM orders WHERE order_no = 'A-1') <> 'pending/0.00' THEN
    RAISE EXCEPTION 'defaults not applied';
  END IF;
END $$;
