-- The bot's side of the database: every outgoing chat message as an outbox row written in the
-- same transaction as the change that caused it; inbound de-duplication that survives a restart;
-- where a unit's group chats are; and service-star nominations made from the chat.

-- One row per message to deliver (or card to update). The dispatcher claims due rows, sends them
-- within the platform's rate limits and records the platform's message id, so a later change can
-- update the card in place. `idempotency_key` is also Feishu's `uuid`: a crash between the send and
-- the status update re-sends with the same key, and Feishu delivers it once.
create table outbox_messages (
  id bigint generated always as identity primary key,
  idempotency_key text not null,
  channel text not null,
  -- `staff`: a person (Feishu p2p by open_id, or their console chat); `chat`: a group chat id.
  recipient_kind text not null,
  recipient text not null,
  -- `send` a new message; `update` the card of an earlier sent row (`target_id`).
  kind text not null default 'send',
  target_id bigint references outbox_messages (id) on delete cascade,
  -- What the message is about (`nomination:42`): later changes find the cards to update by it.
  subject text,
  template text not null,
  data jsonb not null,
  locale text not null default 'zh-CN',
  severity text not null default 'info',
  -- Statutory-deadline alerts are sent during quiet hours too.
  statutory boolean not null default false,
  -- Many digestible alerts for one chat in a short window go out as one digest card.
  digestible boolean not null default false,
  status text not null default 'pending',
  not_before timestamptz not null,
  attempts integer not null default 0,
  last_error text,
  claimed_until timestamptz,
  channel_message_id text,
  digest_id bigint references outbox_messages (id) on delete set null,
  created_at timestamptz not null,
  sent_at timestamptz,
  constraint outbox_messages_idempotency_key_key unique (idempotency_key),
  constraint outbox_messages_recipient_kind_check check (recipient_kind in ('staff', 'chat')),
  constraint outbox_messages_kind_check check (kind in ('send', 'update')),
  constraint outbox_messages_update_target_check check ((kind = 'update') = (target_id is not null)),
  constraint outbox_messages_severity_check check (severity in ('info', 'warning', 'critical')),
  constraint outbox_messages_status_check check (status in ('pending', 'sending', 'sent', 'parked', 'digested', 'cancelled')),
  constraint outbox_messages_locale_check check (locale in ('zh-CN', 'en'))
);
create index outbox_messages_due_idx on outbox_messages (not_before, id) where status in ('pending', 'sending');
create index outbox_messages_subject_idx on outbox_messages (subject) where subject is not null;
create index outbox_messages_target_id_idx on outbox_messages (target_id) where target_id is not null;

-- Only one instance dispatches at a time, so the rate limits hold across instances.
create table outbox_leases (
  name text primary key,
  holder text not null,
  expires_at timestamptz not null
);

-- Inbound events and messages already handled (Feishu redelivers after 3 s and on reconnect).
create table bot_inbox (
  key text primary key,
  received_at timestamptz not null
);
create index bot_inbox_received_at_idx on bot_inbox (received_at);

-- A unit's group chats: where alerts for a branch or region go, the leadership group's chat, the
-- operators' chat (parked messages), on Feishu or a secondary robot (WeCom, DingTalk).
create table chat_bindings (
  id bigint generated always as identity primary key,
  region_id bigint references regions (id) on delete cascade,
  branch_id bigint references branches (id) on delete cascade,
  purpose text not null,
  channel text not null,
  -- Feishu chat_id (oc_…); for a robot, its webhook URL (a secret: never shown in full).
  chat_id text not null,
  -- DingTalk's signing secret (加签), WeCom needs none (the key is in the URL).
  secret text,
  -- `HH:MM-HH:MM` in the bank's time zone; null takes the bank-wide setting.
  quiet_hours text,
  created_at timestamptz not null,
  constraint chat_bindings_unit_check check (region_id is null or branch_id is null),
  constraint chat_bindings_purpose_check check (purpose in ('alerts', 'leadership', 'ops')),
  constraint chat_bindings_channel_check check (channel in ('feishu', 'console', 'wecom', 'dingtalk')),
  constraint chat_bindings_quiet_hours_check check (quiet_hours is null or quiet_hours ~ '^[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9]$'),
  constraint chat_bindings_key unique (channel, chat_id, purpose)
);

-- 服务明星提名: any staff member nominates a colleague; the nominee's branch head decides.
create table nominations (
  id bigint generated always as identity primary key,
  nominator_id bigint not null references staff (id) on delete restrict,
  nominee_id bigint not null references staff (id) on delete restrict,
  reason text not null,
  channel text not null,
  status text not null default 'pending',
  decided_by bigint references staff (id) on delete restrict,
  decided_at timestamptz,
  created_at timestamptz not null,
  constraint nominations_self_check check (nominator_id <> nominee_id),
  constraint nominations_reason_check check (char_length(reason) between 2 and 500),
  constraint nominations_status_check check (status in ('pending', 'approved', 'rejected')),
  constraint nominations_decision_check check ((status = 'pending') = (decided_at is null))
);
create index nominations_nominee_id_idx on nominations (nominee_id);
create index nominations_status_idx on nominations (status) where status = 'pending';
