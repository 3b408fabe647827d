/**
 * @internal An environment variable from `process.env`, when the runtime has one: `undefined` when it is
 * unset, empty, or cannot be read (Deno without `--allow-env` throws `NotCapable` on access; Cloudflare
 * Workers have no `process.env` unless `nodejs_compat` provides one). The value is returned as set, not
 * trimmed: callers that want trimming do it.
 *
 * @example
 * ```ts fragment
 * const secret = readEnv('MOMOTALK_WEBHOOK_SECRET');
 * ```
 */
export function readEnv(name: string): string | undefined {
  let value: unknown;
  try {
    value = (globalThis as { process?: { env?: Record<string, unknown> } }).process?.env?.[name];
  } catch {
    // Deno without --allow-env: treat it as unset.
    return undefined;
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}
