/**
 * The outbox: every outgoing chat message is a row written in the same transaction as the change
 * that caused it (`enqueueMessage`, `updateSubjectCards`), delivered by one dispatcher across
 * instances (`createOutboxDispatcher`) through a delivery port the bot implements.
 */
export type { Delivery, DeliverPort, OutboxChannel, OutboxLocale, OutboxMessageInput, OutboxRecipient, OutboxRow, OutboxSeverity, OutboxStatus } from './outbox.types.ts';
export { DeliveryError, OUTBOX_QUEUED_CHANNEL } from './outbox.types.ts';
export { enqueueMessage, idempotencyKeyOf, listOutbox, outboxCounts, retryParked, updateSubjectCards, type OutboxSettings } from './outbox.service.ts';
export { createOutboxDispatcher, type OutboxDispatcher, type OutboxDispatcherOptions, type PassResult } from './outbox-dispatcher.service.ts';
export { CHANNEL_LIMITS, parseQuietHours } from './outbox.rules.ts';
export { recordInboxKey, pruneInbox } from './inbox.repo.ts';
export { addChatBinding, chatsFor, listChatBindings, removeChatBinding, robotSecret } from './chat-binding.service.ts';
export type { ChatBinding, ChatBindingInput, ChatPurpose } from './chat-binding.types.ts';
export { registerOutboxRoutes } from './outbox.routes.ts';
export { refreshAgingCards, isReplacedCard } from './card-refresh.service.ts';
export { DEFAULT_REFRESH_AFTER_DAYS, FEISHU_UPDATE_WINDOW_MS, RETIRED_CARD_TEMPLATE } from './card-refresh.rules.ts';
export { selectSubjectOfChannelMessage } from './card-message.repo.ts';
