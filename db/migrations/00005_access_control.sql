-- Access control: users with a role and a scope (the bank, a region subtree, or one branch),
-- sessions, display tokens for wall screens, API keys for integrators, and the audit log.
-- Secrets (passwords, session tokens, display tokens, API keys) are stored only as hashes.

create table users (
  id bigint generated always as identity primary key,
  username text not null,
  display_name text not null,
  role text not null,
  scope_region_id bigint references regions (id) on delete restrict,
  scope_branch_id bigint references branches (id) on delete restrict,
  staff_id bigint references staff (id) on delete set null,
  password_hash text not null,
  locale text not null default 'zh-CN',
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  password_changed_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_username_key unique (username),
  constraint users_staff_id_key unique (staff_id),
  constraint users_role_check check (role in ('admin', 'leader', 'region_manager', 'inspector', 'complaint_handler', 'branch_head', 'staff')),
  -- A scope is the bank (neither set), one region subtree, or one branch.
  constraint users_scope_check check (scope_region_id is null or scope_branch_id is null),
  constraint users_locale_check check (locale in ('zh-CN', 'en'))
);

create table sessions (
  id bigint generated always as identity primary key,
  token_hash text not null,
  user_id bigint not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  constraint sessions_token_hash_key unique (token_hash)
);
create index sessions_user_id_idx on sessions (user_id);

create table display_tokens (
  id bigint generated always as identity primary key,
  name text not null,
  token_hash text not null,
  prefix text not null,
  scope_region_id bigint references regions (id) on delete restrict,
  scope_branch_id bigint references branches (id) on delete restrict,
  created_by text not null,
  created_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz,
  constraint display_tokens_token_hash_key unique (token_hash),
  constraint display_tokens_scope_check check (scope_region_id is null or scope_branch_id is null)
);

create table api_keys (
  id bigint generated always as identity primary key,
  name text not null,
  key_hash text not null,
  prefix text not null,
  scope_region_id bigint references regions (id) on delete restrict,
  scope_branch_id bigint references branches (id) on delete restrict,
  event_types text[] not null,
  created_by text not null,
  created_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz,
  constraint api_keys_key_hash_key unique (key_hash),
  constraint api_keys_scope_check check (scope_region_id is null or scope_branch_id is null),
  constraint api_keys_event_types_check check (cardinality(event_types) > 0)
);

-- Append-only: who did what, through which channel, to what, when. Never raw customer PII.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  actor text not null,
  role text,
  channel text not null,
  action text not null,
  target_type text not null,
  target_id text,
  summary jsonb not null default '{}',
  request_id text,
  constraint audit_log_channel_check check (channel in ('web', 'bot', 'api', 'job', 'cli'))
);
create index audit_log_at_idx on audit_log (at desc);
create index audit_log_actor_idx on audit_log (actor);
create index audit_log_action_idx on audit_log (action);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_append_only
  before update or delete on audit_log
  for each statement execute function audit_log_is_append_only();
