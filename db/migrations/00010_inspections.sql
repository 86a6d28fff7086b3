-- Inspections (检查 / 暗访 / 自查) against versioned checklists, and the rectification (整改) of
-- every finding: its owner, due date, history, photos and the escalation alerts already sent.

-- A checklist version: modules → items as JSON (code, text, guidance, maxPoints, redLine). A new
-- version is a new row; inspections point at the row they were scored on, so a past score never moves.
create table checklists (
  id bigint generated always as identity primary key,
  code text not null,
  name text not null,
  version integer not null,
  modules jsonb not null,
  active boolean not null default true,
  created_by text not null,
  created_at timestamptz not null,
  constraint checklists_code_version_key unique (code, version)
);
-- One active version per checklist code.
create unique index checklists_active_idx on checklists (code) where active;

-- A submitted inspection. `id` is the client's own id (a tablet's or a vendor's): sending it again
-- answers the same inspection. Scores are stored as computed at submission.
create table inspections (
  id text primary key,
  source text not null,
  branch_id bigint not null references branches (id) on delete restrict,
  kind text not null,
  checklist_id bigint not null references checklists (id) on delete restrict,
  inspector text not null,
  inspector_staff_code text,
  visited_at timestamptz not null,
  submitted_at timestamptz not null,
  score numeric(4, 1) not null,
  passed boolean not null,
  red_line_failed boolean not null,
  module_scores jsonb not null,
  results jsonb not null,
  constraint inspections_kind_check check (kind in ('routine', 'mystery_shopper', 'self_check'))
);
create index inspections_branch_idx on inspections (branch_id, visited_at);
create index inspections_submitted_idx on inspections (submitted_at);

-- A draft saved from the form (a tablet that loses its connection keeps what was typed).
create table inspection_drafts (
  id text primary key,
  author text not null,
  branch_id bigint references branches (id) on delete cascade,
  data jsonb not null,
  updated_at timestamptz not null
);

-- One per finding. `overdue` is not a status: it is the clock (due_at) against now.
create table rectifications (
  id bigint generated always as identity primary key,
  inspection_id text not null references inspections (id) on delete restrict,
  branch_id bigint not null references branches (id) on delete restrict,
  item_code text not null,
  item_text text not null,
  red_line boolean not null,
  points_lost numeric(6, 1) not null,
  reason text not null,
  owner_staff_code text,
  status text not null default 'open',
  due_at timestamptz not null,
  extension_reason text,
  extension_requested_at timestamptz,
  fixed_note text,
  fixed_at timestamptz,
  verified_at timestamptz,
  -- Fixed (the owner's confirmation) by the due date in force then; null while not fixed.
  fixed_on_time boolean,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint rectifications_finding_key unique (inspection_id, item_code),
  constraint rectifications_status_check check (status in ('open', 'fixed', 'verified', 'reopened'))
);
create index rectifications_branch_idx on rectifications (branch_id, status);
create index rectifications_open_idx on rectifications (due_at) where status in ('open', 'reopened');

-- The history of a rectification (timeline): append-only.
create table rectification_events (
  id bigint generated always as identity primary key,
  rectification_id bigint not null references rectifications (id) on delete restrict,
  kind text not null,
  at timestamptz not null,
  actor text not null,
  channel text not null,
  data jsonb not null default '{}',
  constraint rectification_events_kind_check check (kind in ('created', 'fixed', 'verified', 'reopened', 'extension_requested', 'extension_granted', 'photo'))
);
create index rectification_events_idx on rectification_events (rectification_id, id);

create function rectification_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'rectification_events is append-only';
end;
$$;
create trigger rectification_events_no_update before update or delete on rectification_events
  for each row execute function rectification_events_append_only();

-- One escalation per rectification, due date, stage and recipient: two sweeps or two instances
-- insert here first and only a new row queues a message.
create table rectification_alerts (
  rectification_id bigint not null references rectifications (id) on delete restrict,
  stage_key text not null,
  recipient text not null,
  outbox_id bigint references outbox_messages (id) on delete set null,
  created_at timestamptz not null,
  primary key (rectification_id, stage_key, recipient)
);

-- Photo evidence: the file lives under the data folder (by `storage_key`); the row says whose branch it is.
create table inspection_photos (
  id text primary key,
  branch_id bigint not null references branches (id) on delete restrict,
  inspection_id text references inspections (id) on delete restrict,
  rectification_id bigint references rectifications (id) on delete restrict,
  content_type text not null,
  size_bytes integer not null,
  storage_key text not null,
  uploaded_by text not null,
  created_at timestamptz not null
);
create index inspection_photos_inspection_idx on inspection_photos (inspection_id);
create index inspection_photos_rectification_idx on inspection_photos (rectification_id);
