import { refusalHint } from '../internal/refusal-hints.js';

/**
 * Lines that say why a bot refused a delivery: the refusal code and its hint, and for a 401 where the
 * secret comes from (the commonest cause: `momotalk-bot dev` made a new secret at its last start and
 * the bot still runs with the old one). Never includes a secret value.
 *
 * @param status - The bot's HTTP status.
 * @param code - The `{"error":"<code>"}` of the answer, `null` when the body had none.
 * @param secretAdvice - What to do about the secret in this command's situation.
 * @returns The lines to print (none for a 2xx).
 *
 * @example
 * ```ts
 * for (const line of refusalExplanation(401, 'invalid_signature', 'Sign with the bot’s secret.')) io.err(line);
 * ```
 */
export function refusalExplanation(status: number, code: string | null, secretAdvice: string): string[] {
  if (status >= 200 && status < 300) return [];
  const lines: string[] = [];
  const hint = code === null ? undefined : refusalHint(code);
  if (code !== null) lines.push(`Refused: ${code}${hint === undefined ? '' : `: ${hint}`}`);
  // A 401 the SDK does not explain (no code, another framework's) is most often a secret mismatch too.
  const secretRelated = hint === undefined || code === 'invalid_signature' || code === 'missing_signature';
  if (status === 401 && secretRelated) lines.push(secretAdvice);
  return lines;
}
