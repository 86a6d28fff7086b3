import type { ComplaintView } from '$contract';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { labelKey, type LabelGroup } from './labels.ts';

export type TimelineEvent = NonNullable<ComplaintView['timeline']>[number];

/**
 * One line of an event's data as the timeline shows it: text as written, a time (shown in the
 * bank's zone), or a code with words in a label group. Keys this build does not know are shown
 * raw rather than hidden: the audit trail must not lose anything.
 */
export type Detail =
  | { label: MessageKey | string; kind: 'text'; value: string }
  | { label: MessageKey | string; kind: 'time'; value: string }
  | { label: MessageKey | string; kind: 'code'; value: string; group: LabelGroup }
  | { label: MessageKey | string; kind: 'stage'; value: string };

const TIMES = new Set(['customerNotifiedAt', 'informedAt', 'requestedAt']);
const CODES: Record<string, LabelGroup> = { channel: 'channel', informedVia: 'inform' };
/** Ids repeat what the reference beside them says. */
const HIDDEN = new Set(['intoId', 'fromId', 'reviewId']);

export function eventDetails(event: TimelineEvent): Detail[] {
  const details: Detail[] = [];
  for (const [name, raw] of Object.entries(event.data)) {
    if (HIDDEN.has(name) || raw === null || raw === undefined || raw === '') continue;
    const label = (event.kind === 'merged' && name === 'from' ? labelKey('field', 'mergedFrom') : labelKey('field', name)) ?? name;
    if (name === 'reopened') {
      if (raw === true) details.push({ label, kind: 'text', value: '✓' });
      continue;
    }
    const value = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : JSON.stringify(raw);
    if (event.kind === 'paused' && name === 'reason') details.push({ label, kind: 'code', value, group: 'pause' });
    else if (event.kind === 'extended' && (name === 'from' || name === 'to')) details.push({ label, kind: 'stage', value });
    else if (TIMES.has(name)) details.push({ label, kind: 'time', value });
    else if (CODES[name]) details.push({ label, kind: 'code', value, group: CODES[name] });
    else details.push({ label, kind: 'text', value });
  }
  return details;
}
