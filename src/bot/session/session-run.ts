import * as z from 'zod/mini';
import { MoMoTalkError } from '../../errors/momotalk-error.js';
import type { KeyLock } from './key-lock.js';
import type { SessionStorage } from './session-storage.js';

/** @internal What one run needs from the middleware's options, resolved once. */
export interface SessionRunConfig<S> {
  readonly storage: SessionStorage;
  readonly lock: KeyLock;
  readonly initial: () => S;
  readonly schema: z.core.$ZodType<S> | undefined;
  readonly migrate: ((stored: unknown) => S | undefined) | undefined;
  readonly ttl: number | undefined;
  /** The update's key (the `key` option applied to its context). */
  readonly key: (ctx: never) => string | undefined;
}

/**
 * @internal One attempt of one update at one session: the lazy read (after taking the key's in-process
 * queue), the value handlers see, and the compare-and-set write at the end. Untouched, it costs nothing.
 */
export class SessionRun<S> {
  readonly #config: SessionRunConfig<S>;
  readonly #ctx: object;
  #resolvedKey: string | undefined;
  #loading: Promise<void> | undefined;
  #release: (() => void) | undefined;
  #closed = false;
  /** The handlers' value; `undefined` after `ctx.session = undefined` (a delete). */
  #value: S | undefined;
  #assigned = false;
  /** What the storage held (or `initial()` serialised, when nothing): unchanged JSON is not written. */
  #snapshot: string | undefined;
  #version: string | undefined;

  constructor(config: SessionRunConfig<S>, ctx: object) {
    this.#config = config;
    this.#ctx = ctx;
  }

  /** The key, once known (for errors). */
  get key(): string {
    return this.#resolvedKey ?? '(none)';
  }

  /** `ctx.session`'s getter. */
  get(): Promise<S> {
    return this.#load().then(() => {
      if (this.#value === undefined) this.#value = this.#config.initial();
      return this.#value;
    });
  }

  /** `ctx.session`'s setter. */
  set(value: S | undefined): void {
    this.#open();
    this.#keyOrThrow();
    this.#value = value;
    this.#assigned = true;
  }

  /** Whether the handlers read or assigned the session (else there is nothing to write). */
  get touched(): boolean {
    return this.#loading !== undefined || this.#assigned;
  }

  /** Writes a changed session. `false`: another update wrote it since the read (nothing was written). */
  async commit(): Promise<boolean> {
    if (this.#loading === undefined && !this.#assigned) return true;
    await this.#load();
    const key = this.#resolvedKey as string;
    const { storage, ttl } = this.#config;
    if (this.#value === undefined) {
      return this.#version === undefined ? true : storage.delete(key, this.#version);
    }
    const data = serialise(this.#value, key);
    if (data === this.#snapshot) return true;
    return (await storage.write(key, data, { expectedVersion: this.#version, ttlMs: ttl })) !== undefined;
  }

  /** Ends the run: the key's queue moves on, and `ctx.session` refuses further use. */
  close(): void {
    this.#closed = true;
    this.#release?.();
  }

  #load(): Promise<void> {
    if (this.#loading === undefined) {
      try {
        this.#open();
        const key = this.#keyOrThrow();
        this.#loading = this.#read(key);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.#loading;
  }

  async #read(key: string): Promise<void> {
    const lock = this.#config.lock;
    this.#release = lock.tryAcquire(key) ?? (await lock.acquire(key));
    if (this.#closed) {
      this.#release(); // the update ended while queued: nothing will use this read
      return;
    }
    const stored = await this.#config.storage.read(key);
    let value: S;
    if (stored === undefined) {
      value = this.#config.initial();
      this.#snapshot = this.#assigned ? undefined : JSON.stringify(value);
    } else {
      value = this.#validate(stored.data);
      this.#snapshot = stored.data;
      this.#version = stored.version;
    }
    if (!this.#assigned) this.#value = value;
  }

  #validate(data: string): S {
    const { schema, migrate, initial } = this.#config;
    let parsed: unknown;
    let json = true;
    try {
      parsed = JSON.parse(data);
    } catch {
      json = false;
    }
    if (json && schema === undefined) return parsed as S;
    if (json && schema !== undefined) {
      const result = z.safeParse(schema, parsed);
      if (result.success) return result.data;
    }
    const migrated = migrate?.(json ? parsed : undefined);
    if (migrated === undefined) return initial();
    if (schema === undefined) return migrated;
    const again = z.safeParse(schema, migrated);
    return again.success ? again.data : initial();
  }

  #keyOrThrow(): string {
    if (this.#resolvedKey !== undefined) return this.#resolvedKey;
    const key = this.#config.key(this.#ctx as never);
    if (key === undefined) {
      throw new MoMoTalkError(
        'session: this update has no session key (an event without a room or sender for the key option); ' +
          'check the key before touching ctx.session, or pass a key function.',
      );
    }
    if (typeof key !== 'string' || key === '') {
      throw new TypeError(
        '[momotalk-bot-sdk] session: the key function must return a non-empty string or undefined.',
      );
    }
    this.#resolvedKey = key;
    return key;
  }

  #open(): void {
    if (this.#closed) {
      throw new TypeError(
        '[momotalk-bot-sdk] session: ctx.session was used after its update finished (a callback or timer ' +
          'outlived the handler); such a change could not be saved. Await your work inside the handler.',
      );
    }
  }
}

function serialise(value: unknown, key: string): string {
  let data: string | undefined;
  try {
    data = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(
      `[momotalk-bot-sdk] session: the session "${key}" cannot be stored as JSON (a BigInt or a cycle?); ` +
        'nothing was written.',
      { cause: error },
    );
  }
  if (data === undefined) {
    throw new TypeError(
      `[momotalk-bot-sdk] session: the session "${key}" is not JSON (a function or symbol?); nothing was written.`,
    );
  }
  return data;
}
