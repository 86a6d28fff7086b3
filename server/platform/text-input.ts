import { AppError } from './errors.ts';

/**
 * The one input sanitation step for text. NUL and the other C0 control characters (and DEL) have
 * no place in anything a person or an integrator types: PostgreSQL refuses NUL in text and JSON
 * (a 500 before this step), and the others hide text in logs and screens. Tab, line feed and
 * carriage return stay (free text has lines). Refused with the field named, never stripped
 * silently: a changed value would be stored as something the sender did not send.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Deeper than any payload of the contract; deeper input is refused before a schema walks it. */
export const MAX_INPUT_DEPTH = 32;

export interface TextProblem {
  field: string;
  reason: string;
}

const describe = (text: string): string => {
  const c = FORBIDDEN.exec(text)![0].codePointAt(0)!;
  return `contains a control character (U+${c.toString(16).toUpperCase().padStart(4, '0')}); remove it and send again`;
};

/** A key that is empty or only spaces is quoted, so the error still names a field a person can see. */
export const segment = (key: string): string => (/\S/.test(key) ? key : JSON.stringify(key));

/** The first control character (or over-deep nesting) in `value`, with the dotted path of its field. */
export function findTextProblem(value: unknown, root = ''): TextProblem | undefined {
  const walk = (v: unknown, path: string[], depth: number): TextProblem | undefined => {
    const field = () => [root, ...path.map(segment)].filter(Boolean).join('.') || 'body';
    if (typeof v === 'string') return FORBIDDEN.test(v) ? { field: field(), reason: describe(v) } : undefined;
    if (v === null || typeof v !== 'object') return undefined;
    if (depth > MAX_INPUT_DEPTH) return { field: field(), reason: `is nested deeper than ${MAX_INPUT_DEPTH} levels` };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = walk(v[i], [...path, String(i)], depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    for (const key of Object.keys(v)) {
      if (FORBIDDEN.test(key)) return { field: [...path, key.replace(FORBIDDEN, '?')].map(segment).join('.') || 'body', reason: describe(key) };
      const found = walk((v as Record<string, unknown>)[key], [...path, key], depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return walk(value, [], 0);
}

/** Throws INVALID_INPUT naming the field of the first control character in `value`. */
export function assertCleanText(value: unknown, root = ''): void {
  const problem = findTextProblem(value, root);
  if (problem) throw AppError.invalid(problem.field, problem.reason);
}
