-- Customer care (客户关怀): birthday and festival tasks for account managers, created each morning
-- by the `care.daily` job, ticked off in Feishu, the console or the back office.

create table care_tasks (
  id bigint generated always as identity primary key,
  customer_id bigint not null references customers (id) on delete cascade,
  -- Who greets: the customer's account manager, or the branch head when the manager has left.
  assignee_id bigint references staff (id) on delete set null,
  branch_id bigint not null references branches (id) on delete restrict,
  kind text not null,
  -- 生日, or the festival's name (春节, 中秋, 国庆 …).
  occasion text not null,
  occasion_date date not null,
  due_date date not null,
  -- The morning the task was listed (occasion date minus the tier's lead time).
  appears_on date not null,
  -- The customer's tier when the task was made (the card shows it; a later change does not rewrite history).
  tier text not null,
  status text not null default 'open',
  done_via text,
  skip_reason text,
  closed_at timestamptz,
  closed_by bigint references staff (id) on delete set null,
  created_at timestamptz not null,
  -- A re-run of the job (or two instances) never duplicates a task.
  constraint care_tasks_occasion_key unique (customer_id, kind, occasion, occasion_date),
  constraint care_tasks_kind_check check (kind in ('birthday', 'holiday')),
  constraint care_tasks_status_check check (status in ('open', 'done', 'skipped')),
  constraint care_tasks_done_via_check check ((status = 'done') = (done_via is not null) and done_via in ('phone', 'sms', 'visit') or done_via is null and status <> 'done'),
  constraint care_tasks_skip_check check ((status = 'skipped') = (skip_reason is not null)),
  constraint care_tasks_closed_check check ((status = 'open') = (closed_at is null))
);
create index care_tasks_branch_due_idx on care_tasks (branch_id, due_date);
create index care_tasks_assignee_idx on care_tasks (assignee_id, due_date);
create index care_tasks_appears_on_idx on care_tasks (appears_on);
create index care_tasks_open_idx on care_tasks (due_date) where status = 'open';

-- Each task's history (created, done, skipped), append-only like complaint events.
create table care_task_events (
  id bigint generated always as identity primary key,
  task_id bigint not null references care_tasks (id) on delete cascade,
  kind text not null,
  actor text not null,
  data jsonb not null default '{}',
  at timestamptz not null,
  constraint care_task_events_kind_check check (kind in ('created', 'done', 'skipped'))
);
create index care_task_events_task_id_idx on care_task_events (task_id, id);

-- The administrator's settings (lead times, festival tiers, reminder time, index weight): one row.
create table care_settings (
  id boolean primary key default true,
  settings jsonb not null,
  updated_at timestamptz not null,
  updated_by text not null,
  constraint care_settings_single check (id)
);
