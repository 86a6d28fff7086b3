-- Service events from queue machines, counter evaluators and error logs, and the rollups every
-- KPI on the wall reads. Rollups are updated in the same transaction as the events that change
-- them (additive upserts), so a restart or a second instance never disagrees with the raw rows.

create table service_events (
  id bigint generated always as identity primary key,
  -- Who sent it (`api_key:<id>`): event ids are unique per source, and a retried batch is a no-op.
  source text not null,
  event_id text not null,
  type text not null,
  branch_id bigint not null references branches (id) on delete restrict,
  at timestamptz not null,
  service_day date not null,
  ticket text,
  business text,
  counter text,
  teller text,
  rating smallint,
  received_at timestamptz not null,
  constraint service_events_source_event_id_key unique (source, event_id),
  constraint service_events_type_check check (type in ('ticket.issued', 'ticket.called', 'ticket.finished', 'evaluation.submitted', 'service_error.recorded')),
  constraint service_events_rating_check check (rating between 1 and 5)
);
create index service_events_branch_id_at_idx on service_events (branch_id, at);

-- One row per queue ticket and service day: events of a ticket may arrive in any order, and its
-- wait (called − issued) and handling (finished − called) count once both ends are known.
create table tickets (
  branch_id bigint not null references branches (id) on delete restrict,
  service_day date not null,
  ticket text not null,
  business text,
  issued_at timestamptz,
  called_at timestamptz,
  finished_at timestamptz,
  evaluated boolean not null default false,
  primary key (branch_id, service_day, ticket)
);

-- Sums, not averages: they add up across hours, days, branches and regions.
create table branch_hour_kpis (
  branch_id bigint not null references branches (id) on delete restrict,
  hour timestamptz not null,
  service_day date not null,
  issued integer not null default 0,
  called integer not null default 0,
  finished integer not null default 0,
  wait_count integer not null default 0,
  wait_seconds bigint not null default 0,
  long_waits integer not null default 0,
  handling_count integer not null default 0,
  handling_seconds bigint not null default 0,
  evaluations integer not null default 0,
  satisfied integer not null default 0,
  rating_sum integer not null default 0,
  service_errors integer not null default 0,
  updated_at timestamptz not null,
  primary key (branch_id, hour)
);
create index branch_hour_kpis_service_day_idx on branch_hour_kpis (service_day);

create table branch_day_kpis (
  branch_id bigint not null references branches (id) on delete restrict,
  service_day date not null,
  issued integer not null default 0,
  called integer not null default 0,
  finished integer not null default 0,
  wait_count integer not null default 0,
  wait_seconds bigint not null default 0,
  long_waits integer not null default 0,
  handling_count integer not null default 0,
  handling_seconds bigint not null default 0,
  evaluations integer not null default 0,
  satisfied integer not null default 0,
  rating_sum integer not null default 0,
  service_errors integer not null default 0,
  updated_at timestamptz not null,
  primary key (branch_id, service_day)
);
create index branch_day_kpis_service_day_idx on branch_day_kpis (service_day);

-- Handling time by business type (开户, 存取款, 理财 …), per branch and day.
create table branch_day_business_kpis (
  branch_id bigint not null references branches (id) on delete restrict,
  service_day date not null,
  business text not null,
  finished integer not null default 0,
  handling_count integer not null default 0,
  handling_seconds bigint not null default 0,
  primary key (branch_id, service_day, business)
);
create index branch_day_business_kpis_service_day_idx on branch_day_business_kpis (service_day);

-- Targets per bank (region_id null) or region; the nearest region up the tree wins.
create table kpi_targets (
  id bigint generated always as identity primary key,
  region_id bigint references regions (id) on delete cascade,
  kpi text not null,
  target numeric not null,
  updated_at timestamptz not null default now(),
  constraint kpi_targets_region_kpi_key unique nulls not distinct (region_id, kpi)
);
