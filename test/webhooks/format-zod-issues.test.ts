import { describe, expect, it } from 'vitest';
import * as zc from 'zod';
import * as z from 'zod/mini';
import { formatZodIssues } from '../../src/internal/format-zod-issues.js';

function issuesOf(schema: z.core.$ZodType, value: unknown): z.core.$ZodIssue[] {
  const result = z.safeParse(schema, value);
  if (result.success) throw new Error('expected the value to fail');
  return result.error.issues;
}

describe('formatZodIssues', () => {
  it('says what was expected instead of zod/mini’s generic message, paths joined with dots', () => {
    const schema = z.object({
      a: z.object({ b: z.number() }),
      c: z.union([z.number(), z.string()]),
      d: z.literal(['x', 1]),
      e: z.string().check(z.regex(/^\d+$/)),
      f: z.string().check(z.minLength(2)),
    });
    expect(formatZodIssues(issuesOf(schema, { a: { b: 'SECRET' }, c: true, d: 'y', e: 'z', f: '' }))).toBe(
      'a.b: expected number; c: expected number or string; d: expected "x" or 1; e: expected the regex format; f: too_small',
    );
  });

  it("keeps a schema's own message, and classic zod's English messages are described the same way", () => {
    expect(formatZodIssues(issuesOf(z.int('expected a positive integer'), 'x'))).toBe(
      '(root): expected a positive integer',
    );
    expect(formatZodIssues(issuesOf(zc.object({ id: zc.string() }), { id: 7 }))).toBe('id: expected string');
  });

  it('names the root as asked, lists five issues and counts the rest', () => {
    expect(formatZodIssues(issuesOf(z.string(), 1), 'body')).toBe('body: expected string');
    const many = z.object(
      Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => [k, z.string()])),
    );
    expect(formatZodIssues(issuesOf(many, {}))).toMatch(
      /^a: expected string; .*e: expected string \(and 2 more\)$/,
    );
  });

  it('never includes a received value', () => {
    const schema = z.object({ token: z.number(), kind: z.literal('a'), list: z.array(z.boolean()) });
    const line = formatZodIssues(
      issuesOf(schema, { token: 'SECRET-1', kind: 'SECRET-2', list: ['SECRET-3'] }),
    );
    expect(line).not.toContain('SECRET');
  });
});
