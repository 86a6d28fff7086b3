import type { z } from 'zod';
import { AppError } from './errors.ts';

/** Parses input with a schema; failures become INVALID_INPUT naming every offending field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root = ''): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: [root, ...issue.path.map(String)].filter(Boolean).join('.') || root || 'body',
    reason: issue.message,
  }));
  const first = issues[0]!;
  throw new AppError('INVALID_INPUT', `${first.field}: ${first.reason}`, issues);
}
