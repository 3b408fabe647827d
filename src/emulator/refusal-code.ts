/**
 * @internal The code of a webhook refusal in the SDK's `{"error":"<code>"}` answer shape
 * (`invalid_signature`, `bot_id_mismatch`, …); `null` for any other body, so a bot built on something
 * else is never misread.
 */
export function refusalCode(responseText: string): string | null {
  try {
    const value: unknown = JSON.parse(responseText);
    const code =
      typeof value === 'object' && value !== null ? (value as { error?: unknown }).error : undefined;
    return typeof code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(code) ? code : null;
  } catch {
    return null;
  }
}
