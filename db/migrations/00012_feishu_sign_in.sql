-- Sign in with Feishu (OAuth 2.0, ADR 0018).
--
-- One row per sign-in started: the state sent to Feishu is stored hashed, bound to the browser that
-- started it (a nonce in a short-lived cookie, stored hashed), single use and short-lived. A table,
-- not memory, so the callback may land on any instance.
create table feishu_sign_in_states (
  state_hash text primary key,
  browser_hash text not null,
  next_path text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index feishu_sign_in_states_expires_at_idx on feishu_sign_in_states (expires_at);

-- Feishu's union_id (one person across a developer's apps) links a person when the open_id (one
-- app's) is not known yet.
alter table staff add column feishu_union_id text;
alter table staff add constraint staff_feishu_union_id_key unique (feishu_union_id);

-- How a user signs in: `password` (created by an administrator) or `feishu` (created at the first
-- Feishu sign-in from the staff record; no password; role and scope follow the staff record).
alter table users add column sign_in text not null default 'password';
alter table users add constraint users_sign_in_check check (sign_in in ('password', 'feishu'));
