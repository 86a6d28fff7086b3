import type { OutboxStatus } from '$contract';

/** Badge tone of each outbox status: parked needs a person, pending and sending are on their way. */
export const OUTBOX_STATUS_TONE: Record<OutboxStatus, '' | 'good' | 'warn' | 'bad'> = {
  pending: 'warn',
  sending: 'warn',
  sent: 'good',
  parked: 'bad',
  digested: '',
  cancelled: '',
};

const ROBOT_CHANNELS = new Set(['wecom', 'dingtalk']);

/**
 * A robot's webhook URL carries its key: shown as host and last 4 characters, as the chat bindings
 * are listed (the outbox API sends the recipient as stored).
 */
export function displayRecipient(channel: string, recipient: string): string {
  if (!ROBOT_CHANNELS.has(channel) || !URL.canParse(recipient)) return recipient;
  return `${new URL(recipient).host}/…${recipient.slice(-4)}`;
}
