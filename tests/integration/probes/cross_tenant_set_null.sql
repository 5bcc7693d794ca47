-- Deleting a referenced row with ON DELETE SET NULL nulls only the ref, never the tenant column.
INSERT INTO tenants (id, name, slug) VALUES
    ('00000000-0000-0000-0000-00000000000a', 'Tenant A', 'tenant-a');
INSERT INTO users (id, tenant_id, email, full_name) VALUES
    ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-00000000000a', 'a@example.com', 'A');
INSERT INTO clients (id, tenant_id, name, created_by) VALUES
    ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-00000000000a', 'Client of A',
     '00000000-0000-0000-0000-0000000000c1');
DELETE FROM users WHERE id = '00000000-0000-0000-0000-0000000000c1';
DO $$ BEGIN
  IF (SELECT count(*) FROM clients WHERE created_by IS NULL AND tenant_id IS NOT NULL) <> 1 THEN
    RAISE EXCEPTION 'SET NULL (created_by) did not keep the tenant column';
  END IF;
END $$;
