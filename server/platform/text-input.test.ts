import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findTextProblem } from './text-input.ts';
import { parseInput } from './validate.ts';
import { AppError } from './errors.ts';

describe('text input: the field an error names is always visible', () => {
  it('names a nested field by its dotted path', () => {
    expect(findTextProblem({ a: { b: 'x\u0000' } })).toMatchObject({ field: 'a.b', reason: expect.stringContaining('U+0000') });
  });

  it('quotes a key that is blank, so a query like `? =\\0` is not answered with an empty field name', () => {
    expect(findTextProblem({ ' ': '\u0000' })?.field).toBe('" "');
    expect(findTextProblem({ '': '\u0001' })?.field).toBe('""');
    expect(findTextProblem({ list: [{ '  ': '\u007f' }] })?.field).toBe('list.0."  "');
  });

  it('replaces a control character inside a key with ? in the name it reports', () => {
    expect(findTextProblem({ 'a\u0000': 'ok' })?.field).toBe('a?');
  });

  it('quotes blank keys in schema errors too', () => {
    const schema = z.record(z.string(), z.number());
    let caught: unknown;
    try {
      parseInput(schema, { ' ': 'not a number' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).issues[0]?.field).toBe('" "');
  });
});
