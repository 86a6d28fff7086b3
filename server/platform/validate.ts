import type { z } from 'zod';
import { AppError } from './errors.ts';
import { assertCleanText, segment } from './text-input.ts';

/** Refuses control characters (platform/text-input), then parses input with a schema; failures become INVALID_INPUT naming every offending field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root = '', options: { textCheckedByCaller?: boolean } = {}): z.infer<S> {
  // Every input parsed anywhere (HTTP, CLI, bot) passes the one text sanitation step first,
  // unless the caller checks it item by item (ingest's per-event promise).
  if (!options.textCheckedByCaller) assertCleanText(input, root);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: [root, ...issue.path.map((key) => segment(String(key)))].filter(Boolean).join('.') || 'body',
    reason: issue.message,
  }));
  const first = issues[0]!;
  throw new AppError('INVALID_INPUT', `${first.field}: ${first.reason}`, issues);
}
