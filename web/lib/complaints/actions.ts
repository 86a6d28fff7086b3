import { ComplaintStepSchemas, type ComplaintView } from '$contract';
import type { LabelGroup } from './labels.ts';
import { bankLocalToIso } from './bank-time.ts';

/**
 * The handling steps of a complaint as the detail page offers them: which a user may take on the
 * complaint as loaded (the server decides again; this only hides what would be refused), what each
 * asks for, and the body it sends to `POST /api/v1/complaints/:id/<path>`.
 */
export const ACTION_KINDS = ['claim', 'contact', 'decide', 'extend', 'approveExtension', 'pause', 'resume', 'close', 'review', 'restart', 'note', 'merge'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const ACTION_PATHS: Record<ActionKind, string> = {
  claim: 'claim', contact: 'contact', decide: 'decide', extend: 'extend', approveExtension: 'approve-extension', pause: 'pause',
  resume: 'resume', close: 'close', review: 'review', restart: 'restart', note: 'notes', merge: 'merge',
};

type Facts = Pick<ComplaintView, 'status' | 'clockState' | 'stage' | 'handler' | 'mergedIntoId'>;
const OPEN: readonly ComplaintView['status'][] = ['received', 'claimed', 'in_progress'];

const RULES: Record<ActionKind, { permission: string; allows: (c: Facts) => boolean }> = {
  claim: { permission: 'complaints.handle', allows: (c) => OPEN.includes(c.status) && c.handler === null },
  contact: { permission: 'complaints.handle', allows: (c) => OPEN.includes(c.status) },
  decide: { permission: 'complaints.handle', allows: (c) => (c.status === 'claimed' || c.status === 'in_progress') && c.clockState !== 'paused' },
  extend: { permission: 'complaints.handle', allows: (c) => OPEN.includes(c.status) && c.stage === 15 },
  approveExtension: { permission: 'complaints.approve_extension', allows: (c) => OPEN.includes(c.status) && c.stage === 30 },
  // Appraisal time cannot hide a deadline already missed.
  pause: { permission: 'complaints.handle', allows: (c) => OPEN.includes(c.status) && c.clockState !== 'paused' && c.clockState !== 'overdue' },
  resume: { permission: 'complaints.handle', allows: (c) => OPEN.includes(c.status) && c.clockState === 'paused' },
  close: { permission: 'complaints.handle', allows: (c) => c.status === 'decided' },
  review: { permission: 'complaints.create', allows: (c) => c.status === 'decided' || c.status === 'closed' },
  restart: { permission: 'complaints.handle', allows: () => true },
  note: { permission: 'complaints.handle', allows: () => true },
  merge: { permission: 'complaints.handle', allows: (c) => OPEN.includes(c.status) },
};

/** The steps offered for a complaint to a user with these permissions, most likely next first; none once merged. */
export function availableActions(c: Facts, permissions: readonly string[]): ActionKind[] {
  if (c.mergedIntoId !== null) return [];
  return ACTION_KINDS.filter((kind) => permissions.includes(RULES[kind].permission) && RULES[kind].allows(c));
}

export type FieldKind = 'text' | 'textarea' | 'datetime' | 'select' | 'number';
export interface ActionField {
  /** The wire field name (server issues name it). */
  name: string;
  kind: FieldKind;
  isRequired: boolean;
  options?: readonly string[];
  /** Where the options' words are. */
  optionGroup?: LabelGroup;
}

const S = ComplaintStepSchemas;
const note = (isRequired = false): ActionField => ({ name: 'note', kind: 'textarea', isRequired });
const at = (name: string): ActionField => ({ name, kind: 'datetime', isRequired: true });

export const ACTION_FIELDS: Record<ActionKind, readonly ActionField[]> = {
  claim: [],
  contact: [note()],
  decide: [
    { name: 'decision', kind: 'textarea', isRequired: true },
    at('informedAt'),
    { name: 'informedVia', kind: 'select', isRequired: true, options: S.decide.shape.informedVia.options, optionGroup: 'inform' },
  ],
  extend: [{ name: 'reason', kind: 'textarea', isRequired: true }],
  approveExtension: [{ name: 'reason', kind: 'textarea', isRequired: true }, at('customerNotifiedAt')],
  pause: [{ name: 'reason', kind: 'select', isRequired: true, options: S.pause.shape.reason.options, optionGroup: 'pause' }, at('customerNotifiedAt'), note()],
  resume: [note()],
  close: [note()],
  review: [{ name: 'summary', kind: 'textarea', isRequired: true }],
  restart: [{ name: 'facts', kind: 'textarea', isRequired: true }],
  note: [note(true)],
  merge: [{ name: 'into', kind: 'number', isRequired: true }],
};

/** A fresh dialog's values: times default to now (as a datetime-local value), a choice to its first option. */
export function initialValues(kind: ActionKind, nowLocal: string): Record<string, string> {
  return Object.fromEntries(ACTION_FIELDS[kind].map((f) => [f.name, f.kind === 'datetime' ? nowLocal : f.kind === 'select' ? (f.options?.[0] ?? '') : '']));
}

/** The required fields left empty (checked before sending, so the user is told without a round trip). */
export function missingFields(kind: ActionKind, values: Record<string, string>): string[] {
  return ACTION_FIELDS[kind].filter((f) => f.isRequired && !(values[f.name] ?? '').trim()).map((f) => f.name);
}

/**
 * The body of a step: text trimmed and left out when empty, times read in the bank's zone, and the
 * loaded `version` so a step on a stale screen is refused (merge and review take none).
 */
export function stepBody(kind: ActionKind, values: Record<string, string>, options: { version: number; timeZone: string }): Record<string, unknown> {
  const body: Record<string, unknown> = kind === 'merge' || kind === 'review' ? {} : { version: options.version };
  for (const field of ACTION_FIELDS[kind]) {
    const raw = (values[field.name] ?? '').trim();
    if (!raw) continue;
    body[field.name] = field.kind === 'datetime' ? (bankLocalToIso(raw, options.timeZone) ?? raw) : field.kind === 'number' ? Number(raw) : raw;
  }
  return body;
}
