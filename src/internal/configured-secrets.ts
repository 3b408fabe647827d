/**
 * @internal How {@link configuredSecrets} names and checks one kind of configured secret.
 *
 * @example
 * ```ts
 * const spec: SecretSpec = { option: 'adminKey', hint: 'Pass your admin key.', trim: true };
 * ```
 */
export interface SecretSpec {
  /** The option or parameter name used in messages, e.g. `"secret"`, `"signature"`, `"adminKey"`. */
  readonly option: string;
  /** Guidance added to every message: where the value comes from. */
  readonly hint: string;
  /**
   * Trim each value, so a blank one is refused. Right for values compared with a header (HTTP strips a
   * header value's surrounding whitespace, so configured whitespace could never match); wrong for HMAC
   * keys, where every byte counts.
   */
  readonly trim: boolean;
}

/**
 * @internal Configured secrets (a webhook secret, a signature text, admin keys) as a non-empty list of
 * non-empty strings. Throws a `TypeError` (a programmer error, never caused by a request) otherwise:
 * checking against nothing would accept every request. Placeholders (whitespace only, `"undefined"`,
 * `"null"`, any case) are refused the same way. Messages never contain a configured value.
 *
 * @example
 * ```ts
 * const keys = configuredSecrets(options.adminKey, 'createTalkShareReceiver', ADMIN_KEY_SPEC);
 * ```
 */
export function configuredSecrets(value: unknown, caller: string, spec: SecretSpec): readonly string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as unknown[]) : undefined;
  if (list === undefined) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: ${spec.option} is required, as a string or an array of strings ` +
        `(got ${value === null ? 'null' : typeof value}). ${spec.hint} ` +
        'Without it every request would have to be accepted, so it is refused.',
    );
  }
  if (list.length === 0) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: ${spec.option} is an empty list; pass at least one value. ${spec.hint}`,
    );
  }
  for (let index = 0; index < list.length; index++) {
    const item = list[index];
    const which = list.length === 1 ? `the ${spec.option}` : `${spec.option}[${index}]`;
    if (typeof item !== 'string' || (spec.trim ? item.trim() : item) === '') {
      throw new TypeError(
        `[momotalk-bot-sdk] ${caller}: ${which} is empty or not a string. ${spec.hint} ` +
          'An empty value would accept requests anyone can forge, so it is refused.',
      );
    }
    if (isPlaceholder(item)) {
      throw new TypeError(
        `[momotalk-bot-sdk] ${caller}: ${which} is a placeholder ("undefined", "null" or blank): an unset ` +
          `variable as text? ${spec.hint}`,
      );
    }
  }
  const values = list as readonly string[];
  return spec.trim ? values.map((item) => item.trim()) : values;
}

/**
 * @internal Values that are what a missing setting becomes once turned into text (`${undefined}`, a
 * `.env` line `SECRET=null`), or only whitespace. No real secret looks like that, and anyone could guess one.
 */
export function isPlaceholder(value: string): boolean {
  // A real secret (longer than "undefined", printable ASCII at both ends) is decided without the regex:
  // verifyWebhook checks its secret on every call.
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (value.length > 9 && first > 32 && first < 127 && last > 32 && last < 127) return false;
  return /^\s*(?:undefined|null)?\s*$/i.test(value);
}

/**
 * @internal True when `matches` is true for any candidate. Every candidate is tried, never stopping at
 * the first match, so the time taken does not reveal which configured secret matched.
 *
 * @example
 * ```ts
 * const ok = matchesAny(secrets, (key) => timingSafeEqual(hmac(key, body), received));
 * ```
 */
export function matchesAny<T>(candidates: readonly T[], matches: (candidate: T) => boolean): boolean {
  let matched = false;
  for (const candidate of candidates) matched = matches(candidate) || matched;
  return matched;
}
