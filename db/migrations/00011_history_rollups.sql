-- History (issue #16): day sums per region SUBTREE (each branch counted in every region above
-- it), for the closed days. A 13-month series for the bank or a region then reads ~400 rows of
-- one region, whatever the number of outlets, instead of summing millions of branch-day rows.
-- Refreshed from branch_day_kpis by the `history.close-days` job (and by the demo's history);
-- days after the newest row here are read straight from branch_day_kpis, so nothing is missed
-- between refreshes. Sums, not averages, like every rollup.
create table region_day_kpis (
  region_id bigint not null references regions (id) on delete cascade,
  service_day date not null,
  branches integer not null default 0,
  issued bigint not null default 0,
  called bigint not null default 0,
  finished bigint not null default 0,
  wait_count bigint not null default 0,
  wait_seconds bigint not null default 0,
  long_waits bigint not null default 0,
  handling_count bigint not null default 0,
  handling_seconds bigint not null default 0,
  evaluations bigint not null default 0,
  satisfied bigint not null default 0,
  rating_sum bigint not null default 0,
  service_errors bigint not null default 0,
  primary key (region_id, service_day)
);
create index region_day_kpis_service_day_idx on region_day_kpis (service_day);

-- The monthly report job posts once per region and month (the scheduler's slot already makes
-- the run unique; this makes a re-run or a manual trigger a no-op too).
create table monthly_report_posts (
  month text not null,
  scope text not null,
  outbox_id bigint references outbox_messages (id) on delete set null,
  created_at timestamptz not null,
  primary key (month, scope)
);
