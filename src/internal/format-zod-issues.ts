import type { core } from 'zod/mini';

const MAX_DESCRIBED_ISSUES = 5;

/**
 * @internal zod issues as one line for an error message: `"message.room_id: expected number; bot_id:
 * expected string"`, the first five and `(and N more)`. Paths and expectations only, never a received
 * value, so the line is safe to log and to send.
 *
 * Each problem is the issue's own message when a schema set one (`z.int('expected a positive integer')`);
 * zod's generic `Invalid input…` is replaced by what was expected (type, union members, literal values,
 * format) or, failing that, the issue code.
 *
 * @param issues - The issues of a failed `safeParse`.
 * @param root - How an issue at the root (empty path) is named.
 *
 * @example
 * ```ts
 * throw new WebhookPayloadError(`Invalid event: ${formatZodIssues(result.error.issues)}.`, result.error.issues);
 * ```
 */
export function formatZodIssues(issues: readonly core.$ZodIssue[], root = '(root)'): string {
  const described = issues.slice(0, MAX_DESCRIBED_ISSUES).map((issue) => {
    const path = issue.path.length === 0 ? root : issue.path.map(String).join('.');
    return `${path}: ${describeProblem(issue)}`;
  });
  const more = issues.length - described.length;
  return more > 0 ? `${described.join('; ')} (and ${more} more)` : described.join('; ');
}

function describeProblem(issue: core.$ZodIssue): string {
  // zod's own messages start "Invalid input" (its English locale then adds "expected …, received <type>").
  if (!issue.message.startsWith('Invalid input')) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_union': {
      const expected = issue.errors
        .flat()
        .flatMap((inner) => (inner.code === 'invalid_type' ? [inner.expected] : []));
      return expected.length > 0 ? `expected ${expected.join(' or ')}` : issue.code;
    }
    case 'invalid_value':
      return `expected ${issue.values.map((value) => (typeof value === 'string' ? JSON.stringify(value) : String(value))).join(' or ')}`;
    case 'invalid_format':
      return `expected the ${issue.format} format`;
    default:
      return issue.code;
  }
}
