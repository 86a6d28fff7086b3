-- Scheduled job runs: one row per (job, slot). Inserting the row is how an instance claims the
-- slot, so a slot runs once however many instances share the database.

create table job_runs (
  id bigint generated always as identity primary key,
  job_name text not null,
  slot timestamptz not null,
  trigger text not null,
  instance_id text not null,
  status text not null default 'running',
  started_at timestamptz not null,
  finished_at timestamptz,
  summary text,
  error text,
  constraint job_runs_job_name_slot_key unique (job_name, slot),
  constraint job_runs_trigger_check check (trigger in ('schedule', 'catch_up', 'manual')),
  constraint job_runs_status_check check (status in ('running', 'succeeded', 'failed'))
);
create index job_runs_started_at_idx on job_runs (started_at desc);

-- Master-data imports, for the record: who loaded which file when, and what it changed.
create table import_runs (
  id bigint generated always as identity primary key,
  entity text not null,
  file_name text not null,
  status text not null,
  row_count integer not null,
  inserted integer not null default 0,
  updated integer not null default 0,
  error_count integer not null default 0,
  actor text not null,
  started_at timestamptz not null,
  finished_at timestamptz not null,
  constraint import_runs_entity_check check (entity in ('regions', 'branches', 'staff', 'customers', 'holidays')),
  constraint import_runs_status_check check (status in ('succeeded', 'rejected'))
);
