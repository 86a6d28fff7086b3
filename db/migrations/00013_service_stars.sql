-- Service stars (服务明星) and staff scorecards (员工服务考核): nominations get a month, an approver
-- chosen at once (never the nominator), a decision reason and optional customer praise as evidence;
-- the month's stars per branch and region are stored once computed, and announced once.

alter table nominations
  -- The bank month (YYYY-MM, bank time zone) the nomination counts for: quota and "one per person"
  -- are per month, and the monthly award reads one month.
  add column month text,
  -- Who decides: the nominee's branch head, or the region manager when the head (or deputy) nominated.
  add column approver_id bigint references staff (id) on delete restrict,
  add column decision_reason text,
  -- A customer's praise the nominator cites (no customer contact data: a free-text quote).
  add column praise text;

-- Rows from before months existed count in the month they were made (bank time of the demo bank).
update nominations set month = to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM') where month is null;
alter table nominations alter column month set not null;
alter table nominations add constraint nominations_month_check check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

-- A pending nomination left at month end may lapse (a setting).
alter table nominations drop constraint nominations_status_check;
alter table nominations add constraint nominations_status_check check (status in ('pending', 'approved', 'rejected', 'lapsed'));
alter table nominations add constraint nominations_approver_check check (approver_id is null or approver_id <> nominator_id);

create index nominations_month_idx on nominations (month, status);
create index nominations_nominator_month_idx on nominations (nominator_id, month);

-- The month's stars: one row per scope (`branch:<code>`, `region:<code>`) and month. Recomputed by
-- `awards.monthly` / `touchstone awards run` while approvals change; announced once per month.
create table service_stars (
  id bigint generated always as identity primary key,
  month text not null,
  scope text not null,
  staff_id bigint not null references staff (id) on delete restrict,
  branch_id bigint references branches (id) on delete restrict,
  nominations integer not null,
  -- The tie-breakers as they stood when computed (so the history explains itself).
  satisfaction numeric,
  error_free integer not null default 0,
  first_nominated_at timestamptz not null,
  computed_at timestamptz not null,
  constraint service_stars_month_scope_key unique (month, scope),
  constraint service_stars_month_check check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
create index service_stars_staff_id_idx on service_stars (staff_id);

-- One row per awarded month: announced_at is set once, in the transaction that queues the cards.
create table award_months (
  month text primary key,
  computed_at timestamptz not null,
  announced_at timestamptz,
  -- A digest of the stars announced (scope=staff…): a rerun that changes nothing writes nothing.
  fingerprint text not null default ''
);

-- The capability's settings (one row): nomination quota, what happens to a pending nomination at
-- month end, the tie-breakers' order, and the scorecard weights set by an administrator.
create table award_settings (
  id smallint primary key default 1,
  nomination_quota integer not null default 3,
  pending_at_month_end text not null default 'region_manager',
  tie_breakers text[] not null default '{satisfaction,error_free,earliest}',
  scorecard_weights jsonb not null default '{"satisfaction": 40, "participation": 15, "errors": 20, "complaints": 15, "stars": 10}',
  updated_at timestamptz not null default now(),
  updated_by text,
  constraint award_settings_single_row check (id = 1),
  constraint award_settings_quota_check check (nomination_quota between 1 and 50),
  constraint award_settings_pending_check check (pending_at_month_end in ('region_manager', 'lapse'))
);
insert into award_settings (id) values (1);

-- A person's month (review card figures, tie-breakers) reads their events by teller code.
create index service_events_teller_day_idx on service_events (teller, service_day) where teller is not null;
