-- Feishu cards can be clicked and updated for 14 days only ("仅支持更新 14 天内发送的消息",
-- im-v1 message patch doc), while complaint clocks run 15–60 days and rectifications can run long.
-- A card whose subject is still open is re-sent as a fresh card before the window closes, and the
-- old one retired (ADR 0024). The fresh send row names the card it replaces (`refresh_of`), the old
-- one its replacement (`replaced_by`): redraws go to the newest card of a subject, a click on a
-- replaced card is answered with a toast pointing to the new one.
alter table outbox_messages add column refresh_of bigint references outbox_messages (id) on delete set null;
alter table outbox_messages add column replaced_by bigint references outbox_messages (id) on delete set null;
-- One fresh card per card generation, whichever instance (or the dispatcher) re-sends it.
create unique index outbox_messages_refresh_of_key on outbox_messages (refresh_of) where refresh_of is not null;
-- The refresh job's scan: sent cards about a subject, not yet replaced, oldest first.
create index outbox_messages_live_cards_idx on outbox_messages (sent_at) where kind = 'send' and status = 'sent' and replaced_by is null and subject is not null;
-- A click names the platform's message id: is it a replaced card? (Tiny: replaced cards only.)
create index outbox_messages_replaced_message_idx on outbox_messages (channel_message_id) where replaced_by is not null;
