-- +migrate Up
-- SQL in section 'Up' is executed when this migration is applied
create table tenants (
  id uuid primary key default gen_random_uuid(),
  name varchar(255) not null
);

create table customers (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  name varchar(100) not null,
  email varchar(255),
  primary key (tenant_id, id)
);

-- +migrate Down
-- SQL section 'Down' is executed when this migration is rolled back
drop table customers;
drop table tenants;
