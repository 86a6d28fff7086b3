-- Complaints (投诉) under 《银行业保险业消费投诉处理管理办法》: the case, its append-only history
-- (every clock rule is a pure function of it), and the escalation alerts already sent.

create table complaints (
  id bigint generated always as identity primary key,
  -- Who registered it (`api_key:<id>`, `web`, `bot`) and their id for it: a retried intake returns the same complaint.
  source text not null,
  external_id text not null,
  -- A readable number for people (TS-2026-000123).
  reference text not null,
  kind text not null default 'original',
  -- A review (核查) points at the decided complaint it reviews; a merged duplicate at the open one.
  parent_id bigint references complaints (id) on delete restrict,
  merged_into_id bigint references complaints (id) on delete restrict,
  branch_id bigint not null references branches (id) on delete restrict,
  staff_id bigint references staff (id) on delete restrict,
  channel text not null,
  category text not null,
  severity text not null default 'normal',
  -- Personal data (JR/T 0171 C2): shown in full only to authorized roles in the web app, never logged.
  complainant_name text not null,
  complainant_phone text,
  agent_name text,
  agent_authorization text,
  summary text not null,
  request text,
  facts text,
  -- The original receipt time (a regulator transfer arrives backdated).
  received_at timestamptz not null,
  status text not null default 'received',
  handler_id bigint references staff (id) on delete restrict,
  decision text,
  decided_at timestamptz,
  -- The clock as last computed from the history (the rules in complaints/complaint-clock.rules.ts
  -- are the truth; these serve lists, KPIs and the sweeper's query). While paused the deadline moves.
  clock_stage smallint not null default 15,
  decision_due_at timestamptz not null,
  paused boolean not null default false,
  decided_on_time boolean,
  -- Bumped by every change: cards and screens compare it to tell a stale click.
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint complaints_source_external_id_key unique (source, external_id),
  constraint complaints_reference_key unique (reference),
  constraint complaints_kind_check check (kind in ('original', 'review')),
  constraint complaints_status_check check (status in ('received', 'claimed', 'in_progress', 'decided', 'closed')),
  constraint complaints_severity_check check (severity in ('normal', 'major', 'critical')),
  constraint complaints_review_parent_check check ((kind = 'review') = (parent_id is not null))
);
create index complaints_branch_id_idx on complaints (branch_id);
create index complaints_open_idx on complaints (decision_due_at) where status not in ('decided', 'closed');
create index complaints_decided_at_idx on complaints (decided_at) where decided_at is not null;
create index complaints_received_at_idx on complaints (received_at);
create index complaints_parent_id_idx on complaints (parent_id) where parent_id is not null;

-- The history: what happened, when (`at`, which may be earlier than `recorded_at` for a backdated
-- step), who and through which channel. Append-only, like the audit log.
create table complaint_events (
  id bigint generated always as identity primary key,
  complaint_id bigint not null references complaints (id) on delete restrict,
  kind text not null,
  at timestamptz not null,
  recorded_at timestamptz not null,
  actor text not null,
  actor_role text,
  channel text not null,
  data jsonb not null default '{}',
  constraint complaint_events_kind_check check (kind in (
    'received', 'claimed', 'contacted', 'extended', 'extension_requested', 'paused', 'resumed', 'merged', 'restarted',
    'decided', 'closed', 'reopened', 'review_requested', 'note'))
);
create index complaint_events_complaint_id_idx on complaint_events (complaint_id, id);

create function complaint_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'complaint_events is append-only';
end;
$$;
create trigger complaint_events_no_update before update or delete on complaint_events
  for each row execute function complaint_events_append_only();

-- One alert per complaint, clock stage (15/30/60), ladder step and recipient: the sweeper and the
-- intake insert here first, and only a new row queues a message.
create table complaint_alerts (
  complaint_id bigint not null references complaints (id) on delete restrict,
  stage_key text not null,
  recipient text not null,
  outbox_id bigint references outbox_messages (id) on delete set null,
  created_at timestamptz not null,
  primary key (complaint_id, stage_key, recipient)
);

create sequence complaint_reference_seq;
