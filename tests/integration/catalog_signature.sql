-- The catalog of the public schema as sorted lines, for comparing two databases regardless of column order (PostgreSQL appends added columns): tables, columns by name with type, nullability, default, generation and comment; constraints and indexes with their definitions; enum values in order; invalid indexes flagged. sql-migrate's bookkeeping table is left out.
SELECT line FROM (
  SELECT 'table ' || c.relname || ' ' || coalesce(obj_description(c.oid, 'pg_class'), '') AS line
    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname <> 'gorp_migrations'
  UNION ALL
  SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
         || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
         || ' default ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' generated ' || a.attgenerated::text
         || ' comment ' || coalesce(col_description(c.oid, a.attnum), '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname <> 'gorp_migrations'
     AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'constraint ' || c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
   WHERE c.relnamespace = 'public'::regnamespace AND c.relname <> 'gorp_migrations'
  UNION ALL
  SELECT 'index ' || pg_get_indexdef(i.indexrelid) || CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
   WHERE c.relnamespace = 'public'::regnamespace AND c.relname <> 'gorp_migrations'
  UNION ALL
  SELECT 'enum ' || t.typname || ' ('
         || (SELECT string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)
         || ') ' || coalesce(obj_description(t.oid, 'pg_type'), '')
    FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace AND t.typtype = 'e'
  UNION ALL
  SELECT 'type ' || t.typname FROM pg_type t
   WHERE t.typnamespace = 'public'::regnamespace AND t.typtype <> 'e' AND t.typname NOT LIKE '%gorp_migrations'
) x ORDER BY line;
